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
};

struct plot_text {
	char *title, *subtitle, *xlabel, *ylabel, *key1, *key2, *footnote;
};

/* Fill t (strings the caller frees with plot_text_free). */
void plot_text_build(struct plot_text *t, const struct plot_text_in *in,
    const struct plot_chart *c);
void plot_text_free(struct plot_text *t);

/* Wrap s in place at spaces: no line longer than width characters
 * (UTF-8 counted in characters), a longer word alone on its line. */
void plot_text_wrap(char *s, size_t width);

#endif
