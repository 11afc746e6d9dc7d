#ifndef BELONG_CMD_DRAW_H
#define BELONG_CMD_DRAW_H

#include <stdio.h>

#include "cli.h"

/* belong draw SLUG --winners N | draw list SLUG | draw purge SLUG */
int cmd_draw(int argc, char **argv, struct cli_global *g);
void cmd_draw_usage(FILE *out);

#endif
