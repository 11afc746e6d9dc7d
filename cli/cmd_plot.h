#ifndef BELONG_CMD_PLOT_H
#define BELONG_CMD_PLOT_H

#include <stdio.h>

#include "cli.h"

/* belong plot trend|gaps|reach|items [filters] --out FILE.png|.svg|.pdf ... */
int cmd_plot(int argc, char **argv, struct cli_global *g);
void cmd_plot_usage(FILE *out);

#endif
