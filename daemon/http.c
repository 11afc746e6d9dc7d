#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "app.h"
#include "catalog.h"
#include "framing.h"
#include "http.h"
#include "log.h"
#include "metrics.h"
#include "netaddr.h"
#include "ratelimit.h"
#include "settings.h"
#include "xalloc.h"

/*
 * evhttp's timeouts measure inactivity, so a client that sends its headers
 * a byte at a time never trips them.  We give every connection a deadline
 * instead: a whole request must arrive within request_timeout of the
 * connection opening or of the previous answer, unless a request is still
 * being answered.  A connection past its deadline is shut down; evhttp
 * then sees end-of-file and frees it as usual.  Answers announce the
 * deadline ("Keep-Alive: timeout=N") so that clients which honour it stop
 * reusing an idle connection before we close it.
 */
struct http_conn {
	struct http_conn *next;		/* in its hash bucket */
	struct http *h;
	struct bufferevent *bev;	/* we hold a reference while we watch */
	struct event *deadline;
	int pending;			/* requests dispatched, not answered */
	struct timeval since;		/* opened, or last answered */
	bool seen;			/* a request arrived: evhttp tells us of the close */
	bool over_limit;		/* opened beyond max_connections */
	struct framing *framing;	/* checks what arrives (framing.h) */
	struct evbuffer_cb_entry *framing_cb;
};

#define HTTP_CONN_BUCKETS 4096

struct http {
	struct event_base *base;
	struct evhttp *evhttp;
	struct evhttp_bound_socket *listener;
	struct app *app;
	char address[64];
	bool access_log;
	int in_flight;
	struct timeval request_timeout;
	char keep_alive[32];		/* the Keep-Alive header: the deadline */
	long max_connections;
	long nconns;
	struct http_conn *conns[HTTP_CONN_BUCKETS];
	const struct http_route *const *routes;
	struct framing_limits limits;	/* every connection's framing reads these */
	struct netaddr_list proxies;	/* trusted_proxies */
};

static unsigned
http_conn_hash(const struct bufferevent *bev)
{
	return (unsigned)(((uintptr_t)bev >> 4) % HTTP_CONN_BUCKETS);
}

static void
http_conn_free(struct http_conn *c)
{
	struct http_conn **pp = &c->h->conns[http_conn_hash(c->bev)];

	while (*pp != c)
		pp = &(*pp)->next;
	*pp = c->next;
	c->h->nconns--;
	event_free(c->deadline);
	evbuffer_remove_cb_entry(bufferevent_get_input(c->bev), c->framing_cb);
	framing_free(c->framing);
	bufferevent_decref(c->bev);
	free(c);
}

static struct http_conn *
http_conn_find(struct http *h, const struct bufferevent *bev)
{
	struct http_conn *c = h->conns[http_conn_hash(bev)];

	while (c != NULL && c->bev != bev)
		c = c->next;
	return c;
}

/* How often a connection's deadline is looked at: also how soon a
 * connection evhttp closed before its first request stops counting. */
static const struct timeval http_conn_tick = { 1, 0 };

static long
http_conn_age(const struct http_conn *c)
{
	struct timeval now, d;

	gettimeofday(&now, NULL);
	timersub(&now, &c->since, &d);
	return (long)d.tv_sec;
}

/*
 * Whether bytes wait in the kernel that evhttp has not read yet: a request
 * on an idle keep-alive connection that arrived in the same turn of the
 * loop as the deadline.  Closing then would drop it unanswered; it is read
 * next, and the deadline looks again a tick later.
 */
static bool
http_conn_unread(const struct http_conn *c)
{
	int n = 0;

	return ioctl(bufferevent_getfd(c->bev), FIONREAD, &n) == 0 && n > 0;
}

static void
http_conn_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct http_conn *c = arg;
	bufferevent_data_cb readcb, writecb;
	bufferevent_event_cb eventcb;
	void *cbarg;

	/* evhttp clears the callbacks when it lets a connection go. */
	bufferevent_getcb(c->bev, &readcb, &writecb, &eventcb, &cbarg);
	if (readcb == NULL && eventcb == NULL) {
		http_conn_free(c);
		return;
	}
	if (c->pending == 0 && http_conn_age(c) >= c->h->request_timeout.tv_sec &&
	    !http_conn_unread(c)) {
		log_debug("connection too slow to send its request: closing it");
		shutdown(bufferevent_getfd(c->bev), SHUT_RDWR);
	}
	evtimer_add(c->deadline, &http_conn_tick);
}

static void
http_conn_closed(struct evhttp_connection *evcon, void *arg)
{
	http_conn_free(arg);
}

/* Every new connection: a bufferevent for evhttp, and a deadline for us. */
static struct bufferevent *
http_conn_new(struct event_base *base, void *arg)
{
	struct http *h = arg;
	struct bufferevent *bev;
	struct http_conn *c;
	unsigned b;

	bev = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	if (bev == NULL)
		return NULL;
	/* Out of memory here, evhttp makes a bufferevent of its own: the
	 * connection is served, without our deadline or framing check. */
	c = calloc(1, sizeof *c);
	if (c == NULL || (c->deadline = evtimer_new(base, http_conn_deadline, c)) == NULL ||
	    (c->framing = framing_new(&h->limits)) == NULL ||
	    (c->framing_cb = evbuffer_add_cb(bufferevent_get_input(bev),
	    framing_input, c->framing)) == NULL) {
		if (c != NULL && c->deadline != NULL)
			event_free(c->deadline);
		if (c != NULL)
			framing_free(c->framing);
		free(c);
		bufferevent_free(bev);
		return NULL;
	}
	c->h = h;
	c->bev = bev;
	c->over_limit = ++h->nconns > h->max_connections;
	bufferevent_incref(bev);
	b = http_conn_hash(bev);
	c->next = h->conns[b];
	h->conns[b] = c;
	gettimeofday(&c->since, NULL);
	evtimer_add(c->deadline, &http_conn_tick);
	return bev;
}

/*
 * A request dispatched (delta 1) or answered (-1) on a connection.
 * Returns whether the connection is one too many.
 */
static bool
http_conn_request(struct http *h, struct evhttp_connection *evcon, int delta)
{
	struct http_conn *c;

	if (evcon == NULL)
		return false;
	c = http_conn_find(h, evhttp_connection_get_bufferevent(evcon));
	if (c == NULL)
		return false;
	if (!c->seen) {
		/* From now on evhttp tells us when it closes the connection,
		 * so its descriptor is not held until the deadline. */
		c->seen = true;
		evhttp_connection_set_closecb(evcon, http_conn_closed, c);
	}
	c->pending += delta;
	if (delta < 0)
		gettimeofday(&c->since, NULL);
	return c->over_limit;
}

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

/* The reason phrases libevent 2.1 does not know ("429 Client Error"). */
static const char *
http_reason(int status)
{
	switch (status) {
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	}
	return NULL;
}

static void
http_req_free(struct http_req *r)
{
	free(r->body);
	free(r);
}

void
http_header(struct http_req *r, const char *name, const char *value)
{
	evhttp_add_header(evhttp_request_get_output_headers(r->req), name, value);
}

void
http_reply(struct http_req *r, int status, const char *content_type,
    struct evbuffer *body)
{
	struct evkeyvalq *out = evhttp_request_get_output_headers(r->req);
	char length[24];

	r->state = HTTP_REQ_ANSWERED;
	if (content_type != NULL)
		evhttp_add_header(out, "Content-Type", content_type);
	evhttp_add_header(out, "Cache-Control", "no-store");
	evhttp_add_header(out, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(out, "Referrer-Policy", "no-referrer");
	evhttp_add_header(out, "Keep-Alive", r->h->keep_alive);
	if (content_type != NULL && strncmp(content_type, "text/html", 9) == 0) {
		/* The pages need nothing from anywhere, not even scripts. */
		evhttp_add_header(out, "Content-Security-Policy",
		    "default-src 'none'; style-src 'unsafe-inline'; "
		    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	}
	metrics_request(r->metric, status);
	if (r->h->access_log) {
		/* The path only: a query may hold a sign-in token, and a body
		 * holds answers; neither belongs in a log. */
		const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(r->req);
		const char *path = uri != NULL ? evhttp_uri_get_path(uri) : NULL;
		struct timeval now, d;

		gettimeofday(&now, NULL);
		timersub(&now, &r->start, &d);
		log_info("%s %s %d %.1fms",
		    http_method_name(evhttp_request_get_command(r->req)),
		    path != NULL ? path : "-", status,
		    (double)d.tv_sec * 1e3 + (double)d.tv_usec / 1e3);
	}
	if (evhttp_request_get_command(r->req) == EVHTTP_REQ_HEAD) {
		/*
		 * evhttp sends a HEAD answer's body and leaves out its length,
		 * so a keep-alive client would read the body as the next
		 * answer: the headers a GET would get, and no body.
		 */
		snprintf(length, sizeof length, "%zu",
		    body != NULL ? evbuffer_get_length(body) : (size_t)0);
		evhttp_remove_header(out, "Content-Length");
		evhttp_add_header(out, "Content-Length", length);
		if (body != NULL)
			evbuffer_drain(body, evbuffer_get_length(body));
		body = NULL;
	}
	/* Before sending: the reply may free a connection the client left. */
	http_conn_request(r->h, evhttp_request_get_connection(r->req), -1);
	evhttp_send_reply(r->req, status, http_reason(status), body);
	r->h->in_flight--;
	http_req_free(r);
}

void
http_reply_text(struct http_req *r, int status, const char *content_type,
    const char *text)
{
	struct evbuffer *buf = evbuffer_new();

	if (buf != NULL && evbuffer_add(buf, text, strlen(text)) != 0) {
		evbuffer_free(buf);
		buf = NULL;
	}
	http_reply(r, buf != NULL ? status : 500, content_type, buf);
	if (buf != NULL)
		evbuffer_free(buf);
}

void
http_reply_error(struct http_req *r, int status, const char *code,
    const char *message, const char *field)
{
	cJSON *root = cJSON_CreateObject(), *err = cJSON_CreateObject();
	char *body = NULL;

	if (root != NULL && err != NULL &&
	    cJSON_AddStringToObject(err, "code", code) != NULL &&
	    cJSON_AddStringToObject(err, "message", message) != NULL &&
	    (field == NULL || cJSON_AddStringToObject(err, "field", field) != NULL) &&
	    cJSON_AddItemToObject(root, "error", err)) {
		err = NULL;
		body = cJSON_PrintUnformatted(root);
	}
	cJSON_Delete(err);
	cJSON_Delete(root);
	http_reply_text(r, body != NULL ? status : 500, "application/json",
	    body != NULL ? body : "{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\"}}");
	cJSON_free(body);
}

void
http_redirect(struct http_req *r, const char *location)
{
	http_header(r, "Location", location);
	http_reply(r, 303, NULL, NULL);
}

void
http_refuse(struct http_req *r, int status, const char *code,
    const char *message)
{
	if (r->route != NULL && !(r->route->flags & HTTP_JSON) &&
	    r->route->page != NULL)
		r->route->page(r, status);
	else
		http_reply_error(r, status, code, message, NULL);
}

const char *
http_peer(const struct http_req *r)
{
	return r->client;
}

/*
 * Append the addresses a Forwarded (for=...) or X-Forwarded-For value
 * lists, nearest hop last, to out[0..n); the last max are kept.  Returns
 * the new n, or -1 if one is not an address.
 */
static int
http_forwarded_list(const char *v, bool forwarded, struct netaddr *out,
    int n, int max)
{
	while (*v != '\0') {
		size_t len = strcspn(v, forwarded ? ",;" : ",");
		const char *p = v;

		if (forwarded) {
			while (*p == ' ' || *p == '\t')
				p++;
			if (strncasecmp(p, "for=", 4) != 0) {
				p = NULL;	/* another parameter */
			} else {
				p += 4;
				len -= (size_t)(p - v);
			}
		}
		if (p != NULL) {
			if (n == max) {
				/* Only the nearest hops matter. */
				memmove(out, out + 1, (size_t)(max - 1) * sizeof *out);
				n--;
			}
			if (!netaddr_parse(p, len, &out[n]))
				return -1;
			n++;
		}
		v += len;
		if (*v != '\0')
			v++;
	}
	return n;
}

/*
 * Who the client is.  Behind a trusted proxy, the peer is the proxy: the
 * client is the nearest address in its forwarding header that is not a
 * trusted proxy itself.  A header the proxy could not have written (a
 * peer not trusted) is never read, so a client cannot choose its bucket.
 */
static void
http_client(struct http_req *r)
{
	struct evhttp_connection *conn = evhttp_request_get_connection(r->req);
	struct evkeyvalq *in = evhttp_request_get_input_headers(r->req);
	const char *addr = NULL, *name;
	struct netaddr peer, hops[16];
	struct evkeyval *kv;
	ev_uint16_t port;
	int n = 0;

	if (conn != NULL)
		evhttp_connection_get_peer(conn, (char **)&addr, &port);
	snprintf(r->client, sizeof r->client, "%s", addr != NULL ? addr : "unknown");
	if (r->h->proxies.n == 0 || addr == NULL ||
	    !netaddr_parse(addr, strlen(addr), &peer) ||
	    !netaddr_list_has(&r->h->proxies, &peer))
		return;
	/* Every line of the header, in order: a proxy that adds its own
	 * line after the client's is the one to believe. */
	name = evhttp_find_header(in, "Forwarded") != NULL ? "Forwarded" :
	    "X-Forwarded-For";
	TAILQ_FOREACH(kv, in, next) {
		if (strcasecmp(kv->key, name) == 0 && n >= 0)
			n = http_forwarded_list(kv->value, name[0] == 'F', hops,
			    n, 16);
	}
	if (n <= 0) {
		log_debug("a trusted proxy forwarded an unreadable client address");
		return;
	}
	while (n > 1 && netaddr_list_has(&r->h->proxies, &hops[n - 1]))
		n--;
	netaddr_format(&hops[n - 1], r->client, sizeof r->client);
}

char *
http_query_param(const struct http_req *r, const char *name)
{
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(r->req);
	const char *query = uri != NULL ? evhttp_uri_get_query(uri) : NULL;
	struct evkeyvalq params;
	const char *v;
	char *out = NULL;

	if (query == NULL)
		return NULL;
	TAILQ_INIT(&params);
	if (evhttp_parse_query_str(query, &params) == 0 &&
	    (v = evhttp_find_header(&params, name)) != NULL)
		out = strdup(v);
	evhttp_clear_headers(&params);
	return out;
}

bool
http_content_type_is(const struct http_req *r, const char *mime)
{
	const char *ct = evhttp_find_header(
	    evhttp_request_get_input_headers(r->req), "Content-Type");
	size_t n = strlen(mime);

	if (ct == NULL)
		return false;
	while (*ct == ' ')
		ct++;
	return strncasecmp(ct, mime, n) == 0 &&
	    (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* Match path against a route; on a match copy the slug into r. */
static bool
http_match(const struct http_route *route, const char *path, char slug[65])
{
	size_t plen = strlen(route->prefix), slen;
	const char *s;

	if (strncmp(path, route->prefix, plen) != 0)
		return false;
	if (route->flags & HTTP_PREFIX)
		return true;
	if (route->suffix == NULL)
		return path[plen] == '\0';
	s = path + plen;
	slen = strcspn(s, "/");
	if (slen == 0 || strcmp(s + slen, route->suffix) != 0)
		return false;
	/* Too long to be a slug: the route matches, the empty slug is refused. */
	if (slen > 64)
		slen = 0;
	memcpy(slug, s, slen);
	slug[slen] = '\0';
	return true;
}

/* Take a token for the client from rl; false once answered with 429. */
static bool
http_throttle(struct http_req *r, struct ratelimit *rl)
{
	char retry[16];
	int wait = 1;

	if (ratelimit_take(rl, r->client, &wait))
		return true;
	if (r->route->flags & HTTP_SUBMISSION)
		metrics_submission(OUTCOME_REFUSED);
	snprintf(retry, sizeof retry, "%d", wait);
	http_header(r, "Retry-After", retry);
	http_refuse(r, 429, "rate_limited",
	    "too many requests from this address; try again later");
	return false;
}

/*
 * What every POST route needs before its handler, done once here: the
 * content type its flags name, and the body copied into r->body.
 * Returns false once answered.
 */
static bool
http_post_setup(struct http_req *r)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(r->req);
	int flags = r->route->flags;
	size_t len = evbuffer_get_length(in);

	if ((flags & HTTP_POST_JSON) && !http_content_type_is(r, "application/json")) {
		http_refuse(r, 415, "unsupported_media_type",
		    "send the body as application/json");
		return false;
	}
	if ((flags & HTTP_POST_FORM) &&
	    !http_content_type_is(r, "application/x-www-form-urlencoded")) {
		http_refuse(r, 415, "unsupported_media_type",
		    "send the body as application/x-www-form-urlencoded");
		return false;
	}
	if ((flags & HTTP_POST_JSON) && len == 0) {
		http_refuse(r, 400, "malformed", "the body is empty");
		return false;
	}
	if ((r->body = malloc(len + 1)) == NULL) {
		http_header(r, "Retry-After", "5");
		http_refuse(r, 503, "unavailable", "out of memory; try again shortly");
		return false;
	}
	if (len > 0)
		evbuffer_remove(in, r->body, len);
	r->body[len] = '\0';
	r->body_len = len;
	return true;
}

/*
 * Every request: framing verdict, connection limit, route, method, slug,
 * rate limit, POST setup, then the route's handler.  Each refusal is
 * answered in the route's own shape (JSON or page).
 */
static void
http_dispatch(struct evhttp_request *req, void *arg)
{
	struct http *h = arg;
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
	const char *path = uri != NULL ? evhttp_uri_get_path(uri) : NULL;
	enum evhttp_cmd_type cmd = evhttp_request_get_command(req);
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);
	const struct http_route *const *rp;
	const char *code = NULL, *message = NULL;
	struct http_conn *c;
	struct http_req *r;
	http_handler handler;
	int refused = 0;

	r = calloc(1, sizeof *r);
	if (r == NULL) {
		evhttp_send_error(req, 503, NULL);
		return;
	}
	r->h = h;
	r->app = h->app;
	r->req = req;
	r->state = HTTP_REQ_ROUTING;
	r->metric = ROUTE_OTHER;
	gettimeofday(&r->start, NULL);
	h->in_flight++;
	http_client(r);
	c = evcon != NULL ?
	    http_conn_find(h, evhttp_connection_get_bufferevent(evcon)) : NULL;
	if (c != NULL)
		refused = framing_dispatched(c->framing, &code, &message);
	if (http_conn_request(h, evcon, 1)) {
		/* Refused cleanly: an answer, then the connection closes. */
		http_header(r, "Connection", "close");
		http_header(r, "Retry-After", "5");
		http_reply_error(r, 503, "busy", "too many connections; try again shortly", NULL);
		return;
	}
	if (path != NULL) {
		for (rp = h->routes; *rp != NULL; rp++)
			if (http_match(*rp, path, r->slug))
				break;
		r->route = *rp;
	}
	if (r->route != NULL)
		r->metric = r->route->metric;
	if (refused != 0) {
		/* Its framing was refused; the connection closes after this. */
		http_header(r, "Connection", "close");
		http_refuse(r, refused, code, message);
		return;
	}
	if (path == NULL) {
		http_reply_error(r, 400, "bad_request", "malformed request URI", NULL);
		return;
	}
	if (r->route == NULL) {
		http_reply_error(r, 404, "not_found", "no such page", NULL);
		return;
	}
	handler = cmd == EVHTTP_REQ_GET || cmd == EVHTTP_REQ_HEAD ? r->route->get :
	    cmd == EVHTTP_REQ_POST ? r->route->post : NULL;
	if (handler == NULL) {
		http_header(r, "Allow", r->route->get != NULL && r->route->post != NULL ?
		    "GET, HEAD, POST" : r->route->get != NULL ? "GET, HEAD" : "POST");
		http_refuse(r, 405, "method_not_allowed", "method not allowed");
		return;
	}
	if (r->route->suffix != NULL && !(r->route->flags & HTTP_PREFIX) &&
	    !catalog_slug_valid(r->slug)) {
		/* Not a slug belong could have made: no need to ask the database. */
		http_refuse(r, 404, "not_found", "no such event");
		return;
	}
	if ((r->route->flags & HTTP_LIMIT_BOARD) &&
	    !http_throttle(r, r->app->board_ratelimit))
		return;
	if (cmd == EVHTTP_REQ_POST) {
		if ((r->route->flags & HTTP_LIMIT_POST) &&
		    !http_throttle(r, r->app->ratelimit))
			return;
		if (!http_post_setup(r))
			return;
	}
	r->state = HTTP_REQ_HANDLING;
	handler(r);
}

void
http_apply_settings(struct http *h, const struct settings *cfg)
{
	struct netaddr_list proxies;
	char *err = NULL;

	/*
	 * The framing check refuses what is too large first, in belongd's
	 * words; evhttp's own limits stay as the backstop, a little wider
	 * (it counts header bytes without their line ends).
	 */
	h->limits.max_body = (size_t)cfg->max_body_bytes;
	h->limits.max_header = (size_t)cfg->max_header_bytes;
	evhttp_set_max_body_size(h->evhttp, (ev_ssize_t)cfg->max_body_bytes);
	evhttp_set_max_headers_size(h->evhttp, (ev_ssize_t)cfg->max_header_bytes);
	/* Checked when the settings were loaded; kept as it was if not. */
	if (netaddr_list_parse(cfg->trusted_proxies != NULL ? cfg->trusted_proxies : "",
	    &proxies, &err) == 0) {
		netaddr_list_free(&h->proxies);
		h->proxies = proxies;
	} else {
		log_error("trusted_proxies: %s", err);
		free(err);
	}
	/*
	 * Our deadline decides when a connection has been idle or slow too
	 * long.  evhttp's inactivity timeout stays only as the backstop for
	 * a client that stops reading its answer, set well past our deadline:
	 * when both expire in one turn of the loop, libevent lets the timeout
	 * cancel a read that is ready, and a request already sent on an idle
	 * keep-alive connection would be dropped unanswered.
	 */
	evhttp_set_timeout(h->evhttp, (int)cfg->request_timeout * 3);
	h->request_timeout.tv_sec = cfg->request_timeout;
	h->request_timeout.tv_usec = 0;
	snprintf(h->keep_alive, sizeof h->keep_alive, "timeout=%ld",
	    (long)cfg->request_timeout);
	h->max_connections = cfg->max_connections;
	h->access_log = cfg->access_log;
}

static void
http_format_address(const struct sockaddr_storage *ss, char *out, size_t len)
{
	char host[INET6_ADDRSTRLEN];

	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;

		inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof host);
		snprintf(out, len, "[%s]:%u", host, ntohs(s6->sin6_port));
	} else {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;

		inet_ntop(AF_INET, &s4->sin_addr, host, sizeof host);
		snprintf(out, len, "%s:%u", host, ntohs(s4->sin_port));
	}
}

/*
 * A listening socket on host:port (what listen names, for messages).  We
 * bind it ourselves rather than through evhttp_bind_socket so that a
 * failure keeps its errno, and the operator reads why: another belongd on
 * the port, a privileged port, an address this machine does not have.
 * Returns the non-blocking socket, or -1 with *err set (caller frees).
 */
static int
http_listen_socket(const char *listen_addr, const char *host,
    unsigned short port, char **err)
{
	struct addrinfo hints, *ai = NULL;
	char service[8];
	const char *why;
	int fd = -1, one = 1, rc, e;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	snprintf(service, sizeof service, "%u", (unsigned)port);
	/* At start-up, before the loop runs: resolving may block here. */
	if ((rc = getaddrinfo(host, service, &hints, &ai)) != 0) {
		*err = xasprintf("cannot listen on %s: %s", listen_addr,
		    gai_strerror(rc));
		return -1;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 128) != 0) {
		e = errno;
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		switch (e) {
		case EADDRINUSE:
			why = "address already in use \xe2\x80\x94 is another "
			    "belongd running?";
			break;
		case EACCES:
			why = port < 1024 ? "permission denied \xe2\x80\x94 ports "
			    "under 1024 need privileges (root or "
			    "CAP_NET_BIND_SERVICE); use a port from 1024 up" :
			    "permission denied";
			break;
		case EADDRNOTAVAIL:
			why = "cannot assign requested address \xe2\x80\x94 it is "
			    "not an address of this machine";
			break;
		default:
			why = strerror(e);
			break;
		}
		*err = xasprintf("cannot listen on %s: %s", listen_addr, why);
		return -1;
	}
	freeaddrinfo(ai);
	return fd;
}

struct http *
http_new(struct event_base *base, const struct settings *cfg, struct app *app,
    const struct http_route *const *routes, char **err)
{
	struct http *h = xcalloc(1, sizeof *h);
	struct sockaddr_storage ss;
	socklen_t sslen = sizeof ss;
	unsigned short port;
	char *host;
	int fd;

	h->base = base;
	h->app = app;
	h->routes = routes;
	h->evhttp = evhttp_new(base);
	if (h->evhttp == NULL)
		fatal("cannot create HTTP server");
	/* Every method reaches the routes, which answer 405 in their shape. */
	evhttp_set_allowed_methods(h->evhttp, EVHTTP_REQ_GET | EVHTTP_REQ_POST |
	    EVHTTP_REQ_HEAD | EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE |
	    EVHTTP_REQ_OPTIONS | EVHTTP_REQ_PATCH | EVHTTP_REQ_TRACE |
	    EVHTTP_REQ_CONNECT);
	evhttp_set_gencb(h->evhttp, http_dispatch, h);
	evhttp_set_bevcb(h->evhttp, http_conn_new, h);
	http_apply_settings(h, cfg);
	if (settings_parse_listen(cfg->listen, &host, &port) != 0) {
		*err = xasprintf("bad listen address: %s", cfg->listen);
		goto fail;
	}
	fd = http_listen_socket(cfg->listen, host, port, err);
	free(host);
	if (fd < 0)
		goto fail;
	h->listener = evhttp_accept_socket_with_handle(h->evhttp, fd);
	if (h->listener == NULL) {
		close(fd);
		*err = xasprintf("cannot listen on %s: cannot watch the socket",
		    cfg->listen);
		goto fail;
	}
	if (getsockname(evhttp_bound_socket_get_fd(h->listener),
	    (struct sockaddr *)&ss, &sslen) == 0)
		http_format_address(&ss, h->address, sizeof h->address);
	return h;
fail:
	evhttp_free(h->evhttp);
	netaddr_list_free(&h->proxies);
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
	/* Closes every connection; each close callback frees its watch. */
	evhttp_free(h->evhttp);
	for (int i = 0; i < HTTP_CONN_BUCKETS; i++)
		while (h->conns[i] != NULL)
			http_conn_free(h->conns[i]);
	netaddr_list_free(&h->proxies);
	free(h);
}
