#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "utf8.h"

/*
 * Table 3-7 of the Unicode standard: the second byte's range depends on
 * the first, which is what rules out overlongs (E0 80..9F, F0 80..8F),
 * surrogates (ED A0..BF) and code points above U+10FFFF (F4 90..BF).
 * C0, C1 and F5..FF never start a sequence.
 */
bool
utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	const unsigned char *e = s + len;
	unsigned char lo, hi;
	size_t n;

	if (s == NULL)
		return len == 0;
	while (s < e) {
		if (*s == 0x00)
			return false;
		if (*s < 0x80) {
			s++;
			continue;
		}
		lo = 0x80;
		hi = 0xbf;
		if (*s >= 0xc2 && *s <= 0xdf)
			n = 1;
		else if (*s >= 0xe0 && *s <= 0xef) {
			n = 2;
			if (*s == 0xe0)
				lo = 0xa0;
			else if (*s == 0xed)
				hi = 0x9f;
		} else if (*s >= 0xf0 && *s <= 0xf4) {
			n = 3;
			if (*s == 0xf0)
				lo = 0x90;
			else if (*s == 0xf4)
				hi = 0x8f;
		} else
			return false;
		if ((size_t)(e - s) <= n)
			return false;
		if (s[1] < lo || s[1] > hi)
			return false;
		for (size_t i = 2; i <= n; i++)
			if (s[i] < 0x80 || s[i] > 0xbf)
				return false;
		s += n + 1;
	}
	return true;
}

/* Every byte but a continuation byte (10xxxxxx) starts a code point. */
size_t
utf8_length(const char *s)
{
	size_t n = 0;

	if (s == NULL)
		return 0;
	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

bool
utf8_json_has_nul(const char *p, size_t len)
{
	bool in = false;

	for (size_t i = 0; i < len; i++) {
		if (!in) {
			in = p[i] == '"';
			continue;
		}
		if (p[i] == '"')
			in = false;
		else if (p[i] == '\\') {
			if (len - i >= 6 && p[i + 1] == 'u' &&
			    memcmp(p + i + 2, "0000", 4) == 0)
				return true;
			i++;
		}
	}
	return false;
}
