#include "config.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "dbpool.h"
#include "log.h"
#include "pgconn.h"
#include "xalloc.h"

/* How often the sweep enforces deadlines and starts reconnections: a
 * fraction of DBPOOL_PROBE_MS, so that probes are not late by much. */
#define DBPOOL_SWEEP_MS 50
#define DBCONN_BACKOFF_MIN_MS 100
#define DBCONN_BACKOFF_MAX_MS 5000
/* An idle connection is asked a trivial question this often, so that a
 * server that stopped answering is noticed before work is given to it. */
#define DBCONN_PING_MS 1000
/* How long a dbpool_want keeps the probing fast. */
#define DBPOOL_DEMAND_MS 1000
#define DBPOOL_MAX_QUEUED 1000
/* statement_timeout cancelled the statement: the server answers, slowly. */
#define SQLSTATE_QUERY_CANCELED "57014"

enum dbconn_state {
	DBCONN_DOWN,		/* waiting for the sweep to retry */
	DBCONN_CONNECTING,	/* PQconnectPoll in progress */
	DBCONN_SETUP,		/* open, running the setup statements */
	DBCONN_IDLE,		/* open; reading only to notice a close or a notification */
	DBCONN_BUSY,		/* a statement in flight */
};

/* The setup statements a new connection runs, in order. */
enum dbconn_step {
	STEP_TIMEOUT,		/* statement_timeout */
	STEP_SETUP,		/* the owner's statement (PREPARE) */
	STEP_LISTEN,		/* LISTEN on the notification channel */
	STEP_DONE,
};

struct dbconn {
	struct dbpool *pool;
	int index;
	enum dbconn_state state;
	enum dbconn_step step;
	PGconn *pg;
	struct event *io;	/* on PQsocket(); reassigned as needs change */
	int64_t since;		/* connect started, statement sent, or idle since */
	int64_t down_at;
	int64_t retry_at;	/* when down: next attempt, by the backoff */
	long backoff_ms;
	bool logged_down;	/* log a failure once, not every retry */
	bool canceled;		/* the statement hit statement_timeout */
	dbconn_done_cb done;
	void *done_arg;
	PGresult *result;	/* last good result of the statement */
	char *error;		/* first error of the statement */
};

/* A statement waiting in dbpool_query's queue, or its failure waiting to
 * be reported on the next loop pass. */
struct dbquery {
	struct dbquery *next;
	char *sql;
	int nparams;
	char **params;
	dbconn_done_cb done;
	void *arg;
	int64_t queued_at;
	const char *why;	/* failed: the error to report */
};

struct dbpool {
	struct event_base *base;
	char *setup;		/* run on every new connection, e.g. PREPARE */
	char *channel;		/* LISTEN on every new connection */
	dbpool_notify_cb notify;
	void *notify_arg;
	struct dbquery *queue_head, **queue_tail;
	int queued;
	struct dbquery *failed_head, **failed_tail;
	struct event *later;	/* next loop pass: report failures, dispatch */
	struct event *sweep;
	/* Connection parameters for PQconnectStartParams, NULL-terminated. */
	char **keys, **values;
	int expand_dbname;
	long query_ms, connect_ms;
	int64_t wanted_at;
	int size;
	struct dbconn *conns;
	dbpool_idle_cb idle;
	void *idle_arg;
	struct dbpool_stats stats;
};

static void dbconn_io_cb(evutil_socket_t fd, short what, void *arg);
static void dbpool_dispatch(struct dbpool *pool);
static void dbpool_fail_queue(struct dbpool *pool, const char *why);
static void dbconn_setup_next(struct dbconn *c);
static void dbconn_connect(struct dbconn *c);
static int dbconn_start(struct dbconn *c, bool prepared, const char *stmt,
    int nparams, const char *const *params, dbconn_done_cb done, void *arg);

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Watch the connection's socket for what. */
static void
dbconn_watch(struct dbconn *c, short what)
{
	event_del(c->io);
	event_assign(c->io, c->pool->base, PQsocket(c->pg), what | EV_PERSIST,
	    dbconn_io_cb, c);
	event_add(c->io, NULL);
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
	c->canceled = false;
}

/* libpq's notices and asynchronous errors ("terminating connection due to
 * administrator command") go to the log, on one line, not to stderr. */
static void
dbconn_notice(void *arg, const char *message)
{
	struct dbconn *c = arg;
	char *msg = pgconn_error(message);

	log_info("database connection %d: %s", c->index, msg);
	free(msg);
}

/* Open (or setting up): will be able to answer without a new connection. */
static bool
dbpool_open(const struct dbpool *pool)
{
	for (int i = 0; i < pool->size; i++)
		if (pool->conns[i].state >= DBCONN_SETUP)
			return true;
	return false;
}

static void
dbpool_later(struct dbpool *pool)
{
	event_active(pool->later, EV_TIMEOUT, 0);
}

/*
 * The connection is unusable: close it (PQfinish only queues a Terminate
 * message on the non-blocking socket and closes it, so a stalled server
 * cannot hold it up), fail its statement as broken, retry later.
 */
static void
dbconn_lost(struct dbconn *c, const char *why)
{
	struct dbpool *pool = c->pool;
	dbconn_done_cb done = c->done;
	void *done_arg = c->done_arg;
	bool was_up = c->state == DBCONN_IDLE || c->state == DBCONN_BUSY;
	char *msg = pgconn_error(why);
	int64_t now = now_ms();

	event_del(c->io);
	if (c->pg != NULL) {
		PQfinish(c->pg);
		c->pg = NULL;
	}
	if (was_up)
		pool->stats.lost++;
	c->state = DBCONN_DOWN;
	if (was_up || !c->logged_down)
		log_warn("database connection %d: %s; retrying in %ld ms",
		    c->index, msg, c->backoff_ms);
	c->logged_down = true;
	c->down_at = now;
	c->retry_at = now + c->backoff_ms;
	c->backoff_ms *= 2;
	if (c->backoff_ms > DBCONN_BACKOFF_MAX_MS)
		c->backoff_ms = DBCONN_BACKOFF_MAX_MS;
	dbconn_clear_statement(c);
	if (done != NULL)
		done(done_arg, NULL, msg, true);
	free(msg);
	if (!dbpool_open(pool))
		dbpool_fail_queue(pool, "database unavailable");
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

/* Report q as broken on the next loop pass. */
static void
dbpool_fail_later(struct dbpool *pool, struct dbquery *q, const char *why)
{
	q->why = why;
	q->next = NULL;
	*pool->failed_tail = q;
	pool->failed_tail = &q->next;
	dbpool_later(pool);
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
		    (const char *const *)q->params, q->done, q->arg) == 0) {
			dbquery_free(q);
			continue;
		}
		/* That connection is lost: back to the head for another. */
		q->next = pool->queue_head;
		pool->queue_head = q;
		if (pool->queue_tail == &pool->queue_head)
			pool->queue_tail = &q->next;
		pool->queued++;
		if (!dbpool_open(pool))
			dbpool_fail_queue(pool, "database connection lost");
	}
	if (pool->idle != NULL && dbpool_idle(pool) != NULL)
		pool->idle(pool->idle_arg);
}

/* No connection is open: fail what waits rather than let it wait for
 * a reconnection that may take seconds. */
static void
dbpool_fail_queue(struct dbpool *pool, const char *why)
{
	struct dbquery *q;

	while ((q = pool->queue_head) != NULL) {
		pool->queue_head = q->next;
		pool->queued--;
		dbpool_fail_later(pool, q, why);
	}
	pool->queue_tail = &pool->queue_head;
}

/* The next loop pass: failures first, then work for idle connections. */
static void
dbpool_later_cb(evutil_socket_t fd, short what, void *arg)
{
	struct dbpool *pool = arg;
	struct dbquery *q;

	while ((q = pool->failed_head) != NULL) {
		pool->failed_head = q->next;
		if (pool->failed_head == NULL)
			pool->failed_tail = &pool->failed_head;
		q->done(q->arg, NULL, q->why, true);
		dbquery_free(q);
	}
	dbpool_dispatch(pool);
}

static void
dbconn_became_idle(struct dbconn *c)
{
	c->state = DBCONN_IDLE;
	c->since = now_ms();
	dbconn_watch(c, EV_READ);
	dbpool_dispatch(c->pool);
}

static void
dbconn_opened(struct dbconn *c)
{
	struct dbpool *pool = c->pool;

	log_info("database connection %d is up", c->index);
	c->backoff_ms = DBCONN_BACKOFF_MIN_MS;
	c->logged_down = false;
	pool->stats.opened++;
	/* What was notified while nobody listened is unknown. */
	if (pool->channel != NULL && pool->notify != NULL)
		pool->notify(pool->notify_arg, NULL);
	dbconn_became_idle(c);
}

static void
dbconn_connect_poll(struct dbconn *c)
{
	switch (PQconnectPoll(c->pg)) {
	case PGRES_POLLING_READING:
		dbconn_watch(c, EV_READ);
		break;
	case PGRES_POLLING_WRITING:
		dbconn_watch(c, EV_WRITE);
		break;
	case PGRES_POLLING_OK:
		if (PQsetnonblocking(c->pg, 1) != 0) {
			dbconn_lost(c, PQerrorMessage(c->pg));
			break;
		}
		c->state = DBCONN_SETUP;
		c->step = STEP_TIMEOUT;
		dbconn_setup_next(c);
		break;
	default:
		dbconn_lost(c, PQerrorMessage(c->pg));
		break;
	}
}

static void
dbconn_setup_done(void *arg, PGresult *res, const char *err, bool broken)
{
	struct dbconn *c = arg;

	(void)broken;
	if (c->state != DBCONN_SETUP)
		return;		/* lost, and being retried already */
	/* A connection without its deadline, prepared statements or
	 * notifications is no use. */
	if (res == NULL) {
		dbconn_lost(c, err);
		return;
	}
	dbconn_setup_next(c);
}

/* Send the next setup statement, or let the connection take work. */
static void
dbconn_setup_next(struct dbconn *c)
{
	struct dbpool *pool = c->pool;
	char ms[32], *sql, *id;
	const char *params[1] = { ms };

	for (;;) {
		switch (c->step++) {
		case STEP_TIMEOUT:
			if (pool->query_ms <= 0)
				continue;
			snprintf(ms, sizeof ms, "%ld", pool->query_ms);
			/* On failure the connection is already being retried. */
			(void)dbconn_start(c, false,
			    "select set_config('statement_timeout', $1, false)",
			    1, params, dbconn_setup_done, c);
			return;
		case STEP_SETUP:
			if (pool->setup == NULL)
				continue;
			(void)dbconn_start(c, false, pool->setup, 0, NULL,
			    dbconn_setup_done, c);
			return;
		case STEP_LISTEN:
			if (pool->channel == NULL)
				continue;
			id = PQescapeIdentifier(c->pg, pool->channel,
			    strlen(pool->channel));
			if (id == NULL) {
				dbconn_lost(c, PQerrorMessage(c->pg));
				return;
			}
			sql = xasprintf("listen %s", id);
			PQfreemem(id);
			(void)dbconn_start(c, false, sql, 0, NULL,
			    dbconn_setup_done, c);
			free(sql);
			return;
		case STEP_DONE:
			dbconn_opened(c);
			return;
		}
	}
}

static void
dbconn_connect(struct dbconn *c)
{
	struct dbpool *pool = c->pool;

	c->state = DBCONN_CONNECTING;
	c->since = now_ms();
	pool->stats.connects++;
	c->pg = PQconnectStartParams((const char *const *)pool->keys,
	    (const char *const *)pool->values, pool->expand_dbname);
	if (c->pg == NULL) {
		dbconn_lost(c, "out of memory");
		return;
	}
	if (PQstatus(c->pg) == CONNECTION_BAD) {
		dbconn_lost(c, PQerrorMessage(c->pg));
		return;
	}
	PQsetNoticeProcessor(c->pg, dbconn_notice, c);
	/* As libpq's manual says: first wait until the socket is writable. */
	dbconn_watch(c, EV_WRITE);
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

/* Hand the channel's notifications to the owner. */
static void
dbconn_notifies(struct dbconn *c)
{
	struct dbpool *pool = c->pool;
	PGnotify *n;

	while (c->pg != NULL && (n = PQnotifies(c->pg)) != NULL) {
		if (pool->channel != NULL && pool->notify != NULL &&
		    strcmp(n->relname, pool->channel) == 0) {
			pool->stats.notifies++;
			pool->notify(pool->notify_arg, n->extra);
		}
		PQfreemem(n);
	}
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
	bool canceled;
	const char *state;

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
				if (c->error == NULL) {
					c->error = dbconn_result_error(res);
					state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
					c->canceled = state != NULL &&
					    strcmp(state, SQLSTATE_QUERY_CANCELED) == 0;
				}
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
		canceled = c->canceled;
		if (error == NULL && last == NULL)
			error = strdup("statement returned no result");
		c->result = NULL;
		c->error = NULL;
		c->done = NULL;
		c->done_arg = NULL;
		c->canceled = false;
		if (c->state == DBCONN_BUSY) {
			c->state = DBCONN_IDLE;
			c->since = now_ms();
		}
		dbconn_watch(c, EV_READ);
		/* Past statement_timeout, the statement did not complete for
		 * want of time, as if its connection had stalled. */
		if (done != NULL)
			done(done_arg, error == NULL ? last : NULL,
			    error != NULL || last != NULL ? error : "out of memory",
			    error != NULL && canceled);
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
		dbconn_connect_poll(c);
		return;
	case DBCONN_IDLE:
		/* Nothing is expected: a read means a notification, a notice
		 * or a close. */
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
		dbconn_notifies(c);
		return;
	case DBCONN_SETUP:
	case DBCONN_BUSY:
		if (what & EV_WRITE) {
			r = PQflush(c->pg);
			if (r < 0) {
				dbconn_lost(c, PQerrorMessage(c->pg));
				return;
			}
			if (r == 0)
				dbconn_watch(c, EV_READ);
		}
		if (what & EV_READ) {
			if (!PQconsumeInput(c->pg)) {
				dbconn_lost(c, PQerrorMessage(c->pg));
				return;
			}
			dbconn_notifies(c);
			dbconn_read_results(c);
		}
		return;
	case DBCONN_DOWN:
		return;
	}
}

/* Send a statement by text, or by name when prepared is true, on an open
 * connection.  On failure the connection is lost and -1 returned; done is
 * not called. */
static int
dbconn_start(struct dbconn *c, bool prepared, const char *stmt,
    int nparams, const char *const *params, dbconn_done_cb done, void *arg)
{
	int r, sent;

	sent = prepared ?
	    PQsendQueryPrepared(c->pg, stmt, nparams, params, NULL, NULL, 0) :
	    PQsendQueryParams(c->pg, stmt, nparams, NULL, params, NULL, NULL, 0);
	if (!sent) {
		dbconn_lost(c, PQerrorMessage(c->pg));
		return -1;
	}
	/* A setup statement runs under the connect deadline. */
	if (c->state != DBCONN_SETUP) {
		c->state = DBCONN_BUSY;
		c->since = now_ms();
	}
	c->done = done;
	c->done_arg = arg;
	r = PQflush(c->pg);
	if (r < 0) {
		c->done = NULL;
		dbconn_lost(c, PQerrorMessage(c->pg));
		return -1;
	}
	dbconn_watch(c, r == 1 ? EV_READ | EV_WRITE : EV_READ);
	return 0;
}

int
dbconn_send(struct dbconn *c, const char *sql, int nparams,
    const char *const *params, dbconn_done_cb done, void *arg)
{
	if (c->state != DBCONN_IDLE)
		return -1;
	return dbconn_start(c, false, sql, nparams, params, done, arg);
}

int
dbconn_send_prepared(struct dbconn *c, const char *name, int nparams,
    const char *const *params, dbconn_done_cb done, void *arg)
{
	if (c->state != DBCONN_IDLE)
		return -1;
	return dbconn_start(c, true, name, nparams, params, done, arg);
}

static bool
dbpool_demand(const struct dbpool *pool, int64_t now)
{
	return pool->queued > 0 ||
	    (pool->wanted_at != 0 && now - pool->wanted_at < DBPOOL_DEMAND_MS);
}

/* When a down connection tries again: after its backoff, or soon while
 * work waits for it. */
static int64_t
dbconn_next_try(const struct dbconn *c, bool demand)
{
	int64_t probe = c->down_at + DBPOOL_PROBE_MS;

	return demand && probe < c->retry_at ? probe : c->retry_at;
}

/* The one place deadlines are enforced and reconnections started. */
static void
dbpool_sweep_cb(evutil_socket_t fd, short what, void *arg)
{
	struct dbpool *pool = arg;
	int64_t now = now_ms();
	bool demand = dbpool_demand(pool, now);
	struct dbquery **pp, *q;
	char why[80];

	for (int i = 0; i < pool->size; i++) {
		struct dbconn *c = &pool->conns[i];

		switch (c->state) {
		case DBCONN_DOWN:
			if (now >= dbconn_next_try(c, demand))
				dbconn_connect(c);
			break;
		case DBCONN_CONNECTING:
		case DBCONN_SETUP:
			if (pool->connect_ms > 0 && now - c->since >= pool->connect_ms) {
				pool->stats.timeouts++;
				snprintf(why, sizeof why,
				    "not open within %ld ms", pool->connect_ms);
				dbconn_lost(c, why);
			}
			break;
		case DBCONN_BUSY:
			if (pool->query_ms > 0 && now - c->since >= pool->query_ms) {
				pool->stats.timeouts++;
				snprintf(why, sizeof why,
				    "no answer within %ld ms", pool->query_ms);
				dbconn_lost(c, why);
			}
			break;
		case DBCONN_IDLE:
			if (now - c->since >= DBCONN_PING_MS)
				(void)dbconn_start(c, false, "select 1", 0, NULL,
				    NULL, NULL);
			break;
		}
	}
	/* Statements that waited too long for a connection. */
	pp = &pool->queue_head;
	while ((q = *pp) != NULL) {
		if (pool->query_ms <= 0 || now - q->queued_at < pool->query_ms) {
			pp = &q->next;
			continue;
		}
		*pp = q->next;
		pool->queued--;
		pool->stats.timeouts++;
		dbpool_fail_later(pool, q, "no database connection within the deadline");
	}
	pool->queue_tail = pp;
}

void
dbpool_set_setup(struct dbpool *pool, const char *sql)
{
	free(pool->setup);
	pool->setup = xstrdup(sql);
}

void
dbpool_set_notify(struct dbpool *pool, const char *channel,
    dbpool_notify_cb cb, void *arg)
{
	free(pool->channel);
	pool->channel = xstrdup(channel);
	pool->notify = cb;
	pool->notify_arg = arg;
}

void
dbpool_set_deadlines(struct dbpool *pool, long query_ms, long connect_ms)
{
	pool->query_ms = query_ms;
	pool->connect_ms = connect_ms;
}

void
dbpool_want(struct dbpool *pool)
{
	pool->wanted_at = now_ms();
}

/* Split s at commas; returns the parts (caller frees each and the array). */
static char **
split_commas(const char *s, int *n)
{
	char **parts = NULL;
	const char *start = s, *comma;

	*n = 0;
	for (;;) {
		comma = strchr(start, ',');
		parts = xrealloc(parts, (size_t)(*n + 1) * sizeof *parts);
		if (comma == NULL) {
			parts[(*n)++] = xstrdup(start);
			return parts;
		}
		parts[*n] = xmalloc((size_t)(comma - start) + 1);
		memcpy(parts[*n], start, (size_t)(comma - start));
		parts[*n][comma - start] = '\0';
		(*n)++;
		start = comma + 1;
	}
}

static void
free_parts(char **parts, int n)
{
	for (int i = 0; i < n; i++)
		free(parts[i]);
	free(parts);
}

static void
list_add(char **list, const char *item)
{
	char *s = xasprintf("%s%s%s", *list != NULL ? *list : "",
	    *list != NULL ? "," : "", item);

	free(*list);
	*list = s;
}

/* A host that needs resolving: not a socket directory, not an address. */
static bool
host_is_name(const char *h)
{
	unsigned char buf[sizeof(struct in6_addr)];

	if (*h == '\0' || *h == '/' || *h == '@')
		return false;
	return inet_pton(AF_INET, h, buf) != 1 && inet_pton(AF_INET6, h, buf) != 1;
}

/*
 * Resolve the names in a host list (blocking: before the loop runs) into
 * parallel host, hostaddr and port lists, one entry per address, so that
 * libpq never resolves a name itself.  Returns 0, or -1 if nothing needs
 * or could be changed.
 */
static int
dbpool_resolve(const char *host, const char *port, char **rhost,
    char **raddr, char **rport)
{
	struct addrinfo hints, *res, *ai;
	char **hosts, **ports = NULL, addr[INET6_ADDRSTRLEN];
	int nhosts, nports = 0, e, entries = 0;
	bool named = false;

	*rhost = *raddr = *rport = NULL;
	hosts = split_commas(host, &nhosts);
	if (port != NULL && *port != '\0')
		ports = split_commas(port, &nports);
	if (nports > 1 && nports != nhosts)
		goto fail;	/* libpq will say what is wrong */
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	for (int i = 0; i < nhosts; i++) {
		const char *h = hosts[i];
		const char *p = nports > 1 ? ports[i] : "";

		if (!host_is_name(h)) {
			list_add(rhost, h);
			list_add(raddr, *h == '/' || *h == '@' ? "" : h);
			list_add(rport, p);
			entries++;
			continue;
		}
		named = true;
		e = getaddrinfo(h, NULL, &hints, &res);
		if (e != 0) {
			log_warn("database host %s: %s; leaving it out", h,
			    gai_strerror(e));
			continue;
		}
		for (ai = res; ai != NULL; ai = ai->ai_next) {
			bool seen = false;

			if (getnameinfo(ai->ai_addr, ai->ai_addrlen, addr,
			    sizeof addr, NULL, 0, NI_NUMERICHOST) != 0)
				continue;
			for (struct addrinfo *b = res; b != ai && !seen; b = b->ai_next)
				seen = b->ai_addrlen == ai->ai_addrlen &&
				    memcmp(b->ai_addr, ai->ai_addr, ai->ai_addrlen) == 0;
			if (seen)
				continue;
			log_info("database host %s is %s", h, addr);
			list_add(rhost, h);
			list_add(raddr, addr);
			list_add(rport, p);
			entries++;
		}
		freeaddrinfo(res);
	}
	if (!named)
		goto fail;
	if (entries == 0) {
		log_warn("no database host could be resolved; "
		    "libpq will try on every connection attempt");
		goto fail;
	}
	if (nports <= 1) {
		free(*rport);
		*rport = NULL;
	}
	free_parts(hosts, nhosts);
	free_parts(ports, nports);
	return 0;
fail:
	free(*rhost);
	free(*raddr);
	free(*rport);
	*rhost = *raddr = *rport = NULL;
	free_parts(hosts, nhosts);
	free_parts(ports, nports);
	return -1;
}

static void
dbpool_param(struct dbpool *pool, int *n, const char *key, const char *value)
{
	pool->keys[*n] = xstrdup(key);
	pool->values[*n] = xstrdup(value);
	(*n)++;
}

/*
 * The connection parameters: the DSN's own, with host names replaced by
 * their addresses (hostaddr) and belongd's application name unless the
 * DSN names one.
 */
static void
dbpool_params(struct dbpool *pool, const char *dsn)
{
	PQconninfoOption *opts, *o;
	char *errmsg = NULL, *rhost = NULL, *raddr = NULL, *rport = NULL;
	const char *host = NULL, *hostaddr = NULL, *port = NULL;
	bool resolved;
	int n = 0, k = 0;

	opts = PQconninfoParse(dsn, &errmsg);
	if (opts == NULL) {
		/* libpq reports the error on every attempt. */
		PQfreemem(errmsg);
		pool->keys = xcalloc(3, sizeof *pool->keys);
		pool->values = xcalloc(3, sizeof *pool->values);
		dbpool_param(pool, &k, "dbname", dsn);
		dbpool_param(pool, &k, "fallback_application_name", "belongd");
		pool->expand_dbname = 1;
		return;
	}
	for (o = opts; o->keyword != NULL; o++) {
		if (o->val == NULL || *o->val == '\0')
			continue;
		n++;
		if (strcmp(o->keyword, "host") == 0)
			host = o->val;
		else if (strcmp(o->keyword, "hostaddr") == 0)
			hostaddr = o->val;
		else if (strcmp(o->keyword, "port") == 0)
			port = o->val;
	}
	/* libpq would read these from the environment. */
	if (host == NULL)
		host = getenv("PGHOST");
	if (hostaddr == NULL)
		hostaddr = getenv("PGHOSTADDR");
	if (port == NULL)
		port = getenv("PGPORT");
	resolved = (hostaddr == NULL || *hostaddr == '\0') && host != NULL &&
	    dbpool_resolve(host, port, &rhost, &raddr, &rport) == 0;
	pool->keys = xcalloc((size_t)n + 5, sizeof *pool->keys);
	pool->values = xcalloc((size_t)n + 5, sizeof *pool->values);
	for (o = opts; o->keyword != NULL; o++) {
		if (o->val == NULL || *o->val == '\0')
			continue;
		if (resolved && (strcmp(o->keyword, "host") == 0 ||
		    strcmp(o->keyword, "hostaddr") == 0 ||
		    (rport != NULL && strcmp(o->keyword, "port") == 0)))
			continue;
		dbpool_param(pool, &k, o->keyword, o->val);
	}
	if (resolved) {
		dbpool_param(pool, &k, "host", rhost);
		dbpool_param(pool, &k, "hostaddr", raddr);
		if (rport != NULL)
			dbpool_param(pool, &k, "port", rport);
	}
	dbpool_param(pool, &k, "fallback_application_name", "belongd");
	pool->expand_dbname = 0;
	free(rhost);
	free(raddr);
	free(rport);
	PQconninfoFree(opts);
}

struct dbpool *
dbpool_new(struct event_base *base, const char *dsn, int size,
    dbpool_idle_cb idle, void *arg)
{
	struct dbpool *pool = xcalloc(1, sizeof *pool);
	struct timeval sweep = { 0, DBPOOL_SWEEP_MS * 1000 };

	pool->base = base;
	pool->size = size;
	pool->idle = idle;
	pool->idle_arg = arg;
	pool->query_ms = DBPOOL_QUERY_TIMEOUT_MS;
	pool->connect_ms = DBPOOL_CONNECT_TIMEOUT_MS;
	pool->queue_tail = &pool->queue_head;
	pool->failed_tail = &pool->failed_head;
	dbpool_params(pool, dsn);
	pool->later = event_new(base, -1, 0, dbpool_later_cb, pool);
	pool->sweep = event_new(base, -1, EV_PERSIST, dbpool_sweep_cb, pool);
	if (pool->later == NULL || pool->sweep == NULL ||
	    event_add(pool->sweep, &sweep) != 0)
		fatal("cannot create database events");
	pool->conns = xcalloc((size_t)size, sizeof *pool->conns);
	for (int i = 0; i < size; i++) {
		struct dbconn *c = &pool->conns[i];

		c->pool = pool;
		c->index = i;
		c->backoff_ms = DBCONN_BACKOFF_MIN_MS;
		c->io = event_new(base, -1, 0, dbconn_io_cb, c);
		if (c->io == NULL)
			fatal("cannot create database events");
	}
	for (int i = 0; i < size; i++)
		dbconn_connect(&pool->conns[i]);
	return pool;
}

void
dbpool_free(struct dbpool *pool)
{
	struct dbquery *q;

	if (pool == NULL)
		return;
	for (int i = 0; i < pool->size; i++) {
		struct dbconn *c = &pool->conns[i];

		event_free(c->io);
		if (c->pg != NULL)
			PQfinish(c->pg);
		dbconn_clear_statement(c);
	}
	while ((q = pool->queue_head) != NULL) {
		pool->queue_head = q->next;
		dbquery_free(q);
	}
	while ((q = pool->failed_head) != NULL) {
		pool->failed_head = q->next;
		dbquery_free(q);
	}
	for (int i = 0; pool->keys[i] != NULL; i++) {
		free(pool->keys[i]);
		free(pool->values[i]);
	}
	free(pool->keys);
	free(pool->values);
	event_free(pool->later);
	event_free(pool->sweep);
	free(pool->conns);
	free(pool->setup);
	free(pool->channel);
	free(pool);
}

int
dbpool_query(struct dbpool *pool, const char *sql, int nparams,
    const char *const *params, dbconn_done_cb done, void *arg)
{
	struct dbquery *q;

	dbpool_want(pool);
	if (!dbpool_open(pool) || pool->queued >= DBPOOL_MAX_QUEUED)
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
	q->queued_at = now_ms();
	*pool->queue_tail = q;
	pool->queue_tail = &q->next;
	pool->queued++;
	/* Sent on the next loop pass, so that done never runs before this
	 * returns, even when the send fails at once. */
	dbpool_later(pool);
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
	/* The caller has work for a connection. */
	if (!dbpool_open(pool))
		dbpool_want(pool);
	return NULL;
}

void
dbpool_stats(const struct dbpool *pool, struct dbpool_stats *st)
{
	*st = pool->stats;
}

long
dbpool_retry_in_ms(const struct dbpool *pool)
{
	int64_t now = now_ms(), best = -1;
	bool demand = dbpool_demand(pool, now);

	for (int i = 0; i < pool->size; i++) {
		const struct dbconn *c = &pool->conns[i];
		int64_t at;

		if (c->state != DBCONN_DOWN)
			continue;
		at = dbconn_next_try(c, demand) - now;
		if (at < 0)
			at = 0;
		if (best < 0 || at < best)
			best = at;
	}
	return (long)best;
}
