/* libFuzzer target: a benchmark CSV file (belong benchmark load FILE.csv). */
#include "config.h"

#include "cmd_benchmark.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cmd_benchmark_share *v = NULL;
	int n;

	fuzz_quiet();
	n = cmd_benchmark_parse("fuzz.csv", (const char *)data, size, &v, NULL);
	fuzz_check(n == -1 || n >= 1);
	if (n > 0)
		cmd_benchmark_free(v, n);
	return 0;
}
