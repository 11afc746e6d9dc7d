#ifndef BELONG_INSTRUMENT_H
#define BELONG_INSTRUMENT_H

#include <stdbool.h>

#include "about.h"
#include "lang.h"

/*
 * A survey definition (the JSON stored in instrument.definition), parsed
 * and validated.  Example: sql/001_init.sql's "pulse".
 *
 *   {"key": "pulse", "version": 1, "languages": ["en", "es"],
 *    "title": {"en": ..., "es": ...},
 *    "items": [{"id": "belong", "type": "likert5", "construct": "belonging",
 *               "required": true, "text": {"en": ..., "es": ...}},
 *              {"id": "change", "type": "text", "max_length": 500, ...},
 *              {"id": "where", "type": "choice", "options":
 *                   [{"code": "school", "text": {"en": ..., "es": ...}}]}],
 *    "about": ["role", "grade", ...]}
 */
enum item_type {
	ITEM_LIKERT5,		/* 1..5 */
	ITEM_SCALE0_10,		/* 0..10 */
	ITEM_CHOICE,		/* one option */
	ITEM_MULTI,		/* any options */
	ITEM_TEXT,		/* free text up to max_length characters */
};

/*
 * Retrospective pre/post: an item answered twice in one sitting, once for
 * "before the program" and once for "now".  The two items of a pair share
 * a "pair" name, a type (likert5 or scale0_10) and a construct.
 */
enum item_frame {
	ITEM_FRAME_NONE,	/* an ordinary item */
	ITEM_FRAME_BEFORE,	/* "before the program" */
	ITEM_FRAME_NOW,		/* "now" */
};

#define INSTRUMENT_MAX_ITEMS 50
#define INSTRUMENT_MAX_OPTIONS 30
#define INSTRUMENT_TEXT_MAX 4000	/* largest max_length allowed */
#define INSTRUMENT_TEXT_DEFAULT 500	/* max_length when not given */

struct item_option {
	char *code;
	char *text[LANG_COUNT];		/* NULL for a language not declared */
};

struct item {
	char *id;			/* [a-z][a-z0-9_]{0,31} */
	enum item_type type;
	char *construct;		/* NULL if none */
	bool required;
	int max_length;			/* ITEM_TEXT: characters (code points) */
	char *text[LANG_COUNT];		/* NULL for a language not declared */
	struct item_option *options;	/* ITEM_CHOICE, ITEM_MULTI */
	int noptions;
	enum item_frame frame;
	char *pair;			/* NULL unless frame != NONE */
};

struct instrument {
	int db_id;			/* instrument.id; 0 until known */
	char *key;
	int version;
	bool languages[LANG_COUNT];	/* declared languages */
	char *title[LANG_COUNT];	/* NULL if not given */
	struct item *items;
	int nitems;
	bool about[ABOUT_COUNT];	/* which about-you questions it asks */
};

/*
 * Parse and validate a definition.  Checks: key and version; languages
 * known, at least one; item ids well-formed and unique; types known; text
 * for every declared language in every item and option; options for
 * choice and multi items (unique codes), none for others; max_length in
 * range; about fields known and not repeated; "frame" and "pair" given
 * together, and each pair exactly one before and one now item of the
 * same type (likert5 or scale0_10) and construct.  Each error names the item:
 * `item "belong": text missing for language "es"`.
 *
 * Returns the instrument (caller frees with instrument_free) or NULL with
 * *err set (caller frees).
 */
struct instrument *instrument_parse(const char *json, char **err);
void instrument_free(struct instrument *ins);

/* The item with this id, or NULL. */
const struct item *instrument_item(const struct instrument *ins, const char *id);

/* Whether items of this construct make up the belonging index:
 * belonging, include, engage, inspire. */
bool instrument_construct_in_index(const char *construct);

/* Whether an item's answers count in response.belonging: an index
 * construct, and not a "before" frame (change computes that one). */
bool instrument_item_in_index(const struct item *it);

/* The other item of it's pair, or NULL if it has none. */
const struct item *instrument_item_partner(const struct instrument *ins,
    const struct item *it);

/* "before", "now", or NULL for ITEM_FRAME_NONE. */
const char *instrument_frame_name(enum item_frame frame);

/* "likert5", ... ; and back (returns -1 if unknown). */
const char *instrument_type_name(enum item_type type);
int instrument_type_parse(const char *name, enum item_type *out);

#endif
