/*
 * lib/suppress.c: primary and complementary suppression of linked
 * tables, each case worked out by hand in its comment.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "suppress.h"

/* One line of n cells and their total; returns the table. */
static struct suppress *
one_line(const double *n, int k, double total, bool total_sup, int *cells)
{
	struct suppress *t = suppress_new();

	for (int i = 0; i < k; i++)
		cells[i] = suppress_cell(t, n[i]);
	cells[k] = suppress_fixed(t, total, total_sup);
	suppress_line(t, cells, k + 1);
	return t;
}

static void
test_one_line(void **state)
{
	int c[8];
	struct suppress *t;

	(void)state;
	/* None small: nothing. */
	{
		double n[] = { 10, 20, 30 };

		t = one_line(n, 3, 60, false, c);
		assert_int_equal(suppress_run(t, 10), 0);
		suppress_free(t);
	}
	/* One small (3): the next smallest non-zero (12) goes too, not 40;
	 * the empty group is suppressed but never the complement. */
	{
		double n[] = { 40, 3, 12, 0, 25 };

		t = one_line(n, 5, 80, false, c);
		assert_int_equal(suppress_run(t, 10), 3);
		assert_false(suppress_is(t, c[0]));
		assert_true(suppress_is(t, c[1]));
		assert_true(suppress_is(t, c[2]));
		assert_true(suppress_is(t, c[3]));
		assert_false(suppress_is(t, c[4]));
		assert_false(suppress_is(t, c[5]));
		suppress_free(t);
	}
	/* Two small: nothing more. */
	{
		double n[] = { 40, 3, 9, 25 };

		t = one_line(n, 4, 77, false, c);
		assert_int_equal(suppress_run(t, 10), 2);
		assert_true(suppress_is(t, c[1]) && suppress_is(t, c[2]));
		suppress_free(t);
	}
	/* Equals: the first of them. */
	{
		double n[] = { 2, 30, 30 };

		t = one_line(n, 3, 62, false, c);
		assert_int_equal(suppress_run(t, 10), 2);
		assert_true(suppress_is(t, c[1]));
		assert_false(suppress_is(t, c[2]));
		suppress_free(t);
	}
	/* Only empty groups small: nothing to protect. */
	{
		double n[] = { 0, 12, 0, 40 };

		t = one_line(n, 4, 52, false, c);
		assert_int_equal(suppress_run(t, 10), 2);
		assert_false(suppress_is(t, c[1]) || suppress_is(t, c[3]));
		suppress_free(t);
	}
	/* The total suppressed elsewhere and everything shown: the total is
	 * the one hidden cell, so the smallest (12) goes. */
	{
		double n[] = { 40, 12, 25 };

		t = one_line(n, 3, 77, true, c);
		assert_int_equal(suppress_run(t, 10), 1);
		assert_true(suppress_is(t, c[1]));
		suppress_free(t);
	}
}

/* A forced cell (inside a suppressed margin) is suppressed at any n, and
 * then needs a complement like any. */
static void
test_forced(void **state)
{
	struct suppress *t = suppress_new();
	int c[4];

	(void)state;
	c[0] = suppress_cell(t, 50);
	c[1] = suppress_cell(t, 30);
	c[2] = suppress_cell(t, 20);
	c[3] = suppress_fixed(t, 100, false);
	suppress_force(t, c[1]);
	suppress_line(t, c, 4);
	assert_int_equal(suppress_run(t, 10), 2);
	assert_true(suppress_is(t, c[1]) && suppress_is(t, c[2]));
	assert_false(suppress_is(t, c[0]));
	suppress_free(t);
}

/* A 2 x 3 table with both margins fixed and shown: its cells in c. */
static struct suppress *
two_way(const double n[2][3], const double row[2], const double col[3],
    int c[2][3])
{
	struct suppress *t = suppress_new();
	int line[4];

	for (int r = 0; r < 2; r++)
		for (int g = 0; g < 3; g++)
			c[r][g] = suppress_cell(t, n[r][g]);
	for (int r = 0; r < 2; r++) {
		for (int g = 0; g < 3; g++)
			line[g] = c[r][g];
		line[3] = suppress_fixed(t, row[r], false);
		suppress_line(t, line, 4);
	}
	for (int g = 0; g < 3; g++) {
		line[0] = c[0][g];
		line[1] = c[1][g];
		line[2] = suppress_fixed(t, col[g], false);
		suppress_line(t, line, 3);
	}
	return t;
}

/*
 * Two lines that cross: a 2 x 3 table with both margins fixed and shown.
 *
 *        g1  g2  g3 | row
 *   r1   30   3  40 |  73
 *   r2   25  20  35 |  80
 *   col  55  23  75 | 153
 *
 * r1.g2 (3) is small: its row takes r1.g1 (30, the smallest other); its
 * column g2 then has one hidden cell and takes r2.g2 (20); column g1 has
 * r1.g1 hidden and takes r2.g1 (25); row r2 then has two.  Every line
 * ends with none or two hidden cells.
 */
static void
test_two_way(void **state)
{
	static const double n[2][3] = { { 30, 3, 40 }, { 25, 20, 35 } };
	static const double row[2] = { 73, 80 }, col[3] = { 55, 23, 75 };
	int c[2][3];
	struct suppress *t = two_way(n, row, col, c);

	(void)state;
	assert_int_equal(suppress_run(t, 10), 4);
	assert_true(suppress_is(t, c[0][0]) && suppress_is(t, c[0][1]));
	assert_true(suppress_is(t, c[1][0]) && suppress_is(t, c[1][1]));
	assert_false(suppress_is(t, c[0][2]) || suppress_is(t, c[1][2]));
	suppress_free(t);
}

/*
 * A cell that another line already gives away is no protection: here g2's
 * column has one non-empty cell, equal to its published total, so row r1
 * takes g3 (15) rather than g2 (12), and the columns then take r2's.
 *
 *        g1  g2  g3 | row
 *   r1    3  12  15 |  30
 *   r2   20   0  25 |  45
 *   col  23  12  40 |  75
 */
static void
test_not_determined(void **state)
{
	static const double n[2][3] = { { 3, 12, 15 }, { 20, 0, 25 } };
	static const double row[2] = { 30, 45 }, col[3] = { 23, 12, 40 };
	int c[2][3];
	struct suppress *t = two_way(n, row, col, c);

	(void)state;
	suppress_run(t, 10);
	assert_false(suppress_is(t, c[0][1]));
	assert_true(suppress_is(t, c[0][0]) && suppress_is(t, c[0][2]));
	assert_true(suppress_is(t, c[1][0]) && suppress_is(t, c[1][2]));
	suppress_free(t);
}

/* A fixed cell is never chosen: with only fixed cells left to take, the
 * line stays as it is (its margin decided it elsewhere). */
static void
test_fixed_never_chosen(void **state)
{
	struct suppress *t = suppress_new();
	int c[3];

	(void)state;
	c[0] = suppress_cell(t, 4);
	c[1] = suppress_fixed(t, 30, false);
	c[2] = suppress_fixed(t, 34, false);
	suppress_line(t, c, 3);
	assert_int_equal(suppress_run(t, 10), 1);
	assert_false(suppress_is(t, c[1]) || suppress_is(t, c[2]));
	suppress_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_line),
		cmocka_unit_test(test_forced),
		cmocka_unit_test(test_two_way),
		cmocka_unit_test(test_not_determined),
		cmocka_unit_test(test_fixed_never_chosen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
