/*
 * Unit tests of daemon/board_input.c (what the board's routes check before
 * the database) and lib/board_token.c (sign-in tokens).  The expected
 * hash was computed independently with
 *   printf '00112233445566778899aabbccddeeff' | sha256sum
 * and the form token with
 *   printf 'board-form.00112233445566778899aabbccddeeff' |
 *       openssl dgst -sha256 -hmac '0123456789abcdef0123456789abcdef'
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "board_input.h"
#include "board_token.h"

#define SID "00112233445566778899aabbccddeeff"
#define SID_HASH "5947d7c33d783f94b3b4c1a96ebc8991ed28f1b069b71e03376cba8caa98a720"
#define FORM_TOKEN "d2c942b6b2073002f2b0815c2cb32a47e0d15b6b8b4d69a783af9147facb5e0c"

static void
test_token_shape(void **state)
{
	char a[BOARD_TOKEN_LEN + 1], b[BOARD_TOKEN_LEN + 1];

	assert_int_equal(board_token_new(a), 0);
	assert_int_equal(board_token_new(b), 0);
	assert_int_equal(strlen(a), 32);
	assert_true(board_token_well_formed(a));
	assert_string_not_equal(a, b);
	assert_true(board_token_well_formed(SID));
	assert_false(board_token_well_formed("00112233445566778899AABBCCDDEEFF"));
	assert_false(board_token_well_formed(SID "0"));
	assert_false(board_token_well_formed("0011223344556677889"));
	assert_false(board_token_well_formed(""));
	assert_false(board_token_well_formed("' or 1=1 --aaaaaaaaaaaaaaaaaaaaa"));
}

static void
test_token_hash(void **state)
{
	char h[BOARD_TOKEN_HASH_LEN + 1];

	board_token_hash(SID, h);
	assert_string_equal(h, SID_HASH);
}

static void
test_topic(void **state)
{
	assert_int_equal(board_input_topic("programs"), 0);
	assert_int_equal(board_input_topic("other"), 4);
	assert_int_equal(board_input_topic("Programs"), -1);
	assert_int_equal(board_input_topic("program"), -1);
	assert_int_equal(board_input_topic(""), -1);
	assert_int_equal(board_input_topic(NULL), -1);
}

static void
test_body(void **state)
{
	char *big = malloc(4 * 4001 + 1);

	assert_int_equal(board_input_body("hi", 2), BOARD_INPUT_OK);
	assert_int_equal(board_input_body(NULL, 0), BOARD_INPUT_MISSING);
	assert_int_equal(board_input_body("", 0), BOARD_INPUT_MISSING);
	assert_int_equal(board_input_body(" \r\n\t ", 5), BOARD_INPUT_MISSING);
	assert_int_equal(board_input_body("bad \xc3\x28", 6), BOARD_INPUT_UTF8);
	assert_int_equal(board_input_body("a\0b", 3), BOARD_INPUT_UTF8);
	/* 4000 code points of 2 bytes each: 8000 bytes, still fine. */
	for (int i = 0; i < 4000; i++)
		memcpy(big + 2 * i, "\xc3\xb1", 2);
	big[8000] = '\0';
	assert_int_equal(board_input_body(big, 8000), BOARD_INPUT_OK);
	memset(big, 'a', 4001);
	big[4001] = '\0';
	assert_int_equal(board_input_body(big, 4000), BOARD_INPUT_OK);
	assert_int_equal(board_input_body(big, 4001), BOARD_INPUT_TOO_LONG);
	free(big);
}

static void
test_id(void **state)
{
	long id = 0;

	assert_true(board_input_id("42", &id));
	assert_int_equal(id, 42);
	assert_true(board_input_id("2147483647", &id));
	assert_false(board_input_id("2147483648", &id));
	assert_false(board_input_id("0", &id));
	assert_false(board_input_id("-1", &id));
	assert_false(board_input_id("+1", &id));
	assert_false(board_input_id(" 1", &id));
	assert_false(board_input_id("1 or 1=1", &id));
	assert_false(board_input_id("", &id));
	assert_false(board_input_id(NULL, &id));
}

static void
test_cookie(void **state)
{
	char sid[BOARD_TOKEN_LEN + 1];

	assert_true(board_input_cookie("belong_board=" SID, sid));
	assert_string_equal(sid, SID);
	assert_true(board_input_cookie("a=b; belong_board=" SID "; c=d", sid));
	assert_string_equal(sid, SID);
	assert_false(board_input_cookie(NULL, sid));
	assert_false(board_input_cookie("", sid));
	assert_false(board_input_cookie("xbelong_board=" SID, sid));
	assert_false(board_input_cookie("belong_board=" SID "0", sid));
	assert_false(board_input_cookie("belong_board=", sid));
	assert_false(board_input_cookie("belong_board=00112233445566778899AABBCCDDEEFF",
	    sid));
	/* Two: which one was meant is a guess; neither is taken. */
	assert_false(board_input_cookie("belong_board=" SID
	    "; belong_board=ffeeddccbbaa99887766554433221100", sid));
}

static void
test_sent_cookie(void **state)
{
	char sid[BOARD_TOKEN_LEN + 1];

	assert_true(board_input_sent_cookie("belong_board_sent=1"));
	assert_true(board_input_sent_cookie("belong_board=" SID
	    "; belong_board_sent=1"));
	assert_true(board_input_sent_cookie("belong_board_sent=1; belong_board="
	    SID));
	assert_false(board_input_sent_cookie(NULL));
	assert_false(board_input_sent_cookie(""));
	assert_false(board_input_sent_cookie("belong_board_sent="));
	assert_false(board_input_sent_cookie("belong_board_sent=10"));
	assert_false(board_input_sent_cookie("xbelong_board_sent=1"));
	assert_false(board_input_sent_cookie("belong_board=" SID));
	/* The notice's cookie is not mistaken for the session's. */
	assert_true(board_input_cookie("belong_board_sent=1; belong_board=" SID,
	    sid));
	assert_string_equal(sid, SID);
}

static void
test_form_token(void **state)
{
	struct token_key k;
	char t[BOARD_FORM_TOKEN_LEN + 1], bad[BOARD_FORM_TOKEN_LEN + 1];

	memcpy(k.bytes, "0123456789abcdef0123456789abcdef", 32);
	k.len = 32;
	board_input_form_token(&k, SID, t);
	assert_string_equal(t, FORM_TOKEN);
	assert_true(board_input_form_token_ok(&k, SID, t));
	assert_false(board_input_form_token_ok(&k, "ffeeddccbbaa99887766554433221100", t));
	memcpy(bad, t, sizeof bad);
	bad[63] = bad[63] == '0' ? '1' : '0';
	assert_false(board_input_form_token_ok(&k, SID, bad));
	assert_false(board_input_form_token_ok(&k, SID, NULL));
	assert_false(board_input_form_token_ok(&k, SID, ""));
	k.bytes[0] ^= 1;
	assert_false(board_input_form_token_ok(&k, SID, t));
}

static void
test_parse_form(void **state)
{
	struct board_input_form f;
	char ok[] = "topic=events&body=Hola+%C3%B1%3Cb%3E&share_name=1&form_token=x"
	    "&extra=ignored&lang=es&id=";
	char nul[] = "topic=events&body=a%00b";
	char twice[] = "topic=events&topic=other";
	char badpct[] = "topic=events&body=50%";
	char bare[] = "body&topic=other";

	assert_int_equal(board_input_parse_form(ok, &f), 0);
	assert_string_equal(f.topic.s, "events");
	assert_string_equal(f.body.s, "Hola \xc3\xb1<b>");
	assert_int_equal(f.body.len, 10);
	assert_string_equal(f.share_name.s, "1");
	assert_string_equal(f.form_token.s, "x");
	assert_string_equal(f.lang.s, "es");
	assert_string_equal(f.id.s, "");

	assert_int_equal(board_input_parse_form(nul, &f), 0);
	assert_int_equal(f.body.len, 3);
	assert_int_equal(board_input_body(f.body.s, f.body.len), BOARD_INPUT_UTF8);

	assert_int_equal(board_input_parse_form(twice, &f), -1);
	assert_int_equal(board_input_parse_form(badpct, &f), -1);
	assert_int_equal(board_input_parse_form(bare, &f), 0);
	assert_string_equal(f.body.s, "");
	assert_string_equal(f.topic.s, "other");
}

static void
test_json_nul(void **state)
{
	const char *a = "{\"body\":\"a\\u0000b\"}", *b = "{\"body\":\"a\\\\u0000b\"}";

	assert_true(board_input_json_nul(a, strlen(a)));
	/* An escaped backslash, then the letters u0000: no NUL. */
	assert_false(board_input_json_nul(b, strlen(b)));
	assert_false(board_input_json_nul("{\"u0000\":1}", 11));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token_shape),
		cmocka_unit_test(test_token_hash),
		cmocka_unit_test(test_topic),
		cmocka_unit_test(test_body),
		cmocka_unit_test(test_id),
		cmocka_unit_test(test_cookie),
		cmocka_unit_test(test_sent_cookie),
		cmocka_unit_test(test_form_token),
		cmocka_unit_test(test_parse_form),
		cmocka_unit_test(test_json_nul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
