#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmdutil.h"
#include "log.h"
#include "migrate.h"
#include "pgconn.h"
#include "suggest.h"

PGconn *
cli_connect_unchecked(const struct cli_global *g)
{
	char *err = NULL;
	PGconn *conn = pgconn_connect(pgconn_dsn(g->dsn), &err);

	if (conn == NULL)
		fatal("cannot connect to database: %s", err);
	PQclear(PQexec(conn, "set client_min_messages = warning"));
	return conn;
}

/*
 * Once per command, so that a database belong has not set up, or set up by
 * an older belong, gets the one line that says what to do instead of the
 * first query's "relation ... does not exist".  When the check itself
 * cannot run (a role without SELECT on schema_migrations) the command goes
 * on and its own queries say what they lack.
 */
PGconn *
cli_connect(const struct cli_global *g)
{
	PGconn *conn = cli_connect_unchecked(g);
	int applied, builtin;
	char *err = NULL;

	if (migrate_count_applied(conn, &applied, &builtin, &err) != 0) {
		free(err);
		return conn;
	}
	if (applied <= 0) {
		PQfinish(conn);
		fatal("the database schema is not set up (run belong db migrate)");
	}
	if (applied < builtin) {
		PQfinish(conn);
		fatal("the database schema is older than this belong: %d of %d "
		    "migrations applied (run belong db migrate)", applied, builtin);
	}
	return conn;
}

int
cli_unknown(const char *group, const char *word, const char *nearest)
{
	char *shown = cmdutil_show(word);
	/* cmdutil_show's double quotes become the message's single ones. */
	int len = (int)strlen(shown) - 2;

	if (group == NULL)
		fprintf(stderr, "belong: unknown command '%.*s'", len, shown + 1);
	else
		fprintf(stderr, "belong: %s: unknown subcommand '%.*s'", group, len,
		    shown + 1);
	if (nearest != NULL)
		fprintf(stderr, " (did you mean '%s'?)", nearest);
	fputc('\n', stderr);
	if (group == NULL)
		fputs("Run 'belong help' for the list of commands.\n", stderr);
	else
		fprintf(stderr, "Run 'belong help %s' for its usage.\n", group);
	free(shown);
	return EXIT_USAGE;
}

int
cli_dispatch(const char *group, const struct cli_sub *subs, size_t nsubs,
    void (*usage)(FILE *), int argc, char **argv, struct cli_global *g)
{
	struct suggest s;

	if (argc < 2)
		return cli_usage_error(usage, "%s: missing subcommand", group);
	for (size_t i = 0; i < nsubs; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(argc - 1, argv + 1, g);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	/* An option where the subcommand should be: the whole usage helps. */
	if (argv[1][0] == '-')
		return cli_usage_error(usage, "%s: unknown subcommand: %s", group,
		    argv[1]);
	suggest_init(&s, argv[1]);
	for (size_t i = 0; i < nsubs; i++)
		suggest_add(&s, subs[i].name);
	return cli_unknown(group, argv[1], suggest_result(&s));
}

int
cli_usage_error(void (*usage)(FILE *), const char *fmt, ...)
{
	va_list ap;

	fputs("belong: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	usage(stderr);
	return EXIT_USAGE;
}

PGresult *
cli_exec(PGconn *conn, const char *sql, int nparams, const char *const *params,
    ExecStatusType want)
{
	PGresult *res = PQexecParams(conn, sql, nparams, NULL, params, NULL,
	    NULL, 0);

	if (PQresultStatus(res) != want) {
		char *msg = pgconn_error(PQresultErrorMessage(res));

		fatal("database error: %s", msg);
	}
	return res;
}
