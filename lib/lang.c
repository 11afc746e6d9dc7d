#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "lang.h"

static const char *const lang_codes[LANG_COUNT] = { "en", "es" };

/* Weights are kept in thousandths, the finest step a qvalue can have. */
#define LANG_Q_MAX 1000

const char *
lang_code(enum lang lang)
{
	if ((int)lang < 0 || lang >= LANG_COUNT)
		return lang_codes[LANG_EN];
	return lang_codes[lang];
}

int
lang_parse(const char *code, enum lang *out)
{
	if (code == NULL)
		return -1;
	for (int i = 0; i < LANG_COUNT; i++) {
		if (strcmp(code, lang_codes[i]) == 0) {
			*out = (enum lang)i;
			return 0;
		}
	}
	return -1;
}

static bool
lang_is_ows(char c)
{
	return c == ' ' || c == '\t';
}

static bool
lang_is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
lang_is_alnum(char c)
{
	return lang_is_alpha(c) || (c >= '0' && c <= '9');
}

/* Trim blanks from both ends of [*s, *e). */
static void
lang_trim(const char **s, const char **e)
{
	while (*s < *e && lang_is_ows(**s))
		(*s)++;
	while (*e > *s && lang_is_ows((*e)[-1]))
		(*e)--;
}

/*
 * A language-range of RFC 4647: "*" or 1*8ALPHA *("-" 1*8alphanum).
 * Sets *plen to the length of the primary subtag (0 for "*").
 */
static bool
lang_range_valid(const char *s, const char *e, size_t *plen)
{
	const char *p = s;
	size_t n;

	if (e - s == 1 && *s == '*') {
		*plen = 0;
		return true;
	}
	for (n = 0; p < e && lang_is_alpha(*p); p++)
		n++;
	if (n < 1 || n > 8)
		return false;
	*plen = n;
	while (p < e) {
		if (*p++ != '-')
			return false;
		for (n = 0; p < e && lang_is_alnum(*p); p++)
			n++;
		if (n < 1 || n > 8)
			return false;
	}
	return true;
}

/*
 * A qvalue of RFC 9110: "0" ["." 0*3DIGIT] or "1" ["." 0*3"0"], in
 * thousandths.  Anything else (q=2, q=0.5000, q=.5) is malformed, so
 * the element it belongs to is ignored rather than guessed at.
 */
static bool
lang_qvalue(const char *s, const char *e, int *q)
{
	int v, scale = 100;

	if (s == e || (*s != '0' && *s != '1'))
		return false;
	v = (*s++ - '0') * LANG_Q_MAX;
	if (s == e)
		goto done;
	if (*s++ != '.' || e - s > 3)
		return false;
	for (; s < e; s++, scale /= 10) {
		if (*s < '0' || *s > '9')
			return false;
		v += (*s - '0') * scale;
	}
done:
	if (v > LANG_Q_MAX)
		return false;
	*q = v;
	return true;
}

/*
 * The parameters after a range (";q=0.8"): sets *q, default 1.  Other
 * parameters are not defined for Accept-Language; they are skipped.
 */
static bool
lang_params(const char *s, const char *e, int *q)
{
	const char *p, *end;

	*q = LANG_Q_MAX;
	while (s < e) {
		/* s points at a ';'. */
		p = s + 1;
		end = memchr(p, ';', (size_t)(e - p));
		if (end == NULL)
			end = e;
		s = end;
		lang_trim(&p, &end);
		if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') &&
		    p[1] == '=' && !lang_qvalue(p + 2, end, q))
			return false;
	}
	return true;
}

/*
 * Each supported language takes the highest weight of the elements that
 * name it (by primary subtag, so "es-MX" asks for Spanish); "*" gives its
 * weight to the languages no element names.  The winner is the language
 * with the highest weight above zero, ties going to the element listed
 * first.
 */
enum lang
lang_from_accept(const char *header)
{
	int q[LANG_COUNT], pos[LANG_COUNT], star_q = -1, star_pos = 0;
	int best = -1, nth = 0, w;
	const char *s, *e, *semi, *rend;
	size_t plen;

	if (header == NULL)
		return LANG_EN;
	for (int i = 0; i < LANG_COUNT; i++) {
		q[i] = -1;
		pos[i] = 0;
	}
	for (s = header; *s != '\0'; s = *e != '\0' ? e + 1 : e, nth++) {
		e = strchr(s, ',');
		if (e == NULL)
			e = s + strlen(s);
		semi = memchr(s, ';', (size_t)(e - s));
		rend = semi != NULL ? semi : e;
		lang_trim(&s, &rend);
		if (!lang_range_valid(s, rend, &plen))
			continue;
		if (!lang_params(semi != NULL ? semi : e, e, &w))
			continue;
		if (plen == 0) {
			if (w > star_q) {
				star_q = w;
				star_pos = nth;
			}
			continue;
		}
		for (int i = 0; i < LANG_COUNT; i++) {
			if (plen == 2 && w > q[i] &&
			    strncasecmp(s, lang_codes[i], 2) == 0) {
				q[i] = w;
				pos[i] = nth;
			}
		}
	}
	for (int i = 0; i < LANG_COUNT; i++) {
		if (q[i] < 0) {
			q[i] = star_q;
			pos[i] = star_pos;
		}
		if (q[i] <= 0)
			continue;
		if (best < 0 || q[i] > q[best] ||
		    (q[i] == q[best] && pos[i] < pos[best]))
			best = i;
	}
	return best < 0 ? LANG_EN : (enum lang)best;
}
