/* Unit tests of lib/conf.c: the table-driven option parser. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "conf.h"

struct opts {
	char *name;
	long count;
	bool flag;
};

static const struct conf_option table[] = {
	{ "name", CONF_STRING, "default", offsetof(struct opts, name), 0, 0, true, "a name" },
	{ "count", CONF_INT, "5", offsetof(struct opts, count), 1, 10, false, "a count" },
	{ "flag", CONF_BOOL, "off", offsetof(struct opts, flag), 0, 0, true, "a flag" },
	{ NULL, CONF_STRING, NULL, 0, 0, 0, false, NULL },
};

/* Write text to a temporary file; returns its path (caller frees and unlinks). */
static char *
write_temp(const char *text)
{
	char *path = strdup("/tmp/belong-test-conf.XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void
test_defaults(void **state)
{
	struct opts o;
	char *err = NULL;

	assert_int_equal(conf_init(table, &o, &err), 0);
	assert_string_equal(o.name, "default");
	assert_int_equal(o.count, 5);
	assert_false(o.flag);
	conf_free(table, &o);
	assert_null(o.name);
}

static void
test_set_and_ranges(void **state)
{
	struct opts o;
	char *err = NULL;

	assert_int_equal(conf_init(table, &o, &err), 0);
	assert_int_equal(conf_set(table, &o, "count", "10", &err), 0);
	assert_int_equal(o.count, 10);
	/* Out of range, trailing garbage, empty, overflow: refused, value kept. */
	const char *bad[] = { "11", "0", "-3", "5x", "", "99999999999999999999", " 5" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(conf_set(table, &o, "count", bad[i], &err), -1);
		assert_string_equal(err, "count must be an integer from 1 to 10");
		free(err);
		err = NULL;
		assert_int_equal(o.count, 10);
	}
	assert_int_equal(conf_set(table, &o, "flag", "yes", &err), 0);
	assert_true(o.flag);
	assert_int_equal(conf_set(table, &o, "flag", "OFF", &err), 0);
	assert_false(o.flag);
	assert_int_equal(conf_set(table, &o, "flag", "maybe", &err), -1);
	assert_string_equal(err, "flag must be on or off");
	free(err);
	assert_int_equal(conf_set(table, &o, "nosuch", "1", &err), -1);
	assert_string_equal(err, "unknown option: nosuch");
	free(err);
	conf_free(table, &o);
}

static void
test_file(void **state)
{
	struct opts o;
	char *err = NULL;
	char *path = write_temp("# a comment\n\n  name = \"two words # not a comment\"\n"
	    "count=7\n\tflag = on  \n");

	assert_int_equal(conf_init(table, &o, &err), 0);
	assert_int_equal(conf_load_file(table, &o, path, &err), 0);
	assert_string_equal(o.name, "two words # not a comment");
	assert_int_equal(o.count, 7);
	assert_true(o.flag);
	conf_free(table, &o);
	unlink(path);
	free(path);
}

static void
test_file_errors_name_the_line(void **state)
{
	static const struct {
		const char *text;
		const char *suffix;
	} cases[] = {
		{ "name = a\nbogus line\n", ":2: expected key = value" },
		{ "count = 70\n", ":1: count must be an integer from 1 to 10" },
		{ "\n\nwhat = 1\n", ":3: unknown option: what" },
		{ "name = \"unterminated\n", ":1: unterminated quoted value" },
	};
	struct opts o;
	char *err = NULL;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *path = write_temp(cases[i].text);
		size_t plen = strlen(path);

		assert_int_equal(conf_init(table, &o, &err), 0);
		assert_int_equal(conf_load_file(table, &o, path, &err), -1);
		assert_true(strncmp(err, path, plen) == 0);
		assert_string_equal(err + plen, cases[i].suffix);
		free(err);
		err = NULL;
		conf_free(table, &o);
		unlink(path);
		free(path);
	}
	assert_int_equal(conf_init(table, &o, &err), 0);
	assert_int_equal(conf_load_file(table, &o, "/nonexistent/belong.conf", &err), -1);
	assert_string_equal(err, "/nonexistent/belong.conf: No such file or directory");
	free(err);
	conf_free(table, &o);
}

static const char *changed_name;

static void
note_changed(const char *name)
{
	changed_name = name;
}

static void
test_apply_reloadable(void **state)
{
	struct opts cur, fresh;
	char *err = NULL;

	assert_int_equal(conf_init(table, &cur, &err), 0);
	assert_int_equal(conf_init(table, &fresh, &err), 0);
	assert_int_equal(conf_set(table, &fresh, "name", "new", &err), 0);
	assert_int_equal(conf_set(table, &fresh, "count", "9", &err), 0);
	assert_int_equal(conf_set(table, &fresh, "flag", "on", &err), 0);
	conf_apply_reloadable(table, &cur, &fresh, note_changed);
	assert_string_equal(cur.name, "new");
	assert_true(cur.flag);
	/* count cannot be reloaded: kept, and named. */
	assert_int_equal(cur.count, 5);
	assert_string_equal(changed_name, "count");
	conf_free(table, &cur);
	conf_free(table, &fresh);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_set_and_ranges),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_file_errors_name_the_line),
		cmocka_unit_test(test_apply_reloadable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
