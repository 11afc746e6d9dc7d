#ifndef BELONG_REPORT_FIRST_H
#define BELONG_REPORT_FIRST_H

#include <stdbool.h>

#include "disclosure.h"
#include "report_design.h"
#include "report_opts.h"
#include "report_query.h"
#include "stats.h"

/*
 * "How many respondents were new": report's first_time figure, from the
 * optional choice item first_time of pulse 2 on (yes / no / not sure):
 * the respondents who answered it and the share answering yes, with its
 * 95 % Wilson interval, or the design's (Korn-Graubard, as the agree
 * rates) under the cluster design.  Its suppression is the disclosure
 * module's: a yes count or an other count under min_n hides the figure,
 * with the complementary cells of each.
 */
struct rfirst {
	struct rq_icells xtot, xgs;	/* per event, for the design */
	struct rq_icells tot, gs;	/* summed over the events */
};

/* One group's figure: n answered, the share yes (0-1) and its interval. */
struct rfirst_fig {
	double n;
	struct stats_ci ci;
	bool sup;
};

/* Whether any instrument of the selection asks first_time. */
bool rfirst_asked(const struct rq_items *all);

/* Read first_time's answers of the selection (and of o->by's groups). */
void rfirst_load(struct rfirst *f, struct rq *q, const struct ropts *o);
void rfirst_free(struct rfirst *f);

/*
 * The figure of group g (-1: everyone; key "" then, else its name) under
 * design d; v is scratch of d->nclusters cells; nitems as given to
 * disclosure_new.
 */
void rfirst_figure(const struct rfirst *f, const struct rdesign *d,
    const struct disclosure *dc, int nitems, int g, const char *key,
    struct survey_cell *v, struct rfirst_fig *out);

#endif
