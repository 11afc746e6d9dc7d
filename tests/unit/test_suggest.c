/* Unit tests of cli/suggest.c: the nearest command name for a typo. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "suggest.h"

static const char *const commands[] = {
	"db", "event", "instrument", "draw", "quotes", "report", "trend",
	"reach", "reliability", "plot", "benchmark", "export", "rollup",
	"board", "help", "import",
};

static const char *
nearest(const char *word, const char *const *names, size_t n)
{
	struct suggest s;

	suggest_init(&s, word);
	for (size_t i = 0; i < n; i++)
		suggest_add(&s, names[i]);
	return suggest_result(&s);
}

#define NEAREST(w) nearest(w, commands, sizeof commands / sizeof commands[0])

static void
test_distance(void **state)
{
	(void)state;
	assert_int_equal(suggest_distance("", ""), 0);
	assert_int_equal(suggest_distance("event", "event"), 0);
	assert_int_equal(suggest_distance("", "abc"), 3);
	assert_int_equal(suggest_distance("abc", ""), 3);
	assert_int_equal(suggest_distance("evnet", "event"), 1);	/* swap */
	assert_int_equal(suggest_distance("lsit", "list"), 1);
	assert_int_equal(suggest_distance("evnt", "event"), 1);		/* deletion */
	assert_int_equal(suggest_distance("eventt", "event"), 1);	/* insertion */
	assert_int_equal(suggest_distance("evant", "event"), 1);	/* substitution */
	assert_int_equal(suggest_distance("kitten", "sitting"), 3);
	assert_int_equal(suggest_distance("ca", "abc"), 3);		/* OSA, not full DL */
	/* Symmetric. */
	assert_int_equal(suggest_distance("report", "repot"),
	    suggest_distance("repot", "report"));
}

static void
test_too_long(void **state)
{
	char big[SUGGEST_MAX_LEN + 2];

	(void)state;
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(suggest_distance(big, "a"), -1);
	assert_int_equal(suggest_distance("a", big), -1);
	assert_null(NEAREST(big));
	big[SUGGEST_MAX_LEN] = '\0';
	assert_int_equal(suggest_distance(big, big), 0);
}

static void
test_suggestions(void **state)
{
	(void)state;
	assert_string_equal(NEAREST("evnet"), "event");
	assert_string_equal(NEAREST("evnt"), "event");
	assert_string_equal(NEAREST("repotr"), "report");
	assert_string_equal(NEAREST("benchmrak"), "benchmark");
	assert_string_equal(NEAREST("hepl"), "help");
	assert_string_equal(NEAREST("Event"), "event");
	assert_string_equal(NEAREST("rxach"), "reach");
	/* A unique prefix, however far, before a name 2 away ("help"). */
	assert_string_equal(NEAREST("reli"), "reliability");
	assert_string_equal(NEAREST("instr"), "instrument");
}

static void
test_no_suggestion(void **state)
{
	static const char *const subs[] = { "add", "list", "show" };

	(void)state;
	assert_null(NEAREST("xyzzy"));
	assert_null(NEAREST(""));
	assert_null(NEAREST("zz"));		/* as far as "db" is long */
	assert_null(NEAREST("re"));		/* prefix of four */
	assert_null(NEAREST("completelydifferent"));
	/* Subcommands: the same rules over another list. */
	assert_string_equal(nearest("ad", subs, 3), "add");
	assert_string_equal(nearest("lsit", subs, 3), "list");
	assert_string_equal(nearest("sohw", subs, 3), "show");
	assert_null(nearest("bogus", subs, 3));
}

static void
test_ties(void **state)
{
	static const char *const names[] = { "cat", "car", "cab" };

	(void)state;
	/* "ca?" : "cax" is 1 from all three: say nothing rather than guess. */
	assert_null(nearest("cax", names, 3));
	assert_string_equal(nearest("catt", names, 3), "cat");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_suggestions),
		cmocka_unit_test(test_no_suggestion),
		cmocka_unit_test(test_ties),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
