#ifndef BELONG_CLI_H
#define BELONG_CLI_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdio.h>

/* Exit statuses of belong, as documented in belong(1). */
#define EXIT_USAGE 2

/* What every subcommand may be given, whichever side of it. */
struct cli_global {
	const char *dsn;	/* --dsn, or NULL */
};

/* A subcommand group: `belong NAME ...`. */
struct cli_command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv, struct cli_global *g);
	void (*usage)(FILE *out);
};

/* A subcommand of a group: `belong GROUP NAME ...`. */
struct cli_sub {
	const char *name;
	int (*run)(int argc, char **argv, struct cli_global *g);
};

/*
 * Run the subcommand argv[1] of group with argv from it; --help prints
 * usage; a missing or unknown subcommand is a usage error (exit 2), an
 * unknown one with the nearest subcommand's name (cli_unknown).
 */
int cli_dispatch(const char *group, const struct cli_sub *subs, size_t nsubs,
    void (*usage)(FILE *), int argc, char **argv, struct cli_global *g);

/*
 * Connect or exit 1 with "belong: cannot connect to database: ...".  Also
 * exits 1, saying to run `belong db migrate`, when the database lacks a
 * migration built into this belong.
 */
PGconn *cli_connect(const struct cli_global *g);

/* cli_connect without the schema check: for `belong db`, which is how the
 * schema gets set up. */
PGconn *cli_connect_unchecked(const struct cli_global *g);

/*
 * An unknown command (group NULL) or subcommand of group: one line naming
 * it and the nearest known name if there is one, one line saying where the
 * list is, on stderr.  Returns EXIT_USAGE.
 */
int cli_unknown(const char *group, const char *word, const char *nearest);

/* Print "belong: MSG" and the usage hint to stderr; returns EXIT_USAGE. */
int cli_usage_error(void (*usage)(FILE *), const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Run a query with parameters or exit 1 with the server's message. */
PGresult *cli_exec(PGconn *conn, const char *sql, int nparams,
    const char *const *params, ExecStatusType want);

#endif
