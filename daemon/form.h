#ifndef BELONGD_FORM_H
#define BELONGD_FORM_H

#include <stdbool.h>

#include <event2/buffer.h>

#include "instrument.h"
#include "lang.h"
#include "submission.h"

/*
 * The survey's HTML pages: plain HTML5 with inline CSS, no JavaScript, no
 * external resources, under 30 KB, WCAG 2.1 AA, in English or Spanish.
 * Every value from a user or the database is HTML-escaped.
 */

struct form_event {
	const char *slug;
	const char *title;
	const char *draw_prize;		/* NULL: no prize draw */
};

struct form_page {
	const struct form_event *event;
	const struct instrument *ins;
	enum lang lang;
	const char *response_id;	/* hidden field "id" */
	const char *token;		/* hidden field "token" */
	const struct submission *prefill;	/* answers to keep, or NULL */
	const struct submission_errors *errors;	/* to show, or NULL */
	bool code;		/* ask the matching code (code_hash.h) */
};

/* The survey form, posting to /e/{slug}.  Returns 0, or -1 if out of memory. */
int form_render(struct evbuffer *out, const struct form_page *page)
	__attribute__((warn_unused_result));

/*
 * The thank-you page.  With a prize draw, it offers an optional email
 * field posting to /e/{slug}/draw (fields: email, token, lang); entered
 * says the entry was just taken.
 */
int form_render_thanks(struct evbuffer *out, const struct form_event *event,
    enum lang lang, const char *token, bool entered)
	__attribute__((warn_unused_result));

enum form_message {
	FORM_NOT_FOUND,		/* 404: no such survey */
	FORM_CLOSED,		/* 410: the survey is closed */
	FORM_EXPIRED,		/* 403: the form is too old or not ours; reload */
	FORM_TOO_LARGE,		/* 413 */
	FORM_RATE_LIMITED,	/* 429 */
	FORM_UNAVAILABLE,	/* 503: try again in a minute; nothing was lost */
	FORM_ERROR,		/* 400/500: something went wrong */
};

/* A short friendly page; event may be NULL (then no title or link back). */
int form_render_message(struct evbuffer *out, enum form_message kind,
    enum lang lang, const struct form_event *event)
	__attribute__((warn_unused_result));

#endif
