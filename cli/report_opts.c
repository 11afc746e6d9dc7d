/*
 * Options of the report commands (report_opts.h): one parser, so that
 * --from means the same day in report, trend, reach and export.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "about.h"
#include "cmdutil.h"
#include "log.h"
#include "report_opts.h"
#include "xalloc.h"

/* A single-valued question: its column, or not_answered. */
#define ABOUT_DIM(name, field) { name, name, "c.grp", "", \
	"coalesce(r." name ", 'not_answered')", field, { NULL, NULL }, false }

const struct rdim ropts_total = { "", "", "''", "", "''", -1, { NULL, NULL },
	false };

/*
 * Race is a list: a respondent counts in every group chosen, in
 * two_or_more when two or more races are chosen, in prefer_not (never
 * mixed with codes: the submission checks refuse it) or in not_answered.
 */
const struct rdim ropts_about_dims[] = {
	ABOUT_DIM("role", ABOUT_ROLE),
	ABOUT_DIM("grade", ABOUT_GRADE),
	ABOUT_DIM("gender", ABOUT_GENDER),
	{ "race", "race", "c.grp",
	    " cross join lateral unnest(coalesce(r.race, '{not_answered}'::text[])"
	    " || case when cardinality(array_remove(r.race, 'prefer_not')) >= 2"
	    " then '{two_or_more}'::text[] else '{}'::text[] end) as g (grp)",
	    "g.grp", ABOUT_RACE, { NULL, NULL }, false },
	ABOUT_DIM("disability", ABOUT_DISABILITY),
	ABOUT_DIM("firstgen", ABOUT_FIRSTGEN),
	ABOUT_DIM("language", ABOUT_LANGUAGE),
};
const int ropts_nabout_dims = sizeof ropts_about_dims / sizeof ropts_about_dims[0];

/* Dimensions of the event rather than the respondent: from the rollup's
 * everyone cells, grouped by a column of the event. */
static const struct rdim event_dims[] = {
	{ "event", "", "e.slug", "", "e.slug", -1, { NULL, NULL }, false },
	{ "partner", "", "coalesce(nullif(e.partner, ''), 'none')", "",
	    "coalesce(nullif(e.partner, ''), 'none')", -1, { NULL, NULL },
	    false },
};

enum {
	OPT_EVENT = 256, OPT_FROM, OPT_TO, OPT_ROLE, OPT_BY, OPT_MIN_N,
	OPT_FORMAT, OPT_NO_ROLLUP, OPT_INTERVAL, OPT_INDICATOR, OPT_REGION,
	OPT_TEXT, OPT_CODEBOOK, OPT_DSN, OPT_HELP, OPT_DESIGN, OPT_ADJUST,
	OPT_INCLUDE_TEST
};

/* Which ROPT_ bit lets each option in. */
static unsigned
opt_bit(int c)
{
	switch (c) {
	case OPT_EVENT: case OPT_FROM: case OPT_TO: case OPT_INCLUDE_TEST:
		return ROPT_SELECT;
	case OPT_ROLE:
		return ROPT_ROLE;
	case OPT_BY: return ROPT_BY;
	case OPT_MIN_N: return ROPT_MIN_N;
	case OPT_FORMAT: return ROPT_FORMAT;
	case OPT_NO_ROLLUP: return ROPT_ROLLUP;
	case OPT_INTERVAL: return ROPT_INTERVAL;
	case OPT_INDICATOR: return ROPT_INDICATOR;
	case OPT_REGION: return ROPT_REGION;
	case OPT_TEXT: return ROPT_TEXT;
	case OPT_CODEBOOK: return ROPT_CODEBOOK;
	case OPT_DESIGN: return ROPT_DESIGN;
	case OPT_ADJUST: return ROPT_ADJUST;
	default: return 0;
	}
}

const struct rdim *
ropts_dim(const char *name)
{
	for (int i = 0; i < ropts_nabout_dims; i++)
		if (strcmp(ropts_about_dims[i].name, name) == 0)
			return &ropts_about_dims[i];
	for (size_t i = 0; i < sizeof event_dims / sizeof event_dims[0]; i++)
		if (strcmp(event_dims[i].name, name) == 0)
			return &event_dims[i];
	return NULL;
}

/*
 * A pair's group over the rollup's cells c: the about-you question's
 * c.grp (its cell_dim's rows), the role of the cell, or the event's.
 */
static const char *
pair_cell_grp(const struct rdim *d)
{
	if (d->about == ABOUT_ROLE)
		return "c.role";
	return d->about >= 0 ? "c.grp" : d->cell_grp;
}

/*
 * Make o->by the pair a,b: its groups are a's code, ROPTS_PAIR_SEP, b's.
 * From the rollup when at most one of them is an about-you question
 * other than role (the rollup's rows are one question's groups, per
 * role and event); else from the responses.
 */
static void
make_pair(struct ropts *o, const struct rdim *a, const struct rdim *b)
{
	struct rdim *p = &o->by_pair;
	bool qa = a->about >= 0 && a->about != ABOUT_ROLE;
	bool qb = b->about >= 0 && b->about != ABOUT_ROLE;

	memset(p, 0, sizeof *p);
	o->by_pair_sql[0] = xasprintf("%s,%s", a->name, b->name);
	o->by_pair_sql[1] = xasprintf("%s || '" ROPTS_PAIR_SEP "' || %s",
	    pair_cell_grp(a), pair_cell_grp(b));
	o->by_pair_sql[2] = xasprintf("%s%s", a->raw_from, b->raw_from);
	o->by_pair_sql[3] = xasprintf("%s || '" ROPTS_PAIR_SEP "' || %s",
	    a->raw_grp, b->raw_grp);
	p->name = o->by_pair_sql[0];
	p->cell_dim = qa && qb ? NULL : qa ? a->cell_dim :
	    qb ? b->cell_dim : "";
	p->cell_grp = qa && qb ? "''" : o->by_pair_sql[1];
	p->raw_from = o->by_pair_sql[2];
	p->raw_grp = o->by_pair_sql[3];
	p->about = -1;
	p->part[0] = a;
	p->part[1] = b;
	p->no_month = a->about == ABOUT_ROLE || b->about == ABOUT_ROLE;
	o->by = p;
}

/* --by: one dimension, or two (A,B); NULL when taken, else the rule. */
static const char *
parse_by(struct ropts *o, const char *arg)
{
	static const char *const rule = "must be one of role, grade, gender, "
	    "race, disability, firstgen, language, event, partner, or two "
	    "different ones joined by a comma (gender,race)";
	const char *comma = strchr(arg, ',');
	const struct rdim *a, *b;
	char *first;

	/* A second --by replaces the first, as any option does. */
	for (int i = 0; i < 4; i++) {
		free(o->by_pair_sql[i]);
		o->by_pair_sql[i] = NULL;
	}
	if (comma == NULL)
		return (o->by = ropts_dim(arg)) == NULL ? rule : NULL;
	first = xasprintf("%.*s", (int)(comma - arg), arg);
	a = ropts_dim(first);
	free(first);
	b = ropts_dim(comma + 1);	/* a second comma: no such dimension */
	if (a == NULL || b == NULL)
		return rule;
	if (a == b)
		return "must name two different dimensions";
	if (a->about < 0 && b->about < 0)
		return "cannot cross event and partner: each event has one "
		    "partner (--by event names it)";
	make_pair(o, a, b);
	return NULL;
}

static bool
role_ok(const char *s)
{
	return strcmp(s, "not_answered") == 0 ||
	    about_code_index(&about_questions[ABOUT_ROLE], s) >= 0;
}

static int
bad(const struct ropts *o, const char *opt, const char *rule)
{
	char *what = xasprintf("%s: %s", o->cmd, opt);
	int rc = cmdutil_bad_value(what, rule);

	free(what);
	return rc;
}

/* One option; -1 when taken, else the exit status. */
static int
take(struct ropts *o, int c, const char *arg)
{
	const char *rule;

	switch (c) {
	case OPT_EVENT:
		if ((rule = cmdutil_check_slug(arg)) != NULL)
			return bad(o, "--event", rule);
		o->events[o->nevents++] = arg;
		break;
	case OPT_FROM:
	case OPT_TO:
		if ((rule = cmdutil_check_date(arg)) != NULL)
			return bad(o, c == OPT_FROM ? "--from" : "--to", rule);
		*(c == OPT_FROM ? &o->from : &o->to) = arg;
		break;
	case OPT_ROLE:
		if (!role_ok(arg))
			return bad(o, "--role", "must be student, educator, family, "
			    "volunteer, other, prefer_not or not_answered");
		o->role = arg;
		break;
	case OPT_BY:
		if ((rule = parse_by(o, arg)) != NULL)
			return bad(o, "--by", rule);
		break;
	case OPT_MIN_N:
		if ((rule = cmdutil_parse_long(arg, ROPTS_MIN_N_FLOOR, 1000000,
		    &o->min_n)) != NULL)
			return bad(o, "--min-n", rule);
		break;
	case OPT_FORMAT:
		if (cmdutil_format(arg, &o->format) != 0)
			return EXIT_USAGE;
		break;
	case OPT_NO_ROLLUP:
		o->no_rollup = true;
		break;
	case OPT_INTERVAL:
		if (strcmp(arg, "week") != 0 && strcmp(arg, "month") != 0 &&
		    strcmp(arg, "quarter") != 0 && strcmp(arg, "year") != 0)
			return bad(o, "--interval", "must be week, month, quarter or year");
		o->interval = arg;
		break;
	case OPT_INDICATOR:
		o->indicator = arg;	/* checked against the items later */
		break;
	case OPT_REGION:
		if ((rule = cmdutil_check_text(arg, 1, 100)) != NULL)
			return bad(o, "--region", rule);
		o->region = arg;
		break;
	case OPT_TEXT:
		o->include_text = true;
		break;
	case OPT_INCLUDE_TEST:
		o->include_test = true;
		break;
	case OPT_CODEBOOK:
		o->codebook = arg;
		break;
	case OPT_DESIGN:
		if (strcmp(arg, "srs") != 0 && strcmp(arg, "cluster") != 0)
			return bad(o, "--design", "must be srs or cluster");
		o->design = arg;
		break;
	case OPT_ADJUST:
		if (strcmp(arg, "none") != 0 && strcmp(arg, "holm") != 0 &&
		    strcmp(arg, "bh") != 0)
			return bad(o, "--adjust", "must be none, holm or bh");
		o->adjust = arg;
		break;
	}
	return -1;
}

int
ropts_parse(struct ropts *o, int argc, char **argv, const char *cmd,
    unsigned allowed, void (*usage)(FILE *), struct cli_global *g)
{
	static const struct option longopts[] = {
		{ "event", required_argument, NULL, OPT_EVENT },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "role", required_argument, NULL, OPT_ROLE },
		{ "by", required_argument, NULL, OPT_BY },
		{ "min-n", required_argument, NULL, OPT_MIN_N },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "no-rollup", no_argument, NULL, OPT_NO_ROLLUP },
		{ "interval", required_argument, NULL, OPT_INTERVAL },
		{ "indicator", required_argument, NULL, OPT_INDICATOR },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "include-text", no_argument, NULL, OPT_TEXT },
		{ "include-test", no_argument, NULL, OPT_INCLUDE_TEST },
		{ "codebook", required_argument, NULL, OPT_CODEBOOK },
		{ "design", required_argument, NULL, OPT_DESIGN },
		{ "adjust", required_argument, NULL, OPT_ADJUST },
		{ "dsn", required_argument, NULL, OPT_DSN },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc;

	memset(o, 0, sizeof *o);
	o->cmd = cmd;
	o->min_n = ROPTS_MIN_N_DEFAULT;
	o->format = OUTPUT_TABLE;
	o->events = xcalloc((size_t)argc + 1, sizeof *o->events);
	optind = 0;
	opterr = 0;	/* our message, with "belong: " like every other */
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == OPT_HELP || c == 'h') {
			usage(stdout);
			return 0;
		}
		if (c == OPT_DSN) {
			g->dsn = optarg;
			continue;
		}
		if (c == '?' || (opt_bit(c) & allowed) == 0)
			return cli_usage_error(usage, "%s: unknown option or missing "
			    "value: %s", cmd, argv[optind - 1]);
		if ((rc = take(o, c, optarg)) >= 0)
			return rc;
	}
	if (optind < argc)
		return cli_usage_error(usage, "%s: unexpected argument: %s", cmd,
		    argv[optind]);
	/* Same format: the strings compare as the dates do. */
	if (o->from != NULL && o->to != NULL && strcmp(o->to, o->from) < 0)
		return bad(o, "--to", "must not be before --from");
	if (o->by != NULL && o->by->part[0] != NULL &&
	    !(allowed & ROPT_BY_PAIR))
		return bad(o, "--by", "takes one dimension here, not two");
	if ((allowed & ROPT_INTERVAL) && o->interval == NULL)
		return cli_usage_error(usage, "%s: --interval is required", cmd);
	return -1;
}

void
ropts_free(struct ropts *o)
{
	free(o->events);
	free(o->event_ids);
	free(o->universe_ids);
	for (int i = 0; i < 4; i++)
		free(o->by_pair_sql[i]);
}

int
ropts_resolve_events(struct ropts *o, PGconn *conn)
{
	const char *missing;
	PGresult *res;

	if (!o->include_test) {
		res = cli_exec(conn, "select coalesce(bool_or(test), false),"
		    " '{' || coalesce(string_agg(id::text, ',' order by id)"
		    " filter (where not test), '') || '}' from event",
		    0, NULL, PGRES_TUPLES_OK);
		if (strcmp(PQgetvalue(res, 0, 0), "t") == 0)
			o->universe_ids = xstrdup(PQgetvalue(res, 0, 1));
		PQclear(res);
	}
	if (o->nevents == 0) {
		if (o->universe_ids != NULL)
			o->event_ids = xstrdup(o->universe_ids);
		return 0;
	}
	o->event_ids = cmdutil_event_ids(conn, o->events, (size_t)o->nevents,
	    &missing);
	if (o->event_ids == NULL) {
		fprintf(stderr, "belong: %s: --event: no event with slug \"%s\"\n",
		    o->cmd, missing);
		return EXIT_USAGE;
	}
	if (o->universe_ids == NULL)
		return 0;
	/* The first test event named, in the order given. */
	res = cli_exec(conn, "select slug from event where test"
	    " and id = any ($1::int[]) order by array_position($1::int[], id)"
	    " limit 1", 1, (const char *const *)&o->event_ids, PGRES_TUPLES_OK);
	if (PQntuples(res) > 0) {
		fprintf(stderr, "belong: event %s is a test event: add "
		    "--include-test to report on it\n", PQgetvalue(res, 0, 0));
		PQclear(res);
		return 1;
	}
	PQclear(res);
	return 0;
}

const char *
ropts_group_label(const struct rdim *d, const char *grp)
{
	const struct about_question *q;
	int k;

	if (strcmp(grp, "not_answered") == 0)
		return "Not answered";
	if (strcmp(grp, "two_or_more") == 0)
		return "Two or more races (each also counted alone)";
	if (d->about < 0)
		return strcmp(d->name, "partner") == 0 && strcmp(grp, "none") == 0 ?
		    "No partner" : NULL;
	q = &about_questions[d->about];
	if ((k = about_code_index(q, grp)) < 0)
		return NULL;
	if (k == ABOUT_PREFER_NOT_INDEX)
		return about_prefer_not_label[LANG_EN];
	return q->codes[k].label[LANG_EN];
}

int
ropts_group_rank(const struct rdim *d, const char *grp)
{
	int k;

	if (strcmp(grp, "two_or_more") == 0)
		return 200;
	if (strcmp(grp, "prefer_not") == 0)
		return 300;
	if (strcmp(grp, "not_answered") == 0)
		return 400;
	if (d->about >= 0 && (k = about_code_index(&about_questions[d->about], grp)) >= 0)
		return k;
	return 100;
}

void
ropts_params(const struct ropts *o, const char *through,
    const char *params[ROPTS_NPARAMS])
{
	params[0] = o->event_ids;
	params[1] = o->from;
	params[2] = o->to;
	params[3] = o->role;
	params[4] = through;
}
