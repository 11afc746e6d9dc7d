#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "log.h"
#include "pgconn.h"

PGconn *
cli_connect(const struct cli_global *g)
{
	char *err = NULL;
	PGconn *conn = pgconn_connect(pgconn_dsn(g->dsn), &err);

	if (conn == NULL)
		fatal("cannot connect to database: %s", err);
	PQclear(PQexec(conn, "set client_min_messages = warning"));
	return conn;
}

int
cli_dispatch(const char *group, const struct cli_sub *subs, size_t nsubs,
    void (*usage)(FILE *), int argc, char **argv, struct cli_global *g)
{
	if (argc < 2)
		return cli_usage_error(usage, "%s: missing subcommand", group);
	for (size_t i = 0; i < nsubs; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(argc - 1, argv + 1, g);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	return cli_usage_error(usage, "%s: unknown subcommand: %s", group, argv[1]);
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
