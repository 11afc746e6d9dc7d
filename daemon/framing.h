#ifndef BELONGD_FRAMING_H
#define BELONGD_FRAMING_H

#include <stddef.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>

/*
 * Request framing, checked before evhttp parses a byte.  libevent 2.1's
 * evhttp takes the first of two Content-Length headers, reads "+2" as 2,
 * cuts a header value at a NUL, answers a bad chunk size with 413, and
 * answers its own errors with an HTML page.  A request that a proxy in
 * front and belongd could frame differently is refused here instead, with
 * 400 (RFC 9112 section 6.3), and an oversized one with 413, in belongd's
 * own words.
 *
 * Each connection's input is checked as it arrives, before evhttp reads
 * it (framing_input, a callback on the bufferevent's input buffer): what
 * has not been checked is held back.  A good request passes unchanged,
 * its body streamed.  A bad one is
 * replaced by a bodiless request for the same method and target with
 * "Connection: close" (or, mid-body, its chunked body is ended early), and
 * nothing after it passes.  The request callback calls framing_dispatched
 * for every request it gets, in order, and so learns whether it is that
 * stand-in and with which status to refuse it.
 */
struct framing;

/* Read at every request, so a reload applies to the next one. */
struct framing_limits {
	size_t max_header;	/* bytes of request line and headers */
	size_t max_body;	/* bytes of body (chunked: of its chunks) */
};

/* State for one connection; lim must outlive it.  NULL if out of memory. */
struct framing *framing_new(const struct framing_limits *lim);
/* Remove the callback from the input buffer first. */
void framing_free(struct framing *f);

/* The input buffer's callback:
 * evbuffer_add_cb(bufferevent_get_input(bev), framing_input, f). */
void framing_input(struct evbuffer *in, const struct evbuffer_cb_info *info,
    void *f);

/*
 * Called once for each request evhttp hands over, in order.  Returns 0
 * for a request as its client sent it; else the status to refuse it with
 * (400 or 413), with *code and *message (static) for the answer.
 */
int framing_dispatched(struct framing *f, const char **code,
    const char **message);

#endif
