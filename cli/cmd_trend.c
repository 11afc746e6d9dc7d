/*
 * belong trend: one indicator per week, month, quarter or year, for
 * everyone and per group, with intervals, and the least-squares slope per
 * year of each line through the periods it shows.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_trend.h"
#include "disclosure.h"
#include "report_design.h"
#include "report_opts.h"
#include "report_out.h"
#include "report_query.h"
#include "stats.h"
#include "xalloc.h"

enum { COL_PERIOD, COL_GROUP, COL_LABEL, COL_N, COL_VALUE, COL_LO, COL_HI, NCOLS };

static const struct output_column cols[NCOLS] = {
	{ "period", OUTPUT_NAME },
	{ "group", OUTPUT_NAME },
	{ "label", OUTPUT_TEXT },
	{ "n", OUTPUT_NUMBER },
	{ "value", OUTPUT_NUMBER },
	{ "lo", OUTPUT_NUMBER },
	{ "hi", OUTPUT_NUMBER },
};

enum ind { IND_BELONGING, IND_N, IND_AGREE, IND_NPS };

/* One period of one group, for the chosen indicator. */
struct tcell {
	char period[11];
	const char *grp;	/* "" for everyone */
	double n;		/* respondents, or answers to the item */
	double a, b;		/* agree: agree; nps: promoters, detractors */
	double sum, sumsq;	/* of the values the slope is fitted to */
};

struct tdata {
	struct tcell *v;
	int n;
};

/* The design, and the aggregates per event the cluster figures come from
 * (of everyone, kc/kic; of the groups, gc/gic). */
struct tdesign {
	struct rdesign d;
	struct rq_cells kc, gc;
	struct rq_icells kic, gic;
	const char *item;		/* agree and nps: the item */
	struct survey_cell *v;		/* nclusters */
	struct survey_xcell *xv;	/* for the slope */
	int nxv;
};

void
cmd_trend_usage(FILE *out)
{
	fputs("usage: belong trend --interval week|month|quarter|year [--by DIMENSION]\n"
	    "           [--indicator belonging|n|agree:ITEM|nps:ITEM] [--event SLUG ...]\n"
	    "           [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--role ROLE] [--min-n N]\n"
	    "           [--design srs|cluster] [--include-test]\n"
	    "           [--no-rollup] [--format table|csv|json|markdown|latex]\n"
	    "\n"
	    "  One row per period (its first day; weeks start on Monday) and group,\n"
	    "  with the 95 % interval; after each group's periods, a row \"slope\":\n"
	    "  the least-squares change per year over the periods shown.\n"
	    "  --design cluster (the default when two or more events have\n"
	    "  respondents): in each period the events with respondents are the\n"
	    "  clusters (a period with one event: srs), and the slope's interval is\n"
	    "  cluster-robust (svyglm).  Test events (belong event add --test) are\n"
	    "  left out unless --include-test.\n", out);
}

/* Days since 1970-01-01 of a YYYY-MM-DD (the proleptic Gregorian
 * calendar; H. Hinnant's days_from_civil). */
static long
days_of(const char *date)
{
	long y = strtol(date, NULL, 10), m = strtol(date + 5, NULL, 10),
	    d = strtol(date + 8, NULL, 10), era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The first day of the period after the one starting on date. */
static void
next_period(char *date, const char *interval)
{
	int y = atoi(date), m = atoi(date + 5), d = atoi(date + 8);
	char tmp[48];
	long days;

	if (strcmp(interval, "week") == 0) {
		/* civil_from_days of days + 7 */
		long z, era, doe, yoe, doy, mp;

		days = days_of(date) + 7 + 719468;
		era = (days >= 0 ? days : days - 146096) / 146097;
		doe = days - era * 146097;
		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
		mp = (5 * doy + 2) / 153;
		d = (int)(doy - (153 * mp + 2) / 5 + 1);
		m = (int)(mp < 10 ? mp + 3 : mp - 9);
		z = yoe + era * 400 + (m <= 2);
		y = (int)z;
	} else {
		m += strcmp(interval, "month") == 0 ? 1 :
		    strcmp(interval, "quarter") == 0 ? 3 : 12;
		y += (m - 1) / 12;
		m = (m - 1) % 12 + 1;
	}
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
	snprintf(date, 11, "%.10s", tmp);
}

/* The indicator's cells from the aggregates. */
static void
cells_from(struct tdata *t, enum ind ind, const struct rq_cells *cs,
    const struct rq_icells *ic)
{
	int n = ind == IND_AGREE || ind == IND_NPS ? ic->n : cs->n;

	t->v = xcalloc((size_t)n + 1, sizeof *t->v);
	t->n = n;
	for (int i = 0; i < n; i++) {
		struct tcell *c = &t->v[i];

		if (ind == IND_AGREE || ind == IND_NPS) {
			const struct rq_icell *x = &ic->v[i];

			memcpy(c->period, x->period, sizeof c->period);
			c->grp = x->grp;
			c->n = x->n;
			c->a = ind == IND_AGREE ? x->ge4 : x->ge9;
			c->b = x->le6;
			/* values 0 or 100 (agree); 100, 0 or -100 (nps) */
			c->sum = 100 * (ind == IND_AGREE ? x->ge4 : x->ge9 - x->le6);
			c->sumsq = 10000 * (ind == IND_AGREE ? x->ge4 : x->ge9 + x->le6);
		} else {
			const struct rq_cell *x = &cs->v[i];

			memcpy(c->period, x->period, sizeof c->period);
			c->grp = x->grp;
			c->n = ind == IND_N ? x->n : x->idx_n;
			c->sum = x->idx_sum;
			c->sumsq = x->idx_sumsq;
		}
	}
}

static struct tcell *
tfind(const struct tdata *t, const char *period, const char *grp)
{
	for (int i = 0; i < t->n; i++)
		if (strcmp(t->v[i].period, period) == 0 && strcmp(t->v[i].grp, grp) == 0)
			return &t->v[i];
	return NULL;
}

/* The per-cluster cells of a line (grp; "" everyone) in a period. */
static void
line_cells(struct tdesign *x, enum ind ind, const char *period, const char *grp)
{
	bool all = grp[0] == '\0';

	if (ind == IND_BELONGING)
		rdesign_index(&x->d, all ? &x->kc : &x->gc, period, grp, x->v);
	else if (ind == IND_AGREE)
		rdesign_agree(&x->d, all ? &x->kic : &x->gic, period, grp, x->item, x->v);
	else
		rdesign_nps(&x->d, all ? &x->kic : &x->gic, period, grp, x->item, x->v);
}

/*
 * Under the cluster design, a period's figure with the events that have
 * respondents in that period as its clusters (lib/survey.h); false when
 * the period has one event (then srs, as for a selection of one event)
 * or the indicator is a count.
 */
static bool
period_ci(struct tdesign *x, enum ind ind, const char *period, const char *grp,
    struct stats_ci *ci)
{
	struct survey_est e;
	int nc = x->d.nclusters, cp;

	if (!x->d.cluster || ind == IND_N)
		return false;
	rdesign_count(&x->d, rdesign_respondents(&x->d, &x->kc), period, "", x->v);
	if ((cp = survey_domain_clusters(x->v, nc)) < 2)
		return false;
	line_cells(x, ind, period, grp);
	if (survey_domain_clusters(x->v, nc) < 2)
		return false;	/* one event's answers: srs, as in report */
	if (ind == IND_AGREE)
		survey_prop(x->v, nc, cp, cp - 1, STATS_LEVEL, &e);
	else
		survey_mean(x->v, nc, cp, cp - 1, STATS_LEVEL, &e);
	if (ind != IND_BELONGING) {
		e.est *= 100;
		e.lo *= 100;
		e.hi *= 100;
	}
	ci->est = e.est;
	ci->lo = e.lo;
	ci->hi = e.hi;
	return true;
}

/* Add the line's cells of a period shown to the slope's (cluster design). */
static void
slope_add(struct tdesign *x, enum ind ind, const char *period, const char *grp)
{
	double years = (double)days_of(period) / 365.25;

	line_cells(x, ind, period, grp);
	for (int k = 0; k < x->d.nclusters; k++) {
		struct survey_xcell *c;

		if (x->v[k].n <= 0)
			continue;
		c = &x->xv[x->nxv++];
		c->cluster = k;
		c->x = years;
		c->n = x->v[k].n;
		/* values 0 or 100 (agree); 100, 0 or -100 (nps) */
		c->sum = ind == IND_BELONGING ? x->v[k].sum : 100 * x->v[k].sum;
	}
}

/* The slope over the cells slope_add gathered: svyglm(y ~ years, d) on
 * the line's respondents in the periods shown, on the design's C - 1
 * degrees of freedom (degf(d)).  False when they are one event's: the
 * caller takes the srs slope. */
static bool
slope_cluster(struct tdesign *x, struct stats_ci *ci)
{
	struct survey_est e;
	int nc = x->d.nclusters, first = x->nxv > 0 ? x->xv[0].cluster : -1;
	bool two = false;

	/* One event's answers: the srs slope, as for its periods. */
	for (int i = 1; i < x->nxv && !two; i++)
		two = x->xv[i].cluster != first;
	if (!two)
		return false;
	survey_slope(x->xv, x->nxv, nc, nc - 1, STATS_LEVEL, &e);
	ci->est = e.est;
	ci->lo = e.lo;
	ci->hi = e.hi;
	return true;
}

/*
 * One line: group g of dc (-1: everyone), every period of the selection
 * (suppressed ones too, alike whatever their n), then its slope.
 */
static void
emit_line(struct rout *out, const struct ropts *o, enum ind ind, int measure,
    const struct disclosure *dc, const struct tdata *t, int g, const char *grp,
    const char *label, struct tdesign *x)
{
	static const struct tcell nobody;
	char buf[4][32], period[11] = "", last[11];
	const char *cell[NCOLS];
	struct stats_reg reg = { 0 };
	struct stats_ci ci;
	struct disclosure_cell whole;
	int np = disclosure_nperiods(dc);

	for (int p = 0; p < np; p++) {
		const struct tcell *c = tfind(t, disclosure_period(dc, p), grp);
		struct stats_moments m;
		bool sup = disclosure_get(dc, g, p, measure).sup;

		if (c == NULL)
			c = &nobody;
		memset(cell, 0, sizeof cell);
		cell[COL_PERIOD] = disclosure_period(dc, p);
		cell[COL_GROUP] = grp[0] != '\0' ? grp : "all";
		cell[COL_LABEL] = label;
		cell[COL_N] = rout_num(buf[0], c->n, 0);
		if (ind == IND_BELONGING) {
			stats_moments(c->n, c->sum, c->sumsq, &m);
			stats_mean_ci(&m, STATS_LEVEL, &ci);
		} else if (ind == IND_AGREE) {
			stats_wilson(c->a, c->n, STATS_LEVEL, &ci);
			ci.est *= 100, ci.lo *= 100, ci.hi *= 100;
		} else if (ind == IND_NPS)
			stats_nps(c->a, c->b, c->n, STATS_LEVEL, &ci);
		else {
			ci.est = c->n;
			ci.lo = ci.hi = NAN;
		}
		period_ci(x, ind, cell[COL_PERIOD], grp, &ci);
		cell[COL_VALUE] = rout_num(buf[1], ci.est, ind == IND_N ? 0 : 2);
		cell[COL_LO] = rout_num(buf[2], ci.lo, 2);
		cell[COL_HI] = rout_num(buf[3], ci.hi, 2);
		if (sup)
			for (int k = COL_N; k <= (ind == IND_N ? COL_VALUE : COL_HI); k++)
				cell[k] = OUTPUT_SUPPRESSED;
		rout_row(out, cell);
		if (sup)
			continue;
		/* The slope: over the periods shown only, so that it gives
		 * away no suppressed value. */
		if (ind == IND_N)
			stats_reg_add(&reg, (double)days_of(cell[COL_PERIOD]) / 365.25, 1,
			    c->n, c->n * c->n);
		else if (x->d.cluster)
			slope_add(x, ind, cell[COL_PERIOD], grp);
		else
			stats_reg_add(&reg, (double)days_of(cell[COL_PERIOD]) / 365.25,
			    c->n, c->sum, c->sumsq);
	}
	/* Counts (n) get the periods without anyone at all as 0. */
	if (ind == IND_N && np > 0) {
		snprintf(period, sizeof period, "%s", disclosure_period(dc, 0));
		snprintf(last, sizeof last, "%s", disclosure_period(dc, np - 1));
		for (; strcmp(period, last) <= 0; next_period(period, o->interval)) {
			bool seen = false;

			for (int p = 0; p < np && !seen; p++)
				seen = strcmp(disclosure_period(dc, p), period) == 0;
			if (!seen)
				stats_reg_add(&reg, (double)days_of(period) / 365.25, 1, 0, 0);
		}
	}
	if (!x->d.cluster || ind == IND_N || !slope_cluster(x, &ci))
		stats_reg_slope(&reg, STATS_LEVEL, &ci);
	x->nxv = 0;
	/* n: the line's whole count, as report prints it, never the sum of
	 * the periods shown (that would give the others away). */
	whole = disclosure_get(dc, g, -1, measure);
	memset(cell, 0, sizeof cell);
	cell[COL_PERIOD] = "slope";
	cell[COL_GROUP] = grp[0] != '\0' ? grp : "all";
	cell[COL_LABEL] = label;
	cell[COL_N] = rout_num(buf[0], whole.n, 0);
	cell[COL_VALUE] = rout_num(buf[1], ci.est, 2);
	cell[COL_LO] = rout_num(buf[2], ci.lo, 2);
	cell[COL_HI] = rout_num(buf[3], ci.hi, 2);
	if (whole.sup)
		for (int k = COL_N; k <= COL_HI; k++)
			cell[k] = OUTPUT_SUPPRESSED;
	rout_row(out, cell);
}

/* --indicator: the kind, and for agree and nps an item of that type. */
static int
indicator(const struct ropts *o, const struct rq_items *items, enum ind *ind,
    char **arr)
{
	const char *s = o->indicator != NULL ? o->indicator : "belonging";
	const char *item = NULL;

	if (strcmp(s, "belonging") == 0)
		*ind = IND_BELONGING;
	else if (strcmp(s, "n") == 0)
		*ind = IND_N;
	else if (strncmp(s, "agree:", 6) == 0) {
		*ind = IND_AGREE;
		item = s + 6;
	} else if (strncmp(s, "nps:", 4) == 0) {
		*ind = IND_NPS;
		item = s + 4;
	} else {
		fprintf(stderr, "belong: trend: --indicator: must be belonging, n, "
		    "agree:ITEM or nps:ITEM\n");
		return EXIT_USAGE;
	}
	if (item == NULL)
		return 0;
	for (int i = 0; i < items->n; i++) {
		if (strcmp(items->v[i]->id, item) == 0 && items->v[i]->type ==
		    (*ind == IND_AGREE ? ITEM_LIKERT5 : ITEM_SCALE0_10)) {
			*arr = xasprintf("{%s}", item);
			return 0;
		}
	}
	fprintf(stderr, "belong: trend: --indicator: no %s item \"%.40s\" in the "
	    "instruments of the selected events\n",
	    *ind == IND_AGREE ? "likert5" : "scale0_10", item);
	return EXIT_USAGE;
}

int
cmd_trend(int argc, char **argv, struct cli_global *g)
{
	struct ropts o;
	struct rq q;
	struct rq_items items = { 0 }, one = { 0 };
	struct rq_cells tc = { 0 }, gc = { 0 };
	struct rq_icells tic = { 0 }, gic = { 0 };
	struct tdata tot = { 0 }, grp = { 0 };
	struct disclosure *dc = NULL;
	struct rout *out;
	struct tdesign x = { 0 };
	char *arr = NULL;
	PGconn *conn = NULL;
	enum ind ind = IND_BELONGING;
	int rc, measure;

	if ((rc = ropts_parse(&o, argc, argv, "trend", ROPT_FILTERS | ROPT_BY |
	    ROPT_BY_PAIR | ROPT_MIN_N | ROPT_FORMAT | ROPT_ROLLUP | ROPT_INTERVAL |
	    ROPT_INDICATOR | ROPT_DESIGN, cmd_trend_usage, g)) >= 0)
		goto done;
	conn = cli_connect(g);
	if ((rc = ropts_resolve_events(&o, conn)) != 0)
		goto done;
	rq_open(&q, conn, &o);
	rq_items(&q, false, &items);
	if ((rc = indicator(&o, &items, &ind, &arr)) != 0)
		goto done;
	/* The indicator's item, as the disclosure's one measure beside
	 * respondents and belonging. */
	for (int i = 0; arr != NULL && i < items.n; i++)
		if (strncmp(arr + 1, items.v[i]->id, strlen(items.v[i]->id)) == 0 &&
		    arr[1 + strlen(items.v[i]->id)] == '}') {
			one.v = &items.v[i];
			one.n = 1;
		}
	measure = ind == IND_N ? DISCLOSURE_RESPONDENTS :
	    ind == IND_BELONGING ? DISCLOSURE_BELONGING : DISCLOSURE_ITEM(0);
	/* The groups come from the respondents: an item's cells are a subset. */
	/* Per event, for the design; summed over the events for the rest. */
	rq_cells(&q, &ropts_total, o.interval, RQ_KEY_EVENT, &x.kc);
	rdesign_filter(&o, &x.kc);
	rdesign_collapse(&x.kc, &tc);
	rdesign_choose(&x.d, &o, &q, o.interval, &x.kc);
	x.item = one.n > 0 ? one.v[0]->id : "";
	x.v = xcalloc((size_t)x.d.nclusters + 1, sizeof *x.v);
	out = rout_begin(&o, &items, cols, NCOLS);
	if (tc.n == 0 && o.role == NULL && o.nevents == 0) {
		fprintf(stderr, "belong: trend: no responses match the filters\n");
		goto end;
	}
	dc = disclosure_new(&q, o.by, o.interval, one.n > 0 ? &one : NULL, arr);
	if (disclosure_selection_suppressed(dc)) {
		rout_refuse(out);
		goto end;
	}
	rout_design(out, !x.d.cluster ? (x.d.nclusters == 1 ? "srs: one event" :
	    "srs: respondents as a simple random sample") :
	    "cluster: in each period, its events with respondents as clusters "
	    "(a period with one event: srs); the slope's interval cluster-robust");
	x.xv = xcalloc((size_t)disclosure_nperiods(dc) * (size_t)x.d.nclusters + 1,
	    sizeof *x.xv);
	if (arr != NULL) {
		rq_icells(&q, &ropts_total, o.interval, arr, RQ_KEY_EVENT, &x.kic);
		rdesign_ifilter(&o, &x.kic);
		rdesign_icollapse(&x.kic, &tic);
	}
	cells_from(&tot, ind, &tc, &tic);
	if (o.by != NULL) {
		rq_cells(&q, o.by, o.interval, RQ_KEY_EVENT, &x.gc);
		rdesign_filter(&o, &x.gc);
		rdesign_collapse(&x.gc, &gc);
		if (arr != NULL) {
			rq_icells(&q, o.by, o.interval, arr, RQ_KEY_EVENT, &x.gic);
			rdesign_ifilter(&o, &x.gic);
			rdesign_icollapse(&x.gic, &gic);
		}
		cells_from(&grp, ind, &gc, &gic);
	}
	emit_line(out, &o, ind, measure, dc, &tot, -1, "", "Everyone", &x);
	for (int i = 0; i < disclosure_ngroups(dc); i++)
		emit_line(out, &o, ind, measure, dc, &grp, i, disclosure_group(dc, i),
		    disclosure_group_label(dc, i), &x);
	rout_note_race(out, &o);
	rout_note_suppressed(out, &o);
	rout_note(out, "slope: change per year, least squares over the periods "
	    "shown%s; its n is the line's whole count", x.d.cluster && ind != IND_N ?
	    ", interval from svyglm's linearization with the events as clusters" : "");
end:
	rc = rout_end(out);
done:
	free(arr);
	disclosure_free(dc);
	free(tot.v);
	free(grp.v);
	free(x.v);
	free(x.xv);
	rdesign_free(&x.d);
	rq_cells_free(&x.kc);
	rq_cells_free(&x.gc);
	rq_icells_free(&x.kic);
	rq_icells_free(&x.gic);
	rq_cells_free(&tc);
	rq_cells_free(&gc);
	rq_icells_free(&tic);
	rq_icells_free(&gic);
	rq_items_free(&items);
	if (conn != NULL)
		PQfinish(conn);
	ropts_free(&o);
	return rc;
}
