#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "migrate.h"
#include "pgconn.h"
#include "xalloc.h"

/* Any number, as long as it is the same for every belong: it keeps two
 * `belong db migrate` runs from applying the same file at once. */
#define MIGRATE_LOCK_KEY 0x62656c6f6e67LL

struct applied_row {
	int version;
	char checksum[65];
	char applied_at[40];
};

void
migrate_checksum(const char *sql, char *buf)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	EVP_Digest(sql, strlen(sql), md, &len, EVP_sha256(), NULL);
	for (unsigned int i = 0; i < len; i++)
		snprintf(buf + 2 * i, 3, "%02x", md[i]);
	buf[2 * len] = '\0';
}

static int
migrate_exec(PGconn *conn, const char *sql, char **err)
{
	PGresult *res = PQexec(conn, sql);
	ExecStatusType st = PQresultStatus(res);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		*err = pgconn_error(PQresultErrorMessage(res));
		PQclear(res);
		return -1;
	}
	PQclear(res);
	return 0;
}

/* Read schema_migrations (absent: nothing applied).  Caller frees *rows. */
static int
migrate_read_applied(PGconn *conn, struct applied_row **rows, char **err)
{
	PGresult *res;
	int n;

	*rows = NULL;
	res = PQexec(conn, "select to_regclass('schema_migrations') is not null");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		*err = pgconn_error(PQresultErrorMessage(res));
		PQclear(res);
		return -1;
	}
	if (strcmp(PQgetvalue(res, 0, 0), "t") != 0) {
		PQclear(res);
		return 0;
	}
	PQclear(res);
	res = PQexec(conn, "select version, checksum, "
	    "to_char(applied_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') "
	    "from schema_migrations order by version");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		*err = pgconn_error(PQresultErrorMessage(res));
		PQclear(res);
		return -1;
	}
	n = PQntuples(res);
	*rows = xcalloc((size_t)n, sizeof **rows);
	for (int i = 0; i < n; i++) {
		(*rows)[i].version = atoi(PQgetvalue(res, i, 0));
		snprintf((*rows)[i].checksum, sizeof (*rows)[i].checksum, "%s",
		    PQgetvalue(res, i, 1));
		snprintf((*rows)[i].applied_at, sizeof (*rows)[i].applied_at, "%s",
		    PQgetvalue(res, i, 2));
	}
	PQclear(res);
	return n;
}

static const struct applied_row *
migrate_find_applied(const struct applied_row *rows, int n, int version)
{
	for (int i = 0; i < n; i++)
		if (rows[i].version == version)
			return &rows[i];
	return NULL;
}

static const struct migration *
migrate_find_builtin(int version)
{
	for (const struct migration *m = migrations; m->version != 0; m++)
		if (m->version == version)
			return m;
	return NULL;
}

int
migrate_status(PGconn *conn, struct migration_status **out, char **err)
{
	struct applied_row *rows;
	struct migration_status *st;
	int napplied, nbuiltin = 0, n = 0;
	char sum[65];

	napplied = migrate_read_applied(conn, &rows, err);
	if (napplied < 0)
		return -1;
	for (const struct migration *m = migrations; m->version != 0; m++)
		nbuiltin++;
	st = xcalloc((size_t)(nbuiltin + napplied), sizeof *st);
	for (const struct migration *m = migrations; m->version != 0; m++) {
		const struct applied_row *a =
		    migrate_find_applied(rows, napplied, m->version);

		st[n].version = m->version;
		st[n].name = m->name;
		st[n].state = MIGRATION_PENDING;
		if (a != NULL) {
			migrate_checksum(m->sql, sum);
			st[n].state = strcmp(sum, a->checksum) == 0 ?
			    MIGRATION_APPLIED : MIGRATION_CHANGED;
			snprintf(st[n].applied_at, sizeof st[n].applied_at, "%s",
			    a->applied_at);
		}
		n++;
	}
	for (int i = 0; i < napplied; i++) {
		if (migrate_find_builtin(rows[i].version) != NULL)
			continue;
		st[n].version = rows[i].version;
		st[n].state = MIGRATION_UNKNOWN;
		snprintf(st[n].applied_at, sizeof st[n].applied_at, "%s",
		    rows[i].applied_at);
		n++;
	}
	free(rows);
	*out = st;
	return n;
}

int
migrate_count_applied(PGconn *conn, int *applied, int *builtin, char **err)
{
	PGresult *res;
	char *versions, *p;
	const char *param;
	int n = 0;

	res = PQexec(conn, "select to_regclass('schema_migrations') is not null");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		*err = pgconn_error(PQresultErrorMessage(res));
		PQclear(res);
		return -1;
	}
	for (const struct migration *m = migrations; m->version != 0; m++)
		n++;
	*builtin = n;
	if (strcmp(PQgetvalue(res, 0, 0), "t") != 0) {
		PQclear(res);
		*applied = -1;
		return 0;
	}
	PQclear(res);
	/* The built-in versions as an array literal, "{1,2,3}". */
	p = versions = xmalloc((size_t)n * 12 + 3);
	*p++ = '{';
	for (const struct migration *m = migrations; m->version != 0; m++)
		p += sprintf(p, "%s%d", m == migrations ? "" : ",", m->version);
	strcpy(p, "}");
	param = versions;
	res = PQexecParams(conn, "select count(*) from schema_migrations "
	    "where version = any($1::integer[])", 1, NULL, &param, NULL, NULL, 0);
	free(versions);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		*err = pgconn_error(PQresultErrorMessage(res));
		PQclear(res);
		return -1;
	}
	*applied = (int)strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}

static int
migrate_apply_one(PGconn *conn, const struct migration *m, char **err)
{
	char sum[65], version[16];
	const char *params[3];
	PGresult *res;
	char *why;

	if (migrate_exec(conn, "begin", err) != 0)
		return -1;
	if (migrate_exec(conn, m->sql, &why) != 0) {
		*err = xasprintf("%s: %s", m->name, why);
		free(why);
		goto fail;
	}
	migrate_checksum(m->sql, sum);
	snprintf(version, sizeof version, "%d", m->version);
	params[0] = version;
	params[1] = m->name;
	params[2] = sum;
	res = PQexecParams(conn, "insert into schema_migrations "
	    "(version, name, checksum) values ($1, $2, $3)",
	    3, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		*err = pgconn_error(PQresultErrorMessage(res));
		PQclear(res);
		goto fail;
	}
	PQclear(res);
	return migrate_exec(conn, "commit", err);
fail:
	PQclear(PQexec(conn, "rollback"));
	return -1;
}

int
migrate_apply(PGconn *conn, void (*applied)(const struct migration *),
    char **err)
{
	struct migration_status *st = NULL;
	int n, count = 0, rc = -1;
	char lock[64];

	snprintf(lock, sizeof lock, "select pg_advisory_lock(%lld)",
	    MIGRATE_LOCK_KEY);
	if (migrate_exec(conn, "set client_min_messages = warning", err) != 0 ||
	    migrate_exec(conn, lock, err) != 0)
		return -1;
	if (migrate_exec(conn, "create table if not exists schema_migrations ("
	    "version integer primary key, "
	    "name text not null, "
	    "checksum text not null, "
	    "applied_at timestamptz not null default now())", err) != 0)
		goto out;
	n = migrate_status(conn, &st, err);
	if (n < 0)
		goto out;
	for (int i = 0; i < n; i++) {
		if (st[i].state == MIGRATION_CHANGED) {
			*err = xasprintf("migration %s was changed after it was "
			    "applied (checksum differs); refusing to migrate. "
			    "Put changes in a new numbered file instead.",
			    st[i].name);
			goto out;
		}
	}
	for (int i = 0; i < n; i++) {
		const struct migration *m;

		if (st[i].state != MIGRATION_PENDING)
			continue;
		m = migrate_find_builtin(st[i].version);
		if (migrate_apply_one(conn, m, err) != 0)
			goto out;
		count++;
		if (applied != NULL)
			applied(m);
	}
	rc = count;
out:
	free(st);
	snprintf(lock, sizeof lock, "select pg_advisory_unlock(%lld)",
	    MIGRATE_LOCK_KEY);
	PQclear(PQexec(conn, lock));
	return rc;
}
