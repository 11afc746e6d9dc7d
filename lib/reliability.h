#ifndef BELONG_RELIABILITY_H
#define BELONG_RELIABILITY_H

/*
 * Internal consistency of a scale (belong reliability): Cronbach's alpha
 * with its Feldt interval, and per item the corrected item-total
 * correlation and alpha if the item is dropped, as R's psych::alpha
 * computes them (raw_alpha, feldt, r.drop, alpha.drop$raw_alpha).
 *
 * Everything comes from what PostgreSQL aggregates over the complete cases
 * (respondents who answered every item of the scale): their number n, the
 * sum of each item and the sum of each product of two items.  The
 * covariance matrix follows, C[i][j] = (S_ij - S_i S_j / n) / (n - 1);
 * nothing needs the rows.
 *
 *   alpha      k / (k - 1) (1 - tr C / sum C)                (Cronbach 1951)
 *   lo, hi     1 - (1 - alpha) F(1 - a/2), 1 - (1 - alpha) F(a/2), F the
 *              quantiles of F(n - 1, (n - 1)(k - 1))  (Feldt, Woodruff &
 *              Salih 1987; psych's alpha.ci)
 *   r_drop     the correlation of the item with the sum of the others:
 *              (sum_j C[i][j] - C[i][i]) / sqrt(C[i][i] sum C without i)
 *   alpha_drop alpha of the other k - 1 items; with k = 2 psych gives the
 *              covariance over the other item's variance, and so do we
 *
 * What cannot be computed is NAN: fewer than two complete cases, an item
 * everyone answered alike (psych would drop it and report a different
 * scale), a scale of no variance.
 */

#define RELIABILITY_MAX_ITEMS 32

struct reliability {
	int k;			/* items */
	double n;		/* complete cases */
	double alpha;
	double lo, hi;		/* the Feldt interval at the level asked */
	double r_drop[RELIABILITY_MAX_ITEMS];
	double alpha_drop[RELIABILITY_MAX_ITEMS];
};

/*
 * From n complete cases of k items (2 <= k <= RELIABILITY_MAX_ITEMS), the
 * item sums sum[k] and the sums of products cross[k * k] (row-major,
 * symmetric, the diagonal the sums of squares), at level (0.95).
 * Returns 0, or -1 when k is out of range (out is then untouched).
 */
int reliability_alpha(int k, double n, const double *sum, const double *cross,
    double level, struct reliability *out) __attribute__((warn_unused_result));

#endif
