#ifndef BELONGD_HTTP_H
#define BELONGD_HTTP_H

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/time.h>

#include "metrics.h"

struct settings;
struct app;

/* The HTTP side of belongd: one evhttp, its listening socket, the routes. */
struct http;

/*
 * One request from dispatch to answer.  Handlers answer exactly once with
 * an http_reply* call, which frees it; until then it may wait (for the
 * catalog, for the writer) as long as it likes.
 */
struct http_req {
	struct http *h;
	struct app *app;
	struct evhttp_request *req;
	enum metrics_route route;
	char slug[65];			/* from the path, if the route has one */
	struct timeval start;
};

/*
 * Listen on cfg->listen and route requests to the handlers with app.
 * Returns NULL with *err set (caller frees) if the address cannot be bound.
 */
struct http *http_new(struct event_base *base, const struct settings *cfg,
    struct app *app, char **err);
void http_free(struct http *h);

/* Apply the reloadable limits of cfg (body and header size, timeouts, access log). */
void http_apply_settings(struct http *h, const struct settings *cfg);

/* The address actually bound, e.g. "127.0.0.1:40123" (port 0 resolved). */
const char *http_address(const struct http *h);

/* Close the listening socket; connections already open are served. */
void http_stop_accepting(struct http *h);

/* Requests accepted and not yet answered. */
int http_in_flight(const struct http *h);

/* Add a response header. */
void http_header(struct http_req *r, const char *name, const char *value);
/* Answer with body (drained; may be NULL), count it, log it, free r. */
void http_reply(struct http_req *r, int status, const char *content_type,
    struct evbuffer *body);
/* Answer with a string. */
void http_reply_text(struct http_req *r, int status, const char *content_type,
    const char *text);
/* Answer {"error": {"code": ..., "message": ..., "field": ...}}; field may be NULL. */
void http_reply_error(struct http_req *r, int status, const char *code,
    const char *message, const char *field);
/* 303 See Other to location. */
void http_redirect(struct http_req *r, const char *location);

/* The client's address as text ("127.0.0.1"), for rate limiting only. */
const char *http_peer(const struct http_req *r);
/* A query-string parameter of the request URI, or NULL; caller frees. */
char *http_query_param(const struct http_req *r, const char *name);
/* Whether the Content-Type is mime (ignoring parameters such as charset). */
bool http_content_type_is(const struct http_req *r, const char *mime);

#endif
