#ifndef BELONGD_BOARD_API_H
#define BELONGD_BOARD_API_H

#include "http.h"

/*
 * The advisory board for apps: /api/v1/board/items with
 * "Authorization: Bearer TOKEN" (the member's sign-in token), under the
 * same rules as the pages.  GET lists the member's items (?id=N: one);
 * POST {"topic", "body", "share_name"} adds one (201).
 */
void board_api_list(struct http_req *r);
void board_api_add(struct http_req *r);

#endif
