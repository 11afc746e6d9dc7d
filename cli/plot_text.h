#ifndef BELONG_PLOT_TEXT_H
#define BELONG_PLOT_TEXT_H

#include "lang.h"
#include "plot_data.h"

/* The words of a chart, in English or Spanish: titles, axis labels,
 * legend entries and the footnote (source, dates, n, min-n, suppressed). */

struct plot_text_in {
	const char *title, *subtitle;	/* the user's, or NULL */
	const char *from, *to, *role;	/* the filters */
	const char *const *events;
	int nevents;
	const char *first, *last;	/* the months with responses, or NULL */
	long w;				/* width, pixels */
	double fs;			/* font size */
	const char *source;		/* --source, else the org_name setting,
					 * else NULL: "belong survey responses" */
	const char *json;		/* the source command's JSON, for the
					 * design, item texts and the warnings */
	const char *events_json;	/* `belong event list --format json`, for
					 * the events' titles, or NULL */
	const char *commitment;		/* commitment: the one asked for, or NULL */
};

struct plot_text {
	char *title, *subtitle, *xlabel, *ylabel, *key1, *key2, *footnote;
	char *key3, *key4;	/* commitment: four keys; else "" */
	char *warnings;	/* "belong: plot: warning: ..." lines for stderr, or NULL */
};

/* Fill t (strings the caller frees with plot_text_free). */
void plot_text_build(struct plot_text *t, const struct plot_text_in *in,
    const struct plot_chart *c);
void plot_text_free(struct plot_text *t);

/* A count in lang: en "2,002"; es "2002", and from five digits groups
 * of three apart by a no-break space (U+00A0), "12 345".  Into buf. */
void plot_text_count(char *buf, size_t size, double n, enum lang lang);

/*
 * The source command's JSON with each event group's label the event's
 * title (title_es in Spanish when there is one), from events_json (the
 * output of `belong event list --format json`); NULL when there is
 * nothing to change (not by event, or either JSON unreadable).  The
 * caller frees.  plot_chart_build then labels the groups with them.
 */
char *plot_text_event_labels(const char *json, const char *events_json,
    enum lang lang);

/*
 * The rows of `belong commitment progress --format json` as an object
 * {"rows": [...]}, each row given the "title" of its commitment from
 * list_json (`belong commitment list --format json`) when it has none.
 * NULL when either JSON is unreadable; the caller frees.
 */
char *plot_text_commitment_titles(const char *json, const char *list_json);

/* A commitment's indicator in words ("People reached (attendance)",
 * "Belonging index: Girl or woman"), group "DIM=CODE" or NULL.  The
 * caller frees. */
char *plot_text_indicator(const char *indicator, const char *group,
    enum lang lang);

/* commitment progress's status in words: "on track" / "en camino";
 * static, or status itself when unknown. */
const char *plot_text_status(const char *status, enum lang lang);

/* Wrap s in place at spaces: no line longer than width characters
 * (UTF-8 counted in characters), a longer word alone on its line. */
void plot_text_wrap(char *s, size_t width);

#endif
