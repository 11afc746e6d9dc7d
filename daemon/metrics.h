#ifndef BELONGD_METRICS_H
#define BELONGD_METRICS_H

#include <event2/buffer.h>

/* What belongd counts, shown at /metrics in Prometheus text format. */

enum metrics_route {
	ROUTE_HEALTHZ,
	ROUTE_READYZ,
	ROUTE_METRICS,
	ROUTE_FORM,		/* /e/{slug} */
	ROUTE_THANKS,		/* /e/{slug}/thanks */
	ROUTE_DRAW,		/* /e/{slug}/draw */
	ROUTE_API_EVENT,	/* /api/v1/events/{slug} */
	ROUTE_API_RESPONSES,	/* /api/v1/events/{slug}/responses */
	ROUTE_BOARD_LOGIN,	/* /board/login */
	ROUTE_BOARD,		/* /board */
	ROUTE_BOARD_ITEMS,	/* /board/items */
	ROUTE_BOARD_LOGOUT,	/* /board/logout */
	ROUTE_API_BOARD_ITEMS,	/* /api/v1/board/items */
	ROUTE_OTHER,
	ROUTE_COUNT
};

enum metrics_outcome {
	OUTCOME_STORED,
	OUTCOME_DUPLICATE,
	OUTCOME_QUEUED,		/* 202: in the spool */
	OUTCOME_HONEYPOT,
	OUTCOME_INVALID,
	OUTCOME_REFUSED,	/* rate limited, bad token, closed event */
	OUTCOME_UNAVAILABLE,	/* 503: database down or queue full */
	OUTCOME_FAILED,	/* 500 */
	OUTCOME_RESULT_COUNT
};

struct metrics_gauges {
	long queue_depth;	/* submissions waiting or being written */
	int connections_up;
	int connections;
	/* The spool (all 0 without one). */
	unsigned long long spool_bytes;
	unsigned long long spool_records;
	double spool_oldest_seconds;
};

void metrics_request(enum metrics_route route, int status);
void metrics_submission(enum metrics_outcome result);
void metrics_batch(int size, double seconds);
/* Spooled submissions committed by the replay. */
void metrics_spool_replayed(int rows);

/* Append the exposition to out.  Returns 0 or -1 (out of memory). */
int metrics_render(struct evbuffer *out, const struct metrics_gauges *g)
	__attribute__((warn_unused_result));

#endif
