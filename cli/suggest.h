#ifndef BELONG_SUGGEST_H
#define BELONG_SUGGEST_H

#include <stddef.h>

/*
 * "Did you mean ...?" for a mistyped command name: the one candidate the
 * word is a prefix of ("rel" -> "reliability"); else the candidate nearest
 * to the word, by optimal string alignment distance (Levenshtein plus the
 * swap of two neighbouring letters, "evnet" -> "event"), when it is at
 * most SUGGEST_MAX_DISTANCE, shorter than the candidate, and no other
 * candidate is as near.
 *
 *	struct suggest s;
 *	suggest_init(&s, word);
 *	for each name: suggest_add(&s, name);
 *	best = suggest_result(&s);	(NULL: nothing to suggest)
 *
 * The candidates must outlive the struct; it owns nothing.
 */
#define SUGGEST_MAX_DISTANCE 2
#define SUGGEST_MAX_LEN 64	/* longer words and names are never near */

struct suggest {
	const char *word;
	const char *best;	/* nearest so far */
	int best_distance;
	int nbest;		/* candidates at best_distance */
	const char *prefixed;	/* a candidate word is a prefix of */
	int nprefixed;
};

void suggest_init(struct suggest *s, const char *word);
void suggest_add(struct suggest *s, const char *candidate);
const char *suggest_result(const struct suggest *s);

/* The optimal string alignment distance of a and b, or -1 when either is
 * longer than SUGGEST_MAX_LEN bytes. */
int suggest_distance(const char *a, const char *b);

#endif
