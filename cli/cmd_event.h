#ifndef BELONG_CMD_EVENT_H
#define BELONG_CMD_EVENT_H

#include <stdio.h>

#include "cli.h"

/* belong event add | list | show | close | reopen */
int cmd_event(int argc, char **argv, struct cli_global *g);
void cmd_event_usage(FILE *out);

#endif
