#ifndef BELONG_UTF8_H
#define BELONG_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Whether s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, no
 * code points above U+10FFFF) with no NUL byte. */
bool utf8_valid(const char *s, size_t len);
/* Code points in a valid UTF-8 string. */
size_t utf8_length(const char *s);

#endif
