/*
 * belong reach: how many people the selection reached, from which groups,
 * and how each group's share compares with its share of the population
 * (the benchmark loaded by belong benchmark load).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_reach.h"
#include "report_opts.h"
#include "report_out.h"
#include "report_query.h"
#include "stats.h"
#include "xalloc.h"

enum { COL_GROUP, COL_LABEL, COL_N, COL_SHARE, COL_SHARE_KNOWN, COL_BENCH,
	COL_RATIO, NCOLS };

static const struct output_column cols[NCOLS] = {
	{ "group", OUTPUT_NAME },
	{ "label", OUTPUT_TEXT },
	{ "n", OUTPUT_NUMBER },
	{ "share", OUTPUT_NUMBER },
	{ "share_known", OUTPUT_NUMBER },
	{ "benchmark", OUTPUT_NUMBER },
	{ "ratio", OUTPUT_NUMBER },
};

void
cmd_reach_usage(FILE *out)
{
	fputs("usage: belong reach [--by DIMENSION] [--region REGION] [--event SLUG ...]\n"
	    "           [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--role ROLE] [--min-n N]\n"
	    "           [--no-rollup] [--format table|csv|json]\n"
	    "\n"
	    "  Respondents per group; their share of everyone; their share of those\n"
	    "  who answered the question (share_known); the group's share of the\n"
	    "  region's population (benchmark); and the representation ratio\n"
	    "  share_known / benchmark.\n", out);
}

/* Whether grp is an answer that says nothing about the group. */
static bool
unknown(const char *grp)
{
	return strcmp(grp, "prefer_not") == 0 || strcmp(grp, "not_answered") == 0;
}

/* The benchmark shares of region for d (a result the caller clears), or
 * NULL with EXIT_USAGE in *rc when the region has none at all. */
static PGresult *
benchmark(PGconn *conn, const struct ropts *o, int *rc)
{
	const char *params[] = { o->region, o->by != NULL ? o->by->name : "" };
	PGresult *res = cli_exec(conn, "select count(*) from benchmark where region = $1",
	    1, params, PGRES_TUPLES_OK);
	bool any = strcmp(PQgetvalue(res, 0, 0), "0") != 0;

	PQclear(res);
	if (!any) {
		fprintf(stderr, "belong: reach: --region: no benchmark for region \"%.100s\""
		    " (see belong benchmark load)\n", o->region);
		*rc = EXIT_USAGE;
		return NULL;
	}
	return cli_exec(conn, "select grp, share from benchmark"
	    " where region = $1 and dimension = $2 order by grp", 2, params,
	    PGRES_TUPLES_OK);
}

static const char *
bench_of(PGresult *b, const char *grp)
{
	for (int i = 0; b != NULL && i < PQntuples(b); i++)
		if (strcmp(PQgetvalue(b, i, 0), grp) == 0)
			return PQgetvalue(b, i, 1);
	return NULL;
}

int
cmd_reach(int argc, char **argv, struct cli_global *g)
{
	struct ropts o;
	struct rq q;
	struct rq_cells tot = { 0 }, gs = { 0 };
	struct rout *out;
	const char **names = NULL;
	double *ns = NULL, everyone = 0, known;
	bool *sup = NULL, hide_known = false;
	char buf[5][32];
	const char *cell[NCOLS];
	PGresult *bench = NULL;
	PGconn *conn = NULL;
	int rc, ngroups = 0, nsup = 0, nbench;

	if ((rc = ropts_parse(&o, argc, argv, "reach", ROPT_FILTERS | ROPT_BY |
	    ROPT_MIN_N | ROPT_FORMAT | ROPT_ROLLUP | ROPT_REGION, cmd_reach_usage,
	    g)) >= 0)
		goto done;
	conn = cli_connect(g);
	if ((rc = ropts_resolve_events(&o, conn)) != 0)
		goto done;
	if (o.region != NULL && o.by != NULL && (bench = benchmark(conn, &o, &rc)) == NULL)
		goto done;
	rq_open(&q, conn, &o);
	rq_cells(&q, &ropts_total, NULL, &tot);
	everyone = tot.n > 0 ? tot.v[0].n : 0;
	known = everyone;
	nbench = bench != NULL ? PQntuples(bench) : 0;
	if (o.by != NULL && everyone > 0) {
		rq_cells(&q, o.by, NULL, &gs);
		ngroups = rq_groups(&gs, o.by, &names);
		/* Benchmark groups nobody came from: listed, suppressed (0 is
		 * fewer than min_n) rather than left out. */
		names = xrealloc(names, (size_t)(ngroups + nbench + 1) * sizeof *names);
		for (int i = 0; i < nbench; i++)
			if (rq_cell_find(&gs, "", PQgetvalue(bench, i, 0)) == NULL)
				names[ngroups++] = PQgetvalue(bench, i, 0);
		ns = xcalloc((size_t)ngroups + 1, sizeof *ns);
		sup = xcalloc((size_t)ngroups + 1, sizeof *sup);
		for (int i = 0; i < ngroups; i++) {
			const struct rq_cell *c = rq_cell_find(&gs, "", names[i]);

			ns[i] = c != NULL ? c->n : 0;
			if (unknown(names[i]))
				known -= ns[i];
		}
		nsup = stats_suppress_shown(ns, sup, ngroups, (double)o.min_n);
		/*
		 * share_known's denominator is everyone minus prefer_not and
		 * not_answered: with either suppressed, it would give it away
		 * (and, with the shown groups, the others suppressed).
		 */
		for (int i = 0; i < ngroups; i++)
			if (unknown(names[i]) && sup[i])
				hide_known = true;
	}

	out = rout_begin(&o, NULL, cols, NCOLS);
	if (everyone == 0)
		fprintf(stderr, "belong: reach: no responses match the filters\n");
	else {
		memset(cell, 0, sizeof cell);
		cell[COL_GROUP] = "all";
		cell[COL_LABEL] = "Everyone";
		cell[COL_N] = everyone < (double)o.min_n ? OUTPUT_SUPPRESSED :
		    rout_num(buf[0], everyone, 0);
		cell[COL_SHARE] = rout_num(buf[1], 1, 4);
		rout_row(out, cell);
	}
	for (int i = 0; i < ngroups; i++) {
		const char *b = bench_of(bench, names[i]);
		double share_known = unknown(names[i]) || known <= 0 ? NAN : ns[i] / known;

		memset(cell, 0, sizeof cell);
		cell[COL_GROUP] = names[i];
		cell[COL_LABEL] = ropts_group_label(o.by, names[i]);
		cell[COL_N] = rout_num(buf[0], ns[i], 0);
		cell[COL_SHARE] = rout_num(buf[1], ns[i] / everyone, 4);
		cell[COL_SHARE_KNOWN] = rout_num(buf[2], share_known, 4);
		cell[COL_BENCH] = b != NULL ? rout_num(buf[3], strtod(b, NULL), 4) : NULL;
		cell[COL_RATIO] = b != NULL && strtod(b, NULL) > 0 ?
		    rout_num(buf[4], share_known / strtod(b, NULL), 2) : NULL;
		if (sup[i]) {
			cell[COL_N] = cell[COL_SHARE] = OUTPUT_SUPPRESSED;
			if (cell[COL_SHARE_KNOWN] != NULL)
				cell[COL_SHARE_KNOWN] = OUTPUT_SUPPRESSED;
			if (cell[COL_RATIO] != NULL)
				cell[COL_RATIO] = OUTPUT_SUPPRESSED;
		}
		if (hide_known && cell[COL_SHARE_KNOWN] != NULL) {
			cell[COL_SHARE_KNOWN] = OUTPUT_SUPPRESSED;
			if (cell[COL_RATIO] != NULL)
				cell[COL_RATIO] = OUTPUT_SUPPRESSED;
		}
		rout_row(out, cell);
	}
	rout_note_race(out, &o);
	if (nsup > 0 || hide_known)
		rout_note_suppressed(out, &o);
	if (o.region != NULL && o.by != NULL && nbench == 0)
		rout_note(out, "region \"%.100s\" has no benchmark for %s", o.region,
		    o.by->name);
	rc = rout_end(out);
done:
	if (bench != NULL)
		PQclear(bench);
	free(names);
	free(ns);
	free(sup);
	rq_cells_free(&tot);
	rq_cells_free(&gs);
	if (conn != NULL)
		PQfinish(conn);
	ropts_free(&o);
	return rc;
}
