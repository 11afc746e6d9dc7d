#ifndef BELONG_CMD_DB_H
#define BELONG_CMD_DB_H

#include <stdio.h>

#include "cli.h"

/* belong db migrate | status */
int cmd_db(int argc, char **argv, struct cli_global *g);
void cmd_db_usage(FILE *out);

#endif
