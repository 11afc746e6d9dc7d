#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dbpool.h"
#include "log.h"
#include "pgconn.h"
#include "xalloc.h"

#define DBCONN_CONNECT_TIMEOUT_S 10
#define DBCONN_BACKOFF_MIN_MS 100
#define DBCONN_BACKOFF_MAX_MS 5000

enum dbconn_state {
	DBCONN_DOWN,		/* waiting for the retry timer */
	DBCONN_CONNECTING,	/* PQconnectPoll in progress */
	DBCONN_IDLE,		/* open; reading only to notice a close */
	DBCONN_BUSY,		/* a statement in flight */
};

struct dbconn {
	struct dbpool *pool;
	int index;
	enum dbconn_state state;
	PGconn *pg;
	struct event *io;	/* on PQsocket(); reassigned as needs change */
	struct event *retry;	/* reconnect timer */
	long backoff_ms;
	bool logged_down;	/* log a failure once, not every retry */
	dbconn_done_cb done;
	void *done_arg;
	PGresult *result;	/* last good result of the statement */
	char *error;		/* first error of the statement */
};

/* A statement waiting in dbpool_query's queue. */
struct dbquery {
	struct dbquery *next;
	char *sql;
	int nparams;
	char **params;
	dbconn_done_cb done;
	void *arg;
};

#define DBPOOL_MAX_QUEUED 1000

struct dbpool {
	struct event_base *base;
	char *setup;		/* run on every new connection, e.g. PREPARE */
	struct dbquery *queue_head, **queue_tail;
	int queued;
	char *dsn;
	int size;
	struct dbconn *conns;
	dbpool_idle_cb idle;
	void *idle_arg;
};

static void dbconn_io_cb(evutil_socket_t fd, short what, void *arg);
static void dbpool_dispatch(struct dbpool *pool);
static void dbpool_fail_queue(struct dbpool *pool);
static void dbconn_up(struct dbconn *c);
static void dbconn_setup_done(void *arg, PGresult *res, const char *err,
    bool broken);
static void dbconn_connect(struct dbconn *c);

/* Watch the connection's socket for what, with an optional timeout. */
static void
dbconn_watch(struct dbconn *c, short what, int timeout_s)
{
	struct timeval tv = { timeout_s, 0 };

	event_del(c->io);
	event_assign(c->io, c->pool->base, PQsocket(c->pg), what | EV_PERSIST,
	    dbconn_io_cb, c);
	event_add(c->io, timeout_s > 0 ? &tv : NULL);
}

static void
dbconn_clear_statement(struct dbconn *c)
{
	PQclear(c->result);
	c->result = NULL;
	free(c->error);
	c->error = NULL;
	c->done = NULL;
	c->done_arg = NULL;
}

/* The connection is unusable: close it, fail its statement, retry later. */
static void
dbconn_lost(struct dbconn *c, const char *why)
{
	struct timeval tv;
	dbconn_done_cb done = c->done;
	void *done_arg = c->done_arg;
	bool was_up = c->state == DBCONN_IDLE || c->state == DBCONN_BUSY;
	char *msg = pgconn_error(why);

	event_del(c->io);
	if (c->pg != NULL) {
		PQfinish(c->pg);
		c->pg = NULL;
	}
	c->state = DBCONN_DOWN;
	if (was_up || !c->logged_down)
		log_warn("database connection %d: %s; retrying in %ld ms",
		    c->index, msg, c->backoff_ms);
	c->logged_down = true;
	tv.tv_sec = c->backoff_ms / 1000;
	tv.tv_usec = (c->backoff_ms % 1000) * 1000;
	evtimer_add(c->retry, &tv);
	c->backoff_ms *= 2;
	if (c->backoff_ms > DBCONN_BACKOFF_MAX_MS)
		c->backoff_ms = DBCONN_BACKOFF_MAX_MS;
	dbconn_clear_statement(c);
	if (done != NULL)
		done(done_arg, NULL, msg, true);
	free(msg);
	if (dbpool_up(c->pool) == 0)
		dbpool_fail_queue(c->pool);
}

static void
dbquery_free(struct dbquery *q)
{
	for (int i = 0; i < q->nparams; i++)
		free(q->params[i]);
	free(q->params);
	free(q->sql);
	free(q);
}

/* Give idle connections work: queued statements first, then the owner's. */
static void
dbpool_dispatch(struct dbpool *pool)
{
	struct dbconn *c;
	struct dbquery *q;

	while (pool->queue_head != NULL && (c = dbpool_idle(pool)) != NULL) {
		q = pool->queue_head;
		pool->queue_head = q->next;
		if (pool->queue_head == NULL)
			pool->queue_tail = &pool->queue_head;
		pool->queued--;
		if (dbconn_send(c, q->sql, q->nparams,
		    (const char *const *)q->params, q->done, q->arg) != 0)
			q->done(q->arg, NULL, "database connection lost", true);
		dbquery_free(q);
	}
	if (pool->idle != NULL && dbpool_idle(pool) != NULL)
		pool->idle(pool->idle_arg);
}

/* No connection is open: fail what waits rather than let it wait for
 * a reconnection that may take seconds. */
static void
dbpool_fail_queue(struct dbpool *pool)
{
	struct dbquery *q;

	while ((q = pool->queue_head) != NULL) {
		pool->queue_head = q->next;
		pool->queued--;
		q->done(q->arg, NULL, "database unavailable", true);
		dbquery_free(q);
	}
	pool->queue_tail = &pool->queue_head;
}

static void
dbconn_became_idle(struct dbconn *c)
{
	c->state = DBCONN_IDLE;
	dbconn_watch(c, EV_READ, 0);
	dbpool_dispatch(c->pool);
}

static void
dbconn_connect_poll(struct dbconn *c)
{
	switch (PQconnectPoll(c->pg)) {
	case PGRES_POLLING_READING:
		dbconn_watch(c, EV_READ, DBCONN_CONNECT_TIMEOUT_S);
		break;
	case PGRES_POLLING_WRITING:
		dbconn_watch(c, EV_WRITE, DBCONN_CONNECT_TIMEOUT_S);
		break;
	case PGRES_POLLING_OK:
		if (PQsetnonblocking(c->pg, 1) != 0) {
			dbconn_lost(c, PQerrorMessage(c->pg));
			break;
		}
		c->state = DBCONN_IDLE;
		if (c->pool->setup != NULL) {
			/* Idle only once set up: dbconn_setup_done says so. */
			/* On failure the connection is already being retried. */
			if (dbconn_send(c, c->pool->setup, 0, NULL,
			    dbconn_setup_done, c) != 0)
				log_debug("database connection %d: setup not sent", c->index);
			break;
		}
		dbconn_up(c);
		dbconn_became_idle(c);
		break;
	default:
		dbconn_lost(c, PQerrorMessage(c->pg));
		break;
	}
}

static void
dbconn_up(struct dbconn *c)
{
	log_info("database connection %d is up", c->index);
	c->backoff_ms = DBCONN_BACKOFF_MIN_MS;
	c->logged_down = false;
}

static void
dbconn_setup_done(void *arg, PGresult *res, const char *err, bool broken)
{
	struct dbconn *c = arg;

	if (res != NULL) {
		dbconn_up(c);
		return;		/* dbconn_read_results makes it idle */
	}
	/* A connection without its prepared statements is no use. */
	if (!broken)
		dbconn_lost(c, err);
}

static void
dbconn_connect(struct dbconn *c)
{
	static const char *const keys[] = { "dbname", "fallback_application_name", NULL };
	const char *values[] = { c->pool->dsn, "belongd", NULL };

	c->state = DBCONN_CONNECTING;
	c->pg = PQconnectStartParams(keys, values, 1);
	if (c->pg == NULL) {
		dbconn_lost(c, "out of memory");
		return;
	}
	if (PQstatus(c->pg) == CONNECTION_BAD) {
		dbconn_lost(c, PQerrorMessage(c->pg));
		return;
	}
	/* As libpq's manual says: first wait until the socket is writable. */
	dbconn_watch(c, EV_WRITE, DBCONN_CONNECT_TIMEOUT_S);
}

static void
dbconn_retry_cb(evutil_socket_t fd, short what, void *arg)
{
	dbconn_connect(arg);
}

static char *
dbconn_result_error(const PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	const char *primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	char *s;

	if (asprintf(&s, "%s (SQLSTATE %s)", primary != NULL ? primary :
	    PQresStatus(PQresultStatus(res)), state != NULL ? state : "?") < 0)
		return NULL;
	return s;
}

/* Collect the statement's results; finish once PQgetResult says NULL,
 * which libpq returns only after the server is ready for the next query,
 * that is, after an autocommit statement has committed. */
static void
dbconn_read_results(struct dbconn *c)
{
	PGresult *res, *last;
	dbconn_done_cb done;
	void *done_arg;
	char *error;

	while (!PQisBusy(c->pg)) {
		res = PQgetResult(c->pg);
		if (res != NULL) {
			switch (PQresultStatus(res)) {
			case PGRES_TUPLES_OK:
			case PGRES_COMMAND_OK:
				PQclear(c->result);
				c->result = res;
				break;
			default:
				/* The primary message and SQLSTATE only: the
				 * DETAIL of a failed insert quotes the row, and
				 * answers never go into the log. */
				if (c->error == NULL)
					c->error = dbconn_result_error(res);
				PQclear(res);
				break;
			}
			continue;
		}
		/* Take the statement off the connection before calling back,
		 * so that the callback may send the next one on it. */
		done = c->done;
		done_arg = c->done_arg;
		last = c->result;
		error = c->error;
		if (error == NULL && last == NULL)
			error = strdup("statement returned no result");
		c->result = NULL;
		c->error = NULL;
		c->done = NULL;
		c->done_arg = NULL;
		c->state = DBCONN_IDLE;
		dbconn_watch(c, EV_READ, 0);
		if (done != NULL)
			done(done_arg, error == NULL ? last : NULL,
			    error != NULL || last != NULL ? error : "out of memory",
			    false);
		PQclear(last);
		free(error);
		if (c->state == DBCONN_IDLE)
			dbpool_dispatch(c->pool);
		return;
	}
}

static void
dbconn_io_cb(evutil_socket_t fd, short what, void *arg)
{
	struct dbconn *c = arg;
	int r;

	switch (c->state) {
	case DBCONN_CONNECTING:
		if (what & EV_TIMEOUT)
			dbconn_lost(c, "timed out connecting");
		else
			dbconn_connect_poll(c);
		return;
	case DBCONN_IDLE:
		/* Nothing is expected: a read means a notice or a close. */
		if (!PQconsumeInput(c->pg) || PQstatus(c->pg) != CONNECTION_OK) {
			dbconn_lost(c, PQerrorMessage(c->pg));
			return;
		}
		while (!PQisBusy(c->pg)) {
			PGresult *res = PQgetResult(c->pg);

			if (res == NULL)
				break;
			PQclear(res);
		}
		for (PGnotify *n; (n = PQnotifies(c->pg)) != NULL;)
			PQfreemem(n);
		return;
	case DBCONN_BUSY:
		if (what & EV_WRITE) {
			r = PQflush(c->pg);
			if (r < 0) {
				dbconn_lost(c, PQerrorMessage(c->pg));
				return;
			}
			if (r == 0)
				dbconn_watch(c, EV_READ, 0);
		}
		if (what & EV_READ) {
			if (!PQconsumeInput(c->pg)) {
				dbconn_lost(c, PQerrorMessage(c->pg));
				return;
			}
			dbconn_read_results(c);
		}
		return;
	case DBCONN_DOWN:
		return;
	}
}

/* Send a statement by text, or by name when prepared is true. */
static int
dbconn_send_statement(struct dbconn *c, bool prepared, const char *stmt,
    int nparams, const char *const *params, dbconn_done_cb done, void *arg)
{
	int r, sent;

	if (c->state != DBCONN_IDLE)
		return -1;
	sent = prepared ?
	    PQsendQueryPrepared(c->pg, stmt, nparams, params, NULL, NULL, 0) :
	    PQsendQueryParams(c->pg, stmt, nparams, NULL, params, NULL, NULL, 0);
	if (!sent) {
		dbconn_lost(c, PQerrorMessage(c->pg));
		return -1;
	}
	c->state = DBCONN_BUSY;
	c->done = done;
	c->done_arg = arg;
	r = PQflush(c->pg);
	if (r < 0) {
		c->done = NULL;
		dbconn_lost(c, PQerrorMessage(c->pg));
		return -1;
	}
	dbconn_watch(c, r == 1 ? EV_READ | EV_WRITE : EV_READ, 0);
	return 0;
}

int
dbconn_send(struct dbconn *c, const char *sql, int nparams,
    const char *const *params, dbconn_done_cb done, void *arg)
{
	return dbconn_send_statement(c, false, sql, nparams, params, done, arg);
}

int
dbconn_send_prepared(struct dbconn *c, const char *name, int nparams,
    const char *const *params, dbconn_done_cb done, void *arg)
{
	return dbconn_send_statement(c, true, name, nparams, params, done, arg);
}

void
dbpool_set_setup(struct dbpool *pool, const char *sql)
{
	free(pool->setup);
	pool->setup = xstrdup(sql);
}

struct dbpool *
dbpool_new(struct event_base *base, const char *dsn, int size,
    dbpool_idle_cb idle, void *arg)
{
	struct dbpool *pool = xcalloc(1, sizeof *pool);

	pool->base = base;
	pool->dsn = xstrdup(dsn);
	pool->size = size;
	pool->idle = idle;
	pool->idle_arg = arg;
	pool->queue_tail = &pool->queue_head;
	pool->conns = xcalloc((size_t)size, sizeof *pool->conns);
	for (int i = 0; i < size; i++) {
		struct dbconn *c = &pool->conns[i];

		c->pool = pool;
		c->index = i;
		c->backoff_ms = DBCONN_BACKOFF_MIN_MS;
		c->io = event_new(base, -1, 0, dbconn_io_cb, c);
		c->retry = evtimer_new(base, dbconn_retry_cb, c);
		if (c->io == NULL || c->retry == NULL)
			fatal("cannot create database events");
		dbconn_connect(c);
	}
	return pool;
}

void
dbpool_free(struct dbpool *pool)
{
	if (pool == NULL)
		return;
	for (int i = 0; i < pool->size; i++) {
		struct dbconn *c = &pool->conns[i];

		event_free(c->io);
		event_free(c->retry);
		if (c->pg != NULL)
			PQfinish(c->pg);
		dbconn_clear_statement(c);
	}
	while (pool->queue_head != NULL) {
		struct dbquery *q = pool->queue_head;

		pool->queue_head = q->next;
		dbquery_free(q);
	}
	free(pool->conns);
	free(pool->dsn);
	free(pool->setup);
	free(pool);
}

int
dbpool_query(struct dbpool *pool, const char *sql, int nparams,
    const char *const *params, dbconn_done_cb done, void *arg)
{
	struct dbquery *q;

	if (dbpool_up(pool) == 0 || pool->queued >= DBPOOL_MAX_QUEUED)
		return -1;
	q = calloc(1, sizeof *q);
	if (q == NULL)
		return -1;
	q->sql = strdup(sql);
	q->params = calloc((size_t)(nparams > 0 ? nparams : 1), sizeof *q->params);
	if (q->sql == NULL || q->params == NULL)
		goto fail;
	q->nparams = nparams;
	for (int i = 0; i < nparams; i++) {
		if (params[i] != NULL && (q->params[i] = strdup(params[i])) == NULL)
			goto fail;
	}
	q->done = done;
	q->arg = arg;
	*pool->queue_tail = q;
	pool->queue_tail = &q->next;
	pool->queued++;
	dbpool_dispatch(pool);
	return 0;
fail:
	dbquery_free(q);
	return -1;
}

void
dbpool_set_idle(struct dbpool *pool, dbpool_idle_cb idle, void *arg)
{
	pool->idle = idle;
	pool->idle_arg = arg;
}

int
dbpool_up(const struct dbpool *pool)
{
	int n = 0;

	for (int i = 0; i < pool->size; i++)
		n += pool->conns[i].state == DBCONN_IDLE ||
		    pool->conns[i].state == DBCONN_BUSY;
	return n;
}

int
dbpool_busy(const struct dbpool *pool)
{
	int n = 0;

	for (int i = 0; i < pool->size; i++)
		n += pool->conns[i].state == DBCONN_BUSY;
	return n;
}

struct dbconn *
dbpool_idle(struct dbpool *pool)
{
	for (int i = 0; i < pool->size; i++)
		if (pool->conns[i].state == DBCONN_IDLE)
			return &pool->conns[i];
	return NULL;
}
