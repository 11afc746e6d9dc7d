#ifndef BELONGD_CODE_HASH_H
#define BELONGD_CODE_HASH_H

#include <stdbool.h>
#include <stddef.h>

#include "lang.h"
#include "token.h"

/*
 * The anonymous matching code of a pre/post program (sql/009_programs.sql):
 * four questions whose answers do not change over a few months, asked on
 * each survey of the program, so that a pre and a post response of the
 * same young person can be matched without knowing who they are.  Each
 * answer is kept only as a keyed hash (code_hash), one per element, so
 * elements still compare one by one.
 *
 * An element's answer is an option number (1..noptions, in the order of
 * options[]), CODE_DK ("I don't know", API value "dk"), or
 * CODE_NOT_ANSWERED.  Both of the last two are stored as NULL.
 */
enum code_element {
	CODE_BIRTH_MONTH,		/* "1".."12" */
	CODE_GUARDIAN_INITIAL,		/* a letter A-Z or Ñ */
	CODE_OLDER_SIBLINGS,		/* "0".."4", "5+" */
	CODE_BIRTH_TOWN_INITIAL,	/* a letter A-Z or Ñ */
	CODE_COUNT
};

#define CODE_NOT_ANSWERED 0
#define CODE_DK (-1)
#define CODE_DK_VALUE "dk"
#define CODE_MAC_LEN 32		/* HMAC-SHA256 */
/* Form fields are this prefix and the element's name: code_birth_month. */
#define CODE_FORM_PREFIX "code_"

struct code_option {
	const char *value;		/* normalised: what is hashed, what the API takes */
	const char *label[LANG_COUNT];	/* what the form shows */
};

struct code_element_def {
	const char *name;		/* column of response_code, API key */
	const char *prompt[LANG_COUNT];
	bool number;			/* the API also takes a JSON number */
	const struct code_option *options;
	int noptions;
};

extern const struct code_element_def code_elements[CODE_COUNT];
/* "I don't know", and the form's empty choice, per language. */
extern const char *const code_dk_label[LANG_COUNT];
extern const char *const code_none_label[LANG_COUNT];
/* The heading of the code's questions, and why they are asked. */
extern const char *const code_legend[LANG_COUNT];
extern const char *const code_note[LANG_COUNT];

/* The element named name (API key or column), or -1. */
int code_element_index(const char *name);

/*
 * The answer to element e given as the len bytes of v: an option number,
 * or CODE_DK for "dk".  Letters are taken in either case ("m", "ñ").
 * Returns 0 when v is no answer of e, with *why a fixed phrase for the
 * error message ("must be a month from 1 to 12"): v itself is never put
 * in a message, a log or anywhere else.
 */
int code_value_parse(enum code_element e, const char *v, size_t len,
    const char **why);
/* The same for a JSON number (elements with number set). */
int code_value_number(enum code_element e, double x, const char **why);

/*
 * out = HMAC-SHA256 with key over "belong-code" NUL program_id (decimal)
 * NUL the element's name NUL the option's normalised value.  option is
 * 1..noptions.  Returns 0, or -1 (a bad option, or OpenSSL failed).
 */
int code_hash(const struct token_key *key, int program_id, enum code_element e,
    int option, unsigned char out[CODE_MAC_LEN])
	__attribute__((warn_unused_result));

#endif
