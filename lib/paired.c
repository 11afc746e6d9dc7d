/*
 * Paired (pre/post) statistics from aggregates (paired.h), built on
 * stats.c's moments, t interval and Wilson interval; the binomial
 * distribution of McNemar's test is GSL's.
 */
#include "config.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

#include "paired.h"

void
paired_change(double n, double sum, double sumsq, double level,
    struct paired_change *pc)
{
	struct stats_moments m;

	stats_moments(n, sum, sumsq, &m);
	stats_mean_ci(&m, level, &pc->mean);
	pc->n = n;
	pc->sd = n > 1 ? sqrt(m.var) : NAN;
	/* Everyone changed by the same amount: the interval is that point,
	 * d_z is undefined (not infinite). */
	pc->dz = pc->sd > 0 ? m.mean / pc->sd : NAN;
}

double
paired_dav(const struct stats_moments *pre, const struct stats_moments *post)
{
	double s;

	if (pre->n < 2 || post->n < 2)
		return NAN;
	s = (sqrt(pre->var) + sqrt(post->var)) / 2;
	return s > 0 ? (post->mean - pre->mean) / s : NAN;
}

void
paired_newcombe(double a, double b, double c, double d, double level,
    struct stats_ci *ci)
{
	struct stats_ci w1, w2;
	double n = a + b + c + d, p1, p2, l1, u1, l2, u2;
	double marg, ad_bc, phi, dl, du;

	if (!(a >= 0 && b >= 0 && c >= 0 && d >= 0) || n <= 0) {
		ci->est = ci->lo = ci->hi = NAN;
		return;
	}
	/* The Wilson score limits of each margin: yes before, yes after. */
	stats_wilson(a + b, n, level, &w1);
	stats_wilson(a + c, n, level, &w2);
	p1 = w1.est;
	l1 = w1.lo;
	u1 = w1.hi;
	p2 = w2.est;
	l2 = w2.lo;
	u2 = w2.hi;
	/*
	 * phi, the correlation of the pairs, with Newcombe's correction
	 * towards 0 for a positive association: ad - bc is reduced by n/2
	 * (not below 0).  An empty margin leaves phi undefined; Newcombe
	 * takes it as 0.
	 */
	marg = (a + b) * (c + d) * (a + c) * (b + d);
	ad_bc = a * d - b * c;
	if (ad_bc > n / 2)
		ad_bc -= n / 2;
	else if (ad_bc > 0)
		ad_bc = 0;
	phi = marg > 0 ? ad_bc / sqrt(marg) : 0;
	/* post - pre = p2 - p1: the lower distance pairs p2's lower with
	 * p1's upper limit, the upper distance the reverse. */
	dl = (p2 - l2) * (p2 - l2) - 2 * phi * (p2 - l2) * (u1 - p1) +
	    (u1 - p1) * (u1 - p1);
	du = (u2 - p2) * (u2 - p2) - 2 * phi * (u2 - p2) * (p1 - l1) +
	    (p1 - l1) * (p1 - l1);
	ci->est = (c - b) / n;
	ci->lo = fmax(-1, ci->est - sqrt(fmax(dl, 0)));
	ci->hi = fmin(1, ci->est + sqrt(fmax(du, 0)));
}

void
paired_newcombe_indep(double k1, double n1, double k2, double n2,
    double level, struct stats_ci *ci)
{
	struct stats_ci w1, w2;

	if (!(n1 > 0 && n2 > 0 && k1 >= 0 && k2 >= 0 && k1 <= n1 && k2 <= n2)) {
		ci->est = ci->lo = ci->hi = NAN;
		return;
	}
	stats_wilson(k1, n1, level, &w1);
	stats_wilson(k2, n2, level, &w2);
	ci->est = w2.est - w1.est;
	/* The lower distance pairs p2's lower limit with p1's upper. */
	ci->lo = fmax(-1, ci->est - sqrt((w2.est - w2.lo) * (w2.est - w2.lo) +
	    (w1.hi - w1.est) * (w1.hi - w1.est)));
	ci->hi = fmin(1, ci->est + sqrt((w2.hi - w2.est) * (w2.hi - w2.est) +
	    (w1.est - w1.lo) * (w1.est - w1.lo)));
}

double
paired_mcnemar_p(double b, double c)
{
	double k, p;

	if (!(b >= 0 && c >= 0) || b != floor(b) || c != floor(c) ||
	    b + c > 4294967295.0)
		return NAN;
	if (b + c == 0)
		return 1;
	k = fmin(b, c);
	p = 2 * gsl_cdf_binomial_P((unsigned)k, 0.5, (unsigned)(b + c));
	return fmin(1, p);
}
