#ifndef BELONG_PROGRAM_PAIRS_H
#define BELONG_PROGRAM_PAIRS_H

#include <libpq-fe.h>
#include <stdbool.h>

/*
 * A program's matched pre/post pairs, for every command that measures
 * change (program match, change, export program, plot change).
 *
 * The responses of a pre/post program are those of its events that have a
 * wave ('pre' or 'post'); events marked test are left out unless
 * include_test.  Only a response with a row in response_code takes part in
 * matching (lib/code_match.h); a response with no row (the respondent gave
 * no element of the code) can never be matched, and is counted among the
 * unmatched of its side and also, separately, as "no code".  So pre and
 * post count every response of the waves, pre = pairs + unmatched_pre, and
 * the rate is pairs / min(pre, post): the share of the possible pairs that
 * were found, as published match rates are given.
 *
 * After program_pairs_load the connection has
 *
 *     TEMP TABLE matched_pair (pre_event integer, pre_id uuid,
 *                              post_event integer, post_id uuid,
 *                              diff integer)
 *
 * one row per pair (diff 0: exact; 1..max_diff: near), so SQL joins it to
 * response twice:
 *
 *     join response pre  on (pre.event_id, pre.id) = (m.pre_event, m.pre_id)
 *     join response post on (post.event_id, post.id) = (m.post_event, m.post_id)
 *
 * and
 *
 *     TEMP TABLE unmatched_response (event_id integer, id uuid,
 *                                    wave text, reason text)
 *
 * one row per response of the waves left unmatched, wave 'pre' or
 * 'post', reason 'no_code' (no row in response_code), 'ambiguous' (a tie:
 * a candidate within max_diff is still unmatched on the other side) or
 * 'unmatched' (no candidate).
 *
 * A second load on the same connection replaces both tables.  A temporary
 * table needs a writable session: load the pairs BEFORE rq_open (which
 * begins a read-only transaction for its snapshot); on a hot standby the
 * load fails (exit 1 with the server's message).
 */

struct program {
	int id;
	char *slug;
	char *title;
	char *design;		/* "prepost" or "retro" */
	bool prepost;		/* design is "prepost" */
};

struct program_pairs {
	int max_diff;
	long pre, post;			/* responses of the pre / post events */
	long pre_nocode, post_nocode;	/* of those, with no code row */
	long pairs;			/* matched: exact + near */
	long exact, near;
	long unmatched_pre, unmatched_post;	/* no code included */
	long ambiguous_pre, ambiguous_post;	/* unmatched because of a tie */
	double rate;		/* pairs / min(pre, post); NAN if either is 0 */
};

/*
 * Looks up the program with this slug (the caller checks the slug's form
 * first, cmdutil_check_slug).  Returns 0 with *p filled (free it with
 * program_pairs_free_program), or -1 when there is no such program;
 * prints nothing.  Exits 1 on a database error.
 */
int program_pairs_find(PGconn *conn, const char *slug, struct program *p)
	__attribute__((warn_unused_result));

void program_pairs_free_program(struct program *p);

/*
 * Matches the codes of p's pre and post responses allowing max_diff
 * (0..3, CODE_MATCH_DEFAULT_MAX_DIFF is 1) differing elements, fills *res
 * and (re)creates TEMP TABLE matched_pair on conn.  Returns 0, or -1 when
 * p is not a pre/post program or max_diff is out of range (nothing
 * printed, nothing created).  Exits 1 on a database error.
 */
int program_pairs_load(PGconn *conn, const struct program *p, int max_diff,
    bool include_test, struct program_pairs *res)
	__attribute__((warn_unused_result));

#endif
