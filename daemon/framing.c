#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>

#include "framing.h"

/* A chunk-size line longer than this is not one belongd sends or accepts. */
#define FRAMING_CHUNK_LINE 32
/* Content-Length digits: 18 cannot overflow 64 bits. */
#define FRAMING_LENGTH_DIGITS 18

enum framing_state {
	FRAMING_HEAD,		/* reading a request line and headers */
	FRAMING_BODY,		/* passing a Content-Length body */
	FRAMING_CHUNK_SIZE,	/* expecting a chunk-size line */
	FRAMING_CHUNK_DATA,	/* passing a chunk's data */
	FRAMING_CHUNK_END,	/* expecting the line end after a chunk */
	FRAMING_TRAILER,	/* expecting trailer lines up to an empty one */
	FRAMING_PASS,		/* no request line we know: evhttp refuses it */
	FRAMING_REFUSED,	/* a request was refused: nothing more passes */
};

struct framing {
	const struct framing_limits *lim;
	struct evbuffer *held;	/* arrived, not yet checked and passed on */
	struct evbuffer *passed_before;	/* framing_input's scratch */
	bool busy;		/* in framing_input: ignore our own changes */
	enum framing_state state;
	uint64_t left;		/* BODY, CHUNK_DATA: bytes still to pass */
	uint64_t body;		/* chunked: data bytes of this request so far */
	size_t trailer;		/* TRAILER: bytes so far */
	size_t scanned;		/* HEAD: bytes looked at without finding the end */
	unsigned passed;	/* requests handed to evhttp */
	unsigned dispatched;	/* requests evhttp handed back */
	int status;		/* REFUSED: the answer */
	const char *code;
	const char *message;
};

/* What a request head says about its body. */
struct framing_head {
	const unsigned char *method;
	size_t method_len;
	const unsigned char *target;
	size_t target_len;
	bool may_have_body;	/* as evhttp sees the method */
	bool has_length;
	uint64_t length;
	bool chunked;
};

struct framing *
framing_new(const struct framing_limits *lim)
{
	struct framing *f = calloc(1, sizeof *f);

	if (f == NULL)
		return NULL;
	if ((f->held = evbuffer_new()) == NULL ||
	    (f->passed_before = evbuffer_new()) == NULL) {
		if (f->held != NULL)
			evbuffer_free(f->held);
		free(f);
		return NULL;
	}
	f->lim = lim;
	return f;
}

void
framing_free(struct framing *f)
{
	if (f == NULL)
		return;
	evbuffer_free(f->held);
	evbuffer_free(f->passed_before);
	free(f);
}

int
framing_dispatched(struct framing *f, const char **code, const char **message)
{
	f->dispatched++;
	if (f->state != FRAMING_REFUSED || f->dispatched != f->passed)
		return 0;
	*code = f->code;
	*message = f->message;
	return f->status;
}

/*
 * Where the head in p[0..len) ends (just past its empty line), or 0 if it
 * does not end there yet.  Lines end in LF with an optional CR before it,
 * as evhttp reads them.
 */
static size_t
framing_head_end(const unsigned char *p, size_t len, size_t from)
{
	for (size_t i = from; i < len; i++) {
		if (p[i] != '\n')
			continue;
		if (i >= 1 && p[i - 1] == '\n')
			return i + 1;
		if (i >= 2 && p[i - 1] == '\r' && p[i - 2] == '\n')
			return i + 1;
	}
	return 0;
}

/* The length of the line at p (up to end) without its line end; *next is
 * where the following line starts. */
static size_t
framing_line(const unsigned char *p, const unsigned char *end,
    const unsigned char **next)
{
	const unsigned char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t n;

	if (nl == NULL) {
		*next = end;
		return (size_t)(end - p);
	}
	*next = nl + 1;
	n = (size_t)(nl - p);
	if (n > 0 && p[n - 1] == '\r')
		n--;
	return n;
}

static bool
framing_is(const unsigned char *s, size_t n, const char *word)
{
	return n == strlen(word) && strncasecmp((const char *)s, word, n) == 0;
}

/* A header name: a token (RFC 9110 section 5.6.2). */
static bool
framing_token(const unsigned char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] >= 0x7f || strchr("\"(),/:;<=>?@[\\]{}", s[i]) != NULL)
			return false;
	return true;
}

/* The methods whose requests evhttp reads a body for. */
static bool
framing_may_have_body(const unsigned char *m, size_t n)
{
	static const char *const with_body[] = {
		"POST", "PUT", "PATCH", "GET", "DELETE", "OPTIONS", "CONNECT",
	};

	for (size_t i = 0; i < sizeof with_body / sizeof with_body[0]; i++)
		if (n == strlen(with_body[i]) && memcmp(m, with_body[i], n) == 0)
			return true;
	return false;
}

/*
 * Parse the request line of p[0..n).  Returns false if it is not one
 * (evhttp answers that itself).  The split is evhttp's: the method up to
 * the first space, the version after the last.
 */
static bool
framing_request_line(const unsigned char *p, size_t n, struct framing_head *h)
{
	const unsigned char *sp1, *sp2;

	while (n > 0 && p[n - 1] == ' ')
		n--;
	sp1 = memchr(p, ' ', n);
	if (sp1 == NULL || sp1 == p)
		return false;
	sp2 = p + n;
	while (sp2 > sp1 && sp2[-1] != ' ')
		sp2--;
	sp2--;			/* the last space */
	if (sp2 == sp1)
		return false;
	if ((size_t)(p + n - (sp2 + 1)) != 8 ||
	    memcmp(sp2 + 1, "HTTP/1.", 7) != 0 || sp2[8] < '0' || sp2[8] > '9')
		return false;
	h->method = p;
	h->method_len = (size_t)(sp1 - p);
	h->target = sp1 + 1;
	h->target_len = (size_t)(sp2 - (sp1 + 1));
	h->may_have_body = framing_may_have_body(h->method, h->method_len);
	return h->target_len > 0;
}

/*
 * Check one header line (name: value).  Returns 0, or the status that
 * refuses the request with *why.
 */
static int
framing_header(const unsigned char *s, size_t n, struct framing_head *h,
    unsigned *te_count, const char **why)
{
	const unsigned char *colon = memchr(s, ':', n), *v, *end = s + n;
	uint64_t len = 0;
	size_t digits;

	if (memchr(s, '\0', n) != NULL) {
		*why = "a header holds a NUL byte";
		return 400;
	}
	if (s[0] == ' ' || s[0] == '\t') {
		*why = "folded header lines are not accepted";
		return 400;
	}
	if (colon == NULL || !framing_token(s, (size_t)(colon - s))) {
		*why = "a header line is malformed";
		return 400;
	}
	v = colon + 1;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (memchr(v, '\r', (size_t)(end - v)) != NULL) {
		*why = "a header holds a bare CR";
		return 400;
	}
	if (framing_is(s, (size_t)(colon - s), "Content-Length")) {
		digits = (size_t)(end - v);
		if (digits == 0 || digits > FRAMING_LENGTH_DIGITS) {
			*why = "Content-Length must be a number";
			return 400;
		}
		for (const unsigned char *d = v; d < end; d++) {
			if (*d < '0' || *d > '9') {
				*why = "Content-Length must be a number";
				return 400;
			}
			len = len * 10 + (uint64_t)(*d - '0');
		}
		if (h->has_length && h->length != len) {
			*why = "Content-Length headers disagree";
			return 400;
		}
		h->has_length = true;
		h->length = len;
	} else if (framing_is(s, (size_t)(colon - s), "Transfer-Encoding")) {
		if (++*te_count > 1 || !framing_is(v, (size_t)(end - v), "chunked")) {
			*why = "only Transfer-Encoding: chunked is accepted";
			return 400;
		}
		h->chunked = true;
	}
	return 0;
}

/* Check a whole head p[0..n); fills h.  Returns 0, -1 (no request line
 * we know: let evhttp answer it), or a refusal status with *why. */
static int
framing_check_head(const struct framing *f, const unsigned char *p, size_t n,
    struct framing_head *h, const char **why)
{
	const unsigned char *end = p + n, *next, *line = p;
	unsigned te_count = 0;
	size_t len;
	int status;

	memset(h, 0, sizeof *h);
	len = framing_line(line, end, &next);
	if (!framing_request_line(line, len, h))
		return -1;
	if (memchr(line, '\0', len) != NULL) {
		*why = "the request line holds a NUL byte";
		return 400;
	}
	for (line = next; line < end; line = next) {
		len = framing_line(line, end, &next);
		if (len == 0)
			break;
		if ((status = framing_header(line, len, h, &te_count, why)) != 0)
			return status;
	}
	if (h->chunked && h->has_length) {
		*why = "Content-Length and Transfer-Encoding together";
		return 400;
	}
	if (!h->may_have_body && (h->chunked || (h->has_length && h->length > 0))) {
		*why = "this method takes no body";
		return 400;
	}
	if (h->has_length && h->length > f->lim->max_body) {
		*why = "the body is too large";
		return 413;
	}
	return 0;
}

/* Too large headers are a 400 (as evhttp has always answered them),
 * with a code of their own. */
#define FRAMING_HEADERS_TOO_LARGE 1

static void
framing_refuse(struct framing *f, int status, const char *why)
{
	f->state = FRAMING_REFUSED;
	f->status = status == FRAMING_HEADERS_TOO_LARGE ? 400 : status;
	f->message = why;
	f->code = status == 413 ? "too_large" :
	    status == FRAMING_HEADERS_TOO_LARGE ? "headers_too_large" :
	    "bad_request";
}

/*
 * Refuse the request whose head is p: hand evhttp a bodiless request for
 * the same method and target instead, so that it is answered in turn and
 * by the route it was for.
 */
static void
framing_stand_in(struct framing *f, struct evbuffer *dst,
    const struct framing_head *h, int status, const char *why)
{
	size_t t = 0;

	while (t < h->target_len && h->target[t] > ' ' && h->target[t] != 0x7f)
		t++;
	evbuffer_add(dst, h->method, h->method_len);
	evbuffer_add(dst, " ", 1);
	if (t > 0)
		evbuffer_add(dst, h->target, t);
	else
		evbuffer_add(dst, "/", 1);
	evbuffer_add_printf(dst, " HTTP/1.1\r\nContent-Length: 0\r\n"
	    "Connection: close\r\n\r\n");
	f->passed++;
	framing_refuse(f, status, why);
}

/* Refuse the chunked request being passed: end its body where it is. */
static void
framing_cut(struct framing *f, struct evbuffer *dst, int status, const char *why)
{
	if (f->state == FRAMING_CHUNK_SIZE)
		evbuffer_add_printf(dst, "0\r\n\r\n");
	else if (f->state == FRAMING_CHUNK_END)
		evbuffer_add_printf(dst, "\r\n0\r\n\r\n");
	else if (f->state == FRAMING_TRAILER)
		evbuffer_add_printf(dst, "\r\n");
	framing_refuse(f, status, why);
}

/* One step over a head.  Returns whether it moved on. */
static bool
framing_step_head(struct framing *f, struct evbuffer *src, struct evbuffer *dst)
{
	size_t len = evbuffer_get_length(src), look, end;
	struct framing_head h;
	const unsigned char *p, *next;
	const char *why = NULL;
	int status;

	/* Empty lines before a request line are ignored (RFC 9112 section
	 * 2.2): some clients send one after a body. */
	if (f->scanned == 0 && (p = evbuffer_pullup(src, 1)) != NULL &&
	    (p[0] == '\r' || p[0] == '\n')) {
		evbuffer_drain(src, 1);
		return true;
	}
	look = len < f->lim->max_header + 1 ? len : f->lim->max_header + 1;
	/* Most heads are short: look at the front before the whole window,
	 * so a body that follows in the buffer is not copied about. */
	p = evbuffer_pullup(src, (ev_ssize_t)(look < 1024 ? look : 1024));
	end = p == NULL ? 0 : framing_head_end(p, look < 1024 ? look : 1024,
	    f->scanned > 2 ? f->scanned - 2 : 0);
	if (end == 0 && look > 1024) {
		p = evbuffer_pullup(src, (ev_ssize_t)look);
		end = p == NULL ? 0 : framing_head_end(p, look,
		    f->scanned > 1026 ? f->scanned - 2 : 1022);
	}
	if (p == NULL)
		return false;
	if (end == 0) {
		f->scanned = look;
		if (look <= f->lim->max_header)
			return false;
		/* Too long: refused if at least its request line is there. */
		memset(&h, 0, sizeof h);
		if (memchr(p, '\n', look) == NULL ||
		    !framing_request_line(p, framing_line(p, p + look, &next), &h)) {
			f->state = FRAMING_PASS;
			return true;
		}
		framing_stand_in(f, dst, &h, FRAMING_HEADERS_TOO_LARGE,
		    "the request headers are too large");
		return true;
	}
	f->scanned = 0;
	status = framing_check_head(f, p, end, &h, &why);
	if (status < 0) {
		f->state = FRAMING_PASS;
		return true;
	}
	if (status > 0) {
		framing_stand_in(f, dst, &h, status, why);
		return true;
	}
	evbuffer_remove_buffer(src, dst, end);
	f->passed++;
	if (h.chunked) {
		f->state = FRAMING_CHUNK_SIZE;
		f->body = 0;
	} else if (h.has_length && h.length > 0 && h.may_have_body) {
		f->state = FRAMING_BODY;
		f->left = h.length;
	}
	return true;
}

/*
 * The line at the front of src: its length without the line end into
 * *n and with it into *total.  Returns false if it has not all arrived.
 */
static bool
framing_front_line(struct evbuffer *src, size_t *n, size_t *total)
{
	struct evbuffer_ptr pos;
	size_t eol = 0;

	pos = evbuffer_search_eol(src, NULL, &eol, EVBUFFER_EOL_CRLF);
	if (pos.pos < 0)
		return false;
	*n = (size_t)pos.pos;
	*total = (size_t)pos.pos + eol;
	return true;
}

/* One step over a chunked body.  Returns whether it moved on. */
static bool
framing_step_chunked(struct framing *f, struct evbuffer *src,
    struct evbuffer *dst)
{
	size_t len = evbuffer_get_length(src), n, total;
	unsigned char line[FRAMING_CHUNK_LINE + 1];
	uint64_t size = 0;

	switch (f->state) {
	case FRAMING_CHUNK_SIZE:
		if (!framing_front_line(src, &n, &total)) {
			if (len > FRAMING_CHUNK_LINE + 2) {
				framing_cut(f, dst, 400, "a chunk size is malformed");
				return true;
			}
			return false;
		}
		if (n == 0 || n > 15) {
			framing_cut(f, dst, 400, "a chunk size is malformed");
			return true;
		}
		evbuffer_copyout(src, line, n);
		for (size_t i = 0; i < n; i++) {
			unsigned char c = line[i];
			int d = c >= '0' && c <= '9' ? c - '0' :
			    c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			    c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

			if (d < 0) {
				framing_cut(f, dst, 400, "a chunk size is malformed");
				return true;
			}
			size = size * 16 + (uint64_t)d;
		}
		if (size > f->lim->max_body || f->body + size > f->lim->max_body) {
			framing_cut(f, dst, 413, "the body is too large");
			return true;
		}
		f->body += size;
		evbuffer_remove_buffer(src, dst, total);
		if (size == 0) {
			f->state = FRAMING_TRAILER;
			f->trailer = 0;
		} else {
			f->state = FRAMING_CHUNK_DATA;
			f->left = size;
		}
		return true;
	case FRAMING_CHUNK_DATA:
		n = len < f->left ? len : (size_t)f->left;
		if (n == 0)
			return false;
		evbuffer_remove_buffer(src, dst, n);
		f->left -= n;
		if (f->left == 0)
			f->state = FRAMING_CHUNK_END;
		return true;
	case FRAMING_CHUNK_END:
		if (len < 2 && !(len == 1 && evbuffer_pullup(src, 1)[0] == '\n'))
			return false;
		if (!framing_front_line(src, &n, &total) || n != 0) {
			framing_cut(f, dst, 400, "a chunk does not end where its size says");
			return true;
		}
		evbuffer_remove_buffer(src, dst, total);
		f->state = FRAMING_CHUNK_SIZE;
		return true;
	case FRAMING_TRAILER:
		if (!framing_front_line(src, &n, &total)) {
			if (f->trailer + len > f->lim->max_header) {
				framing_cut(f, dst, FRAMING_HEADERS_TOO_LARGE,
				    "the trailer is too large");
				return true;
			}
			return false;
		}
		f->trailer += total;
		if (f->trailer > f->lim->max_header) {
			framing_cut(f, dst, FRAMING_HEADERS_TOO_LARGE,
				    "the trailer is too large");
			return true;
		}
		if (n > 0) {
			const unsigned char *p = evbuffer_pullup(src, (ev_ssize_t)n);
			struct framing_head h;
			unsigned te = 0;
			const char *why = NULL;
			int status;

			memset(&h, 0, sizeof h);
			if (p == NULL)
				return false;
			if ((status = framing_header(p, n, &h, &te, &why)) != 0 ||
			    h.has_length || h.chunked) {
				framing_cut(f, dst, 400, why != NULL ? why :
				    "framing headers in a trailer");
				return true;
			}
		}
		evbuffer_remove_buffer(src, dst, total);
		if (n == 0)
			f->state = FRAMING_HEAD;
		return true;
	default:
		return false;
	}
}

/* Pass on from src to dst what has been checked; keep the rest. */
static void
framing_run(struct framing *f, struct evbuffer *src, struct evbuffer *dst)
{
	bool step;
	size_t n;

	do {
		if (evbuffer_get_length(src) == 0)
			break;
		switch (f->state) {
		case FRAMING_HEAD:
			step = framing_step_head(f, src, dst);
			break;
		case FRAMING_BODY:
			n = evbuffer_get_length(src);
			if (n > f->left)
				n = (size_t)f->left;
			evbuffer_remove_buffer(src, dst, n);
			f->left -= n;
			if (f->left == 0)
				f->state = FRAMING_HEAD;
			step = true;
			break;
		case FRAMING_PASS:
			evbuffer_add_buffer(dst, src);
			step = true;
			break;
		case FRAMING_REFUSED:
			evbuffer_drain(src, evbuffer_get_length(src));
			step = true;
			break;
		default:
			step = framing_step_chunked(f, src, dst);
			break;
		}
	} while (step);
}

void
framing_input(struct evbuffer *in, const struct evbuffer_cb_info *info,
    void *arg)
{
	struct framing *f = arg;
	size_t len = evbuffer_get_length(in);

	if (f->busy || info->n_added == 0 || info->n_added > len)
		return;
	f->busy = true;
	/*
	 * in holds what was passed before (evhttp has not read it all yet)
	 * and, at its end, what just arrived: hold the new bytes back, and
	 * put back what passes the check.  (Moves of whole chains: nothing
	 * is copied.)
	 */
	evbuffer_remove_buffer(in, f->passed_before, len - info->n_added);
	evbuffer_add_buffer(f->held, in);
	evbuffer_add_buffer(in, f->passed_before);
	framing_run(f, f->held, in);
	f->busy = false;
}
