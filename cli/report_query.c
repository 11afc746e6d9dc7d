/*
 * The report queries and the rollup they read (report_query.h,
 * sql/003_rollup.sql, sql/004_rollup_month.sql).  Every aggregate is one UNION ALL of the rollup's
 * cells before `through` and the responses from `through` on, so a stale
 * or missing rollup makes a report slower, never wrong.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "log.h"
#include "pgconn.h"
#include "report_query.h"
#include "xalloc.h"

/* Filters of the rollup's cells c and of responses r: $1 event ids, $2
 * from, $3 to (both included), $4 role, $5 through. */
#define FILTER_C \
	"($1::int[] is null or c.event_id = any ($1::int[]))" \
	" and ($2::date is null or c.day >= $2::date)" \
	" and ($3::date is null or c.day <= $3::date)" \
	" and ($4::text is null or c.role = $4::text)" \
	" and c.day < $5::date"
/* The period ($6: week, month, quarter, year or null) of a day or time. */
#define PERIOD(x) \
	"coalesce(to_char(date_trunc($6::text, " x "), 'YYYY-MM-DD'), '')"

/* The likert and 0-10 items of every instrument: what the rollup counts. */
#define ROLLUP_ITEMS \
	"(select it->>'id' from instrument i," \
	" jsonb_array_elements(i.definition->'items') it" \
	" where it->>'type' in ('likert5', 'scale0_10'))"

/* The columns the rollup's groups are computed from (role twice: as the
 * filter, and as itself for the role dimension). */
#define FINE_KEYS \
	"r.event_id, r.submitted_at::date as day," \
	" coalesce(r.role, 'not_answered') as role_k, r.role, r.grade," \
	" r.gender, r.race, r.disability, r.firstgen, r.language"

/* Run sql; a read-only server gives false (the caller skips the rollup),
 * any other error exits. */
static bool
exec_rw(PGconn *conn, const char *sql, int nparams, const char *const *params)
{
	PGresult *res = PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(res);
	const char *state;

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		PQclear(res);
		return true;
	}
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	if (state != NULL && strcmp(state, "25006") == 0) {
		PQclear(res);
		PQclear(PQexec(conn, "rollback"));
		return false;
	}
	fatal("database error: %s", pgconn_error(PQresultErrorMessage(res)));
}

/*
 * One INSERT ... SELECT per table: the responses of [from, to) are first
 * grouped by every column a dimension uses (far fewer rows than
 * responses), then each dimension's groups are summed from those.
 * events: only these (an int[] literal), or NULL for all.
 */
static void
rollup_build(PGconn *conn, const char *from, const char *to, const char *events)
{
	const char *params[] = { from, to, events };
	char *sql[2], *part;
	const struct rdim *d;

	sql[0] = xasprintf("with r as materialized (select " FINE_KEYS ","
	    " count(*) as n, count(r.belonging) as idx_n,"
	    " coalesce(sum(r.belonging::float8), 0) as s,"
	    " coalesce(sum(r.belonging::float8 * r.belonging::float8), 0) as ss"
	    " from response r"
	    " where r.submitted_at >= $1::date and r.submitted_at < $2::date"
	    " and ($3::int[] is null or r.event_id = any ($3::int[]))"
	    " group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)"
	    " insert into report_cell (event_id, day, role, dim, grp, n, idx_n,"
	    " idx_sum, idx_sumsq)");
	sql[1] = xasprintf("with r as materialized (select " FINE_KEYS ", a.item,"
	    " count(*) as n, count(*) filter (where a.value >= 4) as ge4,"
	    " count(*) filter (where a.value >= 9) as ge9,"
	    " count(*) filter (where a.value <= 6) as le6"
	    " from response r join answer a on a.event_id = r.event_id"
	    " and a.response_id = r.id"
	    " where r.submitted_at >= $1::date and r.submitted_at < $2::date"
	    " and ($3::int[] is null or r.event_id = any ($3::int[]))"
	    /* said of a too, so that only those events' answers are read */
	    " and ($3::int[] is null or a.event_id = any ($3::int[]))"
	    " and a.item in " ROLLUP_ITEMS
	    " group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)"
	    " insert into report_cell_item (event_id, day, role, dim, grp, item,"
	    " n, n_ge4, n_ge9, n_le6)");
	for (int i = -1; i < ropts_nabout_dims; i++) {
		d = i < 0 ? &ropts_total : &ropts_about_dims[i];
		for (int t = 0; t < 2; t++) {
			part = xasprintf("%s%s select r.event_id, r.day, r.role_k,"
			    " '%s', %s,%s sum(r.n), %s from r%s group by 1, 2, 3, 4, 5%s",
			    sql[t], i < 0 ? "" : " union all", d->cell_dim, d->raw_grp,
			    t == 0 ? "" : " r.item,",
			    t == 0 ? "sum(r.idx_n), sum(r.s), sum(r.ss)" :
			    "sum(r.ge4), sum(r.ge9), sum(r.le6)",
			    d->raw_from, t == 0 ? "" : ", 6");
			free(sql[t]);
			sql[t] = part;
		}
	}
	for (int t = 0; t < 2; t++) {
		PQclear(cli_exec(conn, sql[t], 3, params, PGRES_COMMAND_OK));
		free(sql[t]);
	}
}

/*
 * The monthly level (sql/004_rollup_month.sql) of the months a daily build
 * of [from, to) completed or changed: the months of from to to's, not
 * included, summed again from the daily cells.  events: only these (an
 * int[] literal), or NULL for all.
 */
#define MONTH_EVENTS " and ($3::int[] is null or event_id = any ($3::int[]))"
static void
rollup_build_months(PGconn *conn, const char *from, const char *to,
    const char *events)
{
	const char *params[] = { from, to, events };

	PQclear(cli_exec(conn, "delete from report_cell_month"
	    " where month >= date_trunc('month', $1::date)"
	    " and month < date_trunc('month', $2::date)" MONTH_EVENTS, 3, params,
	    PGRES_COMMAND_OK));
	PQclear(cli_exec(conn, "delete from report_cell_item_month"
	    " where month >= date_trunc('month', $1::date)"
	    " and month < date_trunc('month', $2::date)" MONTH_EVENTS, 3, params,
	    PGRES_COMMAND_OK));
	PQclear(cli_exec(conn, "insert into report_cell_month (event_id, month,"
	    " dim, grp, n, idx_n, idx_sum, idx_sumsq)"
	    " select c.event_id, date_trunc('month', c.day)::date, c.dim, c.grp,"
	    " sum(c.n), sum(c.idx_n), sum(c.idx_sum), sum(c.idx_sumsq)"
	    " from report_cell c where c.day >= date_trunc('month', $1::date)"
	    " and c.day < date_trunc('month', $2::date)" MONTH_EVENTS
	    " group by 1, 2, 3, 4", 3, params, PGRES_COMMAND_OK));
	PQclear(cli_exec(conn, "insert into report_cell_item_month (event_id,"
	    " month, dim, grp, item, n, n_ge4, n_ge9, n_le6)"
	    " select c.event_id, date_trunc('month', c.day)::date, c.dim, c.grp,"
	    " c.item, sum(c.n), sum(c.n_ge4), sum(c.n_ge9), sum(c.n_le6)"
	    " from report_cell_item c where c.day >= date_trunc('month', $1::date)"
	    " and c.day < date_trunc('month', $2::date)" MONTH_EVENTS
	    " group by 1, 2, 3, 4, 5", 3, params, PGRES_COMMAND_OK));
}

void
rq_rollup_refresh(PGconn *conn, bool rebuild, bool verbose)
{
	PGresult *res;
	char *through = NULL, *target, *zone;

	res = cli_exec(conn, "select to_regclass('report_rollup') is not null"
	    " and to_regclass('report_cell_month') is not null",
	    0, NULL, PGRES_TUPLES_OK);
	if (strcmp(PQgetvalue(res, 0, 0), "t") != 0)
		fatal("the report rollup is missing: run `belong db migrate`");
	PQclear(res);
	/* A hot standby has the primary's rollup once it has replayed it;
	 * the refresh is the primary's to do. */
	res = cli_exec(conn, "select pg_is_in_recovery()", 0, NULL,
	    PGRES_TUPLES_OK);
	if (strcmp(PQgetvalue(res, 0, 0), "t") == 0) {
		PQclear(res);
		if (verbose)
			log_warn("a standby: the rollup is refreshed on the primary"
			    " and replayed here; left as it is");
		return;
	}
	PQclear(res);
	if (!exec_rw(conn, "begin", 0, NULL))
		return;
	if (!exec_rw(conn, "insert into report_rollup (zone)"
	    " values (current_setting('TimeZone')) on conflict do nothing", 0, NULL)) {
		if (verbose)
			log_warn("read-only database: the rollup is left as it is");
		return;
	}
	/* One refresh at a time: a second waits here, then finds the days
	 * already done. */
	res = cli_exec(conn, "select through, zone from report_rollup for update",
	    0, NULL, PGRES_TUPLES_OK);
	if (!PQgetisnull(res, 0, 0) && !rebuild)
		through = xstrdup(PQgetvalue(res, 0, 0));
	zone = xstrdup(PQgetvalue(res, 0, 1));
	PQclear(res);
	/* Days are the rollup's days: today in its zone, not the session's. */
	res = cli_exec(conn, "select set_config('TimeZone', $1, true) is null,"
	    " current_date - 1", 1, (const char *const *)&zone, PGRES_TUPLES_OK);
	target = xstrdup(PQgetvalue(res, 0, 1));
	PQclear(res);
	free(zone);
	if (rebuild)
		PQclear(cli_exec(conn, "truncate report_cell, report_cell_item,"
		    " report_cell_month, report_cell_item_month",
		    0, NULL, PGRES_COMMAND_OK));
	if (through == NULL || strcmp(through, target) < 0) {
		const char *params[] = { target };

		rollup_build(conn, through != NULL ? through : "-infinity", target,
		    NULL);
		rollup_build_months(conn, through != NULL ? through : "-infinity",
		    target, NULL);
		PQclear(cli_exec(conn, "update report_rollup set through = $1::date",
		    1, params, PGRES_COMMAND_OK));
		if (verbose)
			printf("rollup: days %s%s to %s added\n", through != NULL ?
			    "from " : "", through != NULL ? through : "up", target);
	} else if (verbose)
		printf("rollup: up to date (days before %s)\n", target);
	PQclear(cli_exec(conn, "commit", 0, NULL, PGRES_COMMAND_OK));
	free(through);
	free(target);
}

void
rq_rollup_redo(PGconn *conn, const char *events, const char *from, const char *to)
{
	const char *params[3] = { from, to, events };
	PGresult *res;
	char *hi, *month_hi;

	/* The rollup's days, for the deletes and for rollup_build's
	 * submitted_at::date. */
	res = cli_exec(conn, "select through, set_config('TimeZone', zone, true),"
	    " least($2::date + 1, through),"
	    " least((date_trunc('month', $2::date) + interval '1 month')::date,"
	    " through), $1::date < through"
	    " from report_rollup for update", 2, params, PGRES_TUPLES_OK);
	if (PQntuples(res) == 0 || PQgetisnull(res, 0, 0) ||
	    strcmp(PQgetvalue(res, 0, 4), "t") != 0) {
		PQclear(res);
		return;		/* nothing of [from, to] is in the rollup */
	}
	hi = xstrdup(PQgetvalue(res, 0, 2));
	month_hi = xstrdup(PQgetvalue(res, 0, 3));
	PQclear(res);
	params[1] = hi;
	/* Statistics that count the rows just stored (ANALYZE sees its own
	 * transaction's): a large import would otherwise be planned as a
	 * few rows.  A role that does not own the tables only gets a
	 * warning, not worth showing. */
	PQclear(cli_exec(conn, "set local client_min_messages = error", 0, NULL,
	    PGRES_COMMAND_OK));
	PQclear(cli_exec(conn, "analyze response, answer", 0, NULL,
	    PGRES_COMMAND_OK));
	PQclear(cli_exec(conn, "delete from report_cell where day >= $1::date"
	    " and day < $2::date"
	    " and ($3::int[] is null or event_id = any ($3::int[]))", 3, params,
	    PGRES_COMMAND_OK));
	PQclear(cli_exec(conn, "delete from report_cell_item where day >= $1::date"
	    " and day < $2::date"
	    " and ($3::int[] is null or event_id = any ($3::int[]))", 3, params,
	    PGRES_COMMAND_OK));
	rollup_build(conn, from, hi, events);
	/* The months of from to to's, those the monthly level holds (before
	 * through's month): rollup_build_months stops before month_hi's. */
	rollup_build_months(conn, from, month_hi, events);
	free(hi);
	free(month_hi);
}

void
rq_open(struct rq *q, PGconn *conn, const struct ropts *o)
{
	PGresult *res;

	q->conn = conn;
	q->o = o;
	if (!o->no_rollup)
		rq_rollup_refresh(conn, false, false);
	strcpy(q->through, "-infinity");
	res = cli_exec(conn, "select through, set_config('TimeZone', zone, false)"
	    " from report_rollup", 0, NULL, PGRES_TUPLES_OK);
	if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0) && !o->no_rollup)
		snprintf(q->through, sizeof q->through, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	/* One snapshot for every query that follows, so that what disclosure.c
	 * decides from is what the command prints. */
	PQclear(cli_exec(conn, "begin isolation level repeatable read read only",
	    0, NULL, PGRES_COMMAND_OK));
	strcpy(q->month_lo, "-infinity");
	strcpy(q->month_hi, "-infinity");
	if (o->role == NULL && strcmp(q->through, "-infinity") != 0) {
		/* The first month starting on or after --from; the month after
		 * --to's unless --to is its last day; at most through's month.
		 * When hi <= lo, no month is read and the days are. */
		const char *params[] = { o->from, o->to, q->through };

		res = cli_exec(conn, "select coalesce((date_trunc('month',"
		    " $1::date - 1) + interval '1 month')::date, '-infinity'),"
		    " least(date_trunc('month', $3::date)::date,"
		    " coalesce(date_trunc('month', $2::date + 1)::date, 'infinity'))",
		    3, params, PGRES_TUPLES_OK);
		snprintf(q->month_lo, sizeof q->month_lo, "%s", PQgetvalue(res, 0, 0));
		snprintf(q->month_hi, sizeof q->month_hi, "%s", PQgetvalue(res, 0, 1));
		PQclear(res);
	}
}

/*
 * What a kind of cell sums: the daily table (its monthly level is
 * table_month), the key after the group, and four sums v1..v4, from the
 * rollup's columns (of c) and from one response r with its answer a.
 */
struct kind {
	const char *table;
	const char *key;	/* "" or ", item" */
	const char *cell;	/* c's four columns, as v1..v4 */
	const char *raw;	/* one response's four values */
	const char *raw_join;	/* "" or the answers */
	const char *where;	/* "" or the item filter ($9) */
};

static const struct kind kind_cells = {
	"report_cell", "",
	"c.n as v1, c.idx_n as v2, c.idx_sum as v3, c.idx_sumsq as v4",
	"1, (r.belonging is not null)::int, coalesce(r.belonging::float8, 0),"
	" coalesce(r.belonging::float8 * r.belonging::float8, 0)",
	"", "",
};

static const struct kind kind_icells = {
	"report_cell_item", ", item",
	"c.n as v1, c.n_ge4 as v2, c.n_ge9 as v3, c.n_le6 as v4",
	"1, (a.value >= 4)::int, (a.value >= 9)::int, (a.value <= 6)::int",
	" join answer a on a.event_id = r.event_id and a.response_id = r.id",
	" and item = any ($9::text[])",
};

/* first_time: n answered, yes; the rollup's columns are never read (the
 * rdim is made raw-only), they only keep the query valid.  The answer's
 * value is the option's place in the list (daemon/writer.c). */
static const struct kind kind_first = {
	"report_cell_item", "",
	"c.n as v1, c.n_ge4 as v2, c.n_ge9 as v3, c.n_le6 as v4",
	"1, (a.value = y.ord)::int, 0, 0",
	" join answer a on a.event_id = r.event_id and a.response_id = r.id"
	" and a.item = 'first_time'"
	" join (select i.id, x.ord from instrument i,"
	" jsonb_array_elements(i.definition->'items') it,"
	" jsonb_array_elements(it->'options') with ordinality x (opt, ord)"
	" where it->>'id' = 'first_time' and it->>'type' = 'choice'"
	" and x.opt->>'code' = 'yes') y on y.id = r.instrument_id",
	"",
};

/*
 * The sums of kind k per period and group of d, and per role and event
 * when keys asks (RQ_KEY_ROLE, RQ_KEY_EVENT; the filter on that key is then
 * left out, since the caller wants every value of it; for the event, the
 * events of universe_ids stay the filter): the monthly level
 * for the months in [$7, $8), the daily level for its other days, the
 * responses from `through` on.  $7 and $8 are the months rq_open found
 * whole and settled; "-infinity" both when the monthly level cannot answer
 * (a role, weeks).  Columns: period, grp, [item,] v1..v4, role, event id.
 * A pair the rollup cannot answer (cell_dim NULL) is read from the
 * responses alone; one with role, from the daily level and the responses.
 * Returns the rows; the caller clears them.
 */
static PGresult *
sums(struct rq *q, const struct kind *k, const struct rdim *d,
    const char *interval, const char *items, unsigned keys)
{
	const char *params[ROPTS_NPARAMS + 4];
	bool by_role = keys & RQ_KEY_ROLE, by_event = keys & RQ_KEY_EVENT;
	bool raw_only = d->cell_dim == NULL, no_month = raw_only || d->no_month;
	bool days_only = by_role || no_month ||
	    (interval != NULL && strcmp(interval, "week") == 0);
	const char *ev_c = by_event ? "c.event_id" : "0";
	PGresult *res;
	char *sql;

	sql = xasprintf("select x.period, x.grp%s, sum(x.v1)::float8,"
	    " sum(x.v2)::float8, sum(x.v3)::float8, sum(x.v4)::float8,"
	    " x.role_k, x.event_k from ("
	    " select " PERIOD("c.day::timestamp") " as period, %s as grp%s, %s,"
	    " %s as role_k, %s as event_k"
	    " from %s c join event e on e.id = c.event_id"
	    " where %sc.dim = '%s'%s and " FILTER_C
	    " and (c.day < $7::date or c.day >= $8::date)"
	    " union all"
	    " select " PERIOD("c.month::timestamp") ", %s%s, %s, '', %s"
	    " from %s_month c join event e on e.id = c.event_id"
	    " where %sc.dim = '%s'%s"
	    " and ($1::int[] is null or c.event_id = any ($1::int[]))"
	    " and c.month >= $7::date and c.month < $8::date"
	    " union all"
	    " select " PERIOD("r.submitted_at") ", %s%s, %s, %s, %s"
	    " from response r join event e on e.id = r.event_id%s%s"
	    " where " RQ_FILTER_R "%s"
	    ") x group by 1, 2%s, role_k, event_k order by 1, 2%s, role_k, event_k",
	    k->key,
	    d->cell_grp, k->key, k->cell, by_role ? "c.role" : "''", ev_c,
	    k->table, raw_only ? "false and " : "", raw_only ? "" : d->cell_dim,
	    k->where, no_month ? "''" : d->cell_grp, k->key, k->cell, ev_c,
	    k->table, no_month ? "false and " : "", raw_only ? "" : d->cell_dim,
	    k->where,
	    d->raw_grp, k->key, k->raw,
	    by_role ? "coalesce(r.role, 'not_answered')" : "''",
	    by_event ? "r.event_id" : "0", k->raw_join, d->raw_from, k->where,
	    k->key[0] != '\0' ? ", 3" : "", k->key[0] != '\0' ? ", 3" : "");
	ropts_params(q->o, raw_only ? "-infinity" : q->through, params);
	/* Every event of the figures: test events only with --include-test. */
	if (by_event)
		params[0] = q->o->universe_ids;
	if (by_role)
		params[3] = NULL;
	params[ROPTS_NPARAMS] = interval;
	params[ROPTS_NPARAMS + 1] = days_only ? "-infinity" : q->month_lo;
	params[ROPTS_NPARAMS + 2] = days_only ? "-infinity" : q->month_hi;
	params[ROPTS_NPARAMS + 3] = items;
	res = cli_exec(q->conn, sql, items != NULL ? 9 : 8, params, PGRES_TUPLES_OK);
	free(sql);
	return res;
}

static double
num(PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? 0 : strtod(PQgetvalue(res, row, col), NULL);
}

static void
period_copy(char *dst, PGresult *res, int row)
{
	snprintf(dst, 11, "%s", PQgetvalue(res, row, 0));
}

void
rq_cells(struct rq *q, const struct rdim *d, const char *interval,
    unsigned keys, struct rq_cells *out)
{
	PGresult *res = sums(q, &kind_cells, d, interval, NULL, keys);

	out->n = PQntuples(res);
	out->v = xcalloc((size_t)out->n + 1, sizeof *out->v);
	for (int i = 0; i < out->n; i++) {
		period_copy(out->v[i].period, res, i);
		out->v[i].grp = xstrdup(PQgetvalue(res, i, 1));
		out->v[i].n = num(res, i, 2);
		out->v[i].idx_n = num(res, i, 3);
		out->v[i].idx_sum = num(res, i, 4);
		out->v[i].idx_sumsq = num(res, i, 5);
		out->v[i].role = xstrdup(PQgetvalue(res, i, 6));
		out->v[i].event_id = atoi(PQgetvalue(res, i, 7));
	}
	PQclear(res);
}

void
rq_icells(struct rq *q, const struct rdim *d, const char *interval,
    const char *items, unsigned keys, struct rq_icells *out)
{
	PGresult *res = sums(q, &kind_icells, d, interval, items, keys);

	out->n = PQntuples(res);
	out->v = xcalloc((size_t)out->n + 1, sizeof *out->v);
	for (int i = 0; i < out->n; i++) {
		period_copy(out->v[i].period, res, i);
		out->v[i].grp = xstrdup(PQgetvalue(res, i, 1));
		out->v[i].item = xstrdup(PQgetvalue(res, i, 2));
		out->v[i].n = num(res, i, 3);
		out->v[i].ge4 = num(res, i, 4);
		out->v[i].ge9 = num(res, i, 5);
		out->v[i].le6 = num(res, i, 6);
		out->v[i].role = xstrdup(PQgetvalue(res, i, 7));
		out->v[i].event_id = atoi(PQgetvalue(res, i, 8));
	}
	PQclear(res);
}

void
rq_first_cells(struct rq *q, const struct rdim *d, const char *interval,
    unsigned keys, struct rq_icells *out)
{
	struct rdim raw = *d;
	PGresult *res;

	raw.cell_dim = NULL;	/* not in the rollup: the responses */
	res = sums(q, &kind_first, &raw, interval, NULL, keys);
	out->n = PQntuples(res);
	out->v = xcalloc((size_t)out->n + 1, sizeof *out->v);
	for (int i = 0; i < out->n; i++) {
		period_copy(out->v[i].period, res, i);
		out->v[i].grp = xstrdup(PQgetvalue(res, i, 1));
		out->v[i].item = xstrdup("first_time");
		out->v[i].n = num(res, i, 2);
		out->v[i].yes = num(res, i, 3);
		out->v[i].role = xstrdup(PQgetvalue(res, i, 6));
		out->v[i].event_id = atoi(PQgetvalue(res, i, 7));
	}
	PQclear(res);
}

void
rq_cells_free(struct rq_cells *c)
{
	for (int i = 0; i < c->n; i++) {
		free(c->v[i].grp);
		free(c->v[i].role);
	}
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

void
rq_icells_free(struct rq_icells *c)
{
	for (int i = 0; i < c->n; i++) {
		free(c->v[i].grp);
		free(c->v[i].item);
		free(c->v[i].role);
	}
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

void
rq_items(struct rq *q, bool all, struct rq_items *out)
{
	const char *params[] = { q->o->event_ids };
	PGresult *res = cli_exec(q->conn, "select definition::text from instrument"
	    " where id in (select instrument_id from event"
	    " where $1::int[] is null or id = any ($1::int[])) order by id",
	    1, params, PGRES_TUPLES_OK);
	int cap = 0;

	memset(out, 0, sizeof *out);
	out->ins = xcalloc((size_t)PQntuples(res) + 1, sizeof *out->ins);
	for (int r = 0; r < PQntuples(res); r++) {
		char *err = NULL;
		struct instrument *ins = instrument_parse(PQgetvalue(res, r, 0), &err);

		if (ins == NULL) {
			log_warn("an instrument is not valid, its items are left out: %s", err);
			free(err);
			continue;
		}
		out->ins[out->nins++] = ins;
		for (int i = 0; i < ins->nitems; i++) {
			const struct item *it = &ins->items[i];
			bool seen = false;

			if (!all && it->type != ITEM_LIKERT5 && it->type != ITEM_SCALE0_10)
				continue;
			for (int k = 0; k < out->n && !seen; k++)
				seen = strcmp(out->v[k]->id, it->id) == 0;
			if (seen)
				continue;
			if (out->n == cap) {
				cap = cap * 2 + 8;
				out->v = xrealloc(out->v, (size_t)cap * sizeof *out->v);
			}
			out->v[out->n++] = it;
		}
	}
	PQclear(res);
}

char *
rq_items_array(const struct rq_items *it)
{
	size_t len = 3;
	char *s;

	for (int i = 0; i < it->n; i++)
		len += strlen(it->v[i]->id) + 1;
	s = xmalloc(len);
	strcpy(s, "{");
	/* Item ids are [a-z][a-z0-9_]*: nothing to quote in an array literal. */
	for (int i = 0; i < it->n; i++) {
		if (i > 0)
			strcat(s, ",");
		strcat(s, it->v[i]->id);
	}
	strcat(s, "}");
	return s;
}

void
rq_items_free(struct rq_items *it)
{
	for (int i = 0; i < it->nins; i++)
		instrument_free(it->ins[i]);
	free(it->ins);
	free(it->v);
	memset(it, 0, sizeof *it);
}

const struct rq_cell *
rq_cell_find(const struct rq_cells *cs, const char *period, const char *grp)
{
	for (int i = 0; i < cs->n; i++)
		if (strcmp(cs->v[i].period, period) == 0 && strcmp(cs->v[i].grp, grp) == 0)
			return &cs->v[i];
	return NULL;
}

const struct rq_icell *
rq_icell_find(const struct rq_icells *cs, const char *period, const char *grp,
    const char *item)
{
	for (int i = 0; i < cs->n; i++)
		if (strcmp(cs->v[i].period, period) == 0 &&
		    strcmp(cs->v[i].grp, grp) == 0 && strcmp(cs->v[i].item, item) == 0)
			return &cs->v[i];
	return NULL;
}

static const struct rdim *sort_dim;	/* for qsort's comparison */

static int
group_cmp(const void *a, const void *b)
{
	const char *ga = *(const char *const *)a, *gb = *(const char *const *)b;
	int ra = ropts_group_rank(sort_dim, ga), rb = ropts_group_rank(sort_dim, gb);

	if (ra != rb)
		return ra < rb ? -1 : 1;
	return strcmp(ga, gb);
}

int
rq_groups(const struct rq_cells *cs, const struct rdim *d, const char ***out)
{
	const char **g = xcalloc((size_t)cs->n + 1, sizeof *g);
	int n = 0;

	for (int i = 0; i < cs->n; i++) {
		bool seen = cs->v[i].grp[0] == '\0';

		for (int k = 0; k < n && !seen; k++)
			seen = strcmp(g[k], cs->v[i].grp) == 0;
		if (!seen)
			g[n++] = cs->v[i].grp;
	}
	sort_dim = d;
	qsort(g, (size_t)n, sizeof *g, group_cmp);
	*out = g;
	return n;
}
