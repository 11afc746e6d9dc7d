#ifndef BELONGD_WRITER_H
#define BELONGD_WRITER_H

#include <event2/event.h>

#include "dbpool.h"
#include "instrument.h"
#include "metrics.h"
#include "spool.h"
#include "submission.h"

/*
 * The database writer: group commit over the pool.  Submissions that
 * arrive while a write is in flight join the next batch; a batch is one
 * INSERT ... ON CONFLICT DO NOTHING statement, so one transaction; each
 * submission's callback runs only after that transaction committed (or
 * definitely failed).  Under low load a batch is one row.
 *
 * With a spool, what cannot be committed promptly -- no connection, the
 * queue full, a batch past spool_after_ms, a batch whose connection broke
 * twice -- is appended to the spool instead and answered once it is
 * fsync'd; the writer replays the spool through the same statement
 * whenever a connection is idle.
 */
struct writer;

enum writer_result {
	WRITER_STORED,		/* new: 201 */
	WRITER_DUPLICATE,	/* this id was stored before: 200 */
	WRITER_QUEUED,		/* in the spool, on disk, stored later: 202 */
	WRITER_UNAVAILABLE,	/* database unreachable, even after a retry: 503 */
	WRITER_FAILED,		/* the database refused the row: 500 */
};

typedef void (*writer_done_cb)(void *arg, enum writer_result result);

struct writer *writer_new(struct event_base *base, struct dbpool *pool,
    int max_batch, int max_queue);
void writer_free(struct writer *w);
/* Spool what cannot be committed within after_ms (see above).  Set it
 * before the event loop runs. */
void writer_set_spool(struct writer *w, struct spool *sp, int after_ms);

/*
 * Queue a checked submission for event_id (instrument ins).  Returns 0 and
 * later calls done exactly once; or -1 at once (no database connection,
 * queue full, out of memory), and done is not called.
 */
int writer_submit(struct writer *w, int event_id, const struct instrument *ins,
    const struct submission *s, writer_done_cb done, void *arg)
	__attribute__((warn_unused_result));

/* Submissions queued or being written. */
long writer_depth(const struct writer *w);
/* Whether submissions can be taken: a connection is open or the spool has
 * room. */
bool writer_accepting(const struct writer *w);
/* The spool's figures for /metrics (0 without a spool). */
void writer_metrics(const struct writer *w, struct metrics_gauges *g);

/*
 * The rows of one batch by (event_id, id), in a hash table, so that
 * finding repeats in a batch and matching the rows the database returns
 * costs O(n), not O(n^2).
 */
struct writer_key {
	int row;		/* -1: empty slot */
	int event_id;
	char id[37];
};
struct writer_keys {
	struct writer_key *slots;
	unsigned mask;
	unsigned long probes;	/* key comparisons made, for the tests */
};

/* Room for n keys.  Returns 0 or -1 (out of memory). */
int writer_keys_init(struct writer_keys *k, int n)
	__attribute__((warn_unused_result));
void writer_keys_free(struct writer_keys *k);
/* The row of an equal key added before; else add this one and return -1. */
int writer_keys_add(struct writer_keys *k, int event_id, const char *id, int row);
/* The row of this key, or -1. */
int writer_keys_find(struct writer_keys *k, int event_id, const char *id);

#endif
