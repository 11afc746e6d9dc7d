#ifndef BELONG_CMD_PUBLISH_H
#define BELONG_CMD_PUBLISH_H

#include <stdio.h>

#include "cli.h"

/* belong publish --out DIR [--lang en,es] [--min-n N] [--title T] */
int cmd_publish(int argc, char **argv, struct cli_global *g);
void cmd_publish_usage(FILE *out);

#endif
