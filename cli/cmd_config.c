/*
 * belong config: settings of the organization that runs belong, kept in
 * the database rather than in a file, so that every analyst's belong (and
 * every chart drawn from the same database) uses the same.  Only the keys
 * of config_keys can be set: a typo is an error naming the known keys,
 * not a setting nothing reads.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_config.h"
#include "cmdutil.h"
#include "log.h"
#include "output.h"
#include "xalloc.h"

#define CONFIG_VALUE_MAX 200	/* code points */

/* The known keys, and what reads each. */
static const struct {
	const char *key;
	const char *help;
} config_keys[] = {
	{ "org_name", "the source line of charts (belong plot --source)" },
};
#define CONFIG_NKEYS (sizeof config_keys / sizeof config_keys[0])

enum { OPT_FORMAT = 256, OPT_DSN, OPT_HELP };

void
cmd_config_usage(FILE *out)
{
	fputs("usage: belong config set KEY VALUE\n"
	    "       belong config get KEY\n"
	    "       belong config unset KEY\n"
	    "       belong config list [--format table|csv|json|markdown|latex]\n"
	    "\n"
	    "  Settings of the organization, stored in the database.  Keys:\n", out);
	for (size_t i = 0; i < CONFIG_NKEYS; i++)
		fprintf(out, "    %-10s %s\n", config_keys[i].key, config_keys[i].help);
	fputs("  VALUE: at most 200 characters of UTF-8 text without control\n"
	    "  characters (after \"--\" when it begins with '-').  get prints the\n"
	    "  value, or nothing with exit status 1 when the key is not set.\n"
	    "  --dsn DSN may follow any of them.\n", out);
}

/* 0 when key is known, else EXIT_USAGE after naming the known keys. */
static int
known_key(const char *sub, const char *key)
{
	char *shown;

	for (size_t i = 0; i < CONFIG_NKEYS; i++)
		if (strcmp(config_keys[i].key, key) == 0)
			return 0;
	shown = cmdutil_show(key);
	fprintf(stderr, "belong: config %s: unknown key %s (known keys:", sub, shown);
	for (size_t i = 0; i < CONFIG_NKEYS; i++)
		fprintf(stderr, "%s %s", i == 0 ? "" : ",", config_keys[i].key);
	fputs(")\n", stderr);
	free(shown);
	return EXIT_USAGE;
}

/*
 * Parse --format (when fmt is not NULL), --dsn and --help, and exactly
 * nargs operands into args.  Returns -1 to go on, else the exit status.
 */
static int
options(int argc, char **argv, struct cli_global *g, enum output_format *fmt,
    const char **args, int nargs)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "dsn", required_argument, NULL, OPT_DSN },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const char *sub = argv[0];
	int c, rc;

	optind = 0;
	opterr = 0;
	/* Options may come anywhere; a VALUE that begins with '-' comes
	 * after "--". */
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if (fmt == NULL)
				return cli_usage_error(cmd_config_usage,
				    "config %s: --format is not an option here", sub);
			if ((rc = cmdutil_format(optarg, fmt)) != 0)
				return rc;
			break;
		case OPT_DSN:
			g->dsn = optarg;
			break;
		case OPT_HELP:
		case 'h':
			cmd_config_usage(stdout);
			return 0;
		default:
			return cli_usage_error(cmd_config_usage, "config %s: unknown "
			    "option or missing value: %s", sub, argv[optind - 1]);
		}
	}
	for (int i = 0; i < nargs; i++) {
		if (optind >= argc)
			return cli_usage_error(cmd_config_usage, "config %s: missing %s",
			    sub, i == 0 ? "KEY" : "VALUE");
		args[i] = argv[optind++];
	}
	if (optind < argc)
		return cli_usage_error(cmd_config_usage,
		    "config %s: unexpected argument: %s", sub, argv[optind]);
	return -1;
}

static int
config_set(int argc, char **argv, struct cli_global *g)
{
	const char *args[2], *rule;
	PGconn *conn;
	int rc;

	if ((rc = options(argc, argv, g, NULL, args, 2)) >= 0)
		return rc;
	if ((rc = known_key("set", args[0])) != 0)
		return rc;
	if ((rule = cmdutil_check_text(args[1], 1, CONFIG_VALUE_MAX)) != NULL) {
		char what[80];

		snprintf(what, sizeof what, "config set: %s", args[0]);
		return cmdutil_bad_value(what, rule);
	}
	conn = cli_connect(g);
	PQclear(cli_exec(conn, "insert into setting (key, value) values ($1, $2)\n"
	    "on conflict (key) do update set value = excluded.value, updated_at = now()",
	    2, args, PGRES_COMMAND_OK));
	PQfinish(conn);
	printf("%s set\n", args[0]);
	return 0;
}

static int
config_get(int argc, char **argv, struct cli_global *g)
{
	const char *key;
	PGconn *conn;
	PGresult *res;
	int rc;

	if ((rc = options(argc, argv, g, NULL, &key, 1)) >= 0)
		return rc;
	if ((rc = known_key("get", key)) != 0)
		return rc;
	conn = cli_connect(g);
	res = cli_exec(conn, "select value from setting where key = $1", 1, &key,
	    PGRES_TUPLES_OK);
	/* Unset: no output and 1, as a script tests for (git config does
	 * the same); the value is checked on the way in, so it prints as is. */
	rc = PQntuples(res) == 0 ? 1 : 0;
	if (rc == 0)
		printf("%s\n", PQgetvalue(res, 0, 0));
	PQclear(res);
	PQfinish(conn);
	return rc;
}

static int
config_unset(int argc, char **argv, struct cli_global *g)
{
	const char *key;
	PGconn *conn;
	PGresult *res;
	int rc;

	if ((rc = options(argc, argv, g, NULL, &key, 1)) >= 0)
		return rc;
	if ((rc = known_key("unset", key)) != 0)
		return rc;
	conn = cli_connect(g);
	res = cli_exec(conn, "delete from setting where key = $1 returning key", 1,
	    &key, PGRES_TUPLES_OK);
	printf(PQntuples(res) > 0 ? "%s unset\n" : "%s was not set\n", key);
	PQclear(res);
	PQfinish(conn);
	return 0;
}

/* Every known key, set or not (value null), in the table's order. */
static int
config_list(int argc, char **argv, struct cli_global *g)
{
	static const struct output_column cols[] = {
		{ "key", OUTPUT_NAME },
		{ "value", OUTPUT_TEXT },
		{ "updated_at", OUTPUT_NAME },
	};
	enum output_format fmt = OUTPUT_TABLE;
	struct output *o;
	char *keys = NULL, *p;
	size_t len = 2;
	PGconn *conn;
	int rc;

	if ((rc = options(argc, argv, g, &fmt, NULL, 0)) >= 0)
		return rc;
	/* The keys are ours, of [a-z_]: an array literal needs no quoting. */
	for (size_t i = 0; i < CONFIG_NKEYS; i++)
		len += strlen(config_keys[i].key) + 1;
	p = keys = xmalloc(len + 1);
	*p++ = '{';
	for (size_t i = 0; i < CONFIG_NKEYS; i++)
		p += sprintf(p, "%s%s", i == 0 ? "" : ",", config_keys[i].key);
	strcpy(p, "}");
	conn = cli_connect(g);
	o = output_begin(stdout, fmt, cols, 3, 0);
	cmdutil_query_rows(conn, o, "select k.key, s.value,\n"
	    "    to_char(s.updated_at, 'YYYY-MM-DD HH24:MI:SSOF')\n"
	    "from unnest($1::text[]) with ordinality as k (key, ord)\n"
	    "left join setting s on s.key = k.key\n"
	    "order by k.ord", 1, (const char *const *)&keys);
	rc = cmdutil_output_end(o);
	PQfinish(conn);
	free(keys);
	return rc;
}

int
cmd_config(int argc, char **argv, struct cli_global *g)
{
	static const struct cli_sub subs[] = {
		{ "set", config_set },
		{ "get", config_get },
		{ "unset", config_unset },
		{ "list", config_list },
	};

	return cli_dispatch("config", subs, sizeof subs / sizeof subs[0],
	    cmd_config_usage, argc, argv, g);
}
