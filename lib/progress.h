#ifndef BELONG_PROGRESS_H
#define BELONG_PROGRESS_H

#include <stdbool.h>

#include "stats.h"

/*
 * A commitment's progress (belong commitment progress): how far from its
 * baseline towards its target it has come, where the trend of its periods
 * so far would take it by the due date, and what that says.
 *
 * The projection is the least-squares line through the periods' values
 * (x: the period's middle, in days; one point per period, unweighted,
 * since a period is one observation of the commitment's course), read at
 * the due date with the t interval of the line's mean there:
 *
 *     y0 +/- t(n - 2) s sqrt(1/n + (x0 - mean x)^2 / Sxx)
 *
 * (as scipy's linregress / R's predict(lm, interval = "confidence")).
 */

/* Whether the target is reached by going up (reach, belonging, agree) or
 * down (a gap brought towards 0 is given as its size, |gap|). */
enum progress_dir { PROGRESS_UP, PROGRESS_DOWN };

enum progress_status {
	PROGRESS_NONE,		/* not enough to say (fewer than 3 periods) */
	PROGRESS_MET,		/* the current value reaches the target */
	PROGRESS_ON_TRACK,	/* the projection's centre reaches it */
	PROGRESS_AT_RISK,	/* only the interval's better end reaches it */
	PROGRESS_OFF_TRACK,	/* the whole interval falls short */
};

/* (current - baseline) / (target - baseline) x 100; NAN when target equals
 * baseline or either is NAN.  May be below 0 or above 100. */
double progress_percent(double baseline, double current, double target);

/* The line through n points (x[i], y[i]) read at x0, with its interval at
 * level; NAN (all three) with fewer than 3 points or one distinct x. */
void progress_project(const double *x, const double *y, int n, double x0,
    double level, struct stats_ci *ci);

/* The status from the current value and the projection (ci may be all
 * NAN: then met or none). */
enum progress_status progress_status(enum progress_dir dir, double current,
    double target, const struct stats_ci *projection);

/* "met", "on track", "at risk", "off track", "not enough data". */
const char *progress_status_name(enum progress_status s);

#endif
