#ifndef BELONG_SURVEY_H
#define BELONG_SURVEY_H

/*
 * Design-based estimates for a one-stage cluster sample: the events are
 * the primary sampling units, every respondent weighs the same, no
 * strata, no finite population correction.  R's survey package (Lumley,
 * "Complex Surveys", 2010) is the reference: svydesign(ids = ~event),
 * svymean, svyciprop(method = "beta"), svyglm.
 *
 * Everything is computed from per-cluster totals (the count and the sum
 * of the values in each event), which PostgreSQL aggregates: linearization
 * needs no more.  For a mean over a domain (a group, the respondents who
 * answered an item) the influence of a cluster is
 *
 *     z_e = (sum_e - mean * n_e) / N
 *
 * and the variance C / (C - 1) * sum of z_e^2 over the C clusters of the
 * whole design, those without a member of the domain adding 0 (R's
 * subset() keeps them).  The interval is a t interval whose degrees of
 * freedom the caller gives (belong: the whole design's, degf(d)).
 *
 * Every function gives NAN for what cannot be computed (no value, one
 * cluster, no degrees of freedom).
 */

/* One cluster's part of a domain: its members (with a value) and the sum
 * of their values. */
struct survey_cell {
	double n;
	double sum;
};

/* An estimate, its linearization standard error, and its interval. */
struct survey_est {
	double est;
	double se;
	double df;		/* of the interval */
	double lo;
	double hi;
};

/* How many of the k cells have a member: R's degf() + 1 of the domain. */
int survey_domain_clusters(const struct survey_cell *c, int k);

/*
 * The mean of a domain from its k cells (k <= nclusters, the clusters of
 * the whole design), with its t interval on df degrees of freedom:
 * svymean(~y, subset(d, domain), na.rm = TRUE) and confint(..., df = df).
 */
void survey_mean(const struct survey_cell *c, int k, int nclusters, double df,
    double level, struct survey_est *e);

/*
 * A proportion (sum: the members with the trait) with the Korn-Graubard
 * interval, as svyciprop(~y, d, method = "beta") computes it: the
 * effective sample size p (1 - p) / var, times (t(alpha/2, n - 1) /
 * t(alpha/2, df))^2 with n the domain's members, then the Clopper-Pearson
 * bounds qbeta(alpha/2, n_eff p, n_eff (1 - p) + 1) and qbeta(1 - alpha/2,
 * n_eff p + 1, n_eff (1 - p)).  When p is 0 or 1 the variance is 0 and R
 * gives no interval; here n_eff is then the domain's n (design effect 1),
 * which gives the exact Clopper-Pearson interval of 0 or n successes.
 */
void survey_prop(const struct survey_cell *c, int k, int nclusters, double df,
    double level, struct survey_est *e);

/* The p quantile of the beta(a, b) distribution, R's qbeta(p, a, b), for
 * any shapes (GSL's inverse alone fails to converge for some). */
double survey_qbeta(double p, double a, double b);

/*
 * The gap of a group to everyone else: the coefficient of in_group in
 * svyglm(y ~ in_group, d), mean of the group minus mean of the rest, with
 * its linearization (sandwich) SE and a t interval on df degrees of
 * freedom (R: confint(fit, ddf = degf(d))).  g and all are per cluster
 * (cluster i of g is cluster i of all; the rest is all - g).
 */
void survey_gap(const struct survey_cell *g, const struct survey_cell *all, int k,
    int nclusters, double df, double level, struct survey_est *e);

/*
 * The design effect of a mean as svymean(~y, d, deff = "replace") gives
 * it: the design variance se^2 over the variance of a simple random
 * sample of the same n, s^2 / n (s^2 with n - 1), from the domain's n,
 * sum and sum of squares.
 */
double survey_deff(double se, double n, double sum, double sumsq);

/*
 * The least-squares slope of y on x with its cluster-robust
 * (linearization) SE, as svyglm(y ~ x, d): from cells of values sharing an
 * x in one cluster (an event's respondents of one period).  cluster is the
 * cell's cluster, 0 .. nclusters - 1.
 */
struct survey_xcell {
	int cluster;
	double x;
	double n;
	double sum;
};

void survey_slope(const struct survey_xcell *c, int k, int nclusters, double df,
    double level, struct survey_est *e);

#endif
