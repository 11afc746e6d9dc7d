#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <event2/buffer.h>

#include "api.h"
#include "app.h"
#include "code_hash.h"
#include "log.h"
#include "metrics.h"
#include "submission.h"

#define RETRY_AFTER_S "5"

/* A JSON submission waiting for its event and then for its commit; its
 * body is the request's (r->body). */
struct api_submission {
	struct http_req *r;
	struct catalog_event *ev;
	struct submission sub;
};

static void
api_healthz(struct http_req *r)
{
	http_reply_text(r, 200, "text/plain; charset=utf-8", "ok\n");
}

/* Ready while submissions can be taken: a database connection is open,
 * or the spool has room. */
static void
api_readyz(struct http_req *r)
{
	if (writer_accepting(r->app->writer)) {
		http_reply_text(r, 200, "text/plain; charset=utf-8", "ready\n");
		return;
	}
	http_header(r, "Retry-After", RETRY_AFTER_S);
	http_reply_text(r, 503, "text/plain; charset=utf-8", "database unavailable\n");
}

static void
api_metrics(struct http_req *r)
{
	struct metrics_gauges g;
	struct evbuffer *buf = evbuffer_new();

	g.queue_depth = writer_depth(r->app->writer);
	g.connections_up = dbpool_up(r->app->pool);
	g.connections = (int)r->app->cfg->pool_size;
	writer_metrics(r->app->writer, &g);
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

/* {"en": ..., "es": ...} */
static cJSON *
api_texts(const char *const text[LANG_COUNT])
{
	cJSON *o = cJSON_CreateObject();

	for (int l = 0; o != NULL && l < LANG_COUNT; l++) {
		if (cJSON_AddStringToObject(o, lang_code((enum lang)l),
		    text[l]) == NULL) {
			cJSON_Delete(o);
			return NULL;
		}
	}
	return o;
}

/*
 * The matching code an event of a pre/post program asks, for a client to
 * render: {"note": {...}, "elements": [{"name": "birth_month", "prompt":
 * {"en", "es"}, "options": [{"value": "1", "label": {"en", "es"}}, ...,
 * {"value": "dk", ...}]}, ...]}, in the order the form asks them.
 */
static cJSON *
api_code(void)
{
	cJSON *code = cJSON_CreateObject(), *els, *el, *opts, *opt;
	bool ok;

	ok = code != NULL &&
	    cJSON_AddItemToObject(code, "note", api_texts(code_note)) &&
	    (els = cJSON_AddArrayToObject(code, "elements")) != NULL;
	for (int e = 0; ok && e < CODE_COUNT; e++) {
		const struct code_element_def *d = &code_elements[e];

		ok = (el = cJSON_CreateObject()) != NULL &&
		    cJSON_AddItemToArray(els, el) &&
		    cJSON_AddStringToObject(el, "name", d->name) != NULL &&
		    cJSON_AddItemToObject(el, "prompt", api_texts(d->prompt)) &&
		    (opts = cJSON_AddArrayToObject(el, "options")) != NULL;
		for (int k = 0; ok && k <= d->noptions; k++) {
			ok = (opt = cJSON_CreateObject()) != NULL &&
			    cJSON_AddItemToArray(opts, opt) &&
			    cJSON_AddStringToObject(opt, "value", k < d->noptions ?
			    d->options[k].value : CODE_DK_VALUE) != NULL &&
			    cJSON_AddItemToObject(opt, "label", api_texts(
			    k < d->noptions ? d->options[k].label : code_dk_label));
		}
	}
	if (!ok) {
		cJSON_Delete(code);
		return NULL;
	}
	return code;
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
	/* The token is good for this id only (token.h). */
	if (submission_new_id(id) != 0)
		goto fail;
	token_issue(&r->app->key, ev->id, id, now, token);
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
	    cJSON_AddStringToObject(root, "token", token) == NULL ||
	    (ev->asks_code && !cJSON_AddItemToObject(root, "code", api_code())))
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

static void
api_event(struct http_req *r)
{
	catalog_get(r->app->catalog, r->slug, api_event_found, r);
}

static void
api_submission_free(struct api_submission *as)
{
	catalog_event_unref(as->ev);
	submission_clear(&as->sub);
	free(as);
}

static void
api_reply_stored(struct http_req *r, int status, const char *id)
{
	char body[96];

	snprintf(body, sizeof body, "{\"id\":\"%s\",\"status\":\"stored\"}", id);
	http_reply_text(r, status, "application/json", body);
}

/* In the spool, on disk: stored later. */
static void
api_reply_queued(struct http_req *r, const char *id)
{
	char body[96];

	snprintf(body, sizeof body, "{\"id\":\"%s\",\"status\":\"queued\"}", id);
	http_reply_text(r, 202, "application/json", body);
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
	case WRITER_QUEUED:
		api_reply_queued(as->r, as->sub.id);
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
	case TOKEN_OTHER_ID:
		return "the form token was issued with another id; "
		    "send the id that came with it";
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
	if (submission_from_json(&as->sub, r->body, r->body_len, ev->ins, &errs) != 0) {
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
	/* Without a well-formed id the 422 below answers; none is stored. */
	t = token_check(&r->app->key, as->sub.token, ev->id,
	    as->sub.id[0] != '\0' ? as->sub.id : NULL, now,
	    r->app->cfg->token_lifetime_hours * 3600);
	if (t != TOKEN_OK) {
		metrics_submission(OUTCOME_REFUSED);
		http_reply_error(r, 403, "bad_token", api_token_problem(t), "token");
		api_submission_free(as);
		return;
	}
	/* From here on only the code's hashes are kept. */
	if (submission_seal_code(&as->sub, ev->asks_code ? ev->program_id : 0,
	    &r->app->key, &errs) != 0) {
		metrics_submission(OUTCOME_FAILED);
		http_reply_error(r, 500, "internal",
		    "the matching code could not be kept", NULL);
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

/* The rate limit, content type and body are checked by then (the route's
 * flags). */
static void
api_submit(struct http_req *r)
{
	struct api_submission *as = calloc(1, sizeof *as);

	if (as == NULL) {
		api_unavailable(r);
		return;
	}
	as->r = r;
	submission_init(&as->sub);
	catalog_get(r->app->catalog, r->slug, api_submission_event, as);
}

const struct http_route api_healthz_route = {
	"/healthz", NULL, ROUTE_HEALTHZ, api_healthz, NULL, 0, NULL,
};
const struct http_route api_readyz_route = {
	"/readyz", NULL, ROUTE_READYZ, api_readyz, NULL, 0, NULL,
};
const struct http_route api_metrics_route = {
	"/metrics", NULL, ROUTE_METRICS, api_metrics, NULL, 0, NULL,
};
const struct http_route api_event_route = {
	"/api/v1/events/", "", ROUTE_API_EVENT, api_event, NULL, HTTP_JSON, NULL,
};
const struct http_route api_responses_route = {
	"/api/v1/events/", "/responses", ROUTE_API_RESPONSES, NULL, api_submit,
	HTTP_JSON | HTTP_POST_JSON | HTTP_LIMIT_POST | HTTP_SUBMISSION, NULL,
};
