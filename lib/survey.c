/*
 * Design-based estimates from per-cluster totals (survey.h).  The
 * formulas are those of R's survey package (svymean's influence
 * functions, svyrecvar's one-stage variance, svyciprop's "beta" method,
 * svyglm's sandwich); the quantiles are GSL's.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "survey.h"
#include "xalloc.h"

static void
est_none(struct survey_est *e, double est)
{
	e->est = est;
	e->se = e->lo = e->hi = NAN;
	e->df = NAN;
}

/* C / (C - 1): svyrecvar's scale of the sum of squared cluster totals
 * (no fpc; the totals sum to 0, so they need no centring). */
static double
scale_of(int nclusters)
{
	return (double)nclusters / (nclusters - 1);
}

/* est -+ t(1 - (1 - level) / 2, df) se, when both are known. */
static void
t_interval(struct survey_est *e, double df, double level)
{
	double half;

	e->df = df;
	if (!(df >= 1) || isnan(e->se)) {
		e->lo = e->hi = NAN;
		return;
	}
	half = gsl_cdf_tdist_Pinv(1 - (1 - level) / 2, df) * e->se;
	e->lo = e->est - half;
	e->hi = e->est + half;
}

int
survey_domain_clusters(const struct survey_cell *c, int k)
{
	int n = 0;

	for (int i = 0; i < k; i++)
		n += c[i].n > 0;
	return n;
}

void
survey_mean(const struct survey_cell *c, int k, int nclusters, double df,
    double level, struct survey_est *e)
{
	double n = 0, sum = 0, ss = 0;

	for (int i = 0; i < k; i++) {
		n += c[i].n;
		sum += c[i].sum;
	}
	if (n <= 0) {
		est_none(e, NAN);
		return;
	}
	est_none(e, sum / n);
	if (nclusters < 2)
		return;
	for (int i = 0; i < k; i++) {
		double z = (c[i].sum - e->est * c[i].n) / n;

		ss += z * z;
	}
	e->se = sqrt(scale_of(nclusters) * ss);
	t_interval(e, df, level);
}

/*
 * The beta(a, b) quantile of pr.  GSL's gsl_cdf_beta_Pinv fails to
 * converge for some shapes (an abort under GSL's default error handler)
 * and can take very long for large ones; its answer is used only when it
 * checks out against GSL's CDF, else the CDF is inverted by bisection
 * (80 halvings: far below the printed precision, in bounded time).
 */
double
survey_qbeta(double pr, double a, double b)
{
	gsl_error_handler_t *old = gsl_set_error_handler_off();
	double q = NAN, lo = 0, hi = 1;

	if (a + b < 1e5) {
		q = gsl_cdf_beta_Pinv(pr, a, b);
		if (!(q >= 0 && q <= 1 && fabs(gsl_cdf_beta_P(q, a, b) - pr) < 1e-9))
			q = NAN;
	}
	if (isnan(q)) {
		for (int i = 0; i < 80; i++) {
			double mid = (lo + hi) / 2;

			if (gsl_cdf_beta_P(mid, a, b) < pr)
				lo = mid;
			else
				hi = mid;
		}
		q = (lo + hi) / 2;
	}
	gsl_set_error_handler(old);
	return q;
}

void
survey_prop(const struct survey_cell *c, int k, int nclusters, double df,
    double level, struct survey_est *e)
{
	double alpha = 1 - level, p, n = 0, neff, ratio;

	survey_mean(c, k, nclusters, df, level, e);
	for (int i = 0; i < k; i++)
		n += c[i].n;
	p = e->est;
	e->lo = e->hi = NAN;
	if (isnan(p) || !(df >= 1) || n < 2 || (isnan(e->se) && p > 0 && p < 1))
		return;
	/* With p 0 or 1 there is no spread to estimate a design effect from. */
	if (p <= 0 || p >= 1 || !(e->se > 0))
		neff = n;
	else
		neff = p * (1 - p) / (e->se * e->se);
	ratio = gsl_cdf_tdist_Pinv(alpha / 2, n - 1) / gsl_cdf_tdist_Pinv(alpha / 2, df);
	neff *= ratio * ratio;
	/*
	 * qbeta with a shape of 0 is the point mass at 0 (R's convention),
	 * and with the other shape 0 the point mass at 1.  An effective size
	 * beyond a million (an all but constant share in every event) is past
	 * what GSL's beta CDF computes accurately; the beta is normal there.
	 */
	if (neff > 1e6) {
		double half = gsl_cdf_ugaussian_Pinv(1 - alpha / 2) * sqrt(p * (1 - p) / neff);

		e->lo = fmax(0, p - half);
		e->hi = fmin(1, p + half);
		return;
	}
	e->lo = p <= 0 ? 0 : survey_qbeta(alpha / 2, neff * p, neff * (1 - p) + 1);
	e->hi = p >= 1 ? 1 : survey_qbeta(1 - alpha / 2, neff * p + 1, neff * (1 - p));
}

void
survey_gap(const struct survey_cell *g, const struct survey_cell *all, int k,
    int nclusters, double df, double level, struct survey_est *e)
{
	double ng = 0, sg = 0, nr = 0, sr = 0, mg, mr, ss = 0;

	for (int i = 0; i < k; i++) {
		ng += g[i].n;
		sg += g[i].sum;
		nr += all[i].n - g[i].n;
		sr += all[i].sum - g[i].sum;
	}
	if (ng <= 0 || nr <= 0) {
		est_none(e, NAN);
		return;
	}
	mg = sg / ng;
	mr = sr / nr;
	est_none(e, mg - mr);
	if (nclusters < 2)
		return;
	/*
	 * With X = (1, in_group), (X'X)^-1 X' e gives the coefficient's
	 * influence (y - mean_g) / n_g for a member of the group and
	 * -(y - mean_r) / n_r for everyone else.
	 */
	for (int i = 0; i < k; i++) {
		double z = (g[i].sum - mg * g[i].n) / ng -
		    ((all[i].sum - g[i].sum) - mr * (all[i].n - g[i].n)) / nr;

		ss += z * z;
	}
	e->se = sqrt(scale_of(nclusters) * ss);
	t_interval(e, df, level);
}

double
survey_deff(double se, double n, double sum, double sumsq)
{
	double s2;

	if (n < 2 || isnan(se))
		return NAN;
	s2 = (sumsq - sum * sum / n) / (n - 1);
	if (!(s2 > 0))
		return NAN;
	return se * se / (s2 / n);
}

void
survey_slope(const struct survey_xcell *c, int k, int nclusters, double df,
    double level, struct survey_est *e)
{
	double n = 0, sx = 0, sy = 0, xbar, ybar, sxx = 0, sxy = 0, ss = 0;
	double *u;

	for (int i = 0; i < k; i++) {
		n += c[i].n;
		sx += c[i].n * c[i].x;
		sy += c[i].sum;
	}
	if (n <= 0) {
		est_none(e, NAN);
		return;
	}
	xbar = sx / n;
	ybar = sy / n;
	/* x centred: X'X is then diagonal, (n, sxx). */
	for (int i = 0; i < k; i++) {
		double dx = c[i].x - xbar;

		sxx += c[i].n * dx * dx;
		sxy += dx * (c[i].sum - ybar * c[i].n);
	}
	if (!(sxx > 1e-12 * n)) {
		est_none(e, NAN);
		return;
	}
	est_none(e, sxy / sxx);
	if (nclusters < 2)
		return;
	/* Each cluster's score x (y - a - b x), summed over its cells. */
	u = xcalloc((size_t)nclusters, sizeof *u);
	for (int i = 0; i < k; i++) {
		double dx = c[i].x - xbar;

		if (c[i].cluster >= 0 && c[i].cluster < nclusters)
			u[c[i].cluster] += dx * (c[i].sum - (ybar + e->est * dx) * c[i].n);
	}
	for (int i = 0; i < nclusters; i++)
		ss += u[i] * u[i];
	free(u);
	e->se = sqrt(scale_of(nclusters) * ss) / sxx;
	t_interval(e, df, level);
}
