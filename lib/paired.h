#ifndef BELONG_PAIRED_H
#define BELONG_PAIRED_H

#include "stats.h"

/*
 * The statistics of matched pre/post pairs for `belong change`, computed
 * like stats.h from counts, sums and sums of squares that PostgreSQL
 * aggregates, so no respondent's answers leave the database one by one.
 * As in stats.h, NAN stands for what cannot be computed.
 */

/* The change d = post - pre over n matched pairs. */
struct paired_change {
	struct stats_ci mean;	/* mean change, paired t interval (df n - 1) */
	double n;
	double sd;		/* SD of the changes (n - 1) */
	double dz;		/* d_z = mean / sd */
};

/* From n, the sum of d and the sum of d^2. */
void paired_change(double n, double sum, double sumsq, double level,
    struct paired_change *pc);

/*
 * d_av = mean change / ((sd(pre) + sd(post)) / 2) (Cumming 2012; Lakens
 * 2013): the change in units of the spread of the scores, comparable with
 * an unpaired d, where d_z is in units of the spread of the changes.  pre
 * and post are the moments of the same matched pairs.
 */
double paired_dav(const struct stats_moments *pre, const struct stats_moments *post);

/*
 * A binary item on matched pairs: a both yes, b yes before only, c yes
 * after only, d neither.  The change in proportion (c - b) / n with
 * Newcombe's (1998, Stat Med 17:2635) method 10 interval: Wilson score
 * limits of each margin combined with the phi correction for the
 * correlation of the pairs.
 */
void paired_newcombe(double a, double b, double c, double d, double level,
    struct stats_ci *ci);

/*
 * Two independent proportions (all pre against all post, no pairs): the
 * difference k2/n2 - k1/n1 with Newcombe's (1998, Stat Med 17:873) hybrid
 * score interval, his method 10: the Wilson limits of each proportion
 * combined as the square root of the sum of squared distances.  NAN when
 * either n is 0.
 */
void paired_newcombe_indep(double k1, double n1, double k2, double n2,
    double level, struct stats_ci *ci);

/*
 * McNemar's exact p: the two-sided binomial test of b against c,
 * min(1, 2 P(X <= min(b, c))) with X ~ Bin(b + c, 1/2); 1 when b + c = 0.
 * NAN for negative or non-integral counts.
 */
double paired_mcnemar_p(double b, double c);

#endif
