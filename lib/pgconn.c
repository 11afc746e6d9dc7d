#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pgconn.h"
#include "xalloc.h"

const char *
pgconn_dsn(const char *explicit_dsn)
{
	const char *env;

	if (explicit_dsn != NULL)
		return explicit_dsn;
	env = getenv("BELONG_DSN");
	return env != NULL ? env : "";
}

char *
pgconn_error(const char *msg)
{
	char *s = xstrdup(msg != NULL && *msg != '\0' ? msg : "unknown error");
	size_t len;

	/* libpq messages may span lines ("connection to server ... failed:\n
	 * No such file"); an error line for a human should not. */
	for (char *p = s; *p != '\0'; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	len = strlen(s);
	while (len > 0 && s[len - 1] == ' ')
		s[--len] = '\0';
	return s;
}

PGconn *
pgconn_connect(const char *dsn, char **err)
{
	PGconn *conn = PQconnectdb(dsn);

	if (conn == NULL) {
		*err = xstrdup("out of memory");
		return NULL;
	}
	if (PQstatus(conn) != CONNECTION_OK) {
		*err = pgconn_error(PQerrorMessage(conn));
		PQfinish(conn);
		return NULL;
	}
	return conn;
}
