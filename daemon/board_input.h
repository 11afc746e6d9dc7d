#ifndef BELONGD_BOARD_INPUT_H
#define BELONGD_BOARD_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "token.h"

/*
 * What the advisory board's routes check before anything reaches the
 * database: topic, text, item ids, the session cookie, the per-session
 * form token.  No I/O here, so all of it is unit-tested.
 */

#define BOARD_TOPIC_COUNT 5
#define BOARD_BODY_MAX 4000		/* code points, as the schema counts */
#define BOARD_COOKIE "belong_board"
/* Set on the 303 after an item is stored, cleared by the page that shows
 * the thank-you: the notice shows once, never again on a reload. */
#define BOARD_SENT_COOKIE "belong_board_sent"
#define BOARD_FORM_TOKEN_LEN 64		/* hex digits */

/* programs, events, outreach, belonging, other: the schema's list. */
extern const char *const board_input_topics[BOARD_TOPIC_COUNT];

enum board_input_problem {
	BOARD_INPUT_OK,
	BOARD_INPUT_MISSING,	/* absent, or only white space */
	BOARD_INPUT_TOO_LONG,
	BOARD_INPUT_UTF8,	/* not UTF-8, or holds a NUL */
	BOARD_INPUT_UNKNOWN,	/* a topic not in the list */
};

/* A field of a posted form: decoded, with its length (it may hold a NUL). */
struct board_input_field {
	const char *s;		/* NULL: not given */
	size_t len;
};

/* The fields the board's forms send; others are ignored, as browsers
 * may add their own. */
struct board_input_form {
	struct board_input_field topic, body, share_name, form_token, lang, id, key;
};

/*
 * Parse application/x-www-form-urlencoded text, decoding it in place
 * (body must be NUL-terminated).  Returns 0, or -1 if it is malformed: a
 * '%' without two hex digits, or a field given twice.
 */
int board_input_parse_form(char *body, struct board_input_form *f)
	__attribute__((warn_unused_result));

/* Whether a JSON text holds the escape \u0000, which cJSON would decode
 * into a string cut short. */
bool board_input_json_nul(const char *p, size_t len);

/* Whether s (may be NULL) is an item key: a lowercase canonical UUID. */
bool board_input_key(const char *s);

/* The index of topic s in board_input_topics, or -1 (s may be NULL). */
int board_input_topic(const char *s);

/* Check an item's text of len bytes (s may be NULL: missing). */
enum board_input_problem board_input_body(const char *s, size_t len);

/* A positive item id in decimal digits only, into *out; false if not. */
bool board_input_id(const char *s, long *out);

/*
 * The session id in a Cookie header (NULL: none), into out (at least
 * BOARD_TOKEN_LEN + 1 bytes).  True only if the cookie is there once and
 * has the shape of an id: with two, which one the browser meant is a
 * guess, and a planted second cookie must not get to choose.
 */
bool board_input_cookie(const char *header, char *out);

/* Whether a Cookie header (NULL: none) holds BOARD_SENT_COOKIE=1. */
bool board_input_sent_cookie(const char *header);

/* The form token of session sid into out (BOARD_FORM_TOKEN_LEN + 1
 * bytes): an HMAC of the id with the server secret, so it need not be
 * stored and cannot be made without the secret. */
void board_input_form_token(const struct token_key *key, const char *sid,
    char *out);
/* Whether given is sid's form token; compared in constant time. */
bool board_input_form_token_ok(const struct token_key *key, const char *sid,
    const char *given);

#endif
