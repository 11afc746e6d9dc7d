/*
 * belong — the staff and analysts' tool: database, events, instruments,
 * board, reports.  One file per subcommand group; this one dispatches.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cli.h"
#include "cmd_board.h"
#include "cmd_change.h"
#include "cmd_commitment.h"
#include "cmd_config.h"
#include "cmd_db.h"
#include "cmd_draw.h"
#include "cmd_event.h"
#include "cmd_instrument.h"
#include "cmd_plot.h"
#include "cmd_program.h"
#include "cmd_publish.h"
#include "cmd_quotes.h"
#include "cmd_benchmark.h"
#include "cmd_export.h"
#include "cmd_import.h"
#include "cmd_reach.h"
#include "cmd_reliability.h"
#include "cmd_report.h"
#include "cmd_site.h"
#include "cmd_trend.h"
#include "log.h"
#include "suggest.h"

static const struct cli_command commands[] = {
	{ "db", "apply and list schema migrations", cmd_db, cmd_db_usage },
	{ "event", "add, list, show, set, close, reopen and delete events", cmd_event, cmd_event_usage },
	{ "instrument", "add, list and show survey definitions", cmd_instrument,
	    cmd_instrument_usage },
	{ "program", "programs of pre and post events; match their responses",
	    cmd_program, cmd_program_usage },
	{ "site", "states, districts, schools and programs where events happen",
	    cmd_site, cmd_site_usage },
	{ "draw", "draw prize winners, list them, purge entries", cmd_draw, cmd_draw_usage },
	{ "quotes", "comments respondents allowed to be quoted", cmd_quotes,
	    cmd_quotes_usage },
	{ "report", "belonging indicators, per group, with intervals", cmd_report,
	    cmd_report_usage },
	{ "trend", "an indicator per week, month, quarter or year", cmd_trend,
	    cmd_trend_usage },
	{ "reach", "respondents per group against a benchmark", cmd_reach,
	    cmd_reach_usage },
	{ "change", "change over a program: matched pre/post or retrospective pairs",
	    cmd_change, cmd_change_usage },
	{ "commitment", "targets (reach, belonging, gaps) and their progress",
	    cmd_commitment, cmd_commitment_usage },
	{ "reliability", "Cronbach's alpha of a scale, per language and group",
	    cmd_reliability, cmd_reliability_usage },
	{ "plot", "trend, gap, reach and item charts (PNG, SVG, PDF) via gnuplot",
	    cmd_plot, cmd_plot_usage },
	{ "benchmark", "load and list population shares", cmd_benchmark,
	    cmd_benchmark_usage },
	{ "export", "de-identified responses for statistics packages", cmd_export,
	    cmd_export_usage },
	{ "import", "load responses from a file belong export wrote", cmd_import, cmd_import_usage },
	{ "rollup", "bring the reports' aggregates up to date", cmd_rollup,
	    cmd_rollup_usage },
	{ "board", "advisory board: members, sign-in links, inbox, replies, report",
	    cmd_board, cmd_board_usage },
	{ "config", "the organization's settings (org_name), kept in the database",
	    cmd_config, cmd_config_usage },
	{ "publish", "the public page: commitments, headline figures, board list",
	    cmd_publish, cmd_publish_usage },
	{ NULL, NULL, NULL, NULL },
};

static void
usage(FILE *out)
{
	fputs("usage: belong [--dsn DSN] COMMAND [ARGS...]\n"
	    "       belong --help | --version\n"
	    "\n"
	    "commands:\n", out);
	for (const struct cli_command *c = commands; c->name != NULL; c++)
		fprintf(out, "  %-12s %s\n", c->name, c->summary);
	fprintf(out, "  %-12s %s\n", "help", "this list, or one command's usage");
	fputs("\n"
	    "The database is --dsn, else $BELONG_DSN, else libpq's PG* variables.\n"
	    "`belong help COMMAND` (or `belong COMMAND --help`) describes a command.\n",
	    out);
}

/* The command named name, or NULL after printing the nearest one's name. */
static const struct cli_command *
find_command(const char *name)
{
	struct suggest s;

	for (const struct cli_command *c = commands; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	suggest_init(&s, name);
	for (const struct cli_command *c = commands; c->name != NULL; c++)
		suggest_add(&s, c->name);
	suggest_add(&s, "help");
	(void)cli_unknown(NULL, name, suggest_result(&s));
	return NULL;
}

/* belong help [COMMAND]: the list of commands, or one command's usage. */
static int
help(int argc, char **argv)
{
	const struct cli_command *cmd;

	if (argc == 1) {
		usage(stdout);
		return 0;
	}
	if (argc > 2)
		return cli_usage_error(usage, "help: unexpected argument: %s", argv[2]);
	if (strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if ((cmd = find_command(argv[1])) == NULL)
		return EXIT_USAGE;
	cmd->usage(stdout);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dsn", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_global g = { NULL };
	const struct cli_command *cmd;
	int c;

	if (log_init("belong", NULL) != 0)
		return 1;
	/* A quantile GSL cannot compute is NAN, printed as no value (stats.h),
	 * never an abort from GSL's default error handler. */
	gsl_set_error_handler_off();
	/* "+": stop at the command name; what follows is the command's. */
	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			g.dsn = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("belong %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return cli_usage_error(usage, "missing command");
	if (strcmp(argv[optind], "help") == 0)
		return help(argc - optind, argv + optind);
	/* An unknown command gets one line and a suggestion, not the usage. */
	if ((cmd = find_command(argv[optind])) == NULL)
		return EXIT_USAGE;
	return cmd->run(argc - optind, argv + optind, &g);
}
