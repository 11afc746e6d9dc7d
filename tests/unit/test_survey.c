/*
 * Unit tests of lib/survey.c and the p-values and adjustments of
 * lib/stats.c against R 4.1 with the survey package 4.1-1 (Lumley).  The
 * data set, with the R code that gave each expected value:
 *
 *   library(survey)
 *   x <- data.frame(
 *     ev = c(1,1,1,2,2,2,2,3,3,4,4,4,4,4),
 *     y  = c(50,75,100,25,50,50,NA,100,75,0,25,50,25,NA),
 *     g  = c(1,0,1,0,0,0,1,1,1,0,0,0,0,1),
 *     a  = c(1,0,1,0,1,0,0,1,1,0,0,1,0,NA),
 *     x  = c(0,0,1,0,1,1,1,0,1,0,0,1,1,1))
 *   d <- svydesign(ids = ~ev, data = x)
 *
 * Four clusters (events); y an index with two skipped, g a group that has
 * no member with a y in events 2 and 4, a a yes/no answer, x a period.
 * The cells below are the per-event counts and sums of those rows.
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <cmocka.h>

#include "stats.h"
#include "survey.h"

#define EPS 5e-6	/* R printed 10 significant digits */

static void
near(double got, double want)
{
	if (!(fabs(got - want) <= EPS * fmax(1, fabs(want))))
		fail_msg("got %.10f, want %.10f", got, want);
}

/* y per event, and of the members of g. */
static const struct survey_cell y_all[] = {
	{ 3, 225 }, { 3, 125 }, { 2, 175 }, { 4, 100 },
};
static const struct survey_cell y_g[] = {
	{ 2, 150 }, { 0, 0 }, { 2, 175 }, { 0, 0 },
};

static void
test_mean(void **state)
{
	struct survey_est e;

	(void)state;
	/*
	 * dd <- subset(d, !is.na(y)); m <- svymean(~y, dd, deff = "replace")
	 * confint(m, df = degf(dd))
	 *   mean 52.083333, SE 14.41982856, DEff 2.595967889, degf 3,
	 *   [6.193003203, 97.97366346]
	 */
	assert_int_equal(survey_domain_clusters(y_all, 4), 4);
	survey_mean(y_all, 4, 4, 3, 0.95, &e);
	near(e.est, 52.0833333333);
	near(e.se, 14.41982856);
	near(e.lo, 6.193003203);
	near(e.hi, 97.97366346);
	/* sum of squares of the twelve y: 43125 */
	near(survey_deff(e.se, 12, 625, 43125), 2.595967889);
}

static void
test_domain_mean(void **state)
{
	struct survey_est e;

	(void)state;
	/*
	 * The group keeps the four clusters of the design (z is 0 in the
	 * others) but has 1 degree of freedom: two clusters with members.
	 *   dg <- subset(d, g == 1 & !is.na(y)); mg <- svymean(~y, dg)
	 *   c(coef(mg), SE(mg), degf(dg)); confint(mg, df = degf(dg))
	 *   81.25, 5.103103631, 1, [16.40892048, 146.0910795]
	 */
	assert_int_equal(survey_domain_clusters(y_g, 4), 2);
	survey_mean(y_g, 4, 4, survey_domain_clusters(y_g, 4) - 1, 0.95, &e);
	near(e.est, 81.25);
	near(e.se, 5.103103631);
	near(e.lo, 16.40892048);
	near(e.hi, 146.0910795);
	/* One cluster: no variance, no interval. */
	survey_mean(y_all, 1, 1, 0, 0.95, &e);
	near(e.est, 75);
	assert_true(isnan(e.se) && isnan(e.lo) && isnan(e.hi));
	/* Nobody. */
	survey_mean(y_g + 1, 1, 4, 0, 0.95, &e);
	assert_true(isnan(e.est));
}

static void
test_gap(void **state)
{
	struct survey_est e;

	(void)state;
	/*
	 * fit <- svyglm(y ~ g, d); coef(fit); SE(fit); confint(fit, ddf = degf(d))
	 *   g: 43.75, SE 12.23681263, [4.807000858, 82.69299914]
	 * tt <- coef(fit)[2] / SE(fit)[2]; 2 * pt(-abs(tt), degf(d))
	 *   0.03741155863
	 */
	survey_gap(y_g, y_all, 4, 4, 3, 0.95, &e);
	near(e.est, 43.75);
	near(e.se, 12.23681263);
	near(e.lo, 4.807000858);
	near(e.hi, 82.69299914);
	near(stats_t_p(e.est / e.se, 3), 0.03741155863);
}

static void
test_prop(void **state)
{
	/* a per event: answers and yes */
	static const struct survey_cell a_all[] = { { 3, 2 }, { 4, 1 }, { 2, 2 }, { 4, 1 } };
	static const struct survey_cell a_g0[] = { { 1, 0 }, { 3, 1 }, { 0, 0 }, { 4, 1 } };
	static const struct survey_cell none[] = { { 3, 0 }, { 4, 0 }, { 2, 0 } };
	static const struct survey_cell every[] = { { 3, 3 }, { 4, 4 }, { 2, 2 } };
	struct survey_est e;

	(void)state;
	/*
	 * da <- subset(d, !is.na(a)); attr(svyciprop(~I(a == 1), da,
	 * method = "beta"), "ci")
	 *   0.4615385, [0.07643676348, 0.88758584200]
	 */
	survey_prop(a_all, 4, 4, 3, 0.95, &e);
	near(e.est, 6.0 / 13);
	near(e.lo, 0.07643676348);
	near(e.hi, 0.88758584200);
	/*
	 * dag <- subset(d, !is.na(a) & g == 0): degf 2, nrow 8
	 *   0.25, [0.09172866954, 0.47975505620]
	 */
	survey_prop(a_g0, 4, 4, survey_domain_clusters(a_g0, 4) - 1, 0.95, &e);
	near(e.est, 0.25);
	near(e.lo, 0.09172866954);
	near(e.hi, 0.47975505620);
	/*
	 * Nobody (or everyone) says yes: no variance, R gives no interval;
	 * n_eff is n, so the bounds are Clopper-Pearson's for 0 of n_eff:
	 *   n <- 9; r <- (qt(0.025, n - 1) / qt(0.025, 2))^2
	 *   c(n * r, qbeta(0.975, 1, n * r)): 2.585175803, 0.759956621
	 */
	survey_prop(none, 3, 3, 2, 0.95, &e);
	near(e.est, 0);
	near(e.lo, 0);
	near(e.hi, 0.759956621);
	survey_prop(every, 3, 3, 2, 0.95, &e);
	near(e.est, 1);
	near(e.lo, 1 - 0.759956621);
	near(e.hi, 1);
	/* No degrees of freedom: no interval. */
	survey_prop(a_all, 1, 1, 0, 0.95, &e);
	assert_true(isnan(e.lo) && isnan(e.hi));
}

static void
test_qbeta(void **state)
{
	(void)state;
	/*
	 * qbeta(0.025, 5000, 5001), qbeta(0.975, 5001, 5000),
	 * qbeta(0.975, 1001, 99000), qbeta(0.025, 2, 3):
	 *   0.4901513805900 0.5098486194100 0.0106361115294 0.0675859864885
	 * (GSL's gsl_cdf_beta_Pinv does not converge for the first two.)
	 */
	near(survey_qbeta(0.025, 5000, 5001), 0.4901513805900);
	near(survey_qbeta(0.975, 5001, 5000), 0.5098486194100);
	near(survey_qbeta(0.975, 1001, 99000), 0.0106361115294);
	near(survey_qbeta(0.025, 2, 3), 0.0675859864885);
	/* A share near 1: qbeta(0.025, 422.5, 1.81) = 0.987690300858 (GSL
	 * aborts in its error handler here). */
	near(survey_qbeta(0.025, 422.5, 1.81), 0.987690300858);
}

static void
test_slope(void **state)
{
	/* y by event and x: its count and sum */
	static const struct survey_xcell c[] = {
		{ 0, 0, 2, 125 }, { 0, 1, 1, 100 },
		{ 1, 0, 1, 25 }, { 1, 1, 2, 100 },
		{ 2, 0, 1, 100 }, { 2, 1, 1, 75 },
		{ 3, 0, 2, 25 }, { 3, 1, 2, 75 },
	};
	struct survey_est e;

	(void)state;
	/*
	 * fs <- svyglm(y ~ x, d); coef(fs); SE(fs); confint(fs, ddf = degf(d))
	 *   x: 12.5, SE 8.857002995, [-15.68693646, 40.68693646]
	 */
	survey_slope(c, 8, 4, 3, 0.95, &e);
	near(e.est, 12.5);
	near(e.se, 8.857002995);
	near(e.lo, -15.68693646);
	near(e.hi, 40.68693646);
	/* One x: no slope. */
	survey_slope(c, 1, 4, 3, 0.95, &e);
	assert_true(isnan(e.est));
}

static void
test_p_and_adjust(void **state)
{
	double p[] = { 0.01, NAN, 0.04, 0.03, 0.2 }, q[5];

	(void)state;
	/* 2 * pt(-2.5, 7): 0.04099221859 */
	near(stats_t_p(2.5, 7), 0.04099221859);
	near(stats_t_p(-2.5, 7), 0.04099221859);
	assert_true(isnan(stats_t_p(NAN, 7)));
	/* p.adjust(c(0.01, NA, 0.04, 0.03, 0.2), "holm"): 0.04 NA 0.09 0.09 0.20 */
	stats_adjust(p, q, 5, STATS_ADJUST_HOLM);
	near(q[0], 0.04);
	assert_true(isnan(q[1]));
	near(q[2], 0.09);
	near(q[3], 0.09);
	near(q[4], 0.2);
	/* ... "BH": 0.04 NA 0.05333333333 0.05333333333 0.2 */
	stats_adjust(p, q, 5, STATS_ADJUST_BH);
	near(q[0], 0.04);
	assert_true(isnan(q[1]));
	near(q[2], 0.05333333333);
	near(q[3], 0.05333333333);
	near(q[4], 0.2);
	stats_adjust(p, q, 5, STATS_ADJUST_NONE);
	near(q[2], 0.04);
	/* In place, and an empty family. */
	stats_adjust(p, p, 5, STATS_ADJUST_HOLM);
	near(p[0], 0.04);
	stats_adjust(p, q, 0, STATS_ADJUST_HOLM);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mean),
		cmocka_unit_test(test_domain_mean),
		cmocka_unit_test(test_gap),
		cmocka_unit_test(test_prop),
		cmocka_unit_test(test_qbeta),
		cmocka_unit_test(test_slope),
		cmocka_unit_test(test_p_and_adjust),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
