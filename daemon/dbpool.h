#ifndef BELONGD_DBPOOL_H
#define BELONGD_DBPOOL_H

#include <event2/event.h>
#include <libpq-fe.h>
#include <stdbool.h>

/*
 * A small pool of PostgreSQL connections driven by the event loop: libpq's
 * non-blocking API only (PQconnectStart/PQconnectPoll, PQsendQueryParams,
 * PQconsumeInput/PQisBusy/PQgetResult), never a call that waits.  Broken
 * connections are reconnected with exponential backoff.
 */
struct dbpool;
struct dbconn;

/*
 * Called once a statement's last result has arrived (so an autocommit
 * statement has committed), or the connection broke.  res is the last
 * tuples/command result, or NULL with err set on failure; broken says the
 * connection was lost (the statement may be retried elsewhere) rather than
 * the statement failing.  res and err are valid only during the call.
 */
typedef void (*dbconn_done_cb)(void *arg, PGresult *res, const char *err,
    bool broken);

/* Called when a connection becomes idle, so queued work can be sent. */
typedef void (*dbpool_idle_cb)(void *arg);

struct dbpool *dbpool_new(struct event_base *base, const char *dsn, int size,
    dbpool_idle_cb idle, void *arg);
void dbpool_free(struct dbpool *pool);
/*
 * A statement every connection runs once when it opens, before it takes
 * work (PREPARE ...).  Set it before the event loop runs.
 */
void dbpool_set_setup(struct dbpool *pool, const char *sql);
/* Set the idle callback (the writer, created after the pool). */
void dbpool_set_idle(struct dbpool *pool, dbpool_idle_cb idle, void *arg);

/*
 * Queue a statement (parameters are copied) for the next idle connection;
 * queued statements go before the idle callback is told.  Returns 0, or
 * -1 when no connection is open or the queue is full (done not called).
 */
int dbpool_query(struct dbpool *pool, const char *sql, int nparams,
    const char *const *params, dbconn_done_cb done, void *arg)
	__attribute__((warn_unused_result));

/* Connections that are open (idle or busy). */
int dbpool_up(const struct dbpool *pool);
/* Connections with a statement in flight. */
int dbpool_busy(const struct dbpool *pool);
/* An idle connection, or NULL if none. */
struct dbconn *dbpool_idle(struct dbpool *pool);

/*
 * Send one statement with text parameters on an idle connection.  Returns
 * 0, or -1 if it could not be sent (done is then not called and the
 * connection is being reconnected).
 */
int dbconn_send(struct dbconn *c, const char *sql, int nparams,
    const char *const *params, dbconn_done_cb done, void *arg)
	__attribute__((warn_unused_result));

/* The same for a statement prepared by the setup statement. */
int dbconn_send_prepared(struct dbconn *c, const char *name, int nparams,
    const char *const *params, dbconn_done_cb done, void *arg)
	__attribute__((warn_unused_result));

#endif
