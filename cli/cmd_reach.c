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
#include "report_design.h"
#include "report_opts.h"
#include "report_out.h"
#include "report_query.h"
#include "response_rate.h"
#include "stats.h"
#include "xalloc.h"

enum { COL_GROUP, COL_LABEL, COL_N, COL_SHARE, COL_SHARE_KNOWN, COL_BENCH,
	COL_RATIO, COL_ATTENDANCE, COL_RATE, COL_RATE_FLAG, COL_SHARE_LO, COL_SHARE_HI, NCOLS };

static const struct output_column cols[NCOLS] = {
	{ "group", OUTPUT_NAME },
	{ "label", OUTPUT_TEXT },
	{ "n", OUTPUT_NUMBER },
	{ "share", OUTPUT_NUMBER },
	{ "share_known", OUTPUT_NUMBER },
	{ "benchmark", OUTPUT_NUMBER },
	{ "ratio", OUTPUT_NUMBER },
	/* filled by rrate_reach_cells (cli/response_rate.c), by name */
	{ "attendance", OUTPUT_NUMBER },
	{ "response_rate", OUTPUT_NUMBER },
	{ "rate_flag", OUTPUT_NAME },
	/* the share's 95 % interval: Wilson (srs), Korn-Graubard (cluster);
	 * last, so that the table (narrow already) can leave them out */
	{ "share_lo", OUTPUT_NUMBER },
	{ "share_hi", OUTPUT_NUMBER },
};

void
cmd_reach_usage(FILE *out)
{
	fputs("usage: belong reach [--by DIMENSION] [--region REGION] [--event SLUG ...]\n"
	    "           [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--role ROLE] [--min-n N]\n"
	    "           [--design srs|cluster] [--include-test]\n"
	    "           [--no-rollup] [--format table|csv|json|markdown|latex]\n"
	    "\n"
	    "  Respondents per group; their share of everyone; their share of those\n"
	    "  who answered the question (share_known); the group's share of the\n"
	    "  region's population (benchmark); and the representation ratio\n"
	    "  share_known / benchmark.  share_lo, share_hi: the share's 95 %\n"
	    "  interval, Wilson's, or Korn-Graubard's with the events as clusters\n"
	    "  (--design cluster, the default when two or more events have\n"
	    "  respondents).  Test events (belong event add --test) are left out\n"
	    "  unless --include-test.\n", out);
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

/*
 * The share of group grp (k of n respondents) with its interval: Wilson's
 * under srs; under the cluster design Korn-Graubard's, as
 * svyciprop(~I(in_group), d, method = "beta"), from each event's
 * respondents (kc) and members of the group (gc).
 */
static void
share_ci(const struct rdesign *d, const struct rq_cells *kc,
    const struct rq_cells *gc, const char *grp, double k, double n,
    struct survey_cell *v, char buf[2][32], const char **cell)
{
	struct stats_ci ci;
	int nc = d->nclusters;

	if (d->cluster) {
		struct survey_est e;

		memset(v, 0, (size_t)nc * sizeof *v);
		for (int i = 0; i < kc->n; i++) {
			int c = rdesign_cluster(d, kc->v[i].event_id);

			if (c >= 0)
				v[c].n += kc->v[i].n;
		}
		for (int i = 0; i < gc->n; i++) {
			int c = rdesign_cluster(d, gc->v[i].event_id);

			if (c >= 0 && strcmp(gc->v[i].grp, grp) == 0)
				v[c].sum += gc->v[i].n;
		}
		survey_prop(v, nc, nc, nc - 1, STATS_LEVEL, &e);
		ci.lo = e.lo;
		ci.hi = e.hi;
	} else
		stats_wilson(k, n, STATS_LEVEL, &ci);
	cell[COL_SHARE_LO] = rout_num(buf[0], ci.lo, 4);
	cell[COL_SHARE_HI] = rout_num(buf[1], ci.hi, 4);
}

int
cmd_reach(int argc, char **argv, struct cli_global *g)
{
	struct ropts o;
	struct rq q;
	struct disclosure *dc = NULL;
	struct rrate *rr = NULL;
	struct rout *out;
	struct rdesign dn = { 0 };
	struct rq_cells kc = { 0 }, gc = { 0 };
	struct survey_cell *sv = NULL;
	char sbuf[2][32];
	const char **names = NULL;
	double *ns = NULL, everyone = 0, known;
	bool *sup = NULL, hide_known = false;
	char buf[5][32];
	const char *cell[NCOLS];
	PGresult *bench = NULL;
	PGconn *conn = NULL;
	int rc, ngroups = 0, nbench;

	if ((rc = ropts_parse(&o, argc, argv, "reach", ROPT_FILTERS | ROPT_BY |
	    ROPT_BY_PAIR | ROPT_MIN_N | ROPT_FORMAT | ROPT_ROLLUP | ROPT_REGION |
	    ROPT_DESIGN, cmd_reach_usage, g)) >= 0)
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
	out = rout_begin(&o, NULL, cols, o.format == OUTPUT_TABLE ? NCOLS - 2 : NCOLS);
	if (everyone == 0 && o.role == NULL && o.nevents == 0) {
		fprintf(stderr, "belong: reach: no responses match the filters\n");
		goto end;
	}
	if (disclosure_selection_suppressed(dc)) {
		rout_refuse(out);
		goto end;
	}
	rr = rrate_new(&q);	/* response rates: cli/response_rate.c */
	/* Respondents per event, everyone's and each group's: the design. */
	rq_cells(&q, &ropts_total, NULL, RQ_KEY_EVENT, &kc);
	rdesign_filter(&o, &kc);
	rdesign_choose(&dn, &o, &q, NULL, &kc);
	if (o.by != NULL) {
		rq_cells(&q, o.by, NULL, RQ_KEY_EVENT, &gc);
		rdesign_filter(&o, &gc);
	}
	sv = xcalloc((size_t)dn.nclusters + 1, sizeof *sv);
	rout_design(out, dn.cluster ? "cluster: the events as clusters (share_lo, "
	    "share_hi: Korn-Graubard)" : dn.nclusters == 1 ? "srs: one event" :
	    "srs: respondents as a simple random sample");
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
	rrate_reach_cells(rr, cols, NCOLS, NULL, cell);
	rout_row(out, cell);
	for (int i = 0; i < ngroups; i++) {
		const char *b = bench_of(bench, names[i]);
		/* A pair (--by A,B) has no "known" to divide by: not given. */
		double share_known = unknown(names[i]) || known <= 0 ||
		    o.by->part[0] != NULL ? NAN : ns[i] / known;

		memset(cell, 0, sizeof cell);
		cell[COL_GROUP] = names[i];
		cell[COL_LABEL] = i < disclosure_ngroups(dc) ?
		    disclosure_group_label(dc, i) : NULL;
		cell[COL_N] = rout_num(buf[0], ns[i], 0);
		cell[COL_SHARE] = rout_num(buf[1], ns[i] / everyone, 4);
		cell[COL_SHARE_KNOWN] = rout_num(buf[2], share_known, 4);
		cell[COL_BENCH] = b != NULL ? rout_num(buf[3], strtod(b, NULL), 4) : NULL;
		cell[COL_RATIO] = b != NULL && strtod(b, NULL) > 0 ?
		    rout_num(buf[4], share_known / strtod(b, NULL), 2) : NULL;
		share_ci(&dn, &kc, &gc, names[i], ns[i], everyone, sv, sbuf, cell);
		rrate_reach_cells(rr, cols, NCOLS, names[i], cell);
		/* Not given for anyone (see the note), so no row differs. */
		if (hide_known)
			cell[COL_SHARE_KNOWN] = cell[COL_RATIO] = NULL;
		/* Suppressed: every column a group of its kind has, whatever
		 * the value (the benchmark is public and stays). */
		if (sup[i]) {
			cell[COL_N] = cell[COL_SHARE] = OUTPUT_SUPPRESSED;
			cell[COL_SHARE_LO] = cell[COL_SHARE_HI] = OUTPUT_SUPPRESSED;
			if (!unknown(names[i]) && !hide_known)
				cell[COL_SHARE_KNOWN] = OUTPUT_SUPPRESSED;
			if (b != NULL && !hide_known)
				cell[COL_RATIO] = OUTPUT_SUPPRESSED;
		}
		rout_row(out, cell);
	}
	rout_note_race(out, &o);
	rout_note_suppressed(out, &o);
	rrate_notes(rr, out);
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
	rrate_free(rr);
	rdesign_free(&dn);
	rq_cells_free(&kc);
	rq_cells_free(&gc);
	free(sv);
	free(names);
	free(ns);
	free(sup);
	if (conn != NULL)
		PQfinish(conn);
	ropts_free(&o);
	return rc;
}
