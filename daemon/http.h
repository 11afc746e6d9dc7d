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
struct http_req;

/* A route's handler: answers r exactly once, now or later. */
typedef void (*http_handler)(struct http_req *r);
/* An HTML route's page for a refusal the HTTP layer makes (status 400,
 * 404, 405, 413, 415, 429 or 503); it answers r. */
typedef void (*http_page)(struct http_req *r, int status);

/* What a route's requests go through before its handler. */
enum http_route_flags {
	HTTP_JSON = 0x01,		/* refusals as JSON errors, not pages */
	HTTP_POST_FORM = 0x02,		/* POST: an urlencoded body */
	HTTP_POST_JSON = 0x04,		/* POST: a non-empty JSON body */
	HTTP_LIMIT_POST = 0x08,		/* POST: the submission rate limit */
	HTTP_LIMIT_BOARD = 0x10,	/* every method: the board sign-in limit */
	HTTP_SUBMISSION = 0x20,		/* a rate-limited POST counts as refused */
	HTTP_PREFIX = 0x40,		/* any path under prefix (a fallback) */
};

/*
 * One route.  Handler modules define them (api.c, survey.c, board.c,
 * board_api.c); belongd.c lists them in one table for http_new.  A path
 * is prefix, or prefix{slug}suffix when suffix is not NULL; the first
 * route that matches wins.
 */
struct http_route {
	const char *prefix;
	const char *suffix;
	enum metrics_route metric;
	http_handler get;		/* GET and HEAD; NULL: 405 */
	http_handler post;		/* NULL: 405 */
	int flags;			/* enum http_route_flags */
	http_page page;			/* refusals on an HTML route */
};

/* Where a request is: it only moves forward. */
enum http_req_state {
	HTTP_REQ_ROUTING,	/* dispatched: matched, checked, body copied */
	HTTP_REQ_HANDLING,	/* with its handler, which may wait for the database */
	HTTP_REQ_ANSWERED,	/* answered; freed on the way out of http_reply */
};

/*
 * One request from dispatch to answer.  Handlers answer exactly once with
 * an http_reply* call, which frees it; until then it may wait (for the
 * catalog, for the writer) as long as it likes.
 */
struct http_req {
	struct http *h;
	struct app *app;
	struct evhttp_request *req;
	const struct http_route *route;	/* NULL until matched */
	enum http_req_state state;
	enum metrics_route metric;
	char slug[65];			/* from the path, if the route has one */
	char client[64];		/* the client's address (see http_peer) */
	char *body;			/* POST routes: the body, NUL-terminated */
	size_t body_len;		/* (without the NUL); freed with r */
	struct timeval start;
};

/*
 * Listen on cfg->listen and route requests with routes (a NULL-ended list
 * that must outlive h) to their handlers, with app.  Returns NULL with
 * *err set (caller frees) if the address cannot be bound.
 */
struct http *http_new(struct event_base *base, const struct settings *cfg,
    struct app *app, const struct http_route *const *routes, char **err);
void http_free(struct http *h);

/* Apply the reloadable settings of cfg (body and header size, timeouts,
 * access log, trusted proxies). */
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

/* Refuse r as its route does: a JSON error, or the route's page. */
void http_refuse(struct http_req *r, int status, const char *code,
    const char *message);

/*
 * The client's address as text ("127.0.0.1"), for rate limiting only:
 * the peer, or when the peer is in trusted_proxies, the address it
 * forwards for (Forwarded, else X-Forwarded-For).
 */
const char *http_peer(const struct http_req *r);
/* A query-string parameter of the request URI, or NULL; caller frees. */
char *http_query_param(const struct http_req *r, const char *name);
/* Whether the Content-Type is mime (ignoring parameters such as charset). */
bool http_content_type_is(const struct http_req *r, const char *mime);

#endif
