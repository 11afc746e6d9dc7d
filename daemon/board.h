#ifndef BELONGD_BOARD_H
#define BELONGD_BOARD_H

#include "http.h"

/*
 * The advisory board's HTML routes.  A member signs in from a personal
 * link (GET /board/login?t=TOKEN), which starts a session held in a
 * cookie (HttpOnly, SameSite=Strict, Path=/board); posts carry the
 * session's form token as well.
 */
extern const struct http_route board_login_route;	/* GET /board/login */
extern const struct http_route board_home_route;	/* GET /board */
extern const struct http_route board_items_route;	/* POST /board/items */
extern const struct http_route board_logout_route;	/* POST /board/logout */

#endif
