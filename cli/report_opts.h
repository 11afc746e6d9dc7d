#ifndef BELONG_REPORT_OPTS_H
#define BELONG_REPORT_OPTS_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>

#include "cli.h"
#include "output.h"

/*
 * The options report, trend, reach and export share, parsed and checked
 * in one place so that each means the same everywhere.
 */

/* Which options a command takes (ropts_parse's allowed). */
#define ROPT_SELECT	0x001	/* --event --from --to --include-test */
#define ROPT_ROLE	0x400	/* --role */
#define ROPT_FILTERS	(ROPT_SELECT | ROPT_ROLE)
#define ROPT_BY		0x002
#define ROPT_MIN_N	0x004
#define ROPT_FORMAT	0x008
#define ROPT_ROLLUP	0x010	/* --no-rollup */
#define ROPT_INTERVAL	0x020
#define ROPT_INDICATOR	0x040
#define ROPT_REGION	0x080
#define ROPT_TEXT	0x100	/* --include-text */
#define ROPT_CODEBOOK	0x200
#define ROPT_DESIGN	0x800	/* --design srs|cluster */
#define ROPT_ADJUST	0x1000	/* --adjust none|holm|bh */
#define ROPT_BY_PAIR	0x2000	/* with ROPT_BY: --by A,B too */

#define ROPTS_MIN_N_DEFAULT 10
#define ROPTS_MIN_N_FLOOR 5	/* never below: DESIGN.md "suppression" */

/* A disaggregation dimension (--by).  The SQL pieces are constants of
 * this program, never user input. */
struct rdim {
	const char *name;		/* "gender" */
	const char *cell_dim;		/* its report_cell.dim; "" when it comes
					 * from the event (event, partner) */
	const char *cell_grp;		/* its group over report_cell c, event e */
	const char *raw_from;		/* joins over response r, or "" */
	const char *raw_grp;		/* its group over response r, event e */
	int about;			/* enum about_field, or -1 */
	/* A pair (--by A,B): its two dimensions, A first; NULL for one.
	 * A pair's groups are "codeA+codeB"; cell_dim is NULL when the
	 * rollup cannot answer it (two about-you questions: it holds one
	 * per row), so the responses are read. */
	const struct rdim *part[2];
	bool no_month;			/* the rollup's monthly level cannot
					 * answer (a pair with role) */
};

/* Between the two codes of a pair's group: no code of an about-you
 * question, role or event slug has it; a partner's name may, but a pair
 * has at most one partner, so no two pairs give the same name. */
#define ROPTS_PAIR_SEP "+"

/* Everyone: the selection as one group. */
extern const struct rdim ropts_total;
/* The dimensions of about-you questions, in about_questions order. */
extern const struct rdim ropts_about_dims[];
extern const int ropts_nabout_dims;

struct ropts {
	const char *cmd;		/* "report": for messages */
	const char **events;		/* --event slugs */
	int nevents;
	/* "{1,2}" once resolved: the --event ids; without --event, every
	 * event but the test ones when there are test events and no
	 * --include-test (nevents stays 0: not a selection of the user's,
	 * no caption, no filter cell); NULL: all. */
	char *event_ids;
	/* The events the figures are made of at all, also where a query
	 * wants every event (RQ_KEY_EVENT, disclosure's cube): every event
	 * but the test ones, or NULL (all) with --include-test or when there
	 * are none.  A test event's responses thus never take part in the
	 * suppression of real ones. */
	char *universe_ids;
	bool include_test;		/* --include-test */
	const char *from, *to;		/* YYYY-MM-DD, included */
	const char *role;		/* a role code, prefer_not, not_answered */
	const struct rdim *by;		/* NULL: no --by */
	struct rdim by_pair;		/* what by points to for --by A,B */
	char *by_pair_sql[4];		/* its name and SQL: owned */
	long min_n;
	enum output_format format;
	bool no_rollup;
	const char *interval;		/* week, month, quarter, year */
	const char *indicator;		/* belonging, n, agree:ITEM, nps:ITEM */
	const char *region;
	bool include_text;
	const char *codebook;
	const char *design;		/* srs, cluster; NULL: by the events */
	const char *adjust;		/* none, holm, bh; NULL: holm */
	/* report: the selection's instruments ask first_time; disclosure
	 * decides its counts too (report_first.h) */
	bool first_time;
};

/*
 * Parse argv (argv[0] is the command) into o.  Returns -1 to go on, or
 * the exit status: 0 after --help, EXIT_USAGE after a message.  The
 * caller frees with ropts_free.
 */
int ropts_parse(struct ropts *o, int argc, char **argv, const char *cmd,
    unsigned allowed, void (*usage)(FILE *), struct cli_global *g);
void ropts_free(struct ropts *o);

/* The dimension named name, or NULL. */
const struct rdim *ropts_dim(const char *name);

/* Turn the --event slugs into ids; an unknown slug prints an error and
 * returns EXIT_USAGE; a test event without --include-test prints an error
 * and returns 1; else 0.  Also sets universe_ids, and event_ids without
 * --event (see struct ropts). */
int ropts_resolve_events(struct ropts *o, PGconn *conn);

/* The label of a group of dimension d ("Girl or woman", "Not answered"),
 * or NULL when the group is not one of d's codes (an event slug). */
const char *ropts_group_label(const struct rdim *d, const char *grp);
/* The order groups of d are shown in: codes in the questionnaire's
 * order, then two_or_more, prefer_not, not_answered; others after. */
int ropts_group_rank(const struct rdim *d, const char *grp);

/* The parameters of the filters, $1..$5 of every report query: event ids,
 * from, to, role, and the rollup's through date. */
#define ROPTS_NPARAMS 5
void ropts_params(const struct ropts *o, const char *through,
    const char *params[ROPTS_NPARAMS]);

#endif
