#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <libpq-fe.h>

#include "board_store.h"
#include "board_token.h"
#include "log.h"

#define BOARD_STORE_MAX_ITEMS "200"	/* a page, not an archive */

/* Times as UTC ISO 8601, the same in the page and the API. */
#define BOARD_STORE_TIME(col) \
	"to_char(" col " at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* One item as JSON, from board_item i, with its history as hist. */
#define BOARD_STORE_ITEM(hist) \
	"json_build_object('id', i.id, 'topic', i.topic, 'body', i.body,\n" \
	"    'share_name', i.share_name, 'created_at', " \
	BOARD_STORE_TIME("i.created_at") ",\n" \
	"    'status', i.status, 'history', " hist ")"

#define BOARD_STORE_EVENT \
	"json_build_object('at', " BOARD_STORE_TIME("e.at") ", 'status', e.status,\n" \
	"    'note', e.note, 'by', e.by)"

struct board_store_op {
	board_store_cb done;
	void *arg;
};

static void
board_store_done(void *arg, PGresult *res, const char *err, bool broken)
{
	struct board_store_op op = *(struct board_store_op *)arg;
	const char *values[4] = { NULL };

	free(arg);
	if (res == NULL) {
		log_warn("board: statement failed: %s", err != NULL ? err : "?");
		op.done(op.arg, BOARD_STORE_UNAVAILABLE, NULL);
		return;
	}
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		op.done(op.arg, BOARD_STORE_OK, NULL);
		return;
	}
	if (PQntuples(res) == 0) {
		op.done(op.arg, BOARD_STORE_NONE, NULL);
		return;
	}
	for (int i = 0; i < PQnfields(res) && i < 4; i++)
		values[i] = PQgetisnull(res, 0, i) ? NULL : PQgetvalue(res, 0, i);
	op.done(op.arg, BOARD_STORE_OK, values);
}

static int
board_store_send(struct dbpool *pool, const char *sql, int n,
    const char *const *params, board_store_cb done, void *arg)
{
	struct board_store_op *op = malloc(sizeof *op);

	if (op == NULL)
		return -1;
	op->done = done;
	op->arg = arg;
	if (dbpool_query(pool, sql, n, params, board_store_done, op) != 0) {
		free(op);
		return -1;
	}
	return 0;
}

int
board_store_login(struct dbpool *pool, const char *token, const char *sid,
    long hours, board_store_cb done, void *arg)
{
	char th[BOARD_TOKEN_HASH_LEN + 1], sh[BOARD_TOKEN_HASH_LEN + 1];
	char h[24];
	const char *params[3] = { th, sh, h };

	board_token_hash(token, th);
	board_token_hash(sid, sh);
	snprintf(h, sizeof h, "%ld", hours);
	/* Expired sessions go as new ones come: no timer, no sweeper. */
	return board_store_send(pool,
	    "with m as (select id, display_name from board_member\n"
	    "    where token_hash = decode($1, 'hex') and revoked_at is null),\n"
	    "gone as (delete from board_session where expires_at < now()),\n"
	    "s as (insert into board_session (id_hash, member_id, expires_at)\n"
	    "    select decode($2, 'hex'), id, now() + make_interval(hours => $3::int)\n"
	    "    from m returning member_id)\n"
	    "select m.id, m.display_name from m join s on s.member_id = m.id",
	    3, params, done, arg);
}

/* A statement whose one parameter is the hex SHA-256 of secret. */
static int
board_store_by_hash(struct dbpool *pool, const char *sql, const char *secret,
    board_store_cb done, void *arg)
{
	char h[BOARD_TOKEN_HASH_LEN + 1];
	const char *params[1] = { h };

	board_token_hash(secret, h);
	return board_store_send(pool, sql, 1, params, done, arg);
}

int
board_store_session(struct dbpool *pool, const char *sid, board_store_cb done,
    void *arg)
{
	return board_store_by_hash(pool,
	    "select m.id, m.display_name from board_session s\n"
	    "join board_member m on m.id = s.member_id\n"
	    "where s.id_hash = decode($1, 'hex') and s.expires_at > now()\n"
	    "    and m.revoked_at is null", sid, done, arg);
}

int
board_store_bearer(struct dbpool *pool, const char *token, board_store_cb done,
    void *arg)
{
	return board_store_by_hash(pool,
	    "select id, display_name from board_member\n"
	    "where token_hash = decode($1, 'hex') and revoked_at is null",
	    token, done, arg);
}

int
board_store_logout(struct dbpool *pool, const char *sid, board_store_cb done,
    void *arg)
{
	return board_store_by_hash(pool,
	    "delete from board_session where id_hash = decode($1, 'hex')",
	    sid, done, arg);
}

int
board_store_items(struct dbpool *pool, const char *member_id, long item_id,
    board_store_cb done, void *arg)
{
	char id[24];
	const char *params[2] = { member_id, item_id > 0 ? id : NULL };

	snprintf(id, sizeof id, "%ld", item_id);
	return board_store_send(pool,
	    "select coalesce(json_agg(x.j order by x.created_at desc, x.id desc),\n"
	    "    '[]')::text\n"
	    "from (select i.id, i.created_at, " BOARD_STORE_ITEM(
	    "(select coalesce(json_agg(" BOARD_STORE_EVENT
	    " order by e.at, e.id), '[]')\n"
	    "        from board_item_event e where e.item_id = i.id)") " as j\n"
	    "    from board_item i\n"
	    "    where i.member_id = $1::int and ($2::int is null or i.id = $2::int)\n"
	    "    order by i.created_at desc, i.id desc\n"
	    "    limit " BOARD_STORE_MAX_ITEMS ") x", 2, params, done, arg);
}

int
board_store_owned(struct dbpool *pool, const char *member_id,
    const char *item_id, board_store_cb done, void *arg)
{
	const char *params[2] = { member_id, item_id };

	return board_store_send(pool,
	    "select 1 from board_item where id = $2::int and member_id = $1::int",
	    2, params, done, arg);
}

int
board_store_add(struct dbpool *pool, const char *member_id, const char *topic,
    const char *body, bool share_name, const char *key, board_store_cb done,
    void *arg)
{
	const char *params[5] = { member_id, topic, body,
	    share_name ? "true" : "false", key };

	/* The item and its first history entry commit together; a key seen
	 * before from this member inserts nothing and answers no row. */
	return board_store_send(pool,
	    "with i as (insert into board_item (member_id, topic, body, share_name,"
	    " client_key)\n"
	    "    values ($1::int, $2, $3, $4::boolean, $5::uuid)\n"
	    "    on conflict (member_id, client_key) do nothing returning *),\n"
	    "e as (insert into board_item_event (item_id, at, status)\n"
	    "    select id, created_at, status from i returning *)\n"
	    "select " BOARD_STORE_ITEM("json_build_array(" BOARD_STORE_EVENT ")")
	    "::text\nfrom i join e on e.item_id = i.id", 5, params, done, arg);
}
