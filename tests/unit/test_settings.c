/*
 * Unit tests of daemon/settings.c: belongd's option table, listen address
 * parsing, and that the sample config and the man page describe every option.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "settings.h"
#include "testutil.h"

static void
test_defaults_valid(void **state)
{
	struct settings s;
	char *err = NULL;

	assert_int_equal(settings_load(&s, NULL, NULL, 0, &err), 0);
	assert_string_equal(s.listen, "127.0.0.1:8080");
	assert_int_equal(s.pool_size, 2);
	assert_int_equal(s.max_body_bytes, 16384);
	assert_null(s.dsn);
	settings_free(&s);
}

static void
test_overrides_and_validation(void **state)
{
	struct settings s;
	char *err = NULL;
	struct settings_override ok[] = { { "listen", "[::1]:0" }, { "pool_size", "4" } };
	struct settings_override bad_listen[] = { { "listen", "localhost" } };
	struct settings_override bad_level[] = { { "log_level", "loud" } };
	struct settings_override bad_pool[] = { { "pool_size", "0" } };

	assert_int_equal(settings_load(&s, NULL, ok, 2, &err), 0);
	assert_string_equal(s.listen, "[::1]:0");
	assert_int_equal(s.pool_size, 4);
	settings_free(&s);

	assert_int_equal(settings_load(&s, NULL, bad_listen, 1, &err), -1);
	assert_string_equal(err, "listen must be HOST:PORT or [IPV6]:PORT, not \"localhost\"");
	free(err);
	assert_int_equal(settings_load(&s, NULL, bad_level, 1, &err), -1);
	assert_string_equal(err, "log_level must be debug, info, warn or error");
	free(err);
	assert_int_equal(settings_load(&s, NULL, bad_pool, 1, &err), -1);
	assert_string_equal(err, "command line: pool_size must be an integer from 1 to 64");
	free(err);
}

static void
test_parse_listen(void **state)
{
	char *host;
	unsigned short port;

	assert_int_equal(settings_parse_listen("127.0.0.1:8080", &host, &port), 0);
	assert_string_equal(host, "127.0.0.1");
	assert_int_equal(port, 8080);
	free(host);
	assert_int_equal(settings_parse_listen("[::1]:443", &host, &port), 0);
	assert_string_equal(host, "::1");
	assert_int_equal(port, 443);
	free(host);
	const char *bad[] = { "8080", ":8080", "host:", "host:65536", "host:-1",
	    "[::1]8080", "[::1", "host:80x" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(settings_parse_listen(bad[i], &host, &port), -1);
}

/* Every option is documented in the sample config and the man page. */
static void
test_every_option_documented(void **state)
{
	char *sample = testutil_slurp(SRCDIR "/daemon/belongd.conf.sample");
	char *man = testutil_slurp(SRCDIR "/daemon/belongd.8");
	char key[128];

	for (const struct conf_option *o = settings_options; o->name != NULL; o++) {
		snprintf(key, sizeof key, "\n# %s = ", o->name);
		if (strstr(sample, key) == NULL)
			fail_msg("belongd.conf.sample does not describe %s", o->name);
		snprintf(key, sizeof key, ".B %s\n", o->name);
		if (strstr(man, key) == NULL)
			fail_msg("belongd.8 does not describe %s", o->name);
	}
	free(sample);
	free(man);
}

/* The sample config, as shipped, is itself valid. */
static void
test_sample_loads(void **state)
{
	struct settings s;
	char *err = NULL;

	if (settings_load(&s, SRCDIR "/daemon/belongd.conf.sample", NULL, 0, &err) != 0)
		fail_msg("%s", err);
	settings_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_valid),
		cmocka_unit_test(test_overrides_and_validation),
		cmocka_unit_test(test_parse_listen),
		cmocka_unit_test(test_every_option_documented),
		cmocka_unit_test(test_sample_loads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
