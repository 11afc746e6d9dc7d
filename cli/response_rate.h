#ifndef BELONG_RESPONSE_RATE_H
#define BELONG_RESPONSE_RATE_H

#include "output.h"
#include "report_out.h"
#include "report_query.h"

/*
 * Response rates of a selection, for report and reach: per event, its
 * responses over its denominator, the attendance recorded after it
 * (belong event attendance) or else its expected attendance; for everyone
 * and for a partner, the responses of their events that have a
 * denominator over the sum of those denominators.  Events without one
 * (or with 0) are named in a note and left out.  A rate above 100 % is
 * printed as it is, flagged "over_100".
 *
 * The denominators are public (event show prints them), so a rate gives
 * its responses away: an event's rate is suppressed with its respondents
 * in the disclosure module's event table, and a rate over several events
 * (everyone, a partner) is suppressed when, with the figures shown, it
 * would give away the responses of a suppressed event (belong(1), PRIVACY).
 *
 * With --role there is no rate: the attendance counts everyone.
 */
struct rrate;

/* The rates of q's selection, decided the same way whatever --by and
 * command ask for them.  Exits 1 on a database error.  The caller frees
 * with rrate_free. */
struct rrate *rrate_new(struct rq *q);
void rrate_free(struct rrate *rr);

/*
 * report: print the "response_rate" row of group grp (NULL: everyone,
 * printed as "all"; else an event's slug with --by event, a partner with
 * --by partner) through out, the cells put in cols by name (group, label,
 * indicator, n, value, flag).  Prints nothing for a group of another
 * dimension, with --role, or when no event of the selection has a
 * denominator.
 */
void rrate_report_row(struct rrate *rr, struct rout *out,
    const struct output_column *cols, int ncols, const char *grp, const char *label);

/*
 * reach: fill the cells of the columns "attendance" (the denominator),
 * "response_rate" and "rate_flag" of group grp (NULL: everyone) in cells,
 * a row of cols.  The numbers live in rr until the next call.
 */
void rrate_reach_cells(struct rrate *rr, const struct output_column *cols, int ncols,
    const char *grp, const char **cells);

/* The notes: how the rates are computed, the events left out, what the
 * flag means, which rates are suppressed and why. */
void rrate_notes(const struct rrate *rr, struct rout *out);

#endif
