#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "instrument.h"
#include "log.h"
#include "utf8.h"
#include "xalloc.h"

static const char *const instrument_types[] = {
	[ITEM_LIKERT5] = "likert5",
	[ITEM_SCALE0_10] = "scale0_10",
	[ITEM_CHOICE] = "choice",
	[ITEM_MULTI] = "multi",
	[ITEM_TEXT] = "text",
};
#define INSTRUMENT_NTYPES ((int)(sizeof instrument_types / \
	sizeof instrument_types[0]))

/* The constructs averaged into the belonging index (DESIGN.md). */
static const char *const instrument_index_constructs[] = {
	"belonging", "include", "engage", "inspire", NULL
};

/*
 * The members each object may have.  Anything else is refused: a
 * misspelt "requird" would otherwise be silently ignored and the item
 * made optional.
 */
static const char *const instrument_fields[] = {
	"key", "version", "languages", "title", "items", "about", NULL
};
static const char *const instrument_item_fields[] = {
	"id", "type", "construct", "required", "text", "max_length",
	"options", "frame", "pair", NULL
};
static const char *const instrument_frames[] = {
	[ITEM_FRAME_NONE] = NULL,
	[ITEM_FRAME_BEFORE] = "before",
	[ITEM_FRAME_NOW] = "now",
};

static const char *const instrument_option_fields[] = {
	"code", "text", NULL
};

#define INSTRUMENT_LETTERS "abcdefghijklmnopqrstuvwxyz"
#define INSTRUMENT_DIGITS "0123456789"
/* Characters of a user's string shown in an error message. */
#define INSTRUMENT_QUOTE_MAX 40

/* Set *err to "where: message" (or the message alone if where is NULL). */
static void __attribute__((format(printf, 3, 4)))
instrument_error(char **err, const char *where, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		fatal("out of memory");
	va_end(ap);
	if (where == NULL) {
		*err = msg;
		return;
	}
	*err = xasprintf("%s: %s", where, msg);
	free(msg);
}

/*
 * A string from the definition as it may appear in an error message:
 * quoted, cut short, with control characters and invalid bytes escaped,
 * since the message may end up on a terminal.  Caller frees.
 */
static char *
instrument_quote(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char *buf = xmalloc(4 * INSTRUMENT_QUOTE_MAX + 8), *o = buf;
	size_t len;

	*o++ = '"';
	for (int n = 0; *p != '\0' && n < INSTRUMENT_QUOTE_MAX; n++) {
		if (*p >= 0x20 && *p < 0x7f) {
			if (*p == '"' || *p == '\\')
				*o++ = '\\';
			*o++ = (char)*p++;
			continue;
		}
		len = 0;
		if (*p >= 0xc2 && *p <= 0xdf)
			len = 2;
		else if (*p >= 0xe0 && *p <= 0xef)
			len = 3;
		else if (*p >= 0xf0 && *p <= 0xf4)
			len = 4;
		/* U+0080..U+009F are control characters too. */
		if (len != 0 && !(*p == 0xc2 && p[1] < 0xa0) &&
		    utf8_valid((const char *)p, len)) {
			memcpy(o, p, len);
			o += len;
			p += len;
			continue;
		}
		o += sprintf(o, "\\x%02x", *p++);
	}
	if (*p != '\0') {
		memcpy(o, "...", 3);
		o += 3;
	}
	*o++ = '"';
	*o = '\0';
	return buf;
}

/* Whether s is first followed by up to max - 1 of rest. */
static bool
instrument_name_ok(const char *s, const char *first, const char *rest,
    size_t max)
{
	size_t len = strlen(s);

	if (len == 0 || len > max || strchr(first, s[0]) == NULL)
		return false;
	return strspn(s + 1, rest) == len - 1;
}

static bool
instrument_id_ok(const char *s)
{
	return instrument_name_ok(s, INSTRUMENT_LETTERS,
	    INSTRUMENT_LETTERS INSTRUMENT_DIGITS "_", 32);
}

/* An integer from min to max: JSON has only doubles, so check it is whole. */
static bool
instrument_int(const cJSON *v, int min, int max, int *out)
{
	double d;

	if (!cJSON_IsNumber(v))
		return false;
	d = v->valuedouble;
	if (!(d >= min && d <= max) || d != (double)(int)d)
		return false;
	*out = (int)d;
	return true;
}

static bool
instrument_blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

/* Refuse members not in allowed, and members given twice. */
static int
instrument_check_fields(const cJSON *obj, const char *const *allowed,
    const char *where, char **err)
{
	unsigned int seen = 0;
	const cJSON *m;
	char *q;
	int i;

	cJSON_ArrayForEach(m, obj) {
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(allowed[i], m->string) == 0)
				break;
		if (allowed[i] == NULL || (seen & (1u << i)) != 0) {
			q = instrument_quote(m->string);
			instrument_error(err, where, allowed[i] == NULL ?
			    "unknown field %s" : "field %s given twice", q);
			free(q);
			return -1;
		}
		seen |= 1u << i;
	}
	return 0;
}

/*
 * Fill out[] from a {"en": ..., "es": ...} object: a non-empty, valid
 * UTF-8 string for each declared language and for no other.  The strings
 * are the caller's (freed with the instrument, even on failure).
 */
static int
instrument_texts(const struct instrument *ins, const cJSON *obj,
    char *out[LANG_COUNT], const char *where, const char *field, char **err)
{
	const cJSON *m;
	enum lang l;
	char *q;

	if (!cJSON_IsObject(obj)) {
		instrument_error(err, where, "%s must be an object with a text "
		    "per language", field);
		return -1;
	}
	cJSON_ArrayForEach(m, obj) {
		if (lang_parse(m->string, &l) != 0) {
			q = instrument_quote(m->string);
			instrument_error(err, where, "%s for unknown language "
			    "%s", field, q);
			free(q);
			return -1;
		}
		if (!ins->languages[l]) {
			instrument_error(err, where, "%s for undeclared "
			    "language \"%s\"", field, lang_code(l));
			return -1;
		}
		if (out[l] != NULL) {
			instrument_error(err, where, "%s for \"%s\" given "
			    "twice", field, lang_code(l));
			return -1;
		}
		if (!cJSON_IsString(m)) {
			instrument_error(err, where, "%s for \"%s\" must be a "
			    "string", field, lang_code(l));
			return -1;
		}
		if (!utf8_valid(m->valuestring, strlen(m->valuestring))) {
			instrument_error(err, where, "%s for \"%s\" is not "
			    "valid UTF-8", field, lang_code(l));
			return -1;
		}
		if (instrument_blank(m->valuestring)) {
			instrument_error(err, where, "%s for \"%s\" is empty",
			    field, lang_code(l));
			return -1;
		}
		out[l] = xstrdup(m->valuestring);
	}
	for (int i = 0; i < LANG_COUNT; i++) {
		if (ins->languages[i] && out[i] == NULL) {
			instrument_error(err, where, "%s missing for language "
			    "\"%s\"", field, lang_code((enum lang)i));
			return -1;
		}
	}
	return 0;
}

/* The n-th option of it; where names the item. */
static int
instrument_option(const struct instrument *ins, struct item *it, int n,
    const cJSON *j, const char *item_where, char **err)
{
	struct item_option *o = &it->options[n];
	const cJSON *code;
	char *where, *q;
	int rc = -1;

	where = xasprintf("%s: option %d", item_where, n + 1);
	if (!cJSON_IsObject(j)) {
		instrument_error(err, where, "must be an object");
		goto fail;
	}
	code = cJSON_GetObjectItemCaseSensitive(j, "code");
	if (!cJSON_IsString(code)) {
		instrument_error(err, where, code == NULL ? "code missing" :
		    "code must be a string");
		goto fail;
	}
	if (!instrument_name_ok(code->valuestring,
	    INSTRUMENT_LETTERS INSTRUMENT_DIGITS,
	    INSTRUMENT_LETTERS INSTRUMENT_DIGITS "_", 32)) {
		q = instrument_quote(code->valuestring);
		instrument_error(err, where, "invalid code %s (lowercase "
		    "letters, digits and _, up to 32)", q);
		free(q);
		goto fail;
	}
	for (int i = 0; i < n; i++) {
		if (strcmp(it->options[i].code, code->valuestring) == 0) {
			instrument_error(err, item_where, "duplicate option "
			    "code \"%s\"", code->valuestring);
			goto fail;
		}
	}
	o->code = xstrdup(code->valuestring);
	free(where);
	where = xasprintf("%s: option \"%s\"", item_where, o->code);
	if (instrument_check_fields(j, instrument_option_fields, where,
	    err) != 0)
		goto fail;
	if (instrument_texts(ins, cJSON_GetObjectItemCaseSensitive(j, "text"),
	    o->text, where, "text", err) != 0)
		goto fail;
	rc = 0;
fail:
	free(where);
	return rc;
}

static int
instrument_options(const struct instrument *ins, struct item *it,
    const cJSON *j, const char *where, char **err)
{
	const cJSON *m;
	int n, i = 0;

	if (it->type != ITEM_CHOICE && it->type != ITEM_MULTI) {
		if (j == NULL)
			return 0;
		instrument_error(err, where, "options only for choice and "
		    "multi items");
		return -1;
	}
	if (j != NULL && !cJSON_IsArray(j)) {
		instrument_error(err, where, "options must be a list");
		return -1;
	}
	n = cJSON_GetArraySize(j);
	if (n == 0) {
		instrument_error(err, where, "%s items need options",
		    instrument_types[it->type]);
		return -1;
	}
	if (n > INSTRUMENT_MAX_OPTIONS) {
		instrument_error(err, where, "more than %d options",
		    INSTRUMENT_MAX_OPTIONS);
		return -1;
	}
	it->options = xcalloc((size_t)n, sizeof *it->options);
	it->noptions = n;
	cJSON_ArrayForEach(m, j) {
		if (instrument_option(ins, it, i++, m, where, err) != 0)
			return -1;
	}
	return 0;
}

/*
 * "frame" and "pair" of one item; whether the pair is complete is
 * checked once all items are read (instrument_pairs).
 */
static int
instrument_item_frame(struct item *it, const cJSON *frame, const cJSON *pair,
    const char *where, char **err)
{
	char *q;

	if (frame == NULL && pair == NULL)
		return 0;
	if (frame == NULL || pair == NULL) {
		instrument_error(err, where, "frame and pair go together: "
		    "%s given without %s", frame != NULL ? "frame" : "pair",
		    frame != NULL ? "pair" : "frame");
		return -1;
	}
	if (!cJSON_IsString(frame) ||
	    (strcmp(frame->valuestring, "before") != 0 &&
	    strcmp(frame->valuestring, "now") != 0)) {
		instrument_error(err, where, "frame must be \"before\" or "
		    "\"now\"");
		return -1;
	}
	it->frame = strcmp(frame->valuestring, "before") == 0 ?
	    ITEM_FRAME_BEFORE : ITEM_FRAME_NOW;
	if (!cJSON_IsString(pair)) {
		instrument_error(err, where, "pair must be a string");
		return -1;
	}
	if (!instrument_id_ok(pair->valuestring)) {
		q = instrument_quote(pair->valuestring);
		instrument_error(err, where, "invalid pair %s (a lowercase "
		    "letter, then lowercase letters, digits and _, up to 32)",
		    q);
		free(q);
		return -1;
	}
	if (it->type != ITEM_LIKERT5 && it->type != ITEM_SCALE0_10) {
		instrument_error(err, where, "only likert5 and scale0_10 "
		    "items can have a frame");
		return -1;
	}
	it->pair = xstrdup(pair->valuestring);
	return 0;
}

/* The n-th item; the ones before it are already parsed. */
static int
instrument_item_parse(struct instrument *ins, int n, const cJSON *j,
    char **err)
{
	struct item *it = &ins->items[n];
	const cJSON *id, *type, *construct, *required, *maxlen;
	char where[64], *q;

	snprintf(where, sizeof where, "item %d", n + 1);
	if (!cJSON_IsObject(j)) {
		instrument_error(err, where, "must be an object");
		return -1;
	}
	id = cJSON_GetObjectItemCaseSensitive(j, "id");
	if (!cJSON_IsString(id)) {
		instrument_error(err, where, id == NULL ? "id missing" :
		    "id must be a string");
		return -1;
	}
	if (!instrument_id_ok(id->valuestring)) {
		q = instrument_quote(id->valuestring);
		instrument_error(err, where, "invalid id %s (a lowercase "
		    "letter, then lowercase letters, digits and _, up to 32)",
		    q);
		free(q);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		if (strcmp(ins->items[i].id, id->valuestring) == 0) {
			*err = xasprintf("duplicate item id \"%s\"",
			    id->valuestring);
			return -1;
		}
	}
	it->id = xstrdup(id->valuestring);
	snprintf(where, sizeof where, "item \"%s\"", it->id);
	if (instrument_check_fields(j, instrument_item_fields, where, err) != 0)
		return -1;

	type = cJSON_GetObjectItemCaseSensitive(j, "type");
	if (!cJSON_IsString(type)) {
		instrument_error(err, where, type == NULL ? "type missing" :
		    "type must be a string");
		return -1;
	}
	if (instrument_type_parse(type->valuestring, &it->type) != 0) {
		q = instrument_quote(type->valuestring);
		instrument_error(err, where, "unknown type %s", q);
		free(q);
		return -1;
	}

	construct = cJSON_GetObjectItemCaseSensitive(j, "construct");
	if (construct != NULL) {
		if (!cJSON_IsString(construct)) {
			instrument_error(err, where, "construct must be a "
			    "string");
			return -1;
		}
		if (!instrument_id_ok(construct->valuestring)) {
			q = instrument_quote(construct->valuestring);
			instrument_error(err, where, "invalid construct %s", q);
			free(q);
			return -1;
		}
		it->construct = xstrdup(construct->valuestring);
	}

	required = cJSON_GetObjectItemCaseSensitive(j, "required");
	if (required != NULL && !cJSON_IsBool(required)) {
		instrument_error(err, where, "required must be true or false");
		return -1;
	}
	it->required = cJSON_IsTrue(required);

	if (instrument_texts(ins, cJSON_GetObjectItemCaseSensitive(j, "text"),
	    it->text, where, "text", err) != 0)
		return -1;

	maxlen = cJSON_GetObjectItemCaseSensitive(j, "max_length");
	if (maxlen != NULL && it->type != ITEM_TEXT) {
		instrument_error(err, where, "max_length only for text items");
		return -1;
	}
	if (it->type == ITEM_TEXT) {
		it->max_length = INSTRUMENT_TEXT_DEFAULT;
		if (maxlen != NULL && !instrument_int(maxlen, 1,
		    INSTRUMENT_TEXT_MAX, &it->max_length)) {
			instrument_error(err, where, "max_length must be an "
			    "integer from 1 to %d", INSTRUMENT_TEXT_MAX);
			return -1;
		}
	}

	if (instrument_item_frame(it, cJSON_GetObjectItemCaseSensitive(j,
	    "frame"), cJSON_GetObjectItemCaseSensitive(j, "pair"), where,
	    err) != 0)
		return -1;

	return instrument_options(ins, it,
	    cJSON_GetObjectItemCaseSensitive(j, "options"), where, err);
}

static bool
instrument_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/*
 * Every pair has exactly one before and one now item, of the same type
 * and construct: change compares the two answers of one respondent, which
 * means nothing unless they measure the same thing on the same scale.
 */
static int
instrument_pairs(const struct instrument *ins, char **err)
{
	const struct item *it, *o, *mate;

	for (int i = 0; i < ins->nitems; i++) {
		it = &ins->items[i];
		if (it->pair == NULL)
			continue;
		mate = NULL;
		for (int k = 0; k < ins->nitems; k++) {
			o = &ins->items[k];
			if (k == i || o->pair == NULL ||
			    strcmp(o->pair, it->pair) != 0)
				continue;
			if (o->frame == it->frame || mate != NULL) {
				*err = xasprintf("item \"%s\": pair \"%s\" "
				    "has more than one %s item (\"%s\")",
				    it->id, it->pair,
				    instrument_frames[o->frame], o->id);
				return -1;
			}
			mate = o;
		}
		if (mate == NULL) {
			*err = xasprintf("item \"%s\": pair \"%s\" has no "
			    "\"%s\" item", it->id, it->pair,
			    it->frame == ITEM_FRAME_BEFORE ? "now" : "before");
			return -1;
		}
		if (mate->type != it->type) {
			*err = xasprintf("item \"%s\": pair \"%s\": type %s "
			    "differs from item \"%s\" (%s)", it->id, it->pair,
			    instrument_types[it->type], mate->id,
			    instrument_types[mate->type]);
			return -1;
		}
		if (!instrument_same(mate->construct, it->construct)) {
			*err = xasprintf("item \"%s\": pair \"%s\": construct "
			    "%s%s%s differs from item \"%s\" (%s%s%s)", it->id,
			    it->pair, it->construct ? "\"" : "",
			    it->construct ? it->construct : "none",
			    it->construct ? "\"" : "", mate->id,
			    mate->construct ? "\"" : "",
			    mate->construct ? mate->construct : "none",
			    mate->construct ? "\"" : "");
			return -1;
		}
	}
	return 0;
}

static int
instrument_languages(struct instrument *ins, const cJSON *j, char **err)
{
	const cJSON *m;
	enum lang l;
	char *q;
	int n = 0;

	if (j == NULL) {
		*err = xstrdup("languages missing");
		return -1;
	}
	if (!cJSON_IsArray(j)) {
		*err = xstrdup("languages must be a list");
		return -1;
	}
	cJSON_ArrayForEach(m, j) {
		if (!cJSON_IsString(m)) {
			*err = xstrdup("languages: entries must be strings");
			return -1;
		}
		if (lang_parse(m->valuestring, &l) != 0) {
			q = instrument_quote(m->valuestring);
			*err = xasprintf("languages: unknown language %s", q);
			free(q);
			return -1;
		}
		if (ins->languages[l]) {
			*err = xasprintf("languages: \"%s\" listed twice",
			    lang_code(l));
			return -1;
		}
		ins->languages[l] = true;
		n++;
	}
	if (n == 0) {
		*err = xstrdup("languages: at least one is needed");
		return -1;
	}
	return 0;
}

static int
instrument_items(struct instrument *ins, const cJSON *j, char **err)
{
	const cJSON *m;
	int n, i = 0;

	if (j == NULL) {
		*err = xstrdup("items missing");
		return -1;
	}
	if (!cJSON_IsArray(j)) {
		*err = xstrdup("items must be a list");
		return -1;
	}
	n = cJSON_GetArraySize(j);
	if (n == 0) {
		*err = xstrdup("items: at least one is needed");
		return -1;
	}
	if (n > INSTRUMENT_MAX_ITEMS) {
		*err = xasprintf("more than %d items", INSTRUMENT_MAX_ITEMS);
		return -1;
	}
	ins->items = xcalloc((size_t)n, sizeof *ins->items);
	ins->nitems = n;
	cJSON_ArrayForEach(m, j) {
		if (instrument_item_parse(ins, i, m, err) != 0)
			return -1;
		i++;
	}
	return 0;
}

static int
instrument_about(struct instrument *ins, const cJSON *j, char **err)
{
	const struct about_question *aq;
	const cJSON *m;
	char *q;

	if (j == NULL)
		return 0;
	if (!cJSON_IsArray(j)) {
		*err = xstrdup("about must be a list");
		return -1;
	}
	cJSON_ArrayForEach(m, j) {
		if (!cJSON_IsString(m)) {
			*err = xstrdup("about: entries must be strings");
			return -1;
		}
		aq = about_find(m->valuestring);
		if (aq == NULL) {
			q = instrument_quote(m->valuestring);
			*err = xasprintf("about: unknown question %s", q);
			free(q);
			return -1;
		}
		if (ins->about[aq - about_questions]) {
			*err = xasprintf("about: \"%s\" listed twice",
			    aq->name);
			return -1;
		}
		ins->about[aq - about_questions] = true;
	}
	return 0;
}

struct instrument *
instrument_parse(const char *json, char **err)
{
	struct instrument *ins = NULL;
	cJSON *root = NULL;
	const cJSON *key, *title;
	const char *end = NULL;
	char *q;

	if (json == NULL) {
		*err = xstrdup("no definition");
		return NULL;
	}
	root = cJSON_ParseWithOpts(json, &end, true);
	if (root == NULL) {
		*err = xasprintf("not valid JSON (near byte %td)",
		    end != NULL ? end - json : (ptrdiff_t)0);
		goto fail;
	}
	if (!cJSON_IsObject(root)) {
		*err = xstrdup("definition must be a JSON object");
		goto fail;
	}
	if (utf8_json_has_nul(json, strlen(json))) {
		*err = xstrdup("strings must not contain \\u0000");
		goto fail;
	}
	if (instrument_check_fields(root, instrument_fields, NULL, err) != 0)
		goto fail;
	ins = xcalloc(1, sizeof *ins);

	key = cJSON_GetObjectItemCaseSensitive(root, "key");
	if (!cJSON_IsString(key)) {
		*err = xstrdup(key == NULL ? "key missing" :
		    "key must be a string");
		goto fail;
	}
	if (!instrument_name_ok(key->valuestring,
	    INSTRUMENT_LETTERS INSTRUMENT_DIGITS,
	    INSTRUMENT_LETTERS INSTRUMENT_DIGITS "_-", 64)) {
		q = instrument_quote(key->valuestring);
		*err = xasprintf("invalid key %s (a lowercase letter or digit, "
		    "then lowercase letters, digits, _ and -, up to 64)", q);
		free(q);
		goto fail;
	}
	ins->key = xstrdup(key->valuestring);
	if (!instrument_int(cJSON_GetObjectItemCaseSensitive(root, "version"),
	    1, INT_MAX, &ins->version)) {
		*err = xstrdup("version must be an integer of at least 1");
		goto fail;
	}
	if (instrument_languages(ins,
	    cJSON_GetObjectItemCaseSensitive(root, "languages"), err) != 0)
		goto fail;
	title = cJSON_GetObjectItemCaseSensitive(root, "title");
	if (title != NULL &&
	    instrument_texts(ins, title, ins->title, NULL, "title", err) != 0)
		goto fail;
	if (instrument_items(ins,
	    cJSON_GetObjectItemCaseSensitive(root, "items"), err) != 0)
		goto fail;
	if (instrument_pairs(ins, err) != 0)
		goto fail;
	if (instrument_about(ins,
	    cJSON_GetObjectItemCaseSensitive(root, "about"), err) != 0)
		goto fail;
	cJSON_Delete(root);
	return ins;
fail:
	cJSON_Delete(root);
	instrument_free(ins);
	return NULL;
}

void
instrument_free(struct instrument *ins)
{
	struct item *it;

	if (ins == NULL)
		return;
	for (int i = 0; i < ins->nitems; i++) {
		it = &ins->items[i];
		free(it->id);
		free(it->construct);
		free(it->pair);
		for (int l = 0; l < LANG_COUNT; l++)
			free(it->text[l]);
		for (int k = 0; k < it->noptions; k++) {
			free(it->options[k].code);
			for (int l = 0; l < LANG_COUNT; l++)
				free(it->options[k].text[l]);
		}
		free(it->options);
	}
	free(ins->items);
	for (int l = 0; l < LANG_COUNT; l++)
		free(ins->title[l]);
	free(ins->key);
	free(ins);
}

const struct item *
instrument_item(const struct instrument *ins, const char *id)
{
	if (ins == NULL || id == NULL)
		return NULL;
	for (int i = 0; i < ins->nitems; i++)
		if (strcmp(ins->items[i].id, id) == 0)
			return &ins->items[i];
	return NULL;
}

bool
instrument_construct_in_index(const char *construct)
{
	if (construct == NULL)
		return false;
	for (int i = 0; instrument_index_constructs[i] != NULL; i++)
		if (strcmp(instrument_index_constructs[i], construct) == 0)
			return true;
	return false;
}

bool
instrument_item_in_index(const struct item *it)
{
	return it->frame != ITEM_FRAME_BEFORE &&
	    instrument_construct_in_index(it->construct);
}

const struct item *
instrument_item_partner(const struct instrument *ins, const struct item *it)
{
	if (ins == NULL || it == NULL || it->pair == NULL)
		return NULL;
	for (int i = 0; i < ins->nitems; i++) {
		if (&ins->items[i] != it && ins->items[i].pair != NULL &&
		    strcmp(ins->items[i].pair, it->pair) == 0)
			return &ins->items[i];
	}
	return NULL;
}

const char *
instrument_frame_name(enum item_frame frame)
{
	if ((int)frame < 0 || (int)frame > ITEM_FRAME_NOW)
		return NULL;
	return instrument_frames[frame];
}

/* NULL for a value outside the enum. */
const char *
instrument_type_name(enum item_type type)
{
	if ((int)type < 0 || (int)type >= INSTRUMENT_NTYPES)
		return NULL;
	return instrument_types[type];
}

int
instrument_type_parse(const char *name, enum item_type *out)
{
	if (name == NULL)
		return -1;
	for (int i = 0; i < INSTRUMENT_NTYPES; i++) {
		if (strcmp(instrument_types[i], name) == 0) {
			*out = (enum item_type)i;
			return 0;
		}
	}
	return -1;
}
