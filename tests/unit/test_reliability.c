/*
 * Unit tests of lib/reliability.c against R's psych::alpha (psych 2.2.9)
 * on small data sets.  The reference values were printed by this R code,
 * which also printed the sums and cross-products given to the code under
 * test (colSums(x) and crossprod(as.matrix(x))):
 *
 *   library(psych)
 *   show <- function(x) {
 *     a <- psych::alpha(x, warnings = FALSE)
 *     cat(sprintf("alpha %.10f lo %.10f hi %.10f\n", a$total$raw_alpha,
 *       a$feldt$lower.ci, a$feldt$upper.ci))
 *     cat(sprintf("%.10f ", a$item.stats$r.drop), "\n")
 *     cat(sprintf("%.10f ", a$alpha.drop$raw_alpha), "\n")
 *     cat(colSums(x), "\n", as.vector(t(crossprod(as.matrix(x)))), "\n")
 *   }
 *   show(data.frame(belong = c(5, 4, 4, 3, 2, 5, 1, 4),
 *     welcome = c(4, 4, 5, 3, 2, 5, 2, 3), voice = c(5, 3, 4, 2, 3, 4, 1, 4),
 *     future = c(3, 5, 4, 3, 1, 5, 2, 2)))
 *   show(data.frame(x = c(1, 2, 3, 4, 5, 2), y = c(2, 2, 3, 5, 4, 1),
 *     z = c(5, 1, 2, 3, 3, 4)))
 *   show(data.frame(x = c(1, 3, 4, 5, 2), y = c(2, 3, 5, 4, 2)))
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <cmocka.h>

#include "reliability.h"

#define EPS 1e-8	/* the references are printed to 10 decimals */

static void
near(double got, double want)
{
	if (!(fabs(got - want) <= EPS))
		fail_msg("got %.10f, want %.10f", got, want);
}

/* Eight respondents, the four index items. */
static const double a_sum[] = { 28, 28, 26, 25 };
static const double a_cross[] = {
	112, 108, 102, 97,
	108, 108, 98, 98,
	102, 98, 96, 85,
	97, 98, 85, 93,
};

static void
test_four_items(void **state)
{
	struct reliability r;
	static const double r_drop[] = { 0.9178382138, 0.9224501099,
	    0.6450109580, 0.6437608767 };
	static const double alpha_drop[] = { 0.8082408875, 0.8185654008,
	    0.9102402023, 0.9180327869 };

	(void)state;
	assert_int_equal(reliability_alpha(4, 8, a_sum, a_cross, 0.95, &r), 0);
	assert_int_equal(r.k, 4);
	near(r.n, 8);
	near(r.alpha, 0.8968318440);
	near(r.lo, 0.6937318826);
	near(r.hi, 0.9768267806);
	for (int i = 0; i < 4; i++) {
		near(r.r_drop[i], r_drop[i]);
		near(r.alpha_drop[i], alpha_drop[i]);
	}
}

/* Three items, one negatively related: alpha and its bounds below 0 are
 * printed as they are, not clipped (psych does not clip them). */
static void
test_three_items_negative(void **state)
{
	static const double sum[] = { 17, 17, 18 };
	static const double cross[] = { 59, 57, 48, 57, 59, 49, 48, 49, 64 };
	static const double r_drop[] = { 0.4319671083, 0.5390538784, -0.2521097420 };
	static const double alpha_drop[] = { -0.4752475248, -0.8089887640,
	    0.8983050847 };
	struct reliability r;

	(void)state;
	assert_int_equal(reliability_alpha(3, 6, sum, cross, 0.95, &r), 0);
	near(r.alpha, 0.2923728814);
	near(r.lo, -1.9975690957);
	near(r.hi, 0.8930940294);
	for (int i = 0; i < 3; i++) {
		near(r.r_drop[i], r_drop[i]);
		near(r.alpha_drop[i], alpha_drop[i]);
	}
}

/* Two items: psych's alpha.drop is then a covariance over the other
 * item's variance (above 1 here), and both r.drop are the correlation. */
static void
test_two_items(void **state)
{
	static const double sum[] = { 15, 16 };
	static const double cross[] = { 55, 55, 55, 58 };
	struct reliability r;

	(void)state;
	assert_int_equal(reliability_alpha(2, 5, sum, cross, 0.95, &r), 0);
	near(r.alpha, 0.9090909091);
	near(r.lo, 0.1268609196);
	near(r.hi, 0.9905347693);
	near(r.r_drop[0], 0.8488746876);
	near(r.r_drop[1], 0.8488746876);
	near(r.alpha_drop[0], 1.0294117647);
	near(r.alpha_drop[1], 0.7);
}

/* What cannot be computed is NAN, never a made-up number. */
static void
test_undefined(void **state)
{
	/* x = 1 2 3, y = 4 4 4: y has no variance */
	static const double sum[] = { 6, 12 };
	static const double cross[] = { 14, 24, 24, 48 };
	struct reliability r;

	(void)state;
	assert_int_equal(reliability_alpha(2, 3, sum, cross, 0.95, &r), 0);
	assert_true(isnan(r.alpha) && isnan(r.lo) && isnan(r.hi));
	assert_true(isnan(r.r_drop[0]) && isnan(r.alpha_drop[1]));
	/* one complete case, none */
	assert_int_equal(reliability_alpha(4, 1, a_sum, a_cross, 0.95, &r), 0);
	assert_true(isnan(r.alpha) && isnan(r.r_drop[3]));
	near(r.n, 1);
	assert_int_equal(reliability_alpha(4, 0, a_sum, a_cross, 0.95, &r), 0);
	assert_true(isnan(r.alpha));
	/* not a scale */
	assert_int_equal(reliability_alpha(1, 8, a_sum, a_cross, 0.95, &r), -1);
	assert_int_equal(reliability_alpha(RELIABILITY_MAX_ITEMS + 1, 8, a_sum,
	    a_cross, 0.95, &r), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_four_items),
		cmocka_unit_test(test_three_items_negative),
		cmocka_unit_test(test_two_items),
		cmocka_unit_test(test_undefined),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
