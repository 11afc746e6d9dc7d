/*
 * belong reliability: whether the items of a scale (by default the
 * belonging index's) measure one thing: Cronbach's alpha with its Feldt
 * interval, each item's corrected item-total correlation and alpha
 * without it (lib/reliability.h), for everyone, per survey language and
 * per group of --by, with small groups suppressed.
 *
 * PostgreSQL adds up, per group, the complete cases (respondents who
 * answered every item of the scale), each item's sum and the sum of each
 * product of two items; nothing per respondent comes back.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_reliability.h"
#include "cmdutil.h"
#include "disclosure.h"
#include "log.h"
#include "reliability.h"
#include "report_opts.h"
#include "report_out.h"
#include "report_query.h"
#include "stats.h"
#include "suppress.h"
#include "xalloc.h"

#define MAXK RELIABILITY_MAX_ITEMS

/* The selection's filters over the complete cases x r: $7 event ids, $8
 * role (the query reads every event and role, for the filters' lines). */
#define SEL "($7::int[] is null or r.event_id = any ($7::int[]))" \
	" and ($8::text is null or coalesce(r.role, 'not_answered') = $8::text)"
#define DECIMALS 3

enum { COL_DIM, COL_GROUP, COL_LABEL, COL_ITEM, COL_N, COL_ALPHA, COL_LO,
	COL_HI, COL_R_DROP, COL_A_DROP, NCOLS };

static const struct output_column cols[NCOLS] = {
	{ "dimension", OUTPUT_NAME },
	{ "group", OUTPUT_NAME },
	{ "label", OUTPUT_TEXT },
	{ "item", OUTPUT_NAME },
	{ "n", OUTPUT_NUMBER },
	{ "alpha", OUTPUT_NUMBER },
	{ "lo", OUTPUT_NUMBER },
	{ "hi", OUTPUT_NUMBER },
	{ "r_drop", OUTPUT_NUMBER },
	{ "alpha_if_dropped", OUTPUT_NUMBER },
};

/* The complete cases of a group, summed. */
struct sums {
	double n;
	double sum[MAXK];
	double cross[MAXK * MAXK];
};

/* A group to print, and its cell in the suppression table. */
struct grp {
	const char *code;
	const char *label;
	const char *parent;	/* an event's partner code; NULL */
	struct sums s;
	bool force;		/* hidden whatever its complete cases */
	int cell;
	bool sup;
};

void
cmd_reliability_usage(FILE *out)
{
	fputs("usage: belong reliability [--construct NAME[,NAME...]] [--by DIMENSION]\n"
	    "           [--event SLUG ...] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
	    "           [--role ROLE] [--min-n N] [--include-test]\n"
	    "           [--format table|csv|json|markdown|latex]\n"
	    "\n"
	    "  Cronbach's alpha of a scale with its 95 % Feldt interval, over the\n"
	    "  complete cases (respondents who answered every item); per item, the\n"
	    "  corrected item-total correlation (r_drop) and alpha without the item.\n"
	    "  For everyone, per survey language (en, es) and per group of --by.  The\n"
	    "  scale is the likert5 items of the belonging index (constructs\n"
	    "  belonging, include, engage, inspire), or of the constructs named; it\n"
	    "  needs at least 2 items.  Groups under --min-n complete cases (default\n"
	    "  10, at least 5) are suppressed.  Test events (belong event add --test)\n"
	    "  are left out unless --include-test.\n", out);
}

/*
 * Take --construct out of argv into *construct; the rest, for ropts_parse,
 * into kept (argc + 1 entries).  --by takes one dimension here, not the
 * pairs report takes.  Returns -1 to go on, else the exit status.
 */
static int
take_construct(int argc, char **argv, char **kept, int *nkept,
    const char **construct)
{
	bool rest = false;

	*nkept = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (i > 0 && !rest && strcmp(a, "--") == 0)
			rest = true;
		else if (i > 0 && !rest && strcmp(a, "--construct") == 0) {
			if (i + 1 >= argc)
				return cli_usage_error(cmd_reliability_usage,
				    "reliability: unknown option or missing value: "
				    "--construct");
			*construct = argv[++i];
			continue;
		} else if (i > 0 && !rest && strncmp(a, "--construct=", 12) == 0) {
			*construct = a + 12;
			continue;
		} else if (i > 0 && !rest && ((strcmp(a, "--by") == 0 && i + 1 < argc &&
		    strchr(argv[i + 1], ',') != NULL) || (strncmp(a, "--by=", 5) == 0 &&
		    strchr(a, ',') != NULL)))
			/* A pair's groups are too small for a scale's figures. */
			return cmdutil_bad_value("reliability: --by",
			    "must be one dimension (no pairs)");
		kept[(*nkept)++] = argv[i];
	}
	kept[*nkept] = NULL;
	return -1;
}

static bool
in_list(const char *const *names, int n, const char *s)
{
	for (int i = 0; s != NULL && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return true;
	return false;
}

/*
 * The scale: the likert5 items of all whose construct is one of the
 * comma-separated constructs (NULL: the index's), in the instruments'
 * order, into out (pointing into all).  Returns 0, or EXIT_USAGE after a
 * message.
 */
static int
choose_items(const struct rq_items *all, const char *constructs,
    struct rq_items *out)
{
	char *copy = constructs != NULL ? xstrdup(constructs) : NULL, *p = copy;
	const char **names = xcalloc(constructs != NULL ? strlen(constructs) + 1 : 1,
	    sizeof *names);
	int nnames = 0, rc = 0;

	memset(out, 0, sizeof *out);
	while (p != NULL) {
		char *comma = strchr(p, ',');
		const char *rule;
		bool found = false;

		if (comma != NULL)
			*comma = '\0';
		if ((rule = cmdutil_check_text(p, 1, 64)) != NULL) {
			rc = cmdutil_bad_value("reliability: --construct", rule);
			goto done;
		}
		for (int i = 0; i < all->n && !found; i++)
			found = all->v[i]->type == ITEM_LIKERT5 &&
			    all->v[i]->construct != NULL &&
			    strcmp(all->v[i]->construct, p) == 0;
		if (!found) {
			char *shown = cmdutil_show(p);

			fprintf(stderr, "belong: reliability: --construct: no likert5 item "
			    "of construct %s in the selection's instruments\n", shown);
			free(shown);
			rc = EXIT_USAGE;
			goto done;
		}
		names[nnames++] = p;
		p = comma != NULL ? comma + 1 : NULL;
	}
	out->v = xcalloc((size_t)all->n + 1, sizeof *out->v);
	for (int i = 0; i < all->n; i++) {
		const struct item *it = all->v[i];

		/* A retrospective "before" item rates another time than the
		 * scale's other items: it is not part of the scale. */
		if (it->type != ITEM_LIKERT5 || it->construct == NULL ||
		    it->frame == ITEM_FRAME_BEFORE)
			continue;
		if (constructs != NULL ? in_list(names, nnames, it->construct) :
		    instrument_item_in_index(it))
			out->v[out->n++] = it;
	}
	if (out->n < 2 || out->n > MAXK) {
		fprintf(stderr, "belong: reliability: a scale needs 2 to %d likert5 "
		    "items; %s %d\n", MAXK, constructs != NULL ? "--construct gives" :
		    "the selection's instruments have", out->n);
		rc = EXIT_USAGE;
	}
done:
	free(copy);
	free(names);
	return rc;
}

/*
 * One query: per kind (0 everyone, 1 survey language, 2 group of by; for
 * event and partner, per event with its partner) the complete cases, the
 * item sums and the sums of products i <= j.  With --role, kind 3: per
 * role without it; with --event, kind 4: per event (id) without --event
 * or --role (the lines of the filters, decide_filter).  Columns: kind,
 * grp, partner, n, sums, products.  The caller clears the result.
 */
static PGresult *
aggregate(struct rq *q, const struct rdim *by, const char *arr, int k)
{
	const struct ropts *o = q->o;
	const char *params[ROPTS_NPARAMS + 3];
	size_t len = 1;
	char *s, *by_part, *filters[2], *sql;
	PGresult *res;

	len += (size_t)k * 24 + (size_t)(k * (k + 1) / 2) * 40;
	s = xmalloc(len);
	s[0] = '\0';
	for (int i = 1; i <= k; i++)
		sprintf(s + strlen(s), ", sum(r.v[%d])", i);
	for (int i = 1; i <= k; i++)
		for (int j = i; j <= k; j++)
			sprintf(s + strlen(s), ", sum(r.v[%d] * r.v[%d])", i, j);
	if (by == NULL)
		by_part = xstrdup("");
	else if (by->about < 0)
		by_part = xasprintf(" union all select 2, e.slug,"
		    " coalesce(nullif(e.partner, ''), 'none'), count(*)::float8%s"
		    " from x r join event e on e.id = r.event_id where " SEL
		    " group by 2, 3", s);
	else
		by_part = xasprintf(" union all select 2, %s, ''::text,"
		    " count(*)::float8%s from x r join event e on e.id = r.event_id%s"
		    " where " SEL " group by 2, 3", by->raw_grp, s, by->raw_from);
	filters[0] = o->role == NULL ? xstrdup("") : xasprintf(" union all select 3,"
	    " coalesce(r.role, 'not_answered'), ''::text, count(*)::float8%s from x r"
	    " where ($7::int[] is null or r.event_id = any ($7::int[]))"
	    " group by 2, 3", s);
	filters[1] = o->nevents == 0 ? xstrdup("") : xasprintf(" union all"
	    " select 4, r.event_id::text, ''::text, count(*)::float8%s from x r"
	    " group by 2, 3", s);
	/* x: the complete cases of the dates and of the events the figures
	 * count (no test events without --include-test); SEL: of the
	 * selection (--event, --role).  The
	 * rollup holds no products: the responses are read whatever their
	 * day ($5 "-infinity"). */
	sql = xasprintf("with x as materialized (select r.*, p.v from response r,"
	    " lateral (select array_agg(a.value::float8"
	    " order by array_position($6::text[], a.item)) as v"
	    " from answer a where a.event_id = r.event_id and a.response_id = r.id"
	    " and a.item = any ($6::text[])) p"
	    " where " RQ_FILTER_R " and cardinality(p.v) = cardinality($6::text[]))"
	    " select 0, ''::text, ''::text, count(*)::float8%s from x r where " SEL
	    " union all select 1, r.lang, ''::text, count(*)::float8%s from x r"
	    " where " SEL " group by 2, 3%s%s%s", s, s, by_part, filters[0], filters[1]);
	ropts_params(o, "-infinity", params);
	params[0] = o->universe_ids;
	params[3] = NULL;
	params[ROPTS_NPARAMS] = arr;
	params[ROPTS_NPARAMS + 1] = o->nevents > 0 ? o->event_ids : NULL;
	params[ROPTS_NPARAMS + 2] = o->role;
	res = cli_exec(q->conn, sql, ROPTS_NPARAMS + 3, params, PGRES_TUPLES_OK);
	free(s);
	free(by_part);
	free(filters[0]);
	free(filters[1]);
	free(sql);
	return res;
}

/*
 * Whether the filter's selection (the codes sel of kind's rows) is hidden
 * on the line of every value of the filter and their total (fixed: shown
 * or not as decided).  A selection of several codes is hidden when a part
 * that is not empty is, or when it is under min_n.
 */
static bool
decide_filter(PGresult *res, int kind, const char *const *sel, int nsel,
    double total, bool total_sup, double min_n)
{
	struct suppress *t = suppress_new();
	int rows = PQntuples(res), *line = xcalloc((size_t)rows + 2, sizeof *line);
	int *cell = xcalloc((size_t)rows + 1, sizeof *cell), k = 0;
	double n = 0;
	bool hidden = false;

	for (int r = 0; r < rows; r++)
		if (atoi(PQgetvalue(res, r, 0)) == kind)
			line[k++] = cell[r] = suppress_cell(t,
			    strtod(PQgetvalue(res, r, 3), NULL));
	line[k++] = suppress_fixed(t, total, total_sup);
	suppress_line(t, line, k);
	suppress_run(t, min_n);
	for (int r = 0; r < rows; r++) {
		double v = strtod(PQgetvalue(res, r, 3), NULL);

		if (atoi(PQgetvalue(res, r, 0)) != kind ||
		    !in_list(sel, nsel, PQgetvalue(res, r, 1)))
			continue;
		n += v;
		hidden |= suppress_is(t, cell[r]) && (nsel == 1 || v > 0);
	}
	free(line);
	free(cell);
	suppress_free(t);
	return hidden || n < min_n;
}

/* Add row's sums into s. */
static void
add_row(struct sums *s, PGresult *res, int row, int k)
{
	int col = 4;

	s->n += strtod(PQgetvalue(res, row, 3), NULL);
	for (int i = 0; i < k; i++, col++)
		s->sum[i] += PQgetisnull(res, row, col) ? 0 :
		    strtod(PQgetvalue(res, row, col), NULL);
	for (int i = 0; i < k; i++)
		for (int j = i; j < k; j++, col++) {
			double v = PQgetisnull(res, row, col) ? 0 :
			    strtod(PQgetvalue(res, row, col), NULL);

			s->cross[i * k + j] += v;
			if (j != i)
				s->cross[j * k + i] += v;
		}
}

/* The sums of the rows of kind whose grp (column 1) or partner (2) is
 * code; the partner of the last event matched into *parent. */
static void
collect(PGresult *res, int kind, int col, const char *code, int k,
    struct sums *s, const char **parent)
{
	memset(s, 0, sizeof *s);
	for (int r = 0; r < PQntuples(res); r++) {
		if (atoi(PQgetvalue(res, r, 0)) != kind ||
		    strcmp(PQgetvalue(res, r, col), code) != 0)
			continue;
		add_row(s, res, r, k);
		if (parent != NULL)
			*parent = PQgetvalue(res, r, 2);
	}
}

/*
 * Decide which groups' complete cases may print: the groups and everyone
 * (fixed as decided) are one line; with events (the first ne groups,
 * then their partners), the events and everyone, the partners and
 * everyone, and each partner with its events.  Forced groups are hidden
 * whatever their count; the others under min_n, then complementary ones.
 */
static void
decide(struct grp *g, int n, int ne, const struct grp *all, double min_n)
{
	struct suppress *t = suppress_new();
	int *line = xcalloc((size_t)n + 2, sizeof *line), k;
	int total;

	for (int i = 0; i < n; i++) {
		g[i].cell = suppress_cell(t, g[i].s.n);
		if (g[i].force || all->sup)
			suppress_force(t, g[i].cell);
	}
	total = suppress_fixed(t, all->s.n, all->sup);
	for (int part = 0; part < (ne > 0 ? 2 : 1); part++) {
		int lo = ne > 0 && part == 1 ? ne : 0, hi = ne > 0 && part == 0 ? ne : n;

		k = 0;
		for (int i = lo; i < hi; i++)
			line[k++] = g[i].cell;
		line[k++] = total;
		suppress_line(t, line, k);
	}
	for (int p = ne; ne > 0 && p < n; p++) {
		k = 0;
		for (int i = 0; i < ne; i++)
			if (strcmp(g[i].parent, g[p].code) == 0)
				line[k++] = g[i].cell;
		line[k++] = g[p].cell;
		suppress_line(t, line, k);
	}
	suppress_run(t, min_n);
	for (int i = 0; i < n; i++)
		g[i].sup = suppress_is(t, g[i].cell);
	free(line);
	suppress_free(t);
}

/* A group's rows: the scale's, then one per item. */
static void
print_group(struct rout *out, const char *dim, const struct grp *g,
    const struct rq_items *items)
{
	struct reliability r;
	const char *cell[NCOLS];
	char buf[5][32];

	if (reliability_alpha(items->n, g->s.n, g->s.sum, g->s.cross, STATS_LEVEL,
	    &r) != 0)
		fatal("reliability: %d items", items->n);
	memset(cell, 0, sizeof cell);
	cell[COL_DIM] = dim;
	cell[COL_GROUP] = g->code;
	cell[COL_LABEL] = g->label;
	if (g->sup)
		cell[COL_N] = cell[COL_ALPHA] = cell[COL_LO] = cell[COL_HI] =
		    OUTPUT_SUPPRESSED;
	else {
		cell[COL_N] = rout_num(buf[0], g->s.n, 0);
		cell[COL_ALPHA] = rout_num(buf[1], r.alpha, DECIMALS);
		cell[COL_LO] = rout_num(buf[2], r.lo, DECIMALS);
		cell[COL_HI] = rout_num(buf[3], r.hi, DECIMALS);
	}
	rout_row(out, cell);
	for (int i = 0; i < items->n; i++) {
		memset(cell, 0, sizeof cell);
		cell[COL_DIM] = dim;
		cell[COL_GROUP] = g->code;
		cell[COL_LABEL] = g->label;
		cell[COL_ITEM] = items->v[i]->id;
		if (g->sup)
			cell[COL_R_DROP] = cell[COL_A_DROP] = OUTPUT_SUPPRESSED;
		else {
			cell[COL_R_DROP] = rout_num(buf[0], r.r_drop[i], DECIMALS);
			cell[COL_A_DROP] = rout_num(buf[1], r.alpha_drop[i], DECIMALS);
		}
		rout_row(out, cell);
	}
}

/* The groups of an about-you dimension, each forced when the
 * disclosure module hides its respondents. */
static struct grp *
by_groups(const struct rdim *by, const struct disclosure *dc, PGresult *res,
    int k, int *ngroups)
{
	int n = disclosure_ngroups(dc);
	struct grp *g = xcalloc((size_t)n + 1, sizeof *g);

	for (int i = 0; i < n; i++) {
		g[i].code = disclosure_group(dc, i);
		g[i].label = ropts_group_label(by, g[i].code);
		g[i].force = disclosure_get(dc, i, -1, DISCLOSURE_RESPONDENTS).sup;
		collect(res, 2, 1, g[i].code, k, &g[i].s, NULL);
	}
	*ngroups = n;
	return g;
}

/* The event and partner groups together: events (parent set), then
 * partners; *first and *count say which are by's. */
static struct grp *
event_groups(const struct disclosure *ev, const struct disclosure *pa,
    PGresult *res, int k, bool partner, int *ngroups, int *first, int *count)
{
	int ne = disclosure_ngroups(ev), np = disclosure_ngroups(pa);
	struct grp *g = xcalloc((size_t)(ne + np) + 1, sizeof *g);

	for (int i = 0; i < ne; i++) {
		g[i].code = disclosure_group(ev, i);
		g[i].label = ropts_group_label(ropts_dim("event"), g[i].code);
		g[i].force = disclosure_get(ev, i, -1, DISCLOSURE_RESPONDENTS).sup;
		g[i].parent = "";
		collect(res, 2, 1, g[i].code, k, &g[i].s, &g[i].parent);
	}
	for (int i = 0; i < np; i++) {
		struct grp *p = &g[ne + i];

		p->code = disclosure_group(pa, i);
		p->label = ropts_group_label(ropts_dim("partner"), p->code);
		p->force = disclosure_get(pa, i, -1, DISCLOSURE_RESPONDENTS).sup;
		collect(res, 2, 2, p->code, k, &p->s, NULL);
	}
	*ngroups = ne + np;
	*first = partner ? ne : 0;
	*count = partner ? np : ne;
	return g;
}

int
cmd_reliability(int argc, char **argv, struct cli_global *g)
{
	struct ropts o;
	struct rq q;
	struct rq_items all = { 0 }, items = { 0 };
	struct disclosure *dc = NULL, *dc2 = NULL;
	struct rout *out;
	struct grp everyone, langs[2], *groups = NULL;
	char **kept = xcalloc((size_t)argc + 1, sizeof *kept);
	const char *construct = NULL;
	char *arr = NULL;
	PGresult *res = NULL;
	PGconn *conn = NULL;
	int rc, nkept, ngroups = 0, first = 0, count = 0;

	memset(&o, 0, sizeof o);
	if ((rc = take_construct(argc, argv, kept, &nkept, &construct)) >= 0)
		goto done;
	if ((rc = ropts_parse(&o, nkept, kept, "reliability", ROPT_FILTERS | ROPT_BY |
	    ROPT_MIN_N | ROPT_FORMAT, cmd_reliability_usage, g)) >= 0)
		goto done;
	conn = cli_connect(g);
	if ((rc = ropts_resolve_events(&o, conn)) != 0)
		goto done;
	rq_open(&q, conn, &o);
	rq_items(&q, true, &all);
	if ((rc = choose_items(&all, construct, &items)) != 0)
		goto done;
	arr = rq_items_array(&items);
	dc = disclosure_new(&q, o.by, NULL, NULL, NULL);
	/* Events and partners are one hierarchy: decided together. */
	if (o.by != NULL && o.by->about < 0)
		dc2 = disclosure_new(&q, ropts_dim(strcmp(o.by->name, "event") == 0 ?
		    "partner" : "event"), NULL, NULL, NULL);
	res = aggregate(&q, o.by, arr, items.n);

	out = rout_begin(&o, &items, cols, NCOLS);
	if (disclosure_get(dc, -1, -1, DISCLOSURE_RESPONDENTS).n == 0 &&
	    o.role == NULL && o.nevents == 0) {
		fprintf(stderr, "belong: reliability: no responses match the filters\n");
		goto end;
	}
	if (disclosure_selection_suppressed(dc)) {
		rout_refuse(out);
		goto end;
	}
	memset(&everyone, 0, sizeof everyone);
	everyone.code = "all";
	everyone.label = "Everyone";
	collect(res, 0, 1, "", items.n, &everyone.s, NULL);
	everyone.sup = everyone.s.n < (double)o.min_n;
	/* Filters are groups: the selection is a cell of the line of every
	 * event (of every role), then of every role of its events. */
	if (o.nevents > 0 || o.role != NULL) {
		const char **ids = xcalloc((size_t)o.nevents + 1, sizeof *ids);
		char *copy = xstrdup(o.nevents > 0 ? o.event_ids : "{}");
		double total = 0, part = 0;
		bool ev_sup = false;
		int nids = 0;

		for (char *p = strtok(copy, "{,}"); p != NULL; p = strtok(NULL, "{,}"))
			if (nids < o.nevents)
				ids[nids++] = p;
		for (int r = 0; r < PQntuples(res); r++) {
			int kind = atoi(PQgetvalue(res, r, 0));

			if (kind == 4)
				total += strtod(PQgetvalue(res, r, 3), NULL);
			if (kind == 3)
				part += strtod(PQgetvalue(res, r, 3), NULL);
		}
		if (o.nevents > 0)
			ev_sup = decide_filter(res, 4, ids, nids, total,
			    total < (double)o.min_n, (double)o.min_n);
		if (o.role != NULL)
			everyone.sup |= decide_filter(res, 3, &o.role, 1, part,
			    ev_sup || part < (double)o.min_n, (double)o.min_n);
		everyone.sup |= ev_sup;
		free(ids);
		free(copy);
	}
	print_group(out, "all", &everyone, &items);

	memset(langs, 0, sizeof langs);
	langs[0].code = "en";
	langs[0].label = "Survey in English";
	langs[1].code = "es";
	langs[1].label = "Survey in Spanish";
	for (int i = 0; i < 2; i++)
		collect(res, 1, 1, langs[i].code, items.n, &langs[i].s, NULL);
	decide(langs, 2, 0, &everyone, (double)o.min_n);
	for (int i = 0; i < 2; i++)
		print_group(out, "lang", &langs[i], &items);

	if (o.by != NULL) {
		int ne = 0;

		if (o.by->about >= 0) {
			groups = by_groups(o.by, dc, res, items.n, &ngroups);
			count = ngroups;
		} else if (strcmp(o.by->name, "event") == 0)
			groups = event_groups(dc, dc2, res, items.n, false, &ngroups,
			    &first, &count);
		else
			groups = event_groups(dc2, dc, res, items.n, true, &ngroups,
			    &first, &count);
		if (o.by->about < 0)
			ne = disclosure_ngroups(strcmp(o.by->name, "event") == 0 ? dc : dc2);
		if (ngroups > 0)
			decide(groups, ngroups, ne, &everyone, (double)o.min_n);
		for (int i = first; i < first + count; i++)
			print_group(out, o.by->name, &groups[i], &items);
	}
	rout_note(out, "alpha: Cronbach's alpha of the %d items (%s) over the n "
	    "complete cases, who answered every one; lo, hi: its 95 %% Feldt "
	    "interval; r_drop: each item's correlation with the sum of the others; "
	    "alpha_if_dropped: alpha without the item (psych::alpha's figures)",
	    items.n, arr);
	rout_note_race(out, &o);
	rout_note_suppressed(out, &o);
end:
	rc = rout_end(out);
done:
	if (res != NULL)
		PQclear(res);
	disclosure_free(dc);
	disclosure_free(dc2);
	free(groups);
	free(arr);
	free(items.v);
	rq_items_free(&all);
	if (conn != NULL)
		PQfinish(conn);
	ropts_free(&o);
	free(kept);
	return rc;
}
