#ifndef BELONG_CHANGE_STATS_H
#define BELONG_CHANGE_STATS_H

#include <stdbool.h>

#include "survey.h"

/*
 * The figures of belong change's rows, from sums PostgreSQL adds up per
 * group and cluster (an event): lib/paired.h for the matched pairs,
 * lib/stats.h and lib/paired.h's independent Newcombe interval for the
 * unmatched comparison, lib/survey.h under the cluster design.  Units:
 * belonging 0-100, agree in percent (the change in percentage points),
 * NPS -100..100.
 */
enum change_ind { CHANGE_BELONGING, CHANGE_AGREE, CHANGE_NPS };

/* Sums of one group in one cluster: x the pre value, y the post value
 * (one wave's sums fill x only). */
struct change_agg {
	char *grp;		/* "" for everyone */
	int cl;			/* the event */
	double n, sx, sxx, sy, syy, sxy;
};

struct change_aggs {
	struct change_agg *v;
	int n;
};

void change_aggs_free(struct change_aggs *a);

/* One row's figures; NAN for none. */
struct change_fig {
	bool matched;
	double n, n_pre, n_post;
	double pre, pre_lo, pre_hi, post, post_lo, post_hi;
	double chg, lo, hi, p, dz, dav, mcp;
};

/* The clusters: the events of the rows of a and b (NULL: none),
 * ascending, into *out (the caller frees); returns how many. */
int change_clusters(const struct change_aggs *a, const struct change_aggs *b,
    int **out);

/*
 * A matched row: the pairs of group grp in a.  srs: t intervals (Wilson
 * for agree, Wald for NPS) of each wave; the paired t interval, p, d_z
 * and d_av of the change; for agree Newcombe's paired interval and
 * McNemar's exact p.  cluster (the ncl clusters cl; v ncl cells of
 * scratch): each wave and the change as domain means (Korn-Graubard for
 * agree rates) on ncl - 1 degrees of freedom, no McNemar p; a group in
 * one cluster keeps the srs figures.
 */
void change_matched(enum change_ind ind, bool cluster, const struct change_aggs *a,
    const char *grp, const int *cl, int ncl, struct survey_cell *v,
    struct change_fig *f);

/*
 * An unmatched row: every pre response of grp (pre) against every post
 * one (post).  srs: Welch's interval and p, or for agree Newcombe's
 * hybrid score interval and the chi-squared p; cluster: the post
 * coefficient of svyglm(y ~ post) over the pre and post events.
 */
void change_unmatched(enum change_ind ind, bool cluster,
    const struct change_aggs *pre, const struct change_aggs *post, const char *grp,
    const int *cl, int ncl, struct survey_cell *v, struct survey_cell *w,
    struct change_fig *f);

#endif
