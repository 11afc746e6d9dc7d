#ifndef BELONG_CMD_PROGRAM_H
#define BELONG_CMD_PROGRAM_H

#include <stdio.h>

#include "cli.h"

/* belong program add | list | show | match */
int cmd_program(int argc, char **argv, struct cli_global *g);
void cmd_program_usage(FILE *out);

#endif
