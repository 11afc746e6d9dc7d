#ifndef BELONGD_CATALOG_H
#define BELONGD_CATALOG_H

#include <stdbool.h>
#include <time.h>

#include "dbpool.h"
#include "instrument.h"

/*
 * Events and their instruments, read from the database through the pool
 * and kept for a couple of seconds, so that a survey under load costs one
 * lookup per event every few seconds rather than one per request.  The
 * catalog LISTENs on the channel belong_event: `belong event close` and
 * `reopen` notify it with the slug, and that event is read again at the
 * next lookup; the couple of seconds are only a fallback.  While the
 * database cannot be asked, the event as last read is used.
 */
struct catalog;

struct catalog_event {
	int refs;
	int id;
	char *slug;
	char *title;
	char *starts_on;	/* "YYYY-MM-DD" or NULL */
	char *ends_on;
	char *draw_prize;	/* NULL: no draw */
	time_t opens_at;	/* 0: no limit */
	time_t closes_at;	/* 0: no limit */
	const struct instrument *ins;	/* owned by the catalog, never freed before it */
	const char *definition;		/* the instrument's JSON, likewise */
	int program_id;		/* 0: in no program */
	char *wave;		/* "pre", "post", or NULL */
	bool asks_code;		/* in a pre/post program: the matching code */
};

enum catalog_status {
	CATALOG_FOUND,
	CATALOG_NOT_FOUND,
	CATALOG_UNAVAILABLE,	/* the database could not be asked */
};

/*
 * Called with the event (a reference the callee must release with
 * catalog_event_unref) or NULL and why.  May run before catalog_get returns.
 */
typedef void (*catalog_cb)(void *arg, struct catalog_event *ev,
    enum catalog_status status);

/* Registers for the pool's notifications: call before the loop runs. */
struct catalog *catalog_new(struct dbpool *pool);
void catalog_free(struct catalog *cat);

/* Look an event up by slug (already checked to be a well-formed slug). */
void catalog_get(struct catalog *cat, const char *slug, catalog_cb cb, void *arg);

void catalog_event_unref(struct catalog_event *ev);

/* Whether the event takes responses at time now. */
bool catalog_event_open(const struct catalog_event *ev, time_t now);

/* Whether s is a well-formed slug: [a-z0-9-]{3,64}. */
bool catalog_slug_valid(const char *s);

#endif
