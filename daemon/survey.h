#ifndef BELONGD_SURVEY_H
#define BELONGD_SURVEY_H

#include "http.h"

/* The survey's HTML routes. */
void survey_form(struct http_req *r);		/* GET /e/{slug} */
void survey_submit(struct http_req *r);		/* POST /e/{slug} */
void survey_thanks(struct http_req *r);		/* GET /e/{slug}/thanks */
void survey_draw(struct http_req *r);		/* POST /e/{slug}/draw */
void survey_not_found(struct http_req *r);	/* a 404 page */

#endif
