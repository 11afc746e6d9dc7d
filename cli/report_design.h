#ifndef BELONG_REPORT_DESIGN_H
#define BELONG_REPORT_DESIGN_H

#include <stdbool.h>

#include "report_opts.h"
#include "report_query.h"
#include "stats.h"
#include "survey.h"

/*
 * The sampling design of report, trend and reach (--design): srs, every
 * respondent independent; or cluster, the events of the selection as the
 * clusters of a one-stage sample (lib/survey.h).  Without --design, cluster
 * when two or more events of the selection have respondents, else srs.
 *
 * The aggregates come from rq_cells/rq_icells with RQ_KEY_EVENT, one row
 * per period, group and event; rdesign_collapse sums them over the events
 * into what the srs figures need, so each measure is one query.
 */
struct rdesign {
	bool cluster;		/* events as clusters */
	int nclusters;		/* events of the selection with respondents */
	int *events;		/* their ids, ascending */
	enum stats_adjust adjust;	/* of the gap flags (--adjust) */
	/* With --role: every role's respondents per period and event. */
	struct rq_cells anyrole;
	bool has_anyrole;
};

/* Drop the rows of events the selection leaves out (RQ_KEY_EVENT drops
 * the --event filter from the query). */
void rdesign_filter(const struct ropts *o, struct rq_cells *c);
void rdesign_ifilter(const struct ropts *o, struct rq_icells *c);

/* The same cells summed over the events: one row per period and group
 * (and item), event 0, as rq_cells without RQ_KEY_EVENT gives them. */
void rdesign_collapse(const struct rq_cells *in, struct rq_cells *out);
void rdesign_icollapse(const struct rq_icells *in, struct rq_icells *out);

/*
 * Decide from everyone's cells per event (tot, filtered; per period of
 * interval, or NULL), o->design and o->adjust; sets o->design to the
 * choice.  A --role selection is a domain of the design, not a design of
 * its own: the clusters are the events with respondents of any role (one
 * more query), so neither the number of clusters nor an interval's
 * degrees of freedom says which events had nobody of the role.
 */
void rdesign_choose(struct rdesign *d, struct ropts *o, struct rq *q,
    const char *interval, const struct rq_cells *tot);
/* The respondents of every role per period and event: tot itself
 * without --role. */
const struct rq_cells *rdesign_respondents(const struct rdesign *d,
    const struct rq_cells *tot);
void rdesign_free(struct rdesign *d);

/* The cluster of an event (0 .. nclusters - 1), or -1. */
int rdesign_cluster(const struct rdesign *d, int event_id);

/*
 * The per-cluster cells of period and grp (and item) into v (nclusters
 * long, zeroed first): the index's count and sum (rdesign_index), an
 * item's answers and agree (rdesign_agree) or promoters minus detractors
 * (rdesign_nps), or the respondents with a value of 1 each (rdesign_count).
 */
void rdesign_index(const struct rdesign *d, const struct rq_cells *cs,
    const char *period, const char *grp, struct survey_cell *v);
void rdesign_count(const struct rdesign *d, const struct rq_cells *cs,
    const char *period, const char *grp, struct survey_cell *v);
void rdesign_agree(const struct rdesign *d, const struct rq_icells *cs,
    const char *period, const char *grp, const char *item, struct survey_cell *v);
void rdesign_nps(const struct rdesign *d, const struct rq_icells *cs,
    const char *period, const char *grp, const char *item, struct survey_cell *v);
/* first_time's answers and yes answers (rq_first_cells). */
void rdesign_yes(const struct rdesign *d, const struct rq_icells *cs,
    const char *period, const char *grp, struct survey_cell *v);

#endif
