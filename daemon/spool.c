#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "log.h"
#include "spool.h"

#define SPOOL_MAGIC "BSR1"
/*
 * The segment being appended to is sealed past this size, so that replay
 * can delete what it has committed while new records keep arriving.
 */
#define SPOOL_SEGMENT_BYTES (1u << 20)
#define SPOOL_NAME_MAX 64

enum job_kind {
	JOB_SCAN,	/* check the segments found at start */
	JOB_APPEND,
	JOB_LOAD,
	JOB_DONE,
	JOB_LOG,	/* a line for the log, written by the loop */
};

struct job {
	struct job *next;
	enum job_kind kind;
	unsigned char *rec;		/* APPEND: the encoded record */
	size_t rec_len;
	uint64_t ms;
	spool_append_cb append_cb;
	spool_load_cb load_cb;
	void *arg;
	bool ok;			/* APPEND: written; SCAN: records found */
	struct spool_segment *seg;	/* LOAD: the result; DONE: the input */
	bool keep_aside;
	enum log_level level;		/* LOG */
	char *msg;
};

/* A segment file, as the thread knows it (read by spool_stats too). */
struct segfile {
	struct segfile *next;
	uint64_t seq;
	uint64_t bytes;
	uint64_t records;
	uint64_t first_ms;
	bool handed_out;
	bool aside;		/* renamed *.corrupt when loaded */
};

struct spool {
	struct event_base *base;
	char *dir;
	int dirfd;
	int lockfd;
	uint64_t max_bytes;
	int pipe_rd, pipe_wr;
	struct event *wake;
	pthread_t thread;
	bool thread_started;

	/* Shared: under mu. */
	pthread_mutex_t mu;
	pthread_cond_t cond;
	struct job *todo, **todo_tail;	/* loop -> thread */
	struct job *done, **done_tail;	/* thread -> loop */
	bool stopping;
	struct segfile *segs;		/* oldest first */
	uint64_t bytes, records;	/* in the segment files */

	/* The thread's own. */
	int active_fd;			/* segment being appended to; -1: none */
	struct segfile *active;
	uint64_t active_size;
	uint64_t next_seq;

	/* The loop's own. */
	uint64_t reserved;		/* bytes of appends not yet written */
	bool replayable;
	spool_ready_cb ready;
	void *ready_arg;
};

/* --- the record format ------------------------------------------------------ */

static uint32_t crc_table[256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void
crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0x82f63b78u : c >> 1;
		crc_table[i] = c;
	}
}

/* CRC32C (Castagnoli), as in iSCSI and ext4: crc of "" is 0. */
uint32_t
spool_crc32c(uint32_t crc, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	pthread_once(&crc_once, crc_init);
	crc = ~crc;
	while (len-- > 0)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static void
put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void
put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint64_t
get64(const unsigned char *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

size_t
spool_record_size(size_t len)
{
	return SPOOL_HEADER_BYTES + len;
}

void
spool_record_encode(unsigned char *out, const char *payload, size_t len,
    uint64_t ms)
{
	uint32_t crc;

	memcpy(out, SPOOL_MAGIC, 4);
	put32(out + 4, (uint32_t)len);
	put64(out + 8, ms);
	memcpy(out + SPOOL_HEADER_BYTES, payload, len);
	crc = spool_crc32c(0, out + 4, 12);
	crc = spool_crc32c(crc, out + SPOOL_HEADER_BYTES, len);
	put32(out + 16, crc);
}

/* Whether an intact record starts at off; its payload length in *plen. */
static bool
record_at(const unsigned char *buf, size_t len, size_t off, size_t *plen,
    uint64_t *ms)
{
	uint32_t l, crc;

	if (len - off < SPOOL_HEADER_BYTES || memcmp(buf + off, SPOOL_MAGIC, 4) != 0)
		return false;
	l = get32(buf + off + 4);
	if (l > SPOOL_MAX_PAYLOAD || l > len - off - SPOOL_HEADER_BYTES)
		return false;
	crc = spool_crc32c(0, buf + off + 4, 12);
	crc = spool_crc32c(crc, buf + off + SPOOL_HEADER_BYTES, l);
	if (crc != get32(buf + off + 16))
		return false;
	*plen = l;
	*ms = get64(buf + off + 8);
	return true;
}

int
spool_parse(const unsigned char *buf, size_t len, spool_record_cb each,
    void *arg, size_t *good_end)
{
	bool damaged = false;
	size_t off = 0, l, next;
	uint64_t ms;

	*good_end = 0;
	while (off < len) {
		if (record_at(buf, len, off, &l, &ms)) {
			if (each(arg, buf + off + SPOOL_HEADER_BYTES, l, ms) != 0)
				return -1;
			off += SPOOL_HEADER_BYTES + l;
			*good_end = off;
			continue;
		}
		/* Damage: resume at the next intact record, if any. */
		for (next = off + 1; next < len; next++)
			if (buf[next] == SPOOL_MAGIC[0] && record_at(buf, len, next, &l, &ms))
				break;
		if (next >= len)
			return damaged ? SPOOL_PARSE_CORRUPT : SPOOL_PARSE_TORN;
		damaged = true;
		off = next;
	}
	return damaged ? SPOOL_PARSE_CORRUPT : SPOOL_PARSE_CLEAN;
}

/* --- the thread ----------------------------------------------------------------- */

static uint64_t
now_ms(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (uint64_t)tv.tv_sec * 1000 + (uint64_t)tv.tv_usec / 1000;
}

static void
seg_name(char *out, uint64_t seq, const char *suffix)
{
	snprintf(out, SPOOL_NAME_MAX, "%016" PRIu64 ".%s", seq, suffix);
}

/* Queue a log line for the loop (the log is not the thread's to write). */
static void __attribute__((format(printf, 3, 4)))
spool_log(struct spool *sp, enum log_level level, const char *fmt, ...)
{
	struct job *j = calloc(1, sizeof *j);
	va_list ap;

	if (j == NULL)
		return;
	j->kind = JOB_LOG;
	j->level = level;
	va_start(ap, fmt);
	if (vasprintf(&j->msg, fmt, ap) < 0)
		j->msg = NULL;
	va_end(ap);
	if (j->msg == NULL) {
		free(j);
		return;
	}
	pthread_mutex_lock(&sp->mu);
	*sp->done_tail = j;
	sp->done_tail = &j->next;
	pthread_mutex_unlock(&sp->mu);
}

static int
write_all(int fd, const unsigned char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Read a whole file of the spool directory.  Returns 0 or -1 (errno). */
static int
read_file(struct spool *sp, const char *name, unsigned char **out, size_t *len)
{
	struct stat st;
	unsigned char *buf = NULL;
	size_t got = 0;
	int fd, saved;

	fd = openat(sp->dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0)
		goto fail;
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL)
		goto fail;
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	*out = buf;
	*len = got;
	return 0;
fail:
	saved = errno;
	free(buf);
	close(fd);
	errno = saved;
	return -1;
}

/* Rename a segment out of the way (NAME.suffix, never over another). */
static int
move_aside(struct spool *sp, uint64_t seq, const char *suffix, char *to)
{
	char from[SPOOL_NAME_MAX], base[40];
	struct stat st;

	seg_name(from, seq, "seg");
	snprintf(base, sizeof base, "%016" PRIu64 ".%s", seq, suffix);
	snprintf(to, SPOOL_NAME_MAX, "%s", base);
	for (int k = 1; fstatat(sp->dirfd, to, &st, 0) == 0; k++) {
		if (k > 999) {
			errno = EEXIST;
			return -1;
		}
		snprintf(to, SPOOL_NAME_MAX, "%s.%d", base, k);
	}
	return renameat(sp->dirfd, from, sp->dirfd, to);
}

/* Records of one segment, gathered by spool_parse. */
struct gather {
	unsigned char *raw;	/* re-encoded records (scan) */
	size_t raw_len;
	char *data;		/* payloads, NUL-terminated (load) */
	size_t data_len;
	size_t *offs;
	size_t *lens;
	int n, cap;
	uint64_t first_ms;
	bool keep_raw;
};

static int
gather_record(void *arg, const unsigned char *payload, size_t len, uint64_t ms)
{
	struct gather *g = arg;

	if (g->n == 0)
		g->first_ms = ms;
	if (g->n == g->cap) {
		int cap = g->cap == 0 ? 64 : g->cap * 2;
		size_t *offs = realloc(g->offs, (size_t)cap * sizeof *offs);
		size_t *lens;

		if (offs == NULL)
			return -1;
		g->offs = offs;
		lens = realloc(g->lens, (size_t)cap * sizeof *lens);
		if (lens == NULL)
			return -1;
		g->lens = lens;
		g->cap = cap;
	}
	g->offs[g->n] = g->data_len;
	g->lens[g->n] = len;
	g->n++;
	/* Payloads are copied in order: data and raw are sized for the
	 * whole file by the caller, so they never grow here. */
	memcpy(g->data + g->data_len, payload, len);
	g->data[g->data_len + len] = '\0';
	g->data_len += len + 1;
	if (g->keep_raw) {
		spool_record_encode(g->raw + g->raw_len, (const char *)payload, len, ms);
		g->raw_len += spool_record_size(len);
	}
	return 0;
}

static void
gather_free(struct gather *g)
{
	free(g->raw);
	free(g->data);
	free(g->offs);
	free(g->lens);
}

/* Parse a segment's bytes into g (buffers sized for len). */
static int
gather_parse(struct gather *g, const unsigned char *buf, size_t len,
    bool keep_raw, size_t *good_end)
{
	memset(g, 0, sizeof *g);
	g->keep_raw = keep_raw;
	g->data = malloc(len + 1);
	if (keep_raw)
		g->raw = malloc(len + 1);
	if (g->data == NULL || (keep_raw && g->raw == NULL))
		return -1;
	return spool_parse(buf, len, gather_record, g, good_end);
}

static struct segfile *
segfile_add(struct spool *sp, uint64_t seq, uint64_t bytes, uint64_t records,
    uint64_t first_ms)
{
	struct segfile *f = calloc(1, sizeof *f), **pp;

	if (f == NULL)
		return NULL;
	f->seq = seq;
	f->bytes = bytes;
	f->records = records;
	f->first_ms = first_ms;
	pthread_mutex_lock(&sp->mu);
	for (pp = &sp->segs; *pp != NULL && (*pp)->seq < seq; pp = &(*pp)->next)
		;
	f->next = *pp;
	*pp = f;
	sp->bytes += bytes;
	sp->records += records;
	pthread_mutex_unlock(&sp->mu);
	return f;
}

static void
segfile_remove(struct spool *sp, struct segfile *f)
{
	struct segfile **pp;

	pthread_mutex_lock(&sp->mu);
	for (pp = &sp->segs; *pp != NULL && *pp != f; pp = &(*pp)->next)
		;
	if (*pp == f)
		*pp = f->next;
	sp->bytes -= f->bytes;
	sp->records -= f->records;
	pthread_mutex_unlock(&sp->mu);
	free(f);
}

/*
 * A segment with damage before its end: keep the damaged file as
 * NAME.corrupt for the operator and put its intact records back under the
 * segment's name (through a fsync'd temporary file).
 */
static int
rescue_segment(struct spool *sp, uint64_t seq, const struct gather *g)
{
	char name[SPOOL_NAME_MAX], tmp[SPOOL_NAME_MAX], aside[SPOOL_NAME_MAX];
	int fd;

	seg_name(name, seq, "seg");
	seg_name(tmp, seq, "tmp");
	if (move_aside(sp, seq, "corrupt", aside) != 0) {
		spool_log(sp, LOG_LEVEL_ERROR, "spool: cannot move %s/%s aside: %s",
		    sp->dir, name, strerror(errno));
		return -1;
	}
	spool_log(sp, LOG_LEVEL_ERROR, "spool: %s/%s has a damaged record; moved "
	    "it aside to %s, keeping its %d intact records", sp->dir, name,
	    aside, g->n);
	if (g->n == 0)
		return 0;
	fd = openat(sp->dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		goto fail;
	if (write_all(fd, g->raw, g->raw_len) != 0 || fdatasync(fd) != 0) {
		close(fd);
		goto fail;
	}
	close(fd);
	if (renameat(sp->dirfd, tmp, sp->dirfd, name) != 0)
		goto fail;
	return 0;
fail:
	spool_log(sp, LOG_LEVEL_ERROR, "spool: cannot rewrite the intact records "
	    "of %s/%s (%s); they stay in %s", sp->dir, name, strerror(errno), aside);
	(void)unlinkat(sp->dirfd, tmp, 0);
	return -1;
}

static int
seq_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* What a name in the spool directory is: a segment's sequence number and
 * suffix ("seg", "tmp", "corrupt", ...), or false. */
static bool
parse_name(const char *name, uint64_t *seq, const char **suffix)
{
	char *end;

	if (strlen(name) < 18 || name[16] != '.')
		return false;
	for (int i = 0; i < 16; i++)
		if (name[i] < '0' || name[i] > '9')
			return false;
	*seq = strtoull(name, &end, 10);
	*suffix = name + 17;
	return end == name + 16;
}

/* One segment found at start: cut a torn tail off the newest, move a
 * damaged one aside keeping its intact records, drop an empty one. */
static void
spool_scan_one(struct spool *sp, uint64_t seq, bool newest)
{
	char name[SPOOL_NAME_MAX];
	unsigned char *buf = NULL;
	size_t len, good_end;
	struct gather g;
	int r, fd;

	memset(&g, 0, sizeof g);
	seg_name(name, seq, "seg");
	if (read_file(sp, name, &buf, &len) != 0) {
		spool_log(sp, LOG_LEVEL_ERROR, "spool: cannot read %s/%s: %s; "
		    "it is left for the next start", sp->dir, name, strerror(errno));
		return;
	}
	r = gather_parse(&g, buf, len, true, &good_end);
	if (r < 0) {
		spool_log(sp, LOG_LEVEL_ERROR, "spool: out of memory reading %s/%s; "
		    "it is left for the next start", sp->dir, name);
		goto out;
	}
	if (r == SPOOL_PARSE_TORN && newest) {
		/* The write that tore was never fsync'd, so never acknowledged. */
		fd = openat(sp->dirfd, name, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || ftruncate(fd, (off_t)good_end) != 0 || fdatasync(fd) != 0) {
			spool_log(sp, LOG_LEVEL_ERROR, "spool: cannot cut the torn end "
			    "off %s/%s: %s", sp->dir, name, strerror(errno));
			if (fd >= 0)
				close(fd);
			goto out;
		}
		close(fd);
		spool_log(sp, LOG_LEVEL_WARN, "spool: %s/%s: cut off a torn last "
		    "record (%zu bytes, never acknowledged)", sp->dir, name,
		    len - good_end);
		r = SPOOL_PARSE_CLEAN;
	}
	if (r != SPOOL_PARSE_CLEAN && rescue_segment(sp, seq, &g) != 0)
		goto out;
	if (g.n == 0) {
		(void)unlinkat(sp->dirfd, name, 0);
		goto out;
	}
	if (segfile_add(sp, seq, g.raw_len, (uint64_t)g.n, g.first_ms) == NULL)
		spool_log(sp, LOG_LEVEL_ERROR, "spool: out of memory; %s/%s is left "
		    "for the next start", sp->dir, name);
out:
	gather_free(&g);
	free(buf);
}

static void
spool_scan(struct spool *sp, struct job *j)
{
	uint64_t *seqs = NULL, seq, max_seq = 0;
	int n = 0, cap = 0;
	const char *suffix;
	struct dirent *de;
	DIR *d;
	int fd;

	fd = dup(sp->dirfd);
	d = fd < 0 ? NULL : fdopendir(fd);
	if (d == NULL) {
		if (fd >= 0)
			close(fd);
		spool_log(sp, LOG_LEVEL_ERROR, "spool: cannot list %s: %s", sp->dir,
		    strerror(errno));
		sp->next_seq = now_ms();	/* past anything there, surely */
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (!parse_name(de->d_name, &seq, &suffix))
			continue;
		if (seq > max_seq)
			max_seq = seq;
		if (strcmp(suffix, "tmp") == 0) {
			(void)unlinkat(sp->dirfd, de->d_name, 0);
			continue;
		}
		if (strcmp(suffix, "seg") != 0)
			continue;
		if (n == cap) {
			int more_cap = cap == 0 ? 16 : cap * 2;
			uint64_t *more = realloc(seqs, (size_t)more_cap * sizeof *seqs);

			if (more == NULL)
				break;
			seqs = more;
			cap = more_cap;
		}
		seqs[n++] = seq;
	}
	closedir(d);
	if (n > 0)
		qsort(seqs, (size_t)n, sizeof *seqs, seq_cmp);
	for (int i = 0; i < n; i++)
		spool_scan_one(sp, seqs[i], i == n - 1);
	free(seqs);
	if (n > 0)
		(void)fsync(sp->dirfd);
	sp->next_seq = max_seq + 1;
	j->ok = sp->records > 0;
	if (j->ok)
		spool_log(sp, LOG_LEVEL_INFO, "spool: %" PRIu64 " submissions in %s "
		    "to replay", sp->records, sp->dir);
}

static int
spool_open_active(struct spool *sp)
{
	char name[SPOOL_NAME_MAX];
	uint64_t seq = sp->next_seq++;
	int fd;

	seg_name(name, seq, "seg");
	fd = openat(sp->dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_APPEND |
	    O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	sp->active = segfile_add(sp, seq, 0, 0, 0);
	if (sp->active == NULL) {
		close(fd);
		(void)unlinkat(sp->dirfd, name, 0);
		errno = ENOMEM;
		return -1;
	}
	sp->active_fd = fd;
	sp->active_size = 0;
	return 0;
}

static void
spool_close_active(struct spool *sp)
{
	if (sp->active_fd >= 0)
		close(sp->active_fd);
	sp->active_fd = -1;
	sp->active = NULL;
}

/* Every append of one round: one write, one fsync (group commit). */
static void
spool_write(struct spool *sp, struct job *jobs)
{
	char name[SPOOL_NAME_MAX];
	unsigned char *buf = NULL, *at;
	uint64_t n = 0, first_ms = 0;
	size_t total = 0;
	bool created = false;
	struct job *j;

	for (j = jobs; j != NULL; j = j->next) {
		if (j->kind != JOB_APPEND)
			continue;
		total += j->rec_len;
		if (n++ == 0)
			first_ms = j->ms;
	}
	if (n == 0)
		return;
	if (sp->active_fd < 0) {
		if (spool_open_active(sp) != 0) {
			spool_log(sp, LOG_LEVEL_ERROR, "spool: cannot create a segment "
			    "in %s: %s", sp->dir, strerror(errno));
			return;
		}
		created = true;
	}
	seg_name(name, sp->active->seq, "seg");
	buf = malloc(total);
	if (buf == NULL) {
		errno = ENOMEM;
		goto fail;
	}
	at = buf;
	for (j = jobs; j != NULL; j = j->next) {
		if (j->kind != JOB_APPEND)
			continue;
		memcpy(at, j->rec, j->rec_len);
		at += j->rec_len;
	}
	/* A new file's name must be durable too before anyone is told. */
	if (write_all(sp->active_fd, buf, total) != 0 ||
	    fdatasync(sp->active_fd) != 0 ||
	    (created && fsync(sp->dirfd) != 0))
		goto fail;
	free(buf);
	pthread_mutex_lock(&sp->mu);
	if (sp->active->records == 0)
		sp->active->first_ms = first_ms;
	sp->active->bytes += total;
	sp->active->records += n;
	sp->bytes += total;
	sp->records += n;
	pthread_mutex_unlock(&sp->mu);
	sp->active_size += total;
	for (j = jobs; j != NULL; j = j->next)
		if (j->kind == JOB_APPEND)
			j->ok = true;
	if (sp->active_size >= SPOOL_SEGMENT_BYTES)
		spool_close_active(sp);
	return;
fail:
	spool_log(sp, LOG_LEVEL_ERROR, "spool: cannot write %s/%s: %s", sp->dir,
	    name, strerror(errno));
	free(buf);
	/* What this round wrote is not acknowledged: take it back if we can,
	 * and go on in a fresh segment. */
	if (ftruncate(sp->active_fd, (off_t)sp->active_size) != 0)
		spool_log(sp, LOG_LEVEL_ERROR, "spool: cannot truncate %s/%s: %s",
		    sp->dir, name, strerror(errno));
	if (sp->active->records == 0) {
		(void)unlinkat(sp->dirfd, name, 0);
		close(sp->active_fd);
		segfile_remove(sp, sp->active);
		sp->active_fd = -1;
		sp->active = NULL;
	} else {
		spool_close_active(sp);
	}
}

/* Hand out the oldest segment not handed out yet. */
static void
spool_load_run(struct spool *sp, struct job *j)
{
	char name[SPOOL_NAME_MAX], aside[SPOOL_NAME_MAX];
	struct spool_segment *seg;
	unsigned char *buf;
	struct segfile *f;
	size_t len, good_end;
	struct gather g;
	int r;

	/* Only this thread changes the list: no lock needed to read it. */
	for (f = sp->segs; f != NULL; f = f->next) {
		if (f->handed_out || f->records == 0)
			continue;
		if (f == sp->active)
			spool_close_active(sp);
		seg_name(name, f->seq, "seg");
		f->handed_out = true;
		if (read_file(sp, name, &buf, &len) != 0) {
			spool_log(sp, LOG_LEVEL_ERROR, "spool: cannot read %s/%s: %s; "
			    "it is left for the next start", sp->dir, name,
			    strerror(errno));
			continue;
		}
		r = gather_parse(&g, buf, len, false, &good_end);
		free(buf);
		seg = r < 0 ? NULL : calloc(1, sizeof *seg);
		if (seg != NULL)
			seg->rows = malloc((size_t)(g.n > 0 ? g.n : 1) * sizeof *seg->rows);
		if (seg == NULL || seg->rows == NULL) {
			free(seg);
			gather_free(&g);
			spool_log(sp, LOG_LEVEL_ERROR, "spool: out of memory loading "
			    "%s/%s; it is left for the next start", sp->dir, name);
			continue;
		}
		if (r != SPOOL_PARSE_CLEAN) {
			if (move_aside(sp, f->seq, "corrupt", aside) == 0) {
				f->aside = true;
				spool_log(sp, LOG_LEVEL_ERROR, "spool: %s/%s has a damaged "
				    "record; moved it aside to %s, replaying its %d "
				    "intact records", sp->dir, name, aside, g.n);
			} else {
				spool_log(sp, LOG_LEVEL_ERROR, "spool: %s/%s has a damaged "
				    "record and cannot be moved aside: %s", sp->dir,
				    name, strerror(errno));
			}
		}
		seg->seq = f->seq;
		seg->n = g.n;
		seg->data = g.data;
		seg->lens = g.lens;
		for (int i = 0; i < g.n; i++)
			seg->rows[i] = g.data + g.offs[i];
		free(g.offs);
		free(g.raw);
		j->seg = seg;
		return;
	}
	j->seg = NULL;
}

static void
spool_done_run(struct spool *sp, struct job *j)
{
	char name[SPOOL_NAME_MAX], aside[SPOOL_NAME_MAX];
	struct segfile *f;

	for (f = sp->segs; f != NULL && f->seq != j->seg->seq; f = f->next)
		;
	seg_name(name, j->seg->seq, "seg");
	if (f != NULL && f->aside) {
		/* Its damaged file stays, as *.corrupt, for the operator. */
	} else if (j->keep_aside) {
		if (move_aside(sp, j->seg->seq, "rejected", aside) == 0)
			spool_log(sp, LOG_LEVEL_ERROR, "spool: the database refused "
			    "rows of %s/%s; kept it as %s", sp->dir, name, aside);
		else
			spool_log(sp, LOG_LEVEL_ERROR, "spool: cannot move %s/%s "
			    "aside: %s", sp->dir, name, strerror(errno));
	} else if (unlinkat(sp->dirfd, name, 0) != 0) {
		spool_log(sp, LOG_LEVEL_ERROR, "spool: cannot delete %s/%s: %s; "
		    "it is replayed again at the next start", sp->dir, name,
		    strerror(errno));
	}
	(void)fsync(sp->dirfd);
	if (f != NULL)
		segfile_remove(sp, f);
	spool_segment_free(j->seg);
	j->seg = NULL;
}

static void
spool_wake(struct spool *sp)
{
	/* A full pipe means a wake-up is pending already. */
	if (write(sp->pipe_wr, "", 1) < 0 && errno != EAGAIN)
		return;
}

/* One round of the thread: the appends together, then the rest in order. */
static void
spool_run(struct spool *sp, struct job *jobs)
{
	struct job *j, *last = NULL;

	for (j = jobs; j != NULL; j = j->next)
		if (j->kind == JOB_SCAN)
			spool_scan(sp, j);
	spool_write(sp, jobs);
	for (j = jobs; j != NULL; j = j->next) {
		if (j->kind == JOB_LOAD)
			spool_load_run(sp, j);
		else if (j->kind == JOB_DONE)
			spool_done_run(sp, j);
		last = j;
	}
	pthread_mutex_lock(&sp->mu);
	*sp->done_tail = jobs;
	sp->done_tail = &last->next;
	pthread_mutex_unlock(&sp->mu);
	spool_wake(sp);
}

static void *
spool_main(void *arg)
{
	struct spool *sp = arg;
	struct job *jobs;

	pthread_mutex_lock(&sp->mu);
	for (;;) {
		while (sp->todo == NULL && !sp->stopping)
			pthread_cond_wait(&sp->cond, &sp->mu);
		if (sp->todo == NULL)
			break;
		jobs = sp->todo;
		sp->todo = NULL;
		sp->todo_tail = &sp->todo;
		pthread_mutex_unlock(&sp->mu);
		spool_run(sp, jobs);
		pthread_mutex_lock(&sp->mu);
	}
	pthread_mutex_unlock(&sp->mu);
	spool_close_active(sp);
	return NULL;
}

/* --- the loop's side ------------------------------------------------------------ */

static void
job_free(struct job *j)
{
	free(j->rec);
	free(j->msg);
	if (j->seg != NULL)
		spool_segment_free(j->seg);
	free(j);
}

static void
spool_push(struct spool *sp, struct job *j)
{
	pthread_mutex_lock(&sp->mu);
	*sp->todo_tail = j;
	sp->todo_tail = &j->next;
	pthread_cond_signal(&sp->cond);
	pthread_mutex_unlock(&sp->mu);
}

static struct job *
spool_take_done(struct spool *sp)
{
	struct job *list;

	pthread_mutex_lock(&sp->mu);
	list = sp->done;
	sp->done = NULL;
	sp->done_tail = &sp->done;
	pthread_mutex_unlock(&sp->mu);
	return list;
}

/* The thread finished something: deliver it, in order. */
static void
spool_wake_cb(evutil_socket_t fd, short what, void *arg)
{
	struct spool *sp = arg;
	struct job *list, *j;
	bool kick = false;
	char buf[64];

	while (read(fd, buf, sizeof buf) > 0)
		;
	list = spool_take_done(sp);
	while ((j = list) != NULL) {
		list = j->next;
		switch (j->kind) {
		case JOB_LOG:
			log_msg(j->level, "%s", j->msg);
			break;
		case JOB_SCAN:
			kick |= j->ok;
			sp->replayable |= j->ok;
			break;
		case JOB_APPEND:
			sp->reserved -= j->rec_len;
			kick |= j->ok;
			sp->replayable |= j->ok;
			j->append_cb(j->arg, j->ok);
			break;
		case JOB_LOAD:
			if (j->seg == NULL)
				sp->replayable = false;
			j->load_cb(j->arg, j->seg);
			j->seg = NULL;
			break;
		case JOB_DONE:
			break;
		}
		job_free(j);
	}
	if (kick && sp->ready != NULL)
		sp->ready(sp->ready_arg);
}

static char * __attribute__((format(printf, 1, 2)))
spool_err(const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

struct spool *
spool_new(struct event_base *base, const char *dir, uint64_t max_bytes,
    char **err)
{
	struct spool *sp = calloc(1, sizeof *sp);
	struct job *scan = NULL;
	sigset_t all, old;
	struct stat st;
	int fds[2], rc;

	*err = NULL;
	if (sp == NULL)
		goto oom;
	sp->base = base;
	sp->dirfd = sp->lockfd = sp->pipe_rd = sp->pipe_wr = sp->active_fd = -1;
	sp->max_bytes = max_bytes;
	sp->todo_tail = &sp->todo;
	sp->done_tail = &sp->done;
	pthread_mutex_init(&sp->mu, NULL);
	pthread_cond_init(&sp->cond, NULL);
	if ((sp->dir = strdup(dir)) == NULL)
		goto oom;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		*err = spool_err("cannot create spool_dir %s: %s", dir,
		    strerror(errno));
		goto fail;
	}
	sp->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sp->dirfd < 0 || fstat(sp->dirfd, &st) != 0) {
		*err = spool_err("cannot open spool_dir %s: %s", dir, strerror(errno));
		goto fail;
	}
	if (st.st_uid != geteuid()) {
		*err = spool_err("spool_dir %s belongs to another user", dir);
		goto fail;
	}
	/* Answers are personal: nobody else may read them. */
	if ((st.st_mode & 077) != 0 && fchmod(sp->dirfd, 0700) != 0) {
		*err = spool_err("cannot make spool_dir %s private: %s", dir,
		    strerror(errno));
		goto fail;
	}
	sp->lockfd = openat(sp->dirfd, "lock", O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (sp->lockfd < 0) {
		*err = spool_err("cannot create %s/lock: %s", dir, strerror(errno));
		goto fail;
	}
	if (flock(sp->lockfd, LOCK_EX | LOCK_NB) != 0) {
		*err = spool_err("spool_dir %s is in use by another belongd (%s)",
		    dir, strerror(errno));
		goto fail;
	}
	if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) {
		*err = spool_err("spool %s: cannot make a pipe: %s", dir,
		    strerror(errno));
		goto fail;
	}
	sp->pipe_rd = fds[0];
	sp->pipe_wr = fds[1];
	sp->wake = event_new(base, sp->pipe_rd, EV_READ | EV_PERSIST, spool_wake_cb, sp);
	if (sp->wake == NULL || event_add(sp->wake, NULL) != 0)
		goto oom;
	if ((scan = calloc(1, sizeof *scan)) == NULL)
		goto oom;
	scan->kind = JOB_SCAN;
	spool_push(sp, scan);
	/* Signals are the loop's (evsignal): the thread is started with
	 * them blocked, so none interrupts its I/O. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&sp->thread, NULL, spool_main, sp);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		errno = rc;
		*err = spool_err("spool %s: cannot start its thread: %s", dir,
		    strerror(errno));
		goto fail;
	}
	sp->thread_started = true;
	return sp;
oom:
	errno = ENOMEM;
	*err = spool_err("spool %s: %s", dir, strerror(errno));
fail:
	if (*err == NULL)
		*err = strdup("out of memory");
	spool_free(sp);
	return NULL;
}

void
spool_free(struct spool *sp)
{
	struct job *j;
	struct segfile *f;

	if (sp == NULL)
		return;
	if (sp->thread_started) {
		pthread_mutex_lock(&sp->mu);
		sp->stopping = true;
		pthread_cond_signal(&sp->cond);
		pthread_mutex_unlock(&sp->mu);
		pthread_join(sp->thread, NULL);
	}
	/* Whoever waited is gone with the loop; only log lines still count. */
	for (struct job *list = spool_take_done(sp); (j = list) != NULL;) {
		list = j->next;
		if (j->kind == JOB_LOG)
			log_msg(j->level, "%s", j->msg);
		job_free(j);
	}
	while ((j = sp->todo) != NULL) {
		sp->todo = j->next;
		job_free(j);
	}
	while ((f = sp->segs) != NULL) {
		sp->segs = f->next;
		free(f);
	}
	if (sp->wake != NULL)
		event_free(sp->wake);
	if (sp->pipe_rd >= 0)
		close(sp->pipe_rd);
	if (sp->pipe_wr >= 0)
		close(sp->pipe_wr);
	if (sp->lockfd >= 0)
		close(sp->lockfd);
	if (sp->dirfd >= 0)
		close(sp->dirfd);
	pthread_mutex_destroy(&sp->mu);
	pthread_cond_destroy(&sp->cond);
	free(sp->dir);
	free(sp);
}

void
spool_set_ready(struct spool *sp, spool_ready_cb cb, void *arg)
{
	sp->ready = cb;
	sp->ready_arg = arg;
}

bool
spool_room(struct spool *sp, size_t len)
{
	uint64_t bytes;

	pthread_mutex_lock(&sp->mu);
	bytes = sp->bytes;
	pthread_mutex_unlock(&sp->mu);
	return bytes + sp->reserved + spool_record_size(len) <= sp->max_bytes;
}

int
spool_append(struct spool *sp, const char *payload, size_t len,
    spool_append_cb done, void *arg)
{
	struct job *j;

	if (len > SPOOL_MAX_PAYLOAD || !spool_room(sp, len))
		return -1;
	j = calloc(1, sizeof *j);
	if (j == NULL)
		return -1;
	j->rec_len = spool_record_size(len);
	j->rec = malloc(j->rec_len);
	if (j->rec == NULL) {
		free(j);
		return -1;
	}
	j->kind = JOB_APPEND;
	j->ms = now_ms();
	spool_record_encode(j->rec, payload, len, j->ms);
	j->append_cb = done;
	j->arg = arg;
	sp->reserved += j->rec_len;
	spool_push(sp, j);
	return 0;
}

bool
spool_replayable(const struct spool *sp)
{
	return sp->replayable;
}

int
spool_load(struct spool *sp, spool_load_cb done, void *arg)
{
	struct job *j = calloc(1, sizeof *j);

	if (j == NULL)
		return -1;
	j->kind = JOB_LOAD;
	j->load_cb = done;
	j->arg = arg;
	spool_push(sp, j);
	return 0;
}

void
spool_segment_done(struct spool *sp, struct spool_segment *seg, bool keep_aside)
{
	struct job *j = calloc(1, sizeof *j);

	if (j == NULL) {
		/* The file stays and is replayed again at the next start. */
		log_error("spool: out of memory; segment %016" PRIu64 " is kept",
		    seg->seq);
		spool_segment_free(seg);
		return;
	}
	j->kind = JOB_DONE;
	j->seg = seg;
	j->keep_aside = keep_aside;
	spool_push(sp, j);
}

void
spool_segment_free(struct spool_segment *seg)
{
	if (seg == NULL)
		return;
	free(seg->rows);
	free(seg->lens);
	free(seg->data);
	free(seg);
}

void
spool_stats(struct spool *sp, struct spool_stats *st)
{
	uint64_t first = 0, now = now_ms();

	pthread_mutex_lock(&sp->mu);
	st->bytes = sp->bytes + sp->reserved;
	st->records = sp->records;
	for (struct segfile *f = sp->segs; f != NULL; f = f->next) {
		if (f->records > 0) {
			first = f->first_ms;
			break;
		}
	}
	pthread_mutex_unlock(&sp->mu);
	st->oldest_age = first == 0 || first > now ? 0 : (double)(now - first) / 1000.0;
}
