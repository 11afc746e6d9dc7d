/*
 * Unit tests of daemon/framing.c: what reaches evhttp, byte for byte,
 * however the input is cut into reads.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <event2/buffer.h>

#include "framing.h"

static const struct framing_limits limits = { 256, 64 };

/*
 * Feed input to a connection's input buffer in reads of step bytes (0:
 * all at once), as a socket would.  Returns what evhttp would see (caller
 * frees), and the connection's framing in *out (caller frees).
 */
static char *
feed(const char *input, size_t len, size_t step, struct framing **out)
{
	struct evbuffer *in = evbuffer_new();
	struct framing *f = framing_new(&limits);
	struct evbuffer_cb_entry *cb;
	size_t n;
	char *seen;

	assert_non_null(in);
	assert_non_null(f);
	cb = evbuffer_add_cb(in, framing_input, f);
	for (size_t i = 0; i < len; i += n) {
		n = step == 0 || len - i < step ? len - i : step;
		evbuffer_add(in, input + i, n);
	}
	n = evbuffer_get_length(in);
	seen = malloc(n + 1);
	evbuffer_remove_cb_entry(in, cb);
	evbuffer_remove(in, seen, n);
	seen[n] = '\0';
	evbuffer_free(in);
	*out = f;
	return seen;
}

/* Every cut of input passes exactly want; the verdicts of the requests. */
static void
check(const char *input, const char *want, int nreq, const int *verdicts)
{
	size_t len = strlen(input);

	for (size_t step = 0; step <= 7; step++) {
		struct framing *f;
		char *seen = feed(input, len, step, &f);
		const char *code, *message;

		if (strcmp(seen, want) != 0)
			fail_msg("step %zu: passed \"%s\", want \"%s\"", step, seen, want);
		for (int i = 0; i < nreq; i++)
			assert_int_equal(framing_dispatched(f, &code, &message),
			    verdicts[i]);
		free(seen);
		framing_free(f);
	}
}

static void
test_good(void **state)
{
	static const int ok2[] = { 0, 0 };
	const char *two = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
	    "POST /b HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc";
	const char *chunked = "POST /c HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n"
	    "3\r\nabc\r\nA\r\n0123456789\r\n0\r\nX-Trailer: y\r\n\r\n"
	    "GET /d HTTP/1.0\n\n";

	check(two, two, 2, ok2);
	/* An empty line before a request line is dropped. */
	check("GET /a HTTP/1.1\r\n\r\n\r\nGET /b HTTP/1.1\r\n\r\n",
	    "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n", 2, ok2);
	check(chunked, chunked, 2, ok2);
}

static void
test_refused(void **state)
{
	static const int bad[] = { 400 }, big[] = { 413 }, ok_bad[] = { 0, 400 };
	const char *stand_in_post = "POST /b HTTP/1.1\r\nContent-Length: 0\r\n"
	    "Connection: close\r\n\r\n";

	check("POST /b HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
	    stand_in_post, 1, bad);
	check("POST /b HTTP/1.1\r\nContent-Length: +2\r\n\r\nab", stand_in_post, 1, bad);
	check("POST /b HTTP/1.1\r\nContent-Length : 2\r\n\r\nab", stand_in_post, 1, bad);
	check("POST /b HTTP/1.1\r\nContent-Length: 65\r\n\r\n", stand_in_post, 1, big);
	check("POST /b HTTP/1.1\r\n Folded: x\r\n\r\n", stand_in_post, 1, bad);
	check("HEAD /b HTTP/1.1\r\nContent-Length: 2\r\n\r\nab",
	    "HEAD /b HTTP/1.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", 1, bad);
	/* After a good request, a bad one; nothing after it passes. */
	check("GET /a HTTP/1.1\r\n\r\nPOST /b HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n"
	    "GET /c HTTP/1.1\r\n\r\n",
	    "GET /a HTTP/1.1\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 0\r\n"
	    "Connection: close\r\n\r\n", 2, ok_bad);
	/* Mid-body: the chunked body is ended where it stands. */
	check("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\nGET",
	    "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
	    1, bad);
	check("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n",
	    "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
	    1, bad);
	check("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n41\r\n",
	    "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 1, big);
}

/* A NUL is data like any other byte: check with the length given. */
static void
test_nul(void **state)
{
	static const char input[] = "GET /a HTTP/1.1\r\nX: a\0b\r\n\r\n";
	struct framing *f;
	const char *code, *message;
	char *seen = feed(input, sizeof input - 1, 1, &f);

	assert_string_equal(seen, "GET /a HTTP/1.1\r\nContent-Length: 0\r\n"
	    "Connection: close\r\n\r\n");
	assert_int_equal(framing_dispatched(f, &code, &message), 400);
	assert_string_equal(code, "bad_request");
	free(seen);
	framing_free(f);
}

/* Too long a head: refused once its request line is there. */
static void
test_too_long(void **state)
{
	char input[600];
	struct framing *f;
	const char *code, *message;
	char *seen;

	snprintf(input, sizeof input, "GET /a HTTP/1.1\r\nX: %0500d\r\n\r\n", 0);
	seen = feed(input, strlen(input), 0, &f);
	assert_string_equal(seen, "GET /a HTTP/1.1\r\nContent-Length: 0\r\n"
	    "Connection: close\r\n\r\n");
	assert_int_equal(framing_dispatched(f, &code, &message), 400);
	assert_string_equal(code, "headers_too_large");
	free(seen);
	framing_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_too_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
