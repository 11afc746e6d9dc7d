#ifndef BELONG_CMD_REPORT_H
#define BELONG_CMD_REPORT_H

#include <stdio.h>

#include "cli.h"

/* belong report [filters] [--by DIMENSION] [--min-n N] [--format ...] */
int cmd_report(int argc, char **argv, struct cli_global *g);
void cmd_report_usage(FILE *out);
/* belong rollup [--rebuild] */
int cmd_rollup(int argc, char **argv, struct cli_global *g);
void cmd_rollup_usage(FILE *out);

#endif
