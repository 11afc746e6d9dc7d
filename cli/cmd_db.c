#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_db.h"
#include "log.h"
#include "migrate.h"
#include "xalloc.h"

void
cmd_db_usage(FILE *out)
{
	fputs("usage: belong db migrate [--dsn DSN]\n"
	    "       belong db status [--dsn DSN]\n"
	    "       belong db grant ROLE [--dsn DSN]\n"
	    "\n"
	    "  migrate  apply the pending schema migrations, each in its own transaction\n"
	    "  status   list applied and pending migrations\n"
	    "  grant    give ROLE exactly the privileges belongd needs, so that\n"
	    "           belongd can run as a role that cannot read the answers\n", out);
}

static void
cmd_db_applied(const struct migration *m)
{
	printf("applied %s\n", m->name);
}

static int
cmd_db_migrate(PGconn *conn)
{
	char *err = NULL;
	int n = migrate_apply(conn, cmd_db_applied, &err);

	if (n < 0) {
		log_error("migrate: %s", err);
		free(err);
		return 1;
	}
	if (n == 0)
		printf("database is up to date\n");
	return 0;
}

static int
cmd_db_status(PGconn *conn)
{
	static const char *const names[] = {
		[MIGRATION_PENDING] = "pending",
		[MIGRATION_APPLIED] = "applied",
		[MIGRATION_CHANGED] = "CHANGED",
		[MIGRATION_UNKNOWN] = "unknown",
	};
	struct migration_status *st;
	char *err = NULL;
	int n, pending = 0, bad = 0;

	n = migrate_status(conn, &st, &err);
	if (n < 0) {
		log_error("status: %s", err);
		free(err);
		return 1;
	}
	printf("%-8s  %-8s  %-19s  %s\n", "version", "state", "applied at (UTC)",
	    "file");
	for (int i = 0; i < n; i++) {
		printf("%-8d  %-8s  %-19s  %s\n", st[i].version,
		    names[st[i].state], st[i].applied_at,
		    st[i].name != NULL ? st[i].name : "(not in this belong)");
		pending += st[i].state == MIGRATION_PENDING;
		bad += st[i].state == MIGRATION_CHANGED;
	}
	printf("%d pending\n", pending);
	if (bad > 0)
		log_error("%d applied migration(s) changed since they were applied", bad);
	free(st);
	return bad > 0 ? 1 : 0;
}

/*
 * Parse the options of a db subcommand (argv from the subcommand's name);
 * want_arg: it takes one argument, returned in *arg.  Returns -1 to go on,
 * or the exit status.
 */
static int
cmd_db_options(int argc, char **argv, struct cli_global *g, bool want_arg,
    const char **arg)
{
	static const struct option longopts[] = {
		{ "dsn", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sub = argv[0];
	int c;

	/* optind = 0 resets GNU getopt, so options may follow arguments. */
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			g->dsn = optarg;
			break;
		case 'h':
			cmd_db_usage(stdout);
			return 0;
		default:
			cmd_db_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (want_arg) {
		if (optind >= argc)
			return cli_usage_error(cmd_db_usage, "db %s: missing argument", sub);
		*arg = argv[optind++];
	}
	if (optind < argc)
		return cli_usage_error(cmd_db_usage, "db %s: unexpected argument: %s",
		    sub, argv[optind]);
	return -1;
}

static int
db_migrate(int argc, char **argv, struct cli_global *g)
{
	PGconn *conn;
	int rc = cmd_db_options(argc, argv, g, false, NULL);

	if (rc >= 0)
		return rc;
	conn = cli_connect_unchecked(g);
	rc = cmd_db_migrate(conn);
	PQfinish(conn);
	return rc;
}

static int
db_status(int argc, char **argv, struct cli_global *g)
{
	PGconn *conn;
	int rc = cmd_db_options(argc, argv, g, false, NULL);

	if (rc >= 0)
		return rc;
	conn = cli_connect_unchecked(g);
	rc = cmd_db_status(conn);
	PQfinish(conn);
	return rc;
}

/*
 * What belongd needs and nothing more (DESIGN.md: it inserts responses and
 * board items, reads events, instruments and board members).  It cannot
 * read answers, comments, draw entries or benchmarks; of responses it sees
 * only the key its INSERT ... RETURNING reports; of programs, whether
 * an event asks the matching code; the codes' hashes it only inserts.
 * Each is followed by the quoted role.
 */
static const char *const db_grants[] = {
	"grant usage on schema public to ",
	"grant select on event, instrument, board_member to ",
	"grant insert, select (event_id, id) on response to ",
	"grant insert on answer, answer_text, draw_entry to ",
	"grant select (id, design) on program to ",
	"grant insert on response_code to ",
	"grant select, insert, delete on board_session to ",
	"grant select, insert on board_item, board_item_event to ",
	"grant usage on sequence board_item_id_seq, board_item_event_id_seq to ",
};

static int
db_grant(int argc, char **argv, struct cli_global *g)
{
	const char *role = NULL;
	PGconn *conn;
	char *quoted, *sql;
	int rc = cmd_db_options(argc, argv, g, true, &role);

	if (rc >= 0)
		return rc;
	conn = cli_connect_unchecked(g);
	quoted = PQescapeIdentifier(conn, role, strlen(role));
	if (quoted == NULL)
		fatal("db grant: %s", PQerrorMessage(conn));
	PQclear(cli_exec(conn, "begin", 0, NULL, PGRES_COMMAND_OK));
	for (size_t i = 0; i < sizeof db_grants / sizeof db_grants[0]; i++) {
		sql = xasprintf("%s%s", db_grants[i], quoted);
		PQclear(cli_exec(conn, sql, 0, NULL, PGRES_COMMAND_OK));
		free(sql);
	}
	PQclear(cli_exec(conn, "commit", 0, NULL, PGRES_COMMAND_OK));
	printf("granted belongd's privileges to %s\n", role);
	PQfreemem(quoted);
	PQfinish(conn);
	return 0;
}

int
cmd_db(int argc, char **argv, struct cli_global *g)
{
	static const struct cli_sub subs[] = {
		{ "migrate", db_migrate },
		{ "status", db_status },
		{ "grant", db_grant },
	};

	return cli_dispatch("db", subs, sizeof subs / sizeof subs[0],
	    cmd_db_usage, argc, argv, g);
}
