/*
 * belong program: programs whose events are the waves of a change
 * measure (sql/009_programs.sql), and the matching of their pre and post
 * responses by the anonymous code (program_pairs.c).  Values are checked
 * here first, exit 2 with nothing written; every value reaches SQL as a
 * parameter.
 */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "cmd_program.h"
#include "cmdutil.h"
#include "code_match.h"
#include "log.h"
#include "output.h"
#include "program_pairs.h"
#include "xalloc.h"

#define PROGRAM_TITLE_MAX 200	/* as the schema's check */
#define PROGRAM_MAX_DIFF 3	/* four elements: one must agree */

void
cmd_program_usage(FILE *out)
{
	fputs("usage: belong program add --slug SLUG --title TITLE [--design prepost|retro]\n"
	    "       belong program list [--format table|csv|json|markdown|latex]\n"
	    "       belong program show SLUG [--format table|csv|json|markdown|latex]\n"
	    "       belong program match SLUG [--max-diff N] [--include-test]\n"
	    "           [--format table|csv|json]\n"
	    "\n"
	    "  add     create a program.  prepost (the default): its events are pre or\n"
	    "          post waves (belong event add --program SLUG --wave pre|post) and\n"
	    "          the forms ask an anonymous code that links a young person's two\n"
	    "          answers; retro: one survey at the end asks items \"before\" and\n"
	    "          \"now\".  SLUG: 3-64 of a-z, 0-9 and '-'; TITLE: 1-200 characters\n"
	    "  list    every program, with its number of events and responses\n"
	    "  show    a program's events, with their wave and number of responses\n"
	    "  match   match the pre and post responses of a prepost program one to\n"
	    "          one by their codes: exact first, then codes at most --max-diff\n"
	    "          elements apart (0-3, default 1) whose best candidate is unique.\n"
	    "          Lists the pairs, the unmatched responses (ambiguous: a tie left\n"
	    "          unbroken; no code: the respondent gave none) and the match rate,\n"
	    "          pairs / min(pre, post).  Test events only with --include-test\n"
	    "  --dsn DSN may follow any of them.\n", out);
}

enum { OPT_SLUG = 1, OPT_TITLE, OPT_DESIGN, OPT_FORMAT, OPT_MAX_DIFF,
	OPT_INCLUDE_TEST, OPT_DSN, OPT_HELP };

/* What the options of one subcommand gave. */
struct popts {
	const char *slug, *title, *design, *format, *max_diff;
	bool include_test;
	const char *arg;	/* the one SLUG argument, if allowed */
};

/*
 * Parses argv with longopts (a subset of all the options) and at most
 * nargs (0 or 1) plain arguments.  A value option given twice is an
 * error.  Returns -1 to go on, else the exit status.
 */
static int
parse(int argc, char **argv, struct cli_global *g, const struct option *longopts,
    int nargs, struct popts *p)
{
	const char *sub = argv[0];
	const char **slot;
	int c;

	memset(p, 0, sizeof(*p));
	optind = 0;
	opterr = 0;	/* our message, with "belong: " like every other */
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		slot = NULL;
		switch (c) {
		case OPT_SLUG:
			slot = &p->slug;
			break;
		case OPT_TITLE:
			slot = &p->title;
			break;
		case OPT_DESIGN:
			slot = &p->design;
			break;
		case OPT_FORMAT:
			slot = &p->format;
			break;
		case OPT_MAX_DIFF:
			slot = &p->max_diff;
			break;
		case OPT_INCLUDE_TEST:
			p->include_test = true;
			break;
		case OPT_DSN:
			g->dsn = optarg;
			break;
		case OPT_HELP:
		case 'h':
			cmd_program_usage(stdout);
			return 0;
		default:
			return cli_usage_error(cmd_program_usage, "program %s: unknown "
			    "option or missing value: %s", sub, argv[optind - 1]);
		}
		if (slot != NULL) {
			if (*slot != NULL)
				return cli_usage_error(cmd_program_usage,
				    "program %s: %s given twice", sub, argv[optind - 1]);
			*slot = optarg;
		}
	}
	if (argc - optind > nargs)
		return cli_usage_error(cmd_program_usage,
		    "program %s: unexpected argument: %s", sub, argv[optind + nargs]);
	if (nargs == 1) {
		const char *rule;
		char what[40];

		if (optind >= argc)
			return cli_usage_error(cmd_program_usage,
			    "program %s: missing SLUG", sub);
		p->arg = argv[optind];
		if ((rule = cmdutil_check_slug(p->arg)) != NULL) {
			snprintf(what, sizeof what, "program %s: SLUG", sub);
			return cmdutil_bad_value(what, rule);
		}
	}
	return -1;
}

static int
program_add(int argc, char **argv, struct cli_global *g)
{
	static const struct option longopts[] = {
		{ "slug", required_argument, NULL, OPT_SLUG },
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "design", required_argument, NULL, OPT_DESIGN },
		{ "dsn", required_argument, NULL, OPT_DSN },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	struct popts p;
	const char *rule, *params[3];
	PGconn *conn;
	PGresult *res;
	int rc;

	if ((rc = parse(argc, argv, g, longopts, 0, &p)) >= 0)
		return rc;
	if (p.slug == NULL || p.title == NULL)
		return cli_usage_error(cmd_program_usage,
		    "program add: --slug and --title are required");
	if ((rule = cmdutil_check_slug(p.slug)) != NULL)
		return cmdutil_bad_value("program add: --slug", rule);
	/* `belong event set --program none` takes an event out of its program. */
	if (strcmp(p.slug, "none") == 0)
		return cmdutil_bad_value("program add: --slug", "must not be \"none\"");
	if ((rule = cmdutil_check_text(p.title, 1, PROGRAM_TITLE_MAX)) != NULL)
		return cmdutil_bad_value("program add: --title", rule);
	if (p.design == NULL)
		p.design = "prepost";
	if (strcmp(p.design, "prepost") != 0 && strcmp(p.design, "retro") != 0)
		return cmdutil_bad_value("program add: --design", "must be prepost or retro");
	params[0] = p.slug;
	params[1] = p.title;
	params[2] = p.design;
	conn = cli_connect(g);
	/* ON CONFLICT: a duplicate slug is an answer, not an error (and no
	 * race between a check and the insert). */
	res = cli_exec(conn, "insert into program (slug, title, design)\n"
	    "values ($1, $2, $3) on conflict (slug) do nothing returning id",
	    3, params, PGRES_TUPLES_OK);
	if (PQntuples(res) == 0) {
		log_error("program add: a program with slug \"%s\" already exists "
		    "(see `belong program list`)", p.slug);
		rc = 1;
	} else {
		printf("added %s program %s\n", p.design, p.slug);
		rc = 0;
	}
	PQclear(res);
	PQfinish(conn);
	return rc;
}

static const struct option list_options[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "dsn", required_argument, NULL, OPT_DSN },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/*
 * The counts are those `belong event list` prints for the same events
 * (every response, test events marked, nothing suppressed): staff see
 * what was collected; the reports decide what may be published.
 */
static int
program_list(int argc, char **argv, struct cli_global *g)
{
	static const struct output_column cols[] = {
		{ "slug", OUTPUT_NAME },
		{ "title", OUTPUT_TEXT },
		{ "design", OUTPUT_NAME },
		{ "events", OUTPUT_NUMBER },
		{ "pre_events", OUTPUT_NUMBER },
		{ "post_events", OUTPUT_NUMBER },
		{ "responses", OUTPUT_NUMBER },
		{ "created_at", OUTPUT_NAME },
	};
	enum output_format fmt = OUTPUT_TABLE;
	struct popts p;
	struct output *o;
	PGconn *conn;
	int rc;

	if ((rc = parse(argc, argv, g, list_options, 0, &p)) >= 0)
		return rc;
	if (p.format != NULL && (rc = cmdutil_format(p.format, &fmt)) != 0)
		return rc;
	conn = cli_connect(g);
	o = output_begin(stdout, fmt, cols, (int)(sizeof cols / sizeof cols[0]), 0);
	cmdutil_query_rows(conn, o,
	    "select p.slug, p.title, p.design,\n"
	    "    (select count(*) from event e where e.program_id = p.id),\n"
	    "    (select count(*) from event e where e.program_id = p.id and e.wave = 'pre'),\n"
	    "    (select count(*) from event e where e.program_id = p.id and e.wave = 'post'),\n"
	    "    (select count(*) from event e join response r on r.event_id = e.id\n"
	    "     where e.program_id = p.id),\n"
	    "    to_char(p.created_at, 'YYYY-MM-DD HH24:MI:SSOF')\n"
	    "from program p order by p.slug", 0, NULL);
	rc = cmdutil_output_end(o);
	PQfinish(conn);
	return rc;
}

static int
program_show(int argc, char **argv, struct cli_global *g)
{
	static const struct output_column cols[] = {
		{ "event", OUTPUT_NAME },
		{ "title", OUTPUT_TEXT },
		{ "wave", OUTPUT_NAME },
		{ "starts", OUTPUT_NAME },
		{ "status", OUTPUT_NAME },
		{ "test", OUTPUT_BOOL },
		{ "responses", OUTPUT_NUMBER },
	};
	enum output_format fmt = OUTPUT_TABLE;
	struct program prog;
	struct popts p;
	struct output *o;
	PGconn *conn;
	char id[16];
	const char *params[1] = { id };
	int rc;

	if ((rc = parse(argc, argv, g, list_options, 1, &p)) >= 0)
		return rc;
	if (p.format != NULL && (rc = cmdutil_format(p.format, &fmt)) != 0)
		return rc;
	conn = cli_connect(g);
	if (program_pairs_find(conn, p.arg, &prog) != 0) {
		log_error("program show: no program with slug \"%s\"", p.arg);
		PQfinish(conn);
		return 1;
	}
	if (fmt == OUTPUT_TABLE)
		printf("program %s (%s): %s\n", prog.slug, prog.design, prog.title);
	snprintf(id, sizeof id, "%d", prog.id);
	o = output_begin(stdout, fmt, cols, (int)(sizeof cols / sizeof cols[0]), 0);
	cmdutil_query_rows(conn, o,
	    "select e.slug, e.title, e.wave, to_char(e.starts_on, 'YYYY-MM-DD'),\n"
	    "    case when e.closes_at <= now() then 'closed'\n"
	    "         when e.opens_at > now() then 'not yet open'\n"
	    "         else 'open' end,\n"
	    "    case when e.test then 'yes' else 'no' end,\n"
	    "    (select count(*) from response r where r.event_id = e.id)\n"
	    "from event e where e.program_id = $1::integer\n"
	    "order by case e.wave when 'pre' then 0 when 'post' then 1 else 2 end,\n"
	    "    e.starts_on nulls last, e.slug", 1, params);
	rc = cmdutil_output_end(o);
	program_pairs_free_program(&prog);
	PQfinish(conn);
	return rc;
}

/* The listing of match: pairs first (exact, then near), then the
 * unmatched by wave and reason. */
#define MATCH_ROWS \
	"select kind, pre_event, pre_response, post_event, post_response, diff\n" \
	"from (select case when m.diff = 0 then 'exact' else 'near' end as kind,\n" \
	"        a.slug as pre_event, m.pre_id::text as pre_response,\n" \
	"        b.slug as post_event, m.post_id::text as post_response,\n" \
	"        m.diff::text as diff, 0 as o1, m.diff as o2, m.pre_id as o3\n" \
	"    from matched_pair m join event a on a.id = m.pre_event\n" \
	"    join event b on b.id = m.post_event\n" \
	"    union all\n" \
	"    select case u.reason when 'unmatched' then 'unmatched_' || u.wave\n" \
	"        when 'ambiguous' then 'ambiguous_' || u.wave\n" \
	"        else 'no_code_' || u.wave end,\n" \
	"        case when u.wave = 'pre' then e.slug end,\n" \
	"        case when u.wave = 'pre' then u.id::text end,\n" \
	"        case when u.wave = 'post' then e.slug end,\n" \
	"        case when u.wave = 'post' then u.id::text end,\n" \
	"        null, case u.wave when 'pre' then 1 else 2 end,\n" \
	"        case u.reason when 'ambiguous' then 0 when 'unmatched' then 1\n" \
	"        else 2 end, u.id\n" \
	"    from unmatched_response u join event e on e.id = u.event_id) l\n" \
	"order by o1, o2, o3"

static const struct output_column match_cols[] = {
	{ "kind", OUTPUT_NAME },
	{ "pre_event", OUTPUT_NAME },
	{ "pre_response", OUTPUT_NAME },
	{ "post_event", OUTPUT_NAME },
	{ "post_response", OUTPUT_NAME },
	{ "diff", OUTPUT_NUMBER },
};
#define MATCH_NCOLS 6

/* The summary: two lines, for a person. */
static void
match_summary(FILE *fp, const struct program *prog, const struct program_pairs *m)
{
	fprintf(fp, "program %s: %ld pre, %ld post responses (no code: %ld pre, "
	    "%ld post); max-diff %d\n", prog->slug, m->pre, m->post, m->pre_nocode,
	    m->post_nocode, m->max_diff);
	fprintf(fp, "%ld pairs (%ld exact, %ld near); unmatched: %ld pre (%ld "
	    "ambiguous), %ld post (%ld ambiguous); match rate ", m->pairs, m->exact,
	    m->near, m->unmatched_pre, m->ambiguous_pre, m->unmatched_post,
	    m->ambiguous_post);
	if (isnan(m->rate))
		fprintf(fp, "- (no pre or no post responses)\n");
	else
		fprintf(fp, "%.1f %%\n", 100.0 * m->rate);
}

/* JSON: the counts in the shape belong change uses for "matching", and
 * the rows. */
static int
match_json(PGconn *conn, const struct program *prog, const struct program_pairs *m)
{
	cJSON *root = cJSON_CreateObject(), *mt = cJSON_CreateObject(),
	    *rows = cJSON_CreateArray();
	PGresult *res;
	char *text;
	int rc = 0;

	if (root == NULL || mt == NULL || rows == NULL)
		fatal("out of memory");
	cJSON_AddStringToObject(root, "program", prog->slug);
	cJSON_AddStringToObject(root, "design", prog->design);
	cJSON_AddNumberToObject(mt, "max_diff", m->max_diff);
	cJSON_AddNumberToObject(mt, "pre", (double)m->pre);
	cJSON_AddNumberToObject(mt, "post", (double)m->post);
	cJSON_AddNumberToObject(mt, "pairs", (double)m->pairs);
	cJSON_AddNumberToObject(mt, "exact", (double)m->exact);
	cJSON_AddNumberToObject(mt, "near", (double)m->near);
	cJSON_AddNumberToObject(mt, "unmatched_pre", (double)m->unmatched_pre);
	cJSON_AddNumberToObject(mt, "unmatched_post", (double)m->unmatched_post);
	cJSON_AddNumberToObject(mt, "ambiguous_pre", (double)m->ambiguous_pre);
	cJSON_AddNumberToObject(mt, "ambiguous_post", (double)m->ambiguous_post);
	cJSON_AddNumberToObject(mt, "no_code_pre", (double)m->pre_nocode);
	cJSON_AddNumberToObject(mt, "no_code_post", (double)m->post_nocode);
	if (isnan(m->rate))
		cJSON_AddNullToObject(mt, "rate");
	else
		cJSON_AddNumberToObject(mt, "rate", m->rate);
	cJSON_AddItemToObject(root, "matching", mt);
	res = cli_exec(conn, MATCH_ROWS, 0, NULL, PGRES_TUPLES_OK);
	for (int i = 0; i < PQntuples(res); i++) {
		cJSON *row = cJSON_CreateObject();

		if (row == NULL)
			fatal("out of memory");
		for (int k = 0; k < MATCH_NCOLS; k++) {
			if (PQgetisnull(res, i, k))
				cJSON_AddNullToObject(row, match_cols[k].name);
			else if (k == MATCH_NCOLS - 1)
				cJSON_AddNumberToObject(row, match_cols[k].name,
				    atoi(PQgetvalue(res, i, k)));
			else
				cJSON_AddStringToObject(row, match_cols[k].name,
				    PQgetvalue(res, i, k));
		}
		cJSON_AddItemToArray(rows, row);
	}
	PQclear(res);
	cJSON_AddItemToObject(root, "rows", rows);
	if ((text = cJSON_Print(root)) == NULL)
		fatal("out of memory");
	if (printf("%s\n", text) < 0 || fflush(stdout) != 0) {
		log_error("cannot write the output");
		rc = 1;
	}
	free(text);
	cJSON_Delete(root);
	return rc;
}

static int
program_match(int argc, char **argv, struct cli_global *g)
{
	static const struct option longopts[] = {
		{ "max-diff", required_argument, NULL, OPT_MAX_DIFF },
		{ "include-test", no_argument, NULL, OPT_INCLUDE_TEST },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "dsn", required_argument, NULL, OPT_DSN },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	enum output_format fmt = OUTPUT_TABLE;
	struct program_pairs m;
	struct program prog;
	struct popts p;
	struct output *o;
	const char *rule;
	long max_diff = CODE_MATCH_DEFAULT_MAX_DIFF;
	PGconn *conn;
	int rc;

	if ((rc = parse(argc, argv, g, longopts, 1, &p)) >= 0)
		return rc;
	if (p.format != NULL) {
		if ((rc = cmdutil_format(p.format, &fmt)) != 0)
			return rc;
		if (fmt != OUTPUT_TABLE && fmt != OUTPUT_CSV && fmt != OUTPUT_JSON)
			return cmdutil_bad_value("program match: --format",
			    "must be table, csv or json");
	}
	if (p.max_diff != NULL && (rule = cmdutil_parse_long(p.max_diff, 0,
	    PROGRAM_MAX_DIFF, &max_diff)) != NULL)
		return cmdutil_bad_value("program match: --max-diff", rule);
	conn = cli_connect(g);
	if (program_pairs_find(conn, p.arg, &prog) != 0) {
		log_error("program match: no program with slug \"%s\"", p.arg);
		PQfinish(conn);
		return 1;
	}
	if (!prog.prepost) {
		log_error("program match: program %s is retrospective: its change is "
		    "read within each response, there is nothing to match", prog.slug);
		rc = 1;
		goto done;
	}
	if (program_pairs_load(conn, &prog, (int)max_diff, p.include_test, &m) != 0)
		fatal("program match: cannot match");	/* checked above */
	if (fmt == OUTPUT_JSON) {
		rc = match_json(conn, &prog, &m);
		goto done;
	}
	o = output_begin(stdout, fmt, match_cols, MATCH_NCOLS, 0);
	cmdutil_query_rows(conn, o, MATCH_ROWS, 0, NULL);
	rc = cmdutil_output_end(o);
	/* CSV stays one table for the statistics packages. */
	match_summary(fmt == OUTPUT_TABLE ? stdout : stderr, &prog, &m);
done:
	program_pairs_free_program(&prog);
	PQfinish(conn);
	return rc;
}

int
cmd_program(int argc, char **argv, struct cli_global *g)
{
	static const struct cli_sub subs[] = {
		{ "add", program_add },
		{ "list", program_list },
		{ "show", program_show },
		{ "match", program_match },
	};

	return cli_dispatch("program", subs, sizeof subs / sizeof subs[0],
	    cmd_program_usage, argc, argv, g);
}
