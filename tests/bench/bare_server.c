/*
 * bare_server — the benchmark's baseline: an evhttp server that parses the
 * same JSON POST belongd takes and answers 201 without a database.  What
 * belongd does on top of this (validation, tokens, batching, COMMIT) is what
 * tests/bench/submit.sh measures.  Not installed; `make tests/bench/bare_server`.
 *
 * Listens on 127.0.0.1 on a free port and prints
 * "listening on http://127.0.0.1:PORT"; SIGINT/SIGTERM stop it.
 */
#include "config.h"

#include <sys/socket.h>
#include <netinet/in.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/util.h>

#define BARE_PATH	"/api/v1/events/bench/responses"
#define BARE_MAX_BODY	16384

static void
bare_reply(struct evhttp_request *req, int code, const char *reason,
    const char *json)
{
	struct evbuffer *out = evhttp_request_get_output_buffer(req);

	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Content-Type", "application/json");
	evbuffer_add(out, json, strlen(json));
	evhttp_send_reply(req, code, reason, NULL);
}

/* Parse the body with cJSON; a submission needs a string "id". */
static void
bare_submit(struct evhttp_request *req, void *arg)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(req);
	char body[BARE_MAX_BODY + 1], *reply;
	const cJSON *id;
	cJSON *doc, *ans;
	size_t n;

	(void)arg;
	if (evhttp_request_get_command(req) != EVHTTP_REQ_POST) {
		bare_reply(req, 405, "Method Not Allowed",
		    "{\"error\":\"method not allowed\"}");
		return;
	}
	n = evbuffer_get_length(in);
	if (n > BARE_MAX_BODY) {
		bare_reply(req, 413, "Payload Too Large",
		    "{\"error\":\"body too large\"}");
		return;
	}
	evbuffer_remove(in, body, n);
	body[n] = '\0';
	doc = cJSON_ParseWithLength(body, n);
	id = cJSON_GetObjectItemCaseSensitive(doc, "id");
	if (!cJSON_IsString(id)) {
		cJSON_Delete(doc);
		bare_reply(req, 400, "Bad Request", "{\"error\":\"id missing\"}");
		return;
	}
	ans = cJSON_CreateObject();
	if (ans == NULL || cJSON_AddStringToObject(ans, "id", id->valuestring) == NULL ||
	    cJSON_AddStringToObject(ans, "status", "stored") == NULL ||
	    (reply = cJSON_PrintUnformatted(ans)) == NULL) {
		cJSON_Delete(ans);
		cJSON_Delete(doc);
		evhttp_send_error(req, 500, NULL);
		return;
	}
	bare_reply(req, 201, "Created", reply);
	cJSON_free(reply);
	cJSON_Delete(ans);
	cJSON_Delete(doc);
}

static void
bare_other(struct evhttp_request *req, void *arg)
{
	(void)arg;
	bare_reply(req, 404, "Not Found", "{\"error\":\"not found\"}");
}

static void
bare_stop(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	event_base_loopexit(arg, NULL);
}

int
main(void)
{
	struct evhttp_bound_socket *sock;
	struct event *sigint, *sigterm;
	struct sockaddr_storage ss;
	ev_socklen_t sslen = sizeof ss;
	struct event_base *base;
	struct evhttp *http;
	char host[64];
	int port;

	signal(SIGPIPE, SIG_IGN);
	base = event_base_new();
	if (base == NULL) {
		fprintf(stderr, "bare_server: cannot create event base\n");
		return 1;
	}
	http = evhttp_new(base);
	if (http == NULL) {
		fprintf(stderr, "bare_server: cannot create evhttp\n");
		return 1;
	}
	evhttp_set_max_body_size(http, BARE_MAX_BODY);
	evhttp_set_allowed_methods(http, EVHTTP_REQ_GET | EVHTTP_REQ_POST);
	evhttp_set_cb(http, BARE_PATH, bare_submit, NULL);
	evhttp_set_gencb(http, bare_other, NULL);
	sock = evhttp_bind_socket_with_handle(http, "127.0.0.1", 0);
	if (sock == NULL) {
		fprintf(stderr, "bare_server: cannot bind 127.0.0.1:0\n");
		return 1;
	}
	if (getsockname(evhttp_bound_socket_get_fd(sock), (struct sockaddr *)&ss,
	    &sslen) != 0 || ss.ss_family != AF_INET) {
		fprintf(stderr, "bare_server: getsockname failed\n");
		return 1;
	}
	port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
	evutil_inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr,
	    host, sizeof host);

	sigint = evsignal_new(base, SIGINT, bare_stop, base);
	sigterm = evsignal_new(base, SIGTERM, bare_stop, base);
	if (sigint == NULL || sigterm == NULL || evsignal_add(sigint, NULL) != 0 ||
	    evsignal_add(sigterm, NULL) != 0) {
		fprintf(stderr, "bare_server: cannot install signal events\n");
		return 1;
	}

	printf("listening on http://%s:%d\n", host, port);
	fflush(stdout);
	event_base_dispatch(base);

	event_free(sigint);
	event_free(sigterm);
	evhttp_free(http);
	event_base_free(base);
	return 0;
}
