/*
 * The submission parsers (daemon/submission.c) under fuzzing: besides not
 * crashing, a parse either succeeds with every answer in range or fails
 * with 1 to SUBMISSION_MAX_ERRORS errors that each have a message.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "fuzz_submission.h"
#include "submission.h"
#include "utf8.h"

static void
check_text(const char *t, int max)
{
	if (t == NULL)
		return;
	fuzz_check(utf8_valid(t, strlen(t)));
	fuzz_check(utf8_length(t) <= (size_t)max);
}

static void
check_valid(const struct submission *s, const struct instrument *ins)
{
	fuzz_check(strlen(s->id) == 36);
	fuzz_check(s->token != NULL);
	for (int i = 0; i < ins->nitems; i++) {
		const struct item *it = &ins->items[i];
		int v = s->value[i];

		switch (it->type) {
		case ITEM_LIKERT5:
			fuzz_check(v == SUBMISSION_NOT_ANSWERED || (v >= 1 && v <= 5));
			break;
		case ITEM_SCALE0_10:
			fuzz_check(v == SUBMISSION_NOT_ANSWERED || (v >= 0 && v <= 10));
			break;
		case ITEM_CHOICE:
			fuzz_check(v == SUBMISSION_NOT_ANSWERED ||
			    (v >= 0 && v < it->noptions));
			break;
		case ITEM_MULTI:
			fuzz_check(it->noptions >= 32 ||
			    (s->chosen[i] >> it->noptions) == 0);
			break;
		case ITEM_TEXT:
			check_text(s->text[i], it->max_length);
			break;
		}
		if (it->required)
			fuzz_check(v != SUBMISSION_NOT_ANSWERED || s->chosen[i] != 0 ||
			    s->text[i] != NULL);
	}
	for (int f = 0; f < ABOUT_COUNT; f++) {
		int a = s->about[f];

		fuzz_check(a == SUBMISSION_NOT_ANSWERED || a == ABOUT_PREFER_NOT_INDEX ||
		    (a >= 0 && a < about_questions[f].ncodes));
	}
	check_text(s->gender_text, ABOUT_TEXT_MAX);
	check_text(s->race_text, ABOUT_TEXT_MAX);
	fuzz_check(isnan(s->belonging) ||
	    (s->belonging >= 0 && s->belonging <= 100));
}

static void
check_errors(const struct submission_errors *errs, const struct instrument *ins)
{
	char buf[400];

	fuzz_check(errs->n >= 1 && errs->n <= SUBMISSION_MAX_ERRORS);
	for (int k = 0; k < errs->n; k++) {
		const struct submission_error *e = &errs->e[k];

		fuzz_check(memchr(e->field, '\0', sizeof e->field) != NULL);
		fuzz_check(memchr(e->message, '\0', sizeof e->message) != NULL);
		fuzz_check(e->message[0] != '\0');
		fuzz_check(e->item >= -1 && e->item < ins->nitems);
		fuzz_check(e->about >= -1 && e->about < ABOUT_COUNT);
		for (int l = 0; l < LANG_COUNT; l++) {
			const char *t = submission_error_text(e, ins, (enum lang)l,
			    buf, sizeof buf);

			fuzz_check(t != NULL && t[0] != '\0');
		}
	}
}

void
fuzz_submission(const uint8_t *data, size_t size, bool form)
{
	const struct instrument *ins[2];

	fuzz_quiet();
	ins[0] = fuzz_pulse();
	ins[1] = fuzz_custom();
	for (int i = 0; i < 2; i++) {
		struct submission s;
		struct submission_errors errs;
		int rc;

		submission_init(&s);
		rc = form ?
		    submission_from_form(&s, (const char *)data, size, ins[i], &errs) :
		    submission_from_json(&s, (const char *)data, size, ins[i], &errs);
		fuzz_check(rc == 0 || rc == -1);
		if (rc == 0) {
			fuzz_check(errs.n == 0);
			check_valid(&s, ins[i]);
		} else
			check_errors(&errs, ins[i]);
		submission_clear(&s);
	}
}
