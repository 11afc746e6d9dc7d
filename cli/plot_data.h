#ifndef BELONG_PLOT_DATA_H
#define BELONG_PLOT_DATA_H

#include <stdbool.h>
#include <stddef.h>

#include "lang.h"
#include "plot_layout.h"

/*
 * From the JSON of belong report, trend, reach, change or commitment
 * progress to what a chart
 * template reads: a gnuplot data file of numbers only, and the labels,
 * which reach gnuplot as quoted strings (plot_gp_quote).  A value that
 * is null in the JSON — a suppressed one above all — is never written:
 * its group is left out and named in the footnote instead.
 */

enum plot_kind { PLOT_TREND, PLOT_GAPS, PLOT_REACH, PLOT_ITEMS, PLOT_CHANGE,
	PLOT_COMMITMENT, PLOT_NKINDS };

/* The marks of a commitment's bullet. */
#define PLOT_MARK_VALUE		0x01	/* the bar */
#define PLOT_MARK_INTERVAL	0x02	/* its whisker */
#define PLOT_MARK_TARGET	0x04
#define PLOT_MARK_BASELINE	0x08
#define PLOT_MARK_PROJECTION	0x10
#define PLOT_MARK_PROJ_INTERVAL	0x20

struct plot_strs {
	char **v;
	int n;
};

struct plot_chart {
	enum plot_kind kind;
	enum lang lang;
	char *data;			/* the data file's text */
	size_t datalen;
	struct plot_strs series;	/* trend, items: one per line or bar colour */
	struct plot_strs cats;		/* trend: period tics; gaps, reach,
					 * change: groups; items: items;
					 * commitment: commitments */
	struct plot_strs right;		/* commitment: each row's status and
					 * due month, at its right */
	unsigned marks;			/* commitment: PLOT_MARK_* drawn in
					 * some row (gnuplot warns of a plot
					 * without a point) */
	struct plot_strs suppressed;	/* for the footnote, in the chart's language */
	char *by;			/* the dimension, or NULL */
	char *interval;			/* trend */
	char *indicator;		/* trend */
	char *region;			/* reach */
	char *program;			/* change: the program's slug */
	char *design;			/* change: prepost or retro */
	char *variance;			/* change: srs or cluster */
	char *first_period, *last_period; /* trend: YYYY-MM-DD */
	long total_n;			/* everyone (change: the pairs),
					 * or -1 if not shown */
	long min_n;
	int xstep;			/* trend: label every xstep-th period */
	bool share_known;		/* reach: shares of those who answered */
	bool has_benchmark;		/* reach */
	bool overlap;			/* groups overlap (race) */
	/* The group code of each series (trend, items) or category (gaps,
	 * reach), in the chart order of plot_group_order, and its style. */
	struct plot_strs codes;
	struct plot_style *styles;
	int panels;			/* 1, or one per group (trend, items) */
	double ylo, yhi, ystep;		/* trend: the value axis, every panel's */
	double *endx, *endy;		/* trend: each series' last point */
	int pcols, prows;		/* the grid of the panels */
	double pleft;			/* where they start, a fraction of the width */
	int label_chars;		/* the longest line of a series label */
	int cat_chars;			/* ... and of a category label */
	char *qkey;			/* items on panels: the numbered questions,
					 * when the rows are numbered, or NULL */
};

/*
 * Fill c from json, the output of the command kind reads (trend: trend;
 * gaps, items: report; reach: reach; change: change; commitment:
 * commitment progress, an array of rows or an object with "rows").  Returns 0, or -1
 * with *err set (the caller frees) when the JSON is not what was expected
 * or nothing is left to plot.  c is freed with plot_chart_free either way.
 */
int plot_chart_build(struct plot_chart *c, enum plot_kind kind, enum lang lang,
    const char *json, char **err) __attribute__((warn_unused_result));
void plot_chart_free(struct plot_chart *c);

/* Decide the panels of a trend or item chart (other kinds: 1) and start
 * the data file with "# panels N". */
void plot_chart_set_panels(struct plot_chart *c, enum plot_panels mode);

/* A group's label in lang: the about-you label of the code when there is
 * one, else fallback (the report's label).  Static or fallback. */
const char *plot_group_label(const char *by, const char *grp,
    const char *fallback, enum lang lang);

/* A dimension's name in lang ("gender" -> "género"); static or by. */
const char *plot_dim_name(const char *by, enum lang lang);

/* A period's label: "Jan 2024", "2024 Q1", "2024", "2024-01-15" (week);
 * in Spanish "ene 2024", "T1 2024".  Writes to buf. */
void plot_period_label(char *buf, size_t size, const char *period,
    const char *interval, enum lang lang);

#endif
