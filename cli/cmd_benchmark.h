#ifndef BELONG_CMD_BENCHMARK_H
#define BELONG_CMD_BENCHMARK_H

#include <stddef.h>
#include <stdio.h>

#include "cli.h"

int cmd_benchmark(int argc, char **argv, struct cli_global *g);
void cmd_benchmark_usage(FILE *out);

/* One share of a benchmark file (region, dimension, group, share). */
struct cmd_benchmark_share;

/*
 * Parse and check a whole benchmark file, len bytes of data (path names it
 * in messages).  Returns the number of shares with *out set (the caller
 * frees it with cmd_benchmark_free), or -1 after saying what is wrong: a
 * bad line on errs (NULL: nowhere), with its line and column, the value
 * (escaped) and what is allowed; anything else through log_error.
 */
int cmd_benchmark_parse(const char *path, const char *data, size_t len,
    struct cmd_benchmark_share **out, FILE *errs)
	__attribute__((warn_unused_result));
void cmd_benchmark_free(struct cmd_benchmark_share *v, int n);

#endif
