/*
 * belong board: the youth advisory board, staff side.  Members get a
 * personal sign-in link (a 128-bit token from the OS CSPRNG, shown once,
 * stored only as its SHA-256); staff read the inbox and reply, and every
 * reply is appended to the item's history, never written over it.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "board_token.h"
#include "cli.h"
#include "cmd_board.h"
#include "cmd_board_report.h"
#include "cmdutil.h"
#include "log.h"
#include "output.h"

#define BOARD_BASE_URL "http://127.0.0.1:8080"
#define BOARD_NAME_MAX 100
#define BOARD_EMAIL_MAX 254
#define BOARD_NOTE_MAX 4000

/* "Who sent it", as staff may see it: the name only if the member chose
 * to share it. */
#define BOARD_FROM "case when i.share_name then m.display_name end"
#define BOARD_TIME(col) "to_char(" col ", 'YYYY-MM-DD HH24:MI')"

void
cmd_board_usage(FILE *out)
{
	fputs("usage: belong board add-member --name NAME [--email EMAIL] [--base-url URL]\n"
	    "       belong board relink ID [--base-url URL]\n"
	    "       belong board revoke ID\n"
	    "       belong board members [--format table|csv|json|markdown|latex]\n"
	    "       belong board inbox [--status STATUS] [--topic TOPIC] [--format ...]\n"
	    "       belong board show ITEM [--format table|json|markdown|latex]\n"
	    "       belong board reply ITEM --status STATUS --note TEXT [--by NAME]\n"
	    "                          [--public | --private]\n"
	    "       belong board public [--format table|csv|json|markdown|latex]\n"
	    "       belong board report [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format ...]\n"
	    "       belong board export [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format csv|...]\n"
	    "\n"
	    "  add-member  add a member and print their personal sign-in link, once:\n"
	    "              URL/board/login?t=TOKEN (URL: --base-url, else $BELONG_BASE_URL,\n"
	    "              else " BOARD_BASE_URL ").  Only the token's SHA-256 is stored.\n"
	    "  relink      a new link for member ID; the old link and sessions stop working\n"
	    "  revoke      member ID can no longer sign in; their items stay\n"
	    "  members     every member, with their number of items\n"
	    "  inbox       items, newest first; STATUS: new, seen, discussed, acted,\n"
	    "              declined; TOPIC: programs, events, outreach, belonging, other\n"
	    "  show        one item and its history\n"
	    "  reply       add to an item's history: STATUS seen, discussed, acted or\n"
	    "              declined; acted and declined need a --note (members see notes);\n"
	    "              --public puts the item and this reply on the public list,\n"
	    "              --private takes the item off it\n"
	    "  public      the public list (\"you said, we did\"): each public item's\n"
	    "              topic, text, status and month, with its public replies;\n"
	    "              never the member, a name, a reply not marked public, or a day\n"
	    "  report      items by topic and status, share with a staff reply, median\n"
	    "              days to the first reply, share acted on (--from, --to included)\n"
	    "  export      items, statuses and replies for the board's meeting packet\n"
	    "              (CSV unless --format says otherwise)\n"
	    "  A member's name is shown only on items where they chose to share it.\n"
	    "  --dsn DSN may follow any of them.\n", out);
}

static const struct option board_longopts[] = {
	{ "name", required_argument, NULL, CMD_BOARD_NAME },
	{ "email", required_argument, NULL, CMD_BOARD_EMAIL },
	{ "base-url", required_argument, NULL, CMD_BOARD_BASE_URL },
	{ "status", required_argument, NULL, CMD_BOARD_STATUS },
	{ "topic", required_argument, NULL, CMD_BOARD_TOPIC },
	{ "note", required_argument, NULL, CMD_BOARD_NOTE },
	{ "by", required_argument, NULL, CMD_BOARD_BY },
	{ "from", required_argument, NULL, CMD_BOARD_FROM },
	{ "to", required_argument, NULL, CMD_BOARD_TO },
	{ "format", required_argument, NULL, CMD_BOARD_FORMAT },
	{ "public", no_argument, NULL, CMD_BOARD_PUBLIC },
	{ "private", no_argument, NULL, CMD_BOARD_PRIVATE },
	{ "dsn", required_argument, NULL, CMD_BOARD_NOPTS },
	{ "help", no_argument, NULL, CMD_BOARD_NOPTS + 1 },
	{ NULL, 0, NULL, 0 },
};

int
cmd_board_options(int argc, char **argv, struct cli_global *g,
    unsigned allowed, bool want_id, struct cmd_board_opts *o)
{
	const char *sub = argv[0], *rule;
	char what[48];
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", board_longopts, NULL)) != -1) {
		if (c >= 0 && c < CMD_BOARD_NOPTS) {
			if (!(allowed & CMD_BOARD_OPT(c)))
				return cli_usage_error(cmd_board_usage,
				    "board %s: --%s is not an option here", sub,
				    board_longopts[c].name);
			if (o->v[c] != NULL)
				return cli_usage_error(cmd_board_usage,
				    "board %s: --%s given twice", sub,
				    board_longopts[c].name);
			o->v[c] = optarg != NULL ? optarg : "";
			if (c == CMD_BOARD_FORMAT &&
			    (rc = cmdutil_format(optarg, &o->fmt)) != 0)
				return rc;
		} else if (c == CMD_BOARD_NOPTS)
			g->dsn = optarg;
		else if (c == CMD_BOARD_NOPTS + 1 || c == 'h') {
			cmd_board_usage(stdout);
			return 0;
		} else {
			cmd_board_usage(stderr);
			return EXIT_USAGE;
		}
	}
	for (int d = CMD_BOARD_FROM; d <= CMD_BOARD_TO; d++) {
		if (o->v[d] == NULL || (rule = cmdutil_check_date(o->v[d])) == NULL)
			continue;
		snprintf(what, sizeof what, "board %s: --%s", sub,
		    board_longopts[d].name);
		return cmdutil_bad_value(what, rule);
	}
	if (o->v[CMD_BOARD_FROM] != NULL && o->v[CMD_BOARD_TO] != NULL &&
	    strcmp(o->v[CMD_BOARD_TO], o->v[CMD_BOARD_FROM]) < 0)
		return cmdutil_bad_value("board: --to", "must not be before --from");
	if (!want_id) {
		if (optind < argc)
			return cli_usage_error(cmd_board_usage,
			    "board %s: unexpected argument: %s", sub, argv[optind]);
		return -1;
	}
	if (optind >= argc)
		return cli_usage_error(cmd_board_usage, "board %s: missing %s", sub,
		    strcmp(sub, "relink") == 0 || strcmp(sub, "revoke") == 0 ?
		    "ID" : "ITEM");
	if (optind + 1 < argc)
		return cli_usage_error(cmd_board_usage,
		    "board %s: unexpected argument: %s", sub, argv[optind + 1]);
	o->arg = argv[optind];
	if ((rule = cmdutil_parse_long(o->arg, 1, 2147483647, &o->id)) != NULL) {
		snprintf(what, sizeof what, "board %s: %s", sub, o->arg);
		return cmdutil_bad_value(what, rule);
	}
	return -1;
}

/* Check a text option (if given) with cmdutil_check_text. */
static int
board_text(const char *sub, const struct cmd_board_opts *o, int opt,
    size_t min, size_t max)
{
	const char *rule;
	char what[48];

	if (o->v[opt] == NULL ||
	    (rule = cmdutil_check_text(o->v[opt], min, max)) == NULL)
		return 0;
	snprintf(what, sizeof what, "board %s: --%s", sub,
	    board_longopts[opt].name);
	return cmdutil_bad_value(what, rule);
}

/* Whether s is one of the words in list (space-separated). */
static bool
board_one_of(const char *s, const char *list)
{
	size_t n = strlen(s);

	for (const char *p = list; *p != '\0'; p += strcspn(p, " "), p += *p == ' ')
		if (n > 0 && strncmp(p, s, n) == 0 && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

/* A new token; its link is printed and its hash goes into hash. */
static void
board_new_token(char *token, char *hash)
{
	if (board_token_new(token) != 0)
		fatal("no random numbers from the system");
	board_token_hash(token, hash);
}

static void
board_print_link(const struct cmd_board_opts *o, const char *token)
{
	const char *base = o->v[CMD_BOARD_BASE_URL];
	size_t n;

	if (base == NULL)
		base = getenv("BELONG_BASE_URL");
	if (base == NULL || *base == '\0')
		base = BOARD_BASE_URL;
	n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	printf("sign-in link (shown once; keep it private, give it only to the member):\n"
	    "%.*s/board/login?t=%s\n", (int)n, base, token);
}

static int
board_check_base_url(const struct cmd_board_opts *o, const char *sub)
{
	const char *b = o->v[CMD_BOARD_BASE_URL];
	char what[48];

	if (b == NULL || strncmp(b, "http://", 7) == 0 ||
	    strncmp(b, "https://", 8) == 0)
		return 0;
	snprintf(what, sizeof what, "board %s: --base-url", sub);
	return cmdutil_bad_value(what, "must start with http:// or https://");
}

static int
board_add_member(int argc, char **argv, struct cli_global *g)
{
	struct cmd_board_opts o = { { NULL }, OUTPUT_TABLE, NULL, 0 };
	char token[BOARD_TOKEN_LEN + 1], hash[BOARD_TOKEN_HASH_LEN + 1];
	const char *params[3];
	PGconn *conn;
	PGresult *res;
	int rc;

	if ((rc = cmd_board_options(argc, argv, g, CMD_BOARD_OPT(CMD_BOARD_NAME) |
	    CMD_BOARD_OPT(CMD_BOARD_EMAIL) | CMD_BOARD_OPT(CMD_BOARD_BASE_URL),
	    false, &o)) >= 0)
		return rc;
	if (o.v[CMD_BOARD_NAME] == NULL)
		return cli_usage_error(cmd_board_usage, "board add-member: --name is required");
	if ((rc = board_text("add-member", &o, CMD_BOARD_NAME, 1, BOARD_NAME_MAX)) != 0 ||
	    (rc = board_text("add-member", &o, CMD_BOARD_EMAIL, 3, BOARD_EMAIL_MAX)) != 0 ||
	    (rc = board_check_base_url(&o, "add-member")) != 0)
		return rc;
	if (o.v[CMD_BOARD_EMAIL] != NULL && strchr(o.v[CMD_BOARD_EMAIL], '@') == NULL)
		return cmdutil_bad_value("board add-member: --email", "must contain an @");
	board_new_token(token, hash);
	params[0] = o.v[CMD_BOARD_NAME];
	params[1] = o.v[CMD_BOARD_EMAIL];
	params[2] = hash;
	conn = cli_connect(g);
	res = cli_exec(conn, "insert into board_member (display_name, email, token_hash)\n"
	    "values ($1, $2, decode($3, 'hex')) returning id", 3, params, PGRES_TUPLES_OK);
	printf("added board member %s\n", PQgetvalue(res, 0, 0));
	board_print_link(&o, token);
	OPENSSL_cleanse(token, sizeof token);
	PQclear(res);
	PQfinish(conn);
	return 0;
}

/* Whether member id exists (0), is revoked (1), or not (-1). */
static int
board_member_state(PGconn *conn, const char *id)
{
	PGresult *res = cli_exec(conn, "select revoked_at is not null from board_member\n"
	    "where id = $1::int", 1, &id, PGRES_TUPLES_OK);
	int state = PQntuples(res) == 0 ? -1 :
	    strcmp(PQgetvalue(res, 0, 0), "t") == 0 ? 1 : 0;

	PQclear(res);
	return state;
}

static int
board_relink(int argc, char **argv, struct cli_global *g)
{
	struct cmd_board_opts o = { { NULL }, OUTPUT_TABLE, NULL, 0 };
	char token[BOARD_TOKEN_LEN + 1], hash[BOARD_TOKEN_HASH_LEN + 1];
	const char *params[2];
	PGconn *conn;
	PGresult *res;
	int rc = 0;

	if ((rc = cmd_board_options(argc, argv, g,
	    CMD_BOARD_OPT(CMD_BOARD_BASE_URL), true, &o)) >= 0)
		return rc;
	if ((rc = board_check_base_url(&o, "relink")) != 0)
		return rc;
	board_new_token(token, hash);
	params[0] = o.arg;
	params[1] = hash;
	conn = cli_connect(g);
	/* The old link stops with the new hash; its sessions end with it. */
	res = cli_exec(conn, "with m as (update board_member set token_hash = decode($2, 'hex')\n"
	    "    where id = $1::int and revoked_at is null returning id),\n"
	    "s as (delete from board_session where member_id in (select id from m))\n"
	    "select id from m", 2, params, PGRES_TUPLES_OK);
	if (PQntuples(res) == 1) {
		printf("new link for board member %s; the old one no longer works\n", o.arg);
		board_print_link(&o, token);
	} else if (board_member_state(conn, o.arg) < 0) {
		log_error("board relink: no member with id %s", o.arg);
		rc = 1;
	} else {
		log_error("board relink: member %s is revoked; add them again "
		    "if they return", o.arg);
		rc = 1;
	}
	OPENSSL_cleanse(token, sizeof token);
	PQclear(res);
	PQfinish(conn);
	return rc;
}

static int
board_revoke(int argc, char **argv, struct cli_global *g)
{
	struct cmd_board_opts o = { { NULL }, OUTPUT_TABLE, NULL, 0 };
	PGconn *conn;
	PGresult *res;
	int rc;

	if ((rc = cmd_board_options(argc, argv, g, 0, true, &o)) >= 0)
		return rc;
	rc = 0;
	conn = cli_connect(g);
	res = cli_exec(conn, "with m as (update board_member set revoked_at = now()\n"
	    "    where id = $1::int and revoked_at is null returning id),\n"
	    "s as (delete from board_session where member_id in (select id from m))\n"
	    "select id from m", 1, &o.arg, PGRES_TUPLES_OK);
	if (PQntuples(res) == 1)
		printf("revoked board member %s: their link and sessions no longer work\n",
		    o.arg);
	else if (board_member_state(conn, o.arg) > 0)
		printf("board member %s was already revoked\n", o.arg);
	else {
		log_error("board revoke: no member with id %s", o.arg);
		rc = 1;
	}
	PQclear(res);
	PQfinish(conn);
	return rc;
}

static int
board_members(int argc, char **argv, struct cli_global *g)
{
	static const struct output_column cols[] = {
		{ "id", OUTPUT_NUMBER },
		{ "name", OUTPUT_TEXT },
		{ "email", OUTPUT_TEXT },
		{ "added", OUTPUT_NAME },
		{ "revoked", OUTPUT_NAME },
		{ "items", OUTPUT_NUMBER },
	};
	struct cmd_board_opts o = { { NULL }, OUTPUT_TABLE, NULL, 0 };
	struct output *out;
	PGconn *conn;
	int rc;

	if ((rc = cmd_board_options(argc, argv, g, CMD_BOARD_OPT(CMD_BOARD_FORMAT),
	    false, &o)) >= 0)
		return rc;
	conn = cli_connect(g);
	out = output_begin(stdout, o.fmt, cols, 6, 0);
	cmdutil_query_rows(conn, out, "select m.id, m.display_name, m.email,\n"
	    "    to_char(m.created_at, 'YYYY-MM-DD'), to_char(m.revoked_at, 'YYYY-MM-DD'),\n"
	    "    (select count(*) from board_item i where i.member_id = m.id)\n"
	    "from board_member m order by m.id", 0, NULL);
	rc = cmdutil_output_end(out);
	PQfinish(conn);
	return rc;
}

#define BOARD_STATUSES "new seen discussed acted declined"
#define BOARD_TOPICS "programs events outreach belonging other"

static int
board_inbox(int argc, char **argv, struct cli_global *g)
{
	static const struct output_column cols[] = {
		{ "item", OUTPUT_NUMBER },
		{ "sent", OUTPUT_NAME },
		{ "topic", OUTPUT_NAME },
		{ "status", OUTPUT_NAME },
		{ "from", OUTPUT_NAME },
		{ "body", OUTPUT_TEXT },
	};
	struct cmd_board_opts o = { { NULL }, OUTPUT_TABLE, NULL, 0 };
	const char *status, *topic;
	struct output *out;
	PGconn *conn;
	int rc;

	if ((rc = cmd_board_options(argc, argv, g, CMD_BOARD_OPT(CMD_BOARD_FORMAT) |
	    CMD_BOARD_OPT(CMD_BOARD_STATUS) | CMD_BOARD_OPT(CMD_BOARD_TOPIC),
	    false, &o)) >= 0)
		return rc;
	status = o.v[CMD_BOARD_STATUS];
	topic = o.v[CMD_BOARD_TOPIC];
	if (status != NULL && !board_one_of(status, BOARD_STATUSES))
		return cmdutil_bad_value("board inbox: --status",
		    "must be new, seen, discussed, acted or declined");
	if (topic != NULL && !board_one_of(topic, BOARD_TOPICS))
		return cmdutil_bad_value("board inbox: --topic",
		    "must be programs, events, outreach, belonging or other");
	conn = cli_connect(g);
	out = output_begin(stdout, o.fmt, cols, 6, 0);
	cmdutil_query_rows(conn, out, "select i.id, " BOARD_TIME("i.created_at")
	    ", i.topic, i.status,\n    " BOARD_FROM ", i.body\n"
	    "from board_item i join board_member m on m.id = i.member_id\n"
	    "where ($1::text is null or i.status = $1) and ($2::text is null or i.topic = $2)\n"
	    "order by i.created_at desc, i.id desc", 2, (const char *[]){ status, topic });
	rc = cmdutil_output_end(out);
	PQfinish(conn);
	return rc;
}

static int
board_show(int argc, char **argv, struct cli_global *g)
{
	static const struct output_column item_cols[] = {
		{ "item", OUTPUT_NUMBER },
		{ "sent", OUTPUT_NAME },
		{ "topic", OUTPUT_NAME },
		{ "status", OUTPUT_NAME },
		{ "from", OUTPUT_NAME },
		{ "name_shared", OUTPUT_NAME },
		{ "body", OUTPUT_TEXT },
		{ "public", OUTPUT_NAME },
	};
	static const struct output_column hist_cols[] = {
		{ "at", OUTPUT_NAME },
		{ "status", OUTPUT_NAME },
		{ "by", OUTPUT_NAME },
		{ "note", OUTPUT_TEXT },
		{ "public", OUTPUT_NAME },
	};
	struct cmd_board_opts o = { { NULL }, OUTPUT_TABLE, NULL, 0 };
	struct output *out;
	PGconn *conn;
	PGresult *res;
	int rc;

	if ((rc = cmd_board_options(argc, argv, g, CMD_BOARD_OPT(CMD_BOARD_FORMAT),
	    true, &o)) >= 0)
		return rc;
	if (o.fmt == OUTPUT_CSV)
		return cmdutil_bad_value("board show: --format",
		    "must be table, json, markdown or latex (an item and its history are two tables; "
		    "`board export` gives CSV)");
	conn = cli_connect(g);
	res = cli_exec(conn, "select 1 from board_item where id = $1::int", 1, &o.arg,
	    PGRES_TUPLES_OK);
	rc = PQntuples(res) == 1 ? 0 : 1;
	PQclear(res);
	if (rc != 0) {
		log_error("board show: no item %s", o.arg);
		PQfinish(conn);
		return rc;
	}
	if (o.fmt == OUTPUT_JSON) {
		/* One document: the item with its history inside. */
		res = cli_exec(conn, "select jsonb_pretty(jsonb_build_object('item', i.id,\n"
		    "    'sent', " BOARD_TIME("i.created_at") ", 'topic', i.topic,\n"
		    "    'status', i.status, 'from', " BOARD_FROM ",\n"
		    "    'name_shared', i.share_name, 'body', i.body,\n"
		    "    'public', exists (select 1 from board_public_item p where p.item_id = i.id),\n"
		    "    'history',\n"
		    "    (select coalesce(jsonb_agg(jsonb_build_object('at', " BOARD_TIME("e.at") ",\n"
		    "        'status', e.status, 'by', e.by, 'note', e.note, 'public', exists\n"
		    "        (select 1 from board_public_reply r where r.event_id = e.id))\n"
		    "        order by e.at, e.id),\n"
		    "        '[]') from board_item_event e where e.item_id = i.id)))\n"
		    "from board_item i join board_member m on m.id = i.member_id\n"
		    "where i.id = $1::int", 1, &o.arg, PGRES_TUPLES_OK);
		if (PQntuples(res) == 1 &&
		    output_json_text(stdout, PQgetvalue(res, 0, 0)) != 0)
			rc = 1;
		PQclear(res);
	} else {
		out = output_begin(stdout, o.fmt, item_cols, 8, OUTPUT_RECORD);
		cmdutil_query_rows(conn, out, "select i.id, " BOARD_TIME("i.created_at")
		    ", i.topic,\n    i.status, " BOARD_FROM ", case when i.share_name then 'yes'"
		    " else 'no' end, i.body,\n"
		    "    case when exists (select 1 from board_public_item p\n"
		    "        where p.item_id = i.id) then 'yes' else 'no' end\n"
		    "from board_item i join board_member m on m.id = i.member_id\n"
		    "where i.id = $1::int", 1, &o.arg);
		rc = cmdutil_output_end(out);
		printf("\nhistory:\n");
		out = output_begin(stdout, o.fmt, hist_cols, 5, 0);
		cmdutil_query_rows(conn, out, "select " BOARD_TIME("e.at") ", e.status, e.by,\n"
		    "    e.note, case when r.event_id is not null then 'yes' end\n"
		    "from board_item_event e left join board_public_reply r on r.event_id = e.id\n"
		    "where e.item_id = $1::int order by e.at, e.id", 1, &o.arg);
		rc |= cmdutil_output_end(out);
	}
	PQfinish(conn);
	return rc;
}

static int
board_reply(int argc, char **argv, struct cli_global *g)
{
	struct cmd_board_opts o = { { NULL }, OUTPUT_TABLE, NULL, 0 };
	const char *status, *note, *params[5], *publicity;
	PGconn *conn;
	PGresult *res;
	int rc;

	if ((rc = cmd_board_options(argc, argv, g, CMD_BOARD_OPT(CMD_BOARD_STATUS) |
	    CMD_BOARD_OPT(CMD_BOARD_NOTE) | CMD_BOARD_OPT(CMD_BOARD_BY) |
	    CMD_BOARD_OPT(CMD_BOARD_PUBLIC) | CMD_BOARD_OPT(CMD_BOARD_PRIVATE),
	    true, &o)) >= 0)
		return rc;
	status = o.v[CMD_BOARD_STATUS];
	note = o.v[CMD_BOARD_NOTE];
	if (status == NULL)
		return cli_usage_error(cmd_board_usage, "board reply: --status is required");
	if (o.v[CMD_BOARD_PUBLIC] != NULL && o.v[CMD_BOARD_PRIVATE] != NULL)
		return cli_usage_error(cmd_board_usage,
		    "board reply: --public and --private exclude each other");
	publicity = o.v[CMD_BOARD_PUBLIC] != NULL ? "public" :
	    o.v[CMD_BOARD_PRIVATE] != NULL ? "private" : NULL;
	/* "new" is where every item starts, not a reply. */
	if (strcmp(status, "new") == 0 || !board_one_of(status, BOARD_STATUSES))
		return cmdutil_bad_value("board reply: --status",
		    "must be seen, discussed, acted or declined");
	if ((rc = board_text("reply", &o, CMD_BOARD_NOTE, 0, BOARD_NOTE_MAX)) != 0 ||
	    (rc = board_text("reply", &o, CMD_BOARD_BY, 1, BOARD_NAME_MAX)) != 0)
		return rc;
	if (note != NULL && strspn(note, " ") == strlen(note))
		note = NULL;
	/* The board is told why: what was done, or why not. */
	if (note == NULL && (strcmp(status, "acted") == 0 || strcmp(status, "declined") == 0))
		return cmdutil_bad_value("board reply: --note",
		    "is required with --status acted or declined");
	/* A public reply is what the public reads of "we did": words. */
	if (note == NULL && publicity != NULL && strcmp(publicity, "public") == 0)
		return cmdutil_bad_value("board reply: --note",
		    "is required with --public (the public reads it)");
	params[0] = o.arg;
	params[1] = status;
	params[2] = note;
	params[3] = o.v[CMD_BOARD_BY];
	params[4] = publicity;
	conn = cli_connect(g);
	/*
	 * One statement, so the reply and its publicity are stored together
	 * or not at all.  --private also drops the item's reply marks: an
	 * item published again later shows only what is marked from then on,
	 * never a reply staff took down with it.
	 */
	res = cli_exec(conn, "with i as (update board_item set status = $2\n"
	    "    where id = $1::int returning id),\n"
	    "e as (insert into board_item_event (item_id, status, note, by)\n"
	    "    select id, $2, $3, $4 from i returning id, item_id),\n"
	    "pi as (insert into board_public_item (item_id)\n"
	    "    select item_id from e where $5::text = 'public'\n"
	    "    on conflict (item_id) do nothing),\n"
	    "pr as (insert into board_public_reply (event_id, item_id)\n"
	    "    select id, item_id from e where $5::text = 'public'),\n"
	    "dr as (delete from board_public_reply\n"
	    "    where $5::text = 'private' and item_id in (select item_id from e)),\n"
	    "di as (delete from board_public_item\n"
	    "    where $5::text = 'private' and item_id in (select item_id from e))\n"
	    "select item_id from e", 5, params, PGRES_TUPLES_OK);
	if (PQntuples(res) == 1)
		printf("item %s is now %s%s\n", o.arg, status, publicity == NULL ? "" :
		    strcmp(publicity, "public") == 0 ? "; it and this reply are public" :
		    "; it is no longer public");
	else {
		log_error("board reply: no item %s", o.arg);
		rc = 1;
	}
	PQclear(res);
	PQfinish(conn);
	return rc;
}

/*
 * "You said, we did": what `belong publish` puts on the public page.  Only
 * items staff marked public, with their text as the member wrote it, and
 * only the replies marked public; never the member, a name, who replied,
 * or a date finer than the month.  Newest items first.
 */
#define BOARD_PUBLIC_FROM \
	"from board_public_item p join board_item i on i.id = p.item_id\n"
#define BOARD_PUBLIC_REPLIES(cols, agg) \
	"(select " agg "(" cols " order by e.at, e.id)\n" \
	"     from board_public_reply r join board_item_event e on e.id = r.event_id\n" \
	"     where r.item_id = i.id)"

static int
board_public(int argc, char **argv, struct cli_global *g)
{
	static const struct output_column cols[] = {
		{ "item", OUTPUT_NUMBER },
		{ "month", OUTPUT_NAME },
		{ "topic", OUTPUT_NAME },
		{ "status", OUTPUT_NAME },
		{ "text", OUTPUT_TEXT },
		{ "replies", OUTPUT_TEXT },
	};
	struct cmd_board_opts o = { { NULL }, OUTPUT_TABLE, NULL, 0 };
	struct output *out;
	PGconn *conn;
	PGresult *res;
	int rc;

	if ((rc = cmd_board_options(argc, argv, g, CMD_BOARD_OPT(CMD_BOARD_FORMAT),
	    false, &o)) >= 0)
		return rc;
	conn = cli_connect(g);
	if (o.fmt == OUTPUT_JSON) {
		/* One array, replies nested: the shape `belong publish` reads. */
		res = cli_exec(conn, "select jsonb_pretty(coalesce(jsonb_agg(\n"
		    "    jsonb_build_object('item', i.id, 'topic', i.topic, 'text', i.body,\n"
		    "        'status', i.status, 'month', to_char(i.created_at, 'YYYY-MM'),\n"
		    "        'replies', coalesce(" BOARD_PUBLIC_REPLIES(
		    "jsonb_build_object('status', e.status, 'note', e.note,\n"
		    "        'month', to_char(e.at, 'YYYY-MM'))", "jsonb_agg") ", '[]'))\n"
		    "    order by i.created_at desc, i.id desc), '[]'))\n"
		    BOARD_PUBLIC_FROM, 0, NULL, PGRES_TUPLES_OK);
		rc = output_json_text(stdout, PQgetvalue(res, 0, 0)) != 0 ? 1 : 0;
		PQclear(res);
	} else {
		/* One row an item; its replies in order, separated by "; ". */
		out = output_begin(stdout, o.fmt, cols, 6, 0);
		cmdutil_query_rows(conn, out, "select i.id, to_char(i.created_at, 'YYYY-MM'),\n"
		    "    i.topic, i.status, i.body,\n    " BOARD_PUBLIC_REPLIES(
		    "to_char(e.at, 'YYYY-MM') || ' ' || e.status || coalesce(': ' || e.note, ''),\n"
		    "        '; '", "string_agg") "\n"
		    BOARD_PUBLIC_FROM "order by i.created_at desc, i.id desc", 0, NULL);
		rc = cmdutil_output_end(out);
	}
	PQfinish(conn);
	return rc;
}

int
cmd_board(int argc, char **argv, struct cli_global *g)
{
	static const struct cli_sub subs[] = {
		{ "add-member", board_add_member },
		{ "relink", board_relink },
		{ "revoke", board_revoke },
		{ "members", board_members },
		{ "inbox", board_inbox },
		{ "show", board_show },
		{ "reply", board_reply },
		{ "public", board_public },
		{ "report", cmd_board_report },
		{ "export", cmd_board_export },
	};

	return cli_dispatch("board", subs, sizeof subs / sizeof subs[0],
	    cmd_board_usage, argc, argv, g);
}
