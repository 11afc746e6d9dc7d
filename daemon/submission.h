#ifndef BELONGD_SUBMISSION_H
#define BELONGD_SUBMISSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "about.h"
#include "code_hash.h"
#include "instrument.h"
#include "lang.h"

/*
 * One survey response, parsed from the form (urlencoded) or the API (JSON)
 * and checked against the event's instrument.  Both paths produce this
 * struct; the writer stores it, the form re-renders it after an error.
 *
 * Form field names (the form renders them, submission_from_form reads them):
 *   id        the response UUID (hidden)
 *   token     the signed form token (hidden)
 *   lang      en | es (hidden)
 *   website   the honeypot: hidden from people, filled by bots
 *   q_ITEM    an item's answer: the number (likert5, scale0_10), the option
 *             code (choice; multi: repeated), or the text
 *   quote_ok  "1" when the comment may be quoted
 *   about_NAME         an about-you code (race: repeated), or prefer_not
 *   about_gender_text, about_race_text   the self-described text
 *   code_NAME  an element of the matching code (code_hash.h): its value,
 *              "dk", or empty (not answered)
 *
 * The API takes the matching code as an object "code" of element names
 * and values (strings; a number for birth_month and older_siblings).
 */
#define SUBMISSION_HONEYPOT "website"

#define SUBMISSION_NOT_ANSWERED (-1)

struct submission {
	char id[37];			/* lowercase canonical UUID */
	char *token;
	enum lang lang;
	bool honeypot;			/* the honeypot field was filled */
	/* Per item, in instrument order: */
	int value[INSTRUMENT_MAX_ITEMS];	/* likert5/scale0_10: the number;
						 * choice: option index; else
						 * SUBMISSION_NOT_ANSWERED */
	uint32_t chosen[INSTRUMENT_MAX_ITEMS];	/* multi: bit i = option i */
	char *text[INSTRUMENT_MAX_ITEMS];	/* text items; NULL if blank */
	bool quote_ok;
	/* About you: a code index, ABOUT_PREFER_NOT_INDEX, or
	 * SUBMISSION_NOT_ANSWERED; race is a set instead. */
	int about[ABOUT_COUNT];
	uint32_t race;			/* bit i = race code i */
	bool race_prefer_not;
	char *gender_text;
	char *race_text;
	double belonging;		/* 0-100, or NAN when no index item answered */
	/*
	 * The matching code: per element an option number, CODE_DK or
	 * CODE_NOT_ANSWERED, kept only until submission_seal_code puts the
	 * hashes in their place (and only for the form to show them again).
	 */
	int code[CODE_COUNT];
	bool code_given;		/* "code", or a code_* field not empty */
	bool code_row;			/* sealed: a response_code row to store */
	bool code_set[CODE_COUNT];	/* sealed: code_mac[e] holds a hash */
	unsigned char code_mac[CODE_COUNT][CODE_MAC_LEN];
};

enum submission_problem {
	SUBMISSION_MALFORMED,	/* not JSON / not an object / wrong shape */
	SUBMISSION_REQUIRED,	/* a required field or item is missing */
	SUBMISSION_RANGE,	/* a number out of range, or of the wrong type */
	SUBMISSION_UNKNOWN,	/* an unknown field, item or option */
	SUBMISSION_TOO_LONG,	/* text over its limit */
	SUBMISSION_UTF8,	/* text that is not valid UTF-8 */
	SUBMISSION_INVALID,	/* another invalid value (an id that is not a UUID) */
};

#define SUBMISSION_MAX_ERRORS 16

struct submission_error {
	enum submission_problem problem;
	char field[96];		/* "answers.belong", "about.race", "id" */
	int item;		/* item index, or -1 */
	int about;		/* enum about_field, or -1 */
	char message[200];	/* English, for the API */
};

struct submission_errors {
	struct submission_error e[SUBMISSION_MAX_ERRORS];
	int n;
};

void submission_init(struct submission *s);
void submission_clear(struct submission *s);	/* free what it owns */

/*
 * Parse and check.  Returns 0 when valid; -1 with errs filled (at least
 * one) otherwise.  s is filled as far as it could be, so that a form can
 * be shown again with the answers kept.
 */
int submission_from_json(struct submission *s, const char *body, size_t len,
    const struct instrument *ins, struct submission_errors *errs);
int submission_from_form(struct submission *s, const char *body, size_t len,
    const struct instrument *ins, struct submission_errors *errs);

/*
 * Once the response is otherwise checked: refuse a code for an event that
 * asks none (program_id 0: not in a pre/post program); else, when errs is
 * empty, put the code's hashes (key, program_id) in place of its answers,
 * so that only hashes reach the writer, the spool or anything else.  With
 * errors the answers stay, for the form to show again.  Returns 0 (errors
 * go to errs), or -1 when a hash could not be made.
 */
int submission_seal_code(struct submission *s, int program_id,
    const struct token_key *key, struct submission_errors *errs)
	__attribute__((warn_unused_result));
/* The code element an error is about ("code.birth_month"), or -1. */
int submission_error_code(const struct submission_error *e);

/* The message for an error in a language (the form shows it). */
const char *submission_error_text(const struct submission_error *e,
    const struct instrument *ins, enum lang lang, char *buf, size_t len);

/* A fresh random UUID (version 4) in canonical lowercase form. */
int submission_new_id(char out[37]) __attribute__((warn_unused_result));

#endif
