#include "config.h"

#include <stdint.h>
#include <stdio.h>

#include "metrics.h"

/* One process, one loop: plain counters, no locks. */

static const char *const route_names[ROUTE_COUNT] = {
	[ROUTE_HEALTHZ] = "healthz",
	[ROUTE_READYZ] = "readyz",
	[ROUTE_METRICS] = "metrics",
	[ROUTE_FORM] = "form",
	[ROUTE_THANKS] = "thanks",
	[ROUTE_DRAW] = "draw",
	[ROUTE_API_EVENT] = "api_event",
	[ROUTE_API_RESPONSES] = "api_responses",
	[ROUTE_BOARD_LOGIN] = "board_login",
	[ROUTE_BOARD] = "board",
	[ROUTE_BOARD_ITEMS] = "board_items",
	[ROUTE_BOARD_LOGOUT] = "board_logout",
	[ROUTE_API_BOARD_ITEMS] = "api_board_items",
	[ROUTE_OTHER] = "other",
};

static const int statuses[] = {
	200, 201, 303, 400, 401, 403, 404, 405, 408, 409, 410, 413, 415, 422, 429,
	500, 503,
};
#define NSTATUS (sizeof statuses / sizeof statuses[0])

static const char *const submission_names[OUTCOME_RESULT_COUNT] = {
	[OUTCOME_STORED] = "stored",
	[OUTCOME_DUPLICATE] = "duplicate",
	[OUTCOME_HONEYPOT] = "honeypot",
	[OUTCOME_INVALID] = "invalid",
	[OUTCOME_REFUSED] = "refused",
	[OUTCOME_UNAVAILABLE] = "unavailable",
	[OUTCOME_FAILED] = "failed",
};

static const int batch_buckets[] = { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512 };
#define NBATCH (sizeof batch_buckets / sizeof batch_buckets[0])
static const double latency_buckets[] = {
	0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
};
#define NLATENCY (sizeof latency_buckets / sizeof latency_buckets[0])

static uint64_t requests[ROUTE_COUNT][NSTATUS + 1];	/* last: other statuses */
static uint64_t submissions[OUTCOME_RESULT_COUNT];
static uint64_t batch_count[NBATCH + 1];
static uint64_t batch_total, batch_rows;
static uint64_t latency_count[NLATENCY + 1];
static double latency_sum;

void
metrics_request(enum metrics_route route, int status)
{
	size_t i;

	for (i = 0; i < NSTATUS; i++)
		if (statuses[i] == status)
			break;
	requests[route][i]++;
}

void
metrics_submission(enum metrics_outcome result)
{
	submissions[result]++;
}

void
metrics_batch(int size, double seconds)
{
	size_t i;

	for (i = 0; i < NBATCH && size > batch_buckets[i]; i++)
		;
	batch_count[i]++;
	batch_total++;
	batch_rows += (uint64_t)size;
	for (i = 0; i < NLATENCY && seconds > latency_buckets[i]; i++)
		;
	latency_count[i]++;
	latency_sum += seconds;
}

int
metrics_render(struct evbuffer *out, const struct metrics_gauges *g)
{
	uint64_t cum;
	int rc = 0;

	rc |= evbuffer_add_printf(out,
	    "# HELP belongd_http_requests_total HTTP requests answered, by route and status.\n"
	    "# TYPE belongd_http_requests_total counter\n") < 0;
	for (int r = 0; r < ROUTE_COUNT; r++) {
		for (size_t i = 0; i <= NSTATUS; i++) {
			if (requests[r][i] == 0)
				continue;
			if (i < NSTATUS)
				rc |= evbuffer_add_printf(out,
				    "belongd_http_requests_total{route=\"%s\",status=\"%d\"} %llu\n",
				    route_names[r], statuses[i],
				    (unsigned long long)requests[r][i]) < 0;
			else
				rc |= evbuffer_add_printf(out,
				    "belongd_http_requests_total{route=\"%s\",status=\"other\"} %llu\n",
				    route_names[r], (unsigned long long)requests[r][i]) < 0;
		}
	}
	rc |= evbuffer_add_printf(out,
	    "# HELP belongd_submissions_total Survey submissions, by outcome.\n"
	    "# TYPE belongd_submissions_total counter\n") < 0;
	for (int s = 0; s < OUTCOME_RESULT_COUNT; s++)
		rc |= evbuffer_add_printf(out,
		    "belongd_submissions_total{result=\"%s\"} %llu\n",
		    submission_names[s], (unsigned long long)submissions[s]) < 0;
	rc |= evbuffer_add_printf(out,
	    "# HELP belongd_batch_size Submissions written per transaction.\n"
	    "# TYPE belongd_batch_size histogram\n") < 0;
	cum = 0;
	for (size_t i = 0; i < NBATCH; i++) {
		cum += batch_count[i];
		rc |= evbuffer_add_printf(out, "belongd_batch_size_bucket{le=\"%d\"} %llu\n",
		    batch_buckets[i], (unsigned long long)cum) < 0;
	}
	rc |= evbuffer_add_printf(out,
	    "belongd_batch_size_bucket{le=\"+Inf\"} %llu\n"
	    "belongd_batch_size_sum %llu\n"
	    "belongd_batch_size_count %llu\n",
	    (unsigned long long)batch_total, (unsigned long long)batch_rows,
	    (unsigned long long)batch_total) < 0;
	rc |= evbuffer_add_printf(out,
	    "# HELP belongd_write_seconds Time from sending a batch to its commit.\n"
	    "# TYPE belongd_write_seconds histogram\n") < 0;
	cum = 0;
	for (size_t i = 0; i < NLATENCY; i++) {
		cum += latency_count[i];
		rc |= evbuffer_add_printf(out, "belongd_write_seconds_bucket{le=\"%g\"} %llu\n",
		    latency_buckets[i], (unsigned long long)cum) < 0;
	}
	rc |= evbuffer_add_printf(out,
	    "belongd_write_seconds_bucket{le=\"+Inf\"} %llu\n"
	    "belongd_write_seconds_sum %.6f\n"
	    "belongd_write_seconds_count %llu\n",
	    (unsigned long long)batch_total, latency_sum,
	    (unsigned long long)batch_total) < 0;
	rc |= evbuffer_add_printf(out,
	    "# HELP belongd_queue_depth Submissions waiting for or in a write.\n"
	    "# TYPE belongd_queue_depth gauge\n"
	    "belongd_queue_depth %ld\n"
	    "# HELP belongd_db_connections_up Database connections open.\n"
	    "# TYPE belongd_db_connections_up gauge\n"
	    "belongd_db_connections_up %d\n"
	    "# HELP belongd_db_connections Database connections configured.\n"
	    "# TYPE belongd_db_connections gauge\n"
	    "belongd_db_connections %d\n",
	    g->queue_depth, g->connections_up, g->connections) < 0;
	return rc ? -1 : 0;
}
