#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <event2/buffer.h>
#include <event2/http.h>
#include <openssl/crypto.h>

#include "app.h"
#include "board.h"
#include "board_api.h"
#include "board_input.h"
#include "board_store.h"
#include "board_token.h"
#include "utf8.h"

#define JSON "application/json"
#define RETRY_AFTER_S "5"

/* One API request from its token to its answer. */
struct board_call {
	struct http_req *r;
	char member[16];
	long item;		/* GET ?id= */
	cJSON *json;		/* POST: r->body, parsed */
	board_store_cb next;	/* once the member is known */
};

static void
board_api_unavailable(struct http_req *r)
{
	http_header(r, "Retry-After", RETRY_AFTER_S);
	http_reply_error(r, 503, "unavailable",
	    "the database is unavailable; try again shortly", NULL);
}

static void
board_call_free(struct board_call *bc)
{
	cJSON_Delete(bc->json);
	free(bc);
}

/* Answer with an error and free bc. */
static void
board_call_error(struct board_call *bc, int status, const char *code,
    const char *message, const char *field)
{
	if (status == 503)
		board_api_unavailable(bc->r);
	else
		http_reply_error(bc->r, status, code, message, field);
	board_call_free(bc);
}

/* Answer {"KEY": json} (json is a JSON text) and free bc. */
static void
board_call_reply(struct board_call *bc, int status, const char *key,
    const char *json)
{
	struct evbuffer *buf = evbuffer_new();

	if (buf == NULL || evbuffer_add_printf(buf, "{\"%s\":%s}", key, json) < 0) {
		if (buf != NULL)
			evbuffer_free(buf);
		board_call_error(bc, 503, NULL, NULL, NULL);
		return;
	}
	http_reply(bc->r, status, JSON, buf);
	evbuffer_free(buf);
	board_call_free(bc);
}

static void
board_call_who(void *arg, enum board_store_result res, const char *const *v)
{
	struct board_call *bc = arg;

	if (res == BOARD_STORE_UNAVAILABLE) {
		board_call_error(bc, 503, NULL, NULL, NULL);
		return;
	}
	if (res != BOARD_STORE_OK || v == NULL || v[0] == NULL) {
		/* Wrong, replaced and revoked tokens alike. */
		http_header(bc->r, "WWW-Authenticate", "Bearer realm=\"belong\"");
		board_call_error(bc, 401, "unauthorized",
		    "the token is not valid; ask staff for a new link", NULL);
		return;
	}
	snprintf(bc->member, sizeof bc->member, "%s", v[0]);
	bc->next(bc, BOARD_STORE_OK, NULL);
}

/*
 * Find the member of the request's Bearer token, then call next(bc).
 * The token is looked up by its hash; every try has counted against the
 * address's sign-in bucket (the route's HTTP_LIMIT_BOARD), so guessing
 * is as slow here as at /board/login.  Returns bc, or NULL once answered.
 */
static struct board_call *
board_call_begin(struct http_req *r, board_store_cb next)
{
	const char *auth = evhttp_find_header(
	    evhttp_request_get_input_headers(r->req), "Authorization");
	char token[BOARD_TOKEN_LEN + 1];
	struct board_call *bc;

	if ((bc = calloc(1, sizeof *bc)) == NULL) {
		board_api_unavailable(r);
		return NULL;
	}
	bc->r = r;
	bc->next = next;
	if (auth == NULL || strncasecmp(auth, "Bearer ", 7) != 0 ||
	    !board_token_well_formed(auth + 7)) {
		http_header(r, "WWW-Authenticate", "Bearer realm=\"belong\"");
		board_call_error(bc, 401, "unauthorized",
		    "send Authorization: Bearer with your personal token", NULL);
		return NULL;
	}
	memcpy(token, auth + 7, sizeof token);
	if (board_store_bearer(r->app->pool, token, board_call_who, bc) != 0) {
		board_call_error(bc, 503, NULL, NULL, NULL);
		bc = NULL;
	}
	OPENSSL_cleanse(token, sizeof token);
	return bc;
}

/* --- GET ------------------------------------------------------------------ */

static void
board_api_listed(void *arg, enum board_store_result res, const char *const *v)
{
	struct board_call *bc = arg;
	size_t n;
	char *one;

	if (res != BOARD_STORE_OK || v == NULL || v[0] == NULL) {
		board_call_error(bc, 503, NULL, NULL, NULL);
		return;
	}
	if (bc->item == 0) {
		board_call_reply(bc, 200, "items", v[0]);
		return;
	}
	/* Filtered by id, the array is empty or holds exactly that item:
	 * its text between the brackets. */
	n = strlen(v[0]);
	if (n < 4 || v[0][0] != '[' || v[0][n - 1] != ']') {
		board_call_error(bc, 404, "not_found", "no such item", "id");
		return;
	}
	if ((one = strndup(v[0] + 1, n - 2)) == NULL) {
		board_call_error(bc, 503, NULL, NULL, NULL);
		return;
	}
	board_call_reply(bc, 200, "item", one);
	free(one);
}

static void
board_api_list_who(void *arg, enum board_store_result res, const char *const *v)
{
	struct board_call *bc = arg;
	char *id = http_query_param(bc->r, "id");

	/* Anything but one of the member's own ids is "no such item". */
	if (id != NULL && !board_input_id(id, &bc->item)) {
		free(id);
		board_call_error(bc, 404, "not_found", "no such item", "id");
		return;
	}
	free(id);
	if (board_store_items(bc->r->app->pool, bc->member, bc->item,
	    board_api_listed, bc) != 0)
		board_call_error(bc, 503, NULL, NULL, NULL);
}

static void
board_api_list(struct http_req *r)
{
	(void)board_call_begin(r, board_api_list_who);
}

/* --- POST ----------------------------------------------------------------- */

static void
board_api_added(void *arg, enum board_store_result res, const char *const *v)
{
	struct board_call *bc = arg;

	if (res != BOARD_STORE_OK || v == NULL || v[0] == NULL)
		board_call_error(bc, 503, NULL, NULL, NULL);
	else
		board_call_reply(bc, 201, "item", v[0]);
}

static void
board_api_owned(void *arg, enum board_store_result res, const char *const *v)
{
	struct board_call *bc = arg;

	if (res == BOARD_STORE_NONE)
		board_call_error(bc, 404, "not_found", "no such item", "id");
	else if (res == BOARD_STORE_OK)
		board_call_error(bc, 409, "unchangeable",
		    "a sent item cannot be changed; send a new one", "id");
	else
		board_call_error(bc, 503, NULL, NULL, NULL);
}

/* Members add items and never change one, theirs or another's: an id
 * is answered 404 unless it is their own (409). */
static void
board_api_change(struct board_call *bc, const cJSON *id)
{
	char text[24];

	if (!cJSON_IsNumber(id) || id->valuedouble < 1 ||
	    id->valuedouble > 2147483647 || id->valuedouble != (double)id->valueint) {
		board_call_error(bc, 404, "not_found", "no such item", "id");
		return;
	}
	snprintf(text, sizeof text, "%d", id->valueint);
	if (board_store_owned(bc->r->app->pool, bc->member, text,
	    board_api_owned, bc) != 0)
		board_call_error(bc, 503, NULL, NULL, NULL);
}

/* Check the parsed body and store it; answers in every case. */
static void
board_api_check(struct board_call *bc)
{
	const cJSON *f, *topic = NULL, *body = NULL, *share = NULL, *id = NULL;
	enum board_input_problem p;

	cJSON_ArrayForEach(f, bc->json) {
		if (strcmp(f->string, "topic") == 0)
			topic = f;
		else if (strcmp(f->string, "body") == 0)
			body = f;
		else if (strcmp(f->string, "share_name") == 0)
			share = f;
		else if (strcmp(f->string, "id") == 0)
			id = f;
		else {
			board_call_error(bc, 422, "invalid", "unknown field",
			    f->string);
			return;
		}
	}
	if (id != NULL) {
		board_api_change(bc, id);
		return;
	}
	if (board_input_topic(cJSON_GetStringValue(topic)) < 0) {
		board_call_error(bc, 422, "invalid", "topic must be one of "
		    "programs, events, outreach, belonging, other", "topic");
		return;
	}
	p = board_input_body(cJSON_GetStringValue(body),
	    cJSON_IsString(body) ? strlen(body->valuestring) : 0);
	if (p != BOARD_INPUT_OK) {
		board_call_error(bc, 422, "invalid", p == BOARD_INPUT_TOO_LONG ?
		    "body must be at most 4000 characters" :
		    "body must be text, not only white space", "body");
		return;
	}
	if (share != NULL && !cJSON_IsBool(share)) {
		board_call_error(bc, 422, "invalid", "share_name must be true or "
		    "false", "share_name");
		return;
	}
	if (board_store_add(bc->r->app->pool, bc->member, topic->valuestring,
	    body->valuestring, cJSON_IsTrue(share), NULL, board_api_added, bc) != 0)
		board_call_error(bc, 503, NULL, NULL, NULL);
}

static void
board_api_add_who(void *arg, enum board_store_result res, const char *const *v)
{
	struct board_call *bc = arg;
	const char *body = bc->r->body;
	size_t len = bc->r->body_len;

	/* Checked on the raw text: cJSON passes bad bytes through, and
	 * decodes \u0000 into a string cut short. */
	if (!utf8_valid(body, len) || board_input_json_nul(body, len)) {
		board_call_error(bc, 400, "malformed",
		    "the body is not valid UTF-8 text", NULL);
		return;
	}
	bc->json = cJSON_ParseWithLength(body, len);
	if (!cJSON_IsObject(bc->json)) {
		board_call_error(bc, 400, "malformed",
		    "the body must be a JSON object", NULL);
		return;
	}
	board_api_check(bc);
}

/* The content type and a non-empty body are checked by then (the
 * route's flags). */
static void
board_api_add(struct http_req *r)
{
	(void)board_call_begin(r, board_api_add_who);
}

const struct http_route board_api_items_route = {
	"/api/v1/board/items", NULL, ROUTE_API_BOARD_ITEMS, board_api_list,
	board_api_add, HTTP_JSON | HTTP_POST_JSON | HTTP_LIMIT_BOARD, NULL,
};
