#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cjson/cJSON.h>
#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "dbpool.h"
#include "http.h"
#include "log.h"
#include "settings.h"
#include "xalloc.h"

struct http {
	struct event_base *base;
	struct evhttp *evhttp;
	struct evhttp_bound_socket *listener;
	struct dbpool *pool;
	char address[64];
	bool access_log;
	int in_flight;
};

typedef void (*http_handler)(struct http *h, struct evhttp_request *req);

struct http_route {
	const char *path;
	http_handler handler;
};

static void
http_healthz(struct http *h, struct evhttp_request *req)
{
	http_send(h, req, 200, "text/plain; charset=utf-8", "ok\n", 3);
}

/* Ready when at least one database connection is open. */
static void
http_readyz(struct http *h, struct evhttp_request *req)
{
	if (dbpool_up(h->pool) > 0) {
		http_send(h, req, 200, "text/plain; charset=utf-8", "ready\n", 6);
		return;
	}
	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Retry-After", "5");
	http_send(h, req, 503, "text/plain; charset=utf-8",
	    "database unavailable\n", 21);
}

static const struct http_route http_routes[] = {
	{ "/healthz", http_healthz },
	{ "/readyz", http_readyz },
	{ NULL, NULL },
};

static const char *
http_method_name(enum evhttp_cmd_type cmd)
{
	switch (cmd) {
	case EVHTTP_REQ_GET: return "GET";
	case EVHTTP_REQ_POST: return "POST";
	case EVHTTP_REQ_HEAD: return "HEAD";
	case EVHTTP_REQ_PUT: return "PUT";
	case EVHTTP_REQ_DELETE: return "DELETE";
	case EVHTTP_REQ_OPTIONS: return "OPTIONS";
	case EVHTTP_REQ_TRACE: return "TRACE";
	case EVHTTP_REQ_CONNECT: return "CONNECT";
	case EVHTTP_REQ_PATCH: return "PATCH";
	}
	return "?";
}

void
http_send(struct http *h, struct evhttp_request *req, int status,
    const char *content_type, const char *body, size_t len)
{
	struct evkeyvalq *out = evhttp_request_get_output_headers(req);
	struct evbuffer *buf = evbuffer_new();

	evhttp_add_header(out, "Content-Type", content_type);
	evhttp_add_header(out, "Cache-Control", "no-store");
	evhttp_add_header(out, "X-Content-Type-Options", "nosniff");
	if (h->access_log) {
		/* The path only: a query may hold a sign-in token, and a body
		 * holds answers; neither belongs in a log. */
		const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
		const char *path = uri != NULL ? evhttp_uri_get_path(uri) : NULL;

		log_info("%s %s %d", http_method_name(evhttp_request_get_command(req)),
		    path != NULL ? path : "-", status);
	}
	if (buf == NULL || evbuffer_add(buf, body, len) != 0) {
		evhttp_send_error(req, 500, NULL);
	} else {
		evhttp_send_reply(req, status, NULL, buf);
	}
	if (buf != NULL)
		evbuffer_free(buf);
	h->in_flight--;
}

void
http_send_error(struct http *h, struct evhttp_request *req, int status,
    const char *code, const char *message, const char *field)
{
	cJSON *root = cJSON_CreateObject(), *err = cJSON_CreateObject();
	char *body;

	cJSON_AddStringToObject(err, "code", code);
	cJSON_AddStringToObject(err, "message", message);
	if (field != NULL)
		cJSON_AddStringToObject(err, "field", field);
	cJSON_AddItemToObject(root, "error", err);
	body = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (body == NULL) {
		evhttp_send_error(req, 500, NULL);
		h->in_flight--;
		return;
	}
	http_send(h, req, status, "application/json", body, strlen(body));
	cJSON_free(body);
}

static void
http_dispatch(struct evhttp_request *req, void *arg)
{
	struct http *h = arg;
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
	const char *path = uri != NULL ? evhttp_uri_get_path(uri) : NULL;
	enum evhttp_cmd_type cmd = evhttp_request_get_command(req);

	h->in_flight++;
	if (path == NULL) {
		http_send_error(h, req, 400, "bad_request", "malformed request URI", NULL);
		return;
	}
	for (const struct http_route *r = http_routes; r->path != NULL; r++) {
		if (strcmp(r->path, path) != 0)
			continue;
		if (cmd != EVHTTP_REQ_GET && cmd != EVHTTP_REQ_HEAD) {
			evhttp_add_header(evhttp_request_get_output_headers(req),
			    "Allow", "GET, HEAD");
			http_send_error(h, req, 405, "method_not_allowed",
			    "method not allowed", NULL);
			return;
		}
		r->handler(h, req);
		return;
	}
	http_send_error(h, req, 404, "not_found", "no such page", NULL);
}

void
http_apply_settings(struct http *h, const struct settings *cfg)
{
	evhttp_set_max_body_size(h->evhttp, (ev_ssize_t)cfg->max_body_bytes);
	evhttp_set_max_headers_size(h->evhttp, (ev_ssize_t)cfg->max_header_bytes);
	evhttp_set_timeout(h->evhttp, (int)cfg->request_timeout);
	h->access_log = cfg->access_log;
}

struct http *
http_new(struct event_base *base, const struct settings *cfg,
    struct dbpool *pool, char **err)
{
	struct http *h = xcalloc(1, sizeof *h);
	struct sockaddr_storage ss;
	socklen_t sslen = sizeof ss;
	char host_buf[INET6_ADDRSTRLEN];
	unsigned short port;
	char *host;

	h->base = base;
	h->pool = pool;
	h->evhttp = evhttp_new(base);
	if (h->evhttp == NULL)
		fatal("cannot create HTTP server");
	evhttp_set_allowed_methods(h->evhttp, EVHTTP_REQ_GET | EVHTTP_REQ_POST |
	    EVHTTP_REQ_HEAD | EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE |
	    EVHTTP_REQ_OPTIONS | EVHTTP_REQ_PATCH);
	evhttp_set_gencb(h->evhttp, http_dispatch, h);
	http_apply_settings(h, cfg);
	if (settings_parse_listen(cfg->listen, &host, &port) != 0) {
		*err = xasprintf("bad listen address: %s", cfg->listen);
		goto fail;
	}
	h->listener = evhttp_bind_socket_with_handle(h->evhttp, host, port);
	if (h->listener == NULL) {
		*err = xasprintf("cannot listen on %s", cfg->listen);
		free(host);
		goto fail;
	}
	free(host);
	if (getsockname(evhttp_bound_socket_get_fd(h->listener),
	    (struct sockaddr *)&ss, &sslen) == 0) {
		if (ss.ss_family == AF_INET6) {
			struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

			inet_ntop(AF_INET6, &s6->sin6_addr, host_buf, sizeof host_buf);
			snprintf(h->address, sizeof h->address, "[%s]:%u", host_buf,
			    ntohs(s6->sin6_port));
		} else {
			struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

			inet_ntop(AF_INET, &s4->sin_addr, host_buf, sizeof host_buf);
			snprintf(h->address, sizeof h->address, "%s:%u", host_buf,
			    ntohs(s4->sin_port));
		}
	}
	return h;
fail:
	evhttp_free(h->evhttp);
	free(h);
	return NULL;
}

const char *
http_address(const struct http *h)
{
	return h->address;
}

void
http_stop_accepting(struct http *h)
{
	if (h->listener != NULL) {
		evhttp_del_accept_socket(h->evhttp, h->listener);
		h->listener = NULL;
	}
}

int
http_in_flight(const struct http *h)
{
	return h->in_flight;
}

void
http_free(struct http *h)
{
	if (h == NULL)
		return;
	evhttp_free(h->evhttp);
	free(h);
}
