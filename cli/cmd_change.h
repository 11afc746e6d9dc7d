#ifndef BELONG_CMD_CHANGE_H
#define BELONG_CMD_CHANGE_H

#include <stdio.h>

#include "cli.h"

/* belong change: the change over a program, matched pre/post pairs or
 * retrospective pairs, per group, with the unmatched comparison. */
int cmd_change(int argc, char **argv, struct cli_global *g);
void cmd_change_usage(FILE *out);

#endif
