#ifndef BELONG_CMD_BOARD_REPORT_H
#define BELONG_CMD_BOARD_REPORT_H

#include "cli.h"

/* belong board report: the "closing the loop" figures. */
int cmd_board_report(int argc, char **argv, struct cli_global *g);
/* belong board export: the board's own meeting packet. */
int cmd_board_export(int argc, char **argv, struct cli_global *g);

#endif
