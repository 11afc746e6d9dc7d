/*
 * belong quotes: the comments respondents allowed to be quoted, for white
 * papers.  Only rows whose response has quote_ok; each with its event and
 * the day, and nothing else about the respondent.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_quotes.h"
#include "cmdutil.h"
#include "log.h"
#include "output.h"
#include "xalloc.h"

enum { OPT_EVENT = 256, OPT_FROM, OPT_TO, OPT_FORMAT, OPT_DSN, OPT_HELP };

void
cmd_quotes_usage(FILE *out)
{
	fputs("usage: belong quotes [--event SLUG ...] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
	    "           [--format table|csv|json]\n"
	    "\n"
	    "  Comments whose author allowed quoting them, with the event and the day\n"
	    "  they were given (--from and --to included).  --event may be repeated;\n"
	    "  without it, every event.  --dsn DSN may be given too.\n", out);
}

int
cmd_quotes(int argc, char **argv, struct cli_global *g)
{
	static const struct option longopts[] = {
		{ "event", required_argument, NULL, OPT_EVENT },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "dsn", required_argument, NULL, OPT_DSN },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	static const struct output_column cols[] = {
		{ "event", OUTPUT_NAME },
		{ "date", OUTPUT_NAME },
		{ "item", OUTPUT_NAME },
		{ "quote", OUTPUT_TEXT },
	};
	enum output_format fmt = OUTPUT_TABLE;
	const char *from = NULL, *to = NULL, *rule, *params[3];
	const char **events = xcalloc((size_t)argc, sizeof *events);
	char *slugs = NULL;
	size_t nevents = 0, len = 0;
	struct output *o;
	PGconn *conn;
	int c, rc = EXIT_USAGE;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_EVENT:
			if ((rule = cmdutil_check_slug(optarg)) != NULL) {
				rc = cmdutil_bad_value("quotes: --event", rule);
				goto done;
			}
			events[nevents++] = optarg;
			len += strlen(optarg) + 1;
			break;
		case OPT_FROM:
		case OPT_TO:
			if ((rule = cmdutil_check_date(optarg)) != NULL) {
				rc = cmdutil_bad_value(c == OPT_FROM ? "quotes: --from" :
				    "quotes: --to", rule);
				goto done;
			}
			*(c == OPT_FROM ? &from : &to) = optarg;
			break;
		case OPT_FORMAT:
			if (cmdutil_format(optarg, &fmt) != 0)
				goto done;
			break;
		case OPT_DSN:
			g->dsn = optarg;
			break;
		case OPT_HELP:
		case 'h':
			cmd_quotes_usage(stdout);
			rc = 0;
			goto done;
		default:
			cmd_quotes_usage(stderr);
			goto done;
		}
	}
	if (optind < argc) {
		rc = cli_usage_error(cmd_quotes_usage, "quotes: unexpected argument: %s",
		    argv[optind]);
		goto done;
	}
	/* Same format: the strings compare as the dates do. */
	if (from != NULL && to != NULL && strcmp(to, from) < 0) {
		rc = cmdutil_bad_value("quotes: --to", "must not be before --from");
		goto done;
	}

	conn = cli_connect(g);
	if (nevents > 0) {
		const char *missing;
		char *ids = cmdutil_event_ids(conn, events, nevents, &missing);

		if (ids == NULL) {
			log_error("quotes: no event with slug \"%s\"", missing);
			PQfinish(conn);
			rc = 1;
			goto done;
		}
		free(ids);
	}
	/* The slugs as one parameter, split by the server: a slug has no
	 * commas (checked above). */
	if (nevents > 0) {
		slugs = xmalloc(len);
		slugs[0] = '\0';
		for (size_t i = 0; i < nevents; i++) {
			if (i > 0)
				strcat(slugs, ",");
			strcat(slugs, events[i]);
		}
	}
	params[0] = slugs;
	params[1] = from;
	params[2] = to;
	o = output_begin(stdout, fmt, cols, (int)(sizeof cols / sizeof cols[0]), 0);
	/*
	 * Only consented comments: quote_ok is the filter, and the join keeps
	 * every other column of the response out.  Within a day the rows are
	 * in the order of their text, not of submission, so their order says
	 * nothing about when or by whom.
	 */
	cmdutil_query_rows(conn, o,
	    "select e.slug, to_char(r.submitted_at, 'YYYY-MM-DD'), t.item, t.body\n"
	    "from answer_text t\n"
	    "join response r on r.event_id = t.event_id and r.id = t.response_id\n"
	    "join event e on e.id = r.event_id\n"
	    "where r.quote_ok\n"
	    "  and btrim(t.body) <> ''\n"
	    "  and ($1::text is null or e.slug = any (string_to_array($1, ',')))\n"
	    "  and ($2::date is null or r.submitted_at >= $2::date)\n"
	    "  and ($3::date is null or r.submitted_at < $3::date + 1)\n"
	    "order by 2, 1, 3, 4", 3, params);
	rc = cmdutil_output_end(o);
	PQfinish(conn);
done:
	free(slugs);
	free(events);
	return rc;
}
