#ifndef BELONG_CMD_SITE_H
#define BELONG_CMD_SITE_H

#include <stdio.h>

#include "cli.h"

/* belong site add | list | show */
int cmd_site(int argc, char **argv, struct cli_global *g);
void cmd_site_usage(FILE *out);

/*
 * CODE is a site code in the schema's form ([a-z0-9][a-z0-9-]{1,63}):
 * NULL, or the rule it breaks (for cmdutil_bad_value).
 */
const char *cmd_site_check_code(const char *code);

#endif
