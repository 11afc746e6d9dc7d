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
	200, 201, 202, 303, 400, 401, 403, 404, 405, 408, 409, 410, 413, 415, 422, 429,
	500, 503,
};
#define NSTATUS (sizeof statuses / sizeof statuses[0])

static const char *const submission_names[OUTCOME_RESULT_COUNT] = {
	[OUTCOME_STORED] = "stored",
	[OUTCOME_DUPLICATE] = "duplicate",
	[OUTCOME_QUEUED] = "queued",
	[OUTCOME_HONEYPOT] = "honeypot",
	[OUTCOME_INVALID] = "invalid",
	[OUTCOME_REFUSED] = "refused",
	[OUTCOME_UNAVAILABLE] = "unavailable",
	[OUTCOME_FAILED] = "failed",
};

static const double batch_buckets[] = { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512 };
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
static uint64_t spool_replayed;

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
metrics_spool_replayed(int rows)
{
	spool_replayed += (uint64_t)rows;
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

/* One histogram: cumulative buckets (counts has n + 1 entries, the last
 * above every bound), +Inf, sum and count.  Returns 0, or 1 on failure. */
static int
metrics_histogram(struct evbuffer *out, const char *name, const char *help,
    const double *bounds, size_t n, const uint64_t *counts, uint64_t total,
    double sum)
{
	uint64_t cum = 0;
	int rc = 0;

	rc |= evbuffer_add_printf(out, "# HELP %s %s\n# TYPE %s histogram\n",
	    name, help, name) < 0;
	for (size_t i = 0; i < n; i++) {
		cum += counts[i];
		rc |= evbuffer_add_printf(out, "%s_bucket{le=\"%g\"} %llu\n", name,
		    bounds[i], (unsigned long long)cum) < 0;
	}
	rc |= evbuffer_add_printf(out, "%s_bucket{le=\"+Inf\"} %llu\n"
	    "%s_sum %.15g\n%s_count %llu\n", name, (unsigned long long)total,
	    name, sum, name, (unsigned long long)total) < 0;
	return rc;
}

int
metrics_render(struct evbuffer *out, const struct metrics_gauges *g)
{
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
	rc |= metrics_histogram(out, "belongd_batch_size",
	    "Submissions written per transaction.", batch_buckets, NBATCH,
	    batch_count, batch_total, (double)batch_rows);
	rc |= metrics_histogram(out, "belongd_write_seconds",
	    "Time from sending a batch to its commit.", latency_buckets, NLATENCY,
	    latency_count, batch_total, latency_sum);
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
	rc |= evbuffer_add_printf(out,
	    "# HELP belongd_spool_bytes Bytes in the spool's segment files.\n"
	    "# TYPE belongd_spool_bytes gauge\n"
	    "belongd_spool_bytes %llu\n"
	    "# HELP belongd_spool_records Submissions in the spool, not yet replayed.\n"
	    "# TYPE belongd_spool_records gauge\n"
	    "belongd_spool_records %llu\n"
	    "# HELP belongd_spool_oldest_seconds Age of the oldest submission in the spool.\n"
	    "# TYPE belongd_spool_oldest_seconds gauge\n"
	    "belongd_spool_oldest_seconds %.3f\n"
	    "# HELP belongd_spool_replayed_total Spooled submissions committed by the replay.\n"
	    "# TYPE belongd_spool_replayed_total counter\n"
	    "belongd_spool_replayed_total %llu\n",
	    g->spool_bytes, g->spool_records, g->spool_oldest_seconds,
	    (unsigned long long)spool_replayed) < 0;
	return rc ? -1 : 0;
}
