/*
 * belong export program SLUG: one row per matched pair of a pre/post
 * program (program_pairs.c), the pre and post answers side by side, for
 * a paired analysis in R, SPSS or Stata.
 *
 * The rules are those of export responses (cmd_export.c), which it
 * shares: the program's wave events are the selection; nothing if the
 * reports suppress that selection, or if there are fewer than --min-n
 * pairs (change suppresses such a cell); no pair with a response of an
 * event the reports suppress; the about-you answers (of the post
 * response, where change takes its groups from) coarsened to role and
 * grade, or withheld, when their combination among the pairs is rarer
 * than --min-n or holds a group the reports suppress.  And more strictly:
 * no id of a response or an event, no event, no day, no language, no
 * free text, never an element of the code; the rows in the order of a
 * hash of the two response ids, which says nothing of when either was
 * given.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "about.h"
#include "cli.h"
#include "cmd_export.h"
#include "cmdutil.h"
#include "code_match.h"
#include "disclosure.h"
#include "export_program.h"
#include "instrument.h"
#include "log.h"
#include "output.h"
#include "pgconn.h"
#include "program_pairs.h"
#include "report_opts.h"
#include "report_query.h"
#include "xalloc.h"

#define EXPORT_MAX_DIFF 3

/* The query's fixed columns, in order. */
enum { Q_MATCH, Q_PRE_BELONGING, Q_POST_BELONGING, Q_PRE_ANSWERS,
	Q_POST_ANSWERS, Q_LEVEL, Q_ROLE, Q_GRADE, Q_GENDER, Q_RACE,
	Q_DISABILITY, Q_FIRSTGEN, Q_LANGUAGE, Q_NCOLS };

/* An output column: a fixed one (q), an item's answer on one side, a
 * race code as 0/1, or an about-you answer. */
struct pcol {
	char *name;
	int q;			/* a Q_ column, or -1 */
	const struct item *item;
	int side;		/* of item: Q_PRE_ANSWERS or Q_POST_ANSWERS */
	int race_code;		/* race_<code>: index of the code, or -1 */
	int about;		/* enum about_field, or -1 */
};

struct pexport {
	struct pcol *cols;
	int ncols;
	struct output_column *ocols;
	long rows, coarsened, withheld;
};

void
export_program_usage(FILE *out)
{
	fputs("usage: belong export program SLUG [--format csv|json|markdown|latex]\n"
	    "           [--max-diff N] [--min-n N] [--include-test]\n"
	    "\n"
	    "  One row per matched pair of a pre/post program (belong program match,\n"
	    "  --max-diff 0-3, default 1): match (exact or near), the belonging\n"
	    "  index and each item's answer before (pre_ITEM) and after (post_ITEM),\n"
	    "  and the about-you answers of the post response under the rules of\n"
	    "  export responses (rarer than --min-n: coarsened or withheld).  No\n"
	    "  code, no id, no event, no day, no free text; nothing when there are\n"
	    "  fewer than --min-n pairs.  Rows in no order of submission.\n", out);
}

static void
add_col(struct pexport *x, char *name, int q, const struct item *it, int side,
    int race_code, int about, enum output_type type)
{
	struct pcol *c;

	x->cols = xrealloc(x->cols, (size_t)(x->ncols + 1) * sizeof *x->cols);
	x->ocols = xrealloc(x->ocols, (size_t)(x->ncols + 1) * sizeof *x->ocols);
	c = &x->cols[x->ncols];
	c->name = name;
	c->q = q;
	c->item = it;
	c->side = side;
	c->race_code = race_code;
	c->about = about;
	x->ocols[x->ncols].name = name;
	x->ocols[x->ncols].type = type;
	x->ncols++;
}

/* match, the belonging index and the items, pre and post side by side,
 * then the about-you answers and how much of them is kept. */
static void
columns(struct pexport *x, const struct rq_items *items)
{
	const struct about_question *race = &about_questions[ABOUT_RACE];

	add_col(x, xstrdup("match"), Q_MATCH, NULL, 0, -1, -1, OUTPUT_TEXT);
	add_col(x, xstrdup("pre_belonging"), Q_PRE_BELONGING, NULL, 0, -1, -1,
	    OUTPUT_NUMBER);
	add_col(x, xstrdup("post_belonging"), Q_POST_BELONGING, NULL, 0, -1, -1,
	    OUTPUT_NUMBER);
	for (int i = 0; i < items->n; i++) {
		const struct item *it = items->v[i];
		enum output_type t = it->type == ITEM_LIKERT5 ||
		    it->type == ITEM_SCALE0_10 ? OUTPUT_NUMBER : OUTPUT_TEXT;

		if (it->type == ITEM_TEXT)
			continue;	/* never free text */
		add_col(x, xasprintf("pre_%s", it->id), -1, it, Q_PRE_ANSWERS, -1,
		    -1, t);
		add_col(x, xasprintf("post_%s", it->id), -1, it, Q_POST_ANSWERS, -1,
		    -1, t);
	}
	for (int a = 0; a < ABOUT_COUNT; a++) {
		add_col(x, xstrdup(about_questions[a].name), Q_ROLE + a, NULL, 0, -1,
		    a, OUTPUT_TEXT);
		if (a != ABOUT_RACE)
			continue;
		for (int k = 0; k < race->ncodes; k++)
			add_col(x, xasprintf("race_%s", race->codes[k].code), -1, NULL,
			    0, k, -1, OUTPUT_NUMBER);
	}
	add_col(x, xstrdup("demographics"), Q_LEVEL, NULL, 0, -1, -1, OUTPUT_TEXT);
}

static void
row(void *arg, PGresult *res, const char **cells,
    char (*bufs)[CMD_EXPORT_CELL_MAX])
{
	struct pexport *x = arg;
	const char *level = PQgetvalue(res, 0, Q_LEVEL);
	bool coarse = strcmp(level, "coarsened") == 0;
	bool withheld = strcmp(level, "withheld") == 0;
	const char *race = PQgetisnull(res, 0, Q_RACE) ? NULL :
	    PQgetvalue(res, 0, Q_RACE);

	x->coarsened += coarse;
	x->withheld += withheld;
	for (int i = 0; i < x->ncols; i++) {
		struct pcol *c = &x->cols[i];
		bool hidden = (c->about >= 0 || c->race_code >= 0) && (withheld ||
		    (coarse && c->about != ABOUT_ROLE && c->about != ABOUT_GRADE));

		cells[i] = NULL;
		if (hidden)
			continue;
		if (c->q >= 0)
			cells[i] = PQgetisnull(res, 0, c->q) ? NULL :
			    PQgetvalue(res, 0, c->q);
		else if (c->item != NULL) {
			cmd_export_item_value(c->item, PQgetvalue(res, 0, c->side),
			    bufs[i]);
			cells[i] = bufs[i][0] != '\0' ? bufs[i] : NULL;
		} else if (race != NULL && strcmp(race, ABOUT_PREFER_NOT) != 0) {
			const char *code = about_questions[ABOUT_RACE].codes[c->race_code].code;
			size_t n = strlen(code);
			bool in = false;

			for (const char *p = race; *p != '\0' && !in;
			    p += strcspn(p, ";"), p += *p == ';')
				in = strncmp(p, code, n) == 0 &&
				    (p[n] == ';' || p[n] == '\0');
			cells[i] = in ? "1" : "0";
		}
	}
}

/* The pairs left once the events the reports suppress are taken out
 * (ev: the parameter with their slugs). */
#define PAIRS(ev) \
	"with p as (select m.* from matched_pair m" \
	" join event ea on ea.id = m.pre_event join event eb on eb.id = m.post_event" \
	" where ea.slug <> all (" ev "::text[]) and eb.slug <> all (" ev "::text[]))"

/*
 * $1 min-n, $2 the groups the reports suppress, $3 the events they
 * suppress.  r: the post response, whose about-you answers are exported;
 * the combinations are counted among the pairs, the rows exported.
 */
static const char pairs_sql[] = PAIRS("$3") ","
    " combo as (select coalesce(r.role, '') as ro,"
    " coalesce(r.grade, '') as gr, coalesce(r.gender, '') as ge,"
    " coalesce(array_to_string(r.race, ';'), '') as ra,"
    " coalesce(r.disability, '') as di, coalesce(r.firstgen, '') as fi,"
    " coalesce(r.language, '') as la, count(*) as n,"
    " count(*) < $1::int or bool_or(" CMD_EXPORT_GROUPS_OF_R " && $2::text[]) as rare"
    " from p join response r on r.event_id = p.post_event and r.id = p.post_id"
    " group by 1, 2, 3, 4, 5, 6, 7),"
    " coarse as (select ro, gr, sum(n) as n from combo where rare group by 1, 2)"
    " select case when p.diff = 0 then 'exact' else 'near' end,"
    " to_char(a.belonging, 'FM990.00'), to_char(r.belonging, 'FM990.00'),"
    " (select string_agg(x.item || '=' || x.value, ',' order by x.item, x.value)"
    " from answer x where x.event_id = a.event_id and x.response_id = a.id),"
    " (select string_agg(x.item || '=' || x.value, ',' order by x.item, x.value)"
    " from answer x where x.event_id = r.event_id and x.response_id = r.id),"
    " case when not c.rare then 'full' when k.n >= $1::int and not"
    " (array['role=' || coalesce(r.role, 'not_answered'),"
    " 'grade=' || coalesce(r.grade, 'not_answered')] && $2::text[])"
    " then 'coarsened' else 'withheld' end,"
    " r.role, r.grade, r.gender, array_to_string(r.race, ';'), r.disability,"
    " r.firstgen, r.language"
    " from p join response a on a.event_id = p.pre_event and a.id = p.pre_id"
    " join response r on r.event_id = p.post_event and r.id = p.post_id"
    " join combo c on c.ro = coalesce(r.role, '') and c.gr = coalesce(r.grade, '')"
    " and c.ge = coalesce(r.gender, '')"
    " and c.ra = coalesce(array_to_string(r.race, ';'), '')"
    " and c.di = coalesce(r.disability, '') and c.fi = coalesce(r.firstgen, '')"
    " and c.la = coalesce(r.language, '')"
    " left join coarse k on c.rare and k.ro = c.ro and k.gr = c.gr"
    " order by md5(p.pre_id::text || p.post_id::text)";


/* Our own options; --min-n and --include-test go on to ropts_parse. */
struct popts {
	const char *slug, *format, *max_diff, *min_n;
	bool include_test;
};

static int
parse(int argc, char **argv, struct cli_global *g, struct popts *p)
{
	enum { O_FORMAT = 1, O_MAX_DIFF, O_MIN_N, O_TEST, O_DSN, O_HELP };
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, O_FORMAT },
		{ "max-diff", required_argument, NULL, O_MAX_DIFF },
		{ "min-n", required_argument, NULL, O_MIN_N },
		{ "include-test", no_argument, NULL, O_TEST },
		{ "dsn", required_argument, NULL, O_DSN },
		{ "help", no_argument, NULL, O_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const char **slot, *rule;
	int c;

	memset(p, 0, sizeof(*p));
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		slot = NULL;
		switch (c) {
		case O_FORMAT:
			slot = &p->format;
			break;
		case O_MAX_DIFF:
			slot = &p->max_diff;
			break;
		case O_MIN_N:
			slot = &p->min_n;
			break;
		case O_TEST:
			p->include_test = true;
			break;
		case O_DSN:
			g->dsn = optarg;
			break;
		case O_HELP:
		case 'h':
			export_program_usage(stdout);
			return 0;
		default:
			return cli_usage_error(export_program_usage, "export program: "
			    "unknown option or missing value: %s", argv[optind - 1]);
		}
		if (slot != NULL) {
			if (*slot != NULL)
				return cli_usage_error(export_program_usage,
				    "export program: %s given twice", argv[optind - 1]);
			*slot = optarg;
		}
	}
	if (optind >= argc)
		return cli_usage_error(export_program_usage, "export program: missing SLUG");
	if (optind + 1 < argc)
		return cli_usage_error(export_program_usage,
		    "export program: unexpected argument: %s", argv[optind + 1]);
	p->slug = argv[optind];
	if ((rule = cmdutil_check_slug(p->slug)) != NULL)
		return cmdutil_bad_value("export program: SLUG", rule);
	return -1;
}

/*
 * The wave events of p as the options of export responses: argv for
 * ropts_parse ("export", --event SLUG ..., --min-n, --include-test), so
 * the selection is checked and resolved exactly as there.  NULL when the
 * program has no such event.
 */
static char **
selection_argv(PGconn *conn, const struct program *prog, const struct popts *p,
    int *argc, PGresult **keep)
{
	char id[16];
	const char *params[2] = { id, p->include_test ? "true" : "false" };
	PGresult *res;
	char **av;
	int n, k = 0;

	snprintf(id, sizeof id, "%d", prog->id);
	res = cli_exec(conn, "select slug from event where program_id = $1::integer"
	    " and wave is not null and ($2::boolean or not test) order by slug",
	    2, params, PGRES_TUPLES_OK);
	n = PQntuples(res);
	if (n == 0) {
		PQclear(res);
		return NULL;
	}
	av = xcalloc((size_t)(2 * n + 5), sizeof *av);
	av[k++] = (char *)"export";
	for (int i = 0; i < n; i++) {
		av[k++] = (char *)"--event";
		av[k++] = PQgetvalue(res, i, 0);
	}
	if (p->min_n != NULL) {
		av[k++] = (char *)"--min-n";
		av[k++] = (char *)p->min_n;
	}
	if (p->include_test)
		av[k++] = (char *)"--include-test";
	*argc = k;
	*keep = res;
	return av;
}

int
export_program(int argc, char **argv, struct cli_global *g)
{
	struct popts p;
	struct program prog = { 0 };
	struct program_pairs m;
	struct ropts o;
	struct rq q;
	struct rq_items items = { 0 };
	struct pexport x = { 0 };
	struct disclosure *dc = NULL;
	struct output *w = NULL;
	enum output_format fmt = OUTPUT_CSV;
	PGconn *conn = NULL;
	PGresult *slugs = NULL, *res;
	char **av = NULL, *sup_groups = NULL, *sup_events = NULL, minbuf[24];
	const char *params[3], *rule;
	long max_diff = CODE_MATCH_DEFAULT_MAX_DIFF, npairs;
	bool have_o = false;
	int rc, ac = 0;

	if ((rc = parse(argc, argv, g, &p)) >= 0)
		return rc;
	if (p.format != NULL && (rc = cmdutil_format(p.format, &fmt)) != 0)
		return rc;
	if (fmt == OUTPUT_TABLE)
		return cmdutil_bad_value("export program: --format",
		    "must be csv, json, markdown or latex");
	if (p.max_diff != NULL && (rule = cmdutil_parse_long(p.max_diff, 0,
	    EXPORT_MAX_DIFF, &max_diff)) != NULL)
		return cmdutil_bad_value("export program: --max-diff", rule);
	if (p.min_n != NULL && (rule = cmdutil_parse_long(p.min_n,
	    ROPTS_MIN_N_FLOOR, 1000000, &npairs)) != NULL)
		return cmdutil_bad_value("export program: --min-n", rule);
	conn = cli_connect(g);
	if (program_pairs_find(conn, p.slug, &prog) != 0) {
		log_error("export program: no program with slug \"%s\"", p.slug);
		rc = 1;
		goto done;
	}
	if (!prog.prepost) {
		log_error("export program: program %s is retrospective: its before "
		    "and now answers are in each row of `belong export responses "
		    "--event SLUG`", prog.slug);
		rc = 1;
		goto done;
	}
	if ((av = selection_argv(conn, &prog, &p, &ac, &slugs)) == NULL) {
		log_error("export program: program %s has no pre or post event%s",
		    prog.slug, p.include_test ? "" : " (test events need --include-test)");
		rc = 1;
		goto done;
	}
	have_o = true;	/* ropts_free also after a failed parse */
	if ((rc = ropts_parse(&o, ac, av, "export", ROPT_SELECT | ROPT_MIN_N,
	    export_program_usage, g)) >= 0)
		goto done;
	o.format = fmt;
	if ((rc = ropts_resolve_events(&o, conn)) != 0)
		goto done;
	/* Before rq_open: its snapshot is a read-only transaction, where no
	 * temporary table can be made. */
	if (program_pairs_load(conn, &prog, (int)max_diff, p.include_test, &m) != 0)
		fatal("export program: cannot match");	/* checked above */
	rq_open(&q, conn, &o);
	rq_items(&q, true, &items);
	columns(&x, &items);
	w = output_begin(stdout, fmt, x.ocols, x.ncols, 0);
	/* The selection is a group like any: rows only if the reports would
	 * show it. */
	dc = disclosure_new(&q, NULL, NULL, NULL, NULL);
	if (disclosure_selection_suppressed(dc)) {
		fprintf(stderr, "belong: export program: " DISCLOSURE_REFUSAL "\n",
		    o.min_n);
		rc = cmdutil_output_end(w);
		goto done;
	}
	cmd_export_suppressed(&q, &sup_groups, &sup_events);
	snprintf(minbuf, sizeof minbuf, "%ld", o.min_n);
	params[0] = minbuf;
	params[1] = sup_groups;
	params[2] = sup_events;
	res = cli_exec(conn, PAIRS("$1") " select count(*) from p", 1, &params[2],
	    PGRES_TUPLES_OK);
	npairs = atol(PQgetvalue(res, 0, 0));
	PQclear(res);
	/* The pairs are the cell change reports: below min-n it shows none. */
	if (npairs < o.min_n) {
		fprintf(stderr, "belong: export program: suppressed: fewer than %ld "
		    "matched pairs\n", o.min_n);
		rc = cmdutil_output_end(w);
		goto done;
	}
	x.rows = cmd_export_stream(conn, pairs_sql, 3, params, x.ncols, row, &x, w);
	rc = cmdutil_output_end(w);
	if (strcmp(sup_events, "{}") != 0)
		fprintf(stderr, "belong: export program: the pairs with a response "
		    "of an event the reports suppress are left out\n");
	fprintf(stderr, "belong: export program: %ld pairs of %ld pre and %ld post "
	    "responses; about-you answers of %ld coarsened to role and grade, of "
	    "%ld withheld (rarer than %ld or a group the reports suppress)\n",
	    x.rows, m.pre, m.post, x.coarsened, x.withheld, o.min_n);
done:
	free(sup_groups);
	free(sup_events);
	disclosure_free(dc);
	for (int i = 0; i < x.ncols; i++)
		free(x.cols[i].name);
	free(x.cols);
	free(x.ocols);
	rq_items_free(&items);
	if (have_o)
		ropts_free(&o);
	free(av);
	if (slugs != NULL)
		PQclear(slugs);
	program_pairs_free_program(&prog);
	if (conn != NULL)
		PQfinish(conn);
	return rc;
}
