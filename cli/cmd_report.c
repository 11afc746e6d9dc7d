/*
 * belong report: the indicators of DESIGN.md for a selection of
 * responses, for everyone and per group of one dimension, with small
 * groups suppressed.  And belong rollup, which keeps the aggregates the
 * reports read up to date.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_report.h"
#include "disclosure.h"
#include "log.h"
#include "report_opts.h"
#include "report_out.h"
#include "report_query.h"
#include "stats.h"
#include "xalloc.h"

enum { COL_GROUP, COL_LABEL, COL_INDICATOR, COL_N, COL_VALUE, COL_LO, COL_HI,
	COL_D, COL_FLAG, NCOLS };

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
};

/* One row being built: the cells and the buffers their numbers live in. */
struct row {
	const char *cell[NCOLS];
	char buf[NCOLS][32];
	char indicator[80];
};

/* What one group's rows are made of. */
struct group {
	const char *grp;		/* "all" for everyone */
	const char *label;
	const struct rq_cell *c;
	const struct rq_cell *total;	/* everyone, for the gap; NULL: none */
	int index;			/* in the disclosure's groups; -1: all */
	const char *key;		/* its key in the aggregates: "" or grp */
};

void
cmd_report_usage(FILE *out)
{
	fputs("usage: belong report [--event SLUG ...] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
	    "           [--role ROLE] [--by DIMENSION] [--min-n N] [--no-rollup]\n"
	    "           [--format table|csv|json]\n"
	    "\n"
	    "  n, belonging index (0-100) with its 95 % t interval, agree rate (%) of\n"
	    "  every likert item with its Wilson interval, NPS of every 0-10 item; with\n"
	    "  --by, per group, and each group's gap to everyone else (Welch interval,\n"
	    "  Cohen's d, * when the interval excludes 0).  Dimensions: role, grade,\n"
	    "  gender, race, disability, firstgen, language, event, partner.  Groups\n"
	    "  under --min-n respondents (default 10, at least 5) are suppressed.\n", out);
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
		int last = strcmp(r->indicator, "respondents") == 0 ? COL_VALUE :
		    strcmp(r->indicator, "gap") == 0 ? COL_D : COL_HI;

		for (int c = COL_N; c <= last; c++)
			r->cell[c] = OUTPUT_SUPPRESSED;
		r->cell[COL_FLAG] = NULL;
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

/*
 * The group's rows: every indicator, for every group alike (a row left out
 * would say what its members skipped); suppression from dc.
 */
static void
emit_group(struct rout *out, const struct ropts *o, const struct disclosure *dc,
    const struct group *g, double everyone, const struct rq_items *items,
    const struct rq_icells *ic)
{
	static const struct rq_icell none;
	struct stats_moments m, rest;
	struct stats_ci ci;
	struct stats_gap gap;
	struct row r;
	bool sup;

	row_start(&r, g, "respondents");
	row_num(&r, COL_N, g->c->n, 0);
	row_num(&r, COL_VALUE, 100 * g->c->n / everyone, 2);
	row_emit(out, &r, sup_of(dc, g, DISCLOSURE_RESPONDENTS));

	stats_moments(g->c->idx_n, g->c->idx_sum, g->c->idx_sumsq, &m);
	stats_mean_ci(&m, STATS_LEVEL, &ci);
	row_start(&r, g, "belonging");
	row_num(&r, COL_N, m.n, 0);
	ci_cells(&r, &ci, 1);
	sup = sup_of(dc, g, DISCLOSURE_BELONGING);
	row_emit(out, &r, sup);

	if (g->total != NULL) {
		const struct rq_cell *t = g->total;

		stats_moments(t->idx_n - g->c->idx_n, t->idx_sum - g->c->idx_sum,
		    t->idx_sumsq - g->c->idx_sumsq, &rest);
		stats_welch(&m, &rest, STATS_LEVEL, &gap);
		row_start(&r, g, "gap");
		row_num(&r, COL_N, m.n, 0);
		row_num(&r, COL_VALUE, gap.diff, 2);
		row_num(&r, COL_LO, gap.lo, 2);
		row_num(&r, COL_HI, gap.hi, 2);
		row_num(&r, COL_D, gap.d, 2);
		r.cell[COL_FLAG] = gap.flag ? "*" : NULL;
		/* Everyone else is a group too: its mean follows from the gap. */
		row_emit(out, &r, sup || rest.n < (double)o->min_n);
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
		if (it->type == ITEM_LIKERT5) {
			stats_wilson(c->ge4, c->n, STATS_LEVEL, &ci);
			ci_cells(&r, &ci, 100);
		} else {
			stats_nps(c->ge9, c->le6, c->n, STATS_LEVEL, &ci);
			ci_cells(&r, &ci, 1);
		}
		row_num(&r, COL_N, c->n, 0);
		row_emit(out, &r, sup_of(dc, g, DISCLOSURE_ITEM(i)));
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
	struct rout *out;
	double everyone;
	char *arr = NULL;
	PGconn *conn = NULL;
	int rc;

	if ((rc = ropts_parse(&o, argc, argv, "report", ROPT_FILTERS | ROPT_BY |
	    ROPT_MIN_N | ROPT_FORMAT | ROPT_ROLLUP, cmd_report_usage, g)) >= 0)
		goto done;
	conn = cli_connect(g);
	if ((rc = ropts_resolve_events(&o, conn)) != 0)
		goto done;
	rq_open(&q, conn, &o);
	rq_items(&q, false, &items);
	arr = rq_items_array(&items);
	rq_cells(&q, &ropts_total, NULL, 0, &tot);
	everyone = tot.n > 0 ? tot.v[0].n : 0;
	out = rout_begin(&o, &items, cols, NCOLS);
	if (everyone == 0 && o.role == NULL && o.nevents == 0) {
		fprintf(stderr, "belong: report: no responses match the filters\n");
		goto end;
	}
	dc = disclosure_new(&q, o.by, NULL, &items, arr);
	if (disclosure_selection_suppressed(dc)) {
		rout_refuse(out);
		goto end;
	}
	rq_icells(&q, &ropts_total, NULL, arr, 0, &tic);
	if (o.by != NULL) {
		rq_cells(&q, o.by, NULL, 0, &gs);
		rq_icells(&q, o.by, NULL, arr, 0, &gic);
	}
	{
		struct group all = { "all", "Everyone", &tot.v[0], NULL, -1, "" };

		emit_group(out, &o, dc, &all, everyone, &items, &tic);
	}
	for (int i = 0; i < disclosure_ngroups(dc); i++) {
		const char *name = disclosure_group(dc, i);
		const struct rq_cell *c = rq_cell_find(&gs, "", name);
		struct group gr = { name, ropts_group_label(o.by, name),
		    c != NULL ? c : &nobody, &tot.v[0], i, name };

		emit_group(out, &o, dc, &gr, everyone, &items, &gic);
	}
	rout_note_race(out, &o);
	rout_note_suppressed(out, &o);
	if (o.by != NULL)
		rout_note(out, "gap: the group's belonging index minus everyone else's, "
		    "95%% Welch interval; d: Cohen's d; *: the interval excludes 0");
end:
	rc = rout_end(out);
done:
	free(arr);
	disclosure_free(dc);
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
