#ifndef BELONG_MIGRATE_H
#define BELONG_MIGRATE_H

#include <libpq-fe.h>
#include <stdbool.h>

/* One numbered file of sql/, compiled into the program. */
struct migration {
	int version;
	const char *name;	/* file name, e.g. "001_init.sql" */
	const char *sql;
};

/* The migrations built in, in order, ending with a zero version. */
extern const struct migration migrations[];

enum migration_state {
	MIGRATION_PENDING,
	MIGRATION_APPLIED,
	MIGRATION_CHANGED,	/* applied, but the file's checksum differs now */
	MIGRATION_UNKNOWN,	/* recorded in the database, not built in */
};

struct migration_status {
	int version;
	const char *name;	/* NULL for MIGRATION_UNKNOWN */
	enum migration_state state;
	char applied_at[40];	/* empty unless applied */
};

/* Hex SHA-256 of a migration's text; buf has room for 65 bytes. */
void migrate_checksum(const char *sql, char *buf);

/*
 * The state of every migration, built in or recorded.  Returns the number
 * of entries (in *out, which the caller frees) or -1 with *err set.
 */
int migrate_status(PGconn *conn, struct migration_status **out, char **err)
	__attribute__((warn_unused_result));

/*
 * How far the database is: *applied is how many of the built-in
 * migrations it has recorded (-1 if it has no schema_migrations table at
 * all), *builtin how many there are.  One query when the table is
 * missing, two when it is there.  Returns 0, or -1 with *err set.
 */
int migrate_count_applied(PGconn *conn, int *applied, int *builtin, char **err)
	__attribute__((warn_unused_result));

/*
 * Apply pending migrations in order, each in its own transaction, calling
 * applied() after each.  Refuses (without applying anything) if an applied
 * migration's checksum changed.  Returns the number applied or -1.
 */
int migrate_apply(PGconn *conn, void (*applied)(const struct migration *),
    char **err) __attribute__((warn_unused_result));

#endif
