/* Unit tests of lib/utf8.c: strict UTF-8 validation and length. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "utf8.h"

struct bytes {
	const char *what;
	const char *s;
	size_t len;
};

#define B(what, lit) { what, lit, sizeof lit - 1 }

static void
test_valid(void **state)
{
	static const struct bytes ok[] = {
		B("empty", ""),
		B("ascii", "I felt like I belonged here."),
		B("spanish", "¿Qué tal te fue? Sí, año, niño"),
		B("U+0080 (C2 80)", "\xc2\x80"),
		B("U+07FF (DF BF)", "\xdf\xbf"),
		B("U+0800 (E0 A0 80)", "\xe0\xa0\x80"),
		B("U+D7FF (ED 9F BF)", "\xed\x9f\xbf"),
		B("U+E000 (EE 80 80)", "\xee\x80\x80"),
		B("U+FFFD", "\xef\xbf\xbd"),
		B("U+FFFF (EF BF BF)", "\xef\xbf\xbf"),
		B("U+10000 (F0 90 80 80)", "\xf0\x90\x80\x80"),
		B("U+1F600 emoji", "\xf0\x9f\x98\x80"),
		B("U+10FFFF (F4 8F BF BF)", "\xf4\x8f\xbf\xbf"),
		B("DEL", "\x7f"),
		B("control characters other than NUL", "\x01\t\n\x1f"),
		B("mixed", "a\xc3\xa9" "b\xe2\x82\xac" "c\xf0\x9f\x98\x80" "d"),
	};

	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (!utf8_valid(ok[i].s, ok[i].len))
			fail_msg("%s: refused", ok[i].what);
	/* A length of zero looks at nothing. */
	assert_true(utf8_valid("\xff", 0));
	assert_true(utf8_valid(NULL, 0));
}

static void
test_invalid(void **state)
{
	static const struct bytes bad[] = {
		B("overlong NUL (C0 80)", "\xc0\x80"),
		B("overlong '/' (C1 AF)", "\xc1\xaf"),
		B("overlong 3-byte (E0 80 80)", "\xe0\x80\x80"),
		B("overlong U+07FF (E0 9F BF)", "\xe0\x9f\xbf"),
		B("overlong 4-byte (F0 80 80 80)", "\xf0\x80\x80\x80"),
		B("overlong U+FFFF (F0 8F BF BF)", "\xf0\x8f\xbf\xbf"),
		B("surrogate U+D800 (ED A0 80)", "\xed\xa0\x80"),
		B("surrogate U+DBFF (ED AF BF)", "\xed\xaf\xbf"),
		B("surrogate U+DC00 (ED B0 80)", "\xed\xb0\x80"),
		B("surrogate U+DFFF (ED BF BF)", "\xed\xbf\xbf"),
		B("surrogate pair as CESU-8", "\xed\xa0\xbd\xed\xb8\x80"),
		B("U+110000 (F4 90 80 80)", "\xf4\x90\x80\x80"),
		B("F5 lead", "\xf5\x80\x80\x80"),
		B("F8 5-byte lead", "\xf8\x88\x80\x80\x80"),
		B("FC 6-byte lead", "\xfc\x84\x80\x80\x80\x80"),
		B("FE", "\xfe"),
		B("FF", "\xff"),
		B("lone continuation 80", "\x80"),
		B("lone continuation BF", "\xbf"),
		B("continuation after ASCII", "abc\x80"),
		B("extra continuation", "\xc3\xa9\xa9"),
		B("truncated E2 82", "\xe2\x82"),
		B("truncated C3", "\xc3"),
		B("truncated F0 9F 98", "\xf0\x9f\x98"),
		B("truncated then ASCII", "\xe2\x82" "a"),
		B("lead then lead", "\xc3\xc3\xa9"),
		B("4-byte with ASCII inside", "\xf0\x9f\x41\x80"),
		B("NUL", "\0"),
		B("NUL inside", "ab\0cd"),
		B("NUL after multi-byte", "\xc3\xa9\0"),
		B("latin-1 e-acute", "caf\xe9"),
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (utf8_valid(bad[i].s, bad[i].len))
			fail_msg("%s: accepted", bad[i].what);
}

/* The length bounds the bytes read: a valid prefix of a bad string. */
static void
test_valid_prefix(void **state)
{
	const char *s = "ok\xc3\xa9\xe2\x82";

	assert_true(utf8_valid(s, 4));
	assert_false(utf8_valid(s, 3));
	assert_false(utf8_valid(s, 6));
	/* A sequence cut by len is truncated even if bytes follow it. */
	assert_false(utf8_valid("\xe2\x82\xac", 2));
	assert_true(utf8_valid("\xe2\x82\xac", 3));
}

/* Every code point from U+0000 to U+10FFFF, encoded, is accepted
 * exactly when it is neither NUL nor a surrogate. */
static void
test_every_code_point(void **state)
{
	unsigned char b[4];
	size_t n;
	bool want;

	for (unsigned long cp = 0; cp <= 0x10ffff; cp++) {
		if (cp < 0x80) {
			b[0] = (unsigned char)cp;
			n = 1;
		} else if (cp < 0x800) {
			b[0] = (unsigned char)(0xc0 | cp >> 6);
			b[1] = (unsigned char)(0x80 | (cp & 0x3f));
			n = 2;
		} else if (cp < 0x10000) {
			b[0] = (unsigned char)(0xe0 | cp >> 12);
			b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
			b[2] = (unsigned char)(0x80 | (cp & 0x3f));
			n = 3;
		} else {
			b[0] = (unsigned char)(0xf0 | cp >> 18);
			b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
			b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
			b[3] = (unsigned char)(0x80 | (cp & 0x3f));
			n = 4;
		}
		want = cp != 0 && (cp < 0xd800 || cp > 0xdfff);
		if (utf8_valid((const char *)b, n) != want)
			fail_msg("U+%04lX: got %d", cp, !want);
	}
}

static void
test_length(void **state)
{
	assert_int_equal(utf8_length(""), 0);
	assert_int_equal(utf8_length("abc"), 3);
	assert_int_equal(utf8_length("\xc3\xa9"), 1);
	assert_int_equal(utf8_length("¿Qué tal te fue?"), 16);
	assert_int_equal(utf8_length("\xe2\x82\xac" "5"), 2);
	assert_int_equal(utf8_length("\xf0\x9f\x98\x80\xf0\x9f\x98\x80"), 2);
	assert_int_equal(utf8_length("a\xc3\xa9" "b\xe2\x82\xac" "c\xf0\x9f\x98\x80" "d"), 7);
	/* Length is what max_length limits; bytes would be stricter. */
	assert_int_equal(strlen("niño"), 5);
	assert_int_equal(utf8_length("niño"), 4);
}

/* \u0000 inside a JSON string, and only there, counts. */
static void
test_json_has_nul(void **state)
{
#define NUL_IN(s) utf8_json_has_nul(s, sizeof s - 1)
	(void)state;
	assert_true(NUL_IN("{\"a\": \"x\\u0000y\"}"));
	assert_true(NUL_IN("[\"\\u0000\"]"));
	assert_false(NUL_IN("{\"a\": \"x\\u0001\"}"));
	/* An escaped backslash, then the letters u0000. */
	assert_false(NUL_IN("[\"\\\\u0000\"]"));
	/* Outside a string (not JSON, but not a NUL in a text either). */
	assert_false(NUL_IN("\\u0000"));
	/* Cut short: no six characters left. */
	assert_false(utf8_json_has_nul("[\"\\u000", 7));
	assert_false(NUL_IN(""));
#undef NUL_IN
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_valid_prefix),
		cmocka_unit_test(test_every_code_point),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_json_has_nul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
