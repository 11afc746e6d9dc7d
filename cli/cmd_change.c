/*
 * belong change: how an indicator changed over a program.  For a pre/post
 * program, over the pairs the anonymous codes match (cli/program_pairs.h):
 * pre and post means, the mean change with its paired interval, d_z and
 * d_av, or for an agree rate the change in percentage points with
 * Newcombe's paired interval and McNemar's exact p; then the unmatched
 * comparison, every pre response against every post response.  For a
 * retrospective program, within each response: the "before" frame's
 * answers against the "now" frame's.
 *
 * As in report, PostgreSQL adds up counts, sums and sums of squares per
 * group and event; cli/change_stats.c makes the figures from them.  Which rows print is decided by
 * cli/disclosure.c: the matched rows by disclosure_pairs_decide, the
 * unmatched rows exactly as report decides its figures of the same events.
 */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "about.h"
#include "cli.h"
#include "change_stats.h"
#include "cmd_change.h"
#include "cmdutil.h"
#include "code_match.h"
#include "disclosure.h"
#include "log.h"
#include "output.h"
#include "program_pairs.h"
#include "report_opts.h"
#include "report_out.h"
#include "report_query.h"
#include "stats.h"
#include "survey.h"
#include "xalloc.h"

/* --max-diff: every value code_match allows for codes of four elements. */
#define CHANGE_MAX_DIFF_MAX 3
#define CHANGE_MAX_NOTES 10

/* How a response's value is read (one side of a pair). */
enum vkind {
	V_BELONGING,		/* response.belonging */
	V_BEFORE_INDEX,		/* the index over before-frame items */
	V_AGREE,		/* an item answered 4 or 5: 1, else 0 */
	V_NPS,			/* +100 promoter, -100 detractor, 0 passive */
};

struct vspec {
	enum vkind kind;
	char *param;		/* the item id, or the items' text[] literal */
};

struct copts {
	const char *program;
	const struct rdim *by;
	const char *indicator;
	enum change_ind ind;
	const char *item;		/* agree:ITEM, nps:ITEM */
	bool cluster;
	long max_diff;
	bool max_diff_set;
	long min_n;
	bool include_test;
	enum output_format format;
};

enum { C_GROUP, C_LABEL, C_COMPARISON, C_N, C_N_PRE, C_N_POST, C_PRE, C_PRE_LO,
	C_PRE_HI, C_POST, C_POST_LO, C_POST_HI, C_CHANGE, C_LO, C_HI, C_P, C_DZ,
	C_DAV, C_MCNEMAR, NCOLS };

static const struct output_column cols[NCOLS] = {
	{ "group", OUTPUT_NAME },
	{ "label", OUTPUT_TEXT },
	{ "comparison", OUTPUT_TEXT },
	{ "n", OUTPUT_NUMBER },
	{ "n_pre", OUTPUT_NUMBER },
	{ "n_post", OUTPUT_NUMBER },
	{ "pre", OUTPUT_NUMBER },
	{ "pre_lo", OUTPUT_NUMBER },
	{ "pre_hi", OUTPUT_NUMBER },
	{ "post", OUTPUT_NUMBER },
	{ "post_lo", OUTPUT_NUMBER },
	{ "post_hi", OUTPUT_NUMBER },
	{ "change", OUTPUT_NUMBER },
	{ "lo", OUTPUT_NUMBER },
	{ "hi", OUTPUT_NUMBER },
	{ "p", OUTPUT_NUMBER },
	{ "dz", OUTPUT_NUMBER },
	{ "dav", OUTPUT_NUMBER },
	{ "mcnemar_p", OUTPUT_NUMBER },
};

/* A row as printed: cells point into buf or at constants. */
struct crow {
	const char *cell[NCOLS];
	char buf[NCOLS][32];
	bool sup;
	bool matched;
};

/* What the command works on, once the options are checked. */
struct change {
	struct copts c;
	PGconn *conn;
	struct program prog;
	struct program_pairs pairs;
	struct vspec pre, post;
	char *ids[2];			/* pre and post (retro: all) event ids */
	const char **slugs[2];
	int nslugs[2];
	PGresult *ev[2];		/* the slugs live here */
	char item_pre[40], item_post[40];	/* the items read (retro: a pair) */
	char *item_text;		/* the (now) item's "text" as JSON, or NULL */
	char *notes[CHANGE_MAX_NOTES];
	int nnotes;
	struct crow **rows;		/* each its own: cells point into it */
	int nrows;
};

void
cmd_change_usage(FILE *out)
{
	fputs("usage: belong change --program SLUG [--by DIMENSION]\n"
	    "           [--indicator belonging|agree:ITEM|nps:ITEM] [--design srs|cluster]\n"
	    "           [--max-diff N] [--min-n N] [--include-test]\n"
	    "           [--format table|csv|json|markdown]\n"
	    "\n"
	    "  The change of an indicator over a program.  Pre/post program: over the\n"
	    "  pre and post responses the anonymous codes match (--max-diff elements\n"
	    "  may differ, 0-3, default 1), n pairs, pre and post with 95 % intervals,\n"
	    "  the mean change with its paired t interval and p, d_z and d_av; for\n"
	    "  agree:ITEM the % agreeing, the change in percentage points with\n"
	    "  Newcombe's paired interval and McNemar's exact p; for nps:ITEM each\n"
	    "  person's score (+100, 0, -100) paired.  Then the unmatched comparison,\n"
	    "  every pre response against every post response (Welch; Newcombe's\n"
	    "  interval for two proportions).  Retrospective program: the \"before\"\n"
	    "  against the \"now\" answers of each response (agree:PAIR, nps:PAIR).\n"
	    "  --by: role, grade, gender, race, disability, firstgen, language, from\n"
	    "  the post response.  --design cluster: the post events as clusters.\n"
	    "  Rows of fewer than --min-n pairs (default 10, at least 5) are\n"
	    "  suppressed, with others so that none can be worked out.\n", out);
}

static void
note(struct change *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
note(struct change *x, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		fatal("out of memory");
	va_end(ap);
	if (x->nnotes == CHANGE_MAX_NOTES)
		fatal("change: too many notes");
	x->notes[x->nnotes++] = s;
}

/* An item id as instruments have them: [a-z][a-z0-9_]{0,31}. */
static bool
item_id_ok(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n > 32 || s[0] < 'a' || s[0] > 'z')
		return false;
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '_'))
			return false;
	return true;
}

static int
bad(const char *opt, const char *rule)
{
	char *what = xasprintf("change: %s", opt);
	int rc = cmdutil_bad_value(what, rule);

	free(what);
	return rc;
}

enum { OPT_PROGRAM = 256, OPT_BY, OPT_INDICATOR, OPT_DESIGN, OPT_MAX_DIFF,
	OPT_MIN_N, OPT_INCLUDE_TEST, OPT_FORMAT, OPT_DSN, OPT_HELP };

/* -1 to go on, else the exit status. */
static int
parse(struct copts *c, int argc, char **argv, struct cli_global *g)
{
	static const struct option longopts[] = {
		{ "program", required_argument, NULL, OPT_PROGRAM },
		{ "by", required_argument, NULL, OPT_BY },
		{ "indicator", required_argument, NULL, OPT_INDICATOR },
		{ "design", required_argument, NULL, OPT_DESIGN },
		{ "max-diff", required_argument, NULL, OPT_MAX_DIFF },
		{ "min-n", required_argument, NULL, OPT_MIN_N },
		{ "include-test", no_argument, NULL, OPT_INCLUDE_TEST },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "dsn", required_argument, NULL, OPT_DSN },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const char *rule;
	int o;

	memset(c, 0, sizeof *c);
	c->indicator = "belonging";
	c->max_diff = CODE_MATCH_DEFAULT_MAX_DIFF;
	c->min_n = ROPTS_MIN_N_DEFAULT;
	c->format = OUTPUT_TABLE;
	optind = 0;
	opterr = 0;
	while ((o = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (o) {
		case OPT_HELP:
		case 'h':
			cmd_change_usage(stdout);
			return 0;
		case OPT_DSN:
			g->dsn = optarg;
			break;
		case OPT_PROGRAM:
			if ((rule = cmdutil_check_slug(optarg)) != NULL)
				return bad("--program", rule);
			c->program = optarg;
			break;
		case OPT_BY:
			c->by = ropts_dim(optarg);
			if (c->by == NULL || c->by->about < 0)
				return bad("--by", "must be one of role, grade, gender, "
				    "race, disability, firstgen, language");
			break;
		case OPT_INDICATOR:
			c->indicator = optarg;
			break;
		case OPT_DESIGN:
			if (strcmp(optarg, "srs") != 0 && strcmp(optarg, "cluster") != 0)
				return bad("--design", "must be srs or cluster");
			c->cluster = strcmp(optarg, "cluster") == 0;
			break;
		case OPT_MAX_DIFF:
			if ((rule = cmdutil_parse_long(optarg, 0, CHANGE_MAX_DIFF_MAX,
			    &c->max_diff)) != NULL)
				return bad("--max-diff", rule);
			c->max_diff_set = true;
			break;
		case OPT_MIN_N:
			if ((rule = cmdutil_parse_long(optarg, ROPTS_MIN_N_FLOOR, 1000000,
			    &c->min_n)) != NULL)
				return bad("--min-n", rule);
			break;
		case OPT_INCLUDE_TEST:
			c->include_test = true;
			break;
		case OPT_FORMAT:
			if (cmdutil_format(optarg, &c->format) != 0)
				return EXIT_USAGE;
			if (c->format == OUTPUT_LATEX)
				return bad("--format", "must be table, csv, json or markdown");
			break;
		default:
			return cli_usage_error(cmd_change_usage, "change: unknown option "
			    "or missing value: %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd_change_usage, "change: unexpected argument: %s",
		    argv[optind]);
	if (c->program == NULL)
		return cli_usage_error(cmd_change_usage, "change: --program is required");
	if (strcmp(c->indicator, "belonging") == 0)
		c->ind = CHANGE_BELONGING;
	else if (strncmp(c->indicator, "agree:", 6) == 0 ||
	    strncmp(c->indicator, "nps:", 4) == 0) {
		c->ind = c->indicator[0] == 'a' ? CHANGE_AGREE : CHANGE_NPS;
		c->item = strchr(c->indicator, ':') + 1;
		if (!item_id_ok(c->item))
			return bad("--indicator", "ITEM must be an item id: a letter, "
			    "then up to 31 lowercase letters, digits or _");
	} else
		return bad("--indicator", "must be belonging, agree:ITEM or nps:ITEM");
	return -1;
}

/* The program's events of a wave (NULL: every event, retro), as an
 * int[] literal and their slugs. */
static void
load_events(struct change *x, int side, const char *wave)
{
	char idbuf[16];
	const char *params[3];
	PGresult *res;
	int n;

	snprintf(idbuf, sizeof idbuf, "%d", x->prog.id);
	params[0] = idbuf;
	params[1] = wave;
	params[2] = x->c.include_test ? "t" : "f";
	res = cli_exec(x->conn, "select id, slug from event where program_id = $1"
	    " and ($2::text is null or wave = $2::text) and (not test or $3::bool)"
	    " order by id", 3, params, PGRES_TUPLES_OK);
	n = PQntuples(res);
	x->ev[side] = res;
	x->slugs[side] = xcalloc((size_t)n + 1, sizeof **x->slugs);
	x->nslugs[side] = n;
	{
		size_t len = 3;
		char *s;

		for (int i = 0; i < n; i++)
			len += strlen(PQgetvalue(res, i, 0)) + 1;
		s = xmalloc(len);
		strcpy(s, "{");
		for (int i = 0; i < n; i++) {
			if (i > 0)
				strcat(s, ",");
			strcat(s, PQgetvalue(res, i, 0));
			x->slugs[side][i] = PQgetvalue(res, i, 1);
		}
		strcat(s, "}");
		x->ids[side] = s;
	}
}

/*
 * The question of the item an agree or nps indicator reads (a pair's
 * "now" item), so that the JSON carries it as report's "items" do and a
 * chart can name it.  Returns 0.
 */
static int
item_text(struct change *x)
{
	const char *params[3];
	char idbuf[16];
	PGresult *res;

	if (x->item_post[0] == '\0')
		return 0;
	snprintf(idbuf, sizeof idbuf, "%d", x->prog.id);
	params[0] = idbuf;
	params[1] = x->c.include_test ? "t" : "f";
	params[2] = x->item_post;
	res = cli_exec(x->conn, "select it->'text' from event e"
	    " join instrument i on i.id = e.instrument_id"
	    " cross join lateral jsonb_array_elements(i.definition->'items') it"
	    " where e.program_id = $1 and (not e.test or $2::bool)"
	    " and it->>'id' = $3 and jsonb_typeof(it->'text') = 'object'"
	    " order by i.id desc limit 1", 3, params, PGRES_TUPLES_OK);
	if (PQntuples(res) == 1)
		x->item_text = xstrdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

/*
 * The item(s) the indicator reads, from the instruments of the program's
 * events: a likert5 item for agree, a scale0_10 item for nps; in a
 * retrospective program a pair (its name, or either item's id) of that
 * type, or for belonging the before-frame items of the index.  Returns 0,
 * or the exit status after a message.
 */
static int
resolve_items(struct change *x)
{
	const char *want = x->c.ind == CHANGE_NPS ? "scale0_10" : "likert5";
	const char *params[3];
	char idbuf[16];
	PGresult *res;
	int rc = 0;

	snprintf(idbuf, sizeof idbuf, "%d", x->prog.id);
	params[0] = idbuf;
	params[1] = x->c.include_test ? "t" : "f";
	params[2] = x->c.item != NULL ? x->c.item : "";
	if (x->prog.prepost) {
		enum vkind k = x->c.ind == CHANGE_BELONGING ? V_BELONGING :
		    x->c.ind == CHANGE_AGREE ? V_AGREE : V_NPS;

		x->pre.kind = x->post.kind = k;
		if (x->c.ind == CHANGE_BELONGING)
			return 0;
		res = cli_exec(x->conn, "select distinct it->>'type' from event e"
		    " join instrument i on i.id = e.instrument_id"
		    " cross join lateral jsonb_array_elements(i.definition->'items') it"
		    " where e.program_id = $1 and e.wave is not null"
		    " and (not e.test or $2::bool) and it->>'id' = $3", 3, params,
		    PGRES_TUPLES_OK);
		if (PQntuples(res) == 0) {
			fprintf(stderr, "belong: change: no item \"%s\" in the instruments "
			    "of program %s\n", x->c.item, x->prog.slug);
			rc = EXIT_USAGE;
		} else
			for (int i = 0; i < PQntuples(res) && rc == 0; i++)
				if (strcmp(PQgetvalue(res, i, 0), want) != 0) {
					fprintf(stderr, "belong: change: item \"%s\" is "
					    "not a %s item: %s takes %s items\n",
					    x->c.item, want, x->c.ind == CHANGE_AGREE ?
					    "agree" : "nps", want);
					rc = EXIT_USAGE;
				}
		PQclear(res);
		x->pre.param = xstrdup(x->c.item);
		x->post.param = xstrdup(x->c.item);
		snprintf(x->item_pre, sizeof x->item_pre, "%s", x->c.item);
		snprintf(x->item_post, sizeof x->item_post, "%s", x->c.item);
		return rc;
	}
	if (x->c.ind == CHANGE_BELONGING) {
		x->pre.kind = V_BEFORE_INDEX;
		x->post.kind = V_BELONGING;
		res = cli_exec(x->conn, "select '{' || coalesce(string_agg(distinct"
		    " it->>'id', ','), '') || '}', count(*) from event e"
		    " join instrument i on i.id = e.instrument_id"
		    " cross join lateral jsonb_array_elements(i.definition->'items') it"
		    " where e.program_id = $1 and (not e.test or $2::bool)"
		    " and it->>'frame' = 'before' and it->>'type' = 'likert5'"
		    " and it->>'construct' in ('belonging', 'include', 'engage', 'inspire')"
		    " and $3 = $3", 3, params, PGRES_TUPLES_OK);
		if (strcmp(PQgetvalue(res, 0, 1), "0") == 0) {
			fprintf(stderr, "belong: change: the instruments of program %s "
			    "have no \"before\" items of the belonging index\n",
			    x->prog.slug);
			rc = 1;
		}
		x->pre.param = xstrdup(PQgetvalue(res, 0, 0));
		PQclear(res);
		return rc;
	}
	/* A pair: named by its name or by either of its items' ids. */
	res = cli_exec(x->conn, "with it as (select distinct it->>'id' as id,"
	    " it->>'type' as type, it->>'frame' as frame, it->>'pair' as pair"
	    " from event e join instrument i on i.id = e.instrument_id"
	    " cross join lateral jsonb_array_elements(i.definition->'items') it"
	    " where e.program_id = $1 and (not e.test or $2::bool)"
	    " and it->>'pair' is not null),"
	    " p as (select coalesce((select pair from it where id = $3 limit 1), $3) as name)"
	    " select id, type, frame from it, p where it.pair = p.name"
	    " order by frame = 'now', id", 3, params, PGRES_TUPLES_OK);
	if (PQntuples(res) != 2 || strcmp(PQgetvalue(res, 0, 2), "before") != 0 ||
	    strcmp(PQgetvalue(res, 1, 2), "now") != 0) {
		fprintf(stderr, "belong: change: no retrospective pair \"%s\" (items "
		    "with \"pair\" and \"frame\" before and now) in the instruments of "
		    "program %s\n", x->c.item, x->prog.slug);
		rc = EXIT_USAGE;
	} else if (strcmp(PQgetvalue(res, 0, 1), want) != 0 ||
	    strcmp(PQgetvalue(res, 1, 1), want) != 0) {
		fprintf(stderr, "belong: change: pair \"%s\" is not of %s items: "
		    "%s takes %s items\n", x->c.item, want,
		    x->c.ind == CHANGE_AGREE ? "agree" : "nps", want);
		rc = EXIT_USAGE;
	} else {
		x->pre.kind = x->post.kind = x->c.ind == CHANGE_AGREE ? V_AGREE : V_NPS;
		x->pre.param = xstrdup(PQgetvalue(res, 0, 0));
		x->post.param = xstrdup(PQgetvalue(res, 1, 0));
		snprintf(x->item_pre, sizeof x->item_pre, "%s", x->pre.param);
		snprintf(x->item_post, sizeof x->item_post, "%s", x->post.param);
	}
	PQclear(res);
	return rc;
}

/* Query parameters numbered as they are added. */
struct qp {
	const char *v[8];
	char ref[8][16];
	int n;
};

static const char *
qp_add(struct qp *q, const char *v)
{
	if (q->n == 8)
		fatal("change: too many parameters");
	q->v[q->n] = v;
	snprintf(q->ref[q->n], sizeof q->ref[q->n], "$%d", q->n + 1);
	return q->ref[q->n++];
}

/* The value of response a under s, as SQL (float8, NULL for none).  The
 * caller frees. */
static char *
value_sql(const struct vspec *s, const char *a, struct qp *q)
{
	const char *p;

	switch (s->kind) {
	case V_BELONGING:
		return xasprintf("%s.belonging::float8", a);
	case V_BEFORE_INDEX:
		/* response.belonging's formula: (mean - 1) / 4 x 100. */
		p = qp_add(q, s->param);
		return xasprintf("(select (avg(v.value)::float8 - 1) / 4 * 100 from answer v"
		    " where v.event_id = %s.event_id and v.response_id = %s.id"
		    " and v.item = any (%s::text[]))", a, a, p);
	case V_AGREE:
		p = qp_add(q, s->param);
		return xasprintf("(select (max(v.value) >= 4)::int::float8 from answer v"
		    " where v.event_id = %s.event_id and v.response_id = %s.id"
		    " and v.item = %s::text)", a, a, p);
	case V_NPS:
	default:
		p = qp_add(q, s->param);
		return xasprintf("(select case when count(*) = 0 then null"
		    " when max(v.value) >= 9 then 100 when max(v.value) <= 6 then -100"
		    " else 0 end::float8 from answer v"
		    " where v.event_id = %s.event_id and v.response_id = %s.id"
		    " and v.item = %s::text)", a, a, p);
	}
}

/* Run sql; each row is grp, [cluster,] then nsums sums into n, sx, sxx,
 * sy, syy, sxy in that order. */
static void
aggs_query(PGconn *conn, const char *sql, const struct qp *q, bool cluster,
    int nsums, struct change_aggs *out)
{
	PGresult *res = cli_exec(conn, sql, q->n, q->v, PGRES_TUPLES_OK);
	int first = cluster ? 2 : 1;

	out->n = PQntuples(res);
	out->v = xcalloc((size_t)out->n + 1, sizeof *out->v);
	for (int i = 0; i < out->n; i++) {
		struct change_agg *a = &out->v[i];
		double *f[6] = { &a->n, &a->sx, &a->sxx, &a->sy, &a->syy, &a->sxy };

		a->grp = xstrdup(PQgetvalue(res, i, 0));
		a->cl = cluster ? atoi(PQgetvalue(res, i, 1)) : 0;
		for (int k = 0; k < nsums; k++)
			*f[k] = PQgetisnull(res, i, first + k) ? 0 :
			    strtod(PQgetvalue(res, i, first + k), NULL);
	}
	PQclear(res);
}

/* The pairs' sums per group (d: the dimension, ropts_total for
 * everyone) and cluster: the post event, or the event (retro). */
static void
matched_aggs(struct change *x, const struct rdim *d, struct change_aggs *out)
{
	struct qp q = { .n = 0 };
	char *xs, *ys, *sql;

	if (x->prog.prepost) {
		xs = value_sql(&x->pre, "p", &q);
		ys = value_sql(&x->post, "r", &q);
		sql = xasprintf("select k, cl, count(*), sum(x), sum(x * x), sum(y),"
		    " sum(y * y), sum(x * y) from (select %s as k, m.post_event as cl,"
		    " %s as x, %s as y from matched_pair m"
		    " join response p on p.event_id = m.pre_event and p.id = m.pre_id"
		    " join response r on r.event_id = m.post_event and r.id = m.post_id%s) v"
		    " where x is not null and y is not null group by k, cl order by k, cl",
		    d->raw_grp, xs, ys, d->raw_from);
	} else {
		const char *ids = qp_add(&q, x->ids[0]);

		xs = value_sql(&x->pre, "r", &q);
		ys = value_sql(&x->post, "r", &q);
		sql = xasprintf("select k, cl, count(*), sum(x), sum(x * x), sum(y),"
		    " sum(y * y), sum(x * y) from (select %s as k, r.event_id as cl,"
		    " %s as x, %s as y from response r%s"
		    " where r.event_id = any (%s::int[])) v"
		    " where x is not null and y is not null group by k, cl order by k, cl",
		    d->raw_grp, xs, ys, d->raw_from, ids);
	}
	aggs_query(x->conn, sql, &q, true, 6, out);
	free(xs);
	free(ys);
	free(sql);
}

/* Every response of a side with a value, per group (its own answers)
 * and event, into n, sx, sxx. */
static void
side_aggs(struct change *x, int side, const struct rdim *d, struct change_aggs *out)
{
	struct qp q = { .n = 0 };
	const char *ids = qp_add(&q, x->ids[side]);
	char *ys = value_sql(side == 0 ? &x->pre : &x->post, "r", &q);
	char *sql = xasprintf("select k, cl, count(*), sum(y), sum(y * y) from"
	    " (select %s as k, r.event_id as cl, %s as y from response r%s"
	    " where r.event_id = any (%s::int[])) v where y is not null"
	    " group by k, cl order by k, cl", d->raw_grp, ys, d->raw_from, ids);

	aggs_query(x->conn, sql, &q, true, 3, out);
	free(ys);
	free(sql);
}

/*
 * The responses of each group (own answers) with a value that are not in
 * a pair with values at both times: n is the pre side's, sx the post
 * side's.
 */
static void
only_aggs(struct change *x, const struct rdim *d, struct change_aggs *out)
{
	struct qp q = { .n = 0 };
	char *sql;

	if (x->prog.prepost) {
		struct change_aggs side[2];
		const char *join[2] = {
			"m.pre_event = r.event_id and m.pre_id = r.id",
			"m.post_event = r.event_id and m.post_id = r.id",
		};
		const char *other[2] = {
			"o.event_id = m.post_event and o.id = m.post_id",
			"o.event_id = m.pre_event and o.id = m.pre_id",
		};

		for (int s = 0; s < 2; s++) {
			struct qp qs = { .n = 0 };
			const char *ids = qp_add(&qs, x->ids[s]);
			char *own = value_sql(s == 0 ? &x->pre : &x->post, "r", &qs);
			char *oth = value_sql(s == 0 ? &x->post : &x->pre, "o", &qs);

			sql = xasprintf("select k, count(*) from (select %s as k, %s as y,"
			    " exists (select 1 from matched_pair m join response o on %s"
			    " where %s and %s is not null) as paired from response r%s"
			    " where r.event_id = any (%s::int[])) v"
			    " where y is not null and not paired group by k order by k",
			    d->raw_grp, own, other[s], join[s], oth, d->raw_from, ids);
			aggs_query(x->conn, sql, &qs, false, 1, &side[s]);
			free(own);
			free(oth);
			free(sql);
		}
		/* Merge: n from pre, sx from post. */
		out->v = xcalloc((size_t)(side[0].n + side[1].n) + 1, sizeof *out->v);
		out->n = 0;
		for (int s = 0; s < 2; s++)
			for (int i = 0; i < side[s].n; i++) {
				struct change_agg *a = NULL;

				for (int k = 0; k < out->n && a == NULL; k++)
					if (strcmp(out->v[k].grp, side[s].v[i].grp) == 0)
						a = &out->v[k];
				if (a == NULL) {
					a = &out->v[out->n++];
					a->grp = xstrdup(side[s].v[i].grp);
				}
				*(s == 0 ? &a->n : &a->sx) += side[s].v[i].n;
			}
		change_aggs_free(&side[0]);
		change_aggs_free(&side[1]);
		return;
	}
	{
		const char *ids = qp_add(&q, x->ids[0]);
		char *xs = value_sql(&x->pre, "r", &q);
		char *ys = value_sql(&x->post, "r", &q);

		sql = xasprintf("select k, count(*) filter (where x is not null and y is null),"
		    " count(*) filter (where y is not null and x is null) from"
		    " (select %s as k, %s as x, %s as y from response r%s"
		    " where r.event_id = any (%s::int[])) v group by k order by k",
		    d->raw_grp, xs, ys, d->raw_from, ids);
		aggs_query(x->conn, sql, &q, false, 2, out);
		free(xs);
		free(ys);
		free(sql);
	}
}

static void
cell_num(struct crow *r, int col, double v, int decimals)
{
	r->cell[col] = rout_num(r->buf[col], v, decimals);
}

/* The row as printed; a suppressed row has every figure its kind has as
 * "suppressed", whatever its counts. */
static void
add_row(struct change *x, const char *grp, const char *label, const struct change_fig *f,
    bool sup)
{
	struct crow *r;
	bool agree = x->c.ind == CHANGE_AGREE;

	x->rows = xrealloc(x->rows, (size_t)(x->nrows + 1) * sizeof *x->rows);
	r = x->rows[x->nrows++] = xcalloc(1, sizeof *r);
	r->sup = sup;
	r->matched = f->matched;
	r->cell[C_GROUP] = grp;
	r->cell[C_LABEL] = label;
	if (sup) {
		for (int c = C_N; c < NCOLS; c++)
			r->cell[c] = OUTPUT_SUPPRESSED;
		if (!f->matched)
			r->cell[C_N] = NULL;
		if (agree || !f->matched)
			r->cell[C_DZ] = r->cell[C_DAV] = NULL;
		if (!agree || !f->matched || x->c.cluster)
			r->cell[C_MCNEMAR] = NULL;
		return;
	}
	cell_num(r, C_N, f->n, 0);
	cell_num(r, C_N_PRE, f->n_pre, 0);
	cell_num(r, C_N_POST, f->n_post, 0);
	cell_num(r, C_PRE, f->pre, 2);
	cell_num(r, C_PRE_LO, f->pre_lo, 2);
	cell_num(r, C_PRE_HI, f->pre_hi, 2);
	cell_num(r, C_POST, f->post, 2);
	cell_num(r, C_POST_LO, f->post_lo, 2);
	cell_num(r, C_POST_HI, f->post_hi, 2);
	cell_num(r, C_CHANGE, f->chg, 2);
	cell_num(r, C_LO, f->lo, 2);
	cell_num(r, C_HI, f->hi, 2);
	cell_num(r, C_P, f->p, 4);
	cell_num(r, C_DZ, f->dz, 2);
	cell_num(r, C_DAV, f->dav, 2);
	cell_num(r, C_MCNEMAR, f->mcp, 4);
}

/* The disclosure of one wave's events, decided as report decides them:
 * report --event (each event of the wave) --by DIM.  m_pre, m_post: the
 * measures of the pre and post values there (retro: the before and now
 * items of one event set), -1 for one report does not print (the
 * before-frame index). */
struct wave_dc {
	struct ropts o;
	struct rq q;
	struct rq_items items;
	char *arr;
	struct disclosure *dc;
	int m_pre, m_post;
};

static int
item_measure(const struct wave_dc *w, const char *id)
{
	for (int i = 0; i < w->items.n; i++)
		if (strcmp(w->items.v[i]->id, id) == 0)
			return DISCLOSURE_ITEM(i);
	return -1;
}

/* The second wave shares the first one's snapshot (q0: its rq, or NULL
 * to open one). */
static int
wave_dc_open(struct change *x, int side, struct wave_dc *w, const struct rq *q0)
{
	int rc;

	memset(w, 0, sizeof *w);
	w->o.cmd = "change";
	w->o.events = xcalloc((size_t)x->nslugs[side] + 1, sizeof *w->o.events);
	memcpy(w->o.events, x->slugs[side], (size_t)x->nslugs[side] * sizeof *w->o.events);
	w->o.nevents = x->nslugs[side];
	w->o.include_test = x->c.include_test;
	w->o.by = x->c.by;
	w->o.min_n = x->c.min_n;
	w->o.format = x->c.format;
	if ((rc = ropts_resolve_events(&w->o, x->conn)) != 0)
		return rc;
	if (q0 != NULL) {
		w->q = *q0;
		w->q.o = &w->o;
	} else
		rq_open(&w->q, x->conn, &w->o);
	w->m_pre = x->pre.kind == V_BEFORE_INDEX ? -1 : DISCLOSURE_BELONGING;
	w->m_post = DISCLOSURE_BELONGING;
	if (x->c.ind != CHANGE_BELONGING) {
		rq_items(&w->q, false, &w->items);
		w->arr = rq_items_array(&w->items);
		w->m_pre = item_measure(w, x->item_pre);
		w->m_post = item_measure(w, x->item_post);
		if (w->m_pre < 0 && w->m_post < 0)
			fatal("change: no item %s among the items of the events", x->item_post);
	}
	w->dc = disclosure_new(&w->q, x->c.by, NULL, &w->items, w->arr);
	return 0;
}

/* Group name's cell of measure m in w: 1 suppressed, 0 shown, -1 not
 * printed (no such measure or group). */
static int
wave_cell(const struct wave_dc *w, const char *name, int m)
{
	int g = -1;

	if (m < 0)
		return -1;
	if (name[0] != '\0') {
		for (int k = 0; k < disclosure_ngroups(w->dc) && g < 0; k++)
			if (strcmp(disclosure_group(w->dc, k), name) == 0)
				g = k;
		if (g < 0)
			return -1;
	}
	return disclosure_get(w->dc, g, -1, m).sup ? 1 : 0;
}

static void
wave_dc_close(struct wave_dc *w)
{
	disclosure_free(w->dc);
	rq_items_free(&w->items);
	free(w->arr);
	ropts_free(&w->o);
}

/* The index of group grp among names (n of them); everyone is n. */
static int
group_index(const char *grp, const char *const *names, int n)
{
	if (grp[0] == '\0')
		return n;
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], grp) == 0)
			return i;
	return -1;
}

/* One pair set's sums: the pairs and the responses outside them, for
 * everyone ([0]) and per group ([1]). */
struct set_aggs {
	struct change_aggs m[2];
	struct change_aggs o[2];
};

static void
set_query(struct change *x, struct set_aggs *sa)
{
	const struct rdim *dims[2] = { &ropts_total, x->c.by };

	for (int d = 0; d < 2 && dims[d] != NULL; d++) {
		matched_aggs(x, dims[d], &sa->m[d]);
		only_aggs(x, dims[d], &sa->o[d]);
	}
}

static void
set_free(struct set_aggs *sa)
{
	for (int d = 0; d < 2; d++) {
		change_aggs_free(&sa->m[d]);
		change_aggs_free(&sa->o[d]);
	}
}

/* A set's counts for disclosure_pairs_decide, by the groups' names. */
static void
set_counts(const struct set_aggs *sa, const char *const *names, int ng, double *pairs,
    double *pre_only, double *post_only)
{
	for (int d = 0; d < 2; d++) {
		for (int i = 0; i < sa->m[d].n; i++) {
			int g = group_index(sa->m[d].v[i].grp, names, ng);

			if (g >= 0 && (d == 0) == (g == ng))
				pairs[g] += sa->m[d].v[i].n;
		}
		for (int i = 0; i < sa->o[d].n; i++) {
			int g = group_index(sa->o[d].v[i].grp, names, ng);

			if (g >= 0 && (d == 0) == (g == ng)) {
				pre_only[g] += sa->o[d].v[i].n;
				post_only[g] += sa->o[d].v[i].sx;
			}
		}
	}
}

static void
json_num(cJSON *o, const char *name, const char *v)
{
	if ((v != NULL && strcmp(v, OUTPUT_SUPPRESSED) != 0 ?
	    cJSON_AddNumberToObject(o, name, strtod(v, NULL)) :
	    cJSON_AddNullToObject(o, name)) == NULL)
		fatal("out of memory");
}

static void
json_str(cJSON *o, const char *name, const char *v)
{
	if ((v != NULL ? cJSON_AddStringToObject(o, name, v) :
	    cJSON_AddNullToObject(o, name)) == NULL)
		fatal("out of memory");
}

static int
print_json(struct change *x)
{
	cJSON *doc = cJSON_CreateObject(), *rows, *notes;
	char *text;
	int rc;

	if (doc == NULL)
		fatal("out of memory");
	json_str(doc, "program", x->prog.slug);
	json_str(doc, "design", x->prog.design);
	json_str(doc, "indicator", x->c.indicator);
	json_str(doc, "by", x->c.by != NULL ? x->c.by->name : NULL);
	cJSON_AddNumberToObject(doc, "min_n", (double)x->c.min_n);
	json_str(doc, "variance", x->c.cluster ? "cluster" : "srs");
	cJSON_AddNumberToObject(doc, "level", STATS_LEVEL);
	if (x->prog.prepost) {
		cJSON *m = cJSON_AddObjectToObject(doc, "matching");
		const struct program_pairs *p = &x->pairs;
		char buf[32];

		if (m == NULL)
			fatal("out of memory");
		cJSON_AddNumberToObject(m, "max_diff", p->max_diff);
		cJSON_AddNumberToObject(m, "pre", (double)p->pre);
		cJSON_AddNumberToObject(m, "post", (double)p->post);
		cJSON_AddNumberToObject(m, "pairs", (double)p->pairs);
		cJSON_AddNumberToObject(m, "exact", (double)p->exact);
		cJSON_AddNumberToObject(m, "near", (double)p->near);
		cJSON_AddNumberToObject(m, "unmatched_pre", (double)p->unmatched_pre);
		cJSON_AddNumberToObject(m, "unmatched_post", (double)p->unmatched_post);
		cJSON_AddNumberToObject(m, "ambiguous_pre", (double)p->ambiguous_pre);
		cJSON_AddNumberToObject(m, "ambiguous_post", (double)p->ambiguous_post);
		json_num(m, "rate", rout_num(buf, p->rate, 4));
	} else
		cJSON_AddNullToObject(doc, "matching");
	/* The question, as report's "items" give it: {id, type, text}. */
	if (x->item_text != NULL) {
		cJSON *items = cJSON_AddArrayToObject(doc, "items");
		cJSON *it = cJSON_CreateObject();
		cJSON *q = cJSON_Parse(x->item_text);

		if (items == NULL || it == NULL || q == NULL)
			fatal("out of memory");
		json_str(it, "id", x->c.item);
		json_str(it, "type", x->c.ind == CHANGE_NPS ? "scale0_10" : "likert5");
		cJSON_AddItemToObject(it, "text", q);
		cJSON_AddItemToArray(items, it);
	}
	if ((rows = cJSON_AddArrayToObject(doc, "rows")) == NULL)
		fatal("out of memory");
	for (int i = 0; i < x->nrows; i++) {
		const struct crow *r = x->rows[i];
		cJSON *o = cJSON_CreateObject();

		if (o == NULL)
			fatal("out of memory");
		json_str(o, "group", r->cell[C_GROUP]);
		json_str(o, "label", r->cell[C_LABEL]);
		json_str(o, "comparison", r->matched ? "matched" : "unmatched");
		for (int c = C_N; c < NCOLS; c++)
			json_num(o, cols[c].name, r->cell[c]);
		cJSON_AddBoolToObject(o, "suppressed", r->sup);
		cJSON_AddItemToArray(rows, o);
	}
	if ((notes = cJSON_AddArrayToObject(doc, "notes")) == NULL)
		fatal("out of memory");
	for (int i = 0; i < x->nnotes; i++)
		cJSON_AddItemToArray(notes, cJSON_CreateString(x->notes[i]));
	if ((text = cJSON_PrintUnformatted(doc)) == NULL)
		fatal("out of memory");
	rc = output_json_text(stdout, text) != 0 || fflush(stdout) != 0;
	if (rc)
		fprintf(stderr, "belong: change: cannot write the output\n");
	free(text);
	cJSON_Delete(doc);
	return rc;
}

/* table, csv, markdown: the rows through the writer, the notes beside. */
static int
print_rows(struct change *x)
{
	enum output_format f = x->c.format;
	struct output *w;
	int rc;

	if (f == OUTPUT_MARKDOWN) {
		char *cap = xasprintf("belong change of %s for program %s%s%s. "
		    "Minimum n: %ld.", x->c.indicator, x->prog.slug,
		    x->c.by != NULL ? " by " : "", x->c.by != NULL ? x->c.by->name : "",
		    x->c.min_n);
		char *esc = output_escape(f, cap);

		printf("Table: %s\n\n", esc);
		free(cap);
		free(esc);
	}
	w = output_begin(stdout, f, cols, NCOLS, OUTPUT_SUPPRESSION);
	for (int i = 0; i < x->nrows; i++) {
		struct crow *r = x->rows[i];

		/* CSV as JSON; for people, in words. */
		r->cell[C_COMPARISON] = f == OUTPUT_CSV ?
		    (r->matched ? "matched" : "unmatched") :
		    r->matched ? (x->prog.prepost ? "matched" : "within response") :
		    "unmatched (all pre vs all post)";
		output_row(w, r->cell);
	}
	rc = cmdutil_output_end(w);
	for (int i = 0; i < x->nnotes; i++) {
		if (f == OUTPUT_CSV)
			fprintf(stderr, "belong: change: note: %s\n", x->notes[i]);
		else if (f == OUTPUT_MARKDOWN) {
			char *esc = output_escape(f, x->notes[i]);

			printf("\n*Note.* %s\n", esc);
			free(esc);
		} else
			printf("note: %s\n", x->notes[i]);
	}
	return rc;
}

static void
say_notes(struct change *x, int ncl_matched, int ncl_unmatched)
{
	const struct program_pairs *p = &x->pairs;

	if (x->c.cluster)
		note(x, "design: cluster: %s; linearization intervals on clusters - 1 "
		    "degrees of freedom (%d matched, %d unmatched)%s",
		    x->prog.prepost ? "the post events as the clusters of the pairs, "
		    "the pre and post events as those of the unmatched comparison" :
		    "the events as clusters", ncl_matched, ncl_unmatched,
		    x->c.ind == CHANGE_AGREE ? "; no McNemar p" : "");
	else
		note(x, "design: srs: pairs and responses as simple random samples");
	if (x->prog.prepost) {
		char rate[32];

		note(x, "matching: codes matched allowing %d differing element%s: "
		    "%ld pairs (%ld exact, %ld near) of %ld pre and %ld post responses, "
		    "match rate %s%%; unmatched %ld pre, %ld post (ambiguous %ld, %ld)",
		    p->max_diff, p->max_diff == 1 ? "" : "s", p->pairs, p->exact, p->near,
		    p->pre, p->post, rout_num(rate, 100 * p->rate, 1) != NULL ?
		    rate : "no", p->unmatched_pre, p->unmatched_post, p->ambiguous_pre,
		    p->ambiguous_post);
		note(x, "matched: the pairs with a value at both times, change = post - "
		    "pre; groups from the post response; unmatched (all pre vs all post): "
		    "every pre response against every post response, groups from each "
		    "response's own answers");
	} else
		note(x, "within response: the \"before\" (%s) against the \"now\" (%s) "
		    "answers of each response with both", x->c.ind == CHANGE_BELONGING ?
		    "before-frame index items" : x->item_pre,
		    x->c.ind == CHANGE_BELONGING ? "the belonging index" : x->item_post);
	if (x->c.ind == CHANGE_AGREE)
		note(x, "agree: %% answering 4 or 5 with Wilson intervals; change in "
		    "percentage points, matched: Newcombe's interval for paired "
		    "proportions and McNemar's exact p; unmatched: Newcombe's hybrid "
		    "score interval and the chi-squared p");
	else
		note(x, "%s; matched: paired t interval and p, d_z = mean change / SD of "
		    "the changes, d_av = mean change / mean of the pre and post SDs; "
		    "unmatched: Welch's interval and p", x->c.ind == CHANGE_NPS ?
		    "NPS: each person's score +100 (9-10), 0 (7-8), -100 (0-6)" :
		    "belonging index 0-100");
	if (x->c.by != NULL && x->c.by->about == ABOUT_RACE)
		note(x, "race is multi-select: each respondent counts in every group "
		    "chosen and in two_or_more");
	note(x, "rows of fewer than %ld pairs are suppressed, and others with them so "
	    "that none can be worked out, at every --max-diff; so is a group with "
	    "fewer than %ld (but some) responses outside its pairs", x->c.min_n,
	    x->c.min_n);
}

static void
change_free(struct change *x)
{
	for (int s = 0; s < 2; s++) {
		free(x->ids[s]);
		free(x->slugs[s]);
		PQclear(x->ev[s]);
	}
	free(x->pre.param);
	free(x->post.param);
	free(x->item_text);
	for (int i = 0; i < x->nnotes; i++)
		free(x->notes[i]);
	for (int i = 0; i < x->nrows; i++)
		free(x->rows[i]);
	free(x->rows);
	program_pairs_free_program(&x->prog);
	if (x->conn != NULL)
		PQfinish(x->conn);
}

int
cmd_change(int argc, char **argv, struct cli_global *g)
{
	struct change x;
	struct wave_dc wd[2];
	bool wd_open[2] = { false, false };
	struct change_aggs mall = { 0 }, mgrp = { 0 }, side[2][2] = { { { 0 } } };
	struct disclosure_pairs sets[CHANGE_MAX_DIFF_MAX + 1];
	struct set_aggs *sa = NULL;
	int *rsup[2] = { NULL, NULL };
	bool *forced = NULL, *known = NULL;
	double *cnt = NULL;
	bool *sup = NULL;
	const char **names = NULL;
	const char **labels = NULL;
	int *clm = NULL, *clu = NULL, nclm = 0, nclu = 0, ng = 0, nsets = 0, rc;
	struct survey_cell *v = NULL, *w = NULL;
	const struct rdim *dims[2];

	memset(&x, 0, sizeof x);
	if ((rc = parse(&x.c, argc, argv, g)) >= 0)
		return rc;
	x.conn = cli_connect(g);
	if (program_pairs_find(x.conn, x.c.program, &x.prog) != 0) {
		fprintf(stderr, "belong: change: no program with slug \"%s\"\n",
		    x.c.program);
		rc = EXIT_USAGE;
		goto done;
	}
	if (!x.prog.prepost && x.c.max_diff_set) {
		fprintf(stderr, "belong: change: --max-diff: program %s is "
		    "retrospective: its pairs are within each response\n", x.prog.slug);
		rc = EXIT_USAGE;
		goto done;
	}
	if ((rc = resolve_items(&x)) != 0 || (rc = item_text(&x)) != 0)
		goto done;
	if (x.prog.prepost) {
		load_events(&x, 0, "pre");
		load_events(&x, 1, "post");
	} else
		load_events(&x, 0, NULL);
	for (int s = 0; s < (x.prog.prepost ? 2 : 1); s++)
		if (x.nslugs[s] == 0) {
			fprintf(stderr, "belong: change: program %s has no %s event%s\n",
			    x.prog.slug, !x.prog.prepost ? "" : s == 0 ? "pre" : "post",
			    x.c.include_test ? "" : " (test events left out)");
			rc = 1;
			goto done;
		}
	/*
	 * Every pair set --max-diff can give, for the matched rows'
	 * suppression; the asked one last, so matched_pair holds it after.
	 * Before the reports' read-only snapshot (rq_open), since each load
	 * replaces a temporary table.
	 */
	nsets = x.prog.prepost ? CHANGE_MAX_DIFF_MAX + 1 : 1;
	sa = xcalloc((size_t)nsets, sizeof *sa);
	for (int s = 0; s < nsets; s++) {
		int k = x.prog.prepost ? (s == nsets - 1 ? (int)x.c.max_diff :
		    s < x.c.max_diff ? s : s + 1) : 0;

		if (x.prog.prepost && program_pairs_load(x.conn, &x.prog, k,
		    x.c.include_test, &x.pairs) != 0)
			fatal("change: cannot match the codes of program %s", x.prog.slug);
		set_query(&x, &sa[s]);
	}
	/* The figures of the asked pair set. */
	dims[0] = &ropts_total;
	dims[1] = x.c.by;
	matched_aggs(&x, &ropts_total, &mall);
	if (x.c.by != NULL)
		matched_aggs(&x, x.c.by, &mgrp);
	if (x.prog.prepost)
		for (int s = 0; s < 2; s++)
			for (int d = 0; d < 2 && dims[d] != NULL; d++)
				side_aggs(&x, s, dims[d], &side[s][d]);
	/* The groups, in report's order, from the disclosure of the post
	 * (retro: the only) wave's events. */
	for (int s = 0; s < (x.prog.prepost ? 2 : 1); s++) {
		rc = wave_dc_open(&x, s, &wd[s], s > 0 ? &wd[0].q : NULL);
		wd_open[s] = true;	/* closed whatever happened */
		if (rc != 0)
			goto done;
	}
	{
		const struct wave_dc *gw = &wd[x.prog.prepost ? 1 : 0];

		ng = disclosure_ngroups(gw->dc);
		names = xcalloc((size_t)ng + 1, sizeof *names);
		labels = xcalloc((size_t)ng + 1, sizeof *labels);
		for (int i = 0; i < ng; i++) {
			names[i] = disclosure_group(gw->dc, i);
			labels[i] = disclosure_group_label(gw->dc, i);
		}
	}
	/* What report prints of the same responses: its pattern is forced on
	 * the pairs', and a group it shows whose responses of that wave are
	 * all paired is known. */
	{
		const struct wave_dc *wpre = &wd[0], *wpost = &wd[x.prog.prepost ? 1 : 0];

		rsup[0] = xcalloc((size_t)ng + 2, sizeof **rsup);
		rsup[1] = xcalloc((size_t)ng + 2, sizeof **rsup);
		forced = xcalloc((size_t)ng + 2, sizeof *forced);
		for (int i = 0; i <= ng; i++) {
			const char *name = i < ng ? names[i] : "";

			rsup[0][i] = wave_cell(wpre, name, wpre->m_pre);
			rsup[1][i] = wave_cell(wpost, name, wpost->m_post);
			forced[i] = rsup[0][i] == 1 || rsup[1][i] == 1;
		}
	}
	cnt = xcalloc((size_t)nsets * 3 * (size_t)(ng + 1) + 1, sizeof *cnt);
	known = xcalloc((size_t)nsets * (size_t)(ng + 1) + 1, sizeof *known);
	for (int s = 0; s < nsets; s++) {
		double *base = cnt + (size_t)s * 3 * (size_t)(ng + 1);
		bool *kn = known + (size_t)s * (size_t)(ng + 1);

		sets[s].pairs = base;
		sets[s].pre_only = base + ng + 1;
		sets[s].post_only = base + 2 * (ng + 1);
		sets[s].known = kn;
		set_counts(&sa[s], names, ng, base, base + ng + 1, base + 2 * (ng + 1));
		for (int k = 0; k < ng; k++)
			kn[k] = (rsup[0][k] == 0 && sets[s].pre_only[k] == 0) ||
			    (rsup[1][k] == 0 && sets[s].post_only[k] == 0);
	}
	sup = xcalloc((size_t)ng + 1, sizeof *sup);
	disclosure_pairs_decide((double)x.c.min_n, ng, sets, nsets, forced, sup);

	nclm = change_clusters(&mall, NULL, &clm);
	nclu = x.prog.prepost ? change_clusters(&side[0][0], &side[1][0], &clu) : 0;
	v = xcalloc((size_t)(nclm + nclu) + 1, sizeof *v);
	w = xcalloc((size_t)(nclm + nclu) + 1, sizeof *w);
	say_notes(&x, nclm, nclu);
	{
		struct change_fig f;

		change_matched(x.c.ind, x.c.cluster, &mall, "", clm, nclm, v, &f);
		add_row(&x, "all", "Everyone", &f, sup[ng]);
		for (int i = 0; i < ng; i++) {
			change_matched(x.c.ind, x.c.cluster, &mgrp, names[i], clm, nclm, v, &f);
			add_row(&x, names[i], labels[i], &f, sup[i]);
		}
		if (x.prog.prepost) {
			change_unmatched(x.c.ind, x.c.cluster, &side[0][0], &side[1][0], "",
			    clu, nclu, v, w, &f);
			add_row(&x, "all", "Everyone", &f, rsup[0][ng] != 0 || rsup[1][ng] != 0);
			for (int i = 0; i < ng; i++) {
				change_unmatched(x.c.ind, x.c.cluster, &side[0][1], &side[1][1], names[i], clu, nclu,
				    v, w, &f);
				add_row(&x, names[i], labels[i], &f,
				    rsup[0][i] != 0 || rsup[1][i] != 0);
			}
		}
	}
	if (sup[ng])
		fprintf(stderr, "belong: change: " DISCLOSURE_REFUSAL "\n", x.c.min_n);
	rc = x.c.format == OUTPUT_JSON ? print_json(&x) : print_rows(&x);
done:
	for (int s = 0; s < 2; s++) {
		if (wd_open[s])
			wave_dc_close(&wd[s]);
		for (int d = 0; d < 2; d++)
			change_aggs_free(&side[s][d]);
	}
	for (int s = 0; sa != NULL && s < nsets; s++)
		set_free(&sa[s]);
	free(sa);
	change_aggs_free(&mall);
	change_aggs_free(&mgrp);
	free(cnt);
	free(sup);
	free(rsup[0]);
	free(rsup[1]);
	free(forced);
	free(known);
	free(names);
	free(labels);
	free(clm);
	free(clu);
	free(v);
	free(w);
	change_free(&x);
	return rc;
}
