#ifndef BELONGD_HTTP_H
#define BELONGD_HTTP_H

#include <event2/event.h>
#include <event2/http.h>
#include <stdbool.h>
#include <stddef.h>

struct settings;
struct dbpool;

/* The HTTP side of belongd: one evhttp, its listening socket, the routes. */
struct http;

/*
 * Listen on cfg->listen and route requests.  Returns NULL with *err set
 * (caller frees) if the address cannot be bound.
 */
struct http *http_new(struct event_base *base, const struct settings *cfg,
    struct dbpool *pool, char **err);
void http_free(struct http *h);

/* Apply the reloadable limits of cfg (body and header size, timeouts, access log). */
void http_apply_settings(struct http *h, const struct settings *cfg);

/* The address actually bound, e.g. "127.0.0.1:40123" (port 0 resolved). */
const char *http_address(const struct http *h);

/* Close the listening socket; connections already open are served. */
void http_stop_accepting(struct http *h);

/* Requests accepted and not yet answered. */
int http_in_flight(const struct http *h);

/* Answer with a body (copied) and count the answer. */
void http_send(struct http *h, struct evhttp_request *req, int status,
    const char *content_type, const char *body, size_t len);
/* Answer {"error": {"code": ..., "message": ..., "field": ...}}; field may be NULL. */
void http_send_error(struct http *h, struct evhttp_request *req, int status,
    const char *code, const char *message, const char *field);

#endif
