#ifndef BELONGD_API_H
#define BELONGD_API_H

#include "http.h"

/* The JSON and operational routes. */
void api_healthz(struct http_req *r);	/* GET /healthz */
void api_readyz(struct http_req *r);	/* GET /readyz */
void api_metrics(struct http_req *r);	/* GET /metrics */
void api_event(struct http_req *r);	/* GET /api/v1/events/{slug} */
void api_submit(struct http_req *r);	/* POST /api/v1/events/{slug}/responses */

#endif
