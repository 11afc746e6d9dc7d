#ifndef BELONG_PLOT_LAYOUT_H
#define BELONG_PLOT_LAYOUT_H

#include <stdbool.h>

/*
 * What every chart kind shares about its groups: the order they are
 * drawn in, each one's colour and point type, and whether a chart with
 * many groups is drawn as small multiples.  A chart kind keeps its
 * series as group codes ("all", "woman", "prefer_not", ...) in its own
 * order; these functions sort them and style them the same way on every
 * chart, so a group looks alike on a trend, an item chart and a forest
 * plot.
 */

/* Where a group goes: everyone first, the real groups, then the two
 * answers that are not a group of people at all, always last. */
enum plot_rank {
	PLOT_RANK_ALL,
	PLOT_RANK_REAL,
	PLOT_RANK_PREFER_NOT,
	PLOT_RANK_NOT_ANSWERED,
};

enum plot_rank plot_group_rank(const char *code);

/* Sort n codes (and the same-index entries of each of the parallel
 * arrays par[0..npar-1], elements of size sizes[k]) into the chart
 * order; stable, so real groups keep the report's order. */
void plot_group_order(const char **codes, int n, void **par,
    const size_t *sizes, int npar);

struct plot_style {
	const char *colour;	/* "#RRGGBB", static */
	int pt;			/* gnuplot point type */
};

/* The style of each of n series given by code, in the order drawn:
 * everyone near-black, real groups in the Okabe–Ito order (yellow last,
 * never two blues side by side), prefer_not and not_answered in greys. */
void plot_group_styles(const char *const *codes, int n, struct plot_style *out);

/* "#RRGGBB" as the integer gnuplot's `lc rgb variable` reads. */
long plot_colour_int(const char *colour);

enum plot_panels { PLOT_PANELS_AUTO, PLOT_PANELS_SINGLE, PLOT_PANELS_MULTIPLE };

/* The most groups besides everyone drawn together on one panel. */
#define PLOT_PANELS_MAX_SINGLE 4

/* "auto", "single" or "multiple": 0, else -1. */
int plot_panels_parse(const char *s, enum plot_panels *out)
    __attribute__((warn_unused_result));

/* How many panels n series (codes) take: 1, or one per group that is
 * not everyone when there are more than PLOT_PANELS_MAX_SINGLE of them
 * (or when asked) and at least one.  For the kinds that have panels. */
int plot_panel_count(enum plot_panels mode, const char *const *codes, int n);

/* Columns and rows for n panels in an area w wide and h high (any one
 * unit): the grid whose panels are closest to aspect (width / height). */
void plot_panel_grid(int n, double w, double h, double aspect, int *cols,
    int *rows);

struct plot_chart;

/*
 * Fit the groups of chart c to a figure w by h points with body text of
 * fs points: the grid of its panels (plot_chart_set_panels first), its
 * series labels wrapped for a legend, direct labels or panel titles,
 * and a trend's periods thinned to fit a panel.
 */
void plot_layout_groups(struct plot_chart *c, double w, double h, double fs);

/* A round tic step: at most `most` steps in span. */
double plot_nice_step(double span, int most);

/* A round range around [lo, hi] with room for the ends: *ylo, *yhi
 * land on multiples of a tic step. */
void plot_nice_range(double lo, double hi, double *ylo, double *yhi);

#endif
