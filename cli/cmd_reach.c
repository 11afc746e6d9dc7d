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
#include "disclosure.h"
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
	struct disclosure *dc = NULL;
	struct rout *out;
	const char **names = NULL;
	double *ns = NULL, everyone = 0, known;
	bool *sup = NULL, hide_known = false;
	char buf[5][32];
	const char *cell[NCOLS];
	PGresult *bench = NULL;
	PGconn *conn = NULL;
	int rc, ngroups = 0, nbench;

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
	/* The same cells, and so the same suppression, as report's. */
	dc = disclosure_new(&q, o.by, NULL, NULL, NULL);
	everyone = disclosure_get(dc, -1, -1, DISCLOSURE_RESPONDENTS).n;
	out = rout_begin(&o, NULL, cols, NCOLS);
	if (everyone == 0 && o.role == NULL && o.nevents == 0) {
		fprintf(stderr, "belong: reach: no responses match the filters\n");
		goto end;
	}
	if (disclosure_selection_suppressed(dc)) {
		rout_refuse(out);
		goto end;
	}
	known = everyone;
	nbench = bench != NULL ? PQntuples(bench) : 0;
	ngroups = disclosure_ngroups(dc);
	names = xcalloc((size_t)(ngroups + nbench + 1), sizeof *names);
	ns = xcalloc((size_t)(ngroups + nbench + 1), sizeof *ns);
	sup = xcalloc((size_t)(ngroups + nbench + 1), sizeof *sup);
	for (int i = 0; i < ngroups; i++) {
		struct disclosure_cell c = disclosure_get(dc, i, -1, DISCLOSURE_RESPONDENTS);

		names[i] = disclosure_group(dc, i);
		ns[i] = c.n;
		sup[i] = c.sup;
		if (unknown(names[i]))
			known -= ns[i];
	}
	/* A benchmark group that is no group of the dimension: nobody can be
	 * in it; listed, suppressed like any empty group. */
	for (int b = 0; b < nbench; b++) {
		bool seen = false;

		for (int i = 0; i < ngroups && !seen; i++)
			seen = strcmp(names[i], PQgetvalue(bench, b, 0)) == 0;
		if (!seen) {
			names[ngroups] = PQgetvalue(bench, b, 0);
			sup[ngroups++] = true;
		}
	}
	/*
	 * share_known's denominator is everyone minus prefer_not and
	 * not_answered: with either suppressed, it would give it away (and,
	 * with the shown groups, the others suppressed).
	 */
	for (int i = 0; i < ngroups; i++)
		if (unknown(names[i]) && sup[i] && ns[i] > 0)
			hide_known = true;

	memset(cell, 0, sizeof cell);
	cell[COL_GROUP] = "all";
	cell[COL_LABEL] = "Everyone";
	cell[COL_N] = rout_num(buf[0], everyone, 0);
	cell[COL_SHARE] = rout_num(buf[1], 1, 4);
	rout_row(out, cell);
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
		/* Not given for anyone (see the note), so no row differs. */
		if (hide_known)
			cell[COL_SHARE_KNOWN] = cell[COL_RATIO] = NULL;
		/* Suppressed: every column a group of its kind has, whatever
		 * the value (the benchmark is public and stays). */
		if (sup[i]) {
			cell[COL_N] = cell[COL_SHARE] = OUTPUT_SUPPRESSED;
			if (!unknown(names[i]) && !hide_known)
				cell[COL_SHARE_KNOWN] = OUTPUT_SUPPRESSED;
			if (b != NULL && !hide_known)
				cell[COL_RATIO] = OUTPUT_SUPPRESSED;
		}
		rout_row(out, cell);
	}
	rout_note_race(out, &o);
	rout_note_suppressed(out, &o);
	if (hide_known)
		rout_note(out, "share_known and ratio are not given: their denominator "
		    "(everyone but prefer_not and not_answered) would give a "
		    "suppressed group away");
	if (o.region != NULL && o.by != NULL && nbench == 0)
		rout_note(out, "region \"%.100s\" has no benchmark for %s", o.region,
		    o.by->name);
end:
	rc = rout_end(out);
done:
	if (bench != NULL)
		PQclear(bench);
	disclosure_free(dc);
	free(names);
	free(ns);
	free(sup);
	if (conn != NULL)
		PQfinish(conn);
	ropts_free(&o);
	return rc;
}
