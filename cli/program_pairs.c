/*
 * A program's matched pre/post pairs (program_pairs.h): the codes are
 * read once, matched in C (lib/code_match.c) and the pairs handed back to
 * the server as a temporary table, so that the commands measuring change
 * keep their aggregation in SQL.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "code_match.h"
#include "program_pairs.h"
#include "xalloc.h"

/* The elements of response_code, in the order they are compared. */
#define NELEM 4

/* One response of a wave, with its code's row in recs when it has one. */
struct side {
	struct code_match_record *recs;	/* coded responses only */
	const char **event;		/* per record: event id, as text */
	const char **id;		/* per record: response id, as text */
	size_t n;
	long total;			/* every response, coded or not */
};

int
program_pairs_find(PGconn *conn, const char *slug, struct program *p)
{
	const char *params[1] = { slug };
	PGresult *res = cli_exec(conn,
	    "select id, slug, title, design from program where slug = $1",
	    1, params, PGRES_TUPLES_OK);

	memset(p, 0, sizeof(*p));
	if (PQntuples(res) != 1) {
		PQclear(res);
		return -1;
	}
	p->id = atoi(PQgetvalue(res, 0, 0));	/* a serial, from the server */
	p->slug = xstrdup(PQgetvalue(res, 0, 1));
	p->title = xstrdup(PQgetvalue(res, 0, 2));
	p->design = xstrdup(PQgetvalue(res, 0, 3));
	p->prepost = strcmp(p->design, "prepost") == 0;
	PQclear(res);
	return 0;
}

void
program_pairs_free_program(struct program *p)
{
	free(p->slug);
	free(p->title);
	free(p->design);
	memset(p, 0, sizeof(*p));
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* One element from encode(..., 'hex'): empty (NULL) is unknown. */
static void
element(struct code_match_element *e, const char *hex, bool isnull)
{
	memset(e, 0, sizeof(*e));
	if (isnull || strlen(hex) != 2 * CODE_MATCH_HASH_LEN)
		return;		/* the schema allows no other length */
	for (size_t i = 0; i < CODE_MATCH_HASH_LEN; i++) {
		int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return;
		e->hash[i] = (unsigned char)(hi << 4 | lo);
	}
	e->known = true;
}

/* Appends a PostgreSQL array element (already safe: digits or a uuid). */
static void
append(char **buf, size_t *len, size_t *cap, const char *s)
{
	size_t n = strlen(s);

	if (*len + n + 2 > *cap) {
		*cap = (*len + n + 2) * 2;
		*buf = xrealloc(*buf, *cap);
	}
	if (*len > 1)
		(*buf)[(*len)++] = ',';
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
}

static char *
array_open(size_t *len, size_t *cap)
{
	char *b = xmalloc(64);

	*cap = 64;
	b[0] = '{';
	b[1] = '\0';
	*len = 1;
	return b;
}

static void
array_close(char **buf, size_t *len, size_t *cap)
{
	if (*len + 2 > *cap) {
		*cap = *len + 2;
		*buf = xrealloc(*buf, *cap);
	}
	(*buf)[(*len)++] = '}';
	(*buf)[*len] = '\0';
}

/* Whether two codes are at most max_diff apart, as code_match counts. */
static bool
near_enough(const struct code_match_record *a,
    const struct code_match_record *b, int max_diff)
{
	int diff = 0;

	for (int k = 0; k < NELEM; k++)
		if (!a->elem[k].known || !b->elem[k].known ||
		    memcmp(a->elem[k].hash, b->elem[k].hash,
		    CODE_MATCH_HASH_LEN) != 0)
			diff++;
	return diff <= max_diff;
}

/*
 * Replaces unmatched_response with every response of the waves left
 * unmatched, and why: 'no_code' (no row in response_code), 'ambiguous'
 * (a candidate within max_diff is still unmatched on the other side: a
 * tie code_match would not break) or 'unmatched' (no candidate).
 */
static void
store_unmatched(PGconn *conn, PGresult *rows, struct side *side,
    const struct code_match_result *r, int max_diff, long amb[2])
{
	bool *matched[2];
	size_t len[4], cap[4];
	char *arr[4];
	PGresult *res;
	int nrows = PQntuples(rows);

	for (int s = 0; s < 2; s++)
		matched[s] = xcalloc(side[s].n + 1, sizeof(bool));
	for (size_t i = 0; i < r->npairs; i++) {
		matched[0][r->pairs[i].pre] = true;
		matched[1][r->pairs[i].post] = true;
	}
	for (int i = 0; i < 4; i++)
		arr[i] = array_open(&len[i], &cap[i]);
	/* Responses with no code: straight from the rows. */
	for (int i = 0; i < nrows; i++) {
		if (PQgetvalue(rows, i, 3)[0] == 't')
			continue;
		append(&arr[0], &len[0], &cap[0], PQgetvalue(rows, i, 1));
		append(&arr[1], &len[1], &cap[1], PQgetvalue(rows, i, 2));
		append(&arr[2], &len[2], &cap[2],
		    PQgetvalue(rows, i, 0)[0] == 't' ? "post" : "pre");
		append(&arr[3], &len[3], &cap[3], "no_code");
	}
	amb[0] = amb[1] = 0;
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < side[s].n; i++) {
			bool tie = false;

			if (matched[s][i])
				continue;
			for (size_t j = 0; j < side[1 - s].n && !tie; j++)
				tie = !matched[1 - s][j] && near_enough(&side[s].recs[i],
				    &side[1 - s].recs[j], max_diff);
			amb[s] += tie;
			append(&arr[0], &len[0], &cap[0], side[s].event[i]);
			append(&arr[1], &len[1], &cap[1], side[s].id[i]);
			append(&arr[2], &len[2], &cap[2], s ? "post" : "pre");
			append(&arr[3], &len[3], &cap[3], tie ? "ambiguous" : "unmatched");
		}
	for (int i = 0; i < 4; i++)
		array_close(&arr[i], &len[i], &cap[i]);
	res = cli_exec(conn, "drop table if exists pg_temp.unmatched_response", 0,
	    NULL, PGRES_COMMAND_OK);
	PQclear(res);
	res = cli_exec(conn,
	    "create temp table unmatched_response (event_id integer not null,"
	    " id uuid not null, wave text not null, reason text not null,"
	    " primary key (event_id, id))", 0, NULL, PGRES_COMMAND_OK);
	PQclear(res);
	res = cli_exec(conn,
	    "insert into unmatched_response select * from unnest($1::integer[],"
	    " $2::uuid[], $3::text[], $4::text[])",
	    4, (const char *const *)arr, PGRES_COMMAND_OK);
	PQclear(res);
	for (int i = 0; i < 4; i++)
		free(arr[i]);
	for (int s = 0; s < 2; s++)
		free(matched[s]);
}

/* Replaces matched_pair with the pairs of r. */
static void
store_pairs(PGconn *conn, const struct side *pre, const struct side *post,
    const struct code_match_result *r)
{
	size_t len[5], cap[5];
	char *arr[5];
	char diff[16];
	PGresult *res;

	for (int i = 0; i < 5; i++)
		arr[i] = array_open(&len[i], &cap[i]);
	for (size_t i = 0; i < r->npairs; i++) {
		const struct code_match_pair *pr = &r->pairs[i];

		append(&arr[0], &len[0], &cap[0], pre->event[pr->pre]);
		append(&arr[1], &len[1], &cap[1], pre->id[pr->pre]);
		append(&arr[2], &len[2], &cap[2], post->event[pr->post]);
		append(&arr[3], &len[3], &cap[3], post->id[pr->post]);
		snprintf(diff, sizeof(diff), "%d", pr->diff);
		append(&arr[4], &len[4], &cap[4], diff);
	}
	for (int i = 0; i < 5; i++)
		array_close(&arr[i], &len[i], &cap[i]);

	res = cli_exec(conn, "drop table if exists pg_temp.matched_pair", 0,
	    NULL, PGRES_COMMAND_OK);
	PQclear(res);
	res = cli_exec(conn,
	    "create temp table matched_pair (pre_event integer not null,"
	    " pre_id uuid not null, post_event integer not null,"
	    " post_id uuid not null, diff integer not null,"
	    " primary key (pre_event, pre_id), unique (post_event, post_id))",
	    0, NULL, PGRES_COMMAND_OK);
	PQclear(res);
	res = cli_exec(conn,
	    "insert into matched_pair select * from unnest($1::integer[],"
	    " $2::uuid[], $3::integer[], $4::uuid[], $5::integer[])",
	    5, (const char *const *)arr, PGRES_COMMAND_OK);
	PQclear(res);
	res = cli_exec(conn, "analyze matched_pair", 0, NULL,
	    PGRES_COMMAND_OK);
	PQclear(res);
	for (int i = 0; i < 5; i++)
		free(arr[i]);
}

int
program_pairs_load(PGconn *conn, const struct program *p, int max_diff,
    bool include_test, struct program_pairs *out)
{
	char idbuf[16];
	const char *params[2] = { idbuf, include_test ? "true" : "false" };
	struct side side[2];	/* 0 pre, 1 post */
	struct code_match_result r;
	PGresult *res;
	long amb[2];
	int rows;

	memset(out, 0, sizeof(*out));
	if (!p->prepost || max_diff < 0 || max_diff > NELEM - 1)
		return -1;
	snprintf(idbuf, sizeof(idbuf), "%d", p->id);
	/*
	 * Every response of the waves, its code's elements as hex when it has
	 * a row.  The order only makes the arrays reproducible: matching does
	 * not depend on it.
	 */
	res = cli_exec(conn,
	    "select e.wave = 'post', r.event_id::text, r.id::text,"
	    " c.response_id is not null,"
	    " encode(c.birth_month, 'hex'), encode(c.guardian_initial, 'hex'),"
	    " encode(c.older_siblings, 'hex'),"
	    " encode(c.birth_town_initial, 'hex')"
	    " from event e join response r on r.event_id = e.id"
	    " left join response_code c"
	    "  on c.event_id = r.event_id and c.response_id = r.id"
	    " where e.program_id = $1 and e.wave is not null and ($2 or not e.test)"
	    " order by r.event_id, r.id",
	    2, params, PGRES_TUPLES_OK);
	rows = PQntuples(res);
	for (int s = 0; s < 2; s++) {
		side[s].recs = xcalloc((size_t)rows + 1, sizeof(*side[s].recs));
		side[s].event = xcalloc((size_t)rows + 1, sizeof(char *));
		side[s].id = xcalloc((size_t)rows + 1, sizeof(char *));
		side[s].n = 0;
		side[s].total = 0;
	}
	for (int i = 0; i < rows; i++) {
		int s = PQgetvalue(res, i, 0)[0] == 't';
		struct side *sd = &side[s];
		struct code_match_record *rec;

		sd->total++;
		if (PQgetvalue(res, i, 3)[0] != 't')
			continue;
		rec = &sd->recs[sd->n];
		rec->id = (int64_t)i;
		for (int k = 0; k < NELEM; k++)
			element(&rec->elem[k], PQgetvalue(res, i, 4 + k),
			    PQgetisnull(res, i, 4 + k));
		sd->event[sd->n] = PQgetvalue(res, i, 1);
		sd->id[sd->n] = PQgetvalue(res, i, 2);
		sd->n++;
	}

	if (code_match_run(side[0].recs, side[0].n, side[1].recs, side[1].n,
	    NELEM, max_diff, &r) != 0)
		abort();	/* NELEM and max_diff were checked above */
	store_pairs(conn, &side[0], &side[1], &r);
	/* amb: the same definition as code_match's, counted again while
	 * listing (tests/integration/program.sh compares the two). */
	store_unmatched(conn, res, side, &r, max_diff, amb);

	out->max_diff = max_diff;
	out->pre = side[0].total;
	out->post = side[1].total;
	out->pre_nocode = side[0].total - (long)side[0].n;
	out->post_nocode = side[1].total - (long)side[1].n;
	out->pairs = (long)r.npairs;
	out->exact = (long)r.matched_exact;
	out->near = (long)r.matched_diff;
	out->unmatched_pre = (long)r.unmatched_pre + out->pre_nocode;
	out->unmatched_post = (long)r.unmatched_post + out->post_nocode;
	out->ambiguous_pre = (long)r.ambiguous_pre;
	out->ambiguous_post = (long)r.ambiguous_post;
	if (out->pre == 0 || out->post == 0)
		out->rate = NAN;
	else
		out->rate = (double)out->pairs /
		    (double)(out->pre < out->post ? out->pre : out->post);

	code_match_result_free(&r);
	for (int s = 0; s < 2; s++) {
		free(side[s].recs);
		free(side[s].event);
		free(side[s].id);
	}
	PQclear(res);
	return 0;
}
