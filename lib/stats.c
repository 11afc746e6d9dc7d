/*
 * Indicator statistics from aggregates (stats.h).  Formulas as in any
 * textbook; the quantiles are GSL's, never an approximation of our own.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "stats.h"
#include "xalloc.h"

/* The two-sided quantile of Student's t for a confidence level. */
static double
t_quantile(double level, double df)
{
	return gsl_cdf_tdist_Pinv(1 - (1 - level) / 2, df);
}

static double
z_quantile(double level)
{
	return gsl_cdf_ugaussian_Pinv(1 - (1 - level) / 2);
}

static void
ci_none(struct stats_ci *ci, double est)
{
	ci->est = est;
	ci->lo = NAN;
	ci->hi = NAN;
}

void
stats_moments(double n, double sum, double sumsq, struct stats_moments *m)
{
	m->n = n;
	m->mean = n > 0 ? sum / n : NAN;
	if (n > 1) {
		/* sumsq - sum^2/n loses digits to rounding when the spread is
		 * tiny; a negative variance is such a rounding error. */
		m->var = (sumsq - sum * sum / n) / (n - 1);
		if (m->var < 0)
			m->var = 0;
	} else
		m->var = NAN;
}

void
stats_mean_ci(const struct stats_moments *m, double level, struct stats_ci *ci)
{
	double half;

	if (m->n < 2) {
		ci_none(ci, m->mean);
		return;
	}
	half = t_quantile(level, m->n - 1) * sqrt(m->var / m->n);
	ci->est = m->mean;
	ci->lo = m->mean - half;
	ci->hi = m->mean + half;
}

void
stats_wilson(double k, double n, double level, struct stats_ci *ci)
{
	double z, z2, p, centre, half, denom;

	if (n <= 0) {
		ci_none(ci, NAN);
		return;
	}
	z = z_quantile(level);
	z2 = z * z;
	p = k / n;
	denom = 1 + z2 / n;
	centre = (p + z2 / (2 * n)) / denom;
	half = z * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom;
	ci->est = p;
	/* The bounds are within [0, 1] by construction; rounding may not be. */
	ci->lo = fmax(0, centre - half);
	ci->hi = fmin(1, centre + half);
}

void
stats_nps(double promoters, double detractors, double n, double level,
    struct stats_ci *ci)
{
	double p, q, var, half;

	if (n <= 0) {
		ci_none(ci, NAN);
		return;
	}
	p = promoters / n;
	q = detractors / n;
	ci->est = (p - q) * 100;
	if (n < 2) {
		ci_none(ci, ci->est);
		return;
	}
	var = (p + q - (p - q) * (p - q)) / n;
	half = z_quantile(level) * sqrt(fmax(var, 0)) * 100;
	ci->lo = fmax(-100, ci->est - half);
	ci->hi = fmin(100, ci->est + half);
}

void
stats_welch(const struct stats_moments *a, const struct stats_moments *b,
    double level, struct stats_gap *g)
{
	double va, vb, se2, pooled;

	g->diff = a->mean - b->mean;
	g->lo = g->hi = g->df = g->d = NAN;
	g->flag = false;
	if (a->n < 2 || b->n < 2)
		return;
	va = a->var / a->n;
	vb = b->var / b->n;
	se2 = va + vb;
	pooled = ((a->n - 1) * a->var + (b->n - 1) * b->var) / (a->n + b->n - 2);
	if (pooled > 0)
		g->d = g->diff / sqrt(pooled);
	/* Both groups without spread: no interval (df is 0/0). */
	if (se2 <= 0)
		return;
	g->df = se2 * se2 / (va * va / (a->n - 1) + vb * vb / (b->n - 1));
	g->lo = g->diff - t_quantile(level, g->df) * sqrt(se2);
	g->hi = g->diff + t_quantile(level, g->df) * sqrt(se2);
	g->flag = g->lo > 0 || g->hi < 0;
}

void
stats_reg_add(struct stats_reg *r, double x, double n, double sum, double sumsq)
{
	if (n <= 0)
		return;
	if (!r->started) {
		r->x0 = x;
		r->started = true;
	}
	x -= r->x0;
	r->n += n;
	r->sx += n * x;
	r->sxx += n * x * x;
	r->sy += sum;
	r->syy += sumsq;
	r->sxy += x * sum;
}

void
stats_reg_slope(const struct stats_reg *r, double level, struct stats_ci *ci)
{
	double sxx, sxy, syy, b, sse, half;

	if (r->n < 3) {
		ci_none(ci, NAN);
		return;
	}
	sxx = r->sxx - r->sx * r->sx / r->n;
	sxy = r->sxy - r->sx * r->sy / r->n;
	syy = r->syy - r->sy * r->sy / r->n;
	/* Relative to the spread of x: a single x leaves only rounding. */
	if (sxx <= 1e-12 * (r->sxx + 1)) {
		ci_none(ci, NAN);
		return;
	}
	b = sxy / sxx;
	sse = fmax(syy - b * sxy, 0);
	half = t_quantile(level, r->n - 2) * sqrt(sse / (r->n - 2) / sxx);
	ci->est = b;
	ci->lo = b - half;
	ci->hi = b + half;
}

double
stats_t_p(double t, double df)
{
	if (isnan(t) || !(df > 0))
		return NAN;
	return fmin(1, 2 * gsl_cdf_tdist_Q(fabs(t), df));
}

/* The ascending order of the family's p-values (qsort has no context). */
static const double *adjust_p;

static int
adjust_cmp(const void *a, const void *b)
{
	double pa = adjust_p[*(const int *)a], pb = adjust_p[*(const int *)b];

	if (pa != pb)
		return pa < pb ? -1 : 1;
	return *(const int *)a - *(const int *)b;
}

void
stats_adjust(const double *p, double *adj, int n, enum stats_adjust method)
{
	int *ord = xcalloc((size_t)n + 1, sizeof *ord), m = 0;
	double *q = xcalloc((size_t)n + 1, sizeof *q), run;

	for (int i = 0; i < n; i++) {
		q[i] = p[i];
		if (!isnan(p[i]))
			ord[m++] = i;
	}
	adjust_p = q;
	qsort(ord, (size_t)m, sizeof *ord, adjust_cmp);
	if (method == STATS_ADJUST_HOLM) {
		/* p_(i) (m - i + 1), made non-decreasing from the smallest up */
		run = 0;
		for (int i = 0; i < m; i++) {
			run = fmax(run, fmin(1, (m - i) * q[ord[i]]));
			q[ord[i]] = run;
		}
	} else if (method == STATS_ADJUST_BH) {
		/* p_(i) m / i, made non-increasing from the largest down */
		run = 1;
		for (int i = m - 1; i >= 0; i--) {
			run = fmin(run, (double)m / (i + 1) * q[ord[i]]);
			q[ord[i]] = run;
		}
	}
	for (int i = 0; i < n; i++)
		adj[i] = q[i];
	free(q);
	free(ord);
}
