/*
 * belong site: the states, districts, schools and programs where events
 * happen (sql/010_sites.sql).  A site's parent is of a wider level, so an
 * event at a school also reaches its district and state.  Values are
 * checked here first, exit 2 with nothing written; every value reaches
 * SQL as a parameter.
 */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_site.h"
#include "cmdutil.h"
#include "log.h"
#include "output.h"

#define SITE_NAME_MAX 200	/* as the schema's check */
#define SITE_CODE_MAX 64
#define SITE_NCES_MAX 12

/* Widest first: a parent comes before its child. */
static const char *const site_levels[] = { "state", "district", "school", "program" };
#define SITE_NLEVELS ((int)(sizeof site_levels / sizeof site_levels[0]))

void
cmd_site_usage(FILE *out)
{
	fputs("usage: belong site add --code CODE --name NAME\n"
	    "           --level state|district|school|program [--parent CODE]\n"
	    "           [--nces-id ID]\n"
	    "       belong site list [--format table|csv|json|markdown|latex]\n"
	    "       belong site show CODE [--format table|csv|json|markdown|latex]\n"
	    "\n"
	    "  add     record a site events happen at (belong event add --site CODE).\n"
	    "          CODE: 2-64 of a-z, 0-9 and '-', not starting with '-'; NAME:\n"
	    "          1-200 characters; --parent: the site it belongs to, of a wider\n"
	    "          level (state > district > school > program); --nces-id: the\n"
	    "          NCES identifier, 2-12 digits\n"
	    "  list    every site, with its parent and number of events\n"
	    "  show    one site\n"
	    "  --dsn DSN may follow any of them.\n", out);
}

const char *
cmd_site_check_code(const char *s)
{
	size_t n = strlen(s);

	if (n < 2 || n > SITE_CODE_MAX)
		return "must be 2-64 of a-z, 0-9 and '-'";
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    (c == '-' && i > 0)))
			return "must be 2-64 of a-z, 0-9 and '-', not starting with '-'";
	}
	return NULL;
}

static int
site_level_rank(const char *level)
{
	for (int i = 0; i < SITE_NLEVELS; i++)
		if (strcmp(site_levels[i], level) == 0)
			return i;
	return -1;
}

enum { OPT_CODE = 1, OPT_NAME, OPT_LEVEL, OPT_PARENT, OPT_NCES, OPT_FORMAT,
	OPT_DSN, OPT_HELP };

struct sopts {
	const char *code, *name, *level, *parent, *nces, *format;
	const char *arg;	/* the one CODE argument, if allowed */
};

/* Parse argv with longopts and at most nargs (0 or 1) plain arguments.
 * Returns -1 to go on, else the exit status. */
static int
parse(int argc, char **argv, struct cli_global *g, const struct option *longopts,
    int nargs, struct sopts *p)
{
	const char *sub = argv[0], *rule;
	const char **slot;
	int c;

	memset(p, 0, sizeof(*p));
	optind = 0;
	opterr = 0;	/* our message, with "belong: " like every other */
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		slot = NULL;
		switch (c) {
		case OPT_CODE:
			slot = &p->code;
			break;
		case OPT_NAME:
			slot = &p->name;
			break;
		case OPT_LEVEL:
			slot = &p->level;
			break;
		case OPT_PARENT:
			slot = &p->parent;
			break;
		case OPT_NCES:
			slot = &p->nces;
			break;
		case OPT_FORMAT:
			slot = &p->format;
			break;
		case OPT_DSN:
			g->dsn = optarg;
			break;
		case OPT_HELP:
		case 'h':
			cmd_site_usage(stdout);
			return 0;
		default:
			return cli_usage_error(cmd_site_usage, "site %s: unknown "
			    "option or missing value: %s", sub, argv[optind - 1]);
		}
		if (slot != NULL) {
			if (*slot != NULL)
				return cli_usage_error(cmd_site_usage,
				    "site %s: %s given twice", sub, argv[optind - 1]);
			*slot = optarg;
		}
	}
	if (argc - optind > nargs)
		return cli_usage_error(cmd_site_usage,
		    "site %s: unexpected argument: %s", sub, argv[optind + nargs]);
	if (nargs == 1) {
		char what[40];

		if (optind >= argc)
			return cli_usage_error(cmd_site_usage, "site %s: missing CODE", sub);
		p->arg = argv[optind];
		if ((rule = cmd_site_check_code(p->arg)) != NULL) {
			snprintf(what, sizeof what, "site %s: CODE", sub);
			return cmdutil_bad_value(what, rule);
		}
	}
	return -1;
}

/* --nces-id: 2-12 ASCII digits. */
static const char *
site_check_nces(const char *s)
{
	size_t n = strlen(s);

	if (n < 2 || n > SITE_NCES_MAX)
		return "must be 2-12 digits";
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return "must be 2-12 digits";
	return NULL;
}

static int
site_add(int argc, char **argv, struct cli_global *g)
{
	static const struct option longopts[] = {
		{ "code", required_argument, NULL, OPT_CODE },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "level", required_argument, NULL, OPT_LEVEL },
		{ "parent", required_argument, NULL, OPT_PARENT },
		{ "nces-id", required_argument, NULL, OPT_NCES },
		{ "dsn", required_argument, NULL, OPT_DSN },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	struct sopts p;
	const char *rule, *params[5];
	char parent_id[16];
	PGconn *conn;
	PGresult *res;
	int rc, rank;

	if ((rc = parse(argc, argv, g, longopts, 0, &p)) >= 0)
		return rc;
	if (p.code == NULL || p.name == NULL || p.level == NULL)
		return cli_usage_error(cmd_site_usage,
		    "site add: --code, --name and --level are required");
	if ((rule = cmd_site_check_code(p.code)) != NULL)
		return cmdutil_bad_value("site add: --code", rule);
	if ((rule = cmdutil_check_text(p.name, 1, SITE_NAME_MAX)) != NULL)
		return cmdutil_bad_value("site add: --name", rule);
	if ((rank = site_level_rank(p.level)) < 0)
		return cmdutil_bad_value("site add: --level",
		    "must be state, district, school or program");
	if (p.parent != NULL && (rule = cmd_site_check_code(p.parent)) != NULL)
		return cmdutil_bad_value("site add: --parent", rule);
	if (p.parent != NULL && strcmp(p.parent, p.code) == 0)
		return cmdutil_bad_value("site add: --parent", "must be another site");
	if (p.nces != NULL && (rule = site_check_nces(p.nces)) != NULL)
		return cmdutil_bad_value("site add: --nces-id", rule);

	conn = cli_connect(g);
	if (p.parent != NULL) {
		res = cli_exec(conn, "select id, level from site where code = $1",
		    1, &p.parent, PGRES_TUPLES_OK);
		if (PQntuples(res) == 0) {
			PQclear(res);
			PQfinish(conn);
			log_error("site add: --parent: no site with code \"%s\" "
			    "(see `belong site list`)", p.parent);
			return EXIT_USAGE;
		}
		if (site_level_rank(PQgetvalue(res, 0, 1)) >= rank) {
			log_error("site add: --parent: %s is a %s; the parent of a %s "
			    "must be of a wider level (state > district > school > "
			    "program)", p.parent, PQgetvalue(res, 0, 1), p.level);
			PQclear(res);
			PQfinish(conn);
			return EXIT_USAGE;
		}
		snprintf(parent_id, sizeof parent_id, "%s", PQgetvalue(res, 0, 0));
		PQclear(res);
	}
	params[0] = p.code;
	params[1] = p.name;
	params[2] = p.level;
	params[3] = p.parent != NULL ? parent_id : NULL;
	params[4] = p.nces;
	/* ON CONFLICT: a duplicate code is an answer, not an error. */
	res = cli_exec(conn, "insert into site (code, name, level, parent_id, nces_id)\n"
	    "values ($1, $2, $3, $4::integer, $5)\n"
	    "on conflict (code) do nothing returning id", 5, params, PGRES_TUPLES_OK);
	if (PQntuples(res) == 0) {
		log_error("site add: a site with code \"%s\" already exists "
		    "(see `belong site list`)", p.code);
		rc = 1;
	} else {
		if (p.parent != NULL)
			printf("added %s %s (in %s)\n", p.level, p.code, p.parent);
		else
			printf("added %s %s\n", p.level, p.code);
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

static const struct output_column site_columns[] = {
	{ "code", OUTPUT_NAME },
	{ "name", OUTPUT_TEXT },
	{ "level", OUTPUT_NAME },
	{ "parent", OUTPUT_NAME },
	{ "nces_id", OUTPUT_NAME },
	{ "events", OUTPUT_NUMBER },
	{ "created_at", OUTPUT_NAME },
};
#define SITE_NCOLS ((int)(sizeof site_columns / sizeof site_columns[0]))

#define SITE_SELECT \
	"select s.code, s.name, s.level, p.code, s.nces_id,\n" \
	"    (select count(*) from event e where e.site_id = s.id),\n" \
	"    to_char(s.created_at, 'YYYY-MM-DD HH24:MI:SSOF')\n" \
	"from site s left join site p on p.id = s.parent_id\n"

/* Sites by level, widest first, then by code. */
static int
site_list(int argc, char **argv, struct cli_global *g)
{
	enum output_format fmt = OUTPUT_TABLE;
	struct sopts p;
	struct output *o;
	PGconn *conn;
	int rc;

	if ((rc = parse(argc, argv, g, list_options, 0, &p)) >= 0)
		return rc;
	if (p.format != NULL && (rc = cmdutil_format(p.format, &fmt)) != 0)
		return rc;
	conn = cli_connect(g);
	o = output_begin(stdout, fmt, site_columns, SITE_NCOLS, 0);
	cmdutil_query_rows(conn, o, SITE_SELECT
	    "order by array_position(array['state', 'district', 'school', 'program'],\n"
	    "    s.level), s.code", 0, NULL);
	rc = cmdutil_output_end(o);
	PQfinish(conn);
	return rc;
}

static int
site_show(int argc, char **argv, struct cli_global *g)
{
	enum output_format fmt = OUTPUT_TABLE;
	struct sopts p;
	struct output *o;
	PGconn *conn;
	PGresult *res;
	int rc;

	if ((rc = parse(argc, argv, g, list_options, 1, &p)) >= 0)
		return rc;
	if (p.format != NULL && (rc = cmdutil_format(p.format, &fmt)) != 0)
		return rc;
	conn = cli_connect(g);
	res = cli_exec(conn, "select 1 from site where code = $1", 1, &p.arg,
	    PGRES_TUPLES_OK);
	if (PQntuples(res) == 0) {
		PQclear(res);
		PQfinish(conn);
		log_error("site show: no site with code \"%s\"", p.arg);
		return 1;
	}
	PQclear(res);
	o = output_begin(stdout, fmt, site_columns, SITE_NCOLS, OUTPUT_RECORD);
	cmdutil_query_rows(conn, o, SITE_SELECT "where s.code = $1", 1, &p.arg);
	rc = cmdutil_output_end(o);
	PQfinish(conn);
	return rc;
}

int
cmd_site(int argc, char **argv, struct cli_global *g)
{
	static const struct cli_sub subs[] = {
		{ "add", site_add },
		{ "list", site_list },
		{ "show", site_show },
	};

	return cli_dispatch("site", subs, sizeof subs / sizeof subs[0],
	    cmd_site_usage, argc, argv, g);
}
