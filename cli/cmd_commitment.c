/*
 * belong commitment: the specific, measurable targets an alliance makes
 * (sql/011_commitments.sql), and their progress from the same figures,
 * under the same design and disclosure control, as belong report prints.
 *
 * Each figure of a commitment is that of a selection of events over a
 * period: the events its --events SELECTION names (all but test events
 * without one), and a date range.  Figures of respondents (respondents,
 * new-reach, group-share, belonging, gap, agree:ITEM) are those
 * `belong report --event ... --from FROM --to TO` would print for the
 * same events and dates, decided by the disclosure module (disclosure.h)
 * as that report's; figures of events (attendance, educators, sites:LEVEL)
 * count the events dated (starts_on, else the day they were added) in
 * the period.  Values are checked here first, exit 2 with nothing
 * written; every value reaches SQL as a parameter.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "about.h"
#include "cli.h"
#include "cmd_commitment.h"
#include "cmdutil.h"
#include "disclosure.h"
#include "disclosure_overlap.h"
#include "log.h"
#include "output.h"
#include "progress.h"
#include "report_design.h"
#include "report_opts.h"
#include "report_query.h"
#include "stats.h"
#include "survey.h"
#include "xalloc.h"

#define COMMITMENT_TITLE_MAX 200	/* as the schema's check */
#define COMMITMENT_MAX_MONTHS 600	/* fifty years of monthly points */

void
cmd_commitment_usage(FILE *out)
{
	fputs("usage: belong commitment add --slug SLUG --title TITLE --indicator IND\n"
	    "           --target X --due YYYY-MM-DD [--baseline-from YYYY-MM-DD\n"
	    "           --baseline-to YYYY-MM-DD] [--group DIM=CODE] [--events SELECTION]\n"
	    "       belong commitment list [--format table|csv|json|markdown]\n"
	    "       belong commitment show SLUG [--format table|csv|json|markdown]\n"
	    "       belong commitment close SLUG\n"
	    "       belong commitment progress [SLUG] [--min-n N]\n"
	    "           [--format table|csv|json|markdown]\n"
	    "\n"
	    "  IND: attendance (recorded headcounts), respondents, new-reach\n"
	    "  (respondents answering yes to first_time), group-share (% of respondents\n"
	    "  in --group), belonging (mean index, of --group if given), gap (the size\n"
	    "  |gap| of --group's index to everyone else's, to bring down), agree:ITEM\n"
	    "  (% agreeing), educators (headcounts, else educator respondents, at\n"
	    "  trainings for educators), sites:state|district|school|program (distinct\n"
	    "  sites reached; an event at a school reaches its district and state).\n"
	    "  X: people or sites (a whole number, 0 or more), or a % or index 0-100;\n"
	    "  a gap's target is its size, 0-100.  The baseline period must end before\n"
	    "  today and --due; the commitment's period runs from the day after it\n"
	    "  (without one: from the day it was added) to --due, which must not be\n"
	    "  past.  --group: an about-you dimension and code (gender=woman).\n"
	    "  SELECTION: comma-separated kind=event|training|program-session,\n"
	    "  partner=NAME, site=CODE (the site and every site under it),\n"
	    "  program=SLUG, each at most once, all of them applying; values may not\n"
	    "  hold a comma.  Test events are never counted.\n"
	    "  progress: open commitments (or SLUG): baseline, current value with its\n"
	    "  95 % interval (the design of belong report), target, progress from the\n"
	    "  baseline to the target in %, the least-squares projection of the monthly\n"
	    "  points to the due date with its 95 % interval, and the status: met, on\n"
	    "  track, at risk (only the interval reaches the target), off track, not\n"
	    "  enough data (fewer than 3 months).  Suppressed figures (--min-n, default\n"
	    "  10) print as suppressed, and so do the progress and status they make.\n"
	    "  --dsn DSN may follow any of them.\n", out);
}

/* The indicators; the first five add up over time (cumulative). */
enum ind { IND_ATTENDANCE, IND_RESPONDENTS, IND_NEW_REACH, IND_EDUCATORS,
	IND_SITES, IND_GROUP_SHARE, IND_BELONGING, IND_GAP, IND_AGREE };

static const char *const ind_names[] = { "attendance", "respondents", "new-reach",
	"educators", "sites:", "group-share", "belonging", "gap", "agree:" };
#define NINDS ((int)(sizeof ind_names / sizeof ind_names[0]))

static const char *const site_levels[] = { "state", "district", "school", "program" };
static const char *const event_kinds[] = { "event", "training", "program-session" };

static bool
ind_cumulative(enum ind k)
{
	return k <= IND_SITES;
}

/* The indicator named s, with its item or level in *arg; -1 if none. */
static int
ind_parse(const char *s, const char **arg)
{
	*arg = NULL;
	for (int i = 0; i < NINDS; i++) {
		size_t l = strlen(ind_names[i]);

		if (ind_names[i][l - 1] == ':') {
			if (strncmp(s, ind_names[i], l) == 0) {
				*arg = s + l;
				return i;
			}
		} else if (strcmp(s, ind_names[i]) == 0)
			return i;
	}
	return -1;
}

static bool
in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* --- dates, as day numbers (days since 1970-01-01) ---------------------- */

static long
days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long z, long *y, long *m, long *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

/* A YYYY-MM-DD that cmdutil_check_date or PostgreSQL wrote. */
static long
day_of(const char *s)
{
	long y = 0, m = 1, d = 1;

	if (sscanf(s, "%ld-%ld-%ld", &y, &m, &d) != 3)
		fatal("commitment: bad date %s", s);
	return days_from_civil(y, m, d);
}

static void
day_str(long z, char buf[16])
{
	long y, m, d;

	civil_from_days(z, &y, &m, &d);
	snprintf(buf, 16, "%04ld-%02ld-%02ld", y, m, d);
}

/* --- options ------------------------------------------------------------ */

enum { OPT_SLUG = 1, OPT_TITLE, OPT_INDICATOR, OPT_TARGET, OPT_DUE, OPT_BFROM,
	OPT_BTO, OPT_GROUP, OPT_EVENTS, OPT_FORMAT, OPT_MIN_N, OPT_DSN, OPT_HELP,
	NOPTS };

struct copts {
	const char *v[NOPTS];
	const char *arg;	/* the SLUG argument */
};

/* Parse argv with longopts and at most nargs (0 or 1) plain arguments,
 * required when need.  Returns -1 to go on, else the exit status. */
static int
parse(int argc, char **argv, struct cli_global *g, const struct option *longopts,
    int nargs, bool need, struct copts *p)
{
	const char *sub = argv[0];
	int c;

	memset(p, 0, sizeof *p);
	optind = 0;
	opterr = 0;	/* our message, with "belong: " like every other */
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == OPT_HELP || c == 'h') {
			cmd_commitment_usage(stdout);
			return 0;
		}
		if (c == OPT_DSN) {
			g->dsn = optarg;
			continue;
		}
		if (c <= 0 || c >= NOPTS)
			return cli_usage_error(cmd_commitment_usage, "commitment %s: "
			    "unknown option or missing value: %s", sub, argv[optind - 1]);
		if (p->v[c] != NULL)
			return cli_usage_error(cmd_commitment_usage,
			    "commitment %s: %s given twice", sub, argv[optind - 1]);
		p->v[c] = optarg;
	}
	if (argc - optind > nargs)
		return cli_usage_error(cmd_commitment_usage,
		    "commitment %s: unexpected argument: %s", sub, argv[optind + nargs]);
	if (nargs == 1 && optind < argc) {
		const char *rule;
		char what[48];

		p->arg = argv[optind];
		if ((rule = cmdutil_check_slug(p->arg)) != NULL) {
			snprintf(what, sizeof what, "commitment %s: SLUG", sub);
			return cmdutil_bad_value(what, rule);
		}
	} else if (need)
		return cli_usage_error(cmd_commitment_usage,
		    "commitment %s: missing SLUG", sub);
	return -1;
}

/* --- add ---------------------------------------------------------------- */

/* The selection's filters, in the order of the jsonb keys. */
enum { SEL_KIND, SEL_PARTNER, SEL_SITE, SEL_PROGRAM, NSEL };
static const char *const sel_keys[NSEL] = { "kind", "partner", "site", "program" };

/* Parse SELECTION into v (NULL: not given; pointers into buf, which the
 * caller frees).  Returns NULL, or a static rule for the message. */
static const char *
selection_parse(const char *s, char **buf, const char *v[NSEL])
{
	char *p, *tok, *save = NULL;

	memset(v, 0, NSEL * sizeof *v);
	*buf = p = xstrdup(s);
	if (*p == '\0')
		return "must name at least one filter";
	for (tok = strtok_r(p, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');
		int k;

		if (eq == NULL || eq[1] == '\0')
			return "must be KEY=VALUE filters separated by commas "
			    "(kind, partner, site, program)";
		*eq = '\0';
		for (k = 0; k < NSEL && strcmp(tok, sel_keys[k]) != 0; k++)
			;
		if (k == NSEL)
			return "takes the filters kind, partner, site and program only";
		if (v[k] != NULL)
			return "names a filter twice";
		v[k] = eq + 1;
	}
	return NULL;
}

/* Whether a row answers the query (its value set exists). */
static bool
exists(PGconn *conn, const char *sql, const char *param)
{
	PGresult *res = cli_exec(conn, sql, 1, &param, PGRES_TUPLES_OK);
	bool yes = PQntuples(res) > 0;

	PQclear(res);
	return yes;
}

/* Check the target against the indicator's unit; NULL or a rule. */
static const char *
target_check(enum ind k, double t)
{
	if (!isfinite(t))
		return "must be a number";
	switch (k) {
	case IND_ATTENDANCE:
	case IND_RESPONDENTS:
	case IND_NEW_REACH:
	case IND_EDUCATORS:
	case IND_SITES:
		if (t < 0 || t != floor(t) || t > 1e9)
			return "must be a whole number of people or sites, 0 or more, "
			    "for this indicator";
		return NULL;
	case IND_GAP:
		if (t < 0)
			return "is the gap's size to come down to, 0 to 100 (a gap of "
			    "-5 points is a target of 5)";
		if (t > 100)
			return "is the gap's size to come down to, 0 to 100";
		return NULL;
	case IND_GROUP_SHARE:
	case IND_BELONGING:
	case IND_AGREE:
		break;
	}
	if (t < 0 || t > 100)
		return "must be a percentage or index from 0 to 100 for this indicator";
	return NULL;
}

static int
commitment_add(int argc, char **argv, struct cli_global *g)
{
	static const struct option longopts[] = {
		{ "slug", required_argument, NULL, OPT_SLUG },
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "indicator", required_argument, NULL, OPT_INDICATOR },
		{ "target", required_argument, NULL, OPT_TARGET },
		{ "due", required_argument, NULL, OPT_DUE },
		{ "baseline-from", required_argument, NULL, OPT_BFROM },
		{ "baseline-to", required_argument, NULL, OPT_BTO },
		{ "group", required_argument, NULL, OPT_GROUP },
		{ "events", required_argument, NULL, OPT_EVENTS },
		{ "dsn", required_argument, NULL, OPT_DSN },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	struct copts p;
	const char *rule, *arg, *sel[NSEL], *params[11];
	char *selbuf = NULL, *gdim = NULL, *gcode = NULL, *json = NULL, *end, today[16];
	const struct rdim *dim = NULL;
	PGconn *conn = NULL;
	PGresult *res;
	double target;
	int rc, k;

	if ((rc = parse(argc, argv, g, longopts, 0, false, &p)) >= 0)
		return rc;
	if (p.v[OPT_SLUG] == NULL || p.v[OPT_TITLE] == NULL || p.v[OPT_INDICATOR] == NULL ||
	    p.v[OPT_TARGET] == NULL || p.v[OPT_DUE] == NULL)
		return cli_usage_error(cmd_commitment_usage, "commitment add: --slug, "
		    "--title, --indicator, --target and --due are required");
	if ((rule = cmdutil_check_slug(p.v[OPT_SLUG])) != NULL)
		return cmdutil_bad_value("commitment add: --slug", rule);
	if ((rule = cmdutil_check_text(p.v[OPT_TITLE], 1, COMMITMENT_TITLE_MAX)) != NULL)
		return cmdutil_bad_value("commitment add: --title", rule);
	if ((k = ind_parse(p.v[OPT_INDICATOR], &arg)) < 0)
		return cmdutil_bad_value("commitment add: --indicator", "must be one of "
		    "attendance, respondents, new-reach, group-share, belonging, gap, "
		    "agree:ITEM, educators, sites:LEVEL");
	if (k == IND_SITES && !in_list(arg, site_levels, 4))
		return cmdutil_bad_value("commitment add: --indicator", "sites: takes "
		    "a level, state, district, school or program");
	if (k == IND_AGREE && (*arg == '\0' || strlen(arg) > 64))
		return cmdutil_bad_value("commitment add: --indicator",
		    "agree: takes an item id");
	errno = 0;
	target = strtod(p.v[OPT_TARGET], &end);
	if (errno != 0 || end == p.v[OPT_TARGET] || *end != '\0')
		return cmdutil_bad_value("commitment add: --target", "must be a number");
	if ((rule = target_check((enum ind)k, target)) != NULL)
		return cmdutil_bad_value("commitment add: --target", rule);
	if ((rule = cmdutil_check_date(p.v[OPT_DUE])) != NULL)
		return cmdutil_bad_value("commitment add: --due", rule);
	if ((p.v[OPT_BFROM] == NULL) != (p.v[OPT_BTO] == NULL))
		return cmdutil_bad_value("commitment add: --baseline-from",
		    "and --baseline-to go together");
	if (p.v[OPT_BFROM] != NULL) {
		if ((rule = cmdutil_check_date(p.v[OPT_BFROM])) != NULL)
			return cmdutil_bad_value("commitment add: --baseline-from", rule);
		if ((rule = cmdutil_check_date(p.v[OPT_BTO])) != NULL)
			return cmdutil_bad_value("commitment add: --baseline-to", rule);
		if (day_of(p.v[OPT_BFROM]) > day_of(p.v[OPT_BTO]))
			return cmdutil_bad_value("commitment add: --baseline-from",
			    "must not be after --baseline-to");
		if (day_of(p.v[OPT_BTO]) >= day_of(p.v[OPT_DUE]))
			return cmdutil_bad_value("commitment add: --baseline-to", "must be "
			    "before --due: the baseline may not overlap the commitment's "
			    "period");
	}
	if (p.v[OPT_GROUP] != NULL) {
		const char *eq = strchr(p.v[OPT_GROUP], '=');
		const struct about_question *q;

		if (k != IND_RESPONDENTS && k != IND_GROUP_SHARE && k != IND_BELONGING &&
		    k != IND_GAP && k != IND_AGREE)
			return cmdutil_bad_value("commitment add: --group", "is for "
			    "respondents, group-share, belonging, gap and agree:ITEM only");
		if (eq == NULL)
			return cmdutil_bad_value("commitment add: --group",
			    "must be DIMENSION=CODE (gender=woman)");
		gdim = xasprintf("%.*s", (int)(eq - p.v[OPT_GROUP]), p.v[OPT_GROUP]);
		gcode = xstrdup(eq + 1);
		q = about_find(gdim);
		dim = ropts_dim(gdim);
		if (q == NULL || dim == NULL || dim->about < 0) {
			rc = cmdutil_bad_value("commitment add: --group", "must name an "
			    "about-you dimension: role, grade, gender, race, disability, "
			    "firstgen or language");
			goto done;
		}
		if (about_code_index(q, gcode) < 0 && strcmp(gcode, "not_answered") != 0) {
			rc = cmdutil_bad_value("commitment add: --group",
			    "is not a code of that dimension (see belong(1))");
			goto done;
		}
	} else if (k == IND_GROUP_SHARE || k == IND_GAP) {
		return cmdutil_bad_value("commitment add: --group",
		    "is required for group-share and gap");
	}
	if (p.v[OPT_EVENTS] != NULL &&
	    (rule = selection_parse(p.v[OPT_EVENTS], &selbuf, sel)) != NULL) {
		rc = cmdutil_bad_value("commitment add: --events", rule);
		goto done;
	}
	if (selbuf == NULL)
		memset(sel, 0, sizeof sel);
	if (sel[SEL_KIND] != NULL && !in_list(sel[SEL_KIND], event_kinds, 3)) {
		rc = cmdutil_bad_value("commitment add: --events",
		    "kind= must be event, training or program-session");
		goto done;
	}

	conn = cli_connect(g);
	res = cli_exec(conn, "select to_char(current_date, 'YYYY-MM-DD')", 0, NULL,
	    PGRES_TUPLES_OK);
	snprintf(today, sizeof today, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	rc = EXIT_USAGE;
	if (day_of(p.v[OPT_DUE]) < day_of(today)) {
		log_error("commitment add: --due: %s is in the past", p.v[OPT_DUE]);
		goto done;
	}
	if (p.v[OPT_BTO] != NULL && day_of(p.v[OPT_BTO]) >= day_of(today)) {
		log_error("commitment add: --baseline-to: the baseline must be over "
		    "before the commitment's period starts (before today, %s)", today);
		goto done;
	}
	if (k == IND_AGREE && !exists(conn, "select 1 from instrument i,\n"
	    "    jsonb_array_elements(i.definition->'items') it\n"
	    "where it->>'id' = $1 and it->>'type' = 'likert5' limit 1", arg)) {
		log_error("commitment add: --indicator: no instrument has a likert "
		    "item \"%s\" (see belong instrument show)", arg);
		goto done;
	}
	if (sel[SEL_SITE] != NULL &&
	    !exists(conn, "select 1 from site where code = $1", sel[SEL_SITE])) {
		log_error("commitment add: --events: no site with code \"%s\" (see "
		    "belong site list)", sel[SEL_SITE]);
		goto done;
	}
	if (sel[SEL_PROGRAM] != NULL &&
	    !exists(conn, "select 1 from program where slug = $1", sel[SEL_PROGRAM])) {
		log_error("commitment add: --events: no program with slug \"%s\" (see "
		    "belong program list)", sel[SEL_PROGRAM]);
		goto done;
	}
	if (sel[SEL_PARTNER] != NULL && !exists(conn,
	    "select 1 from event where partner = $1 limit 1", sel[SEL_PARTNER])) {
		log_error("commitment add: --events: no event has the partner \"%s\"",
		    sel[SEL_PARTNER]);
		goto done;
	}
	/* The selection as jsonb, built by PostgreSQL from parameters. */
	for (int i = 0; i < NSEL; i++)
		params[i] = sel[i];
	res = cli_exec(conn, "select jsonb_strip_nulls(jsonb_build_object('kind', $1::text,"
	    " 'partner', $2::text, 'site', $3::text, 'program', $4::text))::text",
	    4, params, PGRES_TUPLES_OK);
	json = xstrdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	params[0] = p.v[OPT_SLUG];
	params[1] = p.v[OPT_TITLE];
	params[2] = p.v[OPT_INDICATOR];
	params[3] = p.v[OPT_TARGET];
	params[4] = p.v[OPT_DUE];
	params[5] = p.v[OPT_BFROM];
	params[6] = p.v[OPT_BTO];
	params[7] = gdim;
	params[8] = gcode;
	params[9] = json;
	/* ON CONFLICT: a duplicate slug is an answer, not an error. */
	res = cli_exec(conn, "insert into commitment (slug, title, indicator, target,\n"
	    "    due, baseline_from, baseline_to, grp_dimension, grp_code, selection)\n"
	    "values ($1, $2, $3, $4::double precision, $5::date, $6::date, $7::date,\n"
	    "    $8, $9, $10::jsonb)\n"
	    "on conflict (slug) do nothing returning id", 10, params, PGRES_TUPLES_OK);
	if (PQntuples(res) == 0) {
		log_error("commitment add: a commitment with slug \"%s\" already exists "
		    "(see belong commitment list)", p.v[OPT_SLUG]);
		rc = 1;
	} else {
		printf("added commitment %s\n", p.v[OPT_SLUG]);
		rc = 0;
	}
	PQclear(res);
done:
	free(selbuf);
	free(gdim);
	free(gcode);
	free(json);
	if (conn != NULL)
		PQfinish(conn);
	return rc;
}

/* --- list, show, close -------------------------------------------------- */

static const struct option list_options[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "dsn", required_argument, NULL, OPT_DSN },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

static const struct output_column list_cols[] = {
	{ "slug", OUTPUT_NAME },
	{ "title", OUTPUT_TEXT },
	{ "indicator", OUTPUT_NAME },
	{ "group", OUTPUT_NAME },
	{ "events", OUTPUT_TEXT },
	{ "baseline_from", OUTPUT_NAME },
	{ "baseline_to", OUTPUT_NAME },
	{ "target", OUTPUT_NUMBER },
	{ "due", OUTPUT_NAME },
	{ "status", OUTPUT_NAME },
	{ "created_at", OUTPUT_NAME },
};
#define LIST_NCOLS ((int)(sizeof list_cols / sizeof list_cols[0]))

#define LIST_SELECT \
	"select c.slug, c.title, c.indicator,\n" \
	"    c.grp_dimension || '=' || c.grp_code,\n" \
	"    nullif(concat_ws(',', 'kind=' || (c.selection->>'kind'),\n" \
	"        'partner=' || (c.selection->>'partner'),\n" \
	"        'site=' || (c.selection->>'site'),\n" \
	"        'program=' || (c.selection->>'program')), ''),\n" \
	"    to_char(c.baseline_from, 'YYYY-MM-DD'), to_char(c.baseline_to, 'YYYY-MM-DD'),\n" \
	"    c.target::text, to_char(c.due, 'YYYY-MM-DD'),\n" \
	"    case when c.closed_at is null then 'open' else 'closed' end,\n" \
	"    to_char(c.created_at, 'YYYY-MM-DD HH24:MI:SSOF')\n" \
	"from commitment c\n"

static int
commitment_list(int argc, char **argv, struct cli_global *g, bool show)
{
	enum output_format fmt = OUTPUT_TABLE;
	struct copts p;
	struct output *o;
	PGconn *conn;
	long n;
	int rc;

	if ((rc = parse(argc, argv, g, list_options, show ? 1 : 0, show, &p)) >= 0)
		return rc;
	if (p.v[OPT_FORMAT] != NULL && (rc = cmdutil_format(p.v[OPT_FORMAT], &fmt)) != 0)
		return rc;
	conn = cli_connect(g);
	if (show && !exists(conn, "select 1 from commitment where slug = $1", p.arg)) {
		log_error("commitment show: no commitment with slug \"%s\"", p.arg);
		PQfinish(conn);
		return 1;
	}
	o = output_begin(stdout, fmt, list_cols, LIST_NCOLS, show ? OUTPUT_RECORD : 0);
	if (show)
		n = cmdutil_query_rows(conn, o, LIST_SELECT "where c.slug = $1", 1, &p.arg);
	else
		n = cmdutil_query_rows(conn, o, LIST_SELECT
		    "order by c.closed_at is not null, c.due, c.slug", 0, NULL);
	(void)n;
	rc = cmdutil_output_end(o);
	PQfinish(conn);
	return rc;
}

static int
commitment_close(int argc, char **argv, struct cli_global *g)
{
	static const struct option longopts[] = {
		{ "dsn", required_argument, NULL, OPT_DSN },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	struct copts p;
	PGconn *conn;
	PGresult *res;
	int rc;

	if ((rc = parse(argc, argv, g, longopts, 1, true, &p)) >= 0)
		return rc;
	conn = cli_connect(g);
	res = cli_exec(conn, "update commitment set closed_at = coalesce(closed_at, now())\n"
	    "where slug = $1 returning closed_at = now()", 1, &p.arg, PGRES_TUPLES_OK);
	if (PQntuples(res) == 0) {
		log_error("commitment close: no commitment with slug \"%s\"", p.arg);
		rc = 1;
	} else {
		printf(strcmp(PQgetvalue(res, 0, 0), "t") == 0 ? "closed commitment %s\n" :
		    "commitment %s was already closed\n", p.arg);
		rc = 0;
	}
	PQclear(res);
	PQfinish(conn);
	return rc;
}

/* --- progress: the figures ---------------------------------------------- */

/* A commitment as progress reads it. */
struct cm {
	char *slug, *title, *indicator, *events;
	enum ind kind;
	const char *arg;		/* into indicator: the item or level */
	double target;
	char due[16], bfrom[16], bto[16], start[16], today[16];
	char *gdim, *gcode;		/* NULL: everyone */
	const struct rdim *dim;
	char *ids;			/* the selection's events, "{1,2}"; NULL: none given */
	int nids;
	long min_n;
};

/* One figure of a commitment over a period. */
struct fig {
	double v, lo, hi;	/* NAN: none */
	bool sup;
	long missing;		/* events without a recorded headcount */
	char *edu_ids;		/* educators: the trainings whose educator
				 * respondents count instead, "{1,2}" */
};

/* The selection's events (every real event when it has no filter). */
static void
cm_events(PGconn *conn, struct cm *c, const char *const sel[NSEL])
{
	PGresult *res;

	if (sel[0] == NULL && sel[1] == NULL && sel[2] == NULL && sel[3] == NULL)
		return;
	res = cli_exec(conn, "select '{' || coalesce(string_agg(e.id::text, ','\n"
	    "    order by e.id), '') || '}', count(*)\n"
	    "from event e where not e.test\n"
	    "and ($1::text is null or e.kind = $1)\n"
	    "and ($2::text is null or e.partner = $2)\n"
	    "and ($3::text is null or e.site_id in (with recursive s (id) as (\n"
	    "    select id from site where code = $3\n"
	    "    union select x.id from site x join s on x.parent_id = s.id)\n"
	    "    select id from s))\n"
	    "and ($4::text is null or e.program_id in (select id from program\n"
	    "    where slug = $4))", NSEL, sel, PGRES_TUPLES_OK);
	c->ids = xstrdup(PQgetvalue(res, 0, 0));
	c->nids = atoi(PQgetvalue(res, 0, 1));
	PQclear(res);
}

/*
 * The report options of the commitment's selection over [from, to] (NULL:
 * open), as `belong report --event ... --from --to` would have them, so
 * that the disclosure module decides its figures as it decides that
 * report's.  ids overrides the selection's events; role narrows.
 */
static void
sel_opts(PGconn *conn, const struct cm *c, const char *from, const char *to,
    const char *ids, int nids, const char *role, struct ropts *o)
{
	memset(o, 0, sizeof *o);
	o->cmd = "commitment progress";
	o->min_n = c->min_n;
	o->format = OUTPUT_TABLE;
	o->from = from;
	o->to = to;
	o->role = role;
	if (ropts_resolve_events(o, conn) != 0)
		fatal("commitment progress: cannot read the events");
	if (ids != NULL) {
		free(o->event_ids);
		o->event_ids = xstrdup(ids);
		o->nevents = nids;
	}
}

/* The estimate and interval of the design (report's emit_group). */
static void
design_mean(const struct rdesign *d, const struct rq_cells *cs, const char *key,
    const struct rq_cell *cell, struct survey_cell *v, struct stats_ci *ci)
{
	struct stats_moments m;
	struct survey_est e;
	int nc = d->nclusters;

	stats_moments(cell->idx_n, cell->idx_sum, cell->idx_sumsq, &m);
	if (d->cluster)
		rdesign_index(d, cs, "", key, v);
	if (d->cluster && survey_domain_clusters(v, nc) >= 2) {
		survey_mean(v, nc, nc, nc - 1, STATS_LEVEL, &e);
		ci->est = e.est;
		ci->lo = e.lo;
		ci->hi = e.hi;
	} else
		stats_mean_ci(&m, STATS_LEVEL, ci);
}

/* Fewer than min_n but not none: a count that gives people away. */
static bool
few(double n, double min_n)
{
	return n > 0 && n < min_n;
}

/*
 * The respondents' figures (respondents, new-reach, group-share,
 * belonging, gap, agree:ITEM) over [from, to], as report computes them
 * for the same selection, design and suppression.
 */
static void
fig_respondents(PGconn *conn, const struct cm *c, const char *from, const char *to,
    struct fig *f)
{
	static const struct rq_cell nobody;
	struct ropts o;
	struct rq q;
	struct rq_items items = { 0 };
	struct rq_cells xtot = { 0 }, tot = { 0 }, xgs = { 0 }, gs = { 0 };
	struct rq_icells xic = { 0 }, ic = { 0 };
	struct rdesign dn = { 0 };
	struct disclosure *dc;
	struct disclosure_cell all, grp;
	struct survey_cell *v = NULL, *w = NULL;
	struct stats_ci ci;
	const struct rq_cell *gc, *tc;
	const char *key = c->gcode != NULL ? c->gcode : "";
	char *arr = NULL;
	int gi = -1, item = -1, nc;

	sel_opts(conn, c, from, to, c->ids, c->nids, NULL, &o);
	o.by = c->dim;
	rq_open(&q, conn, &o);
	if (c->kind == IND_AGREE) {
		rq_items(&q, false, &items);
		for (int i = 0; i < items.n; i++)
			if (strcmp(items.v[i]->id, c->arg) == 0)
				item = i;
		arr = rq_items_array(&items);
	}
	dc = disclosure_new(&q, o.by, NULL, item >= 0 ? &items : NULL, arr);
	if (c->gcode != NULL) {
		gi = -2;
		for (int i = 0; i < disclosure_ngroups(dc); i++)
			if (strcmp(disclosure_group(dc, i), c->gcode) == 0)
				gi = i;
	}
	all = disclosure_get(dc, -1, -1, DISCLOSURE_RESPONDENTS);
	grp = gi >= -1 ? disclosure_get(dc, gi, -1, DISCLOSURE_RESPONDENTS) :
	    (struct disclosure_cell){ 0, true };
	f->sup = disclosure_selection_suppressed(dc) || all.sup || grp.sup;
	rq_cells(&q, &ropts_total, NULL, RQ_KEY_EVENT, &xtot);
	rdesign_filter(&o, &xtot);
	rdesign_collapse(&xtot, &tot);
	rdesign_choose(&dn, &o, &q, NULL, &xtot);
	nc = dn.nclusters;
	v = xcalloc((size_t)nc + 1, sizeof *v);
	w = xcalloc((size_t)nc + 1, sizeof *w);
	if (o.by != NULL) {
		rq_cells(&q, o.by, NULL, RQ_KEY_EVENT, &xgs);
		rdesign_filter(&o, &xgs);
		rdesign_collapse(&xgs, &gs);
	}
	tc = tot.n > 0 ? &tot.v[0] : &nobody;
	gc = o.by == NULL ? tc : rq_cell_find(&gs, "", key);
	if (gc == NULL)
		gc = &nobody;

	switch (c->kind) {
	case IND_RESPONDENTS:
		f->v = grp.n;
		break;
	case IND_NEW_REACH: {
		/* first_time answered yes: the option "yes" of each
		 * instrument's first_time item (pulse 2 and later). */
		const char *params[ROPTS_NPARAMS];
		PGresult *res;
		double yes, answered;

		ropts_params(&o, "-infinity", params);
		res = cli_exec(conn, "with yes as (select i.id, x.ord\n"
		    "    from instrument i,\n"
		    "    jsonb_array_elements(i.definition->'items') it,\n"
		    "    jsonb_array_elements(it->'options') with ordinality x (opt, ord)\n"
		    "    where it->>'id' = 'first_time' and x.opt->>'code' = 'yes')\n"
		    "select count(*) filter (where a.value = y.ord), count(*)\n"
		    "from response r join yes y on y.id = r.instrument_id\n"
		    "join answer a on a.event_id = r.event_id and a.response_id = r.id\n"
		    "    and a.item = 'first_time'\n"
		    "where " RQ_FILTER_R, ROPTS_NPARAMS, params, PGRES_TUPLES_OK);
		yes = atof(PQgetvalue(res, 0, 0));
		answered = atof(PQgetvalue(res, 0, 1));
		PQclear(res);
		f->v = yes;
		/* A part of the respondents: it and the rest of those who
		 * answered are cells under min_n as a group's are. */
		f->sup |= few(yes, (double)c->min_n) ||
		    few(answered - yes, (double)c->min_n);
		break;
	}
	case IND_GROUP_SHARE:
		f->v = all.n > 0 ? 100 * grp.n / all.n : NAN;
		if (dn.cluster) {
			struct survey_est e;

			for (int i = 0; i < xtot.n; i++) {
				int k = rdesign_cluster(&dn, xtot.v[i].event_id);

				if (k >= 0)
					v[k].n += xtot.v[i].n;
			}
			for (int i = 0; i < xgs.n; i++) {
				int k = rdesign_cluster(&dn, xgs.v[i].event_id);

				if (k >= 0 && strcmp(xgs.v[i].grp, key) == 0)
					v[k].sum += xgs.v[i].n;
			}
			survey_prop(v, nc, nc, nc - 1, STATS_LEVEL, &e);
			ci.lo = e.lo;
			ci.hi = e.hi;
		} else
			stats_wilson(grp.n, all.n, STATS_LEVEL, &ci);
		f->lo = 100 * ci.lo;
		f->hi = 100 * ci.hi;
		break;
	case IND_BELONGING:
		design_mean(&dn, o.by != NULL ? &xgs : &xtot, key, gc, v, &ci);
		f->v = ci.est;
		f->lo = ci.lo;
		f->hi = ci.hi;
		f->sup |= gi >= -1 ? disclosure_get(dc, gi, -1, DISCLOSURE_BELONGING).sup :
		    true;
		break;
	case IND_GAP: {
		/* As report's gap_figure: Welch, or svyglm's coefficient
		 * under the cluster design; given as its size. */
		struct stats_moments m, rest;
		struct stats_gap gp;

		stats_moments(gc->idx_n, gc->idx_sum, gc->idx_sumsq, &m);
		stats_moments(tc->idx_n - gc->idx_n, tc->idx_sum - gc->idx_sum,
		    tc->idx_sumsq - gc->idx_sumsq, &rest);
		stats_welch(&m, &rest, STATS_LEVEL, &gp);
		if (dn.cluster) {
			struct survey_est e;

			rdesign_index(&dn, &xgs, "", key, v);
			rdesign_index(&dn, &xtot, "", "", w);
			survey_gap(v, w, nc, nc, nc - 1, STATS_LEVEL, &e);
			gp.diff = e.est;
			gp.lo = e.lo;
			gp.hi = e.hi;
		}
		f->v = fabs(gp.diff);
		f->lo = gp.diff >= 0 ? gp.lo : -gp.hi;
		f->hi = gp.diff >= 0 ? gp.hi : -gp.lo;
		f->sup |= (gi >= -1 ? disclosure_get(dc, gi, -1, DISCLOSURE_BELONGING).sup :
		    true) || rest.n < (double)c->min_n;
		break;
	}
	case IND_AGREE: {
		const struct rq_icell *x = NULL;

		if (item < 0) {
			f->v = NAN;
			break;
		}
		rq_icells(&q, o.by != NULL ? o.by : &ropts_total, NULL, arr, RQ_KEY_EVENT,
		    &xic);
		rdesign_ifilter(&o, &xic);
		rdesign_icollapse(&xic, &ic);
		x = rq_icell_find(&ic, "", key, c->arg);
		if (x == NULL || x->n <= 0) {
			f->v = NAN;
			f->sup = true;
			break;
		}
		if (dn.cluster)
			rdesign_agree(&dn, &xic, "", key, c->arg, v);
		if (dn.cluster && survey_domain_clusters(v, nc) >= 2) {
			struct survey_est e;

			survey_prop(v, nc, nc, nc - 1, STATS_LEVEL, &e);
			ci.est = e.est;
			ci.lo = e.lo;
			ci.hi = e.hi;
		} else
			stats_wilson(x->ge4, x->n, STATS_LEVEL, &ci);
		f->v = 100 * x->ge4 / x->n;
		f->lo = 100 * ci.lo;
		f->hi = 100 * ci.hi;
		f->sup |= gi >= -1 ? disclosure_get(dc, gi, -1, DISCLOSURE_ITEM(item)).sup :
		    true;
		break;
	}
	default:
		break;
	}
	free(v);
	free(w);
	free(arr);
	disclosure_free(dc);
	rdesign_free(&dn);
	rq_cells_free(&xtot);
	rq_cells_free(&tot);
	rq_cells_free(&xgs);
	rq_cells_free(&gs);
	rq_icells_free(&xic);
	rq_icells_free(&ic);
	rq_items_free(&items);
	ropts_free(&o);
	/* rq_open's snapshot: each figure is read in one, as report's are. */
	PQclear(cli_exec(conn, "commit", 0, NULL, PGRES_COMMAND_OK));
}

/*
 * The events' figures over [from, to]: headcounts (attendance; educators
 * with, where a training for educators has none, its educator
 * respondents under the disclosure control), and distinct sites.
 */
static void
fig_events(PGconn *conn, const struct cm *c, const char *from, const char *to,
    struct fig *f)
{
	const char *params[4] = { c->ids, from, to, c->arg };
	PGresult *res;

	if (c->kind == IND_SITES) {
		res = cli_exec(conn, "with recursive reached (id) as (\n"
		    "    select e.site_id from event e\n"
		    "    where not e.test and e.site_id is not null\n"
		    "    and ($1::int[] is null or e.id = any ($1::int[]))\n"
		    "    and coalesce(e.starts_on, e.created_at::date)\n"
		    "        between $2::date and $3::date\n"
		    "    union select s.parent_id from site s join reached r on s.id = r.id\n"
		    "    where s.parent_id is not null)\n"
		    "select count(distinct s.id) from reached r join site s on s.id = r.id\n"
		    "where s.level = $4", 4, params, PGRES_TUPLES_OK);
		f->v = atof(PQgetvalue(res, 0, 0));
		PQclear(res);
		return;
	}
	res = cli_exec(conn, "select coalesce(sum(e.attendance), 0),\n"
	    "    count(*) filter (where e.attendance is null),\n"
	    "    '{' || coalesce(string_agg(e.id::text, ',' order by e.id)\n"
	    "        filter (where e.attendance is null), '') || '}'\n"
	    "from event e where not e.test\n"
	    "and ($1::int[] is null or e.id = any ($1::int[]))\n"
	    "and coalesce(e.starts_on, e.created_at::date) between $2::date and $3::date\n"
	    "and ($4::text is null or (e.kind = 'training' and e.audience = 'educators'))",
	    4, (const char *const[]){ c->ids, from, to,
	    c->kind == IND_EDUCATORS ? "t" : NULL }, PGRES_TUPLES_OK);
	f->v = atof(PQgetvalue(res, 0, 0));
	f->missing = atol(PQgetvalue(res, 0, 1));
	if (c->kind == IND_EDUCATORS && f->missing > 0) {
		struct ropts o;
		struct rq q;
		struct disclosure *dc;
		struct disclosure_cell e;

		/* Their educator respondents, whenever they answered: as
		 * report --event ... --role educator decides them. */
		f->edu_ids = xstrdup(PQgetvalue(res, 0, 2));
		sel_opts(conn, c, NULL, NULL, f->edu_ids, (int)f->missing,
		    "educator", &o);
		rq_open(&q, conn, &o);
		dc = disclosure_new(&q, NULL, NULL, NULL, NULL);
		e = disclosure_get(dc, -1, -1, DISCLOSURE_RESPONDENTS);
		f->v += e.n;
		f->sup = e.sup || disclosure_selection_suppressed(dc);
		f->missing = 0;
		disclosure_free(dc);
		ropts_free(&o);
		PQclear(cli_exec(conn, "commit", 0, NULL, PGRES_COMMAND_OK));
	}
	PQclear(res);
}

static void
figure(PGconn *conn, const struct cm *c, const char *from, const char *to,
    struct fig *f)
{
	f->v = f->lo = f->hi = NAN;
	f->sup = false;
	f->missing = 0;
	f->edu_ids = NULL;
	if (c->kind == IND_ATTENDANCE || c->kind == IND_EDUCATORS || c->kind == IND_SITES)
		fig_events(conn, c, from, to, f);
	else
		fig_respondents(conn, c, from, to, f);
}

/* --- progress: the table ------------------------------------------------ */

enum { PC_SLUG, PC_INDICATOR, PC_GROUP, PC_BASELINE, PC_VALUE, PC_LO, PC_HI,
	PC_TARGET, PC_DUE, PC_PROGRESS, PC_PROJECTION, PC_PROJ_LO, PC_PROJ_HI,
	PC_STATUS, PC_MONTHS, PC_NOTE, PC_N };

static const struct output_column progress_cols[PC_N] = {
	{ "slug", OUTPUT_NAME },
	{ "indicator", OUTPUT_NAME },
	{ "group", OUTPUT_NAME },
	{ "baseline", OUTPUT_NUMBER },
	{ "value", OUTPUT_NUMBER },
	{ "lo", OUTPUT_NUMBER },
	{ "hi", OUTPUT_NUMBER },
	{ "target", OUTPUT_NUMBER },
	{ "due", OUTPUT_NAME },
	{ "progress", OUTPUT_NUMBER },
	{ "projection", OUTPUT_NUMBER },
	{ "projection_lo", OUTPUT_NUMBER },
	{ "projection_hi", OUTPUT_NUMBER },
	{ "status", OUTPUT_NAME },
	{ "months", OUTPUT_NUMBER },
	{ "note", OUTPUT_TEXT },
};

static const char *
num(char buf[32], double v, int decimals)
{
	if (!isfinite(v))
		return NULL;
	snprintf(buf, 32, "%.*f", decimals, v);
	if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
		memmove(buf, buf + 1, strlen(buf));
	return buf;
}

/*
 * The monthly points of the projection: for each calendar month from the
 * commitment's start to today (the first and last cut to them), the
 * figure from the start to the month's end at its last day (cumulative
 * indicators), else the month's own figure at its middle.  Each is a
 * figure report would print for that range, decided as that report's; a
 * suppressed or empty one is left out.  Returns the number of points.
 */
static int
points(PGconn *conn, const struct cm *c, double **xs, double **ys)
{
	long start = day_of(c->start), today = day_of(c->today), y, m, d;
	int n = 0, cap = 0;

	*xs = *ys = NULL;
	if (today < start)
		return 0;
	civil_from_days(start, &y, &m, &d);
	for (int k = 0; k < COMMITMENT_MAX_MONTHS; k++) {
		long lo = days_from_civil(y, m, 1), hi;
		char a[16], b[16];
		struct fig f;

		if (lo > today)
			break;
		if (++m > 12) {
			m = 1;
			y++;
		}
		hi = days_from_civil(y, m, 1) - 1;
		if (lo < start)
			lo = start;
		if (hi > today)
			hi = today;
		day_str(ind_cumulative(c->kind) ? start : lo, a);
		day_str(hi, b);
		figure(conn, c, a, b, &f);
		if (f.sup || isnan(f.v)) {
			free(f.edu_ids);
			continue;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			*xs = xrealloc(*xs, (size_t)cap * sizeof **xs);
			*ys = xrealloc(*ys, (size_t)cap * sizeof **ys);
		}
		(*xs)[n] = ind_cumulative(c->kind) ? (double)hi : (lo + hi) / 2.0;
		(*ys)[n] = f.v;
		n++;
		free(f.edu_ids);
	}
	return n;
}

/* A commitment's row: its figures are all read before any is printed,
 * since they are decided together (disclosure_overlap.h). */
struct prow {
	struct cm c;
	struct fig base, cur;
	bool has_base;
};

static void
progress_read(PGconn *conn, struct prow *r)
{
	struct cm *c = &r->c;

	/* Without a baseline, what adds up starts from nothing. */
	r->has_base = c->bfrom[0] != '\0';
	if (r->has_base)
		figure(conn, c, c->bfrom, c->bto, &r->base);
	else
		r->base = (struct fig){ .v = ind_cumulative(c->kind) ? 0 : NAN,
		    .lo = NAN, .hi = NAN };
	figure(conn, c, c->start, c->today, &r->cur);
}

/*
 * The people figure f of c over [from, to] counts, for the overlap check:
 * its group's (and the everyone or rest it is set against), in out.
 * Returns how many (headcounts and sites count no respondent: none).
 */
static int
overlap_figures(const struct cm *c, const struct fig *f, const char *from,
    const char *to, struct dov_figure out[2])
{
	struct dov_figure d = { .event_ids = c->ids, .from = from, .to = to,
	    .dim = c->dim, .code = c->gcode, .sup = f->sup };
	struct dov_figure all = d;

	all.dim = NULL;
	all.code = NULL;
	switch (c->kind) {
	case IND_ATTENDANCE:
	case IND_SITES:
		return 0;
	case IND_EDUCATORS:
		if (f->edu_ids == NULL)
			return 0;
		all.event_ids = f->edu_ids;
		all.from = all.to = NULL;
		all.role = "educator";
		out[0] = all;
		return 1;
	case IND_RESPONDENTS:
		out[0] = d;
		return 1;
	case IND_NEW_REACH:
		all.measure = DOV_FIRST_TIME_YES;
		out[0] = all;
		return 1;
	case IND_GROUP_SHARE:
		out[0] = d;
		out[1] = all;
		return 2;
	case IND_BELONGING:
		d.measure = DOV_BELONGING;
		out[0] = d;
		return 1;
	case IND_GAP:
		d.measure = DOV_BELONGING;
		out[0] = out[1] = d;
		out[1].not_group = true;
		return 2;
	case IND_AGREE:
		d.measure = DOV_ITEM;
		d.item = c->arg;
		out[0] = d;
		return 1;
	}
	return 0;
}

/*
 * What `belong report [--by DIM]` prints over all time of c's group (or
 * everyone): its respondents and belonging index, each as the disclosure
 * module decides it there.  In out; returns 2.
 */
static int
report_figures(PGconn *conn, const struct cm *c, const struct rdim *dim,
    struct dov_figure out[2])
{
	struct ropts o;
	struct rq q;
	struct disclosure *dc;
	int g = -1;

	sel_opts(conn, c, NULL, NULL, NULL, 0, NULL, &o);
	o.by = dim;
	rq_open(&q, conn, &o);
	dc = disclosure_new(&q, dim, NULL, NULL, NULL);
	if (dim != NULL)
		for (int i = 0; i < disclosure_ngroups(dc); i++)
			if (strcmp(disclosure_group(dc, i), c->gcode) == 0)
				g = i;
	for (int m = 0; m < 2; m++)
		out[m] = (struct dov_figure){ .fixed = true, .dim = dim,
		    .code = dim != NULL ? c->gcode : NULL,
		    .measure = m ? DOV_BELONGING : DOV_RESPONDENTS,
		    .sup = (dim != NULL && g < 0) || disclosure_get(dc, g, -1,
		    m ? DISCLOSURE_BELONGING : DISCLOSURE_RESPONDENTS).sup };
	disclosure_free(dc);
	ropts_free(&o);
	PQclear(cli_exec(conn, "commit", 0, NULL, PGRES_COMMAND_OK));
	return 2;
}

/*
 * Decide the rows' figures together with what belong report prints over
 * all time (everyone, and each commitment's group: respondents and the
 * belonging index), and suppress those that would give people away.
 */
static void
progress_overlap(PGconn *conn, struct prow *rows, int nrows, double min_n)
{
	struct dov_figure *f = xcalloc((size_t)nrows * 6 + 2, sizeof *f);
	struct fig **owner = xcalloc((size_t)nrows * 6 + 2, sizeof *owner);
	int n = 0;

	if (nrows > 0)
		n += report_figures(conn, &rows[0].c, NULL, &f[n]);
	for (int i = 0; i < nrows; i++) {
		struct prow *r = &rows[i];
		int k;

		if (r->c.dim != NULL)
			n += report_figures(conn, &r->c, r->c.dim, &f[n]);
		if (r->has_base) {
			k = overlap_figures(&r->c, &r->base, r->c.bfrom, r->c.bto, &f[n]);
			for (int j = 0; j < k; j++)
				owner[n++] = &r->base;
		}
		k = overlap_figures(&r->c, &r->cur, r->c.start, r->c.today, &f[n]);
		for (int j = 0; j < k; j++)
			owner[n++] = &r->cur;
	}
	disclosure_overlap(conn, f, n, min_n);
	for (int i = 0; i < n; i++)
		if (owner[i] != NULL && f[i].sup)
			owner[i]->sup = true;
	free(f);
	free(owner);
}

static void
progress_print(PGconn *conn, struct output *o, struct prow *r)
{
	const char *cell[PC_N] = { 0 };
	char buf[PC_N][32], grp[160], note[120];
	struct cm *c = &r->c;
	int dec = ind_cumulative(c->kind) ? 0 : 2;
	struct fig *base = &r->base, *cur = &r->cur;
	struct stats_ci proj;
	double *xs, *ys;
	int n;

	cell[PC_SLUG] = c->slug;
	cell[PC_INDICATOR] = c->indicator;
	if (c->gdim != NULL) {
		snprintf(grp, sizeof grp, "%s=%s", c->gdim, c->gcode);
		cell[PC_GROUP] = grp;
	}
	cell[PC_TARGET] = num(buf[PC_TARGET], c->target, dec);
	cell[PC_DUE] = c->due;
	note[0] = '\0';
	if (cur->missing > 0)
		snprintf(note, sizeof note, "%ld event%s without recorded attendance "
		    "(not counted)", cur->missing, cur->missing == 1 ? "" : "s");
	if (note[0] != '\0')
		cell[PC_NOTE] = note;
	cell[PC_BASELINE] = base->sup ? OUTPUT_SUPPRESSED :
	    num(buf[PC_BASELINE], base->v, dec);
	if (cur->sup) {
		for (int k = PC_VALUE; k <= PC_PROJ_HI; k++)
			if (k != PC_TARGET && k != PC_DUE)
				cell[k] = OUTPUT_SUPPRESSED;
		cell[PC_STATUS] = "suppressed";
		output_row(o, cell);
		return;
	}
	cell[PC_VALUE] = num(buf[PC_VALUE], cur->v, dec);
	cell[PC_LO] = num(buf[PC_LO], cur->lo, 2);
	cell[PC_HI] = num(buf[PC_HI], cur->hi, 2);
	cell[PC_PROGRESS] = base->sup ? OUTPUT_SUPPRESSED :
	    num(buf[PC_PROGRESS], progress_percent(base->v, cur->v, c->target), 1);
	n = points(conn, c, &xs, &ys);
	progress_project(xs, ys, n, (double)day_of(c->due), STATS_LEVEL, &proj);
	free(xs);
	free(ys);
	cell[PC_PROJECTION] = num(buf[PC_PROJECTION], proj.est, 2);
	cell[PC_PROJ_LO] = num(buf[PC_PROJ_LO], proj.lo, 2);
	cell[PC_PROJ_HI] = num(buf[PC_PROJ_HI], proj.hi, 2);
	cell[PC_MONTHS] = num(buf[PC_MONTHS], n, 0);
	cell[PC_STATUS] = progress_status_name(progress_status(
	    c->kind == IND_GAP ? PROGRESS_DOWN : PROGRESS_UP, cur->v, c->target, &proj));
	output_row(o, cell);
}

static int
commitment_progress(int argc, char **argv, struct cli_global *g)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "min-n", required_argument, NULL, OPT_MIN_N },
		{ "dsn", required_argument, NULL, OPT_DSN },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	enum output_format fmt = OUTPUT_TABLE;
	struct copts p;
	struct output *o;
	struct prow *rows;
	PGconn *conn;
	PGresult *res;
	long min_n = ROPTS_MIN_N_DEFAULT;
	int nrows;
	const char *rule;
	int rc;

	if ((rc = parse(argc, argv, g, longopts, 1, false, &p)) >= 0)
		return rc;
	if (p.v[OPT_FORMAT] != NULL && (rc = cmdutil_format(p.v[OPT_FORMAT], &fmt)) != 0)
		return rc;
	if (fmt == OUTPUT_LATEX)
		return cmdutil_bad_value("commitment progress: --format",
		    "must be table, csv, json or markdown");
	if (p.v[OPT_MIN_N] != NULL && (rule = cmdutil_parse_long(p.v[OPT_MIN_N],
	    ROPTS_MIN_N_FLOOR, 1000000, &min_n)) != NULL)
		return cmdutil_bad_value("commitment progress: --min-n", rule);
	conn = cli_connect(g);
	res = cli_exec(conn, "select c.slug, c.title, c.indicator, c.target,\n"
	    "    to_char(c.due, 'YYYY-MM-DD'),\n"
	    "    coalesce(to_char(c.baseline_from, 'YYYY-MM-DD'), ''),\n"
	    "    coalesce(to_char(c.baseline_to, 'YYYY-MM-DD'), ''),\n"
	    "    c.grp_dimension, c.grp_code,\n"
	    "    c.selection->>'kind', c.selection->>'partner',\n"
	    "    c.selection->>'site', c.selection->>'program',\n"
	    "    to_char(coalesce(c.baseline_to + 1, c.created_at::date), 'YYYY-MM-DD'),\n"
	    "    to_char(current_date, 'YYYY-MM-DD')\n"
	    "from commitment c\n"
	    "where case when $1::text is null then c.closed_at is null\n"
	    "    else c.slug = $1 end\n"
	    "order by c.due, c.slug", 1, &p.arg, PGRES_TUPLES_OK);
	if (p.arg != NULL && PQntuples(res) == 0) {
		log_error("commitment progress: no commitment with slug \"%s\"", p.arg);
		PQclear(res);
		PQfinish(conn);
		return 1;
	}
	nrows = PQntuples(res);
	rows = xcalloc((size_t)nrows + 1, sizeof *rows);
	for (int i = 0; i < nrows; i++) {
		struct cm *c = &rows[i].c;
		const char *sel[NSEL];

		c->slug = PQgetvalue(res, i, 0);
		c->title = PQgetvalue(res, i, 1);
		c->indicator = PQgetvalue(res, i, 2);
		c->kind = (enum ind)ind_parse(c->indicator, &c->arg);
		c->target = atof(PQgetvalue(res, i, 3));
		snprintf(c->due, sizeof c->due, "%s", PQgetvalue(res, i, 4));
		snprintf(c->bfrom, sizeof c->bfrom, "%s", PQgetvalue(res, i, 5));
		snprintf(c->bto, sizeof c->bto, "%s", PQgetvalue(res, i, 6));
		if (!PQgetisnull(res, i, 7)) {
			c->gdim = PQgetvalue(res, i, 7);
			c->gcode = PQgetvalue(res, i, 8);
			c->dim = ropts_dim(c->gdim);
		}
		for (int k = 0; k < NSEL; k++)
			sel[k] = PQgetisnull(res, i, 9 + k) ? NULL : PQgetvalue(res, i, 9 + k);
		snprintf(c->start, sizeof c->start, "%s", PQgetvalue(res, i, 13));
		snprintf(c->today, sizeof c->today, "%s", PQgetvalue(res, i, 14));
		c->min_n = min_n;
		if ((int)c->kind < 0 || (c->gdim != NULL && c->dim == NULL))
			fatal("commitment %s: unknown indicator or group", c->slug);
		cm_events(conn, c, sel);
		progress_read(conn, &rows[i]);
	}
	progress_overlap(conn, rows, nrows, (double)min_n);
	o = output_begin(stdout, fmt, progress_cols, PC_N, OUTPUT_SUPPRESSION);
	for (int i = 0; i < nrows; i++) {
		progress_print(conn, o, &rows[i]);
		free(rows[i].c.ids);
		free(rows[i].base.edu_ids);
		free(rows[i].cur.edu_ids);
	}
	free(rows);
	PQclear(res);
	rc = cmdutil_output_end(o);
	PQfinish(conn);
	return rc;
}

static int
commitment_list_cmd(int argc, char **argv, struct cli_global *g)
{
	return commitment_list(argc, argv, g, false);
}

static int
commitment_show(int argc, char **argv, struct cli_global *g)
{
	return commitment_list(argc, argv, g, true);
}

int
cmd_commitment(int argc, char **argv, struct cli_global *g)
{
	static const struct cli_sub subs[] = {
		{ "add", commitment_add },
		{ "list", commitment_list_cmd },
		{ "show", commitment_show },
		{ "close", commitment_close },
		{ "progress", commitment_progress },
	};

	return cli_dispatch("commitment", subs, sizeof subs / sizeof subs[0],
	    cmd_commitment_usage, argc, argv, g);
}
