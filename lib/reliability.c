/*
 * Cronbach's alpha and its companions from aggregated sums
 * (reliability.h), following psych::alpha's raw (covariance) figures.
 */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "reliability.h"

/* alpha of the items whose skip[] is false, from the covariances c. */
static double
alpha_of(int k, const double *c, const bool *skip)
{
	double tr = 0, total = 0;
	int m = 0;

	for (int i = 0; i < k; i++) {
		if (skip != NULL && skip[i])
			continue;
		m++;
		tr += c[i * k + i];
		for (int j = 0; j < k; j++)
			if (skip == NULL || !skip[j])
				total += c[i * k + j];
	}
	if (m < 2 || !(total > 0))
		return NAN;
	return (double)m / (m - 1) * (1 - tr / total);
}

int
reliability_alpha(int k, double n, const double *sum, const double *cross,
    double level, struct reliability *out)
{
	double c[RELIABILITY_MAX_ITEMS * RELIABILITY_MAX_ITEMS];
	bool skip[RELIABILITY_MAX_ITEMS];
	bool constant = false;

	if (k < 2 || k > RELIABILITY_MAX_ITEMS)
		return -1;
	out->k = k;
	out->n = n;
	out->alpha = out->lo = out->hi = NAN;
	for (int i = 0; i < RELIABILITY_MAX_ITEMS; i++)
		out->r_drop[i] = out->alpha_drop[i] = NAN;
	if (n < 2)
		return 0;
	/*
	 * n S_ij - S_i S_j is exact for answers that are small integers (up
	 * to 2^53), so an item everyone answered alike has a variance of
	 * exactly 0, as in R.
	 */
	for (int i = 0; i < k; i++)
		for (int j = 0; j < k; j++)
			c[i * k + j] = (n * cross[i * k + j] - sum[i] * sum[j]) /
			    (n * (n - 1));
	for (int i = 0; i < k; i++)
		constant |= !(c[i * k + i] > 0);
	if (constant)
		return 0;

	out->alpha = alpha_of(k, c, NULL);
	if (!isnan(out->alpha)) {
		double a = 1 - level, df1 = n - 1, df2 = (n - 1) * (k - 1);

		out->lo = 1 - (1 - out->alpha) * gsl_cdf_fdist_Pinv(1 - a / 2, df1, df2);
		out->hi = 1 - (1 - out->alpha) * gsl_cdf_fdist_Pinv(a / 2, df1, df2);
	}
	for (int i = 0; i < k; i++) {
		double rest = 0, with = 0;

		memset(skip, 0, sizeof skip);
		skip[i] = true;
		for (int j = 0; j < k; j++) {
			if (j != i)
				with += c[i * k + j];
			for (int l = 0; l < k; l++)
				if (j != i && l != i)
					rest += c[j * k + l];
		}
		if (rest > 0)
			out->r_drop[i] = with / sqrt(c[i * k + i] * rest);
		/* psych's alpha.drop for two items: C[1,2] / C[2,2] for the
		 * first, C[1,2] / C[1,1] for the second. */
		if (k == 2)
			out->alpha_drop[i] = c[0 * k + 1] / c[(1 - i) * k + (1 - i)];
		else
			out->alpha_drop[i] = alpha_of(k, c, skip);
	}
	return 0;
}
