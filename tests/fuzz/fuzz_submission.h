#ifndef BELONG_FUZZ_SUBMISSION_H
#define BELONG_FUZZ_SUBMISSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parse data as a JSON (form false) or urlencoded (form true) submission
 * against both fuzz instruments and check what the parser promises. */
void fuzz_submission(const uint8_t *data, size_t size, bool form);

#endif
