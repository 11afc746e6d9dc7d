/*
 * libFuzzer target: the spool's record reader (spool_parse in
 * daemon/spool.c), which belongd runs over every segment file it finds at
 * start, whatever a crash or a bad disk left there.  The input is parsed
 * as a segment; the records found must lie inside it, in order, and
 * encode back to a clean segment.  The input is also cut at each newline
 * into payloads that are encoded as records: that segment must parse
 * clean to the same payloads, and with its last byte torn off, not clean.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "spool.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct found {
	const unsigned char *buf;	/* the segment parsed */
	size_t len;
	size_t end;			/* end of the last record seen */
	int n;
	const unsigned char *payload[4096];
	size_t plen[4096];
	uint64_t ms[4096];
};

static int
each(void *arg, const unsigned char *payload, size_t len, uint64_t ms)
{
	struct found *f = arg;
	size_t off = (size_t)(payload - f->buf);

	fuzz_check(payload >= f->buf + SPOOL_HEADER_BYTES);
	fuzz_check(off <= f->len && len <= f->len - off);
	fuzz_check(len <= SPOOL_MAX_PAYLOAD);
	fuzz_check(off - SPOOL_HEADER_BYTES >= f->end);	/* in order, no overlap */
	f->end = off + len;
	if (f->n < 4096) {
		f->payload[f->n] = payload;
		f->plen[f->n] = len;
		f->ms[f->n] = ms;
	}
	f->n++;
	return 0;
}

static int
parse(const unsigned char *buf, size_t len, struct found *f)
{
	size_t good_end;
	int rc;

	f->buf = buf;
	f->len = len;
	f->end = 0;
	f->n = 0;
	rc = spool_parse(buf, len, each, f, &good_end);
	fuzz_check(rc == SPOOL_PARSE_CLEAN || rc == SPOOL_PARSE_TORN ||
	    rc == SPOOL_PARSE_CORRUPT);
	fuzz_check(good_end == f->end);
	fuzz_check(rc != SPOOL_PARSE_CLEAN || good_end == len);
	fuzz_check(rc != SPOOL_PARSE_TORN || good_end < len);
	return rc;
}

/* Encode n payloads into one segment; the caller frees it. */
static unsigned char *
encode(int n, const unsigned char *const *payload, const size_t *plen,
    const uint64_t *ms, size_t *len)
{
	unsigned char *seg, *p;

	*len = 0;
	for (int i = 0; i < n; i++)
		*len += spool_record_size(plen[i]);
	p = seg = malloc(*len + 1);
	fuzz_check(seg != NULL);
	for (int i = 0; i < n; i++) {
		spool_record_encode(p, (const char *)payload[i], plen[i], ms[i]);
		p += spool_record_size(plen[i]);
	}
	return seg;
}

/* f2 holds the same records as f (its first n if n is smaller). */
static void
same(const struct found *f, const struct found *f2, int n)
{
	for (int i = 0; i < n && i < 4096; i++) {
		fuzz_check(f2->plen[i] == f->plen[i] && f2->ms[i] == f->ms[i]);
		fuzz_check(f->plen[i] == 0 ||
		    memcmp(f2->payload[i], f->payload[i], f->plen[i]) == 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct found f, f2;
	unsigned char *seg;
	size_t len, start = 0;

	fuzz_quiet();
	/* The input as a segment. */
	parse(data, size, &f);
	if (f.n <= 4096) {
		seg = encode(f.n, f.payload, f.plen, f.ms, &len);
		fuzz_check(parse(seg, len, &f2) == SPOOL_PARSE_CLEAN);
		fuzz_check(f2.n == f.n);
		same(&f, &f2, f.n);
		free(seg);
	}

	/* The input as payloads, one per line. */
	f.buf = data;
	f.n = 0;
	for (size_t i = 0; i <= size && f.n < 4096; i++) {
		if (i < size && data[i] != '\n')
			continue;
		f.payload[f.n] = data + start;
		f.plen[f.n] = i - start;
		f.ms[f.n] = (uint64_t)f.n * 1000003u;
		f.n++;
		start = i + 1;
	}
	seg = encode(f.n, f.payload, f.plen, f.ms, &len);
	fuzz_check(parse(seg, len, &f2) == SPOOL_PARSE_CLEAN);
	fuzz_check(f2.n == f.n);
	same(&f, &f2, f.n);
	/* A torn last record is never taken for a clean end. */
	fuzz_check(parse(seg, len - 1, &f2) != SPOOL_PARSE_CLEAN);
	fuzz_check(f2.n >= f.n - 1);
	same(&f, &f2, f.n - 1);
	free(seg);
	return 0;
}
