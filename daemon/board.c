#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <event2/buffer.h>
#include <event2/http.h>
#include <openssl/crypto.h>

#include "app.h"
#include "board.h"
#include "board_input.h"
#include "board_page.h"
#include "board_store.h"
#include "board_token.h"
#include "lang.h"
#include "log.h"
#include "ratelimit.h"
#include "submission.h"
#include "utf8.h"

#define HTML "text/html; charset=utf-8"
#define RETRY_AFTER_S "5"

/* One board request from its checks to its answer. */
struct board_req {
	struct http_req *r;
	enum lang lang;
	char sid[BOARD_TOKEN_LEN + 1];
	char member[16];		/* the member's id, as text */
	char *name;			/* the member's display name */
	struct board_input_form form;	/* a posted form: r->body, decoded in place */
	struct board_page_refused refused;
	bool has_refused;
	bool sent;			/* the flash cookie came: thank once */
	long item;			/* ?item=: one item only */
};

/* ?lang= first, then Accept-Language, then English (as the survey). */
static enum lang
board_lang(const struct http_req *r)
{
	char *q = http_query_param(r, "lang");
	enum lang lang;

	if (q == NULL || lang_parse(q, &lang) != 0)
		lang = lang_from_accept(evhttp_find_header(
		    evhttp_request_get_input_headers(r->req), "Accept-Language"));
	free(q);
	return lang;
}

static void
board_message(struct http_req *r, int status, enum board_message kind,
    enum lang lang)
{
	struct evbuffer *buf = evbuffer_new();

	if (status == 503)
		http_header(r, "Retry-After", RETRY_AFTER_S);
	if (buf == NULL || board_page_message(buf, kind, lang) != 0) {
		if (buf != NULL)
			evbuffer_free(buf);
		http_reply_text(r, 500, "text/plain; charset=utf-8",
		    "internal error\n");
		return;
	}
	http_reply(r, status, HTML, buf);
	evbuffer_free(buf);
}

static struct board_req *
board_req_new(struct http_req *r)
{
	struct board_req *br = calloc(1, sizeof *br);

	if (br == NULL) {
		board_message(r, 503, BOARD_MSG_UNAVAILABLE, board_lang(r));
		return NULL;
	}
	br->r = r;
	br->lang = board_lang(r);
	return br;
}

static void
board_req_free(struct board_req *br)
{
	OPENSSL_cleanse(br->sid, sizeof br->sid);
	free(br->name);
	free(br);
}

/* Answer with a message page and free br. */
static void
board_fail(struct board_req *br, int status, enum board_message kind)
{
	board_message(br->r, status, kind, br->lang);
	board_req_free(br);
}

/* The session cookie; max_age 0 deletes it. */
static void
board_set_cookie(struct board_req *br, const char *value, long max_age)
{
	char cookie[160];

	snprintf(cookie, sizeof cookie, "%s=%s; Path=/board; Max-Age=%ld; "
	    "HttpOnly; SameSite=Strict%s", BOARD_COOKIE, value, max_age,
	    br->r->app->cfg->cookie_secure ? "; Secure" : "");
	http_header(br->r, "Set-Cookie", cookie);
}

/*
 * The thank-you notice's flash cookie; max_age 0 deletes it.  A cookie
 * rather than ?sent=1 in the address: the page that shows the notice
 * deletes it, so a reload (or the address bookmarked) never shows it
 * again.  It carries nothing but the fact, so it needs no signature.
 */
static void
board_set_sent_cookie(struct board_req *br, long max_age)
{
	char cookie[128];

	snprintf(cookie, sizeof cookie, "%s=%s; Path=/board; Max-Age=%ld; "
	    "HttpOnly; SameSite=Strict%s", BOARD_SENT_COOKIE,
	    max_age > 0 ? "1" : "", max_age,
	    br->r->app->cfg->cookie_secure ? "; Secure" : "");
	http_header(br->r, "Set-Cookie", cookie);
}

/* 303 to /board with a flag (or NULL) and the language; frees br. */
static void
board_to_home(struct board_req *br, const char *flag)
{
	char location[64];

	snprintf(location, sizeof location, "/board?%s%slang=%s",
	    flag != NULL ? flag : "", flag != NULL ? "&" : "",
	    lang_code(br->lang));
	http_redirect(br->r, location);
	board_req_free(br);
}

/* Whether a store call could not be queued: then answered, br freed. */
static bool
board_queued(struct board_req *br, int rc)
{
	if (rc == 0)
		return true;
	board_fail(br, 503, BOARD_MSG_UNAVAILABLE);
	return false;
}

/* A who lookup's answer: the member in br, or the request answered. */
static bool
board_who(struct board_req *br, enum board_store_result res,
    const char *const *v)
{
	if (res == BOARD_STORE_UNAVAILABLE) {
		board_fail(br, 503, BOARD_MSG_UNAVAILABLE);
		return false;
	}
	if (res != BOARD_STORE_OK || v == NULL || v[0] == NULL) {
		board_set_cookie(br, "", 0);
		board_fail(br, 401, BOARD_MSG_SIGN_IN);
		return false;
	}
	snprintf(br->member, sizeof br->member, "%s", v[0]);
	br->name = strdup(v[1] != NULL ? v[1] : "");
	if (br->name == NULL) {
		board_fail(br, 503, BOARD_MSG_UNAVAILABLE);
		return false;
	}
	return true;
}

/* --- GET /board/login?t=TOKEN ------------------------------------------- */

static void
board_login_done(void *arg, enum board_store_result res, const char *const *v)
{
	struct board_req *br = arg;

	if (res == BOARD_STORE_UNAVAILABLE) {
		board_fail(br, 503, BOARD_MSG_UNAVAILABLE);
		return;
	}
	if (res != BOARD_STORE_OK || v == NULL) {
		board_fail(br, 401, BOARD_MSG_BAD_LINK);
		return;
	}
	board_set_cookie(br, br->sid, br->r->app->cfg->board_session_hours * 3600);
	/* The token leaves the address bar (and the history) here. */
	board_to_home(br, NULL);
}

/* The sign-in rate limit is the route's (HTTP_LIMIT_BOARD). */
static void
board_login(struct http_req *r)
{
	struct board_req *br;
	char *t;

	if ((br = board_req_new(r)) == NULL)
		return;
	t = http_query_param(r, "t");
	/* A malformed token is refused like an unknown one, and the page
	 * says the same either way. */
	if (t == NULL || !board_token_well_formed(t)) {
		free(t);
		board_fail(br, 401, BOARD_MSG_BAD_LINK);
		return;
	}
	if (board_token_new(br->sid) != 0) {
		OPENSSL_cleanse(t, strlen(t));
		free(t);
		board_fail(br, 503, BOARD_MSG_UNAVAILABLE);
		return;
	}
	(void)board_queued(br, board_store_login(r->app->pool, t, br->sid,
	    r->app->cfg->board_session_hours, board_login_done, br));
	OPENSSL_cleanse(t, strlen(t));
	free(t);
}

/* --- GET /board ----------------------------------------------------------- */

static void
board_render(struct board_req *br, int status, const char *json)
{
	char token[BOARD_FORM_TOKEN_LEN + 1], key[37];
	struct evbuffer *buf = NULL;
	struct board_page pg;
	cJSON *items;

	items = cJSON_Parse(json);
	if (!cJSON_IsArray(items))
		goto fail;
	if (br->item > 0 && cJSON_GetArraySize(items) == 0) {
		cJSON_Delete(items);
		board_fail(br, 404, BOARD_MSG_NOT_FOUND);
		return;
	}
	board_input_form_token(&br->r->app->key, br->sid, token);
	/* A refused form keeps its key, so the corrected Send is the same item. */
	if (br->has_refused && board_input_key(br->form.key.s))
		memcpy(key, br->form.key.s, sizeof key);
	else if (submission_new_id(key) != 0)
		goto fail;
	memset(&pg, 0, sizeof pg);
	pg.lang = br->lang;
	pg.name = br->name;
	pg.form_token = token;
	pg.item_key = key;
	pg.items = items;
	pg.single = br->item > 0;
	pg.sent = br->sent;
	pg.refused = br->has_refused ? &br->refused : NULL;
	if ((buf = evbuffer_new()) == NULL || board_page_render(buf, &pg) != 0)
		goto fail;
	/* Shown once: the next GET comes without it. */
	if (br->sent)
		board_set_sent_cookie(br, 0);
	http_reply(br->r, status, HTML, buf);
	evbuffer_free(buf);
	cJSON_Delete(items);
	board_req_free(br);
	return;
fail:
	if (buf != NULL)
		evbuffer_free(buf);
	cJSON_Delete(items);
	board_fail(br, 503, BOARD_MSG_UNAVAILABLE);
}

static void
board_items_done(void *arg, enum board_store_result res, const char *const *v)
{
	struct board_req *br = arg;

	if (res != BOARD_STORE_OK || v == NULL || v[0] == NULL) {
		board_fail(br, 503, BOARD_MSG_UNAVAILABLE);
		return;
	}
	board_render(br, br->has_refused ? 422 : 200, v[0]);
}

static void
board_home_who(void *arg, enum board_store_result res, const char *const *v)
{
	struct board_req *br = arg;

	if (board_who(br, res, v))
		(void)board_queued(br, board_store_items(br->r->app->pool,
		    br->member, br->item, board_items_done, br));
}

/* The Cookie header's session id into br; false if there is none. */
static bool
board_cookie(struct board_req *br)
{
	return board_input_cookie(evhttp_find_header(
	    evhttp_request_get_input_headers(br->r->req), "Cookie"), br->sid);
}

/* Whether the query parameter name is "1". */
static bool
board_flag(struct http_req *r, const char *name)
{
	char *v = http_query_param(r, name);
	bool on = v != NULL && strcmp(v, "1") == 0;

	free(v);
	return on;
}

static void
board_home(struct http_req *r)
{
	struct board_req *br = board_req_new(r);
	char *item;

	if (br == NULL)
		return;
	item = http_query_param(r, "item");
	if (item != NULL && !board_input_id(item, &br->item)) {
		free(item);
		board_fail(br, 404, BOARD_MSG_NOT_FOUND);
		return;
	}
	free(item);
	br->sent = board_input_sent_cookie(evhttp_find_header(
	    evhttp_request_get_input_headers(r->req), "Cookie"));
	if (!board_cookie(br)) {
		if (board_flag(r, "signed_out"))
			board_fail(br, 200, BOARD_MSG_SIGNED_OUT);
		else
			board_fail(br, 401, BOARD_MSG_SIGN_IN);
		return;
	}
	(void)board_queued(br, board_store_session(r->app->pool, br->sid,
	    board_home_who, br));
}

/* --- POST /board/items, /board/logout -------------------------------------- */

/*
 * What both posts check before the database, once the rate limit,
 * content type and body are checked (the routes' flags): a form, a
 * session cookie, and that session's form token.  Returns br, or NULL
 * once answered.
 */
static struct board_req *
board_post_begin(struct http_req *r)
{
	struct board_req *br;

	if ((br = board_req_new(r)) == NULL)
		return NULL;
	if (strlen(r->body) != r->body_len ||
	    board_input_parse_form(r->body, &br->form) != 0) {
		board_fail(br, 400, BOARD_MSG_BAD_REQUEST);
		return NULL;
	}
	if (br->form.lang.s != NULL)
		(void)lang_parse(br->form.lang.s, &br->lang);
	if (!board_cookie(br)) {
		board_fail(br, 401, BOARD_MSG_SIGN_IN);
		return NULL;
	}
	/* With a cookie of one session and the form of another, this is
	 * where it stops: the token is the session's own. */
	if (!board_input_form_token_ok(&r->app->key, br->sid,
	    br->form.form_token.s)) {
		board_fail(br, 403, BOARD_MSG_EXPIRED);
		return NULL;
	}
	return br;
}

static void
board_added(void *arg, enum board_store_result res, const char *const *v)
{
	struct board_req *br = arg;

	/* NONE: this key was stored before (a second tap of Send). */
	if (res != BOARD_STORE_OK && res != BOARD_STORE_NONE) {
		board_fail(br, 503, BOARD_MSG_UNAVAILABLE);
		return;
	}
	/* A minute is ample for the browser to follow the 303. */
	board_set_sent_cookie(br, 60);
	board_to_home(br, NULL);
}

static void
board_owned(void *arg, enum board_store_result res, const char *const *v)
{
	struct board_req *br = arg;

	/* Another member's item and no item at all look the same. */
	if (res == BOARD_STORE_NONE)
		board_fail(br, 404, BOARD_MSG_NOT_FOUND);
	else if (res == BOARD_STORE_OK)
		board_fail(br, 409, BOARD_MSG_UNCHANGEABLE);
	else
		board_fail(br, 503, BOARD_MSG_UNAVAILABLE);
}

static void
board_post_who(void *arg, enum board_store_result res, const char *const *v)
{
	struct board_req *br = arg;
	struct board_input_form *f = &br->form;
	struct board_page_refused *rf = &br->refused;
	long id;

	if (!board_who(br, res, v))
		return;
	/* Members add items; none can be changed, theirs or another's. */
	if (f->id.s != NULL) {
		if (!board_input_id(f->id.s, &id))
			board_fail(br, 404, BOARD_MSG_NOT_FOUND);
		else
			(void)board_queued(br, board_store_owned(br->r->app->pool,
			    br->member, f->id.s, board_owned, br));
		return;
	}
	rf->topic = board_input_topic(f->topic.s);
	rf->topic_problem = rf->topic >= 0 ? BOARD_INPUT_OK :
	    f->topic.s == NULL ? BOARD_INPUT_MISSING : BOARD_INPUT_UNKNOWN;
	rf->body_problem = board_input_body(f->body.s, f->body.len);
	rf->share_name = f->share_name.s != NULL && *f->share_name.s != '\0';
	if (rf->topic_problem != BOARD_INPUT_OK ||
	    rf->body_problem != BOARD_INPUT_OK) {
		/* Shown again only if it can be shown: valid UTF-8. */
		rf->body = rf->body_problem != BOARD_INPUT_UTF8 ? f->body.s : NULL;
		br->has_refused = true;
		(void)board_queued(br, board_store_items(br->r->app->pool,
		    br->member, 0, board_items_done, br));
		return;
	}
	(void)board_queued(br, board_store_add(br->r->app->pool, br->member,
	    board_input_topics[rf->topic], f->body.s, rf->share_name,
	    board_input_key(f->key.s) ? f->key.s : NULL, board_added, br));
}

static void
board_items_post(struct http_req *r)
{
	struct board_req *br = board_post_begin(r);

	if (br != NULL)
		(void)board_queued(br, board_store_session(r->app->pool, br->sid,
		    board_post_who, br));
}

static void
board_logged_out(void *arg, enum board_store_result res, const char *const *v)
{
	struct board_req *br = arg;

	if (res == BOARD_STORE_UNAVAILABLE) {
		board_fail(br, 503, BOARD_MSG_UNAVAILABLE);
		return;
	}
	board_set_cookie(br, "", 0);
	board_to_home(br, "signed_out=1");
}

static void
board_logout(struct http_req *r)
{
	struct board_req *br = board_post_begin(r);

	if (br != NULL)
		(void)board_queued(br, board_store_logout(r->app->pool, br->sid,
		    board_logged_out, br));
}

/* The page for a refusal made before the handler (http_refuse). */
static void
board_refused(struct http_req *r, int status)
{
	enum board_message kind = status == 429 ? BOARD_MSG_RATE_LIMITED :
	    status == 503 ? BOARD_MSG_UNAVAILABLE : status == 404 ?
	    BOARD_MSG_NOT_FOUND : BOARD_MSG_BAD_REQUEST;

	board_message(r, status, kind, board_lang(r));
}

const struct http_route board_login_route = {
	"/board/login", NULL, ROUTE_BOARD_LOGIN, board_login, NULL,
	HTTP_LIMIT_BOARD, board_refused,
};
const struct http_route board_home_route = {
	"/board", NULL, ROUTE_BOARD, board_home, NULL, 0, board_refused,
};
const struct http_route board_items_route = {
	"/board/items", NULL, ROUTE_BOARD_ITEMS, NULL, board_items_post,
	HTTP_POST_FORM | HTTP_LIMIT_POST, board_refused,
};
const struct http_route board_logout_route = {
	"/board/logout", NULL, ROUTE_BOARD_LOGOUT, NULL, board_logout,
	HTTP_POST_FORM | HTTP_LIMIT_POST, board_refused,
};
