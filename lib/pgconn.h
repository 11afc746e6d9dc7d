#ifndef BELONG_PGCONN_H
#define BELONG_PGCONN_H

#include <libpq-fe.h>

/*
 * The connection string both programs use: the explicit one (--dsn) if
 * given, else $BELONG_DSN, else "" so that libpq reads its usual PG*
 * variables.  The result is not owned by the caller.
 */
const char *pgconn_dsn(const char *explicit_dsn);

/*
 * Connect (blocking: for the CLI only).  Returns a connection or NULL with
 * *err set to libpq's message on one line; the caller frees *err.
 */
PGconn *pgconn_connect(const char *dsn, char **err);

/* libpq's error text on one line, without the trailing newline; caller frees. */
char *pgconn_error(const char *msg);

#endif
