#ifndef BELONG_CMD_CONFIG_H
#define BELONG_CMD_CONFIG_H

#include <stdio.h>

#include "cli.h"

/* belong config set | get | unset | list: the organization's settings,
 * stored in the database (table setting) so every analyst's belong
 * sees the same. */
int cmd_config(int argc, char **argv, struct cli_global *g);
void cmd_config_usage(FILE *out);

#endif
