#ifndef BELONG_UTF8_H
#define BELONG_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Whether s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, no
 * code points above U+10FFFF) with no NUL byte. */
bool utf8_valid(const char *s, size_t len);
/* Code points in a valid UTF-8 string. */
size_t utf8_length(const char *s);
/* Whether JSON text p[0..len) holds the escape \u0000 in a string: cJSON
 * decodes it to a NUL that silently cuts the string short, so a text would
 * be stored other than written; every JSON reader turns it away instead. */
bool utf8_json_has_nul(const char *p, size_t len);

#endif
