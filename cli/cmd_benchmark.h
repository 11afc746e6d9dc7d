#ifndef BELONG_CMD_BENCHMARK_H
#define BELONG_CMD_BENCHMARK_H

#include <stdio.h>

#include "cli.h"

int cmd_benchmark(int argc, char **argv, struct cli_global *g);
void cmd_benchmark_usage(FILE *out);

#endif
