/*
 * Unit tests of lib/log.c: every log line is written with what a client
 * or a server sent escaped, so one message stays one clean line.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "log.h"

static const char *
escape(const char *in, size_t len)
{
	static char out[256];

	log_escape(in, len, out, sizeof out);
	return out;
}

static void
test_escape(void **state)
{
	assert_string_equal(escape("GET /e/lab 200", 14), "GET /e/lab 200");
	assert_string_equal(escape("a\tb\nc\rd\x1b[2J", 11), "a\\x09b\\x0ac\\x0dd\\x1b[2J");
	assert_string_equal(escape("del\x7f", 4), "del\\x7f");
	assert_string_equal(escape("back\\slash", 10), "back\\\\slash");
	/* Valid UTF-8 stays; bytes that are not UTF-8 are shown. */
	assert_string_equal(escape("caf\xc3\xa9 \xe2\x82\xac", 9), "caf\xc3\xa9 \xe2\x82\xac");
	assert_string_equal(escape("\xff\xc3(", 3), "\\xff\\xc3(");
	assert_string_equal(escape("\xc0\x80", 2), "\\xc0\\x80");	/* overlong NUL */
	assert_string_equal(escape("\xed\xa0\x80", 3), "\\xed\\xa0\\x80");	/* surrogate */
	assert_string_equal(escape("\xe2\x82", 2), "\\xe2\\x82");	/* cut short */
	assert_string_equal(escape("a\0b", 3), "a\\x00b");
}

/* A piece that does not fit is left out whole, and out stays a string. */
static void
test_escape_short(void **state)
{
	char out[6];

	assert_int_equal(log_escape("ab\x01zz", 5, out, sizeof out), 2);
	assert_string_equal(out, "ab");
	assert_int_equal(log_escape("abc", 3, out, 0), 0);
}

/* What log_msg writes: the escaped message on one line. */
static void
test_log_line(void **state)
{
	char path[] = "/tmp/belong-test-log.XXXXXX", line[512];
	int fd = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(log_init("belongd", path), 0);
	log_set_timestamps(true);
	log_info("GET %s 404", "/e/x\x1b]0;owned\x07\tz\xff");
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof line, f));
	assert_non_null(strstr(line, "belongd: info: GET /e/x\\x1b]0;owned\\x07\\x09z\\xff 404\n"));
	assert_null(fgets(line, sizeof line, f));
	fclose(f);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_escape_short),
		cmocka_unit_test(test_log_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
