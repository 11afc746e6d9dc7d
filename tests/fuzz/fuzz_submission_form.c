/* libFuzzer target: an urlencoded form submission (POST /e/{slug}). */
#include "config.h"

#include "fuzz_submission.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_submission(data, size, true);
	return 0;
}
