/* Unit tests of lib/lang.c: language codes and Accept-Language. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lang.h"

static void
test_code_and_parse(void **state)
{
	static const char *const bad[] = {
		"", "EN", "Es", "en-US", "es ", " es", "fr", "e", "english",
	};
	enum lang l = LANG_COUNT;

	assert_string_equal(lang_code(LANG_EN), "en");
	assert_string_equal(lang_code(LANG_ES), "es");
	assert_int_equal(lang_parse("en", &l), 0);
	assert_int_equal(l, LANG_EN);
	assert_int_equal(lang_parse("es", &l), 0);
	assert_int_equal(l, LANG_ES);
	/* Exactly the code: a failed parse leaves the output alone. */
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		l = LANG_COUNT;
		assert_int_equal(lang_parse(bad[i], &l), -1);
		assert_int_equal(l, LANG_COUNT);
	}
	assert_int_equal(lang_parse(NULL, &l), -1);
	/* Every code parses back to its language. */
	for (int i = 0; i < LANG_COUNT; i++) {
		assert_int_equal(lang_parse(lang_code((enum lang)i), &l), 0);
		assert_int_equal(l, i);
	}
}

static void
test_accept(void **state)
{
	static const struct {
		const char *header;
		enum lang want;
	} cases[] = {
		/* The examples of the brief. */
		{ "es-MX,es;q=0.9,en;q=0.8", LANG_ES },
		{ "fr, en;q=0.5", LANG_EN },
		{ "es;q=0", LANG_EN },
		{ "garbage", LANG_EN },
		{ "", LANG_EN },
		/* The highest q wins, whatever the order. */
		{ "en;q=0.5, es;q=0.6", LANG_ES },
		{ "en;q=0.6, es;q=0.5", LANG_EN },
		{ "fr-CA,fr;q=0.9,es;q=0.3,en;q=0.2", LANG_ES },
		{ "de, es;q=0.001", LANG_ES },
		/* Ties go to the first listed. */
		{ "es, en", LANG_ES },
		{ "en, es", LANG_EN },
		{ "es;q=0.5, en;q=0.5", LANG_ES },
		{ "en;q=0.500, es;q=0.5", LANG_EN },
		/* A region or script subtag still asks for the language. */
		{ "es-419", LANG_ES },
		{ "ES-mx", LANG_ES },
		{ "zh-Hant-TW, es-US;q=0.1", LANG_ES },
		/* A language's best element counts, not its first. */
		{ "es;q=0.1, en;q=0.5, es-MX;q=0.9", LANG_ES },
		/* q=0: not acceptable. */
		{ "es;q=0, en;q=0.1", LANG_EN },
		{ "en;q=0, es;q=0.001", LANG_ES },
		{ "en;q=0.0, es;q=0.000", LANG_EN },
		{ "en;q=0", LANG_EN },
		/* "*" covers the languages nothing else names. */
		{ "*", LANG_EN },
		{ "en;q=0, *", LANG_ES },
		{ "fr, *;q=0.5, en;q=0.4", LANG_ES },
		{ "*;q=0", LANG_EN },
		/* Blanks and case around the parameters. */
		{ "  es ; q=0.9 ,\ten ; Q=0.8 ", LANG_ES },
		{ "en;q=0.1;level=1, es;foo=bar", LANG_ES },
		/* A malformed element is skipped, the rest still counts. */
		{ "es;q=2, en;q=0.1", LANG_EN },
		{ "es;q=.9, en;q=0.1", LANG_EN },
		{ "es;q=0.9999, en;q=0.1", LANG_EN },
		{ "es;q=1.001, en;q=0.1", LANG_EN },
		{ "es;q=1.000, en;q=0.9", LANG_ES },
		{ "es;q=, en;q=0.1", LANG_EN },
		{ "es;q=abc, en;q=0.1", LANG_EN },
		{ "e s, en;q=0.1", LANG_EN },
		{ "es_MX, en;q=0.1", LANG_EN },
		{ "toolonglang, es;q=0.2", LANG_ES },
		{ "es-abcdefghi, en;q=0.1", LANG_EN },
		{ "es-abcdefgh, en;q=0.1", LANG_ES },
		{ "es-, en;q=0.1", LANG_EN },
		{ ",,,es;q=0.3,,", LANG_ES },
		{ ";q=1, es;q=0.3", LANG_ES },
		/* Not the start of a longer tag. */
		{ "esperanto", LANG_EN },
		{ "eng, es;q=0.1", LANG_ES },
		{ ";;;,,,***", LANG_EN },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum lang got = lang_from_accept(cases[i].header);

		if (got != cases[i].want)
			fail_msg("\"%s\": got %s, want %s", cases[i].header,
			    lang_code(got), lang_code(cases[i].want));
	}
	assert_int_equal(lang_from_accept(NULL), LANG_EN);
}

/* A header as long as a client may send reads to its end. */
static void
test_accept_long(void **state)
{
	size_t n = 64 * 1024;
	char *h = malloc(n + 32);

	assert_non_null(h);
	memset(h, ',', n);
	strcpy(h + n, "fr;q=0.9, es;q=0.2");
	assert_int_equal(lang_from_accept(h), LANG_ES);
	free(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code_and_parse),
		cmocka_unit_test(test_accept),
		cmocka_unit_test(test_accept_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
