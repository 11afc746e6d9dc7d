#ifndef BELONGD_PAGE_H
#define BELONGD_PAGE_H

#include <stdbool.h>

#include <event2/buffer.h>

#include "lang.h"

/*
 * What the survey (form.c) and the advisory board (board_page.c) pages
 * share: one stylesheet, the page around <main>, and a writer.  A page is
 * a few hundred small appends; checking each would bury the markup, so,
 * like stdio's ferror, the first failure sticks, later appends are
 * skipped, and page_close turns it into -1.
 */
struct page {
	struct evbuffer *buf;		/* the caller's */
	bool failed;			/* an append failed; start it false */
};

void page_puts(struct page *p, const char *s);
void page_printf(struct page *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* s with &, <, >, ", ' escaped; NULL writes nothing. */
void page_esc(struct page *p, const char *s);

/* <input type="hidden"> with name (ours) and value (escaped). */
void page_hidden(struct page *p, const char *name, const char *value);

/*
 * The summary of a refused form's n problems, opened where a screen
 * reader meets it on load (role="alert", and autofocus where the browser
 * honours it on a div): a heading from one, or pre n post, then a list
 * whose <li> the caller writes before page_errors_close.
 */
void page_errors_open(struct page *p, int n, const char *one,
    const char *pre, const char *post);
void page_errors_close(struct page *p);

/* Append s (may be NULL) with &, <, >, ", ' escaped.  Returns 0 or -1. */
int page_escape(struct evbuffer *out, const char *s)
	__attribute__((warn_unused_result));

/* lang, or English when it is not a language we have. */
enum lang page_lang(enum lang lang);

/*
 * From the doctype to the opening of <main>.  The <title> is
 * "[error ]head[ — tail]": error is the word that starts the title of a
 * page that shows errors (NULL: none), so that it is read first; head is
 * ours and written as it is; tail (say, an event's title) is escaped and
 * follows a dash only when there is a head.  Either may be NULL.
 */
void page_open(struct page *p, enum lang lang, const char *error,
    const char *head, const char *tail);

/* Closes <main> and the page.  Returns 0, or -1 if any append failed. */
int page_close(struct page *p) __attribute__((warn_unused_result));

#endif
