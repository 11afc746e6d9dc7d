#ifndef BELONG_CMD_RELIABILITY_H
#define BELONG_CMD_RELIABILITY_H

#include <stdio.h>

#include "cli.h"

int cmd_reliability(int argc, char **argv, struct cli_global *g);
void cmd_reliability_usage(FILE *out);

#endif
