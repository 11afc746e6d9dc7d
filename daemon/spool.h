#ifndef BELONGD_SPOOL_H
#define BELONGD_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>

/*
 * The durable spool: submissions that cannot be committed promptly are
 * appended to segment files under spool_dir (NNNNNNNNNNNNNNNN.seg,
 * append-only, 0600) and fsync'd before they are acknowledged; the writer
 * replays them into PostgreSQL later, oldest segment first, and a segment
 * is deleted only once every row in it is committed.
 *
 * All file I/O runs on one spool thread fed by a queue; its results come
 * back to the event loop through a pipe, so every callback below runs in
 * the loop, never before the call that asked for it returns.  Appends that
 * queue up while an fsync runs are written and fsync'd together.
 *
 * A record is a 20-byte header -- magic "BSR1", payload length (u32),
 * time written in ms since the epoch (u64), CRC32C of length, time and
 * payload (u32), all little-endian -- then the payload.
 */
struct spool;

#define SPOOL_HEADER_BYTES 20
/* A longer length field can only be damage. */
#define SPOOL_MAX_PAYLOAD (64u << 20)

/* One segment handed to the writer for replay: its records, in order. */
struct spool_segment {
	uint64_t seq;
	int n;
	const char **rows;	/* payloads, each NUL-terminated */
	size_t *lens;
	char *data;		/* owns what rows point into */
};

struct spool_stats {
	uint64_t bytes;		/* in segment files, including records being written */
	uint64_t records;
	double oldest_age;	/* seconds since the oldest record was written; 0: none */
};

/* ok: the record is on disk (fsync'd), or could not be written. */
typedef void (*spool_append_cb)(void *arg, bool ok);
/* seg: the oldest segment not yet handed out, or NULL if none. */
typedef void (*spool_load_cb)(void *arg, struct spool_segment *seg);
/* Something new can be replayed. */
typedef void (*spool_ready_cb)(void *arg);

/*
 * Open (creating it 0700 if missing) and lock the spool directory, start
 * the spool thread, which first checks the segments found there: a torn
 * last record is cut off, a segment with a damaged record elsewhere is
 * renamed *.corrupt and its intact records are kept.  Returns NULL with
 * *err set (caller frees).
 */
struct spool *spool_new(struct event_base *base, const char *dir,
    uint64_t max_bytes, char **err) __attribute__((warn_unused_result));
/* Finish the writes queued, stop the thread; undelivered callbacks are
 * dropped.  Call after the loop has stopped. */
void spool_free(struct spool *sp);
void spool_set_ready(struct spool *sp, spool_ready_cb cb, void *arg);

/*
 * Append one record (payload copied).  Returns 0 and calls done later, or
 * -1 at once when the spool would grow past its max_bytes (done not called).
 */
int spool_append(struct spool *sp, const char *payload, size_t len,
    spool_append_cb done, void *arg) __attribute__((warn_unused_result));
/* Whether a record of len bytes would fit now. */
bool spool_room(struct spool *sp, size_t len);
/* Whether records may wait that have not been handed out for replay. */
bool spool_replayable(const struct spool *sp);
/* Hand out the oldest segment not yet handed out (sealing the one being
 * appended to, if it is the only one).  Returns 0 and calls done later,
 * or -1 (out of memory) and does not. */
int spool_load(struct spool *sp, spool_load_cb done, void *arg)
	__attribute__((warn_unused_result));
/*
 * Every row of seg is committed: delete the segment file -- or, when
 * keep_aside, rename it *.rejected because the database refused some row
 * in it.  Takes seg.
 */
void spool_segment_done(struct spool *sp, struct spool_segment *seg,
    bool keep_aside);
/* Free seg without touching its file (it is replayed again next start). */
void spool_segment_free(struct spool_segment *seg);
void spool_stats(struct spool *sp, struct spool_stats *st);

/* The record format, for the thread and the tests. */
uint32_t spool_crc32c(uint32_t crc, const void *buf, size_t len);
size_t spool_record_size(size_t len);
/* Encode into out (spool_record_size(len) bytes). */
void spool_record_encode(unsigned char *out, const char *payload, size_t len,
    uint64_t ms);

enum spool_parse_result {
	SPOOL_PARSE_CLEAN,	/* every byte is an intact record */
	SPOOL_PARSE_TORN,	/* intact records, then damage up to the end */
	SPOOL_PARSE_CORRUPT,	/* damage followed by intact records */
};

/* Called for each intact record, in order. */
typedef int (*spool_record_cb)(void *arg, const unsigned char *payload,
    size_t len, uint64_t ms);

/*
 * Walk a segment's bytes.  After damage, look for the next intact record
 * (magic, sane length, matching CRC).  *good_end is the end of the last
 * intact record.  Returns a spool_parse_result, or -1 if each failed.
 */
int spool_parse(const unsigned char *buf, size_t len, spool_record_cb each,
    void *arg, size_t *good_end) __attribute__((warn_unused_result));

#endif
