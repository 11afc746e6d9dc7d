/*
 * Unit tests of daemon/code_hash.c (the matching code's answers and their
 * keyed hashes) and of submission_seal_code.  The expected MACs were
 * computed independently with
 *   printf 'belong-code\0%s\0%s\0%s' 7 guardian_initial Ñ |
 *   openssl dgst -sha256 -hmac '0123456789abcdef0123456789abcdef'
 * (and likewise for the other two).
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "code_hash.h"
#include "submission.h"

#define KEY "0123456789abcdef0123456789abcdef"
#define MAC_7_GUARDIAN_ENYE \
	"fe8ceddeb309d3b817939ec045074dc9ab3283c5a9beebffa05d9db50f35814d"
#define MAC_7_MONTH_12 \
	"a4c9796e9ae5bf3b7d07b8954fcc79c389a8e345a632ca408cbb7b6697f4792a"
#define MAC_1_SIBLINGS_5 \
	"0177b25fab6a2f23434e2a87c3052a59a4a09071a828cbec9b4064398e092a6d"

static struct token_key
test_key(void)
{
	struct token_key k;

	memcpy(k.bytes, KEY, 32);
	k.len = 32;
	return k;
}

static void
hex(const unsigned char mac[CODE_MAC_LEN], char out[2 * CODE_MAC_LEN + 1])
{
	for (int i = 0; i < CODE_MAC_LEN; i++)
		snprintf(out + 2 * i, 3, "%02x", mac[i]);
}

static int
parse(enum code_element e, const char *v)
{
	const char *why;

	return code_value_parse(e, v, strlen(v), &why);
}

static void
test_values(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(parse(CODE_BIRTH_MONTH, "1"), 1);
	assert_int_equal(parse(CODE_BIRTH_MONTH, "12"), 12);
	assert_int_equal(parse(CODE_BIRTH_MONTH, "dk"), CODE_DK);
	assert_int_equal(parse(CODE_OLDER_SIBLINGS, "0"), 1);
	assert_int_equal(parse(CODE_OLDER_SIBLINGS, "5+"), 6);
	/* Letters in either case; Ñ composed or not. */
	assert_int_equal(parse(CODE_GUARDIAN_INITIAL, "a"), 1);
	assert_int_equal(parse(CODE_GUARDIAN_INITIAL, "N"), 14);
	assert_int_equal(parse(CODE_GUARDIAN_INITIAL, "Ñ"), 15);
	assert_int_equal(parse(CODE_GUARDIAN_INITIAL, "ñ"), 15);
	assert_int_equal(parse(CODE_GUARDIAN_INITIAL, "n\xcc\x83"), 15);
	assert_int_equal(parse(CODE_BIRTH_TOWN_INITIAL, "z"), 27);
	/* Not answers. */
	static const struct { enum code_element e; const char *v; } bad[] = {
		{ CODE_BIRTH_MONTH, "0" }, { CODE_BIRTH_MONTH, "13" },
		{ CODE_BIRTH_MONTH, "03" }, { CODE_BIRTH_MONTH, "1.5" },
		{ CODE_BIRTH_MONTH, " 3" }, { CODE_BIRTH_MONTH, "" },
		{ CODE_BIRTH_MONTH, "DK" }, { CODE_BIRTH_MONTH, "March" },
		{ CODE_OLDER_SIBLINGS, "5" }, { CODE_OLDER_SIBLINGS, "-1" },
		{ CODE_GUARDIAN_INITIAL, "AB" }, { CODE_GUARDIAN_INITIAL, "1" },
		{ CODE_GUARDIAN_INITIAL, "É" }, { CODE_GUARDIAN_INITIAL, "ñn" },
		{ CODE_GUARDIAN_INITIAL, "\xc3" }, { CODE_BIRTH_TOWN_INITIAL, "'" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(code_value_parse(bad[i].e, bad[i].v,
		    strlen(bad[i].v), &why), 0);
		/* The reason names what is wanted, never the value given. */
		assert_non_null(why);
		if (strlen(bad[i].v) > 1)
			assert_null(strstr(why, bad[i].v));
	}
	/* A NUL inside is no answer: lengths, not C strings. */
	assert_int_equal(code_value_parse(CODE_BIRTH_MONTH, "1\0", 2, &why), 0);
	/* Numbers: for the month and the siblings only. */
	assert_int_equal(code_value_number(CODE_BIRTH_MONTH, 3, &why), 3);
	assert_int_equal(code_value_number(CODE_OLDER_SIBLINGS, 0, &why), 1);
	assert_int_equal(code_value_number(CODE_OLDER_SIBLINGS, 5, &why), 0);
	assert_int_equal(code_value_number(CODE_BIRTH_MONTH, 1.5, &why), 0);
	assert_int_equal(code_value_number(CODE_BIRTH_MONTH, NAN, &why), 0);
	assert_int_equal(code_value_number(CODE_BIRTH_MONTH, 1e300, &why), 0);
	assert_int_equal(code_value_number(CODE_GUARDIAN_INITIAL, 1, &why), 0);
	assert_int_equal(code_element_index("older_siblings"), CODE_OLDER_SIBLINGS);
	assert_int_equal(code_element_index("shoe_size"), -1);
}

static void
test_hash_matches_openssl(void **state)
{
	struct token_key k = test_key();
	unsigned char mac[CODE_MAC_LEN], again[CODE_MAC_LEN];
	char h[2 * CODE_MAC_LEN + 1];

	(void)state;
	assert_int_equal(code_hash(&k, 7, CODE_GUARDIAN_INITIAL,
	    parse(CODE_GUARDIAN_INITIAL, "ñ"), mac), 0);
	hex(mac, h);
	assert_string_equal(h, MAC_7_GUARDIAN_ENYE);
	assert_int_equal(code_hash(&k, 7, CODE_BIRTH_MONTH, 12, mac), 0);
	hex(mac, h);
	assert_string_equal(h, MAC_7_MONTH_12);
	assert_int_equal(code_hash(&k, 1, CODE_OLDER_SIBLINGS,
	    parse(CODE_OLDER_SIBLINGS, "5+"), mac), 0);
	hex(mac, h);
	assert_string_equal(h, MAC_1_SIBLINGS_5);
	/* Keyed by the program and the element. */
	assert_int_equal(code_hash(&k, 8, CODE_BIRTH_MONTH, 12, again), 0);
	assert_int_not_equal(memcmp(mac, again, CODE_MAC_LEN), 0);
	assert_int_equal(code_hash(&k, 7, CODE_GUARDIAN_INITIAL, 15, mac), 0);
	assert_int_equal(code_hash(&k, 7, CODE_BIRTH_TOWN_INITIAL, 15, again), 0);
	assert_int_not_equal(memcmp(mac, again, CODE_MAC_LEN), 0);
	/* No hash of what is not an answer. */
	assert_int_equal(code_hash(&k, 7, CODE_BIRTH_MONTH, 0, mac), -1);
	assert_int_equal(code_hash(&k, 7, CODE_BIRTH_MONTH, 13, mac), -1);
	assert_int_equal(code_hash(&k, 7, CODE_BIRTH_MONTH, CODE_DK, mac), -1);
	assert_int_equal(code_hash(&k, 0, CODE_BIRTH_MONTH, 1, mac), -1);
}

static void
test_seal(void **state)
{
	struct token_key k = test_key();
	struct submission s;
	struct submission_errors errs;
	char h[2 * CODE_MAC_LEN + 1];

	(void)state;
	submission_init(&s);
	errs.n = 0;
	s.code_given = true;
	s.code[CODE_BIRTH_MONTH] = 12;
	s.code[CODE_GUARDIAN_INITIAL] = CODE_DK;
	assert_int_equal(submission_seal_code(&s, 7, &k, &errs), 0);
	assert_int_equal(errs.n, 0);
	assert_true(s.code_row);
	assert_true(s.code_set[CODE_BIRTH_MONTH]);
	assert_false(s.code_set[CODE_GUARDIAN_INITIAL]);
	assert_false(s.code_set[CODE_OLDER_SIBLINGS]);
	hex(s.code_mac[CODE_BIRTH_MONTH], h);
	assert_string_equal(h, MAC_7_MONTH_12);
	/* The answers are gone. */
	for (int e = 0; e < CODE_COUNT; e++)
		assert_int_equal(s.code[e], CODE_NOT_ANSWERED);
	submission_clear(&s);

	/* Nothing answered: no row. */
	submission_init(&s);
	assert_int_equal(submission_seal_code(&s, 7, &k, &errs), 0);
	assert_false(s.code_row);
	submission_clear(&s);

	/* With other errors the answers stay, for the form. */
	submission_init(&s);
	errs.n = 1;
	s.code_given = true;
	s.code[CODE_BIRTH_MONTH] = 3;
	assert_int_equal(submission_seal_code(&s, 7, &k, &errs), 0);
	assert_int_equal(errs.n, 1);
	assert_int_equal(s.code[CODE_BIRTH_MONTH], 3);
	assert_false(s.code_row);
	submission_clear(&s);

	/* An event in no pre/post program refuses a code, and forgets it. */
	submission_init(&s);
	errs.n = 0;
	s.code_given = true;
	s.code[CODE_BIRTH_MONTH] = 3;
	assert_int_equal(submission_seal_code(&s, 0, &k, &errs), 0);
	assert_int_equal(errs.n, 1);
	assert_string_equal(errs.e[0].field, "code");
	assert_int_equal(errs.e[0].problem, SUBMISSION_INVALID);
	assert_int_equal(s.code[CODE_BIRTH_MONTH], CODE_NOT_ANSWERED);
	assert_false(s.code_row);
	submission_clear(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_hash_matches_openssl),
		cmocka_unit_test(test_seal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
