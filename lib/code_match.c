/*
 * Matching anonymous codes between pre and post (code_match.h).  The
 * hashes are compared once, when each element position's hashes are
 * sorted and numbered; the passes then compare integers only.
 */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "code_match.h"
#include "xalloc.h"

#define UNKNOWN (-1)		/* the number of an unknown element */

struct slot {
	const unsigned char *hash;
	int32_t *num;		/* where the element's number goes */
};

/* Best candidates of one record in the current pass. */
struct best {
	int diff;		/* INT_MAX: none within max_diff */
	size_t count;		/* candidates at that difference */
	size_t which;		/* the candidate, when count == 1 */
};

static int
slot_cmp(const void *a, const void *b)
{
	return memcmp(((const struct slot *)a)->hash,
	    ((const struct slot *)b)->hash, CODE_MATCH_HASH_LEN);
}

/*
 * Numbers each known element so that two elements of the same position
 * get the same number exactly when their hashes are equal; unknown ones
 * get UNKNOWN.  pnum and qnum are k numbers a record.
 */
static void
number_elements(const struct code_match_record *pre, size_t npre,
    const struct code_match_record *post, size_t npost, int k,
    int32_t *pnum, int32_t *qnum)
{
	struct slot *s = xcalloc(npre + npost + 1, sizeof(*s));

	for (int e = 0; e < k; e++) {
		size_t n = 0;

		for (size_t i = 0; i < npre; i++) {
			pnum[i * k + e] = UNKNOWN;
			if (pre[i].elem[e].known)
				s[n++] = (struct slot){ pre[i].elem[e].hash,
				    &pnum[i * k + e] };
		}
		for (size_t j = 0; j < npost; j++) {
			qnum[j * k + e] = UNKNOWN;
			if (post[j].elem[e].known)
				s[n++] = (struct slot){ post[j].elem[e].hash,
				    &qnum[j * k + e] };
		}
		if (n > 0)
			qsort(s, n, sizeof(*s), slot_cmp);
		int32_t id = 0;
		for (size_t m = 0; m < n; m++) {
			if (m > 0 && slot_cmp(&s[m - 1], &s[m]) != 0)
				id++;
			*s[m].num = id;
		}
	}
	free(s);
}

static int
code_diff(const int32_t *a, const int32_t *b, int k)
{
	int d = 0;

	for (int e = 0; e < k; e++)
		if (a[e] == UNKNOWN || a[e] != b[e])
			d++;
	return d;
}

static void
best_offer(struct best *b, int d, size_t who)
{
	if (d < b->diff) {
		b->diff = d;
		b->count = 1;
		b->which = who;
	} else if (d == b->diff)
		b->count++;
}

/*
 * One comparison of every unmatched pre with every unmatched post, keeping
 * each record's nearest candidates within limit.
 */
static void
find_best(const int32_t *pnum, size_t npre, const int32_t *qnum,
    size_t npost, int k, int limit, const bool *pdone, const bool *qdone,
    struct best *pb, struct best *qb)
{
	for (size_t i = 0; i < npre; i++)
		pb[i] = (struct best){ INT_MAX, 0, 0 };
	for (size_t j = 0; j < npost; j++)
		qb[j] = (struct best){ INT_MAX, 0, 0 };
	for (size_t i = 0; i < npre; i++) {
		if (pdone[i])
			continue;
		for (size_t j = 0; j < npost; j++) {
			if (qdone[j])
				continue;
			int d = code_diff(&pnum[i * k], &qnum[j * k], k);
			if (d > limit)
				continue;
			best_offer(&pb[i], d, j);
			best_offer(&qb[j], d, i);
		}
	}
}

/*
 * Takes every pair that is each other's unique nearest candidate; step 1
 * is the same with limit 0.  Returns the number of pairs taken.
 */
static size_t
take_mutual(size_t npre, const struct best *pb, const struct best *qb,
    bool *pdone, bool *qdone, struct code_match_pair *pairs, size_t *npairs)
{
	size_t taken = 0;

	for (size_t i = 0; i < npre; i++) {
		if (pdone[i] || pb[i].count != 1)
			continue;
		size_t j = pb[i].which;
		if (qb[j].count != 1 || qb[j].which != i)
			continue;
		pairs[(*npairs)++] = (struct code_match_pair){ i, j, pb[i].diff };
		pdone[i] = qdone[j] = true;
		taken++;
	}
	return taken;
}

static int
pair_cmp(const void *a, const void *b)
{
	size_t x = ((const struct code_match_pair *)a)->pre;
	size_t y = ((const struct code_match_pair *)b)->pre;

	return (x > y) - (x < y);
}

int
code_match_run(const struct code_match_record *pre, size_t npre,
    const struct code_match_record *post, size_t npost, int k, int max_diff,
    struct code_match_result *out)
{
	memset(out, 0, sizeof(*out));
	out->rate = NAN;
	if (k < CODE_MATCH_MIN_K || k > CODE_MATCH_MAX_K || max_diff < 0 ||
	    max_diff >= k)
		return -1;

	/* +1 so that an empty side still allocates. */
	int32_t *pnum = xcalloc(npre * k + 1, sizeof(*pnum));
	int32_t *qnum = xcalloc(npost * k + 1, sizeof(*qnum));
	bool *pdone = xcalloc(npre + 1, sizeof(*pdone));
	bool *qdone = xcalloc(npost + 1, sizeof(*qdone));
	struct best *pb = xcalloc(npre + 1, sizeof(*pb));
	struct best *qb = xcalloc(npost + 1, sizeof(*qb));
	size_t cap = (npre < npost ? npre : npost) + 1;
	out->pairs = xcalloc(cap, sizeof(*out->pairs));

	number_elements(pre, npre, post, npost, k, pnum, qnum);

	/*
	 * Step 1, once: taking an exact pair cannot make another exact
	 * candidate unique, since each of the two had no other.
	 */
	find_best(pnum, npre, qnum, npost, k, 0, pdone, qdone, pb, qb);
	take_mutual(npre, pb, qb, pdone, qdone, out->pairs, &out->npairs);

	/* Step 2 until a pass takes nothing; its last search counts ties. */
	for (;;) {
		find_best(pnum, npre, qnum, npost, k, max_diff, pdone, qdone,
		    pb, qb);
		out->passes++;
		if (take_mutual(npre, pb, qb, pdone, qdone, out->pairs,
		    &out->npairs) == 0)
			break;
	}

	qsort(out->pairs, out->npairs, sizeof(*out->pairs), pair_cmp);
	for (size_t m = 0; m < out->npairs; m++) {
		if (out->pairs[m].diff == 0)
			out->matched_exact++;
		else
			out->matched_diff++;
	}
	for (size_t i = 0; i < npre; i++) {
		if (pdone[i])
			continue;
		out->unmatched_pre++;
		if (pb[i].count > 0)
			out->ambiguous_pre++;
	}
	for (size_t j = 0; j < npost; j++) {
		if (qdone[j])
			continue;
		out->unmatched_post++;
		if (qb[j].count > 0)
			out->ambiguous_post++;
	}
	if (npre > 0 && npost > 0)
		out->rate = (double)out->npairs /
		    (double)(npre < npost ? npre : npost);

	free(pnum);
	free(qnum);
	free(pdone);
	free(qdone);
	free(pb);
	free(qb);
	return 0;
}

void
code_match_result_free(struct code_match_result *r)
{
	if (r == NULL)
		return;
	free(r->pairs);
	r->pairs = NULL;
	r->npairs = 0;
}
