#ifndef BELONG_CMD_QUOTES_H
#define BELONG_CMD_QUOTES_H

#include <stdio.h>

#include "cli.h"

/* belong quotes [--event SLUG ...] [--from DATE] [--to DATE] */
int cmd_quotes(int argc, char **argv, struct cli_global *g);
void cmd_quotes_usage(FILE *out);

#endif
