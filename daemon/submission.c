/*
 * One survey response, from the API (JSON) or the form (urlencoded),
 * checked against the event's instrument.  Both paths feed the same
 * setters, so they accept the same values and report the same field names
 * and messages.  This runs in the request path: nothing here exits, and
 * running out of memory is reported like any other error.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "submission.h"
#include "utf8.h"

#define SUB_TOKEN_MAX 512	/* bytes; a form token is far shorter */
#define SUB_FIELD_MAX sizeof(((struct submission_error *)0)->field)

/* The top-level fields, for "given twice" and "already reported". */
enum sub_top {
	SUB_ID,
	SUB_TOKEN,
	SUB_LANG,
	SUB_QUOTE_OK,
	SUB_ANSWERS,
	SUB_ABOUT,
	SUB_CODE,
	SUB_TOP_COUNT
};

static const char *const sub_top_names[SUB_TOP_COUNT] = {
	"id", "token", "lang", "quote_ok", "answers", "about", "code"
};

/*
 * The state of one parse.  The *_bad flags keep one error per field: a
 * list with three unknown codes is one thing for the respondent to fix.
 */
struct sub_ctx {
	struct submission *s;
	const struct instrument *ins;
	struct submission_errors *errs;
	int nitems;
	bool top_seen[SUB_TOP_COUNT];
	bool top_bad[SUB_TOP_COUNT];
	bool item_seen[INSTRUMENT_MAX_ITEMS];
	bool item_bad[INSTRUMENT_MAX_ITEMS];
	bool about_seen[ABOUT_COUNT];
	bool about_bad[ABOUT_COUNT];
	bool text_seen[ABOUT_COUNT];	/* the question's *_text field */
	bool text_bad[ABOUT_COUNT];
	bool code_seen[CODE_COUNT];
	bool code_bad[CODE_COUNT];
	bool oom;
};

void
submission_init(struct submission *s)
{
	memset(s, 0, sizeof *s);
	s->lang = LANG_EN;
	for (int i = 0; i < INSTRUMENT_MAX_ITEMS; i++)
		s->value[i] = SUBMISSION_NOT_ANSWERED;
	for (int i = 0; i < ABOUT_COUNT; i++)
		s->about[i] = SUBMISSION_NOT_ANSWERED;
	s->belonging = NAN;
	for (int e = 0; e < CODE_COUNT; e++)
		s->code[e] = CODE_NOT_ANSWERED;
}

/* Frees what s owns and leaves it initialised, so clearing twice is safe. */
void
submission_clear(struct submission *s)
{
	free(s->token);
	for (int i = 0; i < INSTRUMENT_MAX_ITEMS; i++)
		free(s->text[i]);
	free(s->gender_text);
	free(s->race_text);
	OPENSSL_cleanse(s->code, sizeof s->code);
	submission_init(s);
}

/*
 * Copy prefix and name into a field name.  Names come from the client, so
 * anything but printable ASCII becomes '?': the field is echoed in JSON
 * and HTML, and a cut in the middle of a UTF-8 sequence would be invalid.
 */
static void
sub_field(char *out, size_t size, const char *prefix, const char *name)
{
	size_t n = 0;

	for (const char *p = prefix; *p != '\0' && n + 1 < size; p++)
		out[n++] = *p;
	for (const unsigned char *p = (const unsigned char *)name;
	    *p != '\0' && n + 1 < size; p++)
		out[n++] = *p >= 0x20 && *p < 0x7f ? (char)*p : '?';
	out[n] = '\0';
}

/* Record an error unless *bad says this field already has one. */
static void __attribute__((format(printf, 7, 8)))
sub_error(struct sub_ctx *c, bool *bad, enum submission_problem problem,
    const char *field, int item, int about, const char *fmt, ...)
{
	struct submission_error *e;
	va_list ap;

	if (bad != NULL) {
		if (*bad)
			return;
		*bad = true;
	}
	if (c->errs->n >= SUBMISSION_MAX_ERRORS)
		return;
	e = &c->errs->e[c->errs->n++];
	e->problem = problem;
	sub_field(e->field, sizeof e->field, "", field);
	e->item = item;
	e->about = about;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
}

/* Out of memory is said once, whatever else fails after it. */
static void
sub_oom(struct sub_ctx *c)
{
	sub_error(c, &c->oom, SUBMISSION_MALFORMED, "", -1, -1,
	    "out of memory");
}

static void
sub_top_error(struct sub_ctx *c, enum sub_top f,
    enum submission_problem problem, const char *what)
{
	sub_error(c, &c->top_bad[f], problem, sub_top_names[f], -1, -1,
	    "%s %s", sub_top_names[f], what);
}

static void
sub_item_error(struct sub_ctx *c, int i, enum submission_problem problem,
    const char *what)
{
	char field[SUB_FIELD_MAX];

	sub_field(field, sizeof field, "answers.", c->ins->items[i].id);
	sub_error(c, &c->item_bad[i], problem, field, i, -1, "%s %s", field,
	    what);
}

/* An error about question f, or (text) about its *_text field. */
static void
sub_about_error(struct sub_ctx *c, int f, bool text,
    enum submission_problem problem, const char *what)
{
	const struct about_question *q = &about_questions[f];
	char field[SUB_FIELD_MAX];

	sub_field(field, sizeof field, "about.", text ? q->text_field : q->name);
	sub_error(c, text ? &c->text_bad[f] : &c->about_bad[f], problem, field,
	    -1, f, "%s %s", field, what);
}

/* An error about an element of the matching code: named, never echoed. */
static void
sub_code_error(struct sub_ctx *c, int e, enum submission_problem problem,
    const char *what)
{
	char field[SUB_FIELD_MAX];

	sub_field(field, sizeof field, "code.", code_elements[e].name);
	sub_error(c, &c->code_bad[e], problem, field, -1, -1, "%s %s", field,
	    what);
}

static void
sub_code_unknown(struct sub_ctx *c, const char *name)
{
	char field[SUB_FIELD_MAX];

	sub_field(field, sizeof field, "code.", name);
	sub_error(c, NULL, SUBMISSION_UNKNOWN, field, -1, -1,
	    "%s is not an element of the matching code", field);
}

/* Where a question's self-described text is kept; NULL if nowhere. */
static char **
sub_about_text_slot(struct submission *s, int f)
{
	if (f == ABOUT_GENDER)
		return &s->gender_text;
	if (f == ABOUT_RACE)
		return &s->race_text;
	return NULL;
}

static bool
sub_is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	    ch == '\v' || ch == '\f';
}

/*
 * Check a text answer and keep a trimmed copy in *out (NULL when blank).
 * A text that is too long is kept, so the form can show it to be
 * shortened; one that is not UTF-8 is not, since it cannot be shown.
 * Returns 0, or -1 with *what and *problem saying why not.
 */
static int
sub_text(struct sub_ctx *c, const char *str, size_t len, int max,
    char **out, enum submission_problem *problem)
{
	const char *b = str, *e = str + len;
	char *copy;

	if (!utf8_valid(str, len)) {
		*problem = SUBMISSION_UTF8;
		return -1;
	}
	while (b < e && sub_is_space(*b))
		b++;
	while (e > b && sub_is_space(e[-1]))
		e--;
	free(*out);
	*out = NULL;
	if (b == e)
		return 0;
	copy = malloc((size_t)(e - b) + 1);
	if (copy == NULL) {
		sub_oom(c);
		return 0;
	}
	memcpy(copy, b, (size_t)(e - b));
	copy[e - b] = '\0';
	*out = copy;
	if (utf8_length(copy) > (size_t)max) {
		*problem = SUBMISSION_TOO_LONG;
		return -1;
	}
	return 0;
}

/* --- the setters both paths share ---------------------------------------- */

static bool
sub_uuid_valid(const char *v)
{
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (v[i] != '-')
				return false;
		} else if (!((v[i] >= '0' && v[i] <= '9') ||
		    (v[i] >= 'a' && v[i] <= 'f') ||
		    (v[i] >= 'A' && v[i] <= 'F')))
			return false;
	}
	return v[36] == '\0';
}

/* v is NULL when the value was not a string. */
static void
sub_set_id(struct sub_ctx *c, const char *v)
{
	if (v == NULL || strlen(v) != 36 || !sub_uuid_valid(v)) {
		sub_top_error(c, SUB_ID, SUBMISSION_INVALID, "must be a UUID");
		return;
	}
	/* Lowercase so that a retry in another case is the same response. */
	for (int i = 0; i < 36; i++)
		c->s->id[i] = v[i] >= 'A' && v[i] <= 'F' ? (char)(v[i] + 32) :
		    v[i];
	c->s->id[36] = '\0';
}

static void
sub_set_token(struct sub_ctx *c, const char *v)
{
	size_t len;

	if (v == NULL) {
		sub_top_error(c, SUB_TOKEN, SUBMISSION_INVALID,
		    "must be a string");
		return;
	}
	len = strlen(v);
	if (len == 0)
		return;		/* reported as missing at the end */
	if (len > SUB_TOKEN_MAX) {
		sub_top_error(c, SUB_TOKEN, SUBMISSION_TOO_LONG,
		    "must be at most 512 bytes");
		return;
	}
	/* Tokens are printable ASCII; anything else must not reach a log. */
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)v[i] <= 0x20 || (unsigned char)v[i] >= 0x7f) {
			sub_top_error(c, SUB_TOKEN, SUBMISSION_INVALID,
			    "must be printable ASCII");
			return;
		}
	}
	free(c->s->token);
	c->s->token = strdup(v);
	if (c->s->token == NULL)
		sub_oom(c);
}

/* A number answer; ok is false when the value was not a number at all. */
static void
sub_item_number(struct sub_ctx *c, int i, bool ok, double x)
{
	const struct item *it = &c->ins->items[i];
	int lo = it->type == ITEM_LIKERT5 ? 1 : 0;
	int hi = it->type == ITEM_LIKERT5 ? 5 : 10;
	char what[64];

	/* The comparisons also turn away NaN and the infinities. */
	if (!ok || !(x >= lo && x <= hi) || (double)(int)x != x) {
		snprintf(what, sizeof what, "must be an integer from %d to %d",
		    lo, hi);
		sub_item_error(c, i, SUBMISSION_RANGE, what);
		return;
	}
	c->s->value[i] = (int)x;
}

static int
sub_option_index(const struct item *it, const char *code)
{
	for (int k = 0; k < it->noptions && k < 32; k++)
		if (strcmp(it->options[k].code, code) == 0)
			return k;
	return -1;
}

static void
sub_item_choice(struct sub_ctx *c, int i, const char *code)
{
	int k;

	if (code == NULL) {
		sub_item_error(c, i, SUBMISSION_RANGE,
		    "must be one of the option codes");
		return;
	}
	if ((k = sub_option_index(&c->ins->items[i], code)) < 0) {
		sub_item_error(c, i, SUBMISSION_UNKNOWN,
		    "has an unknown option");
		return;
	}
	c->s->value[i] = k;
}

static void
sub_item_multi_add(struct sub_ctx *c, int i, const char *code)
{
	int k;

	if (code == NULL) {
		sub_item_error(c, i, SUBMISSION_RANGE,
		    "must be a list of option codes");
		return;
	}
	if ((k = sub_option_index(&c->ins->items[i], code)) < 0) {
		sub_item_error(c, i, SUBMISSION_UNKNOWN,
		    "has an unknown option");
		return;
	}
	if (c->s->chosen[i] & (UINT32_C(1) << k)) {
		sub_item_error(c, i, SUBMISSION_INVALID,
		    "lists an option more than once");
		return;
	}
	c->s->chosen[i] |= UINT32_C(1) << k;
}

static void
sub_item_text(struct sub_ctx *c, int i, const char *str)
{
	const struct item *it = &c->ins->items[i];
	int max = it->max_length > 0 ? it->max_length : INSTRUMENT_TEXT_DEFAULT;
	enum submission_problem problem;
	char what[64];

	if (str == NULL) {
		sub_item_error(c, i, SUBMISSION_RANGE, "must be a string");
		return;
	}
	if (sub_text(c, str, strlen(str), max, &c->s->text[i], &problem) == 0)
		return;
	if (problem == SUBMISSION_UTF8) {
		sub_item_error(c, i, problem, "is not valid UTF-8");
		return;
	}
	snprintf(what, sizeof what, "must be at most %d characters", max);
	sub_item_error(c, i, problem, what);
}

/* A single-choice about-you question (not race). */
static void
sub_about_code(struct sub_ctx *c, int f, const char *code)
{
	int k;

	if (code == NULL) {
		sub_about_error(c, f, false, SUBMISSION_INVALID,
		    "must be one of its codes or \"prefer_not\"");
		return;
	}
	if ((k = about_code_index(&about_questions[f], code)) < 0) {
		sub_about_error(c, f, false, SUBMISSION_UNKNOWN,
		    "has an unknown code");
		return;
	}
	c->s->about[f] = k;
}

/* One code of the race list; mixing with prefer_not is checked at the end. */
static void
sub_about_race_add(struct sub_ctx *c, const char *code)
{
	struct submission *s = c->s;
	int k;

	if (code == NULL) {
		sub_about_error(c, ABOUT_RACE, false, SUBMISSION_INVALID,
		    "must be a list of codes");
		return;
	}
	k = about_code_index(&about_questions[ABOUT_RACE], code);
	if (k < 0 || (k != ABOUT_PREFER_NOT_INDEX && k >= 32)) {
		sub_about_error(c, ABOUT_RACE, false, SUBMISSION_UNKNOWN,
		    "has an unknown code");
		return;
	}
	if (k == ABOUT_PREFER_NOT_INDEX ? s->race_prefer_not :
	    (s->race & (UINT32_C(1) << k)) != 0) {
		sub_about_error(c, ABOUT_RACE, false, SUBMISSION_INVALID,
		    "lists a code more than once");
		return;
	}
	if (k == ABOUT_PREFER_NOT_INDEX)
		s->race_prefer_not = true;
	else
		s->race |= UINT32_C(1) << k;
}

static void
sub_about_text(struct sub_ctx *c, int f, const char *str)
{
	char **slot = sub_about_text_slot(c->s, f);
	enum submission_problem problem;
	char what[64];

	if (str == NULL) {
		sub_about_error(c, f, true, SUBMISSION_INVALID,
		    "must be a string");
		return;
	}
	if (sub_text(c, str, strlen(str), ABOUT_TEXT_MAX, slot, &problem) == 0)
		return;
	if (problem == SUBMISSION_UTF8) {
		sub_about_error(c, f, true, problem, "is not valid UTF-8");
		return;
	}
	snprintf(what, sizeof what, "must be at most %d characters",
	    ABOUT_TEXT_MAX);
	sub_about_error(c, f, true, problem, what);
}

/* The item with this id, as an index, or -1. */
static int
sub_item_index(const struct sub_ctx *c, const char *id)
{
	const struct item *it = instrument_item(c->ins, id);

	if (it == NULL || it < c->ins->items || it - c->ins->items >= c->nitems)
		return -1;
	return (int)(it - c->ins->items);
}

/*
 * The about-you question named name, asked by this instrument, as an
 * index; or -1.  *text says whether name is the question's *_text field.
 */
static int
sub_about_index(const struct sub_ctx *c, const char *name, bool *text)
{
	for (int f = 0; f < ABOUT_COUNT; f++) {
		const struct about_question *q = &about_questions[f];

		if (!c->ins->about[f])
			continue;
		if (strcmp(q->name, name) == 0) {
			*text = false;
			return f;
		}
		if (q->text_field != NULL && strcmp(q->text_field, name) == 0 &&
		    sub_about_text_slot(c->s, f) != NULL) {
			*text = true;
			return f;
		}
	}
	return -1;
}

static void
sub_start(struct sub_ctx *c, struct submission *s,
    const struct instrument *ins, struct submission_errors *errs)
{
	memset(c, 0, sizeof *c);
	c->s = s;
	c->ins = ins;
	c->errs = errs;
	c->nitems = ins->nitems < INSTRUMENT_MAX_ITEMS ? ins->nitems :
	    INSTRUMENT_MAX_ITEMS;
	errs->n = 0;
	submission_init(s);
}

/* The checks that need the whole response, and the belonging index. */
static void
sub_finish(struct sub_ctx *c)
{
	struct submission *s = c->s;
	double sum = 0;
	int n = 0;

	if (s->id[0] == '\0')
		sub_top_error(c, SUB_ID, SUBMISSION_REQUIRED, "is required");
	if (s->token == NULL)
		sub_top_error(c, SUB_TOKEN, SUBMISSION_REQUIRED, "is required");
	for (int i = 0; i < c->nitems; i++) {
		const struct item *it = &c->ins->items[i];
		bool answered;

		switch (it->type) {
		case ITEM_MULTI:
			answered = s->chosen[i] != 0;
			break;
		case ITEM_TEXT:
			answered = s->text[i] != NULL;
			break;
		default:
			answered = s->value[i] != SUBMISSION_NOT_ANSWERED;
			break;
		}
		/* With answers not an object, "required" would only be noise. */
		if (it->required && !answered && !c->top_bad[SUB_ANSWERS])
			sub_item_error(c, i, SUBMISSION_REQUIRED, "is required");
		/* A "before" answer is the retrospective pre: change
		 * computes its index, the stored one is about now. */
		if (it->type == ITEM_LIKERT5 && answered &&
		    instrument_item_in_index(it)) {
			sum += s->value[i];
			n++;
		}
	}
	s->belonging = n > 0 ? (sum / n - 1) / 4 * 100 : NAN;

	if (s->race_prefer_not && s->race != 0)
		sub_about_error(c, ABOUT_RACE, false, SUBMISSION_INVALID,
		    "cannot combine \"prefer_not\" with other codes");
	/* Self-described text only goes with the answer "self". */
	for (int f = 0; f < ABOUT_COUNT; f++) {
		char **slot = sub_about_text_slot(s, f);
		int self = about_code_index(&about_questions[f], "self");
		bool is_self;

		if (slot == NULL || *slot == NULL || c->about_bad[f])
			continue;
		if (f == ABOUT_RACE)
			is_self = self >= 0 && self < 32 &&
			    (s->race & (UINT32_C(1) << self)) != 0;
		else
			is_self = self >= 0 && s->about[f] == self;
		if (!is_self)
			sub_about_error(c, f, true, SUBMISSION_INVALID,
			    f == ABOUT_RACE ?
			    "is allowed only when about.race includes \"self\"" :
			    "is allowed only when the answer is \"self\"");
	}
}

/* --- JSON ---------------------------------------------------------------- */

static const char *
sub_json_string(const cJSON *v)
{
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void
sub_json_answer(struct sub_ctx *c, const cJSON *v)
{
	char field[SUB_FIELD_MAX];
	const cJSON *el;
	int i = sub_item_index(c, v->string);

	if (i < 0) {
		sub_field(field, sizeof field, "answers.", v->string);
		sub_error(c, NULL, SUBMISSION_UNKNOWN, field, -1, -1,
		    "%s is not a question of this survey", field);
		return;
	}
	if (c->item_seen[i]) {
		sub_item_error(c, i, SUBMISSION_MALFORMED,
		    "is given more than once");
		return;
	}
	c->item_seen[i] = true;
	switch (c->ins->items[i].type) {
	case ITEM_LIKERT5:
	case ITEM_SCALE0_10:
		sub_item_number(c, i, cJSON_IsNumber(v), v->valuedouble);
		break;
	case ITEM_CHOICE:
		sub_item_choice(c, i, sub_json_string(v));
		break;
	case ITEM_MULTI:
		if (!cJSON_IsArray(v)) {
			sub_item_multi_add(c, i, NULL);
			break;
		}
		cJSON_ArrayForEach(el, v)
			sub_item_multi_add(c, i, sub_json_string(el));
		break;
	case ITEM_TEXT:
		sub_item_text(c, i, sub_json_string(v));
		break;
	}
}

static void
sub_json_about(struct sub_ctx *c, const cJSON *v)
{
	char field[SUB_FIELD_MAX];
	const cJSON *el;
	bool text;
	int f = sub_about_index(c, v->string, &text);

	if (f < 0) {
		sub_field(field, sizeof field, "about.", v->string);
		sub_error(c, NULL, SUBMISSION_UNKNOWN, field, -1, -1,
		    "%s is not a question of this survey", field);
		return;
	}
	if (text ? c->text_seen[f] : c->about_seen[f]) {
		sub_about_error(c, f, text, SUBMISSION_MALFORMED,
		    "is given more than once");
		return;
	}
	if (text) {
		c->text_seen[f] = true;
		sub_about_text(c, f, sub_json_string(v));
		return;
	}
	c->about_seen[f] = true;
	if (f != ABOUT_RACE) {
		sub_about_code(c, f, sub_json_string(v));
		return;
	}
	if (!cJSON_IsArray(v)) {
		sub_about_race_add(c, NULL);
		return;
	}
	cJSON_ArrayForEach(el, v)
		sub_about_race_add(c, sub_json_string(el));
}

/* An element of the API's "code" object: a string, or for some a number. */
static void
sub_json_code(struct sub_ctx *c, const cJSON *v)
{
	const char *why = NULL;
	int e = code_element_index(v->string), k = 0;

	if (e < 0) {
		sub_code_unknown(c, v->string);
		return;
	}
	if (c->code_seen[e]) {
		sub_code_error(c, e, SUBMISSION_MALFORMED,
		    "is given more than once");
		return;
	}
	c->code_seen[e] = true;
	if (cJSON_IsString(v))
		k = code_value_parse(e, v->valuestring, strlen(v->valuestring),
		    &why);
	else if (cJSON_IsNumber(v))
		k = code_value_number(e, v->valuedouble, &why);
	else
		why = code_elements[e].number ? "must be a string or a number" :
		    "must be a string";
	if (k == 0) {
		sub_code_error(c, e, SUBMISSION_RANGE, why);
		return;
	}
	c->s->code[e] = k;
}

static void
sub_json_top(struct sub_ctx *c, const cJSON *v)
{
	const cJSON *el;
	int f;

	for (f = 0; f < SUB_TOP_COUNT; f++)
		if (strcmp(v->string, sub_top_names[f]) == 0)
			break;
	if (f == SUB_TOP_COUNT) {
		sub_error(c, NULL, SUBMISSION_UNKNOWN, v->string, -1, -1,
		    "%s is not a known field", v->string);
		return;
	}
	if (c->top_seen[f]) {
		sub_top_error(c, f, SUBMISSION_MALFORMED,
		    "is given more than once");
		return;
	}
	c->top_seen[f] = true;
	switch (f) {
	case SUB_ID:
		sub_set_id(c, sub_json_string(v));
		break;
	case SUB_TOKEN:
		sub_set_token(c, sub_json_string(v));
		break;
	case SUB_LANG:
		if (lang_parse(sub_json_string(v), &c->s->lang) != 0)
			sub_top_error(c, f, SUBMISSION_INVALID,
			    "must be \"en\" or \"es\"");
		break;
	case SUB_QUOTE_OK:
		if (cJSON_IsBool(v))
			c->s->quote_ok = cJSON_IsTrue(v);
		else
			sub_top_error(c, f, SUBMISSION_INVALID,
			    "must be true or false");
		break;
	case SUB_ANSWERS:
		if (!cJSON_IsObject(v)) {
			sub_top_error(c, f, SUBMISSION_MALFORMED,
			    "must be an object");
			break;
		}
		cJSON_ArrayForEach(el, v)
			sub_json_answer(c, el);
		break;
	case SUB_ABOUT:
		if (!cJSON_IsObject(v)) {
			sub_top_error(c, f, SUBMISSION_MALFORMED,
			    "must be an object");
			break;
		}
		cJSON_ArrayForEach(el, v)
			sub_json_about(c, el);
		break;
	case SUB_CODE:
		/* Whether the event asks a code is submission_seal_code's. */
		c->s->code_given = true;
		if (!cJSON_IsObject(v)) {
			sub_top_error(c, f, SUBMISSION_INVALID,
			    "must be an object");
			break;
		}
		cJSON_ArrayForEach(el, v)
			sub_json_code(c, el);
		break;
	}
}

int
submission_from_json(struct submission *s, const char *body, size_t len,
    const struct instrument *ins, struct submission_errors *errs)
{
	struct sub_ctx c;
	cJSON *root = NULL;
	const char *end = NULL;
	const cJSON *v;

	sub_start(&c, s, ins, errs);
	/* cJSON takes any bytes in strings; the database will not. */
	if (!utf8_valid(body, len)) {
		sub_error(&c, NULL, SUBMISSION_UTF8, "", -1, -1,
		    "body is not valid UTF-8");
		goto done;
	}
	if (utf8_json_has_nul(body, len)) {
		sub_error(&c, NULL, SUBMISSION_UTF8, "", -1, -1,
		    "body contains a NUL character");
		goto done;
	}
	if (body != NULL)
		root = cJSON_ParseWithLengthOpts(body, len, &end, false);
	if (root != NULL) {
		/* cJSON stops after the value; anything but blanks is junk. */
		while (end < body + len && (*end == ' ' || *end == '\t' ||
		    *end == '\n' || *end == '\r'))
			end++;
	}
	if (root == NULL || end != body + len) {
		sub_error(&c, NULL, SUBMISSION_MALFORMED, "", -1, -1,
		    "body is not valid JSON");
		goto done;
	}
	if (!cJSON_IsObject(root)) {
		sub_error(&c, NULL, SUBMISSION_MALFORMED, "", -1, -1,
		    "body must be a JSON object");
		goto done;
	}
	cJSON_ArrayForEach(v, root)
		sub_json_top(&c, v);
	sub_finish(&c);
done:
	cJSON_Delete(root);
	return errs->n > 0 ? -1 : 0;
}

/* --- the form ------------------------------------------------------------- */

static int
sub_hex(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/*
 * Decode application/x-www-form-urlencoded text in place and end it with
 * a NUL (there is room: the text never grows).  A '%' without two hex
 * digits is an error rather than a literal, as no browser sends one.
 */
static int
sub_url_decode(char *str, size_t n, size_t *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (str[i] == '+')
			str[o++] = ' ';
		else if (str[i] == '%') {
			if (n - i < 3 || sub_hex(str[i + 1]) < 0 ||
			    sub_hex(str[i + 2]) < 0)
				return -1;
			str[o++] = (char)(sub_hex(str[i + 1]) << 4 |
			    sub_hex(str[i + 2]));
			i += 2;
		} else
			str[o++] = str[i];
	}
	str[o] = '\0';
	*out = o;
	return 0;
}

/* Whether a field that may be given only once was given before. */
static bool
sub_form_twice(bool *seen)
{
	if (*seen)
		return true;
	*seen = true;
	return false;
}

/* The number of a radio button: digits only, no sign, no leading zero. */
static bool
sub_form_number(const char *v, double *out)
{
	int n = 0;

	if (v[0] == '\0' || (v[0] == '0' && v[1] != '\0') || strlen(v) > 2)
		return false;
	for (const char *p = v; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return false;
		n = n * 10 + (*p - '0');
	}
	*out = n;
	return true;
}

static void
sub_form_answer(struct sub_ctx *c, const char *id, bool key_ok,
    const char *v, size_t vlen)
{
	char field[SUB_FIELD_MAX];
	double x = 0;
	bool ok;
	int i = key_ok ? sub_item_index(c, id) : -1;
	enum item_type type;

	if (i < 0) {
		sub_field(field, sizeof field, "answers.", id);
		sub_error(c, NULL, SUBMISSION_UNKNOWN, field, -1, -1,
		    "%s is not a question of this survey", field);
		return;
	}
	type = c->ins->items[i].type;
	/* Checkboxes repeat their name, once per box ticked. */
	if (type != ITEM_MULTI && sub_form_twice(&c->item_seen[i])) {
		sub_item_error(c, i, SUBMISSION_MALFORMED,
		    "is given more than once");
		return;
	}
	if (!utf8_valid(v, vlen)) {
		sub_item_error(c, i, SUBMISSION_UTF8, "is not valid UTF-8");
		return;
	}
	if (v[0] == '\0' && type != ITEM_TEXT)
		return;		/* nothing chosen */
	switch (type) {
	case ITEM_LIKERT5:
	case ITEM_SCALE0_10:
		ok = sub_form_number(v, &x);
		sub_item_number(c, i, ok, x);
		break;
	case ITEM_CHOICE:
		sub_item_choice(c, i, v);
		break;
	case ITEM_MULTI:
		sub_item_multi_add(c, i, v);
		break;
	case ITEM_TEXT:
		sub_item_text(c, i, v);
		break;
	}
}

/* about_NAME; names this instrument does not ask about are ignored. */
static void
sub_form_about(struct sub_ctx *c, const char *name, const char *v,
    size_t vlen)
{
	bool text;
	int f = sub_about_index(c, name, &text);

	if (f < 0)
		return;
	if ((f != ABOUT_RACE || text) && sub_form_twice(text ?
	    &c->text_seen[f] : &c->about_seen[f])) {
		sub_about_error(c, f, text, SUBMISSION_MALFORMED,
		    "is given more than once");
		return;
	}
	if (!utf8_valid(v, vlen)) {
		sub_about_error(c, f, text, SUBMISSION_UTF8,
		    "is not valid UTF-8");
		return;
	}
	if (text)
		sub_about_text(c, f, v);
	else if (v[0] == '\0')
		return;		/* nothing chosen */
	else if (f == ABOUT_RACE)
		sub_about_race_add(c, v);
	else
		sub_about_code(c, f, v);
}

/* code_NAME: a select, so an empty value is "not answered". */
static void
sub_form_code(struct sub_ctx *c, const char *name, const char *v,
    size_t vlen)
{
	const char *why = NULL;
	int e = code_element_index(name), k;

	if (e < 0) {
		sub_code_unknown(c, name);
		return;
	}
	if (sub_form_twice(&c->code_seen[e])) {
		sub_code_error(c, e, SUBMISSION_MALFORMED,
		    "is given more than once");
		return;
	}
	if (vlen == 0)
		return;
	c->s->code_given = true;
	if (!utf8_valid(v, vlen)) {
		sub_code_error(c, e, SUBMISSION_RANGE, "is not valid UTF-8");
		return;
	}
	if ((k = code_value_parse(e, v, vlen, &why)) == 0) {
		sub_code_error(c, e, SUBMISSION_RANGE, why);
		return;
	}
	c->s->code[e] = k;
}

static void
sub_form_pair(struct sub_ctx *c, const char *key, size_t klen,
    const char *v, size_t vlen)
{
	/* A key with a NUL in it is no name we know. */
	bool key_ok = strlen(key) == klen;
	int f;

	if (strncmp(key, "q_", 2) == 0) {
		sub_form_answer(c, key + 2, key_ok, v, vlen);
		return;
	}
	if (!key_ok)
		return;
	if (strcmp(key, SUBMISSION_HONEYPOT) == 0) {
		if (vlen > 0)
			c->s->honeypot = true;
		return;
	}
	if (strncmp(key, "about_", 6) == 0) {
		sub_form_about(c, key + 6, v, vlen);
		return;
	}
	if (strncmp(key, CODE_FORM_PREFIX, strlen(CODE_FORM_PREFIX)) == 0) {
		sub_form_code(c, key + strlen(CODE_FORM_PREFIX), v, vlen);
		return;
	}
	for (f = 0; f < SUB_TOP_COUNT; f++)
		if (strcmp(key, sub_top_names[f]) == 0)
			break;
	if (f != SUB_ID && f != SUB_TOKEN && f != SUB_LANG && f != SUB_QUOTE_OK)
		return;		/* a browser's or an extension's own field */
	if (sub_form_twice(&c->top_seen[f])) {
		sub_top_error(c, f, SUBMISSION_MALFORMED,
		    "is given more than once");
		return;
	}
	if (!utf8_valid(v, vlen)) {
		sub_top_error(c, f, SUBMISSION_UTF8, "is not valid UTF-8");
		return;
	}
	switch (f) {
	case SUB_ID:
		if (v[0] != '\0')
			sub_set_id(c, v);
		break;
	case SUB_TOKEN:
		sub_set_token(c, v);
		break;
	case SUB_LANG:
		if (v[0] != '\0' && lang_parse(v, &c->s->lang) != 0)
			sub_top_error(c, f, SUBMISSION_INVALID,
			    "must be \"en\" or \"es\"");
		break;
	case SUB_QUOTE_OK:
		/* "on" is what a checkbox sends when it has no value. */
		if (strcmp(v, "1") == 0 || strcmp(v, "on") == 0)
			c->s->quote_ok = true;
		else if (v[0] != '\0')
			sub_top_error(c, f, SUBMISSION_INVALID, "must be 1");
		break;
	}
}

int
submission_from_form(struct submission *s, const char *body, size_t len,
    const struct instrument *ins, struct submission_errors *errs)
{
	struct sub_ctx c;
	char *copy, *p, *end, *amp, *eq, *key, *val;
	size_t klen, vlen;

	sub_start(&c, s, ins, errs);
	if ((copy = malloc(len + 1)) == NULL) {
		sub_oom(&c);
		return -1;
	}
	if (len > 0)
		memcpy(copy, body, len);
	copy[len] = '\0';
	for (p = copy, end = copy + len; p < end; p = amp + 1) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (amp == NULL)
			amp = end;
		if (amp == p)
			continue;	/* "a=1&&b=2" */
		eq = memchr(p, '=', (size_t)(amp - p));
		key = p;
		val = eq != NULL ? eq + 1 : amp;
		if (sub_url_decode(key, (size_t)((eq != NULL ? eq : amp) - key),
		    &klen) != 0 ||
		    sub_url_decode(val, (size_t)(amp - val), &vlen) != 0) {
			sub_error(&c, NULL, SUBMISSION_MALFORMED, "", -1, -1,
			    "body is not valid form data");
			goto done;
		}
		sub_form_pair(&c, key, klen, val, vlen);
	}
	sub_finish(&c);
done:
	free(copy);
	return errs->n > 0 ? -1 : 0;
}

/* --- the matching code ------------------------------------------------- */

int
submission_seal_code(struct submission *s, int program_id,
    const struct token_key *key, struct submission_errors *errs)
{
	struct submission_error *e;
	int rc = 0;

	if (program_id <= 0) {
		if (s->code_given && errs->n < SUBMISSION_MAX_ERRORS) {
			e = &errs->e[errs->n++];
			memset(e, 0, sizeof *e);
			e->problem = SUBMISSION_INVALID;
			snprintf(e->field, sizeof e->field, "code");
			e->item = -1;
			e->about = -1;
			snprintf(e->message, sizeof e->message, "code is not "
			    "asked by this event (it is in no pre/post program)");
		}
		goto forget;
	}
	if (errs->n > 0)
		return 0;	/* shown again by the form */
	s->code_row = false;
	for (int k = 0; k < CODE_COUNT; k++) {
		s->code_set[k] = false;
		if (s->code[k] == CODE_NOT_ANSWERED)
			continue;
		/* Asked and answered, if only with "I don't know". */
		s->code_row = true;
		if (s->code[k] == CODE_DK)
			continue;
		if (code_hash(key, program_id, (enum code_element)k, s->code[k],
		    s->code_mac[k]) != 0) {
			rc = -1;
			break;
		}
		s->code_set[k] = true;
	}
	if (rc != 0) {
		s->code_row = false;
		memset(s->code_set, 0, sizeof s->code_set);
		OPENSSL_cleanse(s->code_mac, sizeof s->code_mac);
	}
forget:
	OPENSSL_cleanse(s->code, sizeof s->code);
	for (int k = 0; k < CODE_COUNT; k++)
		s->code[k] = CODE_NOT_ANSWERED;
	return rc;
}

int
submission_error_code(const struct submission_error *e)
{
	if (e->item >= 0 || e->about >= 0 || strncmp(e->field, "code.", 5) != 0)
		return -1;
	return code_element_index(e->field + 5);
}

/* --- messages for people ------------------------------------------------- */

static const char *const sub_text_form[LANG_COUNT] = {
	"Something went wrong with this form. Please reload the page and try again.",
	"Algo salió mal con este formulario. Por favor, vuelve a cargar la página e inténtalo de nuevo.",
};
static const char *const sub_text_required[LANG_COUNT] = {
	"Please answer this question.",
	"Por favor, responde esta pregunta.",
};
static const char *const sub_text_range[LANG_COUNT] = {
	"Choose one of the answers.",
	"Elige una de las respuestas.",
};
static const char *const sub_text_utf8[LANG_COUNT] = {
	"Some characters of this answer could not be read. Please type it again.",
	"Algunos caracteres de esta respuesta no se pudieron leer. Por favor, escríbela de nuevo.",
};
static const char *const sub_text_option[LANG_COUNT] = {
	"This answer is not one of the choices. Please choose again.",
	"Esta respuesta no es una de las opciones. Por favor, elige de nuevo.",
};
static const char *const sub_text_once[LANG_COUNT] = {
	"Choose each answer only once.",
	"Elige cada respuesta una sola vez.",
};

/* The label of code in question f, in lang, or NULL. */
static const char *
sub_about_label(int f, const char *code, enum lang lang)
{
	const struct about_question *q = &about_questions[f];

	for (int k = 0; k < q->ncodes; k++)
		if (strcmp(q->codes[k].code, code) == 0)
			return q->codes[k].label[lang];
	return NULL;
}

/* An about-you value that is not allowed: twice, mixed, or stray text. */
static void
sub_about_invalid_text(const struct submission_error *e, enum lang lang,
    char *buf, size_t len)
{
	const char *label;

	/* The field tells the two apart: "about.gender_text". */
	if (strstr(e->field, "_text") != NULL) {
		label = sub_about_label(e->about, "self", lang);
		if (label == NULL)
			label = "self";
		if (lang == LANG_ES)
			snprintf(buf, len, "Este cuadro va con la respuesta "
			    "«%s»: elígela, o deja el "
			    "cuadro vacío.", label);
		else
			snprintf(buf, len, "This box goes with the answer "
			    "“%s”: choose it, or leave the "
			    "box empty.", label);
		return;
	}
	label = about_prefer_not_label[lang];
	if (label == NULL)
		label = ABOUT_PREFER_NOT;
	if (lang == LANG_ES)
		snprintf(buf, len, "Elige cada respuesta una sola vez; "
		    "«%s» no se puede combinar con otras "
		    "respuestas.", label);
	else
		snprintf(buf, len, "Choose each answer only once; "
		    "“%s” cannot be combined with other "
		    "answers.", label);
}

/*
 * Errors about one question get a sentence for that question, which the
 * form shows beside it; the rest (id, token, a question the form does not
 * have) come only from a stale or altered form, so the advice is to reload.
 * Writes into buf and returns it.
 */
const char *
submission_error_text(const struct submission_error *e,
    const struct instrument *ins, enum lang lang, char *buf, size_t len)
{
	const char *const *text = sub_text_form;
	int max = INSTRUMENT_TEXT_DEFAULT;
	bool item = ins != NULL && e->item >= 0 && e->item < ins->nitems;
	bool about = e->about >= 0 && e->about < ABOUT_COUNT;
	bool code = submission_error_code(e) >= 0;

	if (buf == NULL || len == 0)
		return "";
	if ((int)lang < 0 || lang >= LANG_COUNT)
		lang = LANG_EN;
	/* A code element is a select: only a wrong choice is its own. */
	if (code && e->problem != SUBMISSION_MALFORMED) {
		snprintf(buf, len, "%s", sub_text_range[lang]);
		return buf;
	}
	switch (item || about ? e->problem : SUBMISSION_MALFORMED) {
	case SUBMISSION_REQUIRED:
		text = sub_text_required;
		break;
	case SUBMISSION_RANGE:
		text = sub_text_range;
		break;
	case SUBMISSION_TOO_LONG:
		if (item && ins->items[e->item].max_length > 0)
			max = ins->items[e->item].max_length;
		else if (!item)
			max = ABOUT_TEXT_MAX;
		if (lang == LANG_ES)
			snprintf(buf, len, "Por favor, acórtalo a %d "
			    "caracteres o menos.", max);
		else
			snprintf(buf, len, "Please shorten this to %d "
			    "characters or fewer.", max);
		return buf;
	case SUBMISSION_UTF8:
		text = sub_text_utf8;
		break;
	case SUBMISSION_UNKNOWN:
		text = sub_text_option;
		break;
	case SUBMISSION_INVALID:
		if (!item) {
			sub_about_invalid_text(e, lang, buf, len);
			return buf;
		}
		text = sub_text_once;
		break;
	case SUBMISSION_MALFORMED:
		break;
	}
	snprintf(buf, len, "%s", text[lang]);
	return buf;
}

/* RFC 9562 version 4: 122 random bits, the version and variant fixed. */
int
submission_new_id(char out[37])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	int n = 0;

	if (RAND_bytes(b, sizeof b) != 1)
		return -1;
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[n++] = '-';
		out[n++] = hex[b[i] >> 4];
		out[n++] = hex[b[i] & 0x0f];
	}
	out[n] = '\0';
	return 0;
}
