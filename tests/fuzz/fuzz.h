#ifndef BELONG_FUZZ_H
#define BELONG_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "instrument.h"

/*
 * What the libFuzzer targets share.  Each target defines
 * LLVMFuzzerTestOneInput; a failed check calls fuzz_fail, which aborts so
 * that libFuzzer keeps the input as a crash.
 */

/* Send log lines to /dev/null: the parsers log every refusal. */
void fuzz_quiet(void);
/* The default "pulse" instrument (sql/001_init.sql under FUZZ_SRCDIR), and
 * a small one with choice, multi and text items; parsed once, never freed. */
const struct instrument *fuzz_pulse(void);
const struct instrument *fuzz_custom(void);
/* A NUL-terminated copy of data; the caller frees. */
char *fuzz_string(const uint8_t *data, size_t size);

#define fuzz_check(cond) \
	((cond) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #cond))
void fuzz_fail(const char *file, int line, const char *what)
	__attribute__((noreturn));

#endif
