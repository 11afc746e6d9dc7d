/*
 * Unit tests of daemon/spool.c (the record format, the segment files, a
 * torn tail, a damaged record, the size bound, the directory lock) and of
 * the writer's batch key table (daemon/writer.c), which must match rows
 * in linear time.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <event2/event.h>

#include "spool.h"
#include "writer.h"

/* --- the record format ------------------------------------------------------ */

static void
test_crc32c(void **state)
{
	/* The check value of CRC-32C (RFC 3720, B.4). */
	assert_int_equal(spool_crc32c(0, "123456789", 9), 0xe3069283u);
	assert_int_equal(spool_crc32c(0, "", 0), 0);
	/* Incremental equals whole. */
	assert_int_equal(spool_crc32c(spool_crc32c(0, "1234", 4), "56789", 5),
	    0xe3069283u);
}

struct seen {
	int n;
	char payload[8][64];
	uint64_t ms[8];
};

static int
collect(void *arg, const unsigned char *payload, size_t len, uint64_t ms)
{
	struct seen *s = arg;

	assert_true(s->n < 8 && len < 64);
	memcpy(s->payload[s->n], payload, len);
	s->payload[s->n][len] = '\0';
	s->ms[s->n] = ms;
	s->n++;
	return 0;
}

static const char *const rows[] = {
	"{\"event_id\":1,\"id\":\"a\"}",
	"{\"event_id\":1,\"id\":\"bb\"}",
	"{\"event_id\":2,\"id\":\"ccc\"}",
	"{\"event_id\":2,\"id\":\"dddd\"}",
};

/* The four rows as records; offsets of each record in off[0..4]. */
static unsigned char *
four_records(size_t *len, size_t off[5])
{
	unsigned char *buf;
	size_t at = 0;

	*len = 0;
	for (int i = 0; i < 4; i++)
		*len += spool_record_size(strlen(rows[i]));
	buf = malloc(*len);
	assert_non_null(buf);
	for (int i = 0; i < 4; i++) {
		off[i] = at;
		spool_record_encode(buf + at, rows[i], strlen(rows[i]), 1000 + (uint64_t)i);
		at += spool_record_size(strlen(rows[i]));
	}
	off[4] = at;
	return buf;
}

static void
test_roundtrip(void **state)
{
	struct seen s = { 0 };
	size_t len, off[5], end;
	unsigned char *buf = four_records(&len, off);

	assert_int_equal(spool_parse(buf, len, collect, &s, &end), SPOOL_PARSE_CLEAN);
	assert_int_equal(s.n, 4);
	for (int i = 0; i < 4; i++) {
		assert_string_equal(s.payload[i], rows[i]);
		assert_int_equal(s.ms[i], 1000 + i);
	}
	assert_int_equal(end, len);
	assert_int_equal(off[1], SPOOL_HEADER_BYTES + strlen(rows[0]));
	assert_memory_equal(buf, "BSR1", 4);
	free(buf);
}

static void
test_torn_tail(void **state)
{
	size_t len, off[5], end;
	unsigned char *buf = four_records(&len, off);
	struct seen s;

	/* Cut inside the last payload, inside its header, right after the
	 * magic: three records, and the end of the third is where to cut. */
	size_t cuts[] = { len - 3, off[3] + 10, off[3] + 4, off[3] + 1 };

	for (size_t c = 0; c < sizeof cuts / sizeof cuts[0]; c++) {
		memset(&s, 0, sizeof s);
		assert_int_equal(spool_parse(buf, cuts[c], collect, &s, &end),
		    SPOOL_PARSE_TORN);
		assert_int_equal(s.n, 3);
		assert_string_equal(s.payload[2], rows[2]);
		assert_int_equal(end, off[3]);
	}
	/* A last record whose CRC fails is a torn tail too. */
	memset(&s, 0, sizeof s);
	buf[len - 1] ^= 0x01;
	assert_int_equal(spool_parse(buf, len, collect, &s, &end), SPOOL_PARSE_TORN);
	assert_int_equal(s.n, 3);
	free(buf);
}

static void
test_corrupt_middle(void **state)
{
	size_t len, off[5], end;
	unsigned char *buf = four_records(&len, off);
	struct seen s = { 0 };

	/* A flipped payload byte in the second record: the CRC catches it,
	 * and the records after it are still found. */
	buf[off[1] + SPOOL_HEADER_BYTES + 3] ^= 0x20;
	assert_int_equal(spool_parse(buf, len, collect, &s, &end), SPOOL_PARSE_CORRUPT);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.payload[0], rows[0]);
	assert_string_equal(s.payload[1], rows[2]);
	assert_string_equal(s.payload[2], rows[3]);
	assert_int_equal(end, len);
	buf[off[1] + SPOOL_HEADER_BYTES + 3] ^= 0x20;

	/* A damaged length field: neither trusted nor fatal. */
	memset(&s, 0, sizeof s);
	buf[off[2] + 6] = 0x7f;
	assert_int_equal(spool_parse(buf, len, collect, &s, &end), SPOOL_PARSE_CORRUPT);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.payload[2], rows[3]);
	free(buf);
}

/* --- the files ---------------------------------------------------------------- */

struct ctx {
	struct event_base *base;
	int appended, failed, loaded;
	struct spool_segment *seg;
	bool got_seg;
};

static void
appended(void *arg, bool ok)
{
	struct ctx *c = arg;

	if (ok)
		c->appended++;
	else
		c->failed++;
}

static void
loaded(void *arg, struct spool_segment *seg)
{
	struct ctx *c = arg;

	c->seg = seg;
	c->got_seg = true;
	c->loaded++;
}

static void
give_up(evutil_socket_t fd, short what, void *arg)
{
	fail_msg("the spool thread did not answer");
}

/* Run the loop until *counter reaches want (the thread answers through it). */
static void
run_until(struct ctx *c, const int *counter, int want)
{
	struct timeval limit = { 60, 0 };
	struct event *guard = evtimer_new(c->base, give_up, NULL);

	evtimer_add(guard, &limit);
	while (*counter < want)
		event_base_loop(c->base, EVLOOP_ONCE);
	event_free(guard);
}

static int
count_files(const char *dir, const char *suffix)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name), sl = strlen(suffix);

		if (l > sl && strcmp(de->d_name + l - sl, suffix) == 0)
			n++;
	}
	closedir(d);
	return n;
}

static char *
make_dir(void)
{
	char tmpl[] = "/tmp/belong-spool-test.XXXXXX";
	char *base = mkdtemp(tmpl), *dir;

	assert_non_null(base);
	assert_true(asprintf(&dir, "%s/spool", base) > 0);
	return dir;
}

static void
remove_dir(char *dir)
{
	char cmd[512];

	*strrchr(dir, '/') = '\0';
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(dir);
}

static void
write_file(const char *dir, const char *name, const unsigned char *buf, size_t len)
{
	char path[512];
	int fd;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	close(fd);
}

static void
test_files(void **state)
{
	struct ctx c = { 0 };
	struct spool_stats st;
	struct spool *sp, *other;
	char *dir = make_dir(), *err = NULL, path[512];
	struct stat sb;
	DIR *d;
	struct dirent *de;

	c.base = event_base_new();
	sp = spool_new(c.base, dir, 1 << 20, &err);
	assert_non_null(sp);
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);

	/* A second daemon on the same directory is refused. */
	other = spool_new(c.base, dir, 1 << 20, &err);
	assert_null(other);
	assert_non_null(strstr(err, "in use"));
	free(err);

	for (int i = 0; i < 3; i++)
		assert_int_equal(spool_append(sp, rows[i], strlen(rows[i]), appended, &c), 0);
	run_until(&c, &c.appended, 3);
	spool_stats(sp, &st);
	assert_int_equal(st.records, 3);
	assert_int_equal(st.bytes, spool_record_size(strlen(rows[0])) +
	    spool_record_size(strlen(rows[1])) + spool_record_size(strlen(rows[2])));
	assert_int_equal(count_files(dir, ".seg"), 1);
	d = opendir(dir);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		assert_int_equal(stat(path, &sb), 0);
		assert_int_equal(sb.st_mode & 0777, 0600);
	}
	closedir(d);

	/* Load hands out the segment (sealing it); done deletes it. */
	assert_int_equal(spool_load(sp, loaded, &c), 0);
	run_until(&c, &c.loaded, 1);
	assert_non_null(c.seg);
	assert_int_equal(c.seg->n, 3);
	assert_string_equal(c.seg->rows[1], rows[1]);
	assert_int_equal(c.seg->lens[1], strlen(rows[1]));
	/* A new append goes to a new segment. */
	assert_int_equal(spool_append(sp, rows[3], strlen(rows[3]), appended, &c), 0);
	run_until(&c, &c.appended, 4);
	assert_int_equal(count_files(dir, ".seg"), 2);
	spool_segment_done(sp, c.seg, false);
	c.seg = NULL;
	assert_int_equal(spool_load(sp, loaded, &c), 0);
	run_until(&c, &c.loaded, 2);
	assert_non_null(c.seg);
	assert_int_equal(c.seg->n, 1);
	assert_string_equal(c.seg->rows[0], rows[3]);
	assert_int_equal(count_files(dir, ".seg"), 1);
	spool_segment_done(sp, c.seg, false);
	c.seg = NULL;
	/* Nothing left. */
	assert_int_equal(spool_load(sp, loaded, &c), 0);
	run_until(&c, &c.loaded, 3);
	assert_null(c.seg);
	assert_false(spool_replayable(sp));
	assert_int_equal(count_files(dir, ".seg"), 0);
	spool_stats(sp, &st);
	assert_int_equal(st.records, 0);
	assert_int_equal(st.bytes, 0);
	spool_free(sp);
	event_base_free(c.base);
	remove_dir(dir);
}

/* What a crash and a bad disk leave: found, repaired, nothing lost. */
static void
test_recovery(void **state)
{
	struct ctx c = { 0 };
	struct spool_stats st;
	struct spool *sp;
	char *dir = make_dir(), *err = NULL, path[512];
	size_t len, off[5];
	unsigned char *buf = four_records(&len, off);
	struct stat sb;

	assert_int_equal(mkdir(dir, 0700), 0);
	/* An old segment with a damaged second record... */
	buf[off[1] + SPOOL_HEADER_BYTES] ^= 0xff;
	write_file(dir, "0000000000000001.seg", buf, len);
	buf[off[1] + SPOOL_HEADER_BYTES] ^= 0xff;
	/* ...and the newest, whose last write was cut short. */
	write_file(dir, "0000000000000002.seg", buf, len - 5);
	/* A leftover temporary file, and an empty segment. */
	write_file(dir, "0000000000000003.tmp", buf, 7);
	write_file(dir, "0000000000000000.seg", buf, 0);

	c.base = event_base_new();
	sp = spool_new(c.base, dir, 1 << 20, &err);
	assert_non_null(sp);
	assert_int_equal(spool_load(sp, loaded, &c), 0);
	run_until(&c, &c.loaded, 1);

	/* The damaged one was moved aside and its three intact records kept. */
	assert_int_equal(count_files(dir, ".corrupt"), 1);
	snprintf(path, sizeof path, "%s/0000000000000001.corrupt", dir);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_size, (off_t)len);
	assert_non_null(c.seg);
	assert_int_equal(c.seg->seq, 1);
	assert_int_equal(c.seg->n, 3);
	assert_string_equal(c.seg->rows[0], rows[0]);
	assert_string_equal(c.seg->rows[1], rows[2]);
	assert_string_equal(c.seg->rows[2], rows[3]);
	/* The torn record was cut off the newest. */
	snprintf(path, sizeof path, "%s/0000000000000002.seg", dir);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_size, (off_t)off[3]);
	assert_int_equal(count_files(dir, ".tmp"), 0);
	spool_stats(sp, &st);
	assert_int_equal(st.records, 6);
	assert_true(st.oldest_age > 0);

	spool_segment_done(sp, c.seg, false);
	c.seg = NULL;
	assert_int_equal(spool_load(sp, loaded, &c), 0);
	run_until(&c, &c.loaded, 2);
	assert_non_null(c.seg);
	assert_int_equal(c.seg->seq, 2);
	assert_int_equal(c.seg->n, 3);
	/* Kept aside: the database refused a row of it. */
	spool_segment_done(sp, c.seg, true);
	c.seg = NULL;
	/* New records go after everything found. */
	assert_int_equal(spool_append(sp, rows[0], strlen(rows[0]), appended, &c), 0);
	run_until(&c, &c.appended, 1);
	assert_int_equal(count_files(dir, ".rejected"), 1);
	snprintf(path, sizeof path, "%s/0000000000000004.seg", dir);
	assert_int_equal(stat(path, &sb), 0);
	spool_free(sp);
	event_base_free(c.base);
	free(buf);
	remove_dir(dir);
}

static void
test_full(void **state)
{
	struct ctx c = { 0 };
	struct spool *sp;
	char *dir = make_dir(), *err = NULL, row[200];
	size_t rec;
	int n = 0;

	memset(row, 'x', sizeof row);
	rec = spool_record_size(sizeof row);
	c.base = event_base_new();
	sp = spool_new(c.base, dir, 5 * rec + 10, &err);
	assert_non_null(sp);
	/* Counted as soon as queued, not once written. */
	while (spool_append(sp, row, sizeof row, appended, &c) == 0)
		n++;
	assert_int_equal(n, 5);
	assert_false(spool_room(sp, sizeof row));
	run_until(&c, &c.appended, 5);
	assert_int_equal(spool_append(sp, row, sizeof row, appended, &c), -1);
	spool_free(sp);
	event_base_free(c.base);
	remove_dir(dir);
}

/* --- the writer's key table --------------------------------------------------------- */

static void
test_keys_linear(void **state)
{
	enum { N = 5000 };
	struct writer_keys k;
	char id[37];

	assert_int_equal(writer_keys_init(&k, N), 0);
	for (int i = 0; i < N; i++) {
		snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", i);
		assert_int_equal(writer_keys_add(&k, 7, id, i), -1);
	}
	for (int i = 0; i < N; i++) {
		snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", i);
		assert_int_equal(writer_keys_find(&k, 7, id), i);
		/* The same id in another event is another row. */
		assert_int_equal(writer_keys_find(&k, 8, id), -1);
	}
	snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", 42);
	assert_int_equal(writer_keys_add(&k, 7, id, N), 42);
	/* Matching N rows against N results costs about N comparisons, not
	 * N * N / 2 (12.5 million here). */
	assert_true(k.probes < 4ul * N);
	writer_keys_free(&k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32c),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_torn_tail),
		cmocka_unit_test(test_corrupt_middle),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_recovery),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_keys_linear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
