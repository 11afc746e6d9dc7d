#ifndef BELONG_CODE_MATCH_H
#define BELONG_CODE_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Matching the anonymous self-generated codes of a program's pre and post
 * responses (belong program match).  Each code has k elements (4 to 6),
 * each either the keyed hash of an answer or "I don't know".  Two elements
 * agree only when both are known and their hashes are equal: an unknown
 * agrees with nothing, not even another unknown.  The difference of two
 * codes is the number of elements that do not agree.
 *
 * Matching is one-to-one, in two steps:
 *
 *  1. exact: a pre and a post whose every element agrees, when the pre has
 *     exactly one such post and the post exactly one such pre (two people
 *     sharing a code are left, never guessed);
 *  2. near: among the records left, a pre and a post at most max_diff apart
 *     are matched when each is the other's unique nearest candidate (the
 *     pre's fewest-differences post is unique and is that post, and that
 *     post's fewest-differences pre is unique and is that pre).  All such
 *     pairs of a pass are taken together (they are disjoint, so the result
 *     does not depend on the order of the records); the pass is repeated on
 *     what is left until it matches nothing more.  Repeating lets a record
 *     whose tie involved a record that has since found a strictly nearer
 *     partner be matched with the one candidate remaining; a removed pair
 *     was each other's unique nearest, so no remaining record loses a
 *     partner it was nearer to.
 *
 * max_diff runs from 0 to k - 1, so a matched pair always agrees on at
 * least one element and a code of unknowns only is never matched.
 *
 * Cost: elements are first replaced by small integers (a sort of the
 * hashes of each position), then each pass compares every remaining pre
 * with every remaining post, O(P Q k) integer comparisons, and memory
 * O((P + Q) k).  Step 1 is one such pass; 10,000 x 10,000 codes of six
 * elements take about a quarter of a second a pass (tests/unit/
 * test_code_match.c prints the figure), and codes with typos settle in
 * two or three passes of step 2.  A chain of ties broken one at a time
 * could need up to min(P, Q) passes.
 */

#define CODE_MATCH_HASH_LEN 32
#define CODE_MATCH_MIN_K 4
#define CODE_MATCH_MAX_K 6
#define CODE_MATCH_DEFAULT_MAX_DIFF 1

struct code_match_element {
	bool known;		/* false: the respondent answered "I don't know" */
	unsigned char hash[CODE_MATCH_HASH_LEN];	/* HMAC, when known */
};

struct code_match_record {
	int64_t id;		/* the caller's; not looked at */
	struct code_match_element elem[CODE_MATCH_MAX_K];	/* the first k */
};

struct code_match_pair {
	size_t pre;		/* index into the pre array */
	size_t post;		/* index into the post array */
	int diff;		/* elements that do not agree, 0 .. max_diff */
};

struct code_match_result {
	struct code_match_pair *pairs;	/* in the order of pre */
	size_t npairs;
	size_t matched_exact;	/* pairs with diff 0 */
	size_t matched_diff;	/* pairs with diff >= 1 */
	size_t unmatched_pre;	/* all pre records not matched ... */
	size_t unmatched_post;	/* ... and post records, ambiguous included */
	/*
	 * Unmatched records left because of a tie: those that still have a
	 * candidate within max_diff among the unmatched records of the other
	 * side.  A record with no candidate at all is unmatched but not
	 * ambiguous.
	 */
	size_t ambiguous_pre;
	size_t ambiguous_post;
	/* npairs / min(npre, npost); NAN when either side is empty. */
	double rate;
	int passes;		/* passes of step 2, for the record */
};

/*
 * Matches npre pre codes with npost post codes of k elements, allowing
 * max_diff differences in step 2.  Either array may be empty (NULL with a
 * count of 0).  Fills *out, whose pairs the caller frees with
 * code_match_result_free.  Returns 0, or -1 when k or max_diff is out of
 * range (*out is then zeroed, with nothing to free).  Exits when memory
 * runs out (xalloc: the CLI's allocator).
 */
int code_match_run(const struct code_match_record *pre, size_t npre,
    const struct code_match_record *post, size_t npost, int k, int max_diff,
    struct code_match_result *out) __attribute__((warn_unused_result));

void code_match_result_free(struct code_match_result *r);

#endif
