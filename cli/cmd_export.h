#ifndef BELONG_CMD_EXPORT_H
#define BELONG_CMD_EXPORT_H

#include <stdio.h>

#include <libpq-fe.h>

#include "cli.h"

/* belong export responses [filters] [--include-text] [--codebook FILE],
 * belong export program SLUG (export_program.c) */
int cmd_export(int argc, char **argv, struct cli_global *g);
void cmd_export_usage(FILE *out);

/* What export program (export_program.c) shares with export responses,
 * so both follow the same rules. */
struct item;
struct output;
struct rq;

#define CMD_EXPORT_CELL_MAX 1024

/* The item's value from "item=value,item=value" (the answers of a
 * response): a number, an option's code, or codes joined with ';'
 * (multi); "" when not answered.  buf holds CMD_EXPORT_CELL_MAX bytes. */
void cmd_export_item_value(const struct item *it, const char *answers, char *buf);

/*
 * What the reports suppress over q's selection: the groups
 * ("dimension=code") and the events (slugs), as PostgreSQL text[]
 * literals the caller frees.
 */
void cmd_export_suppressed(struct rq *q, char **groups, char **events);

/*
 * Streams the rows of sql (single-row mode, so memory stays flat): each is
 * made into ncols cells by make_row(arg, res, cells, bufs), bufs holding
 * CMD_EXPORT_CELL_MAX bytes a cell, and written to w.  Returns the number
 * of rows.  Exits 1 on a database error.
 */
typedef void cmd_export_row_fn(void *arg, PGresult *res, const char **cells,
    char (*bufs)[CMD_EXPORT_CELL_MAX]);
long cmd_export_stream(PGconn *conn, const char *sql, int nparams,
    const char *const *params, int ncols, cmd_export_row_fn *make_row, void *arg,
    struct output *w);

/* The groups a response r is in, as "dimension=code" (race: each code
 * chosen, two_or_more, or not_answered), to match the suppressed ones. */
#define CMD_EXPORT_GROUPS_OF_R \
	"array['role=' || coalesce(r.role, 'not_answered')," \
	" 'grade=' || coalesce(r.grade, 'not_answered')," \
	" 'gender=' || coalesce(r.gender, 'not_answered')," \
	" 'disability=' || coalesce(r.disability, 'not_answered')," \
	" 'firstgen=' || coalesce(r.firstgen, 'not_answered')," \
	" 'language=' || coalesce(r.language, 'not_answered')]" \
	" || array(select 'race=' || g from unnest(coalesce(r.race, '{not_answered}')" \
	" || case when cardinality(array_remove(r.race, 'prefer_not')) >= 2" \
	" then '{two_or_more}'::text[] else '{}'::text[] end) g)"

#endif
