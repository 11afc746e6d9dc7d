#ifndef BELONG_CMD_TREND_H
#define BELONG_CMD_TREND_H

#include <stdio.h>

#include "cli.h"

int cmd_trend(int argc, char **argv, struct cli_global *g);
void cmd_trend_usage(FILE *out);

#endif
