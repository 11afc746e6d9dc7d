#ifndef BELONG_CMD_EXPORT_H
#define BELONG_CMD_EXPORT_H

#include <stdio.h>

#include "cli.h"

/* belong export responses [filters] [--include-text] [--codebook FILE] */
int cmd_export(int argc, char **argv, struct cli_global *g);
void cmd_export_usage(FILE *out);

#endif
