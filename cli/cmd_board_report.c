/*
 * belong board report and export: what the board's input came to.  The
 * report gives the "closing the loop" figures a commitment report cites;
 * the export is the board's own meeting packet.  Both select items sent
 * from --from to --to, both days included, in the database's time zone.
 */
#include "config.h"

#include <stdio.h>

#include "cli.h"
#include "cmd_board.h"
#include "cmd_board_report.h"
#include "cmdutil.h"
#include "output.h"

/* The items of the period, each with the time of its first staff reply
 * (every history entry but the "new" each item starts with). */
#define BOARD_SELECTED \
	"with sel as (select i.*, (select min(e.at) from board_item_event e\n" \
	"        where e.item_id = i.id and e.status <> 'new') as first_reply\n" \
	"    from board_item i\n" \
	"    where ($1::date is null or i.created_at >= $1::date)\n" \
	"        and ($2::date is null or i.created_at < $2::date + 1))\n"

/*
 * One row per topic, every topic even without items, then "all".  The
 * shares are percentages of the row's items; the median is over the
 * items with a reply, in days (fractions kept), and empty when there is
 * none.
 */
static const char board_report_sql[] = BOARD_SELECTED
    "select t.topic, count(s.id),\n"
    "    count(s.id) filter (where s.status = 'new'),\n"
    "    count(s.id) filter (where s.status = 'seen'),\n"
    "    count(s.id) filter (where s.status = 'discussed'),\n"
    "    count(s.id) filter (where s.status = 'acted'),\n"
    "    count(s.id) filter (where s.status = 'declined'),\n"
    "    count(s.first_reply),\n"
    "    round(100.0 * count(s.first_reply) / nullif(count(s.id), 0), 1),\n"
    "    round((percentile_cont(0.5) within group (order by\n"
    "        extract(epoch from s.first_reply - s.created_at) / 86400))::numeric, 1),\n"
    "    round(100.0 * count(s.id) filter (where s.status = 'acted')\n"
    "        / nullif(count(s.id), 0), 1)\n"
    "from (values ('programs', 1), ('events', 2), ('outreach', 3),\n"
    "    ('belonging', 4), ('other', 5), ('all', 6)) t (topic, ord)\n"
    "left join sel s on s.topic = t.topic or t.topic = 'all'\n"
    "group by t.topic, t.ord order by t.ord";

static const struct output_column board_report_cols[] = {
	{ "topic", OUTPUT_NAME },
	{ "items", OUTPUT_NUMBER },
	{ "new", OUTPUT_NUMBER },
	{ "seen", OUTPUT_NUMBER },
	{ "discussed", OUTPUT_NUMBER },
	{ "acted", OUTPUT_NUMBER },
	{ "declined", OUTPUT_NUMBER },
	{ "replied", OUTPUT_NUMBER },
	{ "replied_pct", OUTPUT_NUMBER },
	{ "median_days_to_reply", OUTPUT_NUMBER },
	{ "acted_pct", OUTPUT_NUMBER },
};

/*
 * The meeting packet: one row per item, its replies in order separated
 * by "; " (a line break in a cell would print as \n: output.h), and the
 * member's name only where they chose to share it.
 */
static const char board_export_sql[] = BOARD_SELECTED
    "select s.id, to_char(s.created_at, 'YYYY-MM-DD'), s.topic, s.status,\n"
    "    case when s.share_name then m.display_name end, s.body,\n"
    "    to_char(s.first_reply, 'YYYY-MM-DD'),\n"
    "    (select string_agg(to_char(e.at, 'YYYY-MM-DD') || ' ' || e.status\n"
    "        || coalesce(': ' || e.note, '') || coalesce(' (' || e.by || ')', ''),\n"
    "        '; ' order by e.at, e.id)\n"
    "     from board_item_event e where e.item_id = s.id and e.status <> 'new')\n"
    "from sel s join board_member m on m.id = s.member_id\n"
    "order by s.created_at, s.id";

static const struct output_column board_export_cols[] = {
	{ "item", OUTPUT_NUMBER },
	{ "sent", OUTPUT_NAME },
	{ "topic", OUTPUT_NAME },
	{ "status", OUTPUT_NAME },
	{ "name", OUTPUT_NAME },
	{ "body", OUTPUT_TEXT },
	{ "first_reply", OUTPUT_NAME },
	{ "replies", OUTPUT_TEXT },
};

/* Parse --from, --to, --format; run sql into a writer of cols. */
static int
board_period_query(int argc, char **argv, struct cli_global *g,
    enum output_format fmt, const char *sql,
    const struct output_column *cols, int ncols)
{
	struct cmd_board_opts o = { { NULL }, fmt, NULL, 0 };
	struct output *out;
	PGconn *conn;
	int rc;

	if ((rc = cmd_board_options(argc, argv, g, CMD_BOARD_OPT(CMD_BOARD_FROM) |
	    CMD_BOARD_OPT(CMD_BOARD_TO) | CMD_BOARD_OPT(CMD_BOARD_FORMAT), false,
	    &o)) >= 0)
		return rc;
	conn = cli_connect(g);
	out = output_begin(stdout, o.fmt, cols, ncols, 0);
	cmdutil_query_rows(conn, out, sql, 2,
	    (const char *[]){ o.v[CMD_BOARD_FROM], o.v[CMD_BOARD_TO] });
	rc = cmdutil_output_end(out);
	PQfinish(conn);
	return rc;
}

int
cmd_board_report(int argc, char **argv, struct cli_global *g)
{
	return board_period_query(argc, argv, g, OUTPUT_TABLE, board_report_sql,
	    board_report_cols,
	    (int)(sizeof board_report_cols / sizeof board_report_cols[0]));
}

int
cmd_board_export(int argc, char **argv, struct cli_global *g)
{
	return board_period_query(argc, argv, g, OUTPUT_CSV, board_export_sql,
	    board_export_cols,
	    (int)(sizeof board_export_cols / sizeof board_export_cols[0]));
}
