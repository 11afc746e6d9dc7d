#ifndef BELONG_ABOUT_H
#define BELONG_ABOUT_H

#include <stdbool.h>

#include "lang.h"

/*
 * The optional "about you" questions and their codes (DESIGN.md, "The
 * default instrument").  Every question also accepts "prefer_not"; a
 * question left out is "not answered".  Used by the form (labels), the
 * submission checks (codes), and reports (dimensions).
 */
enum about_field {
	ABOUT_ROLE,
	ABOUT_GRADE,
	ABOUT_GENDER,
	ABOUT_RACE,
	ABOUT_DISABILITY,
	ABOUT_FIRSTGEN,
	ABOUT_LANGUAGE,
	ABOUT_COUNT
};

#define ABOUT_PREFER_NOT "prefer_not"
#define ABOUT_TEXT_MAX 60	/* gender_text, race_text: characters */

struct about_code {
	const char *code;		/* "student" */
	const char *label[LANG_COUNT];	/* "Student", "Estudiante" */
};

struct about_question {
	const char *name;		/* "role": API field, column, --by name */
	bool multi;			/* race: a list of codes */
	const char *text_field;		/* "gender_text" with code "self", or NULL */
	const char *question[LANG_COUNT];
	const struct about_code *codes;	/* without prefer_not; NULL-terminated */
	int ncodes;
};

extern const struct about_question about_questions[ABOUT_COUNT];
/* The label of "prefer not to say" in each language. */
extern const char *const about_prefer_not_label[LANG_COUNT];

/* The question named name ("role"), or NULL. */
const struct about_question *about_find(const char *name);
/* Index of code among q's codes, ABOUT_PREFER_NOT_INDEX for prefer_not,
 * or -1 if not a code of q. */
#define ABOUT_PREFER_NOT_INDEX 100
int about_code_index(const struct about_question *q, const char *code);

#endif
