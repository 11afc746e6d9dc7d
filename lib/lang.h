#ifndef BELONG_LANG_H
#define BELONG_LANG_H

/* The languages belong speaks.  Every text of an instrument and every
 * string of a page exists in each. */
enum lang {
	LANG_EN,
	LANG_ES,
	LANG_COUNT
};

/* "en" or "es". */
const char *lang_code(enum lang lang);
/* Parse "en" or "es" (exactly); returns 0, or -1 if unknown. */
int lang_parse(const char *code, enum lang *out);
/*
 * Pick from an Accept-Language header ("es-MX,es;q=0.9,en;q=0.8"): the
 * supported language with the highest q, ties to the first listed; English
 * if none is supported or the header is NULL.
 */
enum lang lang_from_accept(const char *header);

#endif
