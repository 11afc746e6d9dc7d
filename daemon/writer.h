#ifndef BELONGD_WRITER_H
#define BELONGD_WRITER_H

#include <event2/event.h>

#include "dbpool.h"
#include "instrument.h"
#include "submission.h"

/*
 * The database writer: group commit over the pool.  Submissions that
 * arrive while a write is in flight join the next batch; a batch is one
 * INSERT ... ON CONFLICT DO NOTHING statement, so one transaction; each
 * submission's callback runs only after that transaction committed (or
 * definitely failed).  Under low load a batch is one row.
 */
struct writer;

enum writer_result {
	WRITER_STORED,		/* new: 201 */
	WRITER_DUPLICATE,	/* this id was stored before: 200 */
	WRITER_UNAVAILABLE,	/* database unreachable, even after a retry: 503 */
	WRITER_FAILED,		/* the database refused the row: 500 */
};

typedef void (*writer_done_cb)(void *arg, enum writer_result result);

struct writer *writer_new(struct event_base *base, struct dbpool *pool,
    int max_batch, int max_queue);
void writer_free(struct writer *w);

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

#endif
