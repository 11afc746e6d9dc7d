#ifndef BELONG_CMD_COMMITMENT_H
#define BELONG_CMD_COMMITMENT_H

#include <stdio.h>

#include "cli.h"

/* belong commitment add | list | show | close | progress */
int cmd_commitment(int argc, char **argv, struct cli_global *g);
void cmd_commitment_usage(FILE *out);

#endif
