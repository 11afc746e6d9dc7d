#ifndef BELONGD_SURVEY_H
#define BELONGD_SURVEY_H

#include "http.h"

/* The survey's HTML routes, for belongd's route table. */
extern const struct http_route survey_form_route;	/* GET, POST /e/{slug} */
extern const struct http_route survey_thanks_route;	/* GET /e/{slug}/thanks */
extern const struct http_route survey_draw_route;	/* POST /e/{slug}/draw */
/* Any other path under /e/ (after the others): a 404 page. */
extern const struct http_route survey_other_route;

#endif
