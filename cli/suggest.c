/*
 * Nearest-name suggestions for mistyped commands (suggest.h).  The names
 * are a few dozen short ASCII words, so a full distance table per
 * candidate costs nothing.
 */
#include "config.h"

#include <string.h>

#include "suggest.h"

static int
min3(int a, int b, int c)
{
	int m = a < b ? a : b;

	return m < c ? m : c;
}

int
suggest_distance(const char *a, const char *b)
{
	int d[SUGGEST_MAX_LEN + 1][SUGGEST_MAX_LEN + 1];
	size_t la = strlen(a), lb = strlen(b);

	if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN)
		return -1;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			int cost = a[i - 1] != b[j - 1];

			d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1,
			    d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < d[i][j])
				d[i][j] = d[i - 2][j - 2] + 1;
		}
	}
	return d[la][lb];
}

void
suggest_init(struct suggest *s, const char *word)
{
	memset(s, 0, sizeof *s);
	s->word = word;
	s->best_distance = SUGGEST_MAX_DISTANCE + 1;
}

void
suggest_add(struct suggest *s, const char *candidate)
{
	size_t lw = strlen(s->word);
	int d = suggest_distance(s->word, candidate);

	/* A distance as long as the name is a different word ("xy" and
	 * "db"), not a typo of it. */
	if (d >= 0 && d <= SUGGEST_MAX_DISTANCE && (size_t)d < strlen(candidate)) {
		if (d < s->best_distance) {
			s->best = candidate;
			s->best_distance = d;
			s->nbest = 1;
		} else if (d == s->best_distance) {
			s->nbest++;
		}
	}
	if (lw > 0 && strncmp(s->word, candidate, lw) == 0) {
		s->prefixed = candidate;
		s->nprefixed++;
	}
}

const char *
suggest_result(const struct suggest *s)
{
	/* The start of one name is what was meant more surely than a name a
	 * letter or two away ("reli" is 2 from "help"). */
	if (s->nprefixed == 1)
		return s->prefixed;
	if (s->nbest == 1)
		return s->best;
	return NULL;
}
