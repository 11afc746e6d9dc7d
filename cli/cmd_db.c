#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_db.h"
#include "log.h"
#include "migrate.h"

void
cmd_db_usage(FILE *out)
{
	fputs("usage: belong db migrate [--dsn DSN]\n"
	    "       belong db status [--dsn DSN]\n"
	    "\n"
	    "  migrate  apply the pending schema migrations, each in its own transaction\n"
	    "  status   list applied and pending migrations\n", out);
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

int
cmd_db(int argc, char **argv, struct cli_global *g)
{
	static const struct option longopts[] = {
		{ "dsn", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sub;
	PGconn *conn;
	int c, rc;

	if (argc < 2)
		return cli_usage_error(cmd_db_usage, "db: missing subcommand");
	sub = argv[1];
	if (strcmp(sub, "migrate") != 0 && strcmp(sub, "status") != 0) {
		if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
			cmd_db_usage(stdout);
			return 0;
		}
		return cli_usage_error(cmd_db_usage, "db: unknown subcommand: %s", sub);
	}
	/* Options may follow the subcommand: parse argv from it, and reset
	 * getopt (optind = 0) so that GNU getopt permutes again. */
	argc--;
	argv++;
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
	if (optind < argc)
		return cli_usage_error(cmd_db_usage, "db %s: unexpected argument: %s",
		    sub, argv[optind]);
	conn = cli_connect(g);
	rc = strcmp(sub, "migrate") == 0 ? cmd_db_migrate(conn) : cmd_db_status(conn);
	PQfinish(conn);
	return rc;
}
