/*
 * lib/code_match.c: matching anonymous codes between pre and post, each
 * case worked out by hand in its comment.  A code is written as a string,
 * one character an element: the element's hash is that character repeated
 * with its position mixed in, '?' is "I don't know".
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "code_match.h"

static void
set_code(struct code_match_record *r, int64_t id, const char *code)
{
	memset(r, 0, sizeof(*r));
	r->id = id;
	for (int e = 0; code[e] != '\0'; e++) {
		if (code[e] == '?')
			continue;
		r->elem[e].known = true;
		memset(r->elem[e].hash, code[e], CODE_MATCH_HASH_LEN);
		r->elem[e].hash[0] = (unsigned char)e;
	}
}

/* Builds the records from NULL-terminated lists and matches them. */
static void
run(const char **pre, const char **post, int max_diff,
    struct code_match_result *r)
{
	struct code_match_record p[16], q[16];
	size_t np = 0, nq = 0;

	for (; pre[np] != NULL; np++)
		set_code(&p[np], (int64_t)np, pre[np]);
	for (; post[nq] != NULL; nq++)
		set_code(&q[nq], (int64_t)nq, post[nq]);
	assert_int_equal(code_match_run(p, np, q, nq, (int)strlen(pre[0] ?
	    pre[0] : post[0]), max_diff, r), 0);
}

static void
want_pair(const struct code_match_result *r, size_t m, size_t pre,
    size_t post, int diff)
{
	assert_true(m < r->npairs);
	assert_int_equal(r->pairs[m].pre, pre);
	assert_int_equal(r->pairs[m].post, post);
	assert_int_equal(r->pairs[m].diff, diff);
}

static void
want_counts(const struct code_match_result *r, size_t exact, size_t diff,
    size_t upre, size_t upost, size_t apre, size_t apost)
{
	assert_int_equal(r->matched_exact, exact);
	assert_int_equal(r->matched_diff, diff);
	assert_int_equal(r->npairs, exact + diff);
	assert_int_equal(r->unmatched_pre, upre);
	assert_int_equal(r->unmatched_post, upost);
	assert_int_equal(r->ambiguous_pre, apre);
	assert_int_equal(r->ambiguous_post, apost);
}

/* Three people, each the same code twice, listed in another order. */
static void
test_exact(void **state)
{
	const char *pre[] = { "abcd", "efgh", "ijkl", NULL };
	const char *post[] = { "ijkl", "abcd", "efgh", NULL };
	struct code_match_result r;

	(void)state;
	run(pre, post, 1, &r);
	want_counts(&r, 3, 0, 0, 0, 0, 0);
	want_pair(&r, 0, 0, 1, 0);
	want_pair(&r, 1, 1, 2, 0);
	want_pair(&r, 2, 2, 0, 0);
	assert_true(fabs(r.rate - 1.0) < 1e-12);
	code_match_result_free(&r);
}

/* abcd became abXd after: one difference, the nearest on both sides. */
static void
test_one_typo(void **state)
{
	const char *pre[] = { "abcd", "efgh", NULL };
	const char *post[] = { "efgh", "abXd", NULL };
	struct code_match_result r;

	(void)state;
	run(pre, post, 1, &r);
	want_counts(&r, 1, 1, 0, 0, 0, 0);
	want_pair(&r, 0, 0, 1, 1);
	want_pair(&r, 1, 1, 0, 0);
	code_match_result_free(&r);
}

/* aXcY is two away from abcd: left at max_diff 1, matched at 2. */
static void
test_two_typos(void **state)
{
	const char *pre[] = { "abcd", "efgh", NULL };
	const char *post[] = { "aXcY", "efgh", NULL };
	struct code_match_result r;

	(void)state;
	run(pre, post, 1, &r);
	want_counts(&r, 1, 0, 1, 1, 0, 0);
	want_pair(&r, 0, 1, 1, 0);
	code_match_result_free(&r);

	run(pre, post, 2, &r);
	want_counts(&r, 1, 1, 0, 0, 0, 0);
	want_pair(&r, 0, 0, 0, 2);
	want_pair(&r, 1, 1, 1, 0);
	code_match_result_free(&r);
}

/*
 * "I don't know" is a difference, even against another "I don't know":
 * ab?d against ab?d is one apart, never exact.
 */
static void
test_unknown_element(void **state)
{
	const char *pre[] = { "ab?d", "efgh", NULL };
	const char *post[] = { "ab?d", "efg?", NULL };
	struct code_match_result r;

	(void)state;
	run(pre, post, 1, &r);
	want_counts(&r, 0, 2, 0, 0, 0, 0);
	want_pair(&r, 0, 0, 0, 1);
	want_pair(&r, 1, 1, 1, 1);
	code_match_result_free(&r);

	run(pre, post, 0, &r);
	want_counts(&r, 0, 0, 2, 2, 0, 0);
	code_match_result_free(&r);
}

/* A code of unknowns only matches nothing, at any allowed max_diff. */
static void
test_all_unknown(void **state)
{
	const char *pre[] = { "????", "abcd", NULL };
	const char *post[] = { "????", "abc?", NULL };
	struct code_match_result r;

	(void)state;
	for (int d = 0; d <= 3; d++) {
		run(pre, post, d, &r);
		/* The two all-unknown records are four apart from anything. */
		for (size_t m = 0; m < r.npairs; m++)
			assert_true(r.pairs[m].pre != 0 && r.pairs[m].post != 0);
		code_match_result_free(&r);
	}
	run(pre, post, 1, &r);
	want_counts(&r, 0, 1, 1, 1, 0, 0);
	want_pair(&r, 0, 1, 1, 1);
	code_match_result_free(&r);
}

/*
 * Two pre respondents share abcd and one post has it: neither is matched,
 * all three are ambiguous; efgh is still matched.  The same with the
 * sharing on the post side, and with a near post abcX that both pre are
 * one away from.
 */
static void
test_shared_code(void **state)
{
	const char *pre[] = { "abcd", "abcd", "efgh", NULL };
	const char *post[] = { "efgh", "abcd", NULL };
	const char *pre2[] = { "abcd", NULL };
	const char *post2[] = { "abcd", "abcd", NULL };
	const char *post3[] = { "abcd", "abcX", NULL };
	struct code_match_result r;

	(void)state;
	run(pre, post, 1, &r);
	want_counts(&r, 1, 0, 2, 1, 2, 1);
	want_pair(&r, 0, 2, 0, 0);
	code_match_result_free(&r);

	run(pre2, post2, 1, &r);
	want_counts(&r, 0, 0, 1, 2, 1, 2);
	code_match_result_free(&r);

	run(pre, post3, 1, &r);
	want_counts(&r, 0, 0, 3, 2, 2, 2);
	code_match_result_free(&r);
}

/* Only before, only after: unmatched, not ambiguous. */
static void
test_one_side_only(void **state)
{
	const char *pre[] = { "abcd", "efgh", "ijkl", NULL };
	const char *post[] = { "abcd", "mnop", NULL };
	struct code_match_result r;

	(void)state;
	run(pre, post, 1, &r);
	want_counts(&r, 1, 0, 2, 1, 0, 0);
	want_pair(&r, 0, 0, 0, 0);
	assert_true(fabs(r.rate - 0.5) < 1e-12);	/* 1 of min(3, 2) */
	code_match_result_free(&r);
}

/*
 * abcd is one away from both abcX and abYd: a tie, nobody matched.  When
 * a third pre abYd takes abYd exactly, the tie is broken and the next
 * pass matches abcd with abcX.
 */
static void
test_tie(void **state)
{
	const char *pre[] = { "abcd", NULL };
	const char *post[] = { "abcX", "abYd", NULL };
	const char *pre2[] = { "abcd", "abYd", NULL };
	const char *post2[] = { "abcX", "abYd", NULL };
	struct code_match_result r;

	(void)state;
	run(pre, post, 1, &r);
	want_counts(&r, 0, 0, 1, 2, 1, 2);
	code_match_result_free(&r);

	run(pre2, post2, 1, &r);
	want_counts(&r, 1, 1, 0, 0, 0, 0);
	want_pair(&r, 0, 0, 0, 1);
	want_pair(&r, 1, 1, 1, 0);
	code_match_result_free(&r);

	/*
	 * Two pre one away from one post and from nothing else: the post's
	 * nearest is not unique, so neither is matched.
	 */
	const char *pre3[] = { "abcX", "abcY", NULL };
	const char *post3[] = { "abcd", NULL };
	run(pre3, post3, 1, &r);
	want_counts(&r, 0, 0, 2, 1, 2, 1);
	code_match_result_free(&r);

	/*
	 * A pass of step 2 breaks a tie for the next one, at max_diff 2: abcd
	 * is two away from both aPQd and abRS, but abRT is one away from abRS
	 * (and three from aPQd), so the first pass matches abRT with abRS and
	 * the second abcd with aPQd; a third finds nothing more.
	 */
	const char *pre4[] = { "abcd", "abRT", NULL };
	const char *post4[] = { "aPQd", "abRS", NULL };
	run(pre4, post4, 2, &r);
	want_counts(&r, 0, 2, 0, 0, 0, 0);
	want_pair(&r, 0, 0, 0, 2);
	want_pair(&r, 1, 1, 1, 1);
	assert_int_equal(r.passes, 3);
	code_match_result_free(&r);
}

/* max_diff 0: exact only, the typo is left and not ambiguous. */
static void
test_max_diff_zero(void **state)
{
	const char *pre[] = { "abcd", "efgh", NULL };
	const char *post[] = { "abcd", "efgX", NULL };
	struct code_match_result r;

	(void)state;
	run(pre, post, 0, &r);
	want_counts(&r, 1, 0, 1, 1, 0, 0);
	want_pair(&r, 0, 0, 0, 0);
	code_match_result_free(&r);
}

/* Empty sides, and k or max_diff out of range. */
static void
test_empty_and_range(void **state)
{
	struct code_match_record one;
	struct code_match_result r;

	(void)state;
	set_code(&one, 1, "abcd");
	assert_int_equal(code_match_run(NULL, 0, NULL, 0, 4, 1, &r), 0);
	want_counts(&r, 0, 0, 0, 0, 0, 0);
	assert_true(isnan(r.rate));
	code_match_result_free(&r);

	assert_int_equal(code_match_run(&one, 1, NULL, 0, 4, 1, &r), 0);
	want_counts(&r, 0, 0, 1, 0, 0, 0);
	assert_true(isnan(r.rate));
	code_match_result_free(&r);

	assert_int_equal(code_match_run(NULL, 0, &one, 1, 4, 1, &r), 0);
	want_counts(&r, 0, 0, 0, 1, 0, 0);
	code_match_result_free(&r);

	assert_int_equal(code_match_run(&one, 1, &one, 1, 3, 1, &r), -1);
	assert_null(r.pairs);
	assert_int_equal(code_match_run(&one, 1, &one, 1, 7, 1, &r), -1);
	assert_int_equal(code_match_run(&one, 1, &one, 1, 4, 4, &r), -1);
	assert_int_equal(code_match_run(&one, 1, &one, 1, 4, -1, &r), -1);
	set_code(&one, 1, "abcdef");
	assert_int_equal(code_match_run(&one, 1, &one, 1, 6, 5, &r), 0);
	want_counts(&r, 1, 0, 0, 0, 0, 0);
	code_match_result_free(&r);
}

/*
 * 10,000 x 10,000 codes of six elements: post j is pre j with, for one in
 * ten, one element changed to a value nobody else has and, for one in
 * twenty, an unknown.  Element values come from small alphabets (month,
 * letters, counts), so unrelated codes collide as real ones do.  The time
 * is printed for the record, never checked; the counts are only checked
 * to be consistent.
 */
static void
test_large(void **state)
{
	enum { N = 10000, K = 6 };
	struct code_match_record *p = calloc(N, sizeof(*p));
	struct code_match_record *q = calloc(N, sizeof(*q));
	static const int alphabet[K] = { 12, 26, 26, 6, 26, 31 };
	struct code_match_result r;
	struct timespec t0, t1;
	unsigned int seed = 15;

	(void)state;
	assert_non_null(p);
	assert_non_null(q);
	for (size_t i = 0; i < N; i++) {
		p[i].id = (int64_t)i;
		for (int e = 0; e < K; e++) {
			seed = seed * 1103515245u + 12345u;
			p[i].elem[e].known = true;
			p[i].elem[e].hash[0] = (unsigned char)e;
			p[i].elem[e].hash[1] =
			    (unsigned char)((seed >> 16) % alphabet[e]);
		}
		q[i] = p[i];
		if (i % 10 == 1) {
			int e = (int)(i / 10 % K);
			memcpy(&q[i].elem[e].hash[2], &i, sizeof(i));
			q[i].elem[e].hash[31] = 0xff;
		} else if (i % 20 == 3) {
			q[i].elem[i / 20 % K].known = false;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(code_match_run(p, N, q, N, K, 1, &r), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("# code_match 10000 x 10000, k 6: %.3f s, %d passes of step 2, "
	    "%zu exact, %zu near, %zu ambiguous pre, rate %.4f\n",
	    (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, r.passes,
	    r.matched_exact, r.matched_diff, r.ambiguous_pre, r.rate);
	assert_int_equal(r.npairs + r.unmatched_pre, N);
	assert_int_equal(r.npairs + r.unmatched_post, N);
	assert_true(r.ambiguous_pre <= r.unmatched_pre);
	/* Every pair is within max_diff and one-to-one. */
	bool *seen = calloc(N, sizeof(*seen));
	assert_non_null(seen);
	for (size_t m = 0; m < r.npairs; m++) {
		assert_true(r.pairs[m].diff <= 1);
		assert_false(seen[r.pairs[m].post]);
		seen[r.pairs[m].post] = true;
	}
	free(seen);
	code_match_result_free(&r);
	free(p);
	free(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact),
		cmocka_unit_test(test_one_typo),
		cmocka_unit_test(test_two_typos),
		cmocka_unit_test(test_unknown_element),
		cmocka_unit_test(test_all_unknown),
		cmocka_unit_test(test_shared_code),
		cmocka_unit_test(test_one_side_only),
		cmocka_unit_test(test_tie),
		cmocka_unit_test(test_max_diff_zero),
		cmocka_unit_test(test_empty_and_range),
		cmocka_unit_test(test_large),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
