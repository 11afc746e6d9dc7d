#ifndef BELONGD_BOARD_API_H
#define BELONGD_BOARD_API_H

#include "http.h"

/*
 * The advisory board for apps: /api/v1/board/items with
 * "Authorization: Bearer TOKEN" (the member's sign-in token), under the
 * same rules as the pages.  GET lists the member's items (?id=N: one);
 * POST {"topic", "body", "share_name"} adds one (201).
 */
extern const struct http_route board_api_items_route;

#endif
