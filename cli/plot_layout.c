/*
 * The order, colours and panels of a chart's groups: one place for every
 * chart kind, so that a group is drawn alike wherever it appears.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot_data.h"
#include "plot_layout.h"
#include "plot_text.h"
#include "xalloc.h"

enum plot_rank
plot_group_rank(const char *code)
{
	if (strcmp(code, "all") == 0)
		return PLOT_RANK_ALL;
	if (strcmp(code, "prefer_not") == 0)
		return PLOT_RANK_PREFER_NOT;
	if (strcmp(code, "not_answered") == 0)
		return PLOT_RANK_NOT_ANSWERED;
	return PLOT_RANK_REAL;
}

/* Insertion sort: a handful of groups, and it is stable. */
void
plot_group_order(const char **codes, int n, void **par, const size_t *sizes,
    int npar)
{
	unsigned char *tmp;
	size_t most = 1;

	for (int k = 0; k < npar; k++)
		if (sizes[k] > most)
			most = sizes[k];
	tmp = xmalloc(most);
	for (int i = 1; i < n; i++) {
		for (int j = i; j > 0 &&
		    plot_group_rank(codes[j - 1]) > plot_group_rank(codes[j]); j--) {
			const char *s = codes[j];

			codes[j] = codes[j - 1];
			codes[j - 1] = s;
			for (int k = 0; k < npar; k++) {
				unsigned char *a = (unsigned char *)par[k] + (size_t)j * sizes[k];

				memcpy(tmp, a, sizes[k]);
				memcpy(a, a - sizes[k], sizes[k]);
				memcpy(a - sizes[k], tmp, sizes[k]);
			}
		}
	}
	free(tmp);
}

void
plot_group_styles(const char *const *codes, int n, struct plot_style *out)
{
	/* Okabe & Ito (2008) without its black, which is everyone's: the
	 * two blues never side by side, yellow (weak on white) last. */
	static const char *const oi[] = {
		"#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7",
		"#F0E442",
	};
	/* Filled shapes for real groups, open ones for the greys, so that a
	 * reader without colour still tells them apart; from the eighth
	 * group on, when the colours come round again, other shapes. */
	static const int pts[] = { 5, 9, 13, 11, 15, 4, 8 };
	static const int more[] = { 1, 2, 3, 10, 14, 6, 12 };
	int real = 0;

	for (int i = 0; i < n; i++) {
		switch (plot_group_rank(codes[i])) {
		case PLOT_RANK_ALL:
			out[i].colour = "#222222";
			out[i].pt = 7;
			break;
		case PLOT_RANK_PREFER_NOT:
			out[i].colour = "#8C8C8C";
			out[i].pt = 6;
			break;
		case PLOT_RANK_NOT_ANSWERED:
			out[i].colour = "#BDBDBD";
			out[i].pt = 12;
			break;
		default:
			out[i].colour = oi[real % 7];
			out[i].pt = real < 7 ? pts[real] : more[real % 7];
			real++;
			break;
		}
	}
}

long
plot_colour_int(const char *colour)
{
	return strtol(colour + 1, NULL, 16);
}

int
plot_panels_parse(const char *s, enum plot_panels *out)
{
	if (strcmp(s, "auto") == 0)
		*out = PLOT_PANELS_AUTO;
	else if (strcmp(s, "single") == 0)
		*out = PLOT_PANELS_SINGLE;
	else if (strcmp(s, "multiple") == 0)
		*out = PLOT_PANELS_MULTIPLE;
	else
		return -1;
	return 0;
}

int
plot_panel_count(enum plot_panels mode, const char *const *codes, int n)
{
	int groups = 0;

	for (int i = 0; i < n; i++)
		groups += plot_group_rank(codes[i]) != PLOT_RANK_ALL;
	if (groups == 0 || mode == PLOT_PANELS_SINGLE)
		return 1;
	if (mode == PLOT_PANELS_MULTIPLE || groups > PLOT_PANELS_MAX_SINGLE)
		return groups;
	return 1;
}

void
plot_panel_grid(int n, double w, double h, double aspect, int *cols, int *rows)
{
	double best = -1;

	*cols = 1;
	*rows = n > 0 ? n : 1;
	for (int c = 1; c <= n; c++) {
		int r = (n + c - 1) / c;
		/* The largest panel of that shape in one cell. */
		double size = fmin(w / c, h / r * aspect);

		/* A column more must buy a clearly bigger panel. */
		if (size > best * 1.02) {
			best = size;
			*cols = c;
			*rows = r;
		}
	}
}

double
plot_nice_step(double span, int most)
{
	static const double m[] = { 1, 2, 2.5, 5, 10 };
	double mag;

	if (!(span > 0) || most < 1)
		return 1;
	mag = pow(10, floor(log10(span / most)));
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (span / (m[i] * mag) <= most)
			return m[i] * mag;
	return 10 * mag;
}

void
plot_nice_range(double lo, double hi, double *ylo, double *yhi)
{
	double span = hi - lo, step, mag;

	if (!(span > 0))
		span = fabs(hi) > 0 ? fabs(hi) * 0.2 : 1;
	mag = pow(10, floor(log10(span / 5)));
	step = mag;
	if (span / step > 12)
		step = 2 * mag;
	if (span / step > 12)
		step = 5 * mag;
	if (span / step > 12)
		step = 10 * mag;
	*ylo = floor((lo - span * 0.04) / step) * step;
	*yhi = ceil((hi + span * 0.04) / step) * step;
	/* Rates and indexes do not leave their scale for the padding. */
	if (lo >= 0 && *ylo < 0)
		*ylo = 0;
	if (hi <= 100 && *yhi > 100 && lo >= 0)
		*yhi = 100;
}

/* Characters of body text in w points (an average glyph is 0.55 em). */
static size_t
chars_in(double w, double fs)
{
	return w > 0 ? (size_t)(w / (fs * 0.55)) : 0;
}

/* The characters of the longest line of p, or most if more. */
static int
longest_line(const char *p, int most)
{
	while (*p) {
		int n = 0;

		for (; *p && *p != '\n'; p++)
			n += ((unsigned char)*p & 0xc0) != 0x80;
		if (n > most)
			most = n;
		if (*p == '\n')
			p++;
	}
	return most;
}

/* The panels' gap, in units of fs (groups.gp's gap_x). */
#define PANEL_GAP 1.8
/* An average glyph of DejaVu Sans, in ems. */
#define GLYPH 0.62

/* The width of one of cols panels side by side in aw points. */
static double
panel_width(double aw, int cols, double fs)
{
	return (aw - (cols - 1) * PANEL_GAP * fs) / cols;
}

/* Characters a panel title has on a line: the panel less the marker
 * that a trend's titles start with (a line's point type). */
static size_t
title_chars(const struct plot_chart *c, double pw, double fs)
{
	double n = (pw - (c->kind == PLOT_TREND ? 1.6 * fs : 0)) / (GLYPH * fs);

	return n < 6 ? 6 : (size_t)n;
}

/* The most lines a series label takes wrapped at width characters. */
static int title_lines(const struct plot_chart *c, size_t width);

/* Trend's panels: the grid with the largest panels of shape 1.6, each
 * row of which also holds the panels' titles, wrapped to the panel's
 * width (narrow panels have titles of more lines), and no panel
 * narrower than 10 characters. */
static void
trend_grid(struct plot_chart *c, double aw, double ah, double fs)
{
	double best = -1;

	for (int cols = 1; cols <= c->panels; cols++) {
		int rows = (c->panels + cols - 1) / cols;
		double pw = panel_width(aw, cols, fs);
		int tl = title_lines(c, title_chars(c, pw, fs));
		double ph = ah / rows - tl * 1.5 * fs - 1.3 * fs;
		double size = fmin(pw, fmax(0, ph) * 1.6);

		/* Narrower, a panel has no room for its periods' names. */
		if (pw < 10 * fs && cols > 1)
			break;
		if (size > best * 1.02) {
			best = size;
			c->pcols = cols;
			c->prows = rows;
		}
	}
}

static int
title_lines(const struct plot_chart *c, size_t width)
{
	int most = 1;

	for (int i = 0; i < c->series.n; i++) {
		char *s = xstrdup(c->series.v[i]);
		int n = 1;

		plot_text_wrap(s, width);
		for (char *p = s; *p; p++)
			n += *p == '\n';
		if (n > most)
			most = n;
		free(s);
	}
	return most;
}

/* The lines of s. */
static int
nlines(const char *s)
{
	int n = 1;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/*
 * Items on panels.  The questions go at the left of each row of panels,
 * in type of 0.85 fs, each on one line if it fits a third of the width:
 * the fewest columns that leave every question its line and every panel
 * a width of 70 points or more.  When no grid does, the rows of panels
 * are numbered 1, 2, ... and the questions listed once, numbered, in
 * the column at the left (c->qkey).  Returns the column's width.
 */
static double
items_grid(struct plot_chart *c, double w, double ah, double fs)
{
	int most = 1, widest = 1;
	double left, aw;
	char *key = NULL;
	size_t keylen = 0;
	FILE *f;

	for (int i = 0; i < c->cats.n; i++) {
		for (char *p = c->cats.v[i]; *p; p++)
			if (*p == '\n')
				*p = ' ';
		plot_text_wrap(c->cats.v[i], chars_in(0.34 * w, 0.85 * fs));
		if (nlines(c->cats.v[i]) > most)
			most = nlines(c->cats.v[i]);
		widest = longest_line(c->cats.v[i], widest);
	}
	left = 0.02 * w + (widest * 0.85 * GLYPH + 1.2) * fs;
	aw = 0.97 * w - left;
	for (int cols = 1; cols <= c->panels; cols++) {
		int rows = (c->panels + cols - 1) / cols;
		double pw = panel_width(aw, cols, fs);
		int tl = title_lines(c, title_chars(c, pw, fs));
		/* A row: its questions, its titles and the gap above them. */
		double need = c->cats.n * (most * 1.15 * 0.85 * fs + 2) +
		    tl * 1.5 * fs + 1.3 * fs;

		if (pw < 70)
			break;
		if (rows * need <= ah) {
			c->pcols = cols;
			c->prows = rows;
			return left;
		}
	}
	/* Numbered: the list in a quarter of the width. */
	if ((f = open_memstream(&key, &keylen)) == NULL)
		abort();
	widest = 1;
	for (int i = 0; i < c->cats.n; i++) {
		char *q = xasprintf("%d  %s", i + 1, c->cats.v[i]);

		for (char *p = q; *p; p++)
			if (*p == '\n')
				*p = ' ';
		plot_text_wrap(q, chars_in(0.22 * w, 0.85 * fs));
		/* Continuation lines indented under the text. */
		for (char *p = q; *p; p++) {
			putc(*p, f);
			if (*p == '\n')
				fputs("    ", f);
		}
		fputs(i + 1 < c->cats.n ? "\n" : "", f);
		widest = longest_line(q, widest);
		free(q);
		free(c->cats.v[i]);
		c->cats.v[i] = xasprintf("%d", i + 1);
	}
	fclose(f);
	c->qkey = key;
	left = 0.02 * w + (widest * 0.85 * GLYPH + 1.5) * fs;
	plot_panel_grid(c->panels, 0.97 * w - left, ah, 1.4, &c->pcols, &c->prows);
	return left;
}

/*
 * Items on one panel: a question has the height of its row of bars,
 * ah / the items; one that wraps to more lines than that holds is
 * wrapped anew, wider, up to a third of the width.
 */
static void
items_fit(struct plot_chart *c, double w, double ah, double fs)
{
	int most;

	if (c->cats.n == 0)
		return;
	most = (int)fmax(1, floor(ah / c->cats.n / (1.2 * fs)));
	for (int i = 0; i < c->cats.n; i++) {
		for (double f = 0.16; nlines(c->cats.v[i]) > most && f < 0.35;
		    f += 0.03) {
			for (char *p = c->cats.v[i]; *p; p++)
				if (*p == '\n')
					*p = ' ';
			plot_text_wrap(c->cats.v[i], chars_in(f * w, fs));
		}
	}
}

void
plot_layout_groups(struct plot_chart *c, double w, double h, double fs)
{
	size_t wrap;

	c->pcols = c->prows = 1;
	if (c->panels > 1) {
		/* Beside the value tics (trend) or the questions (items), and
		 * between the title block and the axis title and footnote:
		 * the geometry of groups.gp, trend.gp and items.gp. */
		double left = 0.02 * w + 5 * fs, ah = 0.55 * h, pw, per;
		size_t widest = 1;

		if (c->kind == PLOT_ITEMS)
			left = items_grid(c, w, ah, fs);
		else
			trend_grid(c, 0.97 * w - left, ah, fs);
		c->pleft = left / w;
		pw = panel_width(0.97 * w - left, c->pcols, fs);
		wrap = title_chars(c, pw, fs);
		for (int i = 0; i < c->cats.n && c->kind == PLOT_TREND; i++) {
			size_t n = strcspn(c->cats.v[i], "\n");

			if (n > widest)
				widest = n;
		}
		if (c->kind == PLOT_TREND && c->cats.n > 0) {
			per = (double)widest * fs * 0.62 + 1.2 * fs;
			c->xstep = (int)ceil(c->cats.n / fmax(1, floor(pw * 0.9 / per)));
		}
	} else {
		/* A column at the right: the legend, or the direct labels. */
		wrap = chars_in(0.17 * w, fs);
		/* The plot's height: less the title block, the axis and the
		 * footnote, about ten lines whatever the size. */
		if (c->kind == PLOT_ITEMS)
			items_fit(c, w, fmax(h - 15.75 * fs, fs), fs);
	}
	if (wrap < 8)
		wrap = 8;
	/* The value axis from tic to tic; fewer tics on small panels; never
	 * past what the indicator can be (an interval of a small group may
	 * reach past 100: it is cut at the axis, not the axis stretched). */
	if (c->kind == PLOT_TREND && c->series.n > 0) {
		const char *ind = c->indicator ? c->indicator : "belonging";
		bool nps = strncmp(ind, "nps:", 4) == 0;

		c->ylo = fmax(c->ylo, nps ? -100 : 0);
		if (strcmp(ind, "n") != 0)
			c->yhi = fmin(c->yhi, 100);
		c->ystep = plot_nice_step(c->yhi - c->ylo, c->panels > 1 ? 3 : 6);
		c->ylo = floor(c->ylo / c->ystep + 1e-9) * c->ystep;
		c->yhi = ceil(c->yhi / c->ystep - 1e-9) * c->ystep;
	}
	c->label_chars = 1;
	for (int i = 0; i < c->series.n; i++) {
		plot_text_wrap(c->series.v[i], wrap);
		c->label_chars = longest_line(c->series.v[i], c->label_chars);
	}
	c->cat_chars = 1;
	for (int i = 0; i < c->cats.n; i++)
		c->cat_chars = longest_line(c->cats.v[i], c->cat_chars);
}
