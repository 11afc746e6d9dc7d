#ifndef BELONGD_API_H
#define BELONGD_API_H

#include "http.h"

/* The JSON and operational routes, for belongd's route table. */
extern const struct http_route api_healthz_route;	/* GET /healthz */
extern const struct http_route api_readyz_route;	/* GET /readyz */
extern const struct http_route api_metrics_route;	/* GET /metrics */
/* GET /api/v1/events/{slug}: the event, a response id and its form token */
extern const struct http_route api_event_route;
/* POST /api/v1/events/{slug}/responses */
extern const struct http_route api_responses_route;

#endif
