#ifndef BELONGD_DBPOOL_H
#define BELONGD_DBPOOL_H

#include <event2/event.h>
#include <libpq-fe.h>
#include <stdbool.h>

/*
 * A small pool of PostgreSQL connections driven by the event loop: libpq's
 * non-blocking API only (PQconnectStart/PQconnectPoll, PQsendQueryParams,
 * PQconsumeInput/PQisBusy/PQgetResult), never a call that waits.
 *
 * Every wait has a deadline, enforced by one periodic sweep: a connection
 * that takes longer than the connect timeout to open, or a statement not
 * answered within the query timeout (also set as statement_timeout on the
 * connection), closes the connection, reports the statement broken and
 * opens a replacement.  Idle connections are pinged now and then so that
 * a stalled server is noticed before work is given to it.  Broken
 * connections are reconnected with exponential backoff, or every
 * DBPOOL_PROBE_MS while work waits for them (dbpool_want).
 *
 * No callback ever runs from inside the call that submitted its statement:
 * immediate failures are reported on the next pass of the loop.
 */
struct dbpool;
struct dbconn;

/* Defaults of the deadlines (dbpool_set_deadlines). */
#define DBPOOL_QUERY_TIMEOUT_MS 3000
#define DBPOOL_CONNECT_TIMEOUT_MS 5000
/* Reconnection interval while work waits for a connection. */
#define DBPOOL_PROBE_MS 100

/*
 * Called once a statement's last result has arrived (so an autocommit
 * statement has committed), or the connection broke.  res is the last
 * tuples/command result, or NULL with err set on failure; broken says the
 * statement did not complete for want of a working connection (the
 * connection was lost, or the statement ran past its deadline) and may be
 * retried elsewhere, rather than the statement failing.  res and err are
 * valid only during the call.
 */
typedef void (*dbconn_done_cb)(void *arg, PGresult *res, const char *err,
    bool broken);

/* Called when a connection becomes idle, so queued work can be sent. */
typedef void (*dbpool_idle_cb)(void *arg);

/*
 * Called for a notification on the channel set by dbpool_set_notify, with
 * its payload; or with NULL when a connection has just started listening,
 * so notifications sent while none listened may have been missed.
 */
typedef void (*dbpool_notify_cb)(void *arg, const char *payload);

/*
 * Start size connections to dsn.  Host names in the DSN are resolved here,
 * once, and their addresses passed to libpq as hostaddr, because libpq
 * resolves names synchronously: call this before the loop runs.
 */
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
 * LISTEN on channel on every connection and report its notifications.
 * Set it before the event loop runs.
 */
void dbpool_set_notify(struct dbpool *pool, const char *channel,
    dbpool_notify_cb cb, void *arg);
/*
 * Deadlines in milliseconds: for a statement's answer (and the
 * connections' statement_timeout, applied to connections opened from now
 * on) and for opening a connection.
 */
void dbpool_set_deadlines(struct dbpool *pool, long query_ms, long connect_ms);

/*
 * Say that work waits for a connection (clients are queued or being
 * turned away): for the next second, down connections are retried every
 * DBPOOL_PROBE_MS rather than after their backoff.  dbpool_query and a
 * fruitless dbpool_idle say so themselves.
 */
void dbpool_want(struct dbpool *pool);

/*
 * Queue a statement (parameters are copied) for the next idle connection;
 * queued statements go before the idle callback is told.  Returns 0, and
 * done is called later (never before this returns); or -1 when no
 * connection is open or the queue is full (done not called).  A statement
 * that waits longer than the query timeout for a connection is reported
 * broken.
 */
int dbpool_query(struct dbpool *pool, const char *sql, int nparams,
    const char *const *params, dbconn_done_cb done, void *arg)
	__attribute__((warn_unused_result));

/* Connections that are open and answering (idle or busy within deadline). */
int dbpool_up(const struct dbpool *pool);
/* Connections with a statement in flight. */
int dbpool_busy(const struct dbpool *pool);
/* An idle connection, or NULL if none. */
struct dbconn *dbpool_idle(struct dbpool *pool);

/* Counters since the pool started, for metrics and tests. */
struct dbpool_stats {
	long connects;		/* connection attempts */
	long opened;		/* connections that opened and were set up */
	long lost;		/* open connections that broke or were dropped */
	long timeouts;		/* statements or connects past their deadline */
	long notifies;		/* notifications received on the channel */
};
void dbpool_stats(const struct dbpool *pool, struct dbpool_stats *st);

/*
 * Milliseconds until the next connection attempt, counting the current
 * demand (dbpool_want); -1 if no connection is down.
 */
long dbpool_retry_in_ms(const struct dbpool *pool);

/*
 * Send one statement with text parameters on an idle connection.  Returns
 * 0, or -1 if it could not be sent (done is then not called and the
 * connection is being reconnected).  On 0, done is called later, never
 * before this returns.
 */
int dbconn_send(struct dbconn *c, const char *sql, int nparams,
    const char *const *params, dbconn_done_cb done, void *arg)
	__attribute__((warn_unused_result));

/* The same for a statement prepared by the setup statement. */
int dbconn_send_prepared(struct dbconn *c, const char *name, int nparams,
    const char *const *params, dbconn_done_cb done, void *arg)
	__attribute__((warn_unused_result));

#endif
