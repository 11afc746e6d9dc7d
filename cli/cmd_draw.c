/*
 * belong draw: the prize draw among an event's draw entries.  Winners are
 * picked with the operating system's CSPRNG (OpenSSL RAND_bytes), each
 * entry not yet drawn equally likely, and recorded in one transaction
 * with the event row locked, so two draws at once cannot pick the same
 * entry twice.
 */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <openssl/err.h>
#include <openssl/rand.h>

#include "cli.h"
#include "cmd_draw.h"
#include "cmdutil.h"
#include "log.h"
#include "output.h"
#include "xalloc.h"

#define DRAW_WINNERS_MAX 1000000

enum { OPT_WINNERS = 256, OPT_FORMAT, OPT_DSN, OPT_HELP };

void
cmd_draw_usage(FILE *out)
{
	fputs("usage: belong draw SLUG --winners N\n"
	    "       belong draw list SLUG [--format table|csv|json|markdown|latex]\n"
	    "       belong draw purge SLUG\n"
	    "\n"
	    "  draw   pick N winners at random among the event's entries not drawn\n"
	    "         before, record them and print their contacts, one a line\n"
	    "  list   the winners drawn so far\n"
	    "  purge  delete the event's draw entries (the winners stay recorded)\n"
	    "  --dsn DSN may follow any of them.  For an event whose slug is \"list\"\n"
	    "  or \"purge\", put the option first: belong draw --winners N purge\n", out);
}

/*
 * A number in [0, n), every value equally likely: 32 random bits, drawn
 * again while they fall in the 2^32 mod n lowest values, which would
 * otherwise make the smallest results likelier (modulo bias).
 */
static uint32_t
random_below(uint32_t n)
{
	uint32_t r, min = (uint32_t)-n % n;

	do {
		if (RAND_bytes((unsigned char *)&r, sizeof r) != 1)
			fatal("draw: no random numbers from the system: %s",
			    ERR_reason_error_string(ERR_get_error()));
	} while (r < min);
	return r % n;
}

/* A contact on one line of a terminal: control characters as '?'. */
static void
print_contact(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
		putchar(*p < 0x20 || *p == 0x7f ? '?' : *p);
	putchar('\n');
}

/* Options and exactly one SLUG (checked); -1 to go on, else exit status. */
static int
draw_options(int argc, char **argv, struct cli_global *g, const char *what,
    long *winners, enum output_format *fmt, const char **slug)
{
	static const struct option longopts[] = {
		{ "winners", required_argument, NULL, OPT_WINNERS },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "dsn", required_argument, NULL, OPT_DSN },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const char *rule;
	char where[40];
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_WINNERS:
			if (winners == NULL)
				return cli_usage_error(cmd_draw_usage,
				    "%s: --winners is not an option here", what);
			if ((rule = cmdutil_parse_long(optarg, 1, DRAW_WINNERS_MAX, winners)) != NULL)
				return cmdutil_bad_value("draw: --winners", rule);
			break;
		case OPT_FORMAT:
			if (fmt == NULL)
				return cli_usage_error(cmd_draw_usage,
				    "%s: --format is not an option here", what);
			if ((rc = cmdutil_format(optarg, fmt)) != 0)
				return rc;
			break;
		case OPT_DSN:
			g->dsn = optarg;
			break;
		case OPT_HELP:
		case 'h':
			cmd_draw_usage(stdout);
			return 0;
		default:
			cmd_draw_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return cli_usage_error(cmd_draw_usage, "%s: missing SLUG", what);
	if (optind + 1 < argc)
		return cli_usage_error(cmd_draw_usage, "%s: unexpected argument: %s", what,
		    argv[optind + 1]);
	*slug = argv[optind];
	snprintf(where, sizeof where, "%s: SLUG", what);
	if ((rule = cmdutil_check_slug(*slug)) != NULL)
		return cmdutil_bad_value(where, rule);
	if (winners != NULL && *winners == 0)
		return cli_usage_error(cmd_draw_usage, "%s: --winners N is required", what);
	return -1;
}

static void
exec_simple(PGconn *conn, const char *sql)
{
	PQclear(cli_exec(conn, sql, 0, NULL, PGRES_COMMAND_OK));
}

static int
draw_pick(int argc, char **argv, struct cli_global *g)
{
	const char *slug = NULL, *params[2];
	long want = 0;
	PGconn *conn;
	PGresult *ev, *cand;
	cJSON *winners;
	char *json;
	uint32_t n, k, *pick;
	int rc;

	if ((rc = draw_options(argc, argv, g, "draw", &want, NULL, &slug)) >= 0)
		return rc;
	conn = cli_connect(g);
	exec_simple(conn, "begin");
	/* The lock makes concurrent draws of one event take turns. */
	ev = cli_exec(conn, "select id, closes_at is null or closes_at > now(),\n"
	    "    draw_prize is not null\n"
	    "from event where slug = $1 for update", 1, &slug, PGRES_TUPLES_OK);
	if (PQntuples(ev) == 0) {
		log_error("draw: no event with slug \"%s\"", slug);
		PQclear(ev);
		PQfinish(conn);
		return 1;
	}

	params[0] = PQgetvalue(ev, 0, 0);
	cand = cli_exec(conn, "select contact from draw_entry d\n"
	    "where event_id = $1 and not exists (select 1 from draw_winner w\n"
	    "    where w.event_id = d.event_id and w.contact = d.contact)\n"
	    "order by contact", 1, params, PGRES_TUPLES_OK);
	n = (uint32_t)PQntuples(cand);
	/* Without a prize the form offers no draw, so there are no entries
	 * to begin with: say that, not "no entries left". */
	if (n == 0 && strcmp(PQgetvalue(ev, 0, 2), "t") != 0) {
		log_error("event %s has no prize draw (set one with event add --draw "
		    "PRIZE)", slug);
		rc = 1;
		goto done;
	}
	if (n == 0) {
		log_error("draw: no entries left to draw for event %s", slug);
		rc = 1;
		goto done;
	}
	k = (uint32_t)want < n ? (uint32_t)want : n;

	/* Partial Fisher-Yates: after step i, pick[0..i] is a uniform random
	 * choice of i + 1 entries, in a uniform random order. */
	pick = xmalloc(n * sizeof *pick);
	for (uint32_t i = 0; i < n; i++)
		pick[i] = i;
	for (uint32_t i = 0; i < k; i++) {
		uint32_t j = i + random_below(n - i), t = pick[i];

		pick[i] = pick[j];
		pick[j] = t;
	}
	/* All winners in one statement, as a JSON array of contacts. */
	winners = cJSON_CreateArray();
	for (uint32_t i = 0; winners != NULL && i < k; i++)
		if (!cJSON_AddItemToArray(winners,
		    cJSON_CreateString(PQgetvalue(cand, (int)pick[i], 0))))
			fatal("out of memory");
	if (winners == NULL || (json = cJSON_PrintUnformatted(winners)) == NULL)
		fatal("out of memory");
	params[1] = json;
	PQclear(cli_exec(conn, "insert into draw_winner (event_id, contact)\n"
	    "select $1, jsonb_array_elements_text($2::jsonb)", 2, params,
	    PGRES_COMMAND_OK));
	cJSON_free(json);
	cJSON_Delete(winners);
	exec_simple(conn, "commit");
	for (uint32_t i = 0; i < k; i++)
		print_contact(PQgetvalue(cand, (int)pick[i], 0));
	free(pick);
	if (k < (uint32_t)want)
		log_warn("draw: only %u entr%s left for event %s: drew %s", n,
		    n == 1 ? "y was" : "ies were", slug, n == 1 ? "it" : "them all");
	if (strcmp(PQgetvalue(ev, 0, 1), "t") == 0)
		log_warn("draw: event %s is still open; later entries can win a later draw",
		    slug);
	rc = fflush(stdout) == 0 ? 0 : 1;
done:
	PQclear(cand);
	PQclear(ev);
	PQfinish(conn);
	return rc;
}

static int
draw_list(int argc, char **argv, struct cli_global *g)
{
	static const struct output_column cols[] = {
		{ "contact", OUTPUT_NAME },
		{ "drawn_at", OUTPUT_NAME },
	};
	enum output_format fmt = OUTPUT_TABLE;
	const char *slug = NULL;
	struct output *o;
	PGconn *conn;
	int rc;

	if ((rc = draw_options(argc, argv, g, "draw list", NULL, &fmt, &slug)) >= 0)
		return rc;
	conn = cli_connect(g);
	if (cmdutil_event_id(conn, slug) < 0) {
		log_error("draw list: no event with slug \"%s\"", slug);
		PQfinish(conn);
		return 1;
	}
	o = output_begin(stdout, fmt, cols, 2, 0);
	cmdutil_query_rows(conn, o,
	    "select w.contact, to_char(w.drawn_at, 'YYYY-MM-DD HH24:MI:SSOF')\n"
	    "from draw_winner w join event e on e.id = w.event_id\n"
	    "where e.slug = $1 order by w.drawn_at, w.contact", 1, &slug);
	rc = cmdutil_output_end(o);
	PQfinish(conn);
	return rc;
}

static int
draw_purge(int argc, char **argv, struct cli_global *g)
{
	const char *slug = NULL, *params[1];
	char id[24];
	long event;
	PGconn *conn;
	PGresult *res;
	int rc;

	if ((rc = draw_options(argc, argv, g, "draw purge", NULL, NULL, &slug)) >= 0)
		return rc;
	conn = cli_connect(g);
	if ((event = cmdutil_event_id(conn, slug)) < 0) {
		log_error("draw purge: no event with slug \"%s\"", slug);
		PQfinish(conn);
		return 1;
	}
	snprintf(id, sizeof id, "%ld", event);
	params[0] = id;
	res = cli_exec(conn, "delete from draw_entry where event_id = $1", 1, params,
	    PGRES_COMMAND_OK);
	printf("deleted %s draw entr%s of event %s\n", PQcmdTuples(res),
	    strcmp(PQcmdTuples(res), "1") == 0 ? "y" : "ies", slug);
	PQclear(res);
	PQfinish(conn);
	return 0;
}

int
cmd_draw(int argc, char **argv, struct cli_global *g)
{
	if (argc < 2)
		return cli_usage_error(cmd_draw_usage, "draw: missing SLUG or subcommand");
	if (strcmp(argv[1], "list") == 0)
		return draw_list(argc - 1, argv + 1, g);
	if (strcmp(argv[1], "purge") == 0)
		return draw_purge(argc - 1, argv + 1, g);
	return draw_pick(argc, argv, g);
}
