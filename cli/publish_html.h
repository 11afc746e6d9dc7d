#ifndef BELONG_PUBLISH_HTML_H
#define BELONG_PUBLISH_HTML_H

#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "lang.h"

/*
 * The public page of `belong publish`: one HTML document per language
 * and the stylesheet they share, made only from the JSON the CLI's own
 * commands printed (so every figure is theirs, suppression included).
 */

/* What a page is made of; the JSON is owned by the caller. */
struct publish_page {
	const char *title;		/* --title, else org_name, else NULL */
	long min_n;			/* the suppression threshold used */
	const cJSON *progress;		/* commitment progress: array of rows */
	const cJSON *list;		/* commitment list: titles by slug */
	const cJSON *report;		/* report: object with "rows", "items" */
	const cJSON *events;		/* event list: array */
	const cJSON *board;		/* board public: array, or NULL if unavailable */
	bool chart[LANG_COUNT];		/* commitments.LANG.svg was written */
	bool page[LANG_COUNT];		/* which languages are published */
	const char *generated;		/* YYYY-MM-DD */
};

/* The file name of the page in lang: index.html, index.es.html. */
const char *publish_html_name(enum lang lang);

/*
 * Write s to f as HTML text or a double-quoted attribute value: & < > "
 * and ' as references; control characters (a terminal escape) and bytes
 * that are not UTF-8 as U+FFFD.  The one place text becomes HTML.
 */
void publish_html_escape(FILE *f, const char *s);

/* Write the page in lang to f. */
void publish_html_page(FILE *f, const struct publish_page *p, enum lang lang);

/* Write the stylesheet to f. */
void publish_html_css(FILE *f);

#endif
