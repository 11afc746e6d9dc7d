/*
 * Unit tests of daemon/token.c (signed form tokens) and daemon/ratelimit.c.
 * The expected MAC was computed independently with
 *   printf '1.7.1700000000' | openssl dgst -sha256 -hmac '0123456789abcdef0123456789abcdef'
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <cmocka.h>

#include "ratelimit.h"
#include "token.h"

#define KEY "0123456789abcdef0123456789abcdef"
#define MAC "562f1284f5bc48a1de20f1183ee3370a950a5deadb324926eb5333bada702285"
#define T0 1700000000

static struct token_key
test_key(void)
{
	struct token_key k;

	memcpy(k.bytes, KEY, 32);
	k.len = 32;
	return k;
}

static void
test_issue_matches_openssl(void **state)
{
	struct token_key k = test_key();
	char tok[TOKEN_MAX];

	token_issue(&k, 7, T0, tok);
	assert_string_equal(tok, "1.7.1700000000." MAC);
}

static void
test_check(void **state)
{
	struct token_key k = test_key(), other = test_key();
	char tok[TOKEN_MAX];

	token_issue(&k, 7, T0, tok);
	assert_int_equal(token_check(&k, tok, 7, T0, 3600), TOKEN_OK);
	assert_int_equal(token_check(&k, tok, 7, T0 + 3600, 3600), TOKEN_OK);
	assert_int_equal(token_check(&k, tok, 7, T0 + 3601, 3600), TOKEN_EXPIRED);
	assert_int_equal(token_check(&k, tok, 8, T0, 3600), TOKEN_OTHER_EVENT);
	/* Issued far in the future: not ours. */
	assert_int_equal(token_check(&k, tok, 7, T0 - 3600, 3600), TOKEN_FORGED);
	other.bytes[0] ^= 1;
	assert_int_equal(token_check(&other, tok, 7, T0, 3600), TOKEN_FORGED);
}

static void
test_forged(void **state)
{
	struct token_key k = test_key();
	const char *bad[] = {
		"", "1", "1.7", "1.7.1700000000", "1.7.1700000000.",
		"2.7.1700000000." MAC,			/* other version */
		"1.8.1700000000." MAC,			/* event changed */
		"1.7.1700000001." MAC,			/* time changed */
		"1.7.1700000000." MAC "0",		/* too long */
		"1.7.1700000000.562F1284F5BC48A1DE20F1183EE3370A950A5DEADB324926EB5333BADA702285",
		"1.-7.1700000000." MAC,
		"1.7.+1700000000." MAC,
		"1.7. 1700000000." MAC,
		"1.7.99999999999999999999." MAC,
		"'; drop table response; --",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (token_check(&k, bad[i], 7, T0, 3600) != TOKEN_FORGED)
			fail_msg("accepted: %s", bad[i]);
	assert_int_equal(token_check(&k, NULL, 7, T0, 3600), TOKEN_FORGED);
}

static void
test_key_file(void **state)
{
	char path[] = "/tmp/belong-test-key.XXXXXX";
	struct token_key k, ref = test_key();
	char *err = NULL;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, KEY "\n", 33), 33);
	close(fd);
	assert_int_equal(token_key_load(&k, path, &err), 0);
	assert_int_equal(k.len, 32);
	assert_memory_equal(k.bytes, ref.bytes, 32);
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, "short\n", 6), 6);
	close(fd);
	assert_int_equal(token_key_load(&k, path, &err), -1);
	assert_non_null(strstr(err, "needs at least 16 bytes"));
	free(err);
	unlink(path);
	assert_int_equal(token_key_load(&k, path, &err), -1);
	assert_non_null(strstr(err, "No such file"));
	free(err);
}

/* Thirty phones behind one address within a minute get through; the
 * 121st request of a burst does not, and waits about half a second. */
static void
test_ratelimit(void **state)
{
	struct ratelimit *rl = ratelimit_new(120, 2);
	int wait = 0;

	for (int i = 0; i < 120; i++)
		assert_true(ratelimit_take(rl, "10.0.0.1", &wait));
	assert_false(ratelimit_take(rl, "10.0.0.1", &wait));
	assert_int_equal(wait, 1);
	/* Another address has its own bucket. */
	assert_true(ratelimit_take(rl, "::1", &wait));
	ratelimit_set(rl, 120, 1000);
	usleep(20000);	/* 1000/s: 20 tokens back */
	for (int i = 0; i < 10; i++)
		assert_true(ratelimit_take(rl, "10.0.0.1", &wait));
	ratelimit_free(rl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_issue_matches_openssl),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_forged),
		cmocka_unit_test(test_key_file),
		cmocka_unit_test(test_ratelimit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
