/*
 * The JSON of belong report, trend, reach, change and commitment
 * progress turned into a chart's data file and labels.  The JSON is read defensively: a field
 * that is missing or not of its type counts as null, and null is never
 * drawn.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "about.h"
#include "plot_data.h"
#include "plot_text.h"
#include "xalloc.h"

static void
strs_add(struct plot_strs *s, const char *v)
{
	s->v = xrealloc(s->v, (size_t)(s->n + 1) * sizeof(*s->v));
	s->v[s->n++] = xstrdup(v);
}

static void
strs_free(struct plot_strs *s)
{
	for (int i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

void
plot_chart_free(struct plot_chart *c)
{
	free(c->data);
	strs_free(&c->series);
	strs_free(&c->cats);
	strs_free(&c->right);
	strs_free(&c->suppressed);
	strs_free(&c->codes);
	free(c->styles);
	free(c->endx);
	free(c->endy);
	free(c->qkey);
	free(c->by);
	free(c->interval);
	free(c->indicator);
	free(c->region);
	free(c->program);
	free(c->design);
	free(c->variance);
	free(c->first_period);
	free(c->last_period);
	memset(c, 0, sizeof(*c));
}

static const char *
jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A finite number, or false: null, missing and anything else are "no value". */
static bool
jnum(const cJSON *o, const char *key, double *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
		return false;
	*out = v->valuedouble;
	return true;
}

static bool
jsup(const cJSON *o)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "suppressed"));
}

static char *
jdup(const cJSON *o, const char *key)
{
	const char *s = jstr(o, key);

	return s ? xstrdup(s) : NULL;
}

const char *
plot_dim_name(const char *by, enum lang lang)
{
	static const struct { const char *by, *name[LANG_COUNT]; } names[] = {
		{ "role", { "role", "rol" } },
		{ "grade", { "grade band", "nivel escolar" } },
		{ "gender", { "gender", "género" } },
		{ "race", { "race and ethnicity", "raza y etnia" } },
		{ "disability", { "disability", "discapacidad" } },
		{ "firstgen", { "first in family to attend college",
		    "primera generación universitaria" } },
		{ "language", { "language spoken at home", "idioma en casa" } },
		{ "event", { "event", "evento" } },
		{ "partner", { "partner", "organización aliada" } },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].by, by) == 0)
			return names[i].name[lang];
	return by;
}

const char *
plot_group_label(const char *by, const char *grp, const char *fallback,
    enum lang lang)
{
	const struct about_question *q;
	int i;

	if (strcmp(grp, "all") == 0)
		return lang == LANG_ES ? "Todos" : "Everyone";
	if (strcmp(grp, "not_answered") == 0)
		return lang == LANG_ES ? "Sin respuesta" : "Not answered";
	if (by == NULL || (q = about_find(by)) == NULL)
		return fallback ? fallback : grp;
	if (strcmp(grp, "two_or_more") == 0 && q->multi)
		return lang == LANG_ES ? "Dos o más" : "Two or more";
	i = about_code_index(q, grp);
	if (i == ABOUT_PREFER_NOT_INDEX)
		return about_prefer_not_label[lang];
	if (i >= 0)
		return q->codes[i].label[lang];
	return fallback ? fallback : grp;
}

void
plot_period_label(char *buf, size_t size, const char *period,
    const char *interval, enum lang lang)
{
	static const char *const mon[LANG_COUNT][12] = {
		{ "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
		    "Oct", "Nov", "Dec" },
		{ "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep",
		    "oct", "nov", "dic" },
	};
	int y, m, d;

	if (sscanf(period, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12) {
		snprintf(buf, size, "%s", period);
		return;
	}
	if (interval != NULL && strcmp(interval, "year") == 0)
		snprintf(buf, size, "%d", y);
	else if (interval != NULL && strcmp(interval, "quarter") == 0)
		snprintf(buf, size, lang == LANG_ES ? "T%d %d" : "%2$d Q%1$d",
		    (m - 1) / 3 + 1, y);
	else if (interval != NULL && strcmp(interval, "month") == 0)
		snprintf(buf, size, "%s %d", mon[lang][m - 1], y);
	else
		snprintf(buf, size, "%d %s %d", d, mon[lang][m - 1], y);
}

/* Control characters (a newline in a partner's name, say) as spaces, so
 * that a label is one line of a comment. */
static void
put_comment(FILE *f, const char *what, const char *s)
{
	fprintf(f, "# %s ", what);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		putc(*p < 0x20 || *p == 0x7f ? ' ' : *p, f);
	putc('\n', f);
}

/* Add "label (detail)" to the footnote's list, once per label. */
static void
add_suppressed(struct plot_chart *c, const char *label, const char *detail)
{
	char *s = detail ? xasprintf("%s (%s)", label, detail) : xstrdup(label);

	for (int i = 0; i < c->suppressed.n; i++)
		if (strcmp(c->suppressed.v[i], s) == 0) {
			free(s);
			return;
		}
	strs_add(&c->suppressed, s);
	free(s);
}

static const char *
row_label(const struct plot_chart *c, const cJSON *row)
{
	const char *grp = jstr(row, "group");

	return plot_group_label(c->by, grp ? grp : "?", jstr(row, "label"), c->lang);
}

/* --- trend -------------------------------------------------------------- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether group g has a value in period pi (out of range: no). */
static bool
has_value(const cJSON *rows, struct plot_strs periods, int pi, const char *g)
{
	const cJSON *row;
	double v;

	if (pi < 0 || pi >= periods.n)
		return false;
	cJSON_ArrayForEach(row, rows) {
		const char *p = jstr(row, "period"), *rg = jstr(row, "group");

		if (p && rg && strcmp(p, periods.v[pi]) == 0 && strcmp(rg, g) == 0)
			return !jsup(row) && jnum(row, "value", &v);
	}
	return false;
}

static int
build_trend(struct plot_chart *c, const cJSON *rows, FILE *f, char **err)
{
	struct plot_strs periods = { NULL, 0 }, groups = { NULL, 0 };
	const cJSON *row;
	char tic[64];
	double allsum = 0;
	bool have_slope_n = false;

	/* The periods and the groups, in the order the report gives them. */
	cJSON_ArrayForEach(row, rows) {
		const char *p = jstr(row, "period"), *g = jstr(row, "group");
		bool seen = false;

		if (p == NULL || g == NULL)
			continue;
		if (strcmp(p, "slope") != 0) {
			for (int i = 0; i < periods.n && !seen; i++)
				seen = strcmp(periods.v[i], p) == 0;
			if (!seen)
				strs_add(&periods, p);
		}
		seen = false;
		for (int i = 0; i < groups.n && !seen; i++)
			seen = strcmp(groups.v[i], g) == 0;
		if (!seen)
			strs_add(&groups, g);
	}
	if (periods.n > 0)
		qsort(periods.v, (size_t)periods.n, sizeof(*periods.v), cmp_str);
	plot_group_order((const char **)groups.v, groups.n, NULL, NULL, 0);
	c->ylo = INFINITY;
	c->yhi = -INFINITY;
	/* Tics: "Jan" with the year below it at the start and in January
	 * ("Q1" and the year for quarters), so twelve months fit. */
	for (int i = 0; i < periods.n; i++) {
		bool month = c->interval && strcmp(c->interval, "month") == 0;
		bool quarter = c->interval && strcmp(c->interval, "quarter") == 0;

		plot_period_label(tic, sizeof(tic), periods.v[i], c->interval, c->lang);
		if ((month || quarter) && strchr(tic, ' ') != NULL) {
			char *sp = strchr(tic, ' ');
			bool year = i == 0 || strncmp(periods.v[i] + 5, "01", 2) == 0;

			if (quarter && c->lang == LANG_EN) {	/* "2024 Q1" */
				char y[8];

				snprintf(y, sizeof(y), "%.4s", tic);
				snprintf(tic, sizeof(tic), year ? "%s\n%s" : "%s", sp + 1, y);
			} else if (year) {
				*sp = '\n';
			} else {
				*sp = '\0';
			}
		}
		strs_add(&c->cats, tic);
	}
	c->xstep = 1;
	if (periods.n > 0) {
		c->first_period = xstrdup(periods.v[0]);
		c->last_period = xstrdup(periods.v[periods.n - 1]);
	}

	/* One data block per group that has a value somewhere; a period
	 * without a value breaks its line and band (a blank line). */
	for (int gi = 0; gi < groups.n; gi++) {
		const char *label = NULL;
		int shown = 0, hidden = 0;
		double endx = 0, endy = 0;
		bool broken = false;
		char *blk = NULL;
		size_t blklen = 0;
		FILE *b = open_memstream(&blk, &blklen);

		if (b == NULL) {
			*err = xstrdup("out of memory");
			goto fail;
		}
		for (int pi = 0; pi < periods.n; pi++) {
			const cJSON *hit = NULL;
			double v, lo, hi, n;

			cJSON_ArrayForEach(row, rows) {
				const char *p = jstr(row, "period"), *g = jstr(row, "group");

				if (p && g && strcmp(p, periods.v[pi]) == 0 &&
				    strcmp(g, groups.v[gi]) == 0) {
					hit = row;
					break;
				}
			}
			if (hit != NULL)
				label = row_label(c, hit);
			if (hit == NULL || jsup(hit) || !jnum(hit, "value", &v)) {
				if (hit != NULL && jsup(hit))
					hidden++;
				/* One blank line breaks the line; two would start
				 * the next block (gnuplot's index). */
				if (!broken && shown > 0)
					fputs("\n", b);
				broken = true;
				continue;
			}
			if (!jnum(hit, "lo", &lo) || !jnum(hit, "hi", &hi))
				lo = hi = v;
			if (!jnum(hit, "n", &n))
				n = -1;
			/* Column 6: no neighbour, so no band: the template
			 * draws its interval as an error bar. */
			fprintf(b, "%d\t%.10g\t%.10g\t%.10g\t%.0f\t%d\n", pi, v, lo, hi, n,
			    !has_value(rows, periods, pi - 1, groups.v[gi]) &&
			    !has_value(rows, periods, pi + 1, groups.v[gi]));
			shown++;
			broken = false;
			endx = pi;
			endy = v;
			c->ylo = fmin(c->ylo, fmin(lo, v));
			c->yhi = fmax(c->yhi, fmax(hi, v));
			if (strcmp(groups.v[gi], "all") == 0 && n > 0)
				allsum += n;
		}
		fclose(b);
		if (label == NULL)
			label = groups.v[gi];
		if (shown > 0) {
			put_comment(f, "group", groups.v[gi]);
			fprintf(f, "%s\n\n", blk);
			strs_add(&c->series, label);
			strs_add(&c->codes, groups.v[gi]);
			c->endx = xrealloc(c->endx, (size_t)c->series.n * sizeof(double));
			c->endy = xrealloc(c->endy, (size_t)c->series.n * sizeof(double));
			c->endx[c->series.n - 1] = endx;
			c->endy[c->series.n - 1] = endy;
		}
		if (hidden > 0) {
			char *d;

			/* Which periods, or how many, would help a reader
			 * subtract: the footnote says only that some are. */
			if (shown == 0)
				d = NULL;
			else
				d = xstrdup(c->lang == LANG_ES ? "algunos periodos" :
				    "some periods");
			add_suppressed(c, label, d);
			free(d);
		}
		free(blk);
	}
	cJSON_ArrayForEach(row, rows) {
		const char *p = jstr(row, "period"), *g = jstr(row, "group");
		double n;

		if (p && g && strcmp(p, "slope") == 0 && strcmp(g, "all") == 0 &&
		    !jsup(row) && jnum(row, "n", &n)) {
			c->total_n = (long)n;
			have_slope_n = true;
		}
	}
	if (c->series.n > 0)
		plot_nice_range(c->ylo, c->yhi, &c->ylo, &c->yhi);
	if (!have_slope_n && allsum > 0 && c->indicator != NULL &&
	    strcmp(c->indicator, "belonging") == 0)
		c->total_n = (long)allsum;
	strs_free(&periods);
	strs_free(&groups);
	return 0;
fail:
	strs_free(&periods);
	strs_free(&groups);
	return -1;
}

/* --- gaps ----------------------------------------------------------------- */

struct gap {
	double v, lo, hi, n;
	bool flag;
	char *label;
	const char *code;		/* in rows */
	struct plot_style style;
};

static int
cmp_gap(const void *a, const void *b)
{
	const struct gap *x = a, *y = b;
	int rx = plot_group_rank(x->code), ry = plot_group_rank(y->code);

	/* Ascending: the first is drawn at the bottom, so prefer_not and
	 * not_answered, which come last, go first. */
	if (rx != ry)
		return ry - rx;
	return (x->v > y->v) - (x->v < y->v);
}

static int
build_gaps(struct plot_chart *c, const cJSON *rows, FILE *f)
{
	struct gap *gaps = NULL;
	const cJSON *row;
	int n = 0;

	cJSON_ArrayForEach(row, rows) {
		const char *ind = jstr(row, "indicator"), *g = jstr(row, "group");
		struct gap x = { 0 };

		if (g == NULL || ind == NULL)
			continue;
		if (strcmp(g, "all") == 0) {
			if (strcmp(ind, "respondents") == 0 && !jsup(row) &&
			    jnum(row, "n", &x.n))
				c->total_n = (long)x.n;
			continue;
		}
		if (strcmp(ind, "gap") != 0)
			continue;
		if (jsup(row) || !jnum(row, "value", &x.v)) {
			add_suppressed(c, row_label(c, row), NULL);
			continue;
		}
		if (!jnum(row, "lo", &x.lo) || !jnum(row, "hi", &x.hi))
			x.lo = x.hi = x.v;
		if (!jnum(row, "n", &x.n))
			x.n = -1;
		x.flag = jstr(row, "flag") != NULL && *jstr(row, "flag") != '\0';
		x.code = g;
		if (x.n >= 0) {
			char cnt[32];

			plot_text_count(cnt, sizeof(cnt), x.n, c->lang);
			x.label = xasprintf("%s (n\u00a0=\u00a0%s)", row_label(c, row), cnt);
		} else
			x.label = xstrdup(row_label(c, row));
		gaps = xrealloc(gaps, (size_t)(n + 1) * sizeof(*gaps));
		gaps[n++] = x;
	}
	/* Each group's colour as on the other charts: from the report's
	 * order (the greys last), before the sort by gap. */
	if (n > 0) {
		const char **codes = xcalloc((size_t)n, sizeof(*codes));
		struct plot_style *st = xcalloc((size_t)n, sizeof(*st));
		int *at = xcalloc((size_t)n, sizeof(*at));
		size_t sz = sizeof(*at);
		void *par = at;

		for (int i = 0; i < n; i++) {
			codes[i] = gaps[i].code;
			at[i] = i;
		}
		plot_group_order(codes, n, &par, &sz, 1);
		plot_group_styles(codes, n, st);
		for (int i = 0; i < n; i++)
			gaps[at[i]].style = st[i];
		free(codes);
		free(st);
		free(at);
		qsort(gaps, (size_t)n, sizeof(*gaps), cmp_gap);
	}
	c->styles = xcalloc((size_t)n + 1, sizeof(*c->styles));
	for (int i = 0; i < n; i++) {
		strs_add(&c->cats, gaps[i].label);
		strs_add(&c->codes, gaps[i].code);
		c->styles[i] = gaps[i].style;
	}
	/* Top to bottom, as read: the file lists prefer_not and
	 * not_answered last too. */
	fputs("# y\tgap\tlo\thi\tflag\tn\tcolour\n", f);
	for (int i = n - 1; i >= 0; i--) {
		put_comment(f, "group", gaps[i].code);
		fprintf(f, "%d\t%.10g\t%.10g\t%.10g\t%d\t%.0f\t%ld\n", i, gaps[i].v,
		    gaps[i].lo, gaps[i].hi, gaps[i].flag, gaps[i].n,
		    plot_colour_int(gaps[i].style.colour));
		free(gaps[i].label);
	}
	free(gaps);
	return 0;
}

/* --- reach ------------------------------------------------------------------ */

/* Groups that are not an answer with a code: outside share_known.
 * (two_or_more is inside: it is a group of the census's tables, and
 * benchmarks give its share.) */
static bool
uncoded(const char *g)
{
	return strcmp(g, "prefer_not") == 0 || strcmp(g, "not_answered") == 0;
}

static int
build_reach(struct plot_chart *c, const cJSON *rows, FILE *f)
{
	const cJSON *row;
	int coded = 0, known = 0, x = 0;
	double v;

	/* share_known where every group drawn has it; else the share of
	 * everyone (share_known is withheld when a small group would be
	 * given away by it). */
	cJSON_ArrayForEach(row, rows) {
		const char *g = jstr(row, "group");

		if (g == NULL || strcmp(g, "all") == 0 || uncoded(g) ||
		    !jnum(row, "share", &v))
			continue;
		coded++;
		if (jnum(row, "share_known", &v))
			known++;
	}
	c->share_known = coded > 0 && known == coded;
	cJSON_ArrayForEach(row, rows) {
		const char *g = jstr(row, "group");
		double n;

		if (g != NULL && strcmp(g, "all") == 0 && !jsup(row) &&
		    jnum(row, "n", &n))
			c->total_n = (long)n;
	}
	/* The groups in the chart order: real ones as the report gives
	 * them, then prefer_not, then not_answered; each its colour. */
	{
		const char **codes = NULL;
		int nc = 0;

		for (int pass = PLOT_RANK_REAL; pass <= PLOT_RANK_NOT_ANSWERED; pass++)
			cJSON_ArrayForEach(row, rows) {
				const char *g = jstr(row, "group");

				if (g != NULL && (int)plot_group_rank(g) == pass &&
				    !(c->share_known && uncoded(g)) &&
				    jnum(row, c->share_known ? "share_known" : "share", &v)) {
					codes = xrealloc(codes, (size_t)(nc + 1) * sizeof(*codes));
					codes[nc++] = g;
				}
			}
		c->styles = xcalloc((size_t)nc + 1, sizeof(*c->styles));
		plot_group_styles(codes, nc, c->styles);
		/* One colour for the respondents of every real group, as the
		 * key says (its bars stand beside the benchmark's); the greys
		 * set apart those who gave no group. */
		for (int i = 0; i < nc; i++)
			if (plot_group_rank(codes[i]) == PLOT_RANK_REAL)
				c->styles[i].colour = "#0072B2";
		free(codes);
	}
	fputs("# x\tshare %\tbenchmark %\n", f);
	for (int pass = PLOT_RANK_REAL; pass <= PLOT_RANK_NOT_ANSWERED; pass++)
	cJSON_ArrayForEach(row, rows) {
		const char *g = jstr(row, "group");
		double share, bench, n;
		char *label;

		if (g == NULL || (int)plot_group_rank(g) != pass)
			continue;
		if (c->share_known && uncoded(g))
			continue;
		if (!jnum(row, c->share_known ? "share_known" : "share", &share)) {
			add_suppressed(c, row_label(c, row), NULL);
			continue;
		}
		if (jnum(row, "benchmark", &bench))
			c->has_benchmark = true;
		else
			bench = NAN;
		if (jnum(row, "n", &n)) {
			char cnt[32];

			plot_text_count(cnt, sizeof(cnt), n, c->lang);
			label = xasprintf("%s\n(n\u00a0=\u00a0%s)", row_label(c, row), cnt);
		} else
			label = xstrdup(row_label(c, row));
		put_comment(f, "group", g);
		fprintf(f, "%d\t%.6g\t", x, share * 100);
		if (isnan(bench))
			fputs("NaN", f);
		else
			fprintf(f, "%.6g", bench * 100);
		fputc('\n', f);
		x++;
		strs_add(&c->codes, g);
		strs_add(&c->cats, label);
		free(label);
	}
	return 0;
}

/* --- items ------------------------------------------------------------------ */

/* The question of item id in lang, else in English, else the id itself:
 * from the report's "items". */
static const char *
item_text(const cJSON *items, const char *id, enum lang lang)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, items) {
		const cJSON *text = cJSON_GetObjectItemCaseSensitive(it, "text");
		const char *itid = jstr(it, "id"), *s;

		if (itid == NULL || strcmp(itid, id) != 0)
			continue;
		if ((s = jstr(text, lang_code(lang))) != NULL && *s != '\0')
			return s;
		if ((s = jstr(text, "en")) != NULL && *s != '\0')
			return s;
		break;
	}
	return id;
}

/* Everyone's agree rate of item id, or -1: where a panel's value
 * label goes clear of everyone's outline. */
static double
everyone(const cJSON *rows, const char *id)
{
	const cJSON *row;
	double v;

	cJSON_ArrayForEach(row, rows) {
		const char *ind = jstr(row, "indicator"), *g = jstr(row, "group");

		if (ind && g && strcmp(g, "all") == 0 &&
		    strncmp(ind, "agree:", 6) == 0 && strcmp(ind + 6, id) == 0)
			return !jsup(row) && jnum(row, "value", &v) ? v : -1;
	}
	return -1;
}

static int
build_items(struct plot_chart *c, const cJSON *items, const cJSON *rows,
    FILE *f)
{
	struct plot_strs groups = { NULL, 0 }, ids = { NULL, 0 };
	const cJSON *row;
	int nshown = 0;
	double h;

	cJSON_ArrayForEach(row, rows) {
		const char *ind = jstr(row, "indicator"), *g = jstr(row, "group");
		bool seen = false;

		if (ind == NULL || g == NULL)
			continue;
		if (strcmp(g, "all") == 0 && strcmp(ind, "respondents") == 0 &&
		    !jsup(row) && jnum(row, "n", &h))
			c->total_n = (long)h;
		if (strncmp(ind, "agree:", 6) != 0)
			continue;
		for (int i = 0; i < ids.n && !seen; i++)
			seen = strcmp(ids.v[i], ind + 6) == 0;
		if (!seen) {
			strs_add(&ids, ind + 6);
			strs_add(&c->cats, item_text(items, ind + 6, c->lang));
		}
		seen = false;
		for (int i = 0; i < groups.n && !seen; i++)
			seen = strcmp(groups.v[i], g) == 0;
		if (!seen)
			strs_add(&groups, g);
	}
	plot_group_order((const char **)groups.v, groups.n, NULL, NULL, 0);
	/* Items top to bottom in the instrument's order; within an item one
	 * bar per group with a value, the bars sharing 0.8 of its height.
	 * Column 7, the item's row, is where a panel of its own puts it,
	 * beside everyone's rate (8, -1 when not shown). */
	for (int gi = 0; gi < groups.n; gi++) {
		cJSON_ArrayForEach(row, rows) {
			const char *ind = jstr(row, "indicator"), *g = jstr(row, "group");
			double v;

			if (ind && g && strncmp(ind, "agree:", 6) == 0 &&
			    strcmp(g, groups.v[gi]) == 0 && !jsup(row) &&
			    jnum(row, "value", &v)) {
				nshown++;
				break;
			}
		}
	}
	h = 0.8 / (nshown > 0 ? nshown : 1);
	for (int gi = 0; gi < groups.n; gi++) {
		const char *label = NULL;
		int shown = 0;

		for (int ii = 0; ii < ids.n; ii++) {
			double v, lo, hi, n, y;

			cJSON_ArrayForEach(row, rows) {
				const char *ind = jstr(row, "indicator"), *g = jstr(row, "group");

				if (ind && g && strncmp(ind, "agree:", 6) == 0 &&
				    strcmp(ind + 6, ids.v[ii]) == 0 &&
				    strcmp(g, groups.v[gi]) == 0)
					break;
			}
			if (row == NULL)
				continue;
			label = row_label(c, row);
			if (jsup(row) || !jnum(row, "value", &v)) {
				add_suppressed(c, label, NULL);
				continue;
			}
			if (!jnum(row, "lo", &lo) || !jnum(row, "hi", &hi))
				lo = hi = v;
			if (!jnum(row, "n", &n))
				n = -1;
			if (shown++ == 0)
				put_comment(f, "group", groups.v[gi]);
			y = (c->cats.n - 1 - ii) + 0.4 - h * (c->series.n + 0.5);
			fprintf(f, "%.6g\t%.10g\t%.10g\t%.10g\t%.6g\t%.0f\t%d\t%.10g\n",
			    y, v, lo, hi, h * 0.9 / 2, n, c->cats.n - 1 - ii,
			    everyone(rows, ids.v[ii]));
		}
		if (shown > 0) {
			fputs("\n\n", f);
			strs_add(&c->series, label);
			strs_add(&c->codes, groups.v[gi]);
		}
	}
	strs_free(&groups);
	strs_free(&ids);
	return 0;
}

/* --- change --------------------------------------------------------------- */

struct dumbbell {
	double pre, pre_lo, pre_hi, post, post_lo, post_hi, change, n;
	const char *code;		/* in rows */
	char *label;
};

/* An interval's end, or the point itself when change gives none (a
 * group of one value has no spread to show). */
static double
end_or(const cJSON *row, const char *key, double v)
{
	double x;

	return jnum(row, key, &x) ? x : v;
}

/*
 * A dumbbell per group: the matched rows of belong change (everyone,
 * the groups in the report's order, prefer_not and not_answered last),
 * each its pre and post with their intervals.  The unmatched comparison
 * is change's own row and no pair's: it is not drawn.  A suppressed row
 * is left out and named in the footnote.
 */
static int
build_change(struct plot_chart *c, const cJSON *rows, FILE *f)
{
	struct dumbbell *d = NULL;
	const char **codes;
	const cJSON *row;
	int n = 0;

	cJSON_ArrayForEach(row, rows) {
		const char *g = jstr(row, "group");
		const char *cmp = jstr(row, "comparison");
		struct dumbbell x = { 0 };
		char cnt[32];

		if (g == NULL || (cmp != NULL && strcmp(cmp, "matched") != 0))
			continue;
		if (jsup(row) || !jnum(row, "pre", &x.pre) ||
		    !jnum(row, "post", &x.post)) {
			add_suppressed(c, row_label(c, row), NULL);
			continue;
		}
		x.pre_lo = end_or(row, "pre_lo", x.pre);
		x.pre_hi = end_or(row, "pre_hi", x.pre);
		x.post_lo = end_or(row, "post_lo", x.post);
		x.post_hi = end_or(row, "post_hi", x.post);
		if (!jnum(row, "change", &x.change))
			x.change = x.post - x.pre;
		if (!jnum(row, "n", &x.n))
			x.n = -1;
		if (strcmp(g, "all") == 0 && x.n >= 0)
			c->total_n = (long)x.n;
		x.code = g;
		if (x.n >= 0) {
			plot_text_count(cnt, sizeof(cnt), x.n, c->lang);
			x.label = xasprintf("%s (n\u00a0=\u00a0%s)",
			    row_label(c, row), cnt);
		} else
			x.label = xstrdup(row_label(c, row));
		d = xrealloc(d, (size_t)(n + 1) * sizeof(*d));
		d[n++] = x;
	}
	/* The chart order and each group's colour, as on the other charts. */
	codes = xcalloc((size_t)n + 1, sizeof(*codes));
	{
		size_t sz = sizeof(*d);
		void *par = d;

		for (int i = 0; i < n; i++)
			codes[i] = d[i].code;
		plot_group_order(codes, n, &par, &sz, 1);
	}
	c->styles = xcalloc((size_t)n + 1, sizeof(*c->styles));
	plot_group_styles(codes, n, c->styles);
	free(codes);
	/* Top to bottom as read: row i at y = n - 1 - i. */
	fputs("# y\tpre\tpre_lo\tpre_hi\tpost\tpost_lo\tpost_hi\tchange\t"
	    "n\tcolour\n", f);
	for (int i = 0; i < n; i++) {
		strs_add(&c->cats, d[i].label);
		strs_add(&c->codes, d[i].code);
		put_comment(f, "group", d[i].code);
		fprintf(f, "%d\t%.10g\t%.10g\t%.10g\t%.10g\t%.10g\t%.10g\t"
		    "%.10g\t%.0f\t%ld\n", n - 1 - i, d[i].pre, d[i].pre_lo,
		    d[i].pre_hi, d[i].post, d[i].post_lo, d[i].post_hi,
		    d[i].change, d[i].n, plot_colour_int(c->styles[i].colour));
		free(d[i].label);
	}
	free(d);
	return 0;
}

/* --- commitment ------------------------------------------------------------ */

/* A commitment's figure as its label prints it: counts of people or
 * sites whole, with the language's separators; a % or index to one
 * decimal, with a decimal comma in Spanish. */
static void
commitment_number(char *buf, size_t size, double v, const char *ind,
    enum lang lang)
{
	bool count = strcmp(ind, "attendance") == 0 ||
	    strcmp(ind, "respondents") == 0 || strcmp(ind, "new-reach") == 0 ||
	    strcmp(ind, "educators") == 0 || strncmp(ind, "sites:", 6) == 0;
	bool pct = strcmp(ind, "group-share") == 0 || strncmp(ind, "agree:", 6) == 0;
	char *dot;

	if (count) {
		plot_text_count(buf, size, v, lang);
		return;
	}
	snprintf(buf, size, "%.1f%s", v, pct ? (lang == LANG_ES ?
	    "\u00a0%" : "%") : "");
	if (lang == LANG_ES && (dot = strchr(buf, '.')) != NULL)
		*dot = ',';
}

/*
 * A bullet per commitment, in the order of commitment progress (due
 * date, slug), top to bottom.  Each row's figures stay in its own unit;
 * its scale, s0 to s1, is 0 (or its lowest figure, when one is below 0)
 * to a tenth past its highest, and the template draws (x - s0) / (s1 -
 * s0).  A suppressed commitment has no line in the data file at all,
 * not even its target: its row is drawn empty with the word, and it is
 * named in the footnote.  A suppressed baseline alone is left out and
 * named too.
 */
static int
build_commitment(struct plot_chart *c, const cJSON *rows, FILE *f)
{
	static const char *const keys[] = { "value", "lo", "hi", "target",
	    "baseline", "projection", "projection_lo", "projection_hi" };
	const cJSON *row;
	int n = 0, i = 0;

	cJSON_ArrayForEach(row, rows)
		n += jstr(row, "slug") != NULL && jstr(row, "indicator") != NULL;
	fputs("# y\tvalue\tlo\thi\ttarget\tbaseline\tprojection\t"
	    "projection_lo\tprojection_hi\ts0\ts1\n", f);
	cJSON_ArrayForEach(row, rows) {
		const char *slug = jstr(row, "slug"), *ind = jstr(row, "indicator");
		const char *title = jstr(row, "title"), *status = jstr(row, "status");
		const char *due = jstr(row, "due");
		double v[8], s0 = 0, s1 = 0;
		bool have[8], sup, any = false;
		char *what, *label, a[48], b[48], month[32] = "";

		if (slug == NULL || ind == NULL)
			continue;
		sup = jsup(row) || (status != NULL && strcmp(status, "suppressed") == 0);
		for (int k = 0; k < 8; k++) {
			have[k] = !sup && jnum(row, keys[k], &v[k]);
			if (!have[k])
				continue;
			if (!any || v[k] < s0)
				s0 = v[k];
			if (!any || v[k] > s1)
				s1 = v[k];
			any = true;
		}
		what = plot_text_indicator(ind, jstr(row, "group"), c->lang);
		if (title == NULL || *title == '\0')
			title = slug;
		label = xasprintf("%s\n%s", title, what);
		strs_add(&c->cats, label);
		strs_add(&c->codes, slug);
		free(label);
		free(what);
		if (sup)
			add_suppressed(c, title, NULL);
		else if (jstr(row, "baseline") != NULL &&
		    strcmp(jstr(row, "baseline"), "suppressed") == 0)
			add_suppressed(c, title, c->lang == LANG_ES ? "línea de base" :
			    "baseline");
		/* At the right: the status, and under it the value, the
		 * target and the due month ("210 · target 300 · Dec 2027").
		 * A suppressed commitment shows no number, not even its
		 * target. */
		if (due != NULL)
			plot_period_label(month, sizeof month, due, "month", c->lang);
		a[0] = b[0] = '\0';
		if (!sup && have[0]) {
			commitment_number(a, sizeof a, v[0], ind, c->lang);
			strcat(a, " \u00b7 ");
		}
		if (!sup && have[3]) {
			commitment_number(b, sizeof b, v[3], ind, c->lang);
			label = xasprintf(c->lang == LANG_ES ? "%s\n%smeta %s \u00b7 %s" :
			    "%s\n%starget %s \u00b7 %s", plot_text_status(status,
			    c->lang), a, b, month);
		} else
			label = xasprintf(c->lang == LANG_ES ? "%s\n%splazo: %s" :
			    "%s\n%sdue %s", plot_text_status(sup ? "suppressed" : status,
			    c->lang), a, month);
		strs_add(&c->right, label);
		free(label);
		if (!sup && any) {
			s0 = fmin(0, s0);
			s1 = s1 + 0.1 * (s1 - s0);
			if (!(s1 > s0))
				s1 = s0 + 1;
			c->marks |= (have[0] ? PLOT_MARK_VALUE : 0) |
			    (have[0] && have[1] && have[2] ? PLOT_MARK_INTERVAL : 0) |
			    (have[3] ? PLOT_MARK_TARGET : 0) |
			    (have[4] ? PLOT_MARK_BASELINE : 0) |
			    (have[5] ? PLOT_MARK_PROJECTION : 0) |
			    (have[5] && have[6] && have[7] ? PLOT_MARK_PROJ_INTERVAL : 0);
			put_comment(f, "commitment", slug);
			fprintf(f, "%d", n - 1 - i);
			for (int k = 0; k < 8; k++)
				if (have[k])
					fprintf(f, "\t%.10g", v[k]);
				else
					fputs("\tNaN", f);
			fprintf(f, "\t%.10g\t%.10g\n", s0, s1);
		}
		i++;
	}
	return 0;
}

int
plot_chart_build(struct plot_chart *c, enum plot_kind kind, enum lang lang,
    const char *json, char **err)
{
	cJSON *root = cJSON_Parse(json);
	const cJSON *rows;
	FILE *f = NULL;
	double v;
	int rc = -1;

	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->lang = lang;
	c->total_n = -1;
	c->min_n = -1;
	c->xstep = 1;
	if (root == NULL || !(cJSON_IsObject(root) ||
	    (kind == PLOT_COMMITMENT && cJSON_IsArray(root)))) {
		*err = xstrdup("the report's output is not a JSON object");
		goto fail;
	}
	rows = cJSON_GetObjectItemCaseSensitive(root, "rows");
	/* commitment progress prints its rows as a JSON array. */
	if (kind == PLOT_COMMITMENT && cJSON_IsArray(root))
		rows = root;
	if (!cJSON_IsArray(rows)) {
		*err = xstrdup("the report's output has no \"rows\" array");
		goto fail;
	}
	/* A suppressed selection: no chart at all, so no axis or footnote can
	 * say anything about it. */
	if (jsup(root)) {
		*err = xstrdup("nothing to plot: the selection is suppressed "
		    "(see PRIVACY in belong(1))");
		goto fail;
	}
	c->by = jdup(root, "by");
	c->interval = jdup(root, "interval");
	c->indicator = jdup(root, "indicator");
	c->region = jdup(root, "region");
	c->program = jdup(root, "program");
	c->design = jdup(root, "design");
	c->variance = jdup(root, "variance");
	c->overlap = c->by != NULL && strcmp(c->by, "race") == 0;
	if (jnum(root, "min_n", &v))
		c->min_n = (long)v;
	if ((f = open_memstream(&c->data, &c->datalen)) == NULL) {
		*err = xstrdup("out of memory");
		goto fail;
	}
	fputs("# belong plot: the numbers of the report, suppressed values left out\n", f);
	switch (kind) {
	case PLOT_TREND:
		rc = build_trend(c, rows, f, err);
		break;
	case PLOT_GAPS:
		rc = build_gaps(c, rows, f);
		break;
	case PLOT_REACH:
		rc = build_reach(c, rows, f);
		break;
	case PLOT_ITEMS:
		rc = build_items(c, cJSON_GetObjectItemCaseSensitive(root, "items"),
		    rows, f);
		break;
	case PLOT_CHANGE:
		rc = build_change(c, rows, f);
		break;
	case PLOT_COMMITMENT:
		rc = build_commitment(c, rows, f);
		break;
	default:
		*err = xstrdup("unknown chart");
		break;
	}
	if (fclose(f) != 0 && rc == 0) {
		*err = xstrdup("out of memory");
		rc = -1;
	}
	f = NULL;
	if (rc != 0)
		goto fail;
	rc = -1;
	if ((kind == PLOT_TREND || kind == PLOT_ITEMS) && c->series.n == 0) {
		*err = xstrdup(c->suppressed.n > 0 ?
		    "nothing to plot: every group is suppressed" :
		    "nothing to plot: no responses match");
		goto fail;
	}
	if (kind == PLOT_COMMITMENT && c->cats.n == 0) {
		*err = xstrdup("nothing to plot: no open commitment "
		    "(belong commitment add)");
		goto fail;
	}
	if ((kind == PLOT_GAPS || kind == PLOT_REACH || kind == PLOT_CHANGE) &&
	    c->cats.n == 0) {
		*err = xstrdup(c->suppressed.n > 0 ?
		    "nothing to plot: every group is suppressed" :
		    "nothing to plot: no responses match");
		goto fail;
	}
	if (c->styles == NULL) {
		c->styles = xcalloc((size_t)c->codes.n + 1, sizeof(*c->styles));
		plot_group_styles((const char *const *)c->codes.v, c->codes.n,
		    c->styles);
		/* A lone series of bars is everyone's, and near-black bars
		 * would be too heavy. */
		if (kind == PLOT_ITEMS && c->codes.n == 1)
			c->styles[0].colour = "#0072B2";
	}
	rc = 0;
fail:
	cJSON_Delete(root);
	return rc;
}

void
plot_chart_set_panels(struct plot_chart *c, enum plot_panels mode)
{
	char *old = c->data;

	c->panels = 1;
	if (c->kind == PLOT_TREND || c->kind == PLOT_ITEMS)
		c->panels = plot_panel_count(mode, (const char *const *)c->codes.v,
		    c->codes.n);
	c->data = xasprintf("# panels %d\n%s", c->panels, old ? old : "");
	c->datalen = strlen(c->data);
	free(old);
}
