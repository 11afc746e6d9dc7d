/*
 * The database pool, the catalog and the writer, each on its own, against
 * a real PostgreSQL (a private cluster from tests/pgtmp): callbacks never
 * run inside the call that submits, even when the send fails at once;
 * deadlines on a stalled server; readiness; fast reconnection while work
 * waits; host names resolved before the loop; notifications.
 *
 * libpq's PQsendQueryParams and libc's getaddrinfo are interposed by
 * defining them here (the program's own symbols come before the shared
 * libraries', for libpq's calls too), the real ones found with
 * dlsym(RTLD_NEXT): one send can be made to fail, and host name lookups
 * counted.
 */
#include "config.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <math.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <event2/event.h>

#include "catalog.h"
#include "dbpool.h"
#include "log.h"
#include "migrate.h"
#include "submission.h"
#include "writer.h"

/* Bound on any wait: a failure, never a measurement. */
#define WAIT_S 30
#define QUERY_MS 500
#define CONNECT_MS 1000
#define SLUG "unit-event"

static char tmpdir[64];
static char *dsn;
static PGconn *admin;
static struct event_base *base;
/* Processes stopped with SIGSTOP, continued whatever happens. */
static pid_t stopped[64];
static int nstopped;

/* --- interposed functions ------------------------------------------------ */

static bool fail_next_send;
static bool watch_lookups;
static int lookups_before, lookups_watched;

int
PQsendQueryParams(PGconn *conn, const char *command, int nParams,
    const Oid *paramTypes, const char *const *paramValues,
    const int *paramLengths, const int *paramFormats, int resultFormat)
{
	static int (*real)(PGconn *, const char *, int, const Oid *,
	    const char *const *, const int *, const int *, int);

	if (fail_next_send) {
		fail_next_send = false;
		return 0;
	}
	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "PQsendQueryParams");
	return real(conn, command, nParams, paramTypes, paramValues,
	    paramLengths, paramFormats, resultFormat);
}

static bool
is_address(const char *s)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

int
getaddrinfo(const char *node, const char *service,
    const struct addrinfo *hints, struct addrinfo **res)
{
	static int (*real)(const char *, const char *, const struct addrinfo *,
	    struct addrinfo **);

	if (node != NULL && !is_address(node) &&
	    (hints == NULL || !(hints->ai_flags & AI_NUMERICHOST))) {
		if (watch_lookups)
			lookups_watched++;
		else
			lookups_before++;
	}
	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "getaddrinfo");
	return real(node, service, hints, res);
}

/* --- helpers --------------------------------------------------------------- */

static void
continue_stopped(void)
{
	for (int i = 0; i < nstopped; i++)
		kill(stopped[i], SIGCONT);
	nstopped = 0;
}

static void
stop_pid(pid_t pid)
{
	assert_true(nstopped < (int)(sizeof stopped / sizeof stopped[0]));
	stopped[nstopped++] = pid;
	assert_int_equal(kill(pid, SIGSTOP), 0);
}

/* Run the loop until cond holds; false after WAIT_S seconds. */
static bool
run_until(bool (*cond)(void *), void *arg)
{
	struct timeval tick = { 0, 10000 };
	time_t end = time(NULL) + WAIT_S;

	while (!cond(arg)) {
		if (time(NULL) > end)
			return false;
		event_base_loopexit(base, &tick);
		event_base_dispatch(base);
	}
	return true;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
admin_exec(const char *sql)
{
	PGresult *res = PQexec(admin, sql);

	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(admin));
	PQclear(res);
}

/* The pids of the pool's backends (application_name belongd). */
static int
pool_backends(pid_t *pids, int max)
{
	PGresult *res = PQexec(admin, "select pid from pg_stat_activity"
	    " where application_name = 'belongd' order by pid");
	int n;

	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	n = PQntuples(res);
	for (int i = 0; i < n && i < max; i++)
		pids[i] = (pid_t)atol(PQgetvalue(res, i, 0));
	PQclear(res);
	return n < max ? n : max;
}

static void
pgtmp(const char *what)
{
	char cmd[512];

	snprintf(cmd, sizeof cmd, "'%s/tests/pgtmp' %s '%s' >/dev/null", SRCDIR,
	    what, tmpdir);
	assert_int_equal(system(cmd), 0);
}

struct pool_want {
	struct dbpool *pool;
	int up;
};

static bool
pool_has_up(void *arg)
{
	struct pool_want *pw = arg;

	return dbpool_up(pw->pool) >= pw->up;
}

static bool
pool_none_up(void *arg)
{
	return dbpool_up(arg) == 0;
}

static bool
backends_are(void *arg)
{
	pid_t pids[16];

	return pool_backends(pids, 16) == *(int *)arg;
}

/* The running test's pool, closed by test_done if the test fails. */
static struct dbpool *test_pool;

/* A pool of size connections, once the last test's have gone. */
static struct dbpool *
pool_new(int size)
{
	int none = 0;

	assert_true(run_until(backends_are, &none));
	test_pool = dbpool_new(base, dsn, size, NULL, NULL);
	dbpool_set_deadlines(test_pool, QUERY_MS, CONNECT_MS);
	return test_pool;
}

static void
pool_done(struct dbpool *pool)
{
	dbpool_free(pool);
	test_pool = NULL;
}

static int
test_done(void **state)
{
	continue_stopped();
	if (test_pool != NULL)
		pool_done(test_pool);
	return 0;
}

static void
pool_wait(struct dbpool *pool, int size)
{
	struct pool_want pw = { pool, size };

	assert_true(run_until(pool_has_up, &pw));
	assert_true(run_until(backends_are, &size));
}

static struct dbpool *
pool_open(int size)
{
	struct dbpool *pool = pool_new(size);

	pool_wait(pool, size);
	return pool;
}

/* --- a statement's outcome -------------------------------------------------- */

static bool in_call;	/* set around the call that submits */

struct got {
	int calls;
	bool during;	/* called from inside the submitting call */
	bool failed;
	bool broken;
	char value[64];
	double at;
};

static void
query_done(void *arg, PGresult *res, const char *err, bool broken)
{
	struct got *g = arg;

	g->calls++;
	g->during = g->during || in_call;
	g->failed = res == NULL;
	g->broken = broken;
	g->at = now_s();
	if (res != NULL && PQntuples(res) > 0)
		snprintf(g->value, sizeof g->value, "%s", PQgetvalue(res, 0, 0));
}

static bool
got_called(void *arg)
{
	return ((struct got *)arg)->calls > 0;
}

/* --- tests ------------------------------------------------------------------ */

/* A statement's callback runs after dbpool_query returns, also when the
 * send fails at once; the pool then reconnects. */
static void
test_pool_deferred(void **state)
{
	struct dbpool *pool = pool_open(1);
	struct pool_want pw = { pool, 1 };
	struct got ok = { 0 }, bad = { 0 };

	in_call = true;
	assert_int_equal(dbpool_query(pool, "select 41 + 1", 0, NULL, query_done,
	    &ok), 0);
	in_call = false;
	assert_int_equal(ok.calls, 0);
	assert_true(run_until(got_called, &ok));
	assert_false(ok.during);
	assert_string_equal(ok.value, "42");

	fail_next_send = true;
	in_call = true;
	assert_int_equal(dbpool_query(pool, "select 1", 0, NULL, query_done,
	    &bad), 0);
	in_call = false;
	assert_int_equal(bad.calls, 0);
	assert_true(run_until(got_called, &bad));
	assert_int_equal(bad.calls, 1);
	assert_false(bad.during);
	assert_true(bad.failed);
	assert_true(bad.broken);
	assert_true(run_until(pool_has_up, &pw));
	pool_done(pool);
}

struct lookup {
	int calls;
	bool during;
	enum catalog_status status;
	bool open;
};

static void
catalog_done(void *arg, struct catalog_event *ev, enum catalog_status status)
{
	struct lookup *l = arg;

	l->calls++;
	l->during = l->during || in_call;
	l->status = status;
	l->open = ev != NULL && catalog_event_open(ev, time(NULL));
	catalog_event_unref(ev);
}

static bool
lookup_done(void *arg)
{
	return ((struct lookup *)arg)->calls > 0;
}

static void
lookup(struct catalog *cat, struct lookup *l)
{
	memset(l, 0, sizeof *l);
	catalog_get(cat, SLUG, catalog_done, l);
	assert_true(run_until(lookup_done, l));
	assert_int_equal(l->calls, 1);
}

/* A lookup whose query cannot be sent is answered, and the next lookup
 * of the same slug is answered too (it used to wait forever). */
static void
test_catalog_send_fails(void **state)
{
	struct dbpool *pool = pool_new(1);
	struct pool_want pw = { pool, 1 };
	struct catalog *cat = catalog_new(pool);
	struct lookup first = { 0 }, second;

	pool_wait(pool, 1);

	fail_next_send = true;
	in_call = true;
	catalog_get(cat, SLUG, catalog_done, &first);
	in_call = false;
	assert_int_equal(first.calls, 0);
	assert_true(run_until(lookup_done, &first));
	assert_false(first.during);
	assert_int_equal(first.status, CATALOG_UNAVAILABLE);

	assert_true(run_until(pool_has_up, &pw));
	lookup(cat, &second);
	assert_int_equal(second.status, CATALOG_FOUND);
	catalog_free(cat);
	pool_done(pool);
}

struct notified {
	struct dbpool *pool;
	long before;
};

static bool
pool_notified(void *arg)
{
	struct notified *n = arg;
	struct dbpool_stats st;

	dbpool_stats(n->pool, &st);
	return st.notifies > n->before;
}

/* Close and reopen as `belong event close` and `reopen` do: the catalog
 * hears of it at once, well within the two seconds it keeps an event. */
static void
test_catalog_notify(void **state)
{
	struct dbpool *pool = pool_new(2);
	struct catalog *cat = catalog_new(pool);
	struct lookup l;
	struct notified n = { pool, 0 };
	struct dbpool_stats st;

	pool_wait(pool, 2);

	admin_exec("update event set closes_at = null where slug = '" SLUG "'");
	for (int round = 0; round < 3; round++) {
		lookup(cat, &l);
		assert_int_equal(l.status, CATALOG_FOUND);
		assert_true(l.open);

		dbpool_stats(pool, &st);
		n.before = st.notifies;
		admin_exec("with closed as (update event set closes_at = now()"
		    " where slug = '" SLUG "' returning slug)"
		    " select pg_notify('belong_event', slug) from closed");
		assert_true(run_until(pool_notified, &n));
		lookup(cat, &l);
		assert_int_equal(l.status, CATALOG_FOUND);
		assert_false(l.open);

		dbpool_stats(pool, &st);
		n.before = st.notifies;
		admin_exec("with reopened as (update event set closes_at = null"
		    " where slug = '" SLUG "' returning slug)"
		    " select pg_notify('belong_event', slug) from reopened");
		assert_true(run_until(pool_notified, &n));
	}
	catalog_free(cat);
	pool_done(pool);
}

struct replaced {
	pid_t old[8];
	int nold;
	int size;
};

/* The pool has all its connections again, one of them new: the one whose
 * statement stalled.  (Another, idle, may keep its backend: resumed in
 * time, it answers.) */
static bool
backends_replaced(void *arg)
{
	struct replaced *r = arg;
	pid_t now[8];
	int n = pool_backends(now, 8), kept = 0;

	if (n != r->size)
		return false;
	for (int i = 0; i < n; i++)
		for (int k = 0; k < r->nold; k++)
			kept += now[i] == r->old[k];
	return kept < r->nold;
}

/* A stalled server: the statement is answered (broken) once past its
 * deadline, and the connections are replaced. */
static void
test_pool_stalled_backend(void **state)
{
	struct dbpool *pool = pool_open(2);
	struct pool_want pw = { pool, 2 };
	struct replaced r = { .size = 2 };
	struct got g = { 0 };
	struct dbpool_stats st;
	double sent;

	r.nold = pool_backends(r.old, 8);
	assert_int_equal(r.nold, 2);
	for (int i = 0; i < r.nold; i++)
		stop_pid(r.old[i]);
	sent = now_s();
	assert_int_equal(dbpool_query(pool, "select 1", 0, NULL, query_done, &g), 0);
	assert_true(run_until(got_called, &g));
	print_message("# stalled server: answered after %.0f ms (query_timeout_ms %d)\n",
	    (g.at - sent) * 1000, QUERY_MS);
	assert_true(g.failed);
	assert_true(g.broken);
	dbpool_stats(pool, &st);
	assert_true(st.timeouts >= 1);
	continue_stopped();
	assert_true(run_until(pool_has_up, &pw));
	assert_true(run_until(backends_replaced, &r));
	pool_done(pool);
}

/* No connection can answer (the server stalled, new connections too):
 * the pool says so, without any traffic of its own, and recovers. */
static void
test_pool_readiness(void **state)
{
	struct dbpool *pool = pool_open(2);
	struct pool_want pw = { pool, 1 };
	pid_t pids[8], postmaster;
	char path[256];
	FILE *f;
	long pm = 0;
	int n;

	snprintf(path, sizeof path, "%s/cluster/data/postmaster.pid", tmpdir);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(fscanf(f, "%ld", &pm), 1);
	fclose(f);
	postmaster = (pid_t)pm;
	n = pool_backends(pids, 8);
	assert_int_equal(n, 2);
	stop_pid(postmaster);
	for (int i = 0; i < n; i++)
		stop_pid(pids[i]);
	assert_true(run_until(pool_none_up, pool));
	continue_stopped();
	assert_true(run_until(pool_has_up, &pw));
	pool_done(pool);
}

static bool
want_and_up(void *arg)
{
	struct dbpool *pool = arg;

	dbpool_want(pool);
	return dbpool_up(pool) > 0;
}

static bool
backoff_grown(void *arg)
{
	return dbpool_retry_in_ms(arg) > 3 * DBPOOL_PROBE_MS;
}

/* While work waits, a down pool probes every DBPOOL_PROBE_MS instead of
 * after its (grown) backoff, and so is back soon after the server. */
static void
test_pool_fast_reconnect(void **state)
{
	struct dbpool *pool = pool_open(1);
	double started;

	pgtmp("stop");
	assert_true(run_until(backoff_grown, pool));
	dbpool_want(pool);
	assert_true(dbpool_retry_in_ms(pool) <= DBPOOL_PROBE_MS);
	pgtmp("start");
	started = now_s();
	assert_true(run_until(want_and_up, pool));
	print_message("# reconnected %.0f ms after the server was back\n",
	    (now_s() - started) * 1000);
	PQreset(admin);
	assert_int_equal(PQstatus(admin), CONNECTION_OK);
	pool_done(pool);
}

static bool
three_attempts(void *arg)
{
	struct dbpool_stats st;

	dbpool_stats(arg, &st);
	return st.connects >= 3;
}

/* A host name is resolved when the pool is made, never in the loop. */
static void
test_pool_resolves_first(void **state)
{
	struct dbpool *pool;

	lookups_before = lookups_watched = 0;
	/* Port 1: refused at once, so attempts follow each other. */
	pool = test_pool = dbpool_new(base, "host=localhost port=1 dbname=nothing",
	    1, NULL, NULL);
	assert_true(lookups_before >= 1);
	watch_lookups = true;
	assert_true(run_until(three_attempts, pool));
	watch_lookups = false;
	assert_int_equal(lookups_watched, 0);
	pool_done(pool);
}

struct written {
	int calls;
	bool during;
	enum writer_result result;
};

static void
writer_done(void *arg, enum writer_result result)
{
	struct written *wr = arg;

	wr->calls++;
	wr->during = wr->during || in_call;
	wr->result = result;
}

static bool
written(void *arg)
{
	return ((struct written *)arg)->calls > 0;
}

struct event_ref {
	struct catalog_event *ev;
	int calls;
};

static void
event_kept(void *arg, struct catalog_event *ev, enum catalog_status status)
{
	struct event_ref *e = arg;

	e->calls++;
	e->ev = ev;
}

static bool
event_got(void *arg)
{
	return ((struct event_ref *)arg)->calls > 0;
}

static void
submit(struct writer *w, const struct catalog_event *ev, const char *id,
    struct written *wr)
{
	struct submission s;

	submission_init(&s);
	snprintf(s.id, sizeof s.id, "%s", id);
	for (int i = 0; i < ev->ins->nitems; i++)
		if (ev->ins->items[i].type == ITEM_LIKERT5)
			s.value[i] = 4;
	s.belonging = 75;
	memset(wr, 0, sizeof *wr);
	in_call = true;
	assert_int_equal(writer_submit(w, ev->id, ev->ins, &s, writer_done, wr), 0);
	in_call = false;
	submission_clear(&s);
	assert_true(run_until(written, wr));
	assert_false(wr->during);
}

/* The writer on its own: stores, recognises a retried id, and answers
 * (without storing) while the server is stalled. */
static void
test_writer(void **state)
{
	struct dbpool *pool = pool_new(2);
	struct pool_want pw = { pool, 2 };
	/* Before the connections open: they prepare the writer's statement. */
	struct writer *w = writer_new(base, pool, 10, 100);
	struct catalog *cat = catalog_new(pool);
	struct event_ref e = { 0 };
	struct written wr;
	pid_t pids[8];
	double sent;
	int n;

	assert_non_null(w);
	admin_exec("update event set closes_at = null where slug = '" SLUG "'");
	pool_wait(pool, 2);
	catalog_get(cat, SLUG, event_kept, &e);
	assert_true(run_until(event_got, &e));
	assert_non_null(e.ev);

	submit(w, e.ev, "6b0c4a5e-8d9f-4b1e-9c3a-2f7e5d1a0b01", &wr);
	assert_int_equal(wr.result, WRITER_STORED);
	submit(w, e.ev, "6b0c4a5e-8d9f-4b1e-9c3a-2f7e5d1a0b01", &wr);
	assert_int_equal(wr.result, WRITER_DUPLICATE);

	n = pool_backends(pids, 8);
	assert_int_equal(n, 2);
	for (int i = 0; i < n; i++)
		stop_pid(pids[i]);
	sent = now_s();
	submit(w, e.ev, "6b0c4a5e-8d9f-4b1e-9c3a-2f7e5d1a0b02", &wr);
	print_message("# writer, stalled server: answered %d after %.0f ms\n",
	    (int)wr.result, (now_s() - sent) * 1000);
	assert_true(wr.result != WRITER_STORED && wr.result != WRITER_DUPLICATE &&
	    wr.result != WRITER_FAILED);
	continue_stopped();
	assert_true(run_until(pool_has_up, &pw));

	catalog_event_unref(e.ev);
	writer_free(w);
	catalog_free(cat);
	pool_done(pool);
}

/* --- the cluster ------------------------------------------------------------ */

static void
no_migration_output(const struct migration *m)
{
	(void)m;
}

static int
setup(void **state)
{
	char cmd[512], line[512];
	char *err = NULL;
	FILE *p;

	if (log_init("test_dbpool", NULL) != 0)
		return -1;
	log_set_level(LOG_LEVEL_ERROR);
	snprintf(tmpdir, sizeof tmpdir, "/tmp/belong-dbpool.XXXXXX");
	if (mkdtemp(tmpdir) == NULL || chmod(tmpdir, 0755) != 0)
		return -1;
	snprintf(cmd, sizeof cmd, "'%s/tests/pgtmp' start '%s'", SRCDIR, tmpdir);
	p = popen(cmd, "r");
	if (p == NULL)
		return -1;
	if (fgets(line, sizeof line, p) == NULL) {
		pclose(p);
		return -1;
	}
	if (pclose(p) != 0)
		return -1;
	line[strcspn(line, "\n")] = '\0';
	dsn = strdup(line);
	admin = PQconnectdb(dsn);
	if (PQstatus(admin) != CONNECTION_OK ||
	    migrate_apply(admin, no_migration_output, &err) < 0) {
		fprintf(stderr, "cannot prepare the database: %s\n",
		    err != NULL ? err : PQerrorMessage(admin));
		return -1;
	}
	admin_exec("insert into event (slug, title, instrument_id)"
	    " select '" SLUG "', 'Unit', id from instrument where key = 'pulse' and version = 1");
	base = event_base_new();
	return base != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[512];

	continue_stopped();
	if (admin != NULL)
		PQfinish(admin);
	if (base != NULL)
		event_base_free(base);
	snprintf(cmd, sizeof cmd, "'%s/tests/pgtmp' destroy '%s' >/dev/null 2>&1;"
	    " rm -rf '%s'", SRCDIR, tmpdir, tmpdir);
	if (system(cmd) != 0)
		return -1;
	free(dsn);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_pool_deferred, test_done),
		cmocka_unit_test_teardown(test_catalog_send_fails, test_done),
		cmocka_unit_test_teardown(test_catalog_notify, test_done),
		cmocka_unit_test_teardown(test_pool_stalled_backend, test_done),
		cmocka_unit_test_teardown(test_pool_readiness, test_done),
		cmocka_unit_test_teardown(test_writer, test_done),
		cmocka_unit_test_teardown(test_pool_fast_reconnect, test_done),
		cmocka_unit_test_teardown(test_pool_resolves_first, test_done),
	};

	/* A stopped server must not outlive a failed test. */
	atexit(continue_stopped);
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, setup, teardown);
}
