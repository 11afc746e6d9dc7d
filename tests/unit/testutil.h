#ifndef BELONG_TESTUTIL_H
#define BELONG_TESTUTIL_H

/* Helpers the unit tests share.  They fail the running test on error. */

/* The whole file, NUL-terminated; caller frees. */
char *testutil_slurp(const char *path);
/* The default "pulse" definition: the JSON between the $json$ markers of
 * sql/001_init.sql (under SRCDIR); caller frees. */
char *testutil_pulse_json(void);

#endif
