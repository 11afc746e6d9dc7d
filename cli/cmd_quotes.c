/*
 * belong quotes: the comments respondents allowed to be quoted, for white
 * papers.  Only rows whose response has quote_ok; each with its event and
 * the day, and nothing else about the respondent.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_quotes.h"
#include "cmdutil.h"
#include "disclosure.h"
#include "log.h"
#include "output.h"
#include "redact.h"
#include "report_opts.h"
#include "report_query.h"
#include "xalloc.h"

void
cmd_quotes_usage(FILE *out)
{
	fputs("usage: belong quotes [--event SLUG ...] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
	    "           [--min-n N] [--include-test]\n"
	    "           [--format table|csv|json|markdown|latex]\n"
	    "\n"
	    "  Comments whose author allowed quoting them, with the event and the day\n"
	    "  they were given (--from and --to included).  --event may be repeated;\n"
	    "  without it, every event but test events (unless --include-test).\n"
	    "  E-mail addresses, phone numbers and web addresses are replaced by\n"
	    "  [removed]; comments from events that the reports suppress (under\n"
	    "  --min-n, default 10) come without event and day.\n"
	    "  --dsn DSN may be given too.\n", out);
}

int
cmd_quotes(int argc, char **argv, struct cli_global *g)
{
	static const struct output_column cols[] = {
		{ "event", OUTPUT_NAME },
		{ "date", OUTPUT_NAME },
		{ "item", OUTPUT_NAME },
		{ "quote", OUTPUT_TEXT },
	};
	struct ropts o;
	struct rq q;
	struct disclosure *dc = NULL;
	const char *params[4];
	char *shown = NULL;
	struct output *w;
	PGconn *conn = NULL;
	int rc;
	bool hidden = false;

	if ((rc = ropts_parse(&o, argc, argv, "quotes", ROPT_SELECT | ROPT_MIN_N |
	    ROPT_FORMAT, cmd_quotes_usage, g)) >= 0)
		goto done;
	conn = cli_connect(g);
	if ((rc = ropts_resolve_events(&o, conn)) != 0)
		goto done;
	rq_open(&q, conn, &o);
	w = output_begin(stdout, o.format, cols, (int)(sizeof cols / sizeof cols[0]), 0);
	/* --event selects a group, which may be one the reports suppress. */
	dc = disclosure_new(&q, NULL, NULL, NULL, NULL);
	if (o.nevents > 0 && disclosure_selection_suppressed(dc)) {
		fprintf(stderr, "belong: quotes: " DISCLOSURE_REFUSAL "\n", o.min_n);
		rc = cmdutil_output_end(w);
		goto done;
	}
	disclosure_free(dc);
	/*
	 * A comment carries its event and day: from an event the reports
	 * suppress, that would point at one of a few people, so such a
	 * comment is printed without them.
	 */
	dc = disclosure_new(&q, ropts_dim("event"), NULL, NULL, NULL);
	shown = xstrdup("[");
	for (int i = 0; i < disclosure_ngroups(dc); i++) {
		char *next;

		if (disclosure_get(dc, i, -1, DISCLOSURE_RESPONDENTS).sup) {
			hidden = true;
			continue;
		}
		next = xasprintf("%s%s\"%s\"", shown, shown[1] != '\0' ? "," : "",
		    disclosure_group(dc, i));	/* a slug: [a-z0-9-] */
		free(shown);
		shown = next;
	}
	{
		char *next = xasprintf("%s]", shown);

		free(shown);
		shown = next;
	}
	params[0] = o.event_ids;
	params[1] = o.from;
	params[2] = o.to;
	params[3] = shown;
	/*
	 * Only consented comments: quote_ok is the filter, and the join keeps
	 * every other column of the response out.  Within a day the rows are
	 * in the order of their text, not of submission, so their order says
	 * nothing about when or by whom.
	 */
	cmdutil_query_rows(conn, w,
	    "select x.slug, x.day, x.item, x.body from (\n"
	    "select case when s.shown then e.slug end as slug,\n"
	    "  case when s.shown then to_char(r.submitted_at, 'YYYY-MM-DD') end as day,\n"
	    "  t.item, " REDACT_SQL("t.body") " as body\n"
	    "from answer_text t\n"
	    "join response r on r.event_id = t.event_id and r.id = t.response_id\n"
	    "join event e on e.id = r.event_id\n"
	    "cross join lateral (select e.slug in\n"
	    "  (select jsonb_array_elements_text($4::jsonb)) as shown) s\n"
	    "where r.quote_ok\n"
	    "  and btrim(t.body) <> ''\n"
	    "  and ($1::int[] is null or e.id = any ($1::int[]))\n"
	    "  and ($2::date is null or r.submitted_at >= $2::date)\n"
	    "  and ($3::date is null or r.submitted_at < $3::date + 1)) x\n"
	    "order by 2, 1, 3, 4", 4, params);
	rc = cmdutil_output_end(w);
	if (hidden)
		fprintf(stderr, "belong: quotes: comments from events that the reports "
		    "suppress are shown without their event and day\n");
done:
	free(shown);
	disclosure_free(dc);
	if (conn != NULL)
		PQfinish(conn);
	ropts_free(&o);
	return rc;
}
