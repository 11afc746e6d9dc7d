#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "catalog.h"
#include "hash.h"
#include "log.h"

/* How long an event read from the database is trusted without a
 * notification: a fallback, for a notification lost with a connection. */
#define CATALOG_TTL_MS 2000
/* The channel `belong event close` and `reopen` notify, with the slug. */
#define CATALOG_CHANNEL "belong_event"
#define CATALOG_BUCKETS 256
/* Lookups of one slug waiting for the database at most. */
#define CATALOG_MAX_WAITERS 10000
/* Beyond this many slugs remembered, forget the stale ones (a scan of
 * random slugs must not grow memory without bound). */
#define CATALOG_MAX_ENTRIES 4096

static const char catalog_sql[] =
	"select e.id, e.slug, e.title, e.starts_on::text, e.ends_on::text,"
	" e.draw_prize,"
	/* Whole seconds, rounded towards closed: an event closed "now"
	 * is closed at once, not half a second later. */
	" coalesce(ceil(extract(epoch from e.opens_at))::bigint, 0),"
	" coalesce(floor(extract(epoch from e.closes_at))::bigint, 0),"
	" i.id, i.definition::text,"
	/* The program, for the matching code (code_hash.h). */
	" coalesce(e.program_id, 0), e.wave, p.design"
	" from event e join instrument i on i.id = e.instrument_id"
	" left join program p on p.id = e.program_id"
	" where e.slug = $1";

struct waiter {
	struct waiter *next;
	catalog_cb cb;
	void *arg;
};

/* One slug: the event (or its absence) as last read, and who waits. */
struct entry {
	struct entry *next;
	struct catalog *cat;
	char *slug;
	struct catalog_event *ev;	/* NULL: not found (or never read) */
	bool known;			/* read at least once */
	struct timeval read_at;
	bool stale;			/* notified of a change since read */
	bool fetching;
	bool refetch;			/* notified while fetching: read again */
	struct waiter *waiters;
	int nwaiters;
};

/* Instruments never change once stored: parse each once. */
struct cached_instrument {
	struct cached_instrument *next;
	struct instrument *ins;
	char *definition;
};

struct catalog {
	struct dbpool *pool;
	struct entry *buckets[CATALOG_BUCKETS];
	int nentries;
	struct cached_instrument *instruments;
};

bool
catalog_slug_valid(const char *s)
{
	size_t n = 0;

	for (; s[n] != '\0'; n++) {
		char c = s[n];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return false;
		if (n >= 64)
			return false;
	}
	return n >= 3;
}

bool
catalog_event_open(const struct catalog_event *ev, time_t now)
{
	if (ev->opens_at != 0 && now < ev->opens_at)
		return false;
	if (ev->closes_at != 0 && now >= ev->closes_at)
		return false;
	return true;
}

static unsigned
catalog_hash(const char *s)
{
	return hash_string(s) % CATALOG_BUCKETS;
}

static void
catalog_event_free(struct catalog_event *ev)
{
	free(ev->slug);
	free(ev->title);
	free(ev->starts_on);
	free(ev->ends_on);
	free(ev->draw_prize);
	free(ev->wave);
	free(ev);
}

void
catalog_event_unref(struct catalog_event *ev)
{
	if (ev != NULL && --ev->refs == 0)
		catalog_event_free(ev);
}

static const struct cached_instrument *
catalog_instrument(struct catalog *cat, int id, const char *definition)
{
	struct cached_instrument *ci;
	struct instrument *ins;
	char *err = NULL;

	for (ci = cat->instruments; ci != NULL; ci = ci->next)
		if (ci->ins->db_id == id)
			return ci;
	ins = instrument_parse(definition, &err);
	if (ins == NULL) {
		log_error("instrument %d in the database is invalid: %s", id, err);
		free(err);
		return NULL;
	}
	ins->db_id = id;
	ci = calloc(1, sizeof *ci);
	if (ci == NULL || (ci->definition = strdup(definition)) == NULL) {
		free(ci);
		instrument_free(ins);
		return NULL;
	}
	ci->ins = ins;
	ci->next = cat->instruments;
	cat->instruments = ci;
	return ci;
}

static char *
dup_or_null(const PGresult *res, int col)
{
	return PQgetisnull(res, 0, col) ? NULL : strdup(PQgetvalue(res, 0, col));
}

/* Build an event from a catalog_sql row; NULL on failure. */
static struct catalog_event *
catalog_event_from_row(struct catalog *cat, const PGresult *res)
{
	struct catalog_event *ev = calloc(1, sizeof *ev);
	const struct cached_instrument *ci;

	if (ev == NULL)
		return NULL;
	ev->refs = 1;
	ev->id = atoi(PQgetvalue(res, 0, 0));
	ev->slug = strdup(PQgetvalue(res, 0, 1));
	ev->title = strdup(PQgetvalue(res, 0, 2));
	ev->starts_on = dup_or_null(res, 3);
	ev->ends_on = dup_or_null(res, 4);
	ev->draw_prize = dup_or_null(res, 5);
	ev->opens_at = (time_t)strtoll(PQgetvalue(res, 0, 6), NULL, 10);
	ev->closes_at = (time_t)strtoll(PQgetvalue(res, 0, 7), NULL, 10);
	ci = catalog_instrument(cat, atoi(PQgetvalue(res, 0, 8)),
	    PQgetvalue(res, 0, 9));
	if (ci != NULL) {
		ev->ins = ci->ins;
		ev->definition = ci->definition;
	}
	ev->program_id = atoi(PQgetvalue(res, 0, 10));
	ev->wave = dup_or_null(res, 11);
	ev->asks_code = ev->program_id > 0 && !PQgetisnull(res, 0, 12) &&
	    strcmp(PQgetvalue(res, 0, 12), "prepost") == 0;
	if (ev->slug == NULL || ev->title == NULL || ev->ins == NULL ||
	    (!PQgetisnull(res, 0, 3) && ev->starts_on == NULL) ||
	    (!PQgetisnull(res, 0, 4) && ev->ends_on == NULL) ||
	    (!PQgetisnull(res, 0, 5) && ev->draw_prize == NULL) ||
	    (!PQgetisnull(res, 0, 11) && ev->wave == NULL)) {
		catalog_event_free(ev);
		return NULL;
	}
	return ev;
}

/* Answer everyone waiting on an entry with what it now holds. */
static void
entry_wake(struct entry *e, enum catalog_status status)
{
	struct waiter *wt = e->waiters, *next;

	e->waiters = NULL;
	e->nwaiters = 0;
	for (; wt != NULL; wt = next) {
		next = wt->next;
		if (status == CATALOG_FOUND)
			e->ev->refs++;
		wt->cb(wt->arg, status == CATALOG_FOUND ? e->ev : NULL, status);
		free(wt);
	}
}

/*
 * The database cannot be asked: answer with what was read before, if
 * anything, so that submissions can still be taken (and spooled) for an
 * event known to be open.
 */
static void
entry_wake_cached(struct entry *e)
{
	if (!e->known)
		entry_wake(e, CATALOG_UNAVAILABLE);
	else
		entry_wake(e, e->ev != NULL ? CATALOG_FOUND : CATALOG_NOT_FOUND);
}

static void catalog_fetched(void *arg, PGresult *res, const char *err,
    bool broken);

/* Ask the database for e's event; false if the query was refused. */
static bool
entry_fetch(struct entry *e)
{
	const char *params[1] = { e->slug };

	/* Set before asking, whatever the pool does. */
	e->fetching = true;
	e->refetch = false;
	if (dbpool_query(e->cat->pool, catalog_sql, 1, params, catalog_fetched,
	    e) != 0) {
		e->fetching = false;
		return false;
	}
	return true;
}

static void
catalog_fetched(void *arg, PGresult *res, const char *err, bool broken)
{
	struct entry *e = arg;
	struct catalog_event *ev;
	bool stale = false;

	e->fetching = false;
	/* Notified of a change while this read was under way: it may predate
	 * the change, so read again before answering. */
	if (e->refetch) {
		if (entry_fetch(e))
			return;
		stale = true;
	}
	if (res == NULL) {
		log_warn("event lookup failed: %s", err);
		entry_wake_cached(e);
		return;
	}
	if (PQntuples(res) == 1) {
		ev = catalog_event_from_row(e->cat, res);
		if (ev == NULL) {
			entry_wake(e, CATALOG_UNAVAILABLE);
			return;
		}
	} else {
		ev = NULL;
	}
	catalog_event_unref(e->ev);
	e->ev = ev;
	e->known = true;
	e->stale = stale;
	gettimeofday(&e->read_at, NULL);
	entry_wake(e, ev != NULL ? CATALOG_FOUND : CATALOG_NOT_FOUND);
}

static bool
entry_fresh(const struct entry *e)
{
	struct timeval now, age;

	if (!e->known || e->stale)
		return false;
	gettimeofday(&now, NULL);
	timersub(&now, &e->read_at, &age);
	return age.tv_sec * 1000 + age.tv_usec / 1000 < CATALOG_TTL_MS;
}

static void
catalog_prune(struct catalog *cat)
{
	struct entry **pp, *e;

	for (int i = 0; i < CATALOG_BUCKETS; i++) {
		pp = &cat->buckets[i];
		while ((e = *pp) != NULL) {
			if (e->fetching || e->waiters != NULL || entry_fresh(e)) {
				pp = &e->next;
				continue;
			}
			*pp = e->next;
			catalog_event_unref(e->ev);
			free(e->slug);
			free(e);
			cat->nentries--;
		}
	}
}

void
catalog_get(struct catalog *cat, const char *slug, catalog_cb cb, void *arg)
{
	unsigned h = catalog_hash(slug);
	struct entry *e;
	struct waiter *wt;

	for (e = cat->buckets[h]; e != NULL; e = e->next)
		if (strcmp(e->slug, slug) == 0)
			break;
	if (e != NULL && entry_fresh(e)) {
		if (e->ev == NULL) {
			cb(arg, NULL, CATALOG_NOT_FOUND);
		} else {
			e->ev->refs++;
			cb(arg, e->ev, CATALOG_FOUND);
		}
		return;
	}
	if (e == NULL) {
		if (cat->nentries >= CATALOG_MAX_ENTRIES)
			catalog_prune(cat);
		e = calloc(1, sizeof *e);
		if (e == NULL || (e->slug = strdup(slug)) == NULL) {
			free(e);
			cb(arg, NULL, CATALOG_UNAVAILABLE);
			return;
		}
		e->cat = cat;
		e->next = cat->buckets[h];
		cat->buckets[h] = e;
		cat->nentries++;
	}
	wt = e->nwaiters < CATALOG_MAX_WAITERS ? calloc(1, sizeof *wt) : NULL;
	if (wt == NULL) {
		cb(arg, NULL, CATALOG_UNAVAILABLE);
		return;
	}
	wt->cb = cb;
	wt->arg = arg;
	wt->next = e->waiters;
	e->waiters = wt;
	e->nwaiters++;
	if (e->fetching)
		return;
	if (!entry_fetch(e))
		entry_wake_cached(e);
}

/* A notification: the event slug changed (slug NULL: any may have). */
static void
catalog_notified(void *arg, const char *slug)
{
	struct catalog *cat = arg;
	struct entry *e;
	unsigned h = slug != NULL ? catalog_hash(slug) : 0;

	for (unsigned i = 0; i < CATALOG_BUCKETS; i++) {
		if (slug != NULL && i != h)
			continue;
		for (e = cat->buckets[i]; e != NULL; e = e->next) {
			if (slug != NULL && strcmp(e->slug, slug) != 0)
				continue;
			e->stale = true;
			if (e->fetching)
				e->refetch = true;
		}
	}
}

struct catalog *
catalog_new(struct dbpool *pool)
{
	struct catalog *cat = calloc(1, sizeof *cat);

	if (cat == NULL)
		return NULL;
	cat->pool = pool;
	dbpool_set_notify(pool, CATALOG_CHANNEL, catalog_notified, cat);
	return cat;
}

void
catalog_free(struct catalog *cat)
{
	struct cached_instrument *ci, *cnext;
	struct entry *e, *next;

	if (cat == NULL)
		return;
	for (int i = 0; i < CATALOG_BUCKETS; i++) {
		for (e = cat->buckets[i]; e != NULL; e = next) {
			next = e->next;
			catalog_event_unref(e->ev);
			free(e->slug);
			free(e);
		}
	}
	for (ci = cat->instruments; ci != NULL; ci = cnext) {
		cnext = ci->next;
		instrument_free(ci->ins);
		free(ci->definition);
		free(ci);
	}
	free(cat);
}
