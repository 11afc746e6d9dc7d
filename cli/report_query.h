#ifndef BELONG_REPORT_QUERY_H
#define BELONG_REPORT_QUERY_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "instrument.h"
#include "report_opts.h"

/*
 * The aggregates reports are computed from: per group (and period),
 * counts, sums and sums of squares, added up by PostgreSQL from the
 * rollup (sql/003_rollup.sql, its monthly level sql/004_rollup_month.sql)
 * for the settled days and from the response
 * table for the days after.  What comes back has one row per group and
 * period, never per response, so memory does not grow with the responses.
 */

/* The filters of responses r: $1 event ids, $2 from, $3 to (both
 * included), $4 role, $5 the rollup's through date (report_opts.h). */
#define RQ_FILTER_R \
	"($1::int[] is null or r.event_id = any ($1::int[]))" \
	" and ($2::date is null or r.submitted_at >= $2::date)" \
	" and ($3::date is null or r.submitted_at < $3::date + 1)" \
	" and ($4::text is null or coalesce(r.role, 'not_answered') = $4::text)" \
	" and r.submitted_at >= $5::date"
struct rq {
	PGconn *conn;
	const struct ropts *o;
	char through[16];	/* rollup holds days before this; "-infinity" */
	/* Its monthly level answers for the months in [month_lo, month_hi):
	 * whole months of --from/--to, before through's month, no --role;
	 * "-infinity" both when none. */
	char month_lo[16];
	char month_hi[16];
};

/* Respondents of a group (and period). */
struct rq_cell {
	char period[11];	/* YYYY-MM-DD, the period's first day; "" */
	char *grp;		/* "" for everyone */
	char *role;		/* with RQ_KEY_ROLE, else "" */
	int event_id;		/* with RQ_KEY_EVENT, else 0 */
	double n;		/* respondents */
	double idx_n;		/* of them with a belonging index */
	double idx_sum;
	double idx_sumsq;
};

/* Answers to one likert5 or scale0_10 item in a group (and period). */
struct rq_icell {
	char period[11];
	char *grp;
	char *role;
	int event_id;
	char *item;
	double n;
	double ge4;		/* 4 or more: agree (likert5) */
	double ge9;		/* 9 or more: promoters (scale0_10) */
	double le6;		/* 6 or less: detractors */
	double yes;		/* first_time answered yes (rq_first_cells) */
};

struct rq_cells {
	struct rq_cell *v;
	int n;
};

struct rq_icells {
	struct rq_icell *v;
	int n;
};

/* The items of the instruments of the selected events, first seen first. */
struct rq_items {
	const struct item **v;
	int n;
	struct instrument **ins;	/* owned: the items point into these */
	int nins;
};

/*
 * Use the rollup's time zone for the session, and extend the rollup
 * (unless --no-rollup; skipped on a read-only server).  Exits 1 on a
 * database error.
 */
void rq_open(struct rq *q, PGconn *conn, const struct ropts *o);

/* Extend the rollup to the settled days, or rebuild it from nothing.
 * Prints what it did when verbose.  Exits 1 on a database error. */
void rq_rollup_refresh(PGconn *conn, bool rebuild, bool verbose);

/*
 * Bring the rollup up to date after responses were stored or removed with
 * an older submitted_at (belong import): the daily cells of the days
 * [from, to] (YYYY-MM-DD, in the rollup's zone) that are before the
 * rollup's through date are deleted and built again from the responses,
 * and the monthly level of their months with them; days from through on
 * are read from the responses anyway.  events (an int[] literal such as
 * "{3}") limits this to the cells of those events, the only ones that
 * changed; NULL redoes every event's.  Runs inside the caller's
 * transaction (it sets the rollup's time zone for it) and locks the
 * rollup's row.  Exits 1 on a database error.
 */
void rq_rollup_redo(PGconn *conn, const char *events, const char *from,
    const char *to);

/* Also per role, per event: that filter is then left out (disclosure.c
 * needs every role and event of the selection without it). */
#define RQ_KEY_ROLE	0x1
#define RQ_KEY_EVENT	0x2

/* Aggregates of dimension d (ropts_total for everyone), per period of
 * interval (NULL: one period, ""), and per the keys asked for (0: none). */
void rq_cells(struct rq *q, const struct rdim *d, const char *interval,
    unsigned keys, struct rq_cells *out);
/* The same for the answers to items (a PostgreSQL text[] literal). */
void rq_icells(struct rq *q, const struct rdim *d, const char *interval,
    const char *items, unsigned keys, struct rq_icells *out);
/*
 * The answers to first_time (pulse 2 on: "Is this your first time at one
 * of our events?") as item "first_time": n answered, yes those answering
 * the option "yes" of their instrument.  Read from the responses, not the
 * rollup (which holds likert5 and scale0_10 items only).
 */
void rq_first_cells(struct rq *q, const struct rdim *d, const char *interval,
    unsigned keys, struct rq_icells *out);
void rq_cells_free(struct rq_cells *c);
void rq_icells_free(struct rq_icells *c);

/* The items of the selection's instruments; likert5 and scale0_10 only
 * unless all.  rq_items_array: those as a text[] literal (caller frees). */
void rq_items(struct rq *q, bool all, struct rq_items *out);
char *rq_items_array(const struct rq_items *it);
void rq_items_free(struct rq_items *it);

/* The cell of cs with this period and group, or NULL. */
const struct rq_cell *rq_cell_find(const struct rq_cells *cs, const char *period,
    const char *grp);
const struct rq_icell *rq_icell_find(const struct rq_icells *cs, const char *period,
    const char *grp, const char *item);

/* The distinct groups of cs (not ""), in d's display order
 * (ropts_group_rank, then by name).  Returns how many; *out points into
 * cs; the caller frees the array. */
int rq_groups(const struct rq_cells *cs, const struct rdim *d, const char ***out);

#endif
