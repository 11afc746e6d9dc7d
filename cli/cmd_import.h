#ifndef BELONG_CMD_IMPORT_H
#define BELONG_CMD_IMPORT_H

#include <stdio.h>

#include "cli.h"

/* belong import responses FILE --event SLUG [--skip-bad] [--format csv|json] */
int cmd_import(int argc, char **argv, struct cli_global *g);
void cmd_import_usage(FILE *out);

#endif
