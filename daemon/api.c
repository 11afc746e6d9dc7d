#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <event2/buffer.h>

#include "api.h"
#include "app.h"
#include "log.h"
#include "metrics.h"
#include "submission.h"

#define RETRY_AFTER_S "5"

/* A JSON submission waiting for its event and then for its commit. */
struct api_submission {
	struct http_req *r;
	struct catalog_event *ev;
	struct submission sub;
	char *body;
	size_t len;
};

void
api_healthz(struct http_req *r)
{
	http_reply_text(r, 200, "text/plain; charset=utf-8", "ok\n");
}

/* Ready when at least one database connection is open. */
void
api_readyz(struct http_req *r)
{
	if (dbpool_up(r->app->pool) > 0) {
		http_reply_text(r, 200, "text/plain; charset=utf-8", "ready\n");
		return;
	}
	http_header(r, "Retry-After", RETRY_AFTER_S);
	http_reply_text(r, 503, "text/plain; charset=utf-8", "database unavailable\n");
}

void
api_metrics(struct http_req *r)
{
	struct metrics_gauges g;
	struct evbuffer *buf = evbuffer_new();

	g.queue_depth = writer_depth(r->app->writer);
	g.connections_up = dbpool_up(r->app->pool);
	g.connections = (int)r->app->cfg->pool_size;
	if (buf == NULL || metrics_render(buf, &g) != 0) {
		if (buf != NULL)
			evbuffer_free(buf);
		http_reply_error(r, 500, "internal", "out of memory", NULL);
		return;
	}
	http_reply(r, 200, "text/plain; version=0.0.4; charset=utf-8", buf);
	evbuffer_free(buf);
}

static void
api_unavailable(struct http_req *r)
{
	http_header(r, "Retry-After", RETRY_AFTER_S);
	http_reply_error(r, 503, "unavailable",
	    "the database is unavailable; try again shortly", NULL);
}

/* Answer a lookup that found no usable event; true if it answered. */
static bool
api_event_problem(struct http_req *r, struct catalog_event *ev,
    enum catalog_status status)
{
	if (status == CATALOG_NOT_FOUND) {
		http_reply_error(r, 404, "not_found", "no such event", NULL);
		return true;
	}
	if (status != CATALOG_FOUND) {
		api_unavailable(r);
		return true;
	}
	return false;
}

static void
api_event_found(void *arg, struct catalog_event *ev, enum catalog_status status)
{
	struct http_req *r = arg;
	char token[TOKEN_MAX], id[37];
	cJSON *root = NULL, *event;
	char *body = NULL;
	time_t now = time(NULL);

	if (api_event_problem(r, ev, status))
		return;
	token_issue(&r->app->key, ev->id, now, token);
	if (submission_new_id(id) != 0)
		goto fail;
	root = cJSON_CreateObject();
	if (root == NULL || (event = cJSON_AddObjectToObject(root, "event")) == NULL ||
	    cJSON_AddStringToObject(event, "slug", ev->slug) == NULL ||
	    cJSON_AddStringToObject(event, "title", ev->title) == NULL ||
	    (ev->starts_on != NULL ?
	     cJSON_AddStringToObject(event, "starts_on", ev->starts_on) :
	     cJSON_AddNullToObject(event, "starts_on")) == NULL ||
	    (ev->ends_on != NULL ?
	     cJSON_AddStringToObject(event, "ends_on", ev->ends_on) :
	     cJSON_AddNullToObject(event, "ends_on")) == NULL ||
	    cJSON_AddBoolToObject(event, "open", catalog_event_open(ev, now)) == NULL ||
	    cJSON_AddBoolToObject(event, "draw", ev->draw_prize != NULL) == NULL ||
	    !cJSON_AddItemToObject(root, "instrument", cJSON_CreateRaw(ev->definition)) ||
	    cJSON_AddStringToObject(root, "id", id) == NULL ||
	    cJSON_AddStringToObject(root, "token", token) == NULL)
		goto fail;
	body = cJSON_PrintUnformatted(root);
	if (body == NULL)
		goto fail;
	http_reply_text(r, 200, "application/json", body);
	cJSON_free(body);
	cJSON_Delete(root);
	catalog_event_unref(ev);
	return;
fail:
	cJSON_Delete(root);
	catalog_event_unref(ev);
	http_reply_error(r, 500, "internal", "out of memory", NULL);
}

void
api_event(struct http_req *r)
{
	catalog_get(r->app->catalog, r->slug, api_event_found, r);
}

static void
api_submission_free(struct api_submission *as)
{
	catalog_event_unref(as->ev);
	submission_clear(&as->sub);
	free(as->body);
	free(as);
}

static void
api_reply_stored(struct http_req *r, int status, const char *id)
{
	char body[96];

	snprintf(body, sizeof body, "{\"id\":\"%s\",\"status\":\"stored\"}", id);
	http_reply_text(r, status, "application/json", body);
}

static void
api_submission_written(void *arg, enum writer_result result)
{
	struct api_submission *as = arg;

	switch (result) {
	case WRITER_STORED:
		api_reply_stored(as->r, 201, as->sub.id);
		break;
	case WRITER_DUPLICATE:
		api_reply_stored(as->r, 200, as->sub.id);
		break;
	case WRITER_UNAVAILABLE:
		api_unavailable(as->r);
		break;
	case WRITER_FAILED:
		http_reply_error(as->r, 500, "internal",
		    "the response could not be stored", NULL);
		break;
	}
	api_submission_free(as);
}

static const char *
api_token_problem(enum token_result t)
{
	switch (t) {
	case TOKEN_EXPIRED:
		return "the form token has expired; fetch the event again";
	case TOKEN_OTHER_EVENT:
		return "the form token belongs to another event";
	default:
		return "the form token is not valid";
	}
}

static void
api_submission_event(void *arg, struct catalog_event *ev,
    enum catalog_status status)
{
	struct api_submission *as = arg;
	struct http_req *r = as->r;
	struct submission_errors errs;
	enum token_result t;
	time_t now = time(NULL);

	as->ev = ev;
	if (api_event_problem(r, ev, status)) {
		metrics_submission(OUTCOME_REFUSED);
		api_submission_free(as);
		return;
	}
	if (!catalog_event_open(ev, now)) {
		metrics_submission(OUTCOME_REFUSED);
		http_reply_error(r, 410, "closed", "this event no longer takes responses", NULL);
		api_submission_free(as);
		return;
	}
	errs.n = 0;
	if (submission_from_json(&as->sub, as->body, as->len, ev->ins, &errs) != 0) {
		for (int i = 0; i < errs.n; i++) {
			if (errs.e[i].problem == SUBMISSION_MALFORMED ||
			    errs.e[i].problem == SUBMISSION_UTF8) {
				metrics_submission(OUTCOME_INVALID);
				http_reply_error(r, 400, "malformed", errs.e[i].message,
				    errs.e[i].field[0] != '\0' ? errs.e[i].field : NULL);
				api_submission_free(as);
				return;
			}
		}
	}
	t = token_check(&r->app->key, as->sub.token, ev->id, now,
	    r->app->cfg->token_lifetime_hours * 3600);
	if (t != TOKEN_OK) {
		metrics_submission(OUTCOME_REFUSED);
		http_reply_error(r, 403, "bad_token", api_token_problem(t), "token");
		api_submission_free(as);
		return;
	}
	if (errs.n > 0) {
		metrics_submission(OUTCOME_INVALID);
		http_reply_error(r, 422, "invalid", errs.e[0].message, errs.e[0].field);
		api_submission_free(as);
		return;
	}
	if (writer_submit(r->app->writer, ev->id, ev->ins, &as->sub,
	    api_submission_written, as) != 0) {
		metrics_submission(OUTCOME_UNAVAILABLE);
		api_unavailable(r);
		api_submission_free(as);
	}
}

void
api_submit(struct http_req *r)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(r->req);
	struct api_submission *as;
	size_t len = evbuffer_get_length(in);
	char retry[16];
	int wait;

	if (!ratelimit_take(r->app->ratelimit, http_peer(r), &wait)) {
		metrics_submission(OUTCOME_REFUSED);
		snprintf(retry, sizeof retry, "%d", wait);
		http_header(r, "Retry-After", retry);
		http_reply_error(r, 429, "rate_limited",
		    "too many submissions from this address; try again later", NULL);
		return;
	}
	if (!http_content_type_is(r, "application/json")) {
		http_reply_error(r, 415, "unsupported_media_type",
		    "send the response as application/json", NULL);
		return;
	}
	if (len == 0) {
		http_reply_error(r, 400, "malformed", "the body is empty", NULL);
		return;
	}
	as = calloc(1, sizeof *as);
	if (as == NULL || (as->body = malloc(len + 1)) == NULL) {
		free(as);
		api_unavailable(r);
		return;
	}
	as->r = r;
	as->len = len;
	submission_init(&as->sub);
	evbuffer_remove(in, as->body, len);
	as->body[len] = '\0';
	catalog_get(r->app->catalog, r->slug, api_submission_event, as);
}
