#ifndef BELONG_DISCLOSURE_OVERLAP_H
#define BELONG_DISCLOSURE_OVERLAP_H

#include <stdbool.h>

#include <libpq-fe.h>

#include "report_opts.h"

/*
 * Figures printed together over populations that overlap: belong
 * commitment progress (and the public page built from it) prints, for
 * each commitment, a figure over its baseline period and one over its
 * own, each for its selection of events and its group, beside what
 * belong report prints over all time.  Each figure alone is decided by
 * the disclosure module as report's for the same events and dates; but
 * two of them whose periods or selections differ by a few people give
 * those people away by subtraction (a count minus a count, a mean times
 * its n minus another).
 *
 * So the figures are checked together: every response gets the set of
 * printed figures it counts in, and each such set (an atom: the people no
 * combination of the figures can split further) must hold none or at
 * least min_n responses.  While one holds 1 to min_n - 1, a figure is
 * withheld: the smallest that counts the atom, else (the atom lies only
 * in figures printed anyway, report's) the smallest that overlaps one of
 * those.  Conservative: an atom is small whether or not some combination
 * of the figures isolates it.
 */

/* Who a figure counts, of the responses to the selection's events in
 * the period (and the group). */
enum dov_measure {
	DOV_RESPONDENTS,	/* every response */
	DOV_BELONGING,		/* those with a belonging index */
	DOV_ITEM,		/* those who answered item */
	DOV_FIRST_TIME_YES,	/* those answering yes to first_time */
};

struct dov_figure {
	const char *event_ids;	/* "{1,2}"; NULL: every real event */
	const char *from, *to;	/* YYYY-MM-DD, NULL: open */
	const struct rdim *dim;	/* NULL: everyone */
	const char *code;	/* dim's group */
	bool not_group;		/* everyone but the group (a gap's rest) */
	const char *role;	/* NULL: every role */
	enum dov_measure measure;
	const char *item;	/* DOV_ITEM */
	bool fixed;		/* printed whatever is decided here */
	bool sup;		/* in: not printed; out: withheld too */
};

/* Decide f[0 .. n - 1] together (see above).  Exits 1 on a database
 * error.  Returns how many figures it withheld. */
int disclosure_overlap(PGconn *conn, struct dov_figure *f, int n, double min_n);

#endif
