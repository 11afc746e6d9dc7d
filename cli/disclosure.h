#ifndef BELONG_DISCLOSURE_H
#define BELONG_DISCLOSURE_H

#include <stdbool.h>

#include "report_opts.h"
#include "report_query.h"

/*
 * Disclosure control: which figures of a selection report, trend, reach,
 * export and plot may print.  Every command asks here, so suppression is
 * decided once, the same way, from the same counts (belong(1), PRIVACY).
 *
 * The threat is a reader of everything belong prints for one database,
 * put together.  So the figures are cells of one set of linked tables:
 * the filters (--role, --event), the dimension or two (--by A,B: role and
 * event are then the dimensions of the filters, so --by role,gender is
 * decided as --role ROLE --by gender is) and the periods
 * (trend) are the dimensions of a cube whose margins are what the same
 * command prints without that filter, dimension or period.  Each table is
 * decided from its margins up (lib/suppress.h): first everyone, then each
 * dimension alone, then each pair, and so on; a table never changes the
 * margins it was given, so report --by gender shows the same pattern as
 * the margins of trend --by gender and of report --role student --by
 * gender.  A cell inside a suppressed margin is suppressed.  Counts are
 * those of each measure: respondents, respondents with a belonging index,
 * answers to each item; each measure's pattern starts from the
 * respondents' one.
 */
struct disclosure;

/* The measures: respondents, belonging index, then the items given. */
#define DISCLOSURE_RESPONDENTS	0
#define DISCLOSURE_BELONGING	1
#define DISCLOSURE_ITEM(i)	(2 + (i))
/* With o->first_time (report): after the nitems items, the answers yes
 * to first_time and the other answers to it (no, not sure).  A group's
 * share of yes shows only when neither count is suppressed. */
#define DISCLOSURE_FIRST_YES(nitems)	(2 + (nitems))
#define DISCLOSURE_FIRST_OTHER(nitems)	(3 + (nitems))

/*
 * Decide for q's selection by dimension d (NULL: none), per period of
 * interval (NULL: none), for the items (NULL: respondents and belonging
 * only; arr: their text[] literal).  Exits 1 on a database error.
 */
struct disclosure *disclosure_new(struct rq *q, const struct rdim *d,
    const char *interval, const struct rq_items *items, const char *arr);
void disclosure_free(struct disclosure *dc);

/* The groups of d to list (every code of an about-you question; the
 * events or partners of the selection without --role), in display order. */
int disclosure_ngroups(const struct disclosure *dc);
/* A group's name: its code, or for a pair (--by A,B) A's code, "+"
 * (ROPTS_PAIR_SEP) and B's, as rq_cells names the pair's groups. */
const char *disclosure_group(const struct disclosure *dc, int g);
/* A group in words: the about-you label ("Girl or woman"), the event's
 * title (read with the groups, in the same snapshot), the partner's name;
 * "Girl or woman × Black" for a pair.  Owned by dc. */
const char *disclosure_group_label(const struct disclosure *dc, int g);
/* The periods to list (those with respondents in the selection without
 * its filters), oldest first. */
int disclosure_nperiods(const struct disclosure *dc);
const char *disclosure_period(const struct disclosure *dc, int p);

/* One figure: its count and whether it is suppressed. */
struct disclosure_cell {
	double n;
	bool sup;
};

/*
 * The figure of measure m for group g (-1: the whole selection) in period
 * p (-1: every period) of the selection.
 */
struct disclosure_cell disclosure_get(const struct disclosure *dc, int g, int p,
    int m);

/* Whether the selection itself is suppressed: then nothing of it is
 * printed (disclosure_refuse). */
bool disclosure_selection_suppressed(const struct disclosure *dc);

/*
 * belong change's matched rows: which of them print.  A row's count is
 * its pairs with a value at both times; the groups are those of one
 * about-you question (from the post response), everyone last.
 *
 * The matching decides which responses are pairs, and --max-diff changes
 * it, so the pattern is decided once for every pair set the options can
 * give (one per --max-diff value, sets[0 .. nsets - 1]) and is the same
 * whichever is asked for.  A row is suppressed
 *   - when report suppresses the group at the events of either wave
 *     (forced): the pairs' figures are nearly those of report;
 *   - when in any set its pairs are under min_n;
 *   - when in any set fewer than min_n but some of its responses with a
 *     value are left out of its pairs on either side (pre_only,
 *     post_only: the responses of the group by their own answers, at the
 *     events report prints, minus the pairs), since subtracting the pairs'
 *     sums from report's would give those few away;
 *   - complementary: in each set the groups and everyone are one line;
 *     when exactly one suppressed group has pairs, the next smallest
 *     group with pairs is suppressed too.  A group report shows whose
 *     responses on one side are all in its pairs (known) gives its
 *     figures away through report: it never counts as, nor is chosen for,
 *     the second suppressed cell.  With no group left to choose, every
 *     row is suppressed.
 * When everyone is suppressed, every row is.
 */
struct disclosure_pairs {
	const double *pairs;		/* ngroups + 1: each group, everyone */
	const double *pre_only;
	const double *post_only;
	const bool *known;		/* ngroups */
};

/* Decide into sup (ngroups + 1, everyone last); forced as sup. */
void disclosure_pairs_decide(double min_n, int ngroups,
    const struct disclosure_pairs *sets, int nsets, const bool *forced, bool *sup);

/* The message for a suppressed selection, the same whatever its true n. */
#define DISCLOSURE_REFUSAL "suppressed: this selection has fewer than %ld " \
	"respondents, or would give away a group that has (see PRIVACY in belong(1))"

#endif
