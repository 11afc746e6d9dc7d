/*
 * Unit tests of lib/paired.c against values computed independently with
 * R 4 (stats package only); no value here was produced by the code under
 * test.  The R code, as run:
 *
 *   pre  <- c(50, 75, 100, 25, 75, 50, 25)
 *   post <- c(75, 75, 100, 50, 100, 50, 75)
 *   d <- post - pre          # n 7, sum 125, sum of squares 4375
 *   t.test(post, pre, paired = TRUE)  # 17.857143 [0.379201, 35.335085]
 *   sd(d); mean(d) / sd(d)            # 18.898224, d_z 0.944911
 *   mean(d) / ((sd(pre) + sd(post)) / 2)   # d_av 0.740502
 *   binom.test(b, b + c, 0.5)$p.value      # McNemar's exact p
 *
 * Newcombe's (1998) method 10 for paired proportions, by hand from its
 * formula: R. G. Newcombe, "Improved confidence intervals for the
 * difference between binomial proportions based on paired data", Stat
 * Med 17:2635-2650 (1998), section 2, method 10, with the worked form in
 * Altman, Machin, Bryant and Gardner, "Statistics with Confidence", 2nd
 * ed. (BMJ Books 2000), p. 52.  The change is post - pre = p2 - p1:
 *
 *   wilson <- function(k, n, z) {
 *     p <- k / n
 *     cen <- 2 * n * p + z^2; r <- z * sqrt(z^2 + 4 * n * p * (1 - p))
 *     c((cen - r) / (2 * (n + z^2)), (cen + r) / (2 * (n + z^2)))
 *   }
 *   newcombe10 <- function(a, b, c, d, level = 0.95) {
 *     z <- qnorm(1 - (1 - level) / 2); n <- a + b + c + d
 *     p1 <- (a + b) / n; p2 <- (a + c) / n
 *     w1 <- wilson(a + b, n, z); w2 <- wilson(a + c, n, z)
 *     A <- (a + b) * (c + d) * (a + c) * (b + d); B <- a * d - b * c
 *     C <- if (B > n / 2) B - n / 2 else if (B >= 0) 0 else B
 *     phi <- if (A == 0) 0 else C / sqrt(A)
 *     th <- p2 - p1
 *     c(th,
 *       th - sqrt((p2 - w2[1])^2 - 2 * phi * (p2 - w2[1]) * (w1[2] - p1)
 *                 + (w1[2] - p1)^2),
 *       th + sqrt((w2[2] - p2)^2 - 2 * phi * (w2[2] - p2) * (p1 - w1[1])
 *                 + (p1 - w1[1])^2))
 *   }
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <cmocka.h>

#include "paired.h"

#define EPS 5e-6	/* the references are given to 6-7 decimals */

static void
near(double got, double want)
{
	if (!(fabs(got - want) <= EPS))
		fail_msg("got %.8f, want %.8f", got, want);
}

/* For p-values far below EPS: 7 significant digits. */
static void
near_rel(double got, double want)
{
	if (!(fabs(got / want - 1) <= 1e-6))
		fail_msg("got %.10g, want %.10g", got, want);
}

static void
test_change(void **state)
{
	struct paired_change pc;

	(void)state;
	/* d = 25 0 0 25 25 0 50 */
	paired_change(7, 125, 4375, STATS_LEVEL, &pc);
	near(pc.n, 7);
	near(pc.mean.est, 17.857143);
	near(pc.mean.lo, 0.379201);
	near(pc.mean.hi, 35.335085);
	near(pc.sd, 18.898224);
	near(pc.dz, 0.944911);
	/* A fall: the same pairs the other way round. */
	paired_change(7, -125, 4375, STATS_LEVEL, &pc);
	near(pc.mean.est, -17.857143);
	near(pc.mean.lo, -35.335085);
	near(pc.mean.hi, -0.379201);
	near(pc.dz, -0.944911);
}

static void
test_change_edges(void **state)
{
	struct paired_change pc;

	(void)state;
	/* No pairs: nothing. */
	paired_change(0, 0, 0, STATS_LEVEL, &pc);
	assert_true(isnan(pc.mean.est) && isnan(pc.mean.lo) && isnan(pc.mean.hi));
	assert_true(isnan(pc.sd) && isnan(pc.dz));
	/* One pair: its change, no interval, no SD, no d_z (R's t.test
	 * stops with "not enough 'x' observations"). */
	paired_change(1, 25, 625, STATS_LEVEL, &pc);
	near(pc.mean.est, 25);
	assert_true(isnan(pc.mean.lo) && isnan(pc.mean.hi));
	assert_true(isnan(pc.sd) && isnan(pc.dz));
	/*
	 * Everyone up by 25 (pre 50 75 35, post 75 100 60; R's t.test stops
	 * with "data are essentially constant"): the SD is 0, the interval
	 * the point itself, d_z undefined rather than infinite.
	 */
	paired_change(3, 75, 1875, STATS_LEVEL, &pc);
	near(pc.mean.est, 25);
	near(pc.mean.lo, 25);
	near(pc.mean.hi, 25);
	near(pc.sd, 0);
	assert_true(isnan(pc.dz));
}

static void
test_dav(void **state)
{
	struct stats_moments pre, post;

	(void)state;
	/* pre: sum 400, sum of squares 27500; post: 525, 41875. */
	stats_moments(7, 400, 27500, &pre);
	stats_moments(7, 525, 41875, &post);
	near(paired_dav(&pre, &post), 0.740502);
	near(paired_dav(&post, &pre), -0.740502);
	/* One pair, or no spread in either wave: no d_av. */
	stats_moments(1, 50, 2500, &pre);
	stats_moments(1, 75, 5625, &post);
	assert_true(isnan(paired_dav(&pre, &post)));
	stats_moments(3, 150, 7500, &pre);
	stats_moments(3, 225, 16875, &post);
	assert_true(isnan(paired_dav(&pre, &post)));
	stats_moments(0, 0, 0, &pre);
	stats_moments(0, 0, 0, &post);
	assert_true(isnan(paired_dav(&pre, &post)));
}

static void
newcombe_is(double a, double b, double c, double d, double est, double lo,
    double hi)
{
	struct stats_ci ci;

	paired_newcombe(a, b, c, d, STATS_LEVEL, &ci);
	near(ci.est, est);
	near(ci.lo, lo);
	near(ci.hi, hi);
}

static void
test_newcombe(void **state)
{
	struct stats_ci ci;

	(void)state;
	/*
	 * A published example: Cavo et al. (2012), complete response before
	 * and after consolidation therapy, a 59, b 6, c 16, d 80, in
	 * Fagerland, Lydersen and Laake, "Statistical Analysis of Contingency
	 * Tables" (CRC 2017), chapter 8: Newcombe's square-and-add interval
	 * for p1 - p2 is -0.0621 (-0.1186 to -0.0046), so 0.0621 (0.0046 to
	 * 0.1186) for the change post - pre; newcombe10() gives the digits.
	 */
	newcombe_is(59, 6, 16, 80, 0.0621118, 0.0046251, 0.1186212);
	/* Positive association, ad - bc = 310 > n/2: phi = 285 / sqrt(23 *
	 * 27 * 30 * 20). */
	newcombe_is(20, 3, 10, 17, 0.14, -0.0015760, 0.2713637);
	/* 0 < ad - bc = 1 <= n/2: phi corrected to 0. */
	newcombe_is(1, 1, 1, 2, 0, -0.4648684, 0.4648684);
	/* Negative association: phi uncorrected. */
	newcombe_is(2, 5, 6, 1, 0.0714286, -0.3526989, 0.4682738);
	/* b + c = 0: no change, an interval around it all the same. */
	newcombe_is(5, 0, 0, 5, 0, -0.1665932, 0.1665932);
	/* Proportions at 0 and at 1 in both waves (phi 0, empty margins). */
	newcombe_is(0, 0, 0, 10, 0, -0.2775328, 0.2775328);
	newcombe_is(10, 0, 0, 0, 0, -0.2775328, 0.2775328);
	/* From 0 to 1: everyone changed. */
	newcombe_is(0, 0, 10, 0, 1, 0.6075094, 1);
	/* One pair, from yes to no. */
	newcombe_is(0, 1, 0, 0, -1, -1, 0.1221087);
	/* No pairs. */
	paired_newcombe(0, 0, 0, 0, STATS_LEVEL, &ci);
	assert_true(isnan(ci.est) && isnan(ci.lo) && isnan(ci.hi));
	paired_newcombe(1, -1, 0, 0, STATS_LEVEL, &ci);
	assert_true(isnan(ci.est));
}

static void
test_mcnemar(void **state)
{
	(void)state;
	near(paired_mcnemar_p(3, 10), 0.092285156);
	near(paired_mcnemar_p(10, 3), 0.092285156);
	near(paired_mcnemar_p(0, 7), 0.015625);
	near(paired_mcnemar_p(6, 16), 0.05247879);	/* the Cavo et al. table */
	near_rel(paired_mcnemar_p(1, 20), 2.0980835e-05);
	/* min(1, ...): 2 P(X <= 2) > 1 for Bin(5, 1/2), and b = c. */
	near(paired_mcnemar_p(2, 3), 1);
	near(paired_mcnemar_p(5, 5), 1);
	/* Nobody changed. */
	near(paired_mcnemar_p(0, 0), 1);
	assert_true(isnan(paired_mcnemar_p(-1, 3)));
	assert_true(isnan(paired_mcnemar_p(1.5, 3)));
	assert_true(isnan(paired_mcnemar_p(NAN, 3)));
}

/*
 * Two independent proportions, Newcombe's (1998, Stat Med 17:873-890)
 * method 10.  His Table II example (a), 56/70 against 48/80, gives 0.0524
 * to 0.3339; the other values from R with the formula by hand:
 *
 *   nc <- function(k1, n1, k2, n2) {
 *     z <- qnorm(0.975); p1 <- k1 / n1; p2 <- k2 / n2
 *     w1 <- wilson(k1, n1, z); w2 <- wilson(k2, n2, z); th <- p2 - p1
 *     c(th, th - sqrt((p2 - w2[1])^2 + (w1[2] - p1)^2),
 *       th + sqrt((w2[2] - p2)^2 + (p1 - w1[1])^2))
 *   }
 */
static void
test_newcombe_indep(void **state)
{
	struct stats_ci ci;

	(void)state;
	paired_newcombe_indep(48, 80, 56, 70, STATS_LEVEL, &ci);
	near(ci.est, 0.2);
	near(ci.lo, 0.052431);
	near(ci.hi, 0.333873);
	paired_newcombe_indep(9, 10, 3, 10, STATS_LEVEL, &ci);
	near(ci.est, -0.6);
	near(ci.lo, -0.809018);
	near(ci.hi, -0.170523);
	paired_newcombe_indep(0, 10, 0, 20, STATS_LEVEL, &ci);
	near(ci.est, 0);
	near(ci.lo, -0.277533);
	near(ci.hi, 0.161125);
	paired_newcombe_indep(1, 0, 1, 2, STATS_LEVEL, &ci);
	assert_true(isnan(ci.est) && isnan(ci.lo) && isnan(ci.hi));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_change),
		cmocka_unit_test(test_change_edges),
		cmocka_unit_test(test_dav),
		cmocka_unit_test(test_newcombe),
		cmocka_unit_test(test_mcnemar),
		cmocka_unit_test(test_newcombe_indep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
