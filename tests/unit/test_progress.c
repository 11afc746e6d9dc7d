/*
 * Unit tests of lib/progress.c against values computed independently
 * with scipy 1.10 (python3-scipy), as run:
 *
 *   from scipy import stats; import numpy as np
 *   def proj(x, y, x0):
 *       r = stats.linregress(x, y); n = len(x); y0 = r.intercept + r.slope * x0
 *       s = np.sqrt(np.sum((y - (r.intercept + r.slope * x))**2) / (n - 2))
 *       h = stats.t.ppf(0.975, n - 2) * s * np.sqrt(1 / n + (x0 - x.mean())**2
 *           / np.sum((x - x.mean())**2))
 *       return y0, y0 - h, y0 + h
 *   proj(np.array([14.5, 45, 73.5, 104.5, 135]),
 *        np.array([120, 260, 410, 530, 700]), 365)
 *       # 1786.138626, 1662.079245, 1910.198007
 *   proj(np.array([0, 30, 60]), np.array([50.0, 52.5, 51.0]), 120)
 *       # 52.666667, 7.049996, 98.283338
 *
 * No value here was produced by the code under test.
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "progress.h"

#define EPS 5e-6

static void
near(double got, double want)
{
	if (fabs(got - want) > EPS * fmax(1, fabs(want)))
		fail_msg("got %.8f, want %.8f", got, want);
}

static void
test_project(void **state)
{
	static const double x1[] = { 14.5, 45, 73.5, 104.5, 135 };
	static const double y1[] = { 120, 260, 410, 530, 700 };
	static const double x2[] = { 0, 30, 60 }, y2[] = { 50, 52.5, 51 };
	static const double same[] = { 10, 10, 10 };
	struct stats_ci ci;

	(void)state;
	progress_project(x1, y1, 5, 365, 0.95, &ci);
	near(ci.est, 1786.138626);
	near(ci.lo, 1662.079245);
	near(ci.hi, 1910.198007);
	progress_project(x2, y2, 3, 120, 0.95, &ci);
	near(ci.est, 52.666667);
	near(ci.lo, 7.049996);
	near(ci.hi, 98.283338);
	/* Two points, or one distinct x: no line to read. */
	progress_project(x2, y2, 2, 120, 0.95, &ci);
	assert_true(isnan(ci.est) && isnan(ci.lo) && isnan(ci.hi));
	progress_project(same, y2, 3, 120, 0.95, &ci);
	assert_true(isnan(ci.est));
}

static void
test_percent(void **state)
{
	(void)state;
	near(progress_percent(400, 700, 1000), 50);
	near(progress_percent(10, 4, 0), 60);	/* a gap from 10 towards 0 */
	near(progress_percent(400, 1200, 1000), 133.333333);
	near(progress_percent(400, 300, 1000), -16.666667);
	assert_true(isnan(progress_percent(5, 5, 5)));
	assert_true(isnan(progress_percent(NAN, 5, 6)));
}

static void
test_status(void **state)
{
	struct stats_ci p = { 900, 800, 1000 }, none = { NAN, NAN, NAN };

	(void)state;
	/* Up: target 1000. */
	assert_int_equal(progress_status(PROGRESS_UP, 1000, 1000, &p), PROGRESS_MET);
	assert_int_equal(progress_status(PROGRESS_UP, 500, 850, &p), PROGRESS_ON_TRACK);
	assert_int_equal(progress_status(PROGRESS_UP, 500, 1000, &p), PROGRESS_AT_RISK);
	assert_int_equal(progress_status(PROGRESS_UP, 500, 1001, &p), PROGRESS_OFF_TRACK);
	/* Down (a gap's size): target 3, projection 4 [2, 6]. */
	p = (struct stats_ci){ 4, 2, 6 };
	assert_int_equal(progress_status(PROGRESS_DOWN, 3, 3, &p), PROGRESS_MET);
	assert_int_equal(progress_status(PROGRESS_DOWN, 8, 5, &p), PROGRESS_ON_TRACK);
	assert_int_equal(progress_status(PROGRESS_DOWN, 8, 3, &p), PROGRESS_AT_RISK);
	assert_int_equal(progress_status(PROGRESS_DOWN, 8, 1, &p), PROGRESS_OFF_TRACK);
	/* No projection: met or not enough data. */
	assert_int_equal(progress_status(PROGRESS_UP, 1200, 1000, &none), PROGRESS_MET);
	assert_int_equal(progress_status(PROGRESS_UP, 500, 1000, &none), PROGRESS_NONE);
	assert_string_equal(progress_status_name(PROGRESS_AT_RISK), "at risk");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_project),
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
