/*
 * Unit tests of lib/stats.c against values computed independently: by
 * hand from the formulas (the arithmetic is in the comments), with the
 * quantiles from printed tables, checked with python3's mpmath at 30
 * digits (t quantiles by root-finding the regularised incomplete beta
 * function, z = sqrt(2) erfinv(0.95) = 1.959964).  No value here was
 * produced by the code under test.
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <cmocka.h>

#include "stats.h"

#define EPS 5e-5	/* the references are given to 4-6 decimals */

static void
near(double got, double want)
{
	if (fabs(got - want) > EPS)
		fail_msg("got %.8f, want %.8f", got, want);
}

/* The sample {50, 75, 100, 25, 75}: belonging indexes of five people. */
static void
moments_of_a(struct stats_moments *m)
{
	/* sum 325, sum of squares 2500 + 5625 + 10000 + 625 + 5625 = 24375 */
	stats_moments(5, 325, 24375, m);
}

/* The sample {25, 50, 25, 0}. */
static void
moments_of_b(struct stats_moments *m)
{
	/* sum 100, sum of squares 625 + 2500 + 625 + 0 = 3750 */
	stats_moments(4, 100, 3750, m);
}

static void
test_moments(void **state)
{
	struct stats_moments m;

	(void)state;
	/* mean 325/5 = 65; deviations -15 10 35 -40 10, squares 225 100 1225
	 * 1600 100 = 3250; variance 3250/4 = 812.5 */
	moments_of_a(&m);
	near(m.mean, 65);
	near(m.var, 812.5);
	stats_moments(1, 40, 1600, &m);
	near(m.mean, 40);
	assert_true(isnan(m.var));
	stats_moments(0, 0, 0, &m);
	assert_true(isnan(m.mean));
	/* All equal, where sumsq - sum^2/n may round below zero. */
	stats_moments(3, 3 * 33.3, 3 * 33.3 * 33.3, &m);
	assert_true(m.var >= 0 && m.var < 1e-9);
}

static void
test_mean_ci(void **state)
{
	struct stats_moments m;
	struct stats_ci ci;

	(void)state;
	/*
	 * n 5, mean 65, s^2 812.5; se = sqrt(812.5 / 5) = sqrt(162.5) =
	 * 12.747549; t(0.975, 4) = 2.776445 (table); half width 2.776445 x
	 * 12.747549 = 35.392869; interval [29.607131, 100.392869].
	 */
	moments_of_a(&m);
	stats_mean_ci(&m, 0.95, &ci);
	near(ci.est, 65);
	near(ci.lo, 29.607131);
	near(ci.hi, 100.392869);
	/* One value: a mean, no interval. */
	stats_moments(1, 40, 1600, &m);
	stats_mean_ci(&m, 0.95, &ci);
	near(ci.est, 40);
	assert_true(isnan(ci.lo) && isnan(ci.hi));
}

static void
test_wilson(void **state)
{
	struct stats_ci ci;

	(void)state;
	/* The example: 8 of 10 is [0.4902, 0.9433].  By hand: p 0.8,
	 * z^2/n = 0.384146, centre (0.8 + 0.192073) / 1.384146 = 0.716740,
	 * half 1.959964 sqrt(0.016 + 0.0009604) / 1.384146 = 0.226578. */
	stats_wilson(8, 10, 0.95, &ci);
	near(ci.est, 0.8);
	near(ci.lo, 0.490162);
	near(ci.hi, 0.943318);
	/* 0 of 10: [0, 0.277533]; 10 of 10: [0.722467, 1]. */
	stats_wilson(0, 10, 0.95, &ci);
	near(ci.lo, 0);
	near(ci.hi, 0.277533);
	stats_wilson(10, 10, 0.95, &ci);
	near(ci.lo, 0.722467);
	near(ci.hi, 1);
	/* 1 of 3: [0.061492, 0.792340]. */
	stats_wilson(1, 3, 0.95, &ci);
	near(ci.lo, 0.061492);
	near(ci.hi, 0.792340);
	stats_wilson(0, 0, 0.95, &ci);
	assert_true(isnan(ci.est) && isnan(ci.lo));
}

static void
test_nps(void **state)
{
	struct stats_ci ci;

	(void)state;
	/*
	 * 5 promoters and 2 detractors of 10: 50 % - 20 % = 30 points.
	 * Variance (0.5 + 0.2 - 0.3^2) / 10 = 0.061, se 0.246982, half
	 * 1.959964 x 0.246982 x 100 = 48.407540: [-18.407540, 78.407540].
	 */
	stats_nps(5, 2, 10, 0.95, &ci);
	near(ci.est, 30);
	near(ci.lo, -18.407540);
	near(ci.hi, 78.407540);
	/* Everyone a promoter: 100, no spread, interval [100, 100]. */
	stats_nps(4, 0, 4, 0.95, &ci);
	near(ci.est, 100);
	near(ci.lo, 100);
	near(ci.hi, 100);
	stats_nps(0, 0, 0, 0.95, &ci);
	assert_true(isnan(ci.est));
}

static void
test_welch(void **state)
{
	struct stats_moments a, b;
	struct stats_gap g;

	(void)state;
	/*
	 * a: n 5, mean 65, s^2 812.5; b: n 4, mean 25, deviations 0 25 0 -25,
	 * s^2 1250 / 3 = 416.667.  va = 812.5/5 = 162.5, vb = 416.667/4 =
	 * 104.1667, se^2 = 266.6667, se = 16.329932.
	 * Welch df = 266.6667^2 / (162.5^2/4 + 104.1667^2/3)
	 *          = 71111.11 / (6601.5625 + 3616.8981) = 6.959083.
	 * t(0.975, 6.959083) = 2.367446 (mpmath); half 38.660225;
	 * gap 40, interval [1.339775, 78.660225]: excludes 0, flagged.
	 * Pooled s^2 = (4 x 812.5 + 3 x 416.667) / 7 = 4500 / 7 = 642.857,
	 * s 25.354628, d = 40 / 25.354628 = 1.577621.
	 */
	moments_of_a(&a);
	moments_of_b(&b);
	stats_welch(&a, &b, 0.95, &g);
	near(g.diff, 40);
	near(g.df, 6.959083);
	near(g.lo, 1.339775);
	near(g.hi, 78.660225);
	near(g.d, 1.577621);
	assert_true(g.flag);
	/* Reversed: the same interval negated, still flagged. */
	stats_welch(&b, &a, 0.95, &g);
	near(g.lo, -78.660225);
	near(g.d, -1.577621);
	assert_true(g.flag);
	/* A group of one: a difference, no interval, no flag. */
	stats_moments(1, 40, 1600, &b);
	stats_welch(&a, &b, 0.95, &g);
	near(g.diff, 25);
	assert_true(isnan(g.lo) && isnan(g.d) && !g.flag);
}

static void
test_welch_not_flagged(void **state)
{
	struct stats_moments a, b;
	struct stats_gap g;

	(void)state;
	/* a = {50, 75, 100, 25, 75} against itself shifted by 10 ({60, 85,
	 * 110, 35, 85}: sum 375, sum of squares 31375): gap -10, equal
	 * variances, df = (2 x 162.5)^2 / (2 x 162.5^2 / 4) = 8,
	 * t(0.975, 8) = 2.306004, se sqrt(325) = 18.027756, half 41.572
	 * -> [-51.572, 31.572]: contains 0, not flagged.  d = -10 / sqrt(812.5)
	 * = -0.350823. */
	moments_of_a(&a);
	stats_moments(5, 375, 31375, &b);
	stats_welch(&a, &b, 0.95, &g);
	near(g.diff, -10);
	near(g.df, 8);
	near(g.lo, -10 - 2.306004 * 18.027756);
	near(g.hi, -10 + 2.306004 * 18.027756);
	near(g.d, -0.350823);
	assert_false(g.flag);
}

static void
test_slope(void **state)
{
	struct stats_reg r = { 0 };
	struct stats_ci ci;

	(void)state;
	/*
	 * Points (0,1) (0,3) (1,4) (2,5) (2,7), added as groups by x.
	 * Means x 1, y 4; Sxx = 1+1+0+1+1 = 4; Sxy = 3+1+0+1+3 = 8; b = 2.
	 * Syy = 9+1+0+1+9 = 20; SSE = 20 - 2 x 8 = 4; s^2 = 4/3;
	 * se(b) = sqrt(4/3 / 4) = 0.577350; t(0.975, 3) = 3.182446 (table);
	 * half 1.837386: [0.162614, 3.837386].
	 */
	stats_reg_add(&r, 0, 2, 4, 10);
	stats_reg_add(&r, 1, 1, 4, 16);
	stats_reg_add(&r, 2, 2, 12, 74);
	stats_reg_slope(&r, 0.95, &ci);
	near(ci.est, 2);
	near(ci.lo, 0.162614);
	near(ci.hi, 3.837386);

	/* The same shifted to x = 2020, 2021, 2022: the same slope. */
	struct stats_reg s = { 0 };

	stats_reg_add(&s, 2020, 2, 4, 10);
	stats_reg_add(&s, 2021, 1, 4, 16);
	stats_reg_add(&s, 2022, 2, 12, 74);
	stats_reg_slope(&s, 0.95, &ci);
	near(ci.est, 2);
	near(ci.lo, 0.162614);

	/* One x only: no slope. */
	struct stats_reg one = { 0 };

	stats_reg_add(&one, 5, 10, 50, 300);
	stats_reg_slope(&one, 0.95, &ci);
	assert_true(isnan(ci.est));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_moments),
		cmocka_unit_test(test_mean_ci),
		cmocka_unit_test(test_wilson),
		cmocka_unit_test(test_nps),
		cmocka_unit_test(test_welch),
		cmocka_unit_test(test_welch_not_flagged),
		cmocka_unit_test(test_slope),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
