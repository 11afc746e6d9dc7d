/* libFuzzer target: a JSON submission (POST /api/v1/events/{slug}/responses). */
#include "config.h"

#include "fuzz_submission.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_submission(data, size, false);
	return 0;
}
