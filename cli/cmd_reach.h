#ifndef BELONG_CMD_REACH_H
#define BELONG_CMD_REACH_H

#include <stdio.h>

#include "cli.h"

int cmd_reach(int argc, char **argv, struct cli_global *g);
void cmd_reach_usage(FILE *out);

#endif
