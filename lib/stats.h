#ifndef BELONG_STATS_H
#define BELONG_STATS_H

#include <stdbool.h>

/*
 * The statistics of DESIGN.md "Indicators", computed from the counts, sums
 * and sums of squares that PostgreSQL aggregates: never from raw rows.
 * Quantiles come from GSL (gsl_cdf_tdist_Pinv, gsl_cdf_ugaussian_Pinv).
 *
 * Every function gives NAN for what cannot be computed (a mean of no
 * values, an interval from one value, a rate of nothing), so callers
 * print "no value" rather than a made-up number.
 */

#define STATS_LEVEL 0.95	/* every interval of the reports */

/* An estimate and its interval. */
struct stats_ci {
	double est;
	double lo;
	double hi;
};

/* n values summarised: count, mean and sample variance (n - 1). */
struct stats_moments {
	double n;
	double mean;
	double var;
};

/* Moments from a count, a sum and a sum of squares (variance clamped at 0
 * against rounding). */
void stats_moments(double n, double sum, double sumsq, struct stats_moments *m);

/* Mean with its t interval: mean -+ t(1 - (1 - level) / 2, n - 1) s / sqrt n. */
void stats_mean_ci(const struct stats_moments *m, double level, struct stats_ci *ci);

/* The share k / n with its Wilson score interval (0..1). */
void stats_wilson(double k, double n, double level, struct stats_ci *ci);

/*
 * Net promoter score in points (-100..100): % promoters (9-10) minus %
 * detractors (0-6), with a normal (Wald) interval from the variance of a
 * difference of two multinomial shares, (p + q - (p - q)^2) / n, clipped
 * to -100..100.
 */
void stats_nps(double promoters, double detractors, double n, double level,
    struct stats_ci *ci);

/* The gap a - b with Welch's interval, and Cohen's d on the pooled SD. */
struct stats_gap {
	double diff;
	double lo;
	double hi;
	double df;		/* Welch-Satterthwaite degrees of freedom */
	double d;		/* Cohen's d */
	bool flag;		/* the interval excludes 0 */
};

void stats_welch(const struct stats_moments *a, const struct stats_moments *b,
    double level, struct stats_gap *g);

/*
 * Least squares of y on x from groups of values that share an x (the
 * respondents of a period): a group adds n values at x with the given sum
 * and sum of squares of y.  Start from a zeroed struct.
 */
struct stats_reg {
	double n, sx, sxx, sy, syy, sxy;
	double x0;		/* x origin, the first x added: keeps sums small */
	bool started;
};

void stats_reg_add(struct stats_reg *r, double x, double n, double sum, double sumsq);
/* The slope with its t interval (n - 2 degrees of freedom); NAN unless
 * there are two distinct x and three values. */
void stats_reg_slope(const struct stats_reg *r, double level, struct stats_ci *ci);

/* The two-sided p-value of a t statistic on df degrees of freedom
 * (NAN when either is). */
double stats_t_p(double t, double df);

/*
 * Adjust the n p-values of one family for multiple comparisons into adj
 * (may be p itself), as R's p.adjust: Holm (1979), the step-down
 * Bonferroni that controls the family-wise error rate, or Benjamini and
 * Hochberg (1995), which controls the false discovery rate.  NAN entries
 * are not part of the family and stay NAN.
 */
enum stats_adjust { STATS_ADJUST_NONE, STATS_ADJUST_HOLM, STATS_ADJUST_BH };

void stats_adjust(const double *p, double *adj, int n, enum stats_adjust method);

#endif
