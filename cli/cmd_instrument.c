/*
 * belong instrument: survey definitions.  A definition is checked by
 * instrument_parse (lib/instrument.c) before it is stored, and stored
 * under the key and version it declares; a stored version is never
 * replaced.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "cmd_instrument.h"
#include "cmdutil.h"
#include "instrument.h"
#include "log.h"
#include "output.h"
#include "utf8.h"
#include "xalloc.h"

#define INSTRUMENT_FILE_MAX (1024 * 1024)	/* bytes of a definition file */

enum { OPT_FORMAT = 256, OPT_VERSION, OPT_DSN, OPT_HELP };

void
cmd_instrument_usage(FILE *out)
{
	fputs("usage: belong instrument add FILE.json\n"
	    "       belong instrument list [--format table|csv|json|markdown|latex]\n"
	    "       belong instrument show KEY [--version N]\n"
	    "\n"
	    "  add   check a survey definition and store it under its key and version\n"
	    "        (FILE - reads standard input)\n"
	    "  list  all stored definitions\n"
	    "  show  a definition as JSON: the newest version, or --version N\n"
	    "  --dsn DSN may follow any of them.\n", out);
}

/*
 * Read at most INSTRUMENT_FILE_MAX bytes of path ("-": stdin) into a
 * NUL-terminated string (the caller frees) of *len bytes.  NULL with a message printed
 * if it cannot be read or is too large.
 */
static char *
read_definition(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char *buf;
	size_t n;

	if (f == NULL) {
		log_error("%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = xmalloc(INSTRUMENT_FILE_MAX + 2);
	n = fread(buf, 1, INSTRUMENT_FILE_MAX + 1, f);
	if (ferror(f)) {
		log_error("%s: %s", path, strerror(errno));
		goto fail;
	}
	if (n > INSTRUMENT_FILE_MAX) {
		log_error("%s: larger than %d bytes; not a survey definition", path,
		    INSTRUMENT_FILE_MAX);
		goto fail;
	}
	buf[n] = '\0';
	*len = n;
	if (f != stdin)
		fclose(f);
	return buf;
fail:
	if (f != stdin)
		fclose(f);
	free(buf);
	return NULL;
}

/*
 * The first object member name that appears twice in one object, or NULL.
 * cJSON reads the first of two equal names, PostgreSQL's jsonb keeps the
 * last: a definition with both could be checked as one survey and stored
 * as another.
 */
static const char *
duplicate_member(const cJSON *item)
{
	for (const cJSON *c = item->child; c != NULL; c = c->next) {
		const char *dup;

		if (cJSON_IsObject(item))
			for (const cJSON *d = c->next; d != NULL; d = d->next)
				if (strcmp(c->string, d->string) == 0)
					return c->string;
		if ((dup = duplicate_member(c)) != NULL)
			return dup;
	}
	return NULL;
}

static int
instrument_add(int argc, char **argv, struct cli_global *g)
{
	static const struct option longopts[] = {
		{ "dsn", required_argument, NULL, OPT_DSN },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const char *path, *dup, *params[3];
	struct instrument *ins = NULL;
	cJSON *tree = NULL;
	char *text = NULL, *err = NULL, version[16];
	size_t len;
	PGconn *conn;
	PGresult *res;
	int c, rc = 1;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_DSN:
			g->dsn = optarg;
			break;
		case OPT_HELP:
		case 'h':
			cmd_instrument_usage(stdout);
			return 0;
		default:
			cmd_instrument_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return cli_usage_error(cmd_instrument_usage, "instrument add: missing FILE");
	if (optind + 1 < argc)
		return cli_usage_error(cmd_instrument_usage,
		    "instrument add: unexpected argument: %s", argv[optind + 1]);
	path = argv[optind];

	/* A file that is not a good definition is an error in the input, as a
	 * missing file is: exit 1, naming the file and what is wrong. */
	if ((text = read_definition(path, &len)) == NULL)
		return 1;
	if (!utf8_valid(text, len)) {	/* also refuses a NUL byte */
		log_error("%s: not UTF-8 text", path);
		goto done;
	}
	if ((tree = cJSON_ParseWithOpts(text, NULL, true)) == NULL) {
		log_error("%s: not valid JSON", path);
		goto done;
	}
	if ((dup = duplicate_member(tree)) != NULL) {
		char *shown = cmdutil_show(dup);

		log_error("%s: member %s appears twice in one object", path, shown);
		free(shown);
		goto done;
	}
	if ((ins = instrument_parse(text, &err)) == NULL) {
		log_error("%s: %s", path, err != NULL ? err : "not a valid survey definition");
		free(err);
		goto done;
	}

	conn = cli_connect(g);
	snprintf(version, sizeof version, "%d", ins->version);
	params[0] = ins->key;
	params[1] = version;
	params[2] = text;
	res = cli_exec(conn, "insert into instrument (key, version, definition)\n"
	    "values ($1, $2::integer, $3::jsonb)\n"
	    "on conflict (key, version) do nothing returning id", 3, params, PGRES_TUPLES_OK);
	if (PQntuples(res) == 0)
		log_error("%s: instrument \"%s\" version %d already exists; "
		    "a changed survey needs a new version", path, ins->key, ins->version);
	else {
		printf("added instrument %s@%d\n", ins->key, ins->version);
		rc = 0;
	}
	PQclear(res);
	PQfinish(conn);
done:
	instrument_free(ins);
	cJSON_Delete(tree);
	free(text);
	return rc;
}

/* Options of list and show; returns -1 to go on, else the exit status. */
static int
list_show_options(int argc, char **argv, struct cli_global *g,
    enum output_format *fmt, long *version)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "version", required_argument, NULL, OPT_VERSION },
		{ "dsn", required_argument, NULL, OPT_DSN },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const char *rule;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if (fmt == NULL)
				return cli_usage_error(cmd_instrument_usage,
				    "instrument %s: --format is not an option here", argv[0]);
			if ((rc = cmdutil_format(optarg, fmt)) != 0)
				return rc;
			break;
		case OPT_VERSION:
			if (version == NULL)
				return cli_usage_error(cmd_instrument_usage,
				    "instrument %s: --version is not an option here", argv[0]);
			if ((rule = cmdutil_parse_long(optarg, 1, 2147483647, version)) != NULL)
				return cmdutil_bad_value("instrument show: --version", rule);
			break;
		case OPT_DSN:
			g->dsn = optarg;
			break;
		case OPT_HELP:
		case 'h':
			cmd_instrument_usage(stdout);
			return 0;
		default:
			cmd_instrument_usage(stderr);
			return EXIT_USAGE;
		}
	}
	return -1;
}

static int
instrument_list(int argc, char **argv, struct cli_global *g)
{
	static const struct output_column cols[] = {
		{ "key", OUTPUT_NAME },
		{ "version", OUTPUT_NUMBER },
		{ "items", OUTPUT_NUMBER },
		{ "languages", OUTPUT_NAME },
		{ "title", OUTPUT_TEXT },
		{ "events", OUTPUT_NUMBER },
		{ "created", OUTPUT_NAME },
	};
	enum output_format fmt = OUTPUT_TABLE;
	struct output *o;
	PGconn *conn;
	int rc;

	if ((rc = list_show_options(argc, argv, g, &fmt, NULL)) >= 0)
		return rc;
	if (optind < argc)
		return cli_usage_error(cmd_instrument_usage,
		    "instrument list: unexpected argument: %s", argv[optind]);
	conn = cli_connect(g);
	o = output_begin(stdout, fmt, cols, (int)(sizeof cols / sizeof cols[0]), 0);
	/* Definitions stored by other means than `instrument add` may lack
	 * parts: guard each jsonb function by the type it needs. */
	cmdutil_query_rows(conn, o,
	    "select i.key, i.version,\n"
	    "    case when jsonb_typeof(i.definition->'items') = 'array'\n"
	    "         then jsonb_array_length(i.definition->'items') end,\n"
	    "    case when jsonb_typeof(i.definition->'languages') = 'array'\n"
	    "         then (select string_agg(l, ',')\n"
	    "               from jsonb_array_elements_text(i.definition->'languages') l) end,\n"
	    "    coalesce(i.definition->'title'->>'en', i.definition->'title'->>'es'),\n"
	    "    (select count(*) from event e where e.instrument_id = i.id),\n"
	    "    to_char(i.created_at, 'YYYY-MM-DD')\n"
	    "from instrument i order by i.key, i.version", 0, NULL);
	rc = cmdutil_output_end(o);
	PQfinish(conn);
	return rc;
}

static int
instrument_show(int argc, char **argv, struct cli_global *g)
{
	long version = 0;
	char vbuf[16];
	const char *key, *rule, *params[2];
	PGconn *conn;
	PGresult *res;
	int rc;

	if ((rc = list_show_options(argc, argv, g, NULL, &version)) >= 0)
		return rc;
	if (optind >= argc)
		return cli_usage_error(cmd_instrument_usage, "instrument show: missing KEY");
	if (optind + 1 < argc)
		return cli_usage_error(cmd_instrument_usage,
		    "instrument show: unexpected argument: %s", argv[optind + 1]);
	key = argv[optind];
	if ((rule = cmdutil_check_key(key)) != NULL)
		return cmdutil_bad_value("instrument show: KEY", rule);
	snprintf(vbuf, sizeof vbuf, "%ld", version);
	params[0] = key;
	params[1] = version > 0 ? vbuf : NULL;
	conn = cli_connect(g);
	res = cli_exec(conn, "select jsonb_pretty(definition) from instrument\n"
	    "where key = $1 and ($2::integer is null or version = $2::integer)\n"
	    "order by version desc limit 1", 2, params, PGRES_TUPLES_OK);
	if (PQntuples(res) == 1) {
		printf("%s\n", PQgetvalue(res, 0, 0));
		rc = fflush(stdout) == 0 ? 0 : 1;
	} else if (version > 0) {
		log_error("instrument show: no version %ld of instrument \"%s\"", version, key);
		rc = 1;
	} else {
		log_error("instrument show: no instrument with key \"%s\"", key);
		rc = 1;
	}
	PQclear(res);
	PQfinish(conn);
	return rc;
}

int
cmd_instrument(int argc, char **argv, struct cli_global *g)
{
	static const struct cli_sub subs[] = {
		{ "add", instrument_add },
		{ "list", instrument_list },
		{ "show", instrument_show },
	};

	return cli_dispatch("instrument", subs, sizeof subs / sizeof subs[0],
	    cmd_instrument_usage, argc, argv, g);
}
