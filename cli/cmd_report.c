/*
 * belong report: the indicators of DESIGN.md for a selection of
 * responses, for everyone and per group of one dimension, with small
 * groups suppressed.  And belong rollup, which keeps the aggregates the
 * reports read up to date.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_report.h"
#include "disclosure.h"
#include "log.h"
#include "report_design.h"
#include "report_first.h"
#include "report_opts.h"
#include "report_out.h"
#include "report_query.h"
#include "response_rate.h"
#include "stats.h"
#include "xalloc.h"

/* p_adj is last: csv and json have it, the table leaves it to the flag. */
enum { COL_GROUP, COL_LABEL, COL_INDICATOR, COL_N, COL_VALUE, COL_LO, COL_HI,
	COL_D, COL_FLAG, COL_P_ADJ, NCOLS };

static const struct output_column cols[NCOLS] = {
	{ "group", OUTPUT_NAME },
	{ "label", OUTPUT_TEXT },
	{ "indicator", OUTPUT_NAME },
	{ "n", OUTPUT_NUMBER },
	{ "value", OUTPUT_NUMBER },
	{ "lo", OUTPUT_NUMBER },
	{ "hi", OUTPUT_NUMBER },
	{ "d", OUTPUT_NUMBER },
	{ "flag", OUTPUT_NAME },
	{ "p_adj", OUTPUT_NUMBER },
};

/* One row being built: the cells and the buffers their numbers live in. */
struct row {
	const char *cell[NCOLS];
	char buf[NCOLS][32];
	char indicator[80];
};

/* A group's gap to everyone else, computed for every group before any is
 * printed: the flags are adjusted over the family of the gaps shown. */
struct gapfig {
	struct stats_gap g;	/* diff, lo, hi, d; its flag is not used */
	double p;		/* two-sided; NAN when not shown */
	double p_adj;
	bool shown;		/* neither the group nor the rest suppressed */
};

/* The design, and the aggregates per event its figures come from. */
struct design_data {
	struct rdesign d;
	struct rq_cells tot, gs;
	struct rq_icells tic, gic;
	struct survey_cell *v, *w;	/* nclusters each */
	struct rfirst first;		/* with o->first_time */
};

/* What one group's rows are made of. */
struct group {
	const char *grp;		/* "all" for everyone */
	const char *label;
	const struct rq_cell *c;
	const struct rq_cell *total;	/* everyone, for the gap; NULL: none */
	int index;			/* in the disclosure's groups; -1: all */
	const char *key;		/* its key in the aggregates: "" or grp */
	const struct gapfig *gap;	/* with total: its gap */
};

void
cmd_report_usage(FILE *out)
{
	fputs("usage: belong report [--event SLUG ...] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
	    "           [--role ROLE] [--by DIMENSION] [--min-n N] [--no-rollup]\n"
	    "           [--design srs|cluster] [--adjust none|holm|bh] [--include-test]\n"
	    "           [--format table|csv|json|markdown|latex]\n"
	    "\n"
	    "  n, belonging index (0-100) with its 95 % t interval, agree rate (%) of\n"
	    "  every likert item with its Wilson interval, NPS of every 0-10 item; with\n"
	    "  --by, per group, and each group's gap to everyone else (Welch interval,\n"
	    "  Cohen's d, * when its p adjusted by --adjust, default holm, is below\n"
	    "  0.05).  Dimensions: role, grade, gender, race, disability, firstgen,\n"
	    "  language, event, partner.  Groups under --min-n respondents (default 10,\n"
	    "  at least 5) are suppressed.  --design cluster (the default when two or\n"
	    "  more events have respondents) takes the events as clusters: linearization\n"
	    "  intervals on clusters - 1 degrees of freedom, Korn-Graubard intervals\n"
	    "  for agree rates, and the design effect of the index.  Test events\n"
	    "  (belong event add --test) are left out unless --include-test.  Where\n"
	    "  the instruments ask first_time (pulse 2 on), first_time: respondents\n"
	    "  who answered it and the share (%) at their first event (yes).\n", out);
}

static void
row_start(struct row *r, const struct group *g, const char *indicator)
{
	memset(r->cell, 0, sizeof r->cell);
	r->cell[COL_GROUP] = g->grp;
	r->cell[COL_LABEL] = g->label;
	snprintf(r->indicator, sizeof r->indicator, "%s", indicator);
	r->cell[COL_INDICATOR] = r->indicator;
}

static void
row_num(struct row *r, int col, double v, int decimals)
{
	r->cell[col] = rout_num(r->buf[col], v, decimals);
}

/* Print the row, or its numbers as "suppressed" when sup: every number,
 * whatever it was, so that a suppressed row looks the same for any n. */
static void
row_emit(struct rout *out, struct row *r, bool sup)
{
	if (sup) {
		/* The columns the indicator has, not those its value filled. */
		bool gap = strcmp(r->indicator, "gap") == 0;
		int last = strcmp(r->indicator, "respondents") == 0 ? COL_VALUE :
		    gap ? COL_D : COL_HI;

		for (int c = COL_N; c <= last; c++)
			r->cell[c] = OUTPUT_SUPPRESSED;
		r->cell[COL_FLAG] = NULL;
		r->cell[COL_P_ADJ] = gap ? OUTPUT_SUPPRESSED : NULL;
	}
	rout_row(out, r->cell);
}

static void
ci_cells(struct row *r, const struct stats_ci *ci, double scale)
{
	row_num(r, COL_VALUE, ci->est * scale, 2);
	row_num(r, COL_LO, ci->lo * scale, 2);
	row_num(r, COL_HI, ci->hi * scale, 2);
}

static bool
sup_of(const struct disclosure *dc, const struct group *g, int measure)
{
	return disclosure_get(dc, g->index, -1, measure).sup;
}

/* The estimate and interval of a design-based figure. */
static void
ci_of(const struct survey_est *e, struct stats_ci *ci)
{
	ci->est = e->est;
	ci->lo = e->lo;
	ci->hi = e->hi;
}

/*
 * g's gap to everyone else and its two-sided p: Welch's t under srs; under
 * the cluster design the coefficient of svyglm(index ~ in_group) with its
 * linearization SE on clusters - 1 degrees of freedom.  A gap not shown
 * has no p, so it is not part of the family its flags are adjusted in.
 */
static void
gap_figure(const struct ropts *o, const struct disclosure *dc,
    struct design_data *x, const struct group *g, struct gapfig *f)
{
	const struct rq_cell *t = g->total;
	struct stats_moments m, rest;
	double se2;
	int nc = x->d.nclusters;

	stats_moments(g->c->idx_n, g->c->idx_sum, g->c->idx_sumsq, &m);
	stats_moments(t->idx_n - g->c->idx_n, t->idx_sum - g->c->idx_sum,
	    t->idx_sumsq - g->c->idx_sumsq, &rest);
	stats_welch(&m, &rest, STATS_LEVEL, &f->g);
	f->p = f->p_adj = NAN;
	if (x->d.cluster) {
		struct survey_est e;

		rdesign_index(&x->d, &x->gs, "", g->key, x->v);
		rdesign_index(&x->d, &x->tot, "", "", x->w);
		survey_gap(x->v, x->w, nc, nc, nc - 1, STATS_LEVEL, &e);
		f->g.diff = e.est;
		f->g.lo = e.lo;
		f->g.hi = e.hi;
		f->p = stats_t_p(e.est / e.se, nc - 1);
	} else if (m.n >= 2 && rest.n >= 2 &&
	    (se2 = m.var / m.n + rest.var / rest.n) > 0)
		f->p = stats_t_p(f->g.diff / sqrt(se2), f->g.df);
	/* Everyone else is a group too: its mean follows from the gap. */
	f->shown = !sup_of(dc, g, DISCLOSURE_BELONGING) && rest.n >= (double)o->min_n;
	if (!f->shown)
		f->p = NAN;
}

/*
 * The group's rows: every indicator, for every group alike (a row left out
 * would say what its members skipped); suppression from dc.  Under the
 * cluster design the figures are design-based (lib/survey.h): a domain's
 * variance comes from every cluster of the selection and its interval has
 * the design's C - 1 degrees of freedom (degf(d), as for svyby), not its
 * own clusters' count, which would say which events had none of it.  A
 * figure whose answers all come from one event (a group of --by event)
 * has no between-event variance to estimate: it is an srs figure, as a
 * report of that one event gives it.
 */
static void
emit_group(struct rout *out, const struct ropts *o, const struct disclosure *dc,
    const struct group *g, double everyone, const struct rq_items *items,
    const struct rq_icells *ic, struct design_data *x)
{
	static const struct rq_icell none;
	const struct rq_cells *xc = g->index < 0 ? &x->tot : &x->gs;
	const struct rq_icells *xic = g->index < 0 ? &x->tic : &x->gic;
	struct stats_moments m;
	struct survey_est e;
	struct stats_ci ci;
	struct row r;
	int nc = x->d.nclusters;
	bool sup;

	row_start(&r, g, "respondents");
	row_num(&r, COL_N, g->c->n, 0);
	row_num(&r, COL_VALUE, 100 * g->c->n / everyone, 2);
	row_emit(out, &r, sup_of(dc, g, DISCLOSURE_RESPONDENTS));

	stats_moments(g->c->idx_n, g->c->idx_sum, g->c->idx_sumsq, &m);
	if (x->d.cluster)
		rdesign_index(&x->d, xc, "", g->key, x->v);
	if (x->d.cluster && survey_domain_clusters(x->v, nc) >= 2) {
		survey_mean(x->v, nc, nc, nc - 1, STATS_LEVEL, &e);
		ci_of(&e, &ci);
	} else
		stats_mean_ci(&m, STATS_LEVEL, &ci);
	row_start(&r, g, "belonging");
	row_num(&r, COL_N, m.n, 0);
	ci_cells(&r, &ci, 1);
	sup = sup_of(dc, g, DISCLOSURE_BELONGING);
	row_emit(out, &r, sup);

	if (g->total != NULL) {
		const struct gapfig *f = g->gap;

		row_start(&r, g, "gap");
		row_num(&r, COL_N, m.n, 0);
		row_num(&r, COL_VALUE, f->g.diff, 2);
		row_num(&r, COL_LO, f->g.lo, 2);
		row_num(&r, COL_HI, f->g.hi, 2);
		row_num(&r, COL_D, f->g.d, 2);
		row_num(&r, COL_P_ADJ, f->p_adj, 4);
		r.cell[COL_FLAG] = f->p_adj < 1 - STATS_LEVEL ? "*" : NULL;
		row_emit(out, &r, !f->shown);
	}

	for (int i = 0; i < items->n; i++) {
		const struct item *it = items->v[i];
		const struct rq_icell *c = rq_icell_find(ic, "", g->key, it->id);
		char *name = xasprintf("%s:%s", it->type == ITEM_LIKERT5 ? "agree" : "nps",
		    it->id);

		if (c == NULL)
			c = &none;
		row_start(&r, g, name);
		free(name);
		if (x->d.cluster) {
			if (it->type == ITEM_LIKERT5)
				rdesign_agree(&x->d, xic, "", g->key, it->id, x->v);
			else
				rdesign_nps(&x->d, xic, "", g->key, it->id, x->v);
		}
		if (x->d.cluster && survey_domain_clusters(x->v, nc) >= 2) {
			if (it->type == ITEM_LIKERT5)
				survey_prop(x->v, nc, nc, nc - 1,
				    STATS_LEVEL, &e);
			else
				survey_mean(x->v, nc, nc, nc - 1,
				    STATS_LEVEL, &e);
			ci_of(&e, &ci);
			ci_cells(&r, &ci, 100);
		} else if (it->type == ITEM_LIKERT5) {
			stats_wilson(c->ge4, c->n, STATS_LEVEL, &ci);
			ci_cells(&r, &ci, 100);
		} else {
			stats_nps(c->ge9, c->le6, c->n, STATS_LEVEL, &ci);
			ci_cells(&r, &ci, 1);
		}
		row_num(&r, COL_N, c->n, 0);
		row_emit(out, &r, sup_of(dc, g, DISCLOSURE_ITEM(i)));
	}

	/* Pulse 2 on: the share at their first event (report_first.h). */
	if (o->first_time) {
		struct rfirst_fig f;

		rfirst_figure(&x->first, &x->d, dc, items->n, g->index, g->key, x->v, &f);
		row_start(&r, g, "first_time");
		row_num(&r, COL_N, f.n, 0);
		ci_cells(&r, &f.ci, 100);
		row_emit(out, &r, f.sup);
	}
}

/* Every group's gap, and the p-values adjusted over those shown. */
static struct gapfig *
gap_figures(const struct ropts *o, const struct disclosure *dc,
    struct design_data *x, const struct rq_cells *tot, const struct rq_cells *gs)
{
	static const struct rq_cell nobody;
	int n = disclosure_ngroups(dc);
	struct gapfig *f = xcalloc((size_t)n + 1, sizeof *f);
	double *p = xcalloc((size_t)n + 1, sizeof *p);

	for (int i = 0; i < n; i++) {
		const char *name = disclosure_group(dc, i);
		const struct rq_cell *c = rq_cell_find(gs, "", name);
		struct group gr = { name, NULL, c != NULL ? c : &nobody, &tot->v[0], i,
		    name, NULL };

		gap_figure(o, dc, x, &gr, &f[i]);
		p[i] = f[i].p;
	}
	stats_adjust(p, p, n, x->d.adjust);
	for (int i = 0; i < n; i++)
		f[i].p_adj = p[i];
	free(p);
	return f;
}

/* Say which design the figures use, before the first row: with the
 * clusters, the design effect of everyone's index (all: everyone). */
static void
design_say(struct rout *out, struct design_data *x, const struct rq_cell *all)
{
	struct survey_est e;
	char deff[32];
	const char *d;
	int nc = x->d.nclusters;

	if (!x->d.cluster)
		rout_design(out, nc == 1 ? "srs: one event" :
		    "srs: respondents as a simple random sample");
	else {
		char *s;

		rdesign_index(&x->d, &x->tot, "", "", x->v);
		survey_mean(x->v, nc, nc, nc - 1, STATS_LEVEL, &e);
		d = rout_num(deff, survey_deff(e.se, all->idx_n, all->idx_sum,
		    all->idx_sumsq), 2);
		s = xasprintf("cluster: %d event%s as clusters, design effect of the "
		    "index %s", nc, nc == 1 ? "" : "s", d != NULL ? d : "not known");

		rout_design(out, s);
		free(s);
	}
}

int
cmd_report(int argc, char **argv, struct cli_global *g)
{
	static const struct rq_cell nobody;
	struct ropts o;
	struct rq q;
	struct rq_items items = { 0 };
	struct rq_cells tot = { 0 }, gs = { 0 };
	struct rq_icells tic = { 0 }, gic = { 0 };
	struct disclosure *dc = NULL;
	struct rrate *rr = NULL;
	struct rout *out;
	struct design_data x = { 0 };
	struct gapfig *gaps = NULL;
	double everyone;
	char *arr = NULL;
	PGconn *conn = NULL;
	int rc;

	if ((rc = ropts_parse(&o, argc, argv, "report", ROPT_FILTERS | ROPT_BY |
	    ROPT_BY_PAIR | ROPT_MIN_N | ROPT_FORMAT | ROPT_ROLLUP | ROPT_DESIGN |
	    ROPT_ADJUST, cmd_report_usage, g)) >= 0)
		goto done;
	conn = cli_connect(g);
	if ((rc = ropts_resolve_events(&o, conn)) != 0)
		goto done;
	rq_open(&q, conn, &o);
	rq_items(&q, false, &items);
	{
		struct rq_items all;

		rq_items(&q, true, &all);
		o.first_time = rfirst_asked(&all);
		rq_items_free(&all);
	}
	arr = rq_items_array(&items);
	/* Per event, for the design; summed over the events for the rest. */
	rq_cells(&q, &ropts_total, NULL, RQ_KEY_EVENT, &x.tot);
	rdesign_filter(&o, &x.tot);
	rdesign_collapse(&x.tot, &tot);
	rdesign_choose(&x.d, &o, &q, NULL, &x.tot);
	x.v = xcalloc((size_t)x.d.nclusters + 1, sizeof *x.v);
	x.w = xcalloc((size_t)x.d.nclusters + 1, sizeof *x.w);
	everyone = tot.n > 0 ? tot.v[0].n : 0;
	out = rout_begin(&o, &items, cols, o.format == OUTPUT_TABLE ? NCOLS - 1 : NCOLS);
	if (everyone == 0 && o.role == NULL && o.nevents == 0) {
		fprintf(stderr, "belong: report: no responses match the filters\n");
		goto end;
	}
	dc = disclosure_new(&q, o.by, NULL, &items, arr);
	if (disclosure_selection_suppressed(dc)) {
		rout_refuse(out);
		goto end;
	}
	rr = rrate_new(&q);	/* response rates: cli/response_rate.c */
	design_say(out, &x, &tot.v[0]);
	rq_icells(&q, &ropts_total, NULL, arr, RQ_KEY_EVENT, &x.tic);
	rdesign_ifilter(&o, &x.tic);
	rdesign_icollapse(&x.tic, &tic);
	if (o.by != NULL) {
		rq_cells(&q, o.by, NULL, RQ_KEY_EVENT, &x.gs);
		rdesign_filter(&o, &x.gs);
		rdesign_collapse(&x.gs, &gs);
		rq_icells(&q, o.by, NULL, arr, RQ_KEY_EVENT, &x.gic);
		rdesign_ifilter(&o, &x.gic);
		rdesign_icollapse(&x.gic, &gic);
	}
	if (o.first_time)
		rfirst_load(&x.first, &q, &o);
	gaps = gap_figures(&o, dc, &x, &tot, &gs);
	{
		struct group all = { "all", "Everyone", &tot.v[0], NULL, -1, "", NULL };

		emit_group(out, &o, dc, &all, everyone, &items, &tic, &x);
		rrate_report_row(rr, out, cols, NCOLS, NULL, all.label);
	}
	for (int i = 0; i < disclosure_ngroups(dc); i++) {
		const char *name = disclosure_group(dc, i);
		const struct rq_cell *c = rq_cell_find(&gs, "", name);
		struct group gr = { name, disclosure_group_label(dc, i),
		    c != NULL ? c : &nobody, &tot.v[0], i, name, NULL };

		gr.gap = &gaps[i];
		emit_group(out, &o, dc, &gr, everyone, &items, &gic, &x);
		rrate_report_row(rr, out, cols, NCOLS, name, gr.label);
	}
	rout_note_race(out, &o);
	rout_note_suppressed(out, &o);
	rrate_notes(rr, out);
	if (o.by != NULL)
		rout_note(out, "gap: the group's belonging index minus everyone else's, "
		    "95%% %s interval; d: Cohen's d; *: p adjusted (%s) below 0.05",
		    x.d.cluster ? "linearization (svyglm)" : "Welch",
		    x.d.adjust == STATS_ADJUST_HOLM ? "Holm, within the table" :
		    x.d.adjust == STATS_ADJUST_BH ? "Benjamini-Hochberg, within the table" :
		    "not adjusted");
end:
	rc = rout_end(out);
done:
	free(arr);
	disclosure_free(dc);
	rrate_free(rr);
	free(gaps);
	free(x.v);
	free(x.w);
	rdesign_free(&x.d);
	rfirst_free(&x.first);
	rq_cells_free(&x.tot);
	rq_cells_free(&x.gs);
	rq_icells_free(&x.tic);
	rq_icells_free(&x.gic);
	rq_cells_free(&tot);
	rq_cells_free(&gs);
	rq_icells_free(&tic);
	rq_icells_free(&gic);
	rq_items_free(&items);
	if (conn != NULL)
		PQfinish(conn);
	ropts_free(&o);
	return rc;
}

void
cmd_rollup_usage(FILE *out)
{
	fputs("usage: belong rollup [--rebuild]\n"
	    "\n"
	    "  Add the settled days (before yesterday) to the aggregates that report,\n"
	    "  trend and reach read; they do this themselves.  --rebuild starts over:\n"
	    "  after responses were imported, changed or purged with older dates.\n", out);
}

int
cmd_rollup(int argc, char **argv, struct cli_global *g)
{
	bool rebuild = false;
	PGconn *conn;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--rebuild") == 0)
			rebuild = true;
		else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			cmd_rollup_usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--dsn") == 0 && i + 1 < argc)
			g->dsn = argv[++i];
		else
			return cli_usage_error(cmd_rollup_usage, "rollup: unexpected argument: %s",
			    argv[i]);
	}
	conn = cli_connect(g);
	rq_rollup_refresh(conn, rebuild, true);
	PQfinish(conn);
	return 0;
}
