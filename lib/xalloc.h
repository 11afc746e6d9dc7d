#ifndef BELONG_XALLOC_H
#define BELONG_XALLOC_H

#include <stddef.h>

/*
 * Allocators that exit on failure.  For start-up code and the CLI only:
 * request-handling code in belongd checks for NULL and answers 503.
 */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
