#ifndef BELONG_CMD_BOARD_H
#define BELONG_CMD_BOARD_H

#include <stdbool.h>
#include <stdio.h>

#include "cli.h"
#include "output.h"

int cmd_board(int argc, char **argv, struct cli_global *g);
void cmd_board_usage(FILE *out);

/* The options of every `belong board` subcommand, parsed once. */
enum {
	CMD_BOARD_NAME, CMD_BOARD_EMAIL, CMD_BOARD_BASE_URL, CMD_BOARD_STATUS,
	CMD_BOARD_TOPIC, CMD_BOARD_NOTE, CMD_BOARD_BY, CMD_BOARD_FROM,
	CMD_BOARD_TO, CMD_BOARD_FORMAT, CMD_BOARD_PUBLIC, CMD_BOARD_PRIVATE,
	CMD_BOARD_NOPTS
};
#define CMD_BOARD_OPT(o) (1u << (o))

struct cmd_board_opts {
	const char *v[CMD_BOARD_NOPTS];	/* as given (a flag: ""), or NULL */
	enum output_format fmt;
	const char *arg;		/* the ID or ITEM, when one is wanted */
	long id;			/* ... as a number */
};

/*
 * Parse `belong board SUB` options: those in allowed (CMD_BOARD_OPT
 * bits), --dsn and --help, and one ID if want_id.  --from/--to are
 * checked as dates.  Returns -1 to go on, else the exit status.
 */
int cmd_board_options(int argc, char **argv, struct cli_global *g,
    unsigned allowed, bool want_id, struct cmd_board_opts *o);

#endif
