#ifndef BELONGD_BOARD_H
#define BELONGD_BOARD_H

#include "http.h"

/*
 * The advisory board's HTML routes.  A member signs in from a personal
 * link (GET /board/login?t=TOKEN), which starts a session held in a
 * cookie (HttpOnly, SameSite=Strict, Path=/board); posts carry the
 * session's form token as well.
 */
void board_login(struct http_req *r);		/* GET /board/login */
void board_home(struct http_req *r);		/* GET /board */
void board_items_post(struct http_req *r);	/* POST /board/items */
void board_logout(struct http_req *r);		/* POST /board/logout */

struct ratelimit;

/* Take a try for the client's address from rl: true if allowed; else
 * false, with Retry-After set on r for the answer to come. */
bool board_throttle(struct http_req *r, struct ratelimit *rl);

#endif
