/*
 * Unit tests of daemon/token.c (signed form tokens) and daemon/ratelimit.c.
 * The expected MAC was computed independently with
 *   printf '2.7.1700000000.0f8fad5b-d9cb-469f-a165-70867728950e' |
 *   openssl dgst -sha256 -hmac '0123456789abcdef0123456789abcdef'
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

#include "netaddr.h"
#include "ratelimit.h"
#include "token.h"

#define KEY "0123456789abcdef0123456789abcdef"
#define MAC "82cce79676078bccbfda2479c1dc977d54a198230f1560df9491ab7efc8c86a0"
#define ID "0f8fad5b-d9cb-469f-a165-70867728950e"
#define ID2 "7c9e6679-7425-40de-944b-e07fc1f90ae7"
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

	token_issue(&k, 7, ID, T0, tok);
	assert_string_equal(tok, "2.7.1700000000." ID "." MAC);
}

static void
test_check(void **state)
{
	struct token_key k = test_key(), other = test_key();
	char tok[TOKEN_MAX];

	token_issue(&k, 7, ID, T0, tok);
	assert_int_equal(token_check(&k, tok, 7, ID, T0, 3600), TOKEN_OK);
	assert_int_equal(token_check(&k, tok, 7, ID, T0 + 3600, 3600), TOKEN_OK);
	assert_int_equal(token_check(&k, tok, 7, ID, T0 + 3601, 3600), TOKEN_EXPIRED);
	assert_int_equal(token_check(&k, tok, 8, ID, T0, 3600), TOKEN_OTHER_EVENT);
	/* Issued far in the future: not ours. */
	assert_int_equal(token_check(&k, tok, 7, ID, T0 - 3600, 3600), TOKEN_FORGED);
	other.bytes[0] ^= 1;
	assert_int_equal(token_check(&other, tok, 7, ID, T0, 3600), TOKEN_FORGED);
}

/* One token, one response id: replaying it for other ids is refused. */
static void
test_bound_id(void **state)
{
	struct token_key k = test_key();
	char tok[TOKEN_MAX], forged[TOKEN_MAX];

	token_issue(&k, 7, ID, T0, tok);
	assert_int_equal(token_check(&k, tok, 7, ID2, T0, 3600), TOKEN_OTHER_ID);
	assert_int_equal(token_check(&k, tok, 7, "", T0, 3600), TOKEN_OTHER_ID);
	/* NULL: a form that carries no response (the prize draw). */
	assert_int_equal(token_check(&k, tok, 7, NULL, T0, 3600), TOKEN_OK);
	/* The id is signed: swapping it in the token breaks the MAC. */
	snprintf(forged, sizeof forged, "2.7.1700000000." ID2 ".%s",
	    strrchr(tok, '.') + 1);
	assert_int_equal(token_check(&k, forged, 7, ID2, T0, 3600), TOKEN_FORGED);
	/* A token for no response is good for none. */
	token_issue(&k, 7, TOKEN_NO_ID, T0, tok);
	assert_int_equal(token_check(&k, tok, 7, NULL, T0, 3600), TOKEN_OK);
	assert_int_equal(token_check(&k, tok, 7, ID, T0, 3600), TOKEN_OTHER_ID);
	/* Something else as the id is signed as none. */
	token_issue(&k, 7, "x'; --", T0, tok);
	assert_non_null(strstr(tok, ".-."));
}

static void
test_forged(void **state)
{
	struct token_key k = test_key();
	const char *bad[] = {
		"", "2", "2.7", "2.7.1700000000", "2.7.1700000000." ID,
		"2.7.1700000000." ID ".",
		"2.7.1700000000." MAC,			/* no id */
		"1.7.1700000000." ID "." MAC,		/* other version */
		"2.8.1700000000." ID "." MAC,		/* event changed */
		"2.7.1700000001." ID "." MAC,		/* time changed */
		"2.7.1700000000." ID2 "." MAC,		/* id changed */
		"2.7.1700000000." ID "." MAC "0",	/* too long */
		"2.7.1700000000." ID ".82CCE79676078BCCBFDA2479C1DC977D54A198230F1560DF9491AB7EFC8C86A0",
		"2.-7.1700000000." ID "." MAC,
		"2.7.+1700000000." ID "." MAC,
		"2.7. 1700000000." ID "." MAC,
		"2.7.99999999999999999999." ID "." MAC,
		"2.7.1700000000.0F8FAD5B-D9CB-469F-A165-70867728950E." MAC,
		"'; drop table response; --",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (token_check(&k, bad[i], 7, ID, T0, 3600) != TOKEN_FORGED)
			fail_msg("accepted: %s", bad[i]);
	assert_int_equal(token_check(&k, NULL, 7, ID, T0, 3600), TOKEN_FORGED);
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

/* The table holds at most its cap; a new client beyond it makes it forget
 * the one used longest ago (whose bucket then starts full again), never
 * one used since. */
static void
test_ratelimit_cap(void **state)
{
	struct ratelimit *rl = ratelimit_new(2, 0.001);
	char addr[32];
	int wait = 0;

	ratelimit_set_max(rl, 3);
	assert_true(ratelimit_take(rl, "10.0.0.1", &wait));
	assert_true(ratelimit_take(rl, "10.0.0.1", &wait));
	assert_false(ratelimit_take(rl, "10.0.0.1", &wait));	/* empty */
	assert_true(ratelimit_take(rl, "10.0.0.2", &wait));
	assert_true(ratelimit_take(rl, "10.0.0.3", &wait));
	assert_true(ratelimit_take(rl, "10.0.0.2", &wait));	/* used again */
	assert_int_equal(ratelimit_count(rl), 3);
	/* A fourth: .1 is the oldest and goes; .2 and .3 stay. */
	assert_true(ratelimit_take(rl, "10.0.0.4", &wait));
	assert_int_equal(ratelimit_count(rl), 3);
	assert_false(ratelimit_take(rl, "10.0.0.2", &wait));	/* remembered: empty */
	assert_true(ratelimit_take(rl, "10.0.0.1", &wait));	/* forgotten: full */
	assert_int_equal(ratelimit_count(rl), 3);
	/* Many more clients than the cap: the table never grows past it. */
	for (int i = 0; i < 10000; i++) {
		snprintf(addr, sizeof addr, "192.0.%d.%d", i / 250, i % 250);
		(void)ratelimit_take(rl, addr, &wait);
	}
	assert_int_equal(ratelimit_count(rl), 3);
	ratelimit_free(rl);
}

/* An IPv6 client counts by its /64: one home, one bucket. */
static void
test_ratelimit_v6(void **state)
{
	struct ratelimit *rl = ratelimit_new(2, 0.001);
	char key[NETADDR_KEY_MAX];
	int wait = 0;

	assert_true(ratelimit_take(rl, "2001:db8:1:2::1", &wait));
	assert_true(ratelimit_take(rl, "2001:db8:1:2:aaaa:bbbb:cccc:dddd", &wait));
	assert_false(ratelimit_take(rl, "2001:db8:1:2::ffff", &wait));
	assert_true(ratelimit_take(rl, "2001:db8:1:3::1", &wait));
	/* An IPv4-mapped address is the IPv4 client. */
	assert_true(ratelimit_take(rl, "192.0.2.1", &wait));
	assert_true(ratelimit_take(rl, "::ffff:192.0.2.1", &wait));
	assert_false(ratelimit_take(rl, "192.0.2.1", &wait));
	ratelimit_free(rl);
	netaddr_key("2001:db8:1:2:3:4:5:6", key);
	assert_string_equal(key, "2001:db8:1:2::/64");
	netaddr_key("192.0.2.7", key);
	assert_string_equal(key, "192.0.2.7");
}

static void
test_netaddr_list(void **state)
{
	struct netaddr_list l;
	struct netaddr a;
	char *err = NULL;

	assert_int_equal(netaddr_list_parse("127.0.0.1, 10.0.0.0/8 fd00::/8", &l,
	    &err), 0);
	assert_int_equal(l.n, 3);
	assert_true(netaddr_parse("10.200.1.2", 10, &a));
	assert_true(netaddr_list_has(&l, &a));
	assert_true(netaddr_parse("11.0.0.1", 8, &a));
	assert_false(netaddr_list_has(&l, &a));
	assert_true(netaddr_parse("[fd12::1]:443", 13, &a));
	assert_true(netaddr_list_has(&l, &a));
	assert_true(netaddr_parse("\"127.0.0.1:80\"", 14, &a));
	assert_true(netaddr_list_has(&l, &a));
	netaddr_list_free(&l);
	assert_int_equal(netaddr_list_parse("", &l, &err), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(netaddr_list_parse("10.0.0.0/33", &l, &err), -1);
	free(err);
	assert_int_equal(netaddr_list_parse("proxy.example", &l, &err), -1);
	free(err);
	assert_false(netaddr_parse("unknown", 7, &a));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_issue_matches_openssl),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_bound_id),
		cmocka_unit_test(test_forged),
		cmocka_unit_test(test_key_file),
		cmocka_unit_test(test_ratelimit),
		cmocka_unit_test(test_ratelimit_cap),
		cmocka_unit_test(test_ratelimit_v6),
		cmocka_unit_test(test_netaddr_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
