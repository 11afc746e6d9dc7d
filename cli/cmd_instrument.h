#ifndef BELONG_CMD_INSTRUMENT_H
#define BELONG_CMD_INSTRUMENT_H

#include <stdio.h>

#include "cli.h"

/* belong instrument add | list | show */
int cmd_instrument(int argc, char **argv, struct cli_global *g);
void cmd_instrument_usage(FILE *out);

#endif
