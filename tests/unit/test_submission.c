/*
 * Unit tests of daemon/submission.c: one response from the API (JSON) or
 * the form (urlencoded), checked against the real "pulse" instrument of
 * sql/001_init.sql and a small instrument with choice, multi and text items.
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "submission.h"
#include "testutil.h"

#define ID "0b7e4c8a-1f2d-4c3b-9a8e-7d6c5b4a3f21"
#define REQ "\"belong\":4,\"welcome\":5,\"voice\":3,\"future\":4,\"recommend\":9"
#define FORM_REQ "id=" ID "&token=tok.abc&q_belong=4&q_welcome=5&q_voice=3" \
	"&q_future=4&q_recommend=9"

/* Pulse's items, in order. */
enum { BELONG, WELCOME, VOICE, FUTURE, RECOMMEND, CHANGE };
/* The custom instrument's items, in order. */
enum { WHERE, TOPICS, NOTE, FUN, FELT };

static struct instrument *pulse;
static struct instrument *custom;

static const char custom_json[] =
    "{\"key\": \"custom\", \"version\": 1, \"languages\": [\"en\", \"es\"],"
    " \"title\": {\"en\": \"T\", \"es\": \"T\"},"
    " \"items\": ["
    "  {\"id\": \"where\", \"type\": \"choice\", \"required\": true,"
    "   \"text\": {\"en\": \"Where?\", \"es\": \"¿Dónde?\"},"
    "   \"options\": ["
    "    {\"code\": \"school\", \"text\": {\"en\": \"School\", \"es\": \"Escuela\"}},"
    "    {\"code\": \"home\", \"text\": {\"en\": \"Home\", \"es\": \"Casa\"}},"
    "    {\"code\": \"online\", \"text\": {\"en\": \"Online\", \"es\": \"En línea\"}}]},"
    "  {\"id\": \"topics\", \"type\": \"multi\","
    "   \"text\": {\"en\": \"Topics?\", \"es\": \"¿Temas?\"},"
    "   \"options\": ["
    "    {\"code\": \"a\", \"text\": {\"en\": \"A\", \"es\": \"A\"}},"
    "    {\"code\": \"b\", \"text\": {\"en\": \"B\", \"es\": \"B\"}},"
    "    {\"code\": \"c\", \"text\": {\"en\": \"C\", \"es\": \"C\"}}]},"
    "  {\"id\": \"note\", \"type\": \"text\", \"max_length\": 10,"
    "   \"text\": {\"en\": \"Note?\", \"es\": \"¿Nota?\"}},"
    "  {\"id\": \"fun\", \"type\": \"likert5\", \"construct\": \"celebrate\","
    "   \"text\": {\"en\": \"Fun.\", \"es\": \"Divertido.\"}},"
    "  {\"id\": \"felt\", \"type\": \"likert5\", \"construct\": \"include\","
    "   \"text\": {\"en\": \"Felt.\", \"es\": \"Sentí.\"}}],"
    " \"about\": [\"gender\", \"race\"]}";

static int
setup(void **state)
{
	char *json = testutil_pulse_json(), *err = NULL;

	pulse = instrument_parse(json, &err);
	free(json);
	if (pulse == NULL) {
		fprintf(stderr, "pulse: %s\n", err);
		free(err);
		return -1;
	}
	custom = instrument_parse(custom_json, &err);
	if (custom == NULL) {
		fprintf(stderr, "custom: %s\n", err);
		free(err);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	instrument_free(pulse);
	instrument_free(custom);
	return 0;
}

static void
print_errors(const struct submission_errors *errs)
{
	for (int i = 0; i < errs->n; i++)
		print_error("  error %d: problem %d field \"%s\": %s\n", i,
		    errs->e[i].problem, errs->e[i].field, errs->e[i].message);
}

static int
json(const struct instrument *ins, const char *body, struct submission *s,
    struct submission_errors *errs)
{
	return submission_from_json(s, body, strlen(body), ins, errs);
}

static int
form(const struct instrument *ins, const char *body, struct submission *s,
    struct submission_errors *errs)
{
	return submission_from_form(s, body, strlen(body), ins, errs);
}

/* A pulse JSON body with these answers and these other members. */
static const char *
pulse_body(const char *answers, const char *rest)
{
	static char buf[8192];

	snprintf(buf, sizeof buf,
	    "{\"id\": \"" ID "\", \"token\": \"tok.abc\", "
	    "\"answers\": {%s}%s%s}", answers, *rest ? ", " : "", rest);
	return buf;
}

/* Parse that must succeed. */
#define assert_valid(rc, errs) do {					\
	if ((rc) != 0 || (errs)->n != 0) {				\
		print_errors(errs);					\
		fail_msg("expected a valid submission");		\
	}								\
} while (0)

/* The one error the parse must report, and nothing else. */
#define assert_only_error(rc, errs, prob, fld, msg) do {		\
	assert_int_equal((rc), -1);					\
	if ((errs)->n != 1) {						\
		print_errors(errs);					\
		fail_msg("expected one error, got %d", (errs)->n);	\
	}								\
	assert_error_at(errs, 0, prob, fld, msg);			\
} while (0)

static void
assert_error_at(const struct submission_errors *errs, int i,
    enum submission_problem prob, const char *field, const char *msg)
{
	if (i >= errs->n) {
		print_errors(errs);
		fail_msg("no error %d", i);
	}
	if (errs->e[i].problem != prob || strcmp(errs->e[i].field, field) != 0 ||
	    (msg != NULL && strcmp(errs->e[i].message, msg) != 0)) {
		print_errors(errs);
		fail_msg("error %d: expected problem %d field \"%s\" \"%s\"", i,
		    prob, field, msg != NULL ? msg : "");
	}
}

/* The error for field, wherever it is in the list. */
static const struct submission_error *
find_error(const struct submission_errors *errs, const char *field)
{
	for (int i = 0; i < errs->n; i++)
		if (strcmp(errs->e[i].field, field) == 0)
			return &errs->e[i];
	print_errors(errs);
	fail_msg("no error for \"%s\"", field);
	return NULL;
}

static int
code(int field, const char *c)
{
	int k = about_code_index(&about_questions[field], c);

	assert_true(k >= 0);
	return k;
}

/* --- JSON ----------------------------------------------------------------- */

static void
test_json_valid_full(void **state)
{
	struct submission s;
	struct submission_errors errs;
	const char *body =
	    "{\"id\": \"" ID "\", \"token\": \"tok.abc-123_XYZ\", \"lang\": \"es\","
	    " \"answers\": {" REQ ", \"change\": \"  M\xc3\xa1s snacks, por favor\\n \"},"
	    " \"quote_ok\": true,"
	    " \"about\": {\"role\": \"student\", \"grade\": \"g9_12\","
	    "  \"gender\": \"self\", \"gender_text\": \" Two-spirit \","
	    "  \"race\": [\"asian\", \"white\", \"self\"], \"race_text\": \"Hmong\","
	    "  \"disability\": \"prefer_not\", \"firstgen\": \"unsure\","
	    "  \"language\": \"es\"}}";

	assert_valid(json(pulse, body, &s, &errs), &errs);
	assert_string_equal(s.id, ID);
	assert_string_equal(s.token, "tok.abc-123_XYZ");
	assert_int_equal(s.lang, LANG_ES);
	assert_false(s.honeypot);
	assert_int_equal(s.value[BELONG], 4);
	assert_int_equal(s.value[WELCOME], 5);
	assert_int_equal(s.value[VOICE], 3);
	assert_int_equal(s.value[FUTURE], 4);
	assert_int_equal(s.value[RECOMMEND], 9);
	assert_int_equal(s.value[CHANGE], SUBMISSION_NOT_ANSWERED);
	for (int i = 0; i < INSTRUMENT_MAX_ITEMS; i++) {
		assert_int_equal(s.chosen[i], 0);
		if (i != CHANGE)
			assert_null(s.text[i]);
	}
	assert_string_equal(s.text[CHANGE], "M\xc3\xa1s snacks, por favor");
	assert_true(s.quote_ok);
	assert_int_equal(s.about[ABOUT_ROLE], code(ABOUT_ROLE, "student"));
	assert_int_equal(s.about[ABOUT_GRADE], code(ABOUT_GRADE, "g9_12"));
	assert_int_equal(s.about[ABOUT_GENDER], code(ABOUT_GENDER, "self"));
	assert_int_equal(s.about[ABOUT_RACE], SUBMISSION_NOT_ANSWERED);
	assert_int_equal(s.about[ABOUT_DISABILITY], ABOUT_PREFER_NOT_INDEX);
	assert_int_equal(s.about[ABOUT_FIRSTGEN], code(ABOUT_FIRSTGEN, "unsure"));
	assert_int_equal(s.about[ABOUT_LANGUAGE], code(ABOUT_LANGUAGE, "es"));
	assert_int_equal(s.race, (1u << code(ABOUT_RACE, "asian")) |
	    (1u << code(ABOUT_RACE, "white")) | (1u << code(ABOUT_RACE, "self")));
	assert_false(s.race_prefer_not);
	assert_string_equal(s.gender_text, "Two-spirit");
	assert_string_equal(s.race_text, "Hmong");
	/* 4, 5, 3, 4: mean 4, (4 - 1) / 4 * 100. */
	assert_true(fabs(s.belonging - 75.0) < 1e-9);
	submission_clear(&s);
	/* Clearing leaves it empty and safe to clear again. */
	assert_null(s.token);
	assert_null(s.text[CHANGE]);
	assert_true(isnan(s.belonging));
	submission_clear(&s);
}

static void
test_json_minimal(void **state)
{
	struct submission s;
	struct submission_errors errs;

	assert_valid(json(pulse, pulse_body("\"belong\":1,\"welcome\":1,"
	    "\"voice\":1,\"future\":1,\"recommend\":0", ""), &s, &errs), &errs);
	assert_int_equal(s.lang, LANG_EN);
	assert_false(s.quote_ok);
	assert_null(s.text[CHANGE]);
	for (int f = 0; f < ABOUT_COUNT; f++)
		assert_int_equal(s.about[f], SUBMISSION_NOT_ANSWERED);
	assert_int_equal(s.race, 0);
	assert_null(s.gender_text);
	assert_true(fabs(s.belonging - 0.0) < 1e-9);
	assert_int_equal(s.value[RECOMMEND], 0);
	submission_clear(&s);

	assert_valid(json(pulse, pulse_body("\"belong\":5,\"welcome\":5,"
	    "\"voice\":5,\"future\":5,\"recommend\":10,\"change\":\"  \\t \"",
	    "\"about\": {}, \"quote_ok\": false"), &s, &errs), &errs);
	assert_true(fabs(s.belonging - 100.0) < 1e-9);
	assert_int_equal(s.value[RECOMMEND], 10);
	/* Blank after trimming is not answered. */
	assert_null(s.text[CHANGE]);
	submission_clear(&s);

	/* 4.0 is an integer, whatever its spelling. */
	assert_valid(json(pulse, pulse_body("\"belong\":4.0,\"welcome\":2,"
	    "\"voice\":3e0,\"future\":1,\"recommend\":7", ""), &s, &errs), &errs);
	assert_int_equal(s.value[BELONG], 4);
	assert_int_equal(s.value[VOICE], 3);
	/* 4, 2, 3, 1: mean 2.5. */
	assert_true(fabs(s.belonging - 37.5) < 1e-9);
	submission_clear(&s);
}

/* Only index constructs count; no index item answered gives NAN. */
static void
test_json_belonging_constructs(void **state)
{
	struct submission s;
	struct submission_errors errs;

	assert_valid(json(custom, "{\"id\": \"" ID "\", \"token\": \"t\","
	    " \"answers\": {\"where\": \"home\", \"fun\": 1, \"felt\": 4}}",
	    &s, &errs), &errs);
	assert_int_equal(s.value[FUN], 1);
	assert_int_equal(s.value[FELT], 4);
	assert_true(fabs(s.belonging - 75.0) < 1e-9);
	submission_clear(&s);

	assert_valid(json(custom, "{\"id\": \"" ID "\", \"token\": \"t\","
	    " \"answers\": {\"where\": \"home\", \"fun\": 5}}", &s, &errs), &errs);
	assert_true(isnan(s.belonging));
	submission_clear(&s);
}

static void
test_json_required(void **state)
{
	struct submission s;
	struct submission_errors errs;
	const struct submission_error *e;

	assert_int_equal(json(pulse, "{\"answers\": {\"welcome\": 5, "
	    "\"voice\": 3, \"future\": 4}}", &s, &errs), -1);
	assert_int_equal(errs.n, 4);
	e = find_error(&errs, "id");
	assert_int_equal(e->problem, SUBMISSION_REQUIRED);
	assert_string_equal(e->message, "id is required");
	assert_int_equal(e->item, -1);
	assert_int_equal(e->about, -1);
	e = find_error(&errs, "token");
	assert_int_equal(e->problem, SUBMISSION_REQUIRED);
	assert_string_equal(e->message, "token is required");
	e = find_error(&errs, "answers.belong");
	assert_int_equal(e->problem, SUBMISSION_REQUIRED);
	assert_string_equal(e->message, "answers.belong is required");
	assert_int_equal(e->item, BELONG);
	assert_int_equal(e->about, -1);
	e = find_error(&errs, "answers.recommend");
	assert_string_equal(e->message, "answers.recommend is required");
	assert_int_equal(e->item, RECOMMEND);
	/* What was valid is kept for the form. */
	assert_int_equal(s.value[WELCOME], 5);
	submission_clear(&s);

	/* An empty token is a missing one. */
	assert_only_error(json(pulse, "{\"id\": \"" ID "\", \"token\": \"\","
	    " \"answers\": {" REQ "}}", &s, &errs), &errs,
	    SUBMISSION_REQUIRED, "token", "token is required");
	submission_clear(&s);

	/* A required choice item. */
	assert_only_error(json(custom, "{\"id\": \"" ID "\", \"token\": \"t\","
	    " \"answers\": {}}", &s, &errs), &errs, SUBMISSION_REQUIRED,
	    "answers.where", "answers.where is required");
	submission_clear(&s);
}

static void
test_json_likert_wrong(void **state)
{
	static const char *const bad[] = {
		"4.5", "\"4\"", "true", "false", "null", "1e10", "-1", "0", "6",
		"[4]", "{}", "1e400", "-1e400", "4.0000001", "\"\"",
	};
	struct submission s;
	struct submission_errors errs;
	char answers[256];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(answers, sizeof answers, "\"belong\": %s, \"welcome\":5,"
		    "\"voice\":3,\"future\":4,\"recommend\":9", bad[i]);
		assert_only_error(json(pulse, pulse_body(answers, ""), &s,
		    &errs), &errs, SUBMISSION_RANGE, "answers.belong",
		    "answers.belong must be an integer from 1 to 5");
		assert_int_equal(errs.e[0].item, BELONG);
		assert_int_equal(s.value[BELONG], SUBMISSION_NOT_ANSWERED);
		submission_clear(&s);
	}
}

static void
test_json_scale_wrong(void **state)
{
	static const char *const bad[] = {
		"11", "-1", "9.5", "\"9\"", "true", "null", "1e10", "[]",
	};
	struct submission s;
	struct submission_errors errs;
	char answers[256];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(answers, sizeof answers, "\"belong\":4,\"welcome\":5,"
		    "\"voice\":3,\"future\":4,\"recommend\": %s", bad[i]);
		assert_only_error(json(pulse, pulse_body(answers, ""), &s,
		    &errs), &errs, SUBMISSION_RANGE, "answers.recommend",
		    "answers.recommend must be an integer from 0 to 10");
		assert_int_equal(errs.e[0].item, RECOMMEND);
		submission_clear(&s);
	}
}

static void
test_json_unknown(void **state)
{
	struct submission s;
	struct submission_errors errs;
	const struct submission_error *e;

	assert_only_error(json(pulse, pulse_body(REQ ", \"bogus\": 3", ""),
	    &s, &errs), &errs, SUBMISSION_UNKNOWN, "answers.bogus",
	    "answers.bogus is not a question of this survey");
	assert_int_equal(errs.e[0].item, -1);
	submission_clear(&s);

	assert_only_error(json(pulse, pulse_body(REQ, "\"website\": \"x\""),
	    &s, &errs), &errs, SUBMISSION_UNKNOWN, "website",
	    "website is not a known field");
	submission_clear(&s);

	assert_only_error(json(pulse, pulse_body(REQ,
	    "\"about\": {\"shoe\": \"42\"}"), &s, &errs), &errs,
	    SUBMISSION_UNKNOWN, "about.shoe",
	    "about.shoe is not a question of this survey");
	submission_clear(&s);

	/* A real question the instrument does not ask. */
	assert_only_error(json(custom, "{\"id\": \"" ID "\", \"token\": \"t\","
	    " \"answers\": {\"where\": \"home\"}, \"about\": {\"role\": "
	    "\"student\"}}", &s, &errs), &errs, SUBMISSION_UNKNOWN,
	    "about.role", "about.role is not a question of this survey");
	submission_clear(&s);

	assert_only_error(json(pulse, pulse_body(REQ,
	    "\"about\": {\"role\": \"astronaut\"}"), &s, &errs), &errs,
	    SUBMISSION_UNKNOWN, "about.role", "about.role has an unknown code");
	assert_int_equal(errs.e[0].about, ABOUT_ROLE);
	assert_int_equal(errs.e[0].item, -1);
	submission_clear(&s);

	assert_only_error(json(pulse, pulse_body(REQ,
	    "\"about\": {\"race\": [\"asian\", \"martian\"]}"), &s, &errs),
	    &errs, SUBMISSION_UNKNOWN, "about.race",
	    "about.race has an unknown code");
	submission_clear(&s);

	/* Several unknowns: each is reported, the others still parsed. */
	assert_int_equal(json(pulse, pulse_body(REQ ", \"x1\": 1, \"x2\": 2",
	    "\"extra\": 1"), &s, &errs), -1);
	assert_int_equal(errs.n, 3);
	e = find_error(&errs, "answers.x2");
	assert_int_equal(e->problem, SUBMISSION_UNKNOWN);
	find_error(&errs, "extra");
	assert_int_equal(s.value[RECOMMEND], 9);
	submission_clear(&s);
}

static void
test_json_choice_multi(void **state)
{
	struct submission s;
	struct submission_errors errs;

	assert_valid(json(custom, "{\"id\": \"" ID "\", \"token\": \"t\","
	    " \"answers\": {\"where\": \"online\", \"topics\": [\"c\", \"a\"],"
	    " \"note\": \"ok\"}}", &s, &errs), &errs);
	assert_int_equal(s.value[WHERE], 2);
	assert_int_equal(s.chosen[TOPICS], (1u << 0) | (1u << 2));
	assert_int_equal(s.value[TOPICS], SUBMISSION_NOT_ANSWERED);
	assert_string_equal(s.text[NOTE], "ok");
	submission_clear(&s);

	/* An empty list is no answer. */
	assert_valid(json(custom, "{\"id\": \"" ID "\", \"token\": \"t\","
	    " \"answers\": {\"where\": \"school\", \"topics\": []}}", &s, &errs),
	    &errs);
	assert_int_equal(s.value[WHERE], 0);
	assert_int_equal(s.chosen[TOPICS], 0);
	submission_clear(&s);

	static const struct {
		const char *answers;
		enum submission_problem prob;
		const char *field, *msg;
	} bad[] = {
		{ "\"where\": \"moon\"", SUBMISSION_UNKNOWN, "answers.where",
		  "answers.where has an unknown option" },
		{ "\"where\": 1", SUBMISSION_RANGE, "answers.where",
		  "answers.where must be one of the option codes" },
		{ "\"where\": [\"home\"]", SUBMISSION_RANGE, "answers.where",
		  "answers.where must be one of the option codes" },
		{ "\"where\": \"home\", \"topics\": [\"a\", \"b\", \"a\"]",
		  SUBMISSION_INVALID, "answers.topics",
		  "answers.topics lists an option more than once" },
		{ "\"where\": \"home\", \"topics\": \"a\"", SUBMISSION_RANGE,
		  "answers.topics", "answers.topics must be a list of option codes" },
		{ "\"where\": \"home\", \"topics\": [\"a\", 2]", SUBMISSION_RANGE,
		  "answers.topics", "answers.topics must be a list of option codes" },
		{ "\"where\": \"home\", \"topics\": [\"a\", \"z\", \"y\"]",
		  SUBMISSION_UNKNOWN, "answers.topics",
		  "answers.topics has an unknown option" },
		{ "\"where\": \"home\", \"note\": 5", SUBMISSION_RANGE,
		  "answers.note", "answers.note must be a string" },
		{ "\"where\": \"home\", \"where\": \"school\"", SUBMISSION_MALFORMED,
		  "answers.where", "answers.where is given more than once" },
	};
	char body[512];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(body, sizeof body, "{\"id\": \"" ID "\", \"token\": "
		    "\"t\", \"answers\": {%s}}", bad[i].answers);
		assert_only_error(json(custom, body, &s, &errs), &errs,
		    bad[i].prob, bad[i].field, bad[i].msg);
		submission_clear(&s);
	}
}

static void
test_json_about_rules(void **state)
{
	struct submission s;
	struct submission_errors errs;
	char about[1024], sixty[256] = "", sixty_one[256];

	assert_valid(json(pulse, pulse_body(REQ, "\"about\": {\"race\": "
	    "[\"prefer_not\"], \"gender\": \"prefer_not\"}"), &s, &errs), &errs);
	assert_true(s.race_prefer_not);
	assert_int_equal(s.race, 0);
	assert_int_equal(s.about[ABOUT_GENDER], ABOUT_PREFER_NOT_INDEX);
	submission_clear(&s);

	assert_valid(json(pulse, pulse_body(REQ, "\"about\": {\"race\": []}"),
	    &s, &errs), &errs);
	assert_false(s.race_prefer_not);
	assert_int_equal(s.race, 0);
	submission_clear(&s);

	/* Sixty two-byte characters are sixty characters. */
	for (int i = 0; i < 60; i++)
		strcat(sixty, "\xc3\xb1");
	snprintf(about, sizeof about, "\"about\": {\"gender\": \"self\", "
	    "\"gender_text\": \"%s\"}", sixty);
	assert_valid(json(pulse, pulse_body(REQ, about), &s, &errs), &errs);
	assert_string_equal(s.gender_text, sixty);
	submission_clear(&s);

	snprintf(sixty_one, sizeof sixty_one, "%sx", sixty);
	snprintf(about, sizeof about, "\"about\": {\"race\": [\"self\"], "
	    "\"race_text\": \"%s\"}", sixty_one);
	assert_only_error(json(pulse, pulse_body(REQ, about), &s, &errs),
	    &errs, SUBMISSION_TOO_LONG, "about.race_text",
	    "about.race_text must be at most 60 characters");
	assert_int_equal(errs.e[0].about, ABOUT_RACE);
	submission_clear(&s);

	static const struct {
		const char *about;
		enum submission_problem prob;
		const char *field, *msg;
		int index;
	} bad[] = {
		{ "\"race\": [\"prefer_not\", \"asian\"]", SUBMISSION_INVALID,
		  "about.race",
		  "about.race cannot combine \"prefer_not\" with other codes",
		  ABOUT_RACE },
		{ "\"race\": [\"white\", \"prefer_not\"]", SUBMISSION_INVALID,
		  "about.race",
		  "about.race cannot combine \"prefer_not\" with other codes",
		  ABOUT_RACE },
		{ "\"race\": [\"asian\", \"white\", \"asian\"]", SUBMISSION_INVALID,
		  "about.race", "about.race lists a code more than once",
		  ABOUT_RACE },
		{ "\"race\": [\"prefer_not\", \"prefer_not\"]", SUBMISSION_INVALID,
		  "about.race", "about.race lists a code more than once",
		  ABOUT_RACE },
		{ "\"race\": \"asian\"", SUBMISSION_INVALID, "about.race",
		  "about.race must be a list of codes", ABOUT_RACE },
		{ "\"race\": [1]", SUBMISSION_INVALID, "about.race",
		  "about.race must be a list of codes", ABOUT_RACE },
		{ "\"role\": [\"student\"]", SUBMISSION_INVALID, "about.role",
		  "about.role must be one of its codes or \"prefer_not\"",
		  ABOUT_ROLE },
		{ "\"role\": null", SUBMISSION_INVALID, "about.role",
		  "about.role must be one of its codes or \"prefer_not\"",
		  ABOUT_ROLE },
		{ "\"gender\": \"woman\", \"gender_text\": \"x\"",
		  SUBMISSION_INVALID, "about.gender_text",
		  "about.gender_text is allowed only when the answer is \"self\"",
		  ABOUT_GENDER },
		{ "\"gender_text\": \"x\"", SUBMISSION_INVALID,
		  "about.gender_text",
		  "about.gender_text is allowed only when the answer is \"self\"",
		  ABOUT_GENDER },
		{ "\"race\": [\"asian\"], \"race_text\": \"x\"",
		  SUBMISSION_INVALID, "about.race_text",
		  "about.race_text is allowed only when about.race includes \"self\"",
		  ABOUT_RACE },
		{ "\"gender\": \"self\", \"gender_text\": 3", SUBMISSION_INVALID,
		  "about.gender_text", "about.gender_text must be a string",
		  ABOUT_GENDER },
		{ "\"role\": \"student\", \"role\": \"other\"",
		  SUBMISSION_MALFORMED, "about.role",
		  "about.role is given more than once", ABOUT_ROLE },
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(about, sizeof about, "\"about\": {%s}", bad[i].about);
		assert_only_error(json(pulse, pulse_body(REQ, about), &s, &errs),
		    &errs, bad[i].prob, bad[i].field, bad[i].msg);
		assert_int_equal(errs.e[0].about, bad[i].index);
		assert_int_equal(errs.e[0].item, -1);
		submission_clear(&s);
	}

	/* Blank self-described text is no text, so it needs no "self". */
	assert_valid(json(pulse, pulse_body(REQ, "\"about\": {\"gender\": "
	    "\"man\", \"gender_text\": \"   \"}"), &s, &errs), &errs);
	assert_null(s.gender_text);
	submission_clear(&s);
}

static void
test_json_text_length(void **state)
{
	struct submission s;
	struct submission_errors errs;
	char *answers = malloc(4096), *text = malloc(2048);

	assert_non_null(answers);
	assert_non_null(text);
	/* 500 characters of two bytes each: 1000 bytes, accepted. */
	text[0] = '\0';
	for (int i = 0; i < 500; i++)
		strcat(text, "\xc3\xa9");
	snprintf(answers, 4096, REQ ", \"change\": \" %s \"", text);
	assert_valid(json(pulse, pulse_body(answers, ""), &s, &errs), &errs);
	assert_int_equal(strlen(s.text[CHANGE]), 1000);
	assert_string_equal(s.text[CHANGE], text);
	submission_clear(&s);

	/* 501 characters: too long, and kept so the form can show it. */
	memset(text, 'a', 501);
	text[501] = '\0';
	snprintf(answers, 4096, REQ ", \"change\": \"%s\"", text);
	assert_only_error(json(pulse, pulse_body(answers, ""), &s, &errs),
	    &errs, SUBMISSION_TOO_LONG, "answers.change",
	    "answers.change must be at most 500 characters");
	assert_int_equal(errs.e[0].item, CHANGE);
	assert_string_equal(s.text[CHANGE], text);
	submission_clear(&s);

	/* A custom max_length, counted after trimming. */
	assert_valid(json(custom, "{\"id\": \"" ID "\", \"token\": \"t\","
	    " \"answers\": {\"where\": \"home\", \"note\": \"  0123456789  \"}}",
	    &s, &errs), &errs);
	assert_string_equal(s.text[NOTE], "0123456789");
	submission_clear(&s);
	assert_only_error(json(custom, "{\"id\": \"" ID "\", \"token\": \"t\","
	    " \"answers\": {\"where\": \"home\", \"note\": \"0123456789x\"}}",
	    &s, &errs), &errs, SUBMISSION_TOO_LONG, "answers.note",
	    "answers.note must be at most 10 characters");
	submission_clear(&s);
	free(answers);
	free(text);
}

static void
test_json_utf8(void **state)
{
	static const char *const bad[] = {
		"\xff", "\xc0\x80", "\xed\xa0\x80", "\xc3", "\xf4\x90\x80\x80",
	};
	struct submission s;
	struct submission_errors errs;
	char answers[256];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(answers, sizeof answers, REQ ", \"change\": \"a%sb\"",
		    bad[i]);
		assert_only_error(json(pulse, pulse_body(answers, ""), &s,
		    &errs), &errs, SUBMISSION_UTF8, "",
		    "body is not valid UTF-8");
		submission_clear(&s);
	}

	/* cJSON would cut the string at an escaped NUL. */
	assert_only_error(json(pulse, pulse_body(REQ ", \"change\": "
	    "\"a\\u0000b\"", ""), &s, &errs), &errs, SUBMISSION_UTF8, "",
	    "body contains a NUL character");
	submission_clear(&s);
	/* An escaped backslash before u0000 is only text. */
	assert_valid(json(pulse, pulse_body(REQ ", \"change\": "
	    "\"a\\\\u0000b\"", ""), &s, &errs), &errs);
	assert_string_equal(s.text[CHANGE], "a\\u0000b");
	submission_clear(&s);
	/* Escaped surrogate pairs are fine; a lone surrogate is not JSON. */
	assert_valid(json(pulse, pulse_body(REQ ", \"change\": "
	    "\"\\ud83d\\ude00\"", ""), &s, &errs), &errs);
	assert_string_equal(s.text[CHANGE], "\xf0\x9f\x98\x80");
	submission_clear(&s);
	assert_only_error(json(pulse, pulse_body(REQ ", \"change\": "
	    "\"\\ud800x\"", ""), &s, &errs), &errs, SUBMISSION_MALFORMED, "",
	    "body is not valid JSON");
	submission_clear(&s);
}

static void
test_json_malformed(void **state)
{
	static const char *const not_json[] = {
		"", " ", "{", "{\"id\": }", "nul", "{\"a\":1}}",
		"{\"id\": \"" ID "\"} x", "{} {}", "{}\xef\xbb\xbf",
	};
	static const char *const not_object[] = {
		"[]", "[1, 2]", "\"x\"", "42", "null", "true",
	};
	struct submission s;
	struct submission_errors errs;
	char *deep;
	size_t n = 100000;

	for (size_t i = 0; i < sizeof not_json / sizeof not_json[0]; i++) {
		assert_only_error(json(pulse, not_json[i], &s, &errs), &errs,
		    SUBMISSION_MALFORMED, "", "body is not valid JSON");
		submission_clear(&s);
	}
	for (size_t i = 0; i < sizeof not_object / sizeof not_object[0]; i++) {
		assert_only_error(json(pulse, not_object[i], &s, &errs), &errs,
		    SUBMISSION_MALFORMED, "", "body must be a JSON object");
		submission_clear(&s);
	}
	/* Blanks around the object are fine. */
	{
		char body[8300];

		snprintf(body, sizeof body, " \r\n%s \n\t",
		    pulse_body(REQ, ""));
		assert_valid(json(pulse, body, &s, &errs), &errs);
		submission_clear(&s);
	}

	/* Nesting far past cJSON's limit. */
	deep = malloc(2 * n + 1);
	assert_non_null(deep);
	memset(deep, '[', n);
	memset(deep + n, ']', n);
	deep[2 * n] = '\0';
	assert_only_error(json(pulse, deep, &s, &errs), &errs,
	    SUBMISSION_MALFORMED, "", "body is not valid JSON");
	submission_clear(&s);
	/* Deep but within it, where a number belongs. */
	n = 500;
	memset(deep, '[', n);
	memset(deep + n, ']', n);
	deep[2 * n] = '\0';
	{
		char *body = malloc(2 * n + 256);

		assert_non_null(body);
		snprintf(body, 2 * n + 256, "{\"id\": \"" ID "\", \"token\": "
		    "\"t\", \"answers\": {\"belong\": %s, \"welcome\":5,"
		    "\"voice\":3,\"future\":4,\"recommend\":9}}", deep);
		assert_only_error(json(pulse, body, &s, &errs), &errs,
		    SUBMISSION_RANGE, "answers.belong",
		    "answers.belong must be an integer from 1 to 5");
		submission_clear(&s);
		free(body);
	}
	free(deep);

	assert_only_error(json(pulse, "{\"id\": \"" ID "\", \"token\": \"t\","
	    " \"answers\": [4, 5]}", &s, &errs), &errs, SUBMISSION_MALFORMED,
	    "answers", "answers must be an object");
	submission_clear(&s);
	assert_only_error(json(pulse, pulse_body(REQ, "\"about\": []"), &s,
	    &errs), &errs, SUBMISSION_MALFORMED, "about",
	    "about must be an object");
	submission_clear(&s);
	assert_only_error(json(pulse, pulse_body(REQ, "\"id\": \"" ID "\""),
	    &s, &errs), &errs, SUBMISSION_MALFORMED, "id",
	    "id is given more than once");
	submission_clear(&s);
	/* No body at all. */
	assert_only_error(submission_from_json(&s, NULL, 0, pulse, &errs),
	    &errs, SUBMISSION_MALFORMED, "", "body is not valid JSON");
	submission_clear(&s);
}

static void
test_json_fields(void **state)
{
	static const char *const bad_ids[] = {
		"\"\"", "\"not-a-uuid\"", "5", "null", "true",
		"\"0b7e4c8a1f2d-4c3b-9a8e-7d6c5b4a3f21\"",
		"\"0b7e4c8a-1f2d-4c3b-9a8e-7d6c5b4a3f21a\"",
		"\"0b7e4c8a-1f2d-4c3b-9a8e-7d6c5b4a3f2\"",
		"\"0b7e4c8g-1f2d-4c3b-9a8e-7d6c5b4a3f21\"",
		"\"{0b7e4c8a-1f2d-4c3b-9a8e-7d6c5b4a3f21}\"",
		"\"0b7e4c8a-1f2d-4c3b-9a8e_7d6c5b4a3f21\"",
		"\" 0b7e4c8a-1f2d-4c3b-9a8e-7d6c5b4a3f2\"",
		"\"0b7e4c8a1f2d4c3b9a8e7d6c5b4a3f21\"",
	};
	struct submission s;
	struct submission_errors errs;
	char body[2048], token[600];

	/* Any case in, lowercase out. */
	assert_valid(json(pulse, "{\"id\": \"0B7E4C8A-1F2D-4C3B-9A8E-7D6C5B4A3F21\","
	    " \"token\": \"t\", \"answers\": {" REQ "}}", &s, &errs), &errs);
	assert_string_equal(s.id, ID);
	submission_clear(&s);

	for (size_t i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++) {
		snprintf(body, sizeof body, "{\"id\": %s, \"token\": \"t\","
		    " \"answers\": {" REQ "}}", bad_ids[i]);
		assert_only_error(json(pulse, body, &s, &errs), &errs,
		    SUBMISSION_INVALID, "id", "id must be a UUID");
		assert_string_equal(s.id, "");
		submission_clear(&s);
	}

	memset(token, 'k', 512);
	token[512] = '\0';
	snprintf(body, sizeof body, "{\"id\": \"" ID "\", \"token\": \"%s\","
	    " \"answers\": {" REQ "}}", token);
	assert_valid(json(pulse, body, &s, &errs), &errs);
	assert_int_equal(strlen(s.token), 512);
	submission_clear(&s);
	strcat(token, "k");
	snprintf(body, sizeof body, "{\"id\": \"" ID "\", \"token\": \"%s\","
	    " \"answers\": {" REQ "}}", token);
	assert_only_error(json(pulse, body, &s, &errs), &errs,
	    SUBMISSION_TOO_LONG, "token", "token must be at most 512 bytes");
	assert_null(s.token);
	submission_clear(&s);

	assert_only_error(json(pulse, "{\"id\": \"" ID "\", \"token\": 12,"
	    " \"answers\": {" REQ "}}", &s, &errs), &errs, SUBMISSION_INVALID,
	    "token", "token must be a string");
	submission_clear(&s);
	assert_only_error(json(pulse, "{\"id\": \"" ID "\", \"token\": \"a b\","
	    " \"answers\": {" REQ "}}", &s, &errs), &errs, SUBMISSION_INVALID,
	    "token", "token must be printable ASCII");
	submission_clear(&s);
	assert_only_error(json(pulse, "{\"id\": \"" ID "\", \"token\": \"\xc3\xa9\","
	    " \"answers\": {" REQ "}}", &s, &errs), &errs, SUBMISSION_INVALID,
	    "token", "token must be printable ASCII");
	submission_clear(&s);

	assert_only_error(json(pulse, pulse_body(REQ, "\"lang\": \"fr\""), &s,
	    &errs), &errs, SUBMISSION_INVALID, "lang",
	    "lang must be \"en\" or \"es\"");
	assert_int_equal(s.lang, LANG_EN);
	submission_clear(&s);
	assert_only_error(json(pulse, pulse_body(REQ, "\"lang\": \"ES\""), &s,
	    &errs), &errs, SUBMISSION_INVALID, "lang",
	    "lang must be \"en\" or \"es\"");
	submission_clear(&s);
	assert_only_error(json(pulse, pulse_body(REQ, "\"quote_ok\": \"yes\""),
	    &s, &errs), &errs, SUBMISSION_INVALID, "quote_ok",
	    "quote_ok must be true or false");
	submission_clear(&s);
	assert_only_error(json(pulse, pulse_body(REQ, "\"quote_ok\": 1"),
	    &s, &errs), &errs, SUBMISSION_INVALID, "quote_ok",
	    "quote_ok must be true or false");
	submission_clear(&s);
}

/* Errors are collected, up to the limit, not stopped at the first. */
static void
test_json_many_errors(void **state)
{
	struct submission s;
	struct submission_errors errs;
	char body[4096];
	size_t n;

	assert_int_equal(json(pulse, "{\"id\": \"nope\", \"token\": 1,"
	    " \"lang\": \"xx\", \"answers\": {\"belong\": 9, \"welcome\": \"5\","
	    " \"voice\": 3, \"future\": 4, \"change\": 7},"
	    " \"about\": {\"role\": \"king\"}}", &s, &errs), -1);
	assert_int_equal(errs.n, 8);
	assert_error_at(&errs, 0, SUBMISSION_INVALID, "id", "id must be a UUID");
	assert_error_at(&errs, 1, SUBMISSION_INVALID, "token", NULL);
	assert_error_at(&errs, 2, SUBMISSION_INVALID, "lang", NULL);
	assert_error_at(&errs, 3, SUBMISSION_RANGE, "answers.belong", NULL);
	assert_error_at(&errs, 4, SUBMISSION_RANGE, "answers.welcome", NULL);
	assert_error_at(&errs, 5, SUBMISSION_RANGE, "answers.change", NULL);
	assert_error_at(&errs, 6, SUBMISSION_UNKNOWN, "about.role", NULL);
	assert_error_at(&errs, 7, SUBMISSION_REQUIRED, "answers.recommend",
	    "answers.recommend is required");
	assert_int_equal(s.value[VOICE], 3);
	submission_clear(&s);

	n = (size_t)snprintf(body, sizeof body, "{\"id\": \"" ID "\", "
	    "\"token\": \"t\", \"answers\": {" REQ);
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(body + n, sizeof body - n, ", \"x%d\": 1", i);
	snprintf(body + n, sizeof body - n, "}}");
	assert_int_equal(json(pulse, body, &s, &errs), -1);
	assert_int_equal(errs.n, SUBMISSION_MAX_ERRORS);
	assert_error_at(&errs, SUBMISSION_MAX_ERRORS - 1, SUBMISSION_UNKNOWN,
	    "answers.x15", NULL);
	submission_clear(&s);

	/* A long, odd key is cut and made printable in the field. */
	n = (size_t)snprintf(body, sizeof body, "{\"id\": \"" ID "\", "
	    "\"token\": \"t\", \"answers\": {" REQ ", \"\xc3\xa9\\n");
	memset(body + n, 'z', 300);
	snprintf(body + n + 300, sizeof body - n - 300, "\": 1}}");
	assert_int_equal(json(pulse, body, &s, &errs), -1);
	assert_int_equal(errs.n, 1);
	assert_int_equal(strlen(errs.e[0].field), sizeof errs.e[0].field - 1);
	assert_memory_equal(errs.e[0].field, "answers.???zzz", 14);
	submission_clear(&s);
}

/* The body need not end in a NUL (ASan checks nothing reads past it). */
static void
test_json_unterminated(void **state)
{
	struct submission s;
	struct submission_errors errs;
	const char *text = pulse_body(REQ, "");
	size_t len = strlen(text);
	char *body = malloc(len);

	assert_non_null(body);
	memcpy(body, text, len);
	assert_valid(submission_from_json(&s, body, len, pulse, &errs), &errs);
	assert_int_equal(s.value[BELONG], 4);
	submission_clear(&s);
	/* Cut short, every prefix is an error and none reads past its end. */
	for (size_t cut = 0; cut < len; cut++) {
		char *part = malloc(cut > 0 ? cut : 1);

		assert_non_null(part);
		memcpy(part, text, cut);
		assert_int_equal(submission_from_json(&s, part, cut, pulse,
		    &errs), -1);
		assert_true(errs.n >= 1);
		submission_clear(&s);
		free(part);
	}
	free(body);
}

/* --- the form ------------------------------------------------------------- */

static void
test_form_valid_full(void **state)
{
	struct submission s;
	struct submission_errors errs;

	assert_valid(form(pulse, FORM_REQ "&lang=es&website="
	    "&q_change=++M%C3%A1s+snacks%2C+por+favor%0D%0A&quote_ok=1"
	    "&about_role=student&about_grade=g6_8&about_gender=self"
	    "&about_gender_text=Two-spirit&about_race=asian&about_race=self"
	    "&about_race_text=Hmong&about_disability=prefer_not"
	    "&about_firstgen=&about_language=en&submit=Send&utm_source=x",
	    &s, &errs), &errs);
	assert_string_equal(s.id, ID);
	assert_string_equal(s.token, "tok.abc");
	assert_int_equal(s.lang, LANG_ES);
	assert_false(s.honeypot);
	assert_int_equal(s.value[BELONG], 4);
	assert_int_equal(s.value[WELCOME], 5);
	assert_int_equal(s.value[VOICE], 3);
	assert_int_equal(s.value[FUTURE], 4);
	assert_int_equal(s.value[RECOMMEND], 9);
	assert_string_equal(s.text[CHANGE], "M\xc3\xa1s snacks, por favor");
	assert_true(s.quote_ok);
	assert_int_equal(s.about[ABOUT_ROLE], code(ABOUT_ROLE, "student"));
	assert_int_equal(s.about[ABOUT_GRADE], code(ABOUT_GRADE, "g6_8"));
	assert_int_equal(s.about[ABOUT_GENDER], code(ABOUT_GENDER, "self"));
	assert_int_equal(s.about[ABOUT_DISABILITY], ABOUT_PREFER_NOT_INDEX);
	assert_int_equal(s.about[ABOUT_FIRSTGEN], SUBMISSION_NOT_ANSWERED);
	assert_int_equal(s.about[ABOUT_LANGUAGE], code(ABOUT_LANGUAGE, "en"));
	assert_int_equal(s.race, (1u << code(ABOUT_RACE, "asian")) |
	    (1u << code(ABOUT_RACE, "self")));
	assert_false(s.race_prefer_not);
	assert_string_equal(s.gender_text, "Two-spirit");
	assert_string_equal(s.race_text, "Hmong");
	assert_true(fabs(s.belonging - 75.0) < 1e-9);
	submission_clear(&s);

	/* Defaults, empty radios, an unticked box, an uppercase id. */
	assert_valid(form(pulse, "id=0B7E4C8A-1F2D-4C3B-9A8E-7D6C5B4A3F21"
	    "&token=t&lang=&q_belong=2&q_welcome=2&q_voice=2&q_future=2"
	    "&q_recommend=0&q_change=&about_role=&about_race=&about_race_text=",
	    &s, &errs), &errs);
	assert_string_equal(s.id, ID);
	assert_int_equal(s.lang, LANG_EN);
	assert_false(s.quote_ok);
	assert_null(s.text[CHANGE]);
	assert_int_equal(s.about[ABOUT_ROLE], SUBMISSION_NOT_ANSWERED);
	assert_int_equal(s.race, 0);
	assert_null(s.race_text);
	assert_true(fabs(s.belonging - 25.0) < 1e-9);
	submission_clear(&s);

	/* A checkbox without a value sends "on"; race prefer_not alone. */
	assert_valid(form(pulse, FORM_REQ "&quote_ok=on&about_race=prefer_not",
	    &s, &errs), &errs);
	assert_true(s.quote_ok);
	assert_true(s.race_prefer_not);
	submission_clear(&s);
}

static void
test_form_honeypot(void **state)
{
	struct submission s;
	struct submission_errors errs;

	assert_valid(form(pulse, FORM_REQ "&website=http%3A%2F%2Fspam.example",
	    &s, &errs), &errs);
	assert_true(s.honeypot);
	submission_clear(&s);
	assert_valid(form(pulse, FORM_REQ "&website=", &s, &errs), &errs);
	assert_false(s.honeypot);
	submission_clear(&s);
}

static void
test_form_choice_multi(void **state)
{
	struct submission s;
	struct submission_errors errs;

	assert_valid(form(custom, "id=" ID "&token=t&q_where=home&q_topics=c"
	    "&q_topics=a&q_topics=&q_note=hi&q_fun=3", &s, &errs), &errs);
	assert_int_equal(s.value[WHERE], 1);
	assert_int_equal(s.chosen[TOPICS], (1u << 0) | (1u << 2));
	assert_string_equal(s.text[NOTE], "hi");
	assert_int_equal(s.value[FUN], 3);
	assert_true(isnan(s.belonging));
	submission_clear(&s);

	assert_only_error(form(custom, "id=" ID "&token=t&q_where=home"
	    "&q_topics=a&q_topics=a", &s, &errs), &errs, SUBMISSION_INVALID,
	    "answers.topics", "answers.topics lists an option more than once");
	submission_clear(&s);
	assert_only_error(form(custom, "id=" ID "&token=t&q_where=home"
	    "&q_topics=q", &s, &errs), &errs, SUBMISSION_UNKNOWN,
	    "answers.topics", "answers.topics has an unknown option");
	submission_clear(&s);
	assert_only_error(form(custom, "id=" ID "&token=t&q_where=mars",
	    &s, &errs), &errs, SUBMISSION_UNKNOWN, "answers.where",
	    "answers.where has an unknown option");
	submission_clear(&s);
	assert_only_error(form(custom, "id=" ID "&token=t&q_where=home"
	    "&q_where=school", &s, &errs), &errs, SUBMISSION_MALFORMED,
	    "answers.where", "answers.where is given more than once");
	submission_clear(&s);
	assert_only_error(form(custom, "id=" ID "&token=t&q_where=",
	    &s, &errs), &errs, SUBMISSION_REQUIRED, "answers.where",
	    "answers.where is required");
	submission_clear(&s);
	assert_only_error(form(custom, "id=" ID "&token=t&q_where=home"
	    "&q_note=0123456789x", &s, &errs), &errs, SUBMISSION_TOO_LONG,
	    "answers.note", "answers.note must be at most 10 characters");
	submission_clear(&s);
	/* Questions the instrument does not ask are ignored on the form. */
	assert_valid(form(custom, "id=" ID "&token=t&q_where=home"
	    "&about_role=student&about_shoe=42", &s, &errs), &errs);
	assert_int_equal(s.about[ABOUT_ROLE], SUBMISSION_NOT_ANSWERED);
	submission_clear(&s);
}

static void
test_form_numbers(void **state)
{
	static const char *const bad[] = {
		"4.5", "abc", "6", "0", "04", "%2B4", "-1", "4+", "+4", "1e0",
		"999999999999999999999", "4%20",
	};
	struct submission s;
	struct submission_errors errs;
	char body[512];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(body, sizeof body, "id=" ID "&token=t&q_belong=%s"
		    "&q_welcome=5&q_voice=3&q_future=4&q_recommend=9", bad[i]);
		assert_only_error(form(pulse, body, &s, &errs), &errs,
		    SUBMISSION_RANGE, "answers.belong",
		    "answers.belong must be an integer from 1 to 5");
		assert_int_equal(errs.e[0].item, BELONG);
		submission_clear(&s);
	}
	assert_only_error(form(pulse, "id=" ID "&token=t&q_belong=1&q_welcome=5"
	    "&q_voice=3&q_future=4&q_recommend=11", &s, &errs), &errs,
	    SUBMISSION_RANGE, "answers.recommend",
	    "answers.recommend must be an integer from 0 to 10");
	submission_clear(&s);
	assert_valid(form(pulse, "id=" ID "&token=t&q_belong=1&q_welcome=5"
	    "&q_voice=3&q_future=4&q_recommend=10", &s, &errs), &errs);
	assert_int_equal(s.value[RECOMMEND], 10);
	submission_clear(&s);
}

static void
test_form_errors(void **state)
{
	struct submission s;
	struct submission_errors errs;
	const struct submission_error *e;
	char *body, *p;

	/* Nothing at all: every required thing is reported. */
	assert_int_equal(form(pulse, "", &s, &errs), -1);
	assert_int_equal(errs.n, 7);
	find_error(&errs, "id");
	find_error(&errs, "token");
	e = find_error(&errs, "answers.future");
	assert_int_equal(e->problem, SUBMISSION_REQUIRED);
	assert_string_equal(e->message, "answers.future is required");
	submission_clear(&s);

	assert_only_error(form(pulse, FORM_REQ "&q_bogus=1", &s, &errs), &errs,
	    SUBMISSION_UNKNOWN, "answers.bogus",
	    "answers.bogus is not a question of this survey");
	submission_clear(&s);
	assert_only_error(form(pulse, FORM_REQ "&q_=1", &s, &errs), &errs,
	    SUBMISSION_UNKNOWN, "answers.", NULL);
	submission_clear(&s);
	assert_only_error(form(pulse, FORM_REQ "&about_role=astronaut", &s,
	    &errs), &errs, SUBMISSION_UNKNOWN, "about.role",
	    "about.role has an unknown code");
	submission_clear(&s);
	assert_only_error(form(pulse, FORM_REQ "&about_race=asian"
	    "&about_race=prefer_not", &s, &errs), &errs, SUBMISSION_INVALID,
	    "about.race",
	    "about.race cannot combine \"prefer_not\" with other codes");
	submission_clear(&s);
	assert_only_error(form(pulse, FORM_REQ "&about_race=asian"
	    "&about_race=asian", &s, &errs), &errs, SUBMISSION_INVALID,
	    "about.race", "about.race lists a code more than once");
	submission_clear(&s);
	assert_only_error(form(pulse, FORM_REQ "&about_gender=woman"
	    "&about_gender_text=x", &s, &errs), &errs, SUBMISSION_INVALID,
	    "about.gender_text",
	    "about.gender_text is allowed only when the answer is \"self\"");
	submission_clear(&s);
	assert_only_error(form(pulse, FORM_REQ "&about_role=student"
	    "&about_role=other", &s, &errs), &errs, SUBMISSION_MALFORMED,
	    "about.role", "about.role is given more than once");
	submission_clear(&s);
	assert_only_error(form(pulse, FORM_REQ "&id=" ID, &s, &errs), &errs,
	    SUBMISSION_MALFORMED, "id", "id is given more than once");
	submission_clear(&s);
	assert_only_error(form(pulse, FORM_REQ "&lang=fr", &s, &errs), &errs,
	    SUBMISSION_INVALID, "lang", "lang must be \"en\" or \"es\"");
	submission_clear(&s);
	assert_only_error(form(pulse, FORM_REQ "&quote_ok=yes", &s, &errs),
	    &errs, SUBMISSION_INVALID, "quote_ok", "quote_ok must be 1");
	submission_clear(&s);
	assert_only_error(form(pulse, "id=nope&token=t&q_belong=4&q_welcome=5"
	    "&q_voice=3&q_future=4&q_recommend=9", &s, &errs), &errs,
	    SUBMISSION_INVALID, "id", "id must be a UUID");
	submission_clear(&s);

	/* Too long, and 500 two-byte characters percent-encoded are not. */
	body = malloc(8192);
	assert_non_null(body);
	p = body + sprintf(body, FORM_REQ "&q_change=");
	for (int i = 0; i < 500; i++)
		p += sprintf(p, "%%C3%%B1");
	assert_valid(form(pulse, body, &s, &errs), &errs);
	assert_int_equal(strlen(s.text[CHANGE]), 1000);
	submission_clear(&s);
	p = body + sprintf(body, FORM_REQ "&q_change=");
	memset(p, 'a', 501);
	p[501] = '\0';
	assert_only_error(form(pulse, body, &s, &errs), &errs,
	    SUBMISSION_TOO_LONG, "answers.change",
	    "answers.change must be at most 500 characters");
	assert_int_equal(strlen(s.text[CHANGE]), 501);
	submission_clear(&s);
	free(body);
}

static void
test_form_utf8(void **state)
{
	static const struct {
		const char *extra, *field;
	} bad[] = {
		{ "&q_change=%C0%80", "answers.change" },
		{ "&q_change=%ED%A0%80", "answers.change" },
		{ "&q_change=a%FFb", "answers.change" },
		{ "&q_change=a%00b", "answers.change" },
		{ "&q_change=%C3", "answers.change" },
		{ "&q_change=\xff", "answers.change" },
		{ "&about_role=%C0%80", "about.role" },
		{ "&about_race=asian&about_race=%ED%A0%80", "about.race" },
		{ "&about_gender=self&about_gender_text=%E0%80%80",
		  "about.gender_text" },
		{ "&lang=%F5%80%80%80", "lang" },
	};
	struct submission s;
	struct submission_errors errs;
	char body[512], msg[128];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(body, sizeof body, FORM_REQ "%s", bad[i].extra);
		snprintf(msg, sizeof msg, "%s is not valid UTF-8", bad[i].field);
		assert_only_error(form(pulse, body, &s, &errs), &errs,
		    SUBMISSION_UTF8, bad[i].field, msg);
		submission_clear(&s);
	}
	/* Hidden fields too; a NUL is not a character we take. */
	assert_int_equal(form(pulse, "id=" ID "&token=t%00x&q_belong=4"
	    "&q_welcome=5&q_voice=3&q_future=4&q_recommend=9", &s, &errs), -1);
	assert_error_at(&errs, 0, SUBMISSION_UTF8, "token",
	    "token is not valid UTF-8");
	submission_clear(&s);
	/* Raw bytes in a field we ignore do not matter. */
	assert_valid(form(pulse, FORM_REQ "&extra=%FF%C0", &s, &errs), &errs);
	submission_clear(&s);
}

static void
test_form_malformed(void **state)
{
	static const char *const bad[] = {
		"&q_change=%zz", "&q_change=%4", "&q_change=%", "&q%zz=1",
		"&q_change=%G0",
	};
	struct submission s;
	struct submission_errors errs;
	char body[512];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(body, sizeof body, FORM_REQ "%s", bad[i]);
		assert_only_error(form(pulse, body, &s, &errs), &errs,
		    SUBMISSION_MALFORMED, "", "body is not valid form data");
		submission_clear(&s);
	}
	/* Empty pairs and pairs without '=' are harmless. */
	assert_valid(form(pulse, "&&" FORM_REQ "&&flag&=x&", &s, &errs), &errs);
	submission_clear(&s);
	/* Encoded names are decoded like values. */
	assert_valid(form(pulse, "id=" ID "&token=t&q%5Fbelong=4&q_welcome=5"
	    "&q_voice=3&q_future=4&q_recommend=9", &s, &errs), &errs);
	assert_int_equal(s.value[BELONG], 4);
	submission_clear(&s);
	/* A NUL in a name makes it no name we know. */
	assert_valid(form(pulse, FORM_REQ "&lang%00x=fr", &s, &errs), &errs);
	submission_clear(&s);
	assert_only_error(form(pulse, FORM_REQ "&q_change%00=x", &s, &errs),
	    &errs, SUBMISSION_UNKNOWN, "answers.change", NULL);
	submission_clear(&s);
}

/* --- messages and ids ----------------------------------------------------- */

static void
test_error_text(void **state)
{
	static const struct {
		enum submission_problem prob;
		const char *field;
		int item, about;
		const char *en, *es;
	} cases[] = {
		{ SUBMISSION_REQUIRED, "answers.belong", BELONG, -1,
		  "Please answer this question.",
		  "Por favor, responde esta pregunta." },
		{ SUBMISSION_RANGE, "answers.belong", BELONG, -1,
		  "Choose one of the answers.", "Elige una de las respuestas." },
		{ SUBMISSION_TOO_LONG, "answers.change", CHANGE, -1,
		  "Please shorten this to 500 characters or fewer.",
		  "Por favor, ac\xc3\xb3rtalo a 500 caracteres o menos." },
		{ SUBMISSION_TOO_LONG, "about.gender_text", -1, ABOUT_GENDER,
		  "Please shorten this to 60 characters or fewer.",
		  "Por favor, ac\xc3\xb3rtalo a 60 caracteres o menos." },
		{ SUBMISSION_UTF8, "answers.change", CHANGE, -1,
		  "Some characters of this answer could not be read. Please type it again.",
		  "Algunos caracteres de esta respuesta no se pudieron leer. Por favor, escr\xc3\xad" "bela de nuevo." },
		{ SUBMISSION_UNKNOWN, "about.role", -1, ABOUT_ROLE,
		  "This answer is not one of the choices. Please choose again.",
		  "Esta respuesta no es una de las opciones. Por favor, elige de nuevo." },
		{ SUBMISSION_INVALID, "answers.topics", TOPICS, -1,
		  "Choose each answer only once.",
		  "Elige cada respuesta una sola vez." },
		{ SUBMISSION_INVALID, "about.race", -1, ABOUT_RACE,
		  "Choose each answer only once; \xe2\x80\x9cPrefer not to say\xe2\x80\x9d cannot be combined with other answers.",
		  "Elige cada respuesta una sola vez; \xc2\xabPrefiero no decirlo\xc2\xbb no se puede combinar con otras respuestas." },
		{ SUBMISSION_INVALID, "about.gender_text", -1, ABOUT_GENDER,
		  "This box goes with the answer \xe2\x80\x9cSelf-described\xe2\x80\x9d: choose it, or leave the box empty.",
		  "Este cuadro va con la respuesta \xc2\xabMe describo de otra forma\xc2\xbb: el\xc3\xadgela, o deja el cuadro vac\xc3\xado." },
		{ SUBMISSION_REQUIRED, "id", -1, -1,
		  "Something went wrong with this form. Please reload the page and try again.",
		  "Algo sali\xc3\xb3 mal con este formulario. Por favor, vuelve a cargar la p\xc3\xa1gina e int\xc3\xa9ntalo de nuevo." },
		{ SUBMISSION_UNKNOWN, "answers.bogus", -1, -1,
		  "Something went wrong with this form. Please reload the page and try again.", NULL },
		{ SUBMISSION_MALFORMED, "", -1, -1,
		  "Something went wrong with this form. Please reload the page and try again.", NULL },
		{ SUBMISSION_MALFORMED, "answers.belong", BELONG, -1,
		  "Something went wrong with this form. Please reload the page and try again.", NULL },
	};
	struct submission_error e;
	char buf[256], small[8];
	const struct instrument *ins;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&e, 0, sizeof e);
		e.problem = cases[i].prob;
		snprintf(e.field, sizeof e.field, "%s", cases[i].field);
		e.item = cases[i].item;
		e.about = cases[i].about;
		ins = e.item == TOPICS ? custom : pulse;
		assert_string_equal(submission_error_text(&e, ins, LANG_EN, buf,
		    sizeof buf), cases[i].en);
		if (cases[i].es != NULL)
			assert_string_equal(submission_error_text(&e, ins,
			    LANG_ES, buf, sizeof buf), cases[i].es);
	}
	/* The custom max_length, and a small buffer is cut, not overrun. */
	memset(&e, 0, sizeof e);
	e.problem = SUBMISSION_TOO_LONG;
	e.item = NOTE;
	e.about = -1;
	assert_string_equal(submission_error_text(&e, custom, LANG_EN, buf,
	    sizeof buf), "Please shorten this to 10 characters or fewer.");
	assert_string_equal(submission_error_text(&e, custom, LANG_EN, small,
	    sizeof small), "Please ");
}

/* Errors from a real parse read well in both languages. */
static void
test_error_text_from_parse(void **state)
{
	struct submission s;
	struct submission_errors errs;
	char buf[256];

	assert_int_equal(form(pulse, "id=" ID "&token=t&lang=es&q_belong=9"
	    "&q_welcome=5&q_voice=3&q_future=4", &s, &errs), -1);
	assert_int_equal(errs.n, 2);
	assert_string_equal(submission_error_text(&errs.e[0], pulse, s.lang,
	    buf, sizeof buf), "Elige una de las respuestas.");
	assert_string_equal(submission_error_text(&errs.e[1], pulse, s.lang,
	    buf, sizeof buf), "Por favor, responde esta pregunta.");
	submission_clear(&s);
}

static void
test_new_id(void **state)
{
	struct submission s;
	struct submission_errors errs;
	char a[37], b[37], body[256];

	assert_int_equal(submission_new_id(a), 0);
	assert_int_equal(submission_new_id(b), 0);
	assert_int_equal(strlen(a), 36);
	assert_string_not_equal(a, b);
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23)
			assert_int_equal(a[i], '-');
		else
			assert_non_null(strchr("0123456789abcdef", a[i]));
	}
	assert_int_equal(a[14], '4');
	assert_non_null(strchr("89ab", a[19]));
	/* It is an id the parser takes as it is. */
	snprintf(body, sizeof body, "{\"id\": \"%s\", \"token\": \"t\", "
	    "\"answers\": {" REQ "}}", a);
	assert_valid(json(pulse, body, &s, &errs), &errs);
	assert_string_equal(s.id, a);
	submission_clear(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_valid_full),
		cmocka_unit_test(test_json_minimal),
		cmocka_unit_test(test_json_belonging_constructs),
		cmocka_unit_test(test_json_required),
		cmocka_unit_test(test_json_likert_wrong),
		cmocka_unit_test(test_json_scale_wrong),
		cmocka_unit_test(test_json_unknown),
		cmocka_unit_test(test_json_choice_multi),
		cmocka_unit_test(test_json_about_rules),
		cmocka_unit_test(test_json_text_length),
		cmocka_unit_test(test_json_utf8),
		cmocka_unit_test(test_json_malformed),
		cmocka_unit_test(test_json_fields),
		cmocka_unit_test(test_json_many_errors),
		cmocka_unit_test(test_json_unterminated),
		cmocka_unit_test(test_form_valid_full),
		cmocka_unit_test(test_form_honeypot),
		cmocka_unit_test(test_form_choice_multi),
		cmocka_unit_test(test_form_numbers),
		cmocka_unit_test(test_form_errors),
		cmocka_unit_test(test_form_utf8),
		cmocka_unit_test(test_form_malformed),
		cmocka_unit_test(test_error_text),
		cmocka_unit_test(test_error_text_from_parse),
		cmocka_unit_test(test_new_id),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
