/*
 * belong event: the events surveys are collected at.  Values are checked
 * here first (so the message names the rule, exit 2); the schema's checks
 * stay as the last line.  Every value reaches SQL as a parameter.
 */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_event.h"
#include "cmd_site.h"
#include "cmdutil.h"
#include "about.h"
#include "log.h"
#include "output.h"
#include "qrimage.h"
#include "xalloc.h"

#define EVENT_TEXT_MAX 200	/* title, venue, partner, draw prize */

void
cmd_event_usage(FILE *out)
{
	fputs("usage: belong event add --slug SLUG --title TITLE [--starts YYYY-MM-DD]\n"
	    "           [--ends YYYY-MM-DD] [--venue TEXT] [--partner TEXT] [--expected N]\n"
	    "           [--instrument KEY] [--opens TIME] [--closes TIME] [--draw PRIZE]\n"
	    "           [--test] [--title-es TITLE] [--program PROGRAM [--wave pre|post]]\n"
	    "           [--site CODE] [--kind event|training|program-session]\n"
	    "           [--audience students|educators|families|mixed]\n"
	    "       belong event set SLUG [--test|--no-test] [--title-es TITLE]\n"
	    "           [--program PROGRAM|none] [--wave pre|post] [--site CODE|none]\n"
	    "           [--kind KIND] [--audience AUDIENCE|none]\n"
	    "       belong event list [--format table|csv|json|markdown|latex]\n"
	    "       belong event show SLUG [--format table|csv|json|markdown|latex]\n"
	    "       belong event close SLUG\n"
	    "       belong event reopen SLUG\n"
	    "       belong event attendance SLUG --total N [--group DIM=CODE:N ...]\n"
	    "       belong event qr SLUG --out FILE.png|.svg [--base-url URL] [--scale N]\n"
	    "       belong event delete SLUG [--with-responses] [--yes]\n"
	    "\n"
	    "  add     create an event; its survey uses the newest version of --instrument\n"
	    "          (default pulse).  SLUG: 3-64 of a-z, 0-9 and '-'.  TIME: YYYY-MM-DD\n"
	    "          or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM].  --test: a test event, which\n"
	    "          takes responses like any other but which reports, trends,\n"
	    "          reach, reliability, exports, quotes and charts leave out\n"
	    "          unless --include-test.  --title-es: the title in Spanish, for\n"
	    "          the Spanish charts (else they show --title).  --program: the\n"
	    "          event is part of a program (belong program add); an event of a\n"
	    "          prepost program needs --wave pre or post, one of a retro\n"
	    "          program takes no --wave.  --site: where it happens (belong site\n"
	    "          add); --kind: event (the default), training or program-session;\n"
	    "          --audience: who it is for\n"
	    "  set     make an event a test event (--test) or a real one (--no-test);\n"
	    "          --title-es sets the Spanish title (\"\" removes it); --program and\n"
	    "          --wave put the event in a program or move it to another wave\n"
	    "          (--program none takes it out), refused once it has responses:\n"
	    "          their matching codes are keyed with the program; --site,\n"
	    "          --kind and --audience as for add (none clears site or audience)\n"
	    "  list    all events, with their status and number of responses (csv and\n"
	    "          json also give program, wave, site, kind and audience)\n"
	    "  show    one event\n"
	    "  close   stop taking responses now\n"
	    "  reopen  take responses again (clears the closing time, and an opening\n"
	    "          time still in the future)\n"
	    "  attendance  record the headcount taken at the event (0 to 2147483647;\n"
	    "          again to correct it): response rates divide by it, not by --expected.\n"
	    "          --group DIM=CODE:N (repeatable): the headcount of a group, DIM an\n"
	    "          about-you question (role, grade, gender, race, disability,\n"
	    "          firstgen, language) and CODE one of its codes; a group's response\n"
	    "          rate divides by it.  No group may exceed the total; the event's\n"
	    "          earlier group counts are replaced by these (none given: cleared)\n"
	    "  qr      a QR code of the survey's address for posters and slides;\n"
	    "          --base-url (else $BELONG_BASE_URL, else http://127.0.0.1:8080)\n"
	    "          is where attendees reach belongd; --scale: pixels per module (8)\n"
	    "  delete  delete an event, its draw entries and winners; one with\n"
	    "          responses only with --with-responses, after the slug is typed\n"
	    "          again on the terminal (or --yes): its responses, answers and\n"
	    "          comments, and its cells of the report rollup go with it\n"
	    "  --dsn DSN may follow any of them.\n", out);
}

/* Columns of list; show adds the times. */
static const struct output_column event_columns[] = {
	{ "slug", OUTPUT_NAME },
	{ "title", OUTPUT_TEXT },
	{ "starts", OUTPUT_NAME },
	{ "ends", OUTPUT_NAME },
	{ "venue", OUTPUT_TEXT },
	{ "partner", OUTPUT_TEXT },
	{ "expected", OUTPUT_NUMBER },
	{ "attendance", OUTPUT_NUMBER },
	{ "instrument", OUTPUT_NAME },
	{ "status", OUTPUT_NAME },
	{ "draw_prize", OUTPUT_TEXT },
	{ "responses", OUTPUT_NUMBER },
	{ "test", OUTPUT_BOOL },
	{ "title_es", OUTPUT_TEXT },
	{ "program", OUTPUT_NAME },
	{ "wave", OUTPUT_NAME },
	{ "site", OUTPUT_NAME },
	{ "kind", OUTPUT_NAME },
	{ "audience", OUTPUT_NAME },
	{ "opens_at", OUTPUT_NAME },
	{ "closes_at", OUTPUT_NAME },
	{ "created_at", OUTPUT_NAME },
};
#define EVENT_LIST_COLUMNS 19
#define EVENT_SHOW_COLUMNS 22

#define EVENT_LIST_SELECT \
	"select e.slug, e.title, to_char(e.starts_on, 'YYYY-MM-DD'),\n" \
	"    to_char(e.ends_on, 'YYYY-MM-DD'), e.venue, e.partner,\n" \
	"    e.expected_attendance, e.attendance, i.key || '@' || i.version,\n" \
	"    case when e.closes_at <= now() then 'closed'\n" \
	"         when e.opens_at > now() then 'not yet open'\n" \
	"         else 'open' end,\n" \
	"    e.draw_prize,\n" \
	"    (select count(*) from response r where r.event_id = e.id),\n" \
	"    case when e.test then 'yes' else 'no' end,\n" \
	"    e.title_es, p.slug, e.wave, s.code, e.kind, e.audience\n"
#define EVENT_SHOW_SELECT EVENT_LIST_SELECT \
	"    , to_char(e.opens_at, 'YYYY-MM-DD HH24:MI:SSOF'),\n" \
	"    to_char(e.closes_at, 'YYYY-MM-DD HH24:MI:SSOF'),\n" \
	"    to_char(e.created_at, 'YYYY-MM-DD HH24:MI:SSOF')\n"
#define EVENT_FROM \
	"from event e join instrument i on i.id = e.instrument_id\n" \
	"left join program p on p.id = e.program_id\n" \
	"left join site s on s.id = e.site_id\n"

/*
 * Twelve columns do not fit a 100-column terminal with anything left to
 * read, so the table of `event list` shows the ones to scan by; CSV, JSON
 * and `event show` give every field (title_es, program and wave among
 * them), and `program show` lists a program's events with their waves.
 */
static const struct output_column event_table_columns[] = {
	{ "slug", OUTPUT_NAME },
	{ "title", OUTPUT_TEXT },
	{ "starts", OUTPUT_NAME },
	{ "ends", OUTPUT_NAME },
	{ "venue", OUTPUT_TEXT },
	{ "status", OUTPUT_NAME },
	{ "test", OUTPUT_BOOL },
	{ "expected", OUTPUT_NUMBER },
	{ "attendance", OUTPUT_NUMBER },
	{ "responses", OUTPUT_NUMBER },
};
#define EVENT_TABLE_SELECT \
	"select slug, title, starts, ends, venue, status, test, expected,\n" \
	"    attendance, responses\n" \
	"from (" EVENT_LIST_SELECT EVENT_FROM ") as l (slug, title, starts, ends,\n" \
	"    venue, partner, expected, attendance, instrument, status, draw_prize,\n" \
	"    responses, test, title_es, program, wave, site, kind, audience)\n" \
	"order by starts nulls last, slug"

/* Options of the subcommands; `add`'s value options come first, in the
 * order of the values array. */
enum {
	OPT_SLUG, OPT_TITLE, OPT_STARTS, OPT_ENDS, OPT_VENUE, OPT_PARTNER,
	OPT_EXPECTED, OPT_INSTRUMENT, OPT_OPENS, OPT_CLOSES, OPT_DRAW,
	OPT_TITLE_ES, OPT_PROGRAM, OPT_WAVE, OPT_SITE, OPT_KIND, OPT_AUDIENCE,
	OPT_VALUES,
	OPT_FORMAT = OPT_VALUES, OPT_DSN, OPT_HELP, OPT_TEST, OPT_NO_TEST,
	OPT_WITH_RESPONSES, OPT_YES,
};

static const struct option add_options[] = {
	{ "slug", required_argument, NULL, OPT_SLUG },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "starts", required_argument, NULL, OPT_STARTS },
	{ "ends", required_argument, NULL, OPT_ENDS },
	{ "venue", required_argument, NULL, OPT_VENUE },
	{ "partner", required_argument, NULL, OPT_PARTNER },
	{ "expected", required_argument, NULL, OPT_EXPECTED },
	{ "instrument", required_argument, NULL, OPT_INSTRUMENT },
	{ "opens", required_argument, NULL, OPT_OPENS },
	{ "closes", required_argument, NULL, OPT_CLOSES },
	{ "draw", required_argument, NULL, OPT_DRAW },
	{ "title-es", required_argument, NULL, OPT_TITLE_ES },
	{ "program", required_argument, NULL, OPT_PROGRAM },
	{ "wave", required_argument, NULL, OPT_WAVE },
	{ "site", required_argument, NULL, OPT_SITE },
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "audience", required_argument, NULL, OPT_AUDIENCE },
	{ "test", no_argument, NULL, OPT_TEST },
	{ "dsn", required_argument, NULL, OPT_DSN },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* A text option: checked, and "" is the same as not given. */
static int
add_text(const char **v, int opt, const char *name, size_t min)
{
	const char *rule;
	char what[40];

	if (v[opt] == NULL)
		return 0;
	if (*v[opt] == '\0' && min == 0) {
		v[opt] = NULL;
		return 0;
	}
	if ((rule = cmdutil_check_text(v[opt], min, EVENT_TEXT_MAX)) == NULL)
		return 0;
	snprintf(what, sizeof what, "event add: --%s", name);
	return cmdutil_bad_value(what, rule);
}

/* Check add's values in C; returns 0 or EXIT_USAGE (message printed). */
static int
add_check(const char **v, long *expected)
{
	const char *rule;
	int rc;

	if ((rule = cmdutil_check_slug(v[OPT_SLUG])) != NULL)
		return cmdutil_bad_value("event add: --slug", rule);
	if ((rc = add_text(v, OPT_TITLE, "title", 1)) != 0 ||
	    (rc = add_text(v, OPT_VENUE, "venue", 0)) != 0 ||
	    (rc = add_text(v, OPT_PARTNER, "partner", 0)) != 0 ||
	    (rc = add_text(v, OPT_DRAW, "draw", 0)) != 0)
		return rc;
	/* "" is none, as for set; otherwise a title like --title. */
	if (v[OPT_TITLE_ES] != NULL && *v[OPT_TITLE_ES] == '\0')
		v[OPT_TITLE_ES] = NULL;
	if ((rc = add_text(v, OPT_TITLE_ES, "title-es", 1)) != 0)
		return rc;
	if (v[OPT_STARTS] != NULL && (rule = cmdutil_check_date(v[OPT_STARTS])) != NULL)
		return cmdutil_bad_value("event add: --starts", rule);
	if (v[OPT_ENDS] != NULL && (rule = cmdutil_check_date(v[OPT_ENDS])) != NULL)
		return cmdutil_bad_value("event add: --ends", rule);
	/* Same format, so the strings compare as the dates do. */
	if (v[OPT_STARTS] != NULL && v[OPT_ENDS] != NULL &&
	    strcmp(v[OPT_ENDS], v[OPT_STARTS]) < 0)
		return cmdutil_bad_value("event add: --ends", "must not be before --starts");
	if (v[OPT_EXPECTED] != NULL &&
	    (rule = cmdutil_parse_long(v[OPT_EXPECTED], 0, 2147483647, expected)) != NULL)
		return cmdutil_bad_value("event add: --expected", rule);
	if ((rule = cmdutil_check_key(v[OPT_INSTRUMENT])) != NULL)
		return cmdutil_bad_value("event add: --instrument", rule);
	if (v[OPT_OPENS] != NULL && (rule = cmdutil_check_timestamp(v[OPT_OPENS])) != NULL)
		return cmdutil_bad_value("event add: --opens", rule);
	if (v[OPT_CLOSES] != NULL && (rule = cmdutil_check_timestamp(v[OPT_CLOSES])) != NULL)
		return cmdutil_bad_value("event add: --closes", rule);
	return 0;
}

/*
 * --program and --wave as given, checked in C (sub: "add" or "set").
 * "none" is no program (for set: take the event out of its program).
 */
static int
program_check(const char *sub, const char *program, const char *wave)
{
	const char *rule;
	char what[40];

	if (program != NULL && strcmp(program, "none") != 0 &&
	    (rule = cmdutil_check_slug(program)) != NULL) {
		snprintf(what, sizeof what, "event %s: --program", sub);
		return cmdutil_bad_value(what, rule);
	}
	if (wave != NULL && strcmp(wave, "pre") != 0 && strcmp(wave, "post") != 0) {
		snprintf(what, sizeof what, "event %s: --wave", sub);
		return cmdutil_bad_value(what, "must be pre or post");
	}
	if (wave != NULL && program != NULL && strcmp(program, "none") == 0)
		return cli_usage_error(cmd_event_usage,
		    "event %s: --wave needs a program, not --program none", sub);
	return 0;
}

/*
 * The program with this slug: its id into id (text, for a parameter) and
 * whether it is a pre/post one; 0, or after saying so EXIT_USAGE: the
 * program is a value of the command line, like an unknown choice.
 */
static int
program_lookup(PGconn *conn, const char *sub, const char *slug, char *id,
    size_t idlen, bool *prepost)
{
	PGresult *res = cli_exec(conn, "select id, design = 'prepost' from program"
	    " where slug = $1", 1, &slug, PGRES_TUPLES_OK);

	if (PQntuples(res) == 0) {
		PQclear(res);
		log_error("event %s: --program: no program with slug \"%s\" "
		    "(see `belong program list`)", sub, slug);
		return EXIT_USAGE;
	}
	snprintf(id, idlen, "%s", PQgetvalue(res, 0, 0));
	*prepost = PQgetvalue(res, 0, 1)[0] == 't';
	PQclear(res);
	return 0;
}

/* A pre/post program's event has a wave, a retrospective one's none. */
static int
wave_fits(const char *sub, const char *program, bool prepost, const char *wave)
{
	if (prepost && wave == NULL)
		return cli_usage_error(cmd_event_usage, "event %s: program %s is "
		    "pre/post: give --wave pre or --wave post", sub, program);
	if (!prepost && wave != NULL)
		return cli_usage_error(cmd_event_usage, "event %s: program %s is "
		    "retrospective: its events take no --wave", sub, program);
	return 0;
}

static bool
one_of(const char *s, const char *const *words)
{
	for (; *words != NULL; words++)
		if (strcmp(s, *words) == 0)
			return true;
	return false;
}

/*
 * --site, --kind and --audience as given, checked in C (sub: "add" or
 * "set"; there "none" clears a site or an audience).
 */
static int
place_check(const char *sub, const char *site, const char *kind,
    const char *audience)
{
	static const char *const kinds[] = { "event", "training",
		"program-session", NULL };
	static const char *const audiences[] = { "students", "educators",
		"families", "mixed", NULL };
	bool set = strcmp(sub, "set") == 0;
	const char *rule;
	char what[40];

	if (site != NULL && !(set && strcmp(site, "none") == 0) &&
	    (rule = cmd_site_check_code(site)) != NULL) {
		snprintf(what, sizeof what, "event %s: --site", sub);
		return cmdutil_bad_value(what, rule);
	}
	if (kind != NULL && !one_of(kind, kinds)) {
		snprintf(what, sizeof what, "event %s: --kind", sub);
		return cmdutil_bad_value(what, "must be event, training or "
		    "program-session");
	}
	if (audience != NULL && !(set && strcmp(audience, "none") == 0) &&
	    !one_of(audience, audiences)) {
		snprintf(what, sizeof what, "event %s: --audience", sub);
		return cmdutil_bad_value(what, set ? "must be students, educators, "
		    "families, mixed or none" : "must be students, educators, "
		    "families or mixed");
	}
	return 0;
}

/*
 * The site with this code: its id into id (text, for a parameter); 0, or
 * after saying so EXIT_USAGE (an unknown site is a bad value, as an
 * unknown program is).
 */
static int
site_lookup(PGconn *conn, const char *sub, const char *code, char *id,
    size_t idlen)
{
	PGresult *res = cli_exec(conn, "select id from site where code = $1",
	    1, &code, PGRES_TUPLES_OK);

	if (PQntuples(res) == 0) {
		PQclear(res);
		log_error("event %s: --site: no site with code \"%s\" "
		    "(see `belong site list`)", sub, code);
		return EXIT_USAGE;
	}
	snprintf(id, idlen, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

static int
event_add(int argc, char **argv, struct cli_global *g)
{
	const char *v[OPT_VALUES] = { NULL };
	bool given[OPT_VALUES] = { false };
	char expected[24], program_id[16], site_id[16];
	const char *params[18];
	PGconn *conn;
	PGresult *res;
	long n = 0;
	int c, rc;
	bool test = false, prepost = false;

	v[OPT_INSTRUMENT] = "pulse";
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", add_options, NULL)) != -1) {
		if (c >= 0 && c < OPT_VALUES) {
			if (given[c])
				return cli_usage_error(cmd_event_usage,
				    "event add: --%s given twice", add_options[c].name);
			v[c] = optarg;
			given[c] = true;
		} else if (c == OPT_DSN)
			g->dsn = optarg;
		else if (c == OPT_TEST)
			test = true;
		else if (c == OPT_HELP || c == 'h') {
			cmd_event_usage(stdout);
			return 0;
		} else {
			cmd_event_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd_event_usage, "event add: unexpected argument: %s",
		    argv[optind]);
	if (v[OPT_SLUG] == NULL || v[OPT_TITLE] == NULL)
		return cli_usage_error(cmd_event_usage, "event add: --slug and --title are required");
	if ((rc = add_check(v, &n)) != 0)
		return rc;
	if ((rc = program_check("add", v[OPT_PROGRAM], v[OPT_WAVE])) != 0)
		return rc;
	if ((rc = place_check("add", v[OPT_SITE], v[OPT_KIND], v[OPT_AUDIENCE])) != 0)
		return rc;
	if (v[OPT_PROGRAM] != NULL && strcmp(v[OPT_PROGRAM], "none") == 0)
		v[OPT_PROGRAM] = NULL;
	if (v[OPT_WAVE] != NULL && v[OPT_PROGRAM] == NULL)
		return cli_usage_error(cmd_event_usage,
		    "event add: --wave needs --program");
	snprintf(expected, sizeof expected, "%ld", n);

	conn = cli_connect(g);
	if (v[OPT_PROGRAM] != NULL &&
	    ((rc = program_lookup(conn, "add", v[OPT_PROGRAM], program_id,
	    sizeof program_id, &prepost)) != 0 ||
	    (rc = wave_fits("add", v[OPT_PROGRAM], prepost, v[OPT_WAVE])) != 0)) {
		PQfinish(conn);
		return rc;
	}
	if (v[OPT_SITE] != NULL &&
	    (rc = site_lookup(conn, "add", v[OPT_SITE], site_id, sizeof site_id)) != 0) {
		PQfinish(conn);
		return rc;
	}
	if (v[OPT_OPENS] != NULL && v[OPT_CLOSES] != NULL) {
		const char *times[] = { v[OPT_OPENS], v[OPT_CLOSES] };
		bool backwards;

		res = cli_exec(conn, "select $2::timestamptz < $1::timestamptz", 2, times,
		    PGRES_TUPLES_OK);
		backwards = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
		PQclear(res);
		if (backwards) {
			PQfinish(conn);
			return cmdutil_bad_value("event add: --closes", "must not be before --opens");
		}
	}
	params[0] = v[OPT_INSTRUMENT];
	res = cli_exec(conn, "select id, key || '@' || version from instrument\n"
	    "where key = $1 order by version desc limit 1", 1, params, PGRES_TUPLES_OK);
	if (PQntuples(res) == 0) {
		log_error("event add: no instrument with key \"%s\" (see `belong instrument list`)",
		    v[OPT_INSTRUMENT]);
		PQclear(res);
		PQfinish(conn);
		return 1;
	}
	params[0] = v[OPT_SLUG];
	params[1] = v[OPT_TITLE];
	params[2] = v[OPT_STARTS];
	params[3] = v[OPT_ENDS];
	params[4] = v[OPT_VENUE];
	params[5] = v[OPT_PARTNER];
	params[6] = v[OPT_EXPECTED] != NULL ? expected : NULL;
	params[7] = PQgetvalue(res, 0, 0);
	params[8] = v[OPT_OPENS];
	params[9] = v[OPT_CLOSES];
	params[10] = v[OPT_DRAW];
	params[11] = test ? "true" : "false";
	params[12] = v[OPT_TITLE_ES];
	params[13] = v[OPT_PROGRAM] != NULL ? program_id : NULL;
	params[14] = v[OPT_WAVE];
	params[15] = v[OPT_SITE] != NULL ? site_id : NULL;
	params[16] = v[OPT_KIND];
	params[17] = v[OPT_AUDIENCE];
	{
		/* ON CONFLICT: a duplicate slug is an answer, not an error
		 * (and no race between a check and the insert). */
		PGresult *ins = cli_exec(conn,
		    "insert into event (slug, title, starts_on, ends_on, venue, partner,\n"
		    "    expected_attendance, instrument_id, opens_at, closes_at, draw_prize,\n"
		    "    test, title_es, program_id, wave, site_id, kind, audience)\n"
		    "values ($1, $2, $3::date, $4::date, $5, $6, $7::integer, $8::integer,\n"
		    "    $9::timestamptz, $10::timestamptz, $11, $12::boolean, $13,\n"
		    "    $14::integer, $15, $16::integer, coalesce($17, 'event'), $18)\n"
		    "on conflict (slug) do nothing returning id", 18, params, PGRES_TUPLES_OK);

		if (PQntuples(ins) == 0) {
			log_error("event add: an event with slug \"%s\" already exists",
			    v[OPT_SLUG]);
			rc = 1;
		} else if (v[OPT_PROGRAM] != NULL)
			printf("added %sevent %s (instrument %s, program %s%s%s)\n",
			    test ? "test " : "", v[OPT_SLUG], PQgetvalue(res, 0, 1),
			    v[OPT_PROGRAM], v[OPT_WAVE] != NULL ? ", wave " : "",
			    v[OPT_WAVE] != NULL ? v[OPT_WAVE] : "");
		else
			printf("added %sevent %s (instrument %s)\n", test ? "test " : "",
			    v[OPT_SLUG], PQgetvalue(res, 0, 1));
		PQclear(ins);
	}
	PQclear(res);
	PQfinish(conn);
	return rc;
}

/*
 * Parse the options of list, show, close and reopen: --format if fmt is
 * not NULL, --dsn, --help; and exactly one SLUG if slug is not NULL.
 * Returns -1 to go on, else the exit status.
 */
static int
simple_options(int argc, char **argv, struct cli_global *g, enum output_format *fmt,
    const char **slug)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "dsn", required_argument, NULL, OPT_DSN },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const char *sub = argv[0], *rule;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if (fmt == NULL)
				return cli_usage_error(cmd_event_usage,
				    "event %s: --format is not an option here", sub);
			if ((rc = cmdutil_format(optarg, fmt)) != 0)
				return rc;
			break;
		case OPT_DSN:
			g->dsn = optarg;
			break;
		case OPT_HELP:
		case 'h':
			cmd_event_usage(stdout);
			return 0;
		default:
			cmd_event_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (slug == NULL) {
		if (optind < argc)
			return cli_usage_error(cmd_event_usage,
			    "event %s: unexpected argument: %s", sub, argv[optind]);
		return -1;
	}
	if (optind >= argc)
		return cli_usage_error(cmd_event_usage, "event %s: missing SLUG", sub);
	if (optind + 1 < argc)
		return cli_usage_error(cmd_event_usage, "event %s: unexpected argument: %s",
		    sub, argv[optind + 1]);
	*slug = argv[optind];
	if ((rule = cmdutil_check_slug(*slug)) != NULL) {
		char what[40];

		snprintf(what, sizeof what, "event %s: SLUG", sub);
		return cmdutil_bad_value(what, rule);
	}
	return -1;
}

/* "no event with slug ..." and exit status 1. */
static int
no_event(const char *sub, const char *slug)
{
	log_error("event %s: no event with slug \"%s\"", sub, slug);
	return 1;
}

static int
event_list(int argc, char **argv, struct cli_global *g)
{
	enum output_format fmt = OUTPUT_TABLE;
	struct output *o;
	PGconn *conn;
	int rc;

	if ((rc = simple_options(argc, argv, g, &fmt, NULL)) >= 0)
		return rc;
	conn = cli_connect(g);
	if (fmt == OUTPUT_TABLE) {
		o = output_begin(stdout, fmt, event_table_columns,
		    (int)(sizeof event_table_columns / sizeof event_table_columns[0]), 0);
		cmdutil_query_rows(conn, o, EVENT_TABLE_SELECT, 0, NULL);
	} else {
		o = output_begin(stdout, fmt, event_columns, EVENT_LIST_COLUMNS, 0);
		cmdutil_query_rows(conn, o, EVENT_LIST_SELECT EVENT_FROM
		    "order by e.starts_on nulls last, e.slug", 0, NULL);
	}
	rc = cmdutil_output_end(o);
	PQfinish(conn);
	return rc;
}

static int
event_show(int argc, char **argv, struct cli_global *g)
{
	enum output_format fmt = OUTPUT_TABLE;
	const char *slug = NULL;
	struct output *o;
	PGconn *conn;
	int rc;

	if ((rc = simple_options(argc, argv, g, &fmt, &slug)) >= 0)
		return rc;
	conn = cli_connect(g);
	if (cmdutil_event_id(conn, slug) < 0) {
		PQfinish(conn);
		return no_event("show", slug);
	}
	o = output_begin(stdout, fmt, event_columns, EVENT_SHOW_COLUMNS, OUTPUT_RECORD);
	cmdutil_query_rows(conn, o, EVENT_SHOW_SELECT EVENT_FROM "where e.slug = $1",
	    1, &slug);
	rc = cmdutil_output_end(o);
	PQfinish(conn);
	return rc;
}

static int
event_close(int argc, char **argv, struct cli_global *g)
{
	const char *slug = NULL;
	PGconn *conn;
	PGresult *res;
	int rc;

	if ((rc = simple_options(argc, argv, g, NULL, &slug)) >= 0)
		return rc;
	rc = 0;
	conn = cli_connect(g);
	/* An event closed already keeps the time it closed at.  belongd
	 * listens on belong_event and reads the event again at once; the
	 * notification is sent when this statement commits. */
	res = cli_exec(conn, "with closed as (update event set closes_at = now()\n"
	    "    where slug = $1 and (closes_at is null or closes_at > now())\n"
	    "    returning id, slug)\n"
	    "select id, pg_notify('belong_event', slug) from closed",
	    1, &slug, PGRES_TUPLES_OK);
	if (PQntuples(res) == 1)
		printf("closed event %s\n", slug);
	else if (cmdutil_event_id(conn, slug) < 0)
		rc = no_event("close", slug);
	else
		printf("event %s was already closed\n", slug);
	PQclear(res);
	PQfinish(conn);
	return rc;
}

/* Reopen: take responses from now on.  An opening time in the future
 * would keep the event shut, so it is cleared; one in the past is kept
 * as a record of when the event first opened. */
static int
event_reopen(int argc, char **argv, struct cli_global *g)
{
	const char *slug = NULL;
	PGconn *conn;
	PGresult *res;
	int rc;

	if ((rc = simple_options(argc, argv, g, NULL, &slug)) >= 0)
		return rc;
	rc = 0;
	conn = cli_connect(g);
	res = cli_exec(conn, "with reopened as (update event set closes_at = null,\n"
	    "    opens_at = case when opens_at > now() then null else opens_at end\n"
	    "    where slug = $1 returning id, slug)\n"
	    "select id, pg_notify('belong_event', slug) from reopened",
	    1, &slug, PGRES_TUPLES_OK);
	if (PQntuples(res) == 1)
		printf("reopened event %s\n", slug);
	else
		rc = no_event("reopen", slug);
	PQclear(res);
	PQfinish(conn);
	return rc;
}

#define ATTENDANCE_MAX_GROUPS 64

/* One --group DIM=CODE:N, parsed. */
struct att_group {
	const struct about_question *q;
	const char *code;	/* points into q's table */
	long n;
};

/*
 * Parse --group's argument into *gr: DIM an about-you question, CODE one
 * of its codes (not prefer_not: nobody counts those at the door), N
 * 0..total.  Returns 0, or EXIT_USAGE after saying why.
 */
static int
attendance_group_parse(const char *arg, long total, struct att_group *gr)
{
	const char *eq = strchr(arg, '='), *colon, *rule;
	char dim[32], code[32], *shown;
	int i;

	colon = eq != NULL ? strrchr(eq, ':') : NULL;
	if (eq == NULL || colon == NULL || eq == arg || colon == eq + 1 ||
	    (size_t)(eq - arg) >= sizeof dim || (size_t)(colon - eq - 1) >= sizeof code) {
		shown = cmdutil_show(arg);
		log_error("event attendance: --group %s: must be DIM=CODE:N, "
		    "e.g. role=student:40", shown);
		free(shown);
		return EXIT_USAGE;
	}
	memcpy(dim, arg, (size_t)(eq - arg));
	dim[eq - arg] = '\0';
	memcpy(code, eq + 1, (size_t)(colon - eq - 1));
	code[colon - eq - 1] = '\0';
	if ((gr->q = about_find(dim)) == NULL) {
		shown = cmdutil_show(dim);
		log_error("event attendance: --group: unknown dimension %s (role, "
		    "grade, gender, race, disability, firstgen or language)", shown);
		free(shown);
		return EXIT_USAGE;
	}
	i = about_code_index(gr->q, code);
	if (i < 0 || i == ABOUT_PREFER_NOT_INDEX) {
		shown = cmdutil_show(code);
		log_error("event attendance: --group: %s is not a code of %s "
		    "(see belong(1), \"About you\")", shown, gr->q->name);
		free(shown);
		return EXIT_USAGE;
	}
	gr->code = gr->q->codes[i].code;
	if ((rule = cmdutil_parse_long(colon + 1, 0, 2147483647, &gr->n)) != NULL) {
		log_error("event attendance: --group %s=%s: N %s", gr->q->name,
		    gr->code, rule);
		return EXIT_USAGE;
	}
	if (gr->n > total) {
		log_error("event attendance: --group %s=%s: %ld is more than the "
		    "--total %ld", gr->q->name, gr->code, gr->n, total);
		return EXIT_USAGE;
	}
	return 0;
}

/*
 * The groups together: each DIM=CODE once, and the groups of a question
 * with one answer (all but race) add up to at most the total.
 */
static int
attendance_groups_check(const struct att_group *gr, int n, long total)
{
	for (int i = 0; i < n; i++) {
		long sum = 0;

		for (int j = 0; j < n; j++) {
			if (gr[j].q != gr[i].q)
				continue;
			if (j < i && gr[j].code == gr[i].code) {
				log_error("event attendance: --group %s=%s given twice",
				    gr[i].q->name, gr[i].code);
				return EXIT_USAGE;
			}
			sum += gr[j].n;
		}
		if (!gr[i].q->multi && sum > total) {
			log_error("event attendance: the --group counts of %s add up "
			    "to %ld, more than the --total %ld", gr[i].q->name, sum,
			    total);
			return EXIT_USAGE;
		}
	}
	return 0;
}

/*
 * Record the headcount taken at an event, and optionally the headcounts
 * of groups.  0 is a headcount too (nobody came, or the event was called
 * off): it is stored, takes precedence over the expected attendance like
 * any other, and leaves the event out of the response rate, which has no
 * value over 0.  The group counts given replace the event's earlier ones
 * in the same transaction, so a correction never leaves a mix of old and
 * new.  Every bad value exits 2 and an unknown slug 1 (as for the other
 * subcommands), with nothing changed.
 */
static int
event_attendance(int argc, char **argv, struct cli_global *g)
{
	static const struct option longopts[] = {
		{ "total", required_argument, NULL, 't' },
		{ "group", required_argument, NULL, 'g' },
		{ "dsn", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *total = NULL, *rule, *params[4];
	const char *group_args[ATTENDANCE_MAX_GROUPS];
	struct att_group groups[ATTENDANCE_MAX_GROUPS];
	char num[24], gnum[24];
	PGconn *conn;
	PGresult *res;
	long n = 0;
	int c, rc = 0, ngroups = 0;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (total != NULL)
				return cli_usage_error(cmd_event_usage,
				    "event attendance: --total given twice");
			total = optarg;
			break;
		case 'g':
			if (ngroups == ATTENDANCE_MAX_GROUPS)
				return cli_usage_error(cmd_event_usage,
				    "event attendance: more than %d --group",
				    ATTENDANCE_MAX_GROUPS);
			group_args[ngroups++] = optarg;
			break;
		case 'd':
			g->dsn = optarg;
			break;
		case 'h':
			cmd_event_usage(stdout);
			return 0;
		default:
			cmd_event_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error(cmd_event_usage, "event attendance: give one SLUG");
	if ((rule = cmdutil_check_slug(argv[optind])) != NULL)
		return cmdutil_bad_value("event attendance: SLUG", rule);
	if (total == NULL)
		return cli_usage_error(cmd_event_usage, "event attendance: --total N is required");
	if ((rule = cmdutil_parse_long(total, 0, 2147483647, &n)) != NULL)
		return cmdutil_bad_value("event attendance: --total", rule);
	for (int i = 0; i < ngroups; i++)
		if ((rc = attendance_group_parse(group_args[i], n, &groups[i])) != 0)
			return rc;
	if ((rc = attendance_groups_check(groups, ngroups, n)) != 0)
		return rc;
	snprintf(num, sizeof num, "%ld", n);
	params[0] = argv[optind];
	params[1] = num;
	conn = cli_connect(g);
	PQclear(cli_exec(conn, "begin", 0, NULL, PGRES_COMMAND_OK));
	/* The old value from the same statement, for the message. */
	res = cli_exec(conn, "update event e set attendance = $2::integer\n"
	    "from (select id, attendance from event where slug = $1 for update) old\n"
	    "where e.id = old.id returning old.attendance, e.expected_attendance, e.id",
	    2, params, PGRES_TUPLES_OK);
	if (PQntuples(res) == 0) {
		PQclear(res);
		PQclear(cli_exec(conn, "rollback", 0, NULL, PGRES_COMMAND_OK));
		PQfinish(conn);
		return no_event("attendance", argv[optind]);
	}
	params[0] = PQgetvalue(res, 0, 2);
	PQclear(cli_exec(conn, "delete from attendance_group where event_id = $1::integer",
	    1, params, PGRES_COMMAND_OK));
	for (int i = 0; i < ngroups; i++) {
		snprintf(gnum, sizeof gnum, "%ld", groups[i].n);
		params[1] = groups[i].q->name;
		params[2] = groups[i].code;
		params[3] = gnum;
		PQclear(cli_exec(conn, "insert into attendance_group (event_id,\n"
		    "    dimension, code, n) values ($1::integer, $2, $3, $4::integer)",
		    4, params, PGRES_COMMAND_OK));
	}
	PQclear(cli_exec(conn, "commit", 0, NULL, PGRES_COMMAND_OK));
	printf("event %s: attendance %ld", argv[optind], n);
	if (!PQgetisnull(res, 0, 0))
		printf(" (was %s)", PQgetvalue(res, 0, 0));
	if (!PQgetisnull(res, 0, 1))
		printf(", expected %s", PQgetvalue(res, 0, 1));
	if (ngroups > 0)
		printf("; %d group count%s", ngroups, ngroups == 1 ? "" : "s");
	printf("\n");
	PQclear(res);
	PQfinish(conn);
	return 0;
}

/* A base URL fit to print on a poster: http(s)://, printable ASCII. */
static bool
event_base_url_ok(const char *u)
{
	if (strncmp(u, "http://", 7) != 0 && strncmp(u, "https://", 8) != 0)
		return false;
	for (; *u != '\0'; u++)
		if (*u <= ' ' || *u >= 0x7f || *u == '"' || *u == '<' || *u == '>')
			return false;
	return true;
}

static int
event_qr(int argc, char **argv, struct cli_global *g)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "base-url", required_argument, NULL, 'b' },
		{ "scale", required_argument, NULL, 's' },
		{ "dsn", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL, *base = getenv("BELONG_BASE_URL"), *slug;
	char *url, *err = NULL, *end;
	long scale = 8;
	size_t blen;
	PGconn *conn;
	int c, rc = 0;

	if (base == NULL || *base == '\0')
		base = "http://127.0.0.1:8080";
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'b':
			base = optarg;
			break;
		case 's':
			scale = strtol(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end != '\0' ||
			    scale < 1 || scale > 64)
				return cli_usage_error(cmd_event_usage,
				    "event qr: --scale must be an integer from 1 to 64");
			break;
		case 'd':
			g->dsn = optarg;
			break;
		case 'h':
			cmd_event_usage(stdout);
			return 0;
		default:
			cmd_event_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error(cmd_event_usage, "event qr: give one SLUG");
	slug = argv[optind];
	if (out == NULL)
		return cli_usage_error(cmd_event_usage, "event qr: --out FILE is required");
	if (!event_base_url_ok(base))
		return cli_usage_error(cmd_event_usage, "event qr: --base-url must "
		    "start with http:// or https:// and hold no spaces or quotes");
	conn = cli_connect(g);
	if (cmdutil_event_id(conn, slug) < 0) {
		PQfinish(conn);
		return no_event("qr", slug);
	}
	PQfinish(conn);
	blen = strlen(base);
	url = xasprintf("%.*s/e/%s", (int)(blen > 0 && base[blen - 1] == '/' ?
	    blen - 1 : blen), base, slug);
	if (qrimage_write(url, out, (int)scale, &err) != 0) {
		log_error("event qr: %s", err);
		free(err);
		rc = 1;
	} else {
		printf("%s\n", url);
	}
	free(url);
	return rc;
}

/*
 * Parse the options of set and delete: flags from longopts (each sets
 * its flag in *flags), the value options longopts has (--title-es,
 * --program, --wave) into vals[OPT_...] when vals is not NULL, --dsn,
 * --help, and exactly one SLUG.  Returns -1 to go on, else the exit
 * status.
 */
static int
flag_options(int argc, char **argv, struct cli_global *g,
    const struct option *longopts, unsigned *flags, const char **slug,
    const char **vals)
{
	const char *sub = argv[0], *rule;
	int c;

	optind = 0;
	opterr = 0;	/* our message, with "belong: " like every other */
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == OPT_DSN)
			g->dsn = optarg;
		else if (c >= 0 && c < OPT_VALUES && vals != NULL) {
			if (vals[c] != NULL) {
				const struct option *lo = longopts;

				while (lo->name != NULL && lo->val != c)
					lo++;
				return cli_usage_error(cmd_event_usage,
				    "event %s: --%s given twice", sub, lo->name);
			}
			vals[c] = optarg;
		} else if (c == OPT_HELP || c == 'h') {
			cmd_event_usage(stdout);
			return 0;
		} else if (c >= OPT_TEST && c <= OPT_YES)
			*flags |= 1u << (c - OPT_TEST);
		else
			return cli_usage_error(cmd_event_usage, "event %s: unknown "
			    "option or missing value: %s", sub, argv[optind - 1]);
	}
	if (optind + 1 != argc)
		return cli_usage_error(cmd_event_usage, "event %s: give one SLUG", sub);
	*slug = argv[optind];
	if ((rule = cmdutil_check_slug(*slug)) != NULL) {
		char what[40];

		snprintf(what, sizeof what, "event %s: SLUG", sub);
		return cmdutil_bad_value(what, rule);
	}
	return -1;
}

#define FLAG(opt) (1u << ((opt) - OPT_TEST))

/*
 * Move an event (locked by the caller) to program vals[OPT_PROGRAM]
 * ("none": out of any) and wave vals[OPT_WAVE], either not given: kept
 * (a wave is dropped with the program it belonged to).  ev: the event's
 * id, program id, wave and number of responses.  Returns 0, or the exit
 * status after saying why (nothing changed).  An event with responses
 * keeps its program and wave: its codes were hashed with the program's
 * id, and its answers were given as that wave.
 */
static int
set_program(PGconn *conn, const char *slug, const char **vals, PGresult *ev)
{
	const char *program = vals[OPT_PROGRAM], *wave = vals[OPT_WAVE];
	const char *cur_program = PQgetisnull(ev, 0, 1) ? NULL : PQgetvalue(ev, 0, 1);
	const char *cur_wave = PQgetisnull(ev, 0, 2) ? NULL : PQgetvalue(ev, 0, 2);
	const char *to_program, *to_wave, *params[3];
	long responses = atol(PQgetvalue(ev, 0, 3));
	char id[16], name[80];
	bool prepost = false;
	int rc;

	if (program != NULL && strcmp(program, "none") == 0) {
		to_program = NULL;
		to_wave = NULL;
	} else if (program != NULL) {
		if ((rc = program_lookup(conn, "set", program, id, sizeof id,
		    &prepost)) != 0)
			return rc;
		to_program = id;
		to_wave = wave != NULL ? wave : cur_program != NULL &&
		    strcmp(cur_program, id) == 0 ? cur_wave : NULL;
		if ((rc = wave_fits("set", program, prepost, to_wave)) != 0)
			return rc;
	} else {
		PGresult *res;

		if (cur_program == NULL)
			return cli_usage_error(cmd_event_usage, "event set: %s is in "
			    "no program: --wave needs --program", slug);
		res = cli_exec(conn, "select slug, design = 'prepost' from program"
		    " where id = $1::integer", 1, &cur_program, PGRES_TUPLES_OK);
		snprintf(name, sizeof name, "%s", PQgetvalue(res, 0, 0));
		prepost = PQgetvalue(res, 0, 1)[0] == 't';
		PQclear(res);
		if ((rc = wave_fits("set", name, prepost, wave)) != 0)
			return rc;
		to_program = cur_program;
		to_wave = wave;
	}
	if ((to_program == NULL) != (cur_program == NULL) ||
	    (to_program != NULL && strcmp(to_program, cur_program) != 0) ||
	    (to_wave == NULL) != (cur_wave == NULL) ||
	    (to_wave != NULL && strcmp(to_wave, cur_wave) != 0)) {
		if (responses > 0) {
			log_error("event set: %s has %ld response(s): it cannot move to "
			    "another program or wave (the matching codes of its responses "
			    "are keyed with its program; add a new event instead)",
			    slug, responses);
			return 1;
		}
	}
	params[0] = PQgetvalue(ev, 0, 0);
	params[1] = to_program;
	params[2] = to_wave;
	PQclear(cli_exec(conn, "update event set program_id = $2::integer, wave = $3"
	    " where id = $1::integer", 3, params, PGRES_COMMAND_OK));
	if (to_program == NULL)
		printf("event %s: in no program\n", slug);
	else
		printf("event %s: program %s%s%s\n", slug,
		    program != NULL ? program : name, to_wave != NULL ? ", wave " : "",
		    to_wave != NULL ? to_wave : "");
	return 0;
}

/*
 * Mark an event as a test event or a real one, set or clear its Spanish
 * title, put it in a program.  One transaction, the event locked first:
 * a response belongd stores meanwhile waits (its foreign key), so the
 * count of responses that keeps an event in its program is the count
 * under the change.  belongd hears of it (belong_event) and reads the
 * event again: the form asks for the code only in a pre/post program.
 */
static int
event_set(int argc, char **argv, struct cli_global *g)
{
	static const struct option longopts[] = {
		{ "test", no_argument, NULL, OPT_TEST },
		{ "no-test", no_argument, NULL, OPT_NO_TEST },
		{ "title-es", required_argument, NULL, OPT_TITLE_ES },
		{ "program", required_argument, NULL, OPT_PROGRAM },
		{ "wave", required_argument, NULL, OPT_WAVE },
		{ "site", required_argument, NULL, OPT_SITE },
		{ "kind", required_argument, NULL, OPT_KIND },
		{ "audience", required_argument, NULL, OPT_AUDIENCE },
		{ "dsn", required_argument, NULL, OPT_DSN },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const char *vals[OPT_VALUES] = { NULL };
	const char *slug = NULL, *title_es, *params[10], *rule;
	char site_id[16];
	unsigned flags = 0;
	PGconn *conn;
	PGresult *res, *ev;
	int rc;

	if ((rc = flag_options(argc, argv, g, longopts, &flags, &slug, vals)) >= 0)
		return rc;
	title_es = vals[OPT_TITLE_ES];
	if ((flags & FLAG(OPT_TEST)) && (flags & FLAG(OPT_NO_TEST)))
		return cli_usage_error(cmd_event_usage,
		    "event set: --test and --no-test exclude each other");
	if (flags == 0 && title_es == NULL && vals[OPT_PROGRAM] == NULL &&
	    vals[OPT_WAVE] == NULL && vals[OPT_SITE] == NULL &&
	    vals[OPT_KIND] == NULL && vals[OPT_AUDIENCE] == NULL)
		return cli_usage_error(cmd_event_usage, "event set: nothing to set "
		    "(--test, --no-test, --title-es, --program, --wave, --site, "
		    "--kind or --audience)");
	if (title_es != NULL && *title_es != '\0' &&
	    (rule = cmdutil_check_text(title_es, 1, EVENT_TEXT_MAX)) != NULL)
		return cmdutil_bad_value("event set: --title-es", rule);
	if ((rc = program_check("set", vals[OPT_PROGRAM], vals[OPT_WAVE])) != 0)
		return rc;
	if ((rc = place_check("set", vals[OPT_SITE], vals[OPT_KIND],
	    vals[OPT_AUDIENCE])) != 0)
		return rc;
	params[0] = slug;
	params[1] = flags == 0 ? NULL : (flags & FLAG(OPT_TEST)) ? "true" : "false";
	params[2] = title_es != NULL ? "true" : NULL;
	params[3] = title_es != NULL && *title_es != '\0' ? title_es : NULL;
	rc = 0;
	conn = cli_connect(g);
	PQclear(cli_exec(conn, "begin", 0, NULL, PGRES_COMMAND_OK));
	ev = cli_exec(conn, "select e.id, e.program_id, e.wave, (select count(*)"
	    " from response r where r.event_id = e.id) from event e"
	    " where e.slug = $1 for update", 1, &slug, PGRES_TUPLES_OK);
	if (PQntuples(ev) == 0) {
		rc = no_event("set", slug);
		goto rollback;
	}
	if (vals[OPT_SITE] != NULL && strcmp(vals[OPT_SITE], "none") != 0 &&
	    (rc = site_lookup(conn, "set", vals[OPT_SITE], site_id,
	    sizeof site_id)) != 0)
		goto rollback;
	if ((vals[OPT_PROGRAM] != NULL || vals[OPT_WAVE] != NULL) &&
	    (rc = set_program(conn, slug, vals, ev)) != 0)
		goto rollback;
	params[4] = vals[OPT_SITE] != NULL ? "true" : NULL;
	params[5] = vals[OPT_SITE] != NULL && strcmp(vals[OPT_SITE], "none") != 0 ?
	    site_id : NULL;
	params[6] = vals[OPT_KIND];
	params[7] = vals[OPT_AUDIENCE] != NULL ? "true" : NULL;
	params[8] = vals[OPT_AUDIENCE] != NULL &&
	    strcmp(vals[OPT_AUDIENCE], "none") != 0 ? vals[OPT_AUDIENCE] : NULL;
	/* One statement: what is not given stays as it is. */
	res = cli_exec(conn, "update event set test = coalesce($2::boolean, test),\n"
	    "    title_es = case when $3::boolean then $4 else title_es end,\n"
	    "    site_id = case when $5::boolean then $6::integer else site_id end,\n"
	    "    kind = coalesce($7, kind),\n"
	    "    audience = case when $8::boolean then $9 else audience end\n"
	    "where slug = $1 returning id", 9, params, PGRES_TUPLES_OK);
	PQclear(res);
	PQclear(cli_exec(conn, "select pg_notify('belong_event', $1)", 1, &slug,
	    PGRES_TUPLES_OK));
	PQclear(cli_exec(conn, "commit", 0, NULL, PGRES_COMMAND_OK));
	if (flags != 0)
		printf("event %s: %s\n", slug, (flags & FLAG(OPT_TEST)) ?
		    "a test event, left out of reports unless --include-test" :
		    "a real event, in every report");
	if (title_es != NULL)
		printf("event %s: %s\n", slug, params[3] != NULL ?
		    "Spanish title set" : "no Spanish title");
	if (vals[OPT_SITE] != NULL)
		printf("event %s: %s%s\n", slug, params[5] != NULL ? "site " :
		    "no site", params[5] != NULL ? vals[OPT_SITE] : "");
	if (vals[OPT_KIND] != NULL)
		printf("event %s: kind %s\n", slug, vals[OPT_KIND]);
	if (vals[OPT_AUDIENCE] != NULL)
		printf("event %s: %s%s\n", slug, params[8] != NULL ? "audience " :
		    "no audience", params[8] != NULL ? vals[OPT_AUDIENCE] : "");
	PQclear(ev);
	PQfinish(conn);
	return 0;
rollback:
	PQclear(ev);
	PQclear(cli_exec(conn, "rollback", 0, NULL, PGRES_COMMAND_OK));
	PQfinish(conn);
	return rc;
}

/*
 * Ask on the terminal for the slug to be typed again.  Returns 0 when it
 * was, else 1 after saying why (stdin is no terminal, or it differs).
 */
static int
delete_confirm(const char *slug, long responses)
{
	char line[128];
	size_t len;

	if (!isatty(STDIN_FILENO)) {
		log_error("event delete: %s has %ld response(s) and stdin is not a "
		    "terminal to confirm on: add --yes to delete them", slug, responses);
		return 1;
	}
	fprintf(stderr, "This deletes event %s and its %ld response(s) for good.\n"
	    "Type the event's slug to confirm: ", slug, responses);
	fflush(stderr);
	if (fgets(line, sizeof line, stdin) == NULL) {
		log_error("event delete: not confirmed; nothing deleted");
		return 1;
	}
	len = strcspn(line, "\r\n");
	line[len] = '\0';
	if (strcmp(line, slug) != 0) {
		log_error("event delete: the slug typed is not %s; nothing deleted", slug);
		return 1;
	}
	return 0;
}

/*
 * Delete an event and everything of it, in one transaction.  Every table
 * with an event_id is named (see sql/), cascades or not: answers have no
 * foreign key at all.  The event's cells of the report rollup go too:
 * every cell is per event, so that is exactly what rebuilding those days
 * would give.  The event row is locked first: a response belongd stores
 * meanwhile waits, then fails on the event's absence, and no response
 * is left behind.  belongd hears of it (belong_event) and forgets the
 * event.
 */
static int
event_delete(int argc, char **argv, struct cli_global *g)
{
	static const struct option longopts[] = {
		{ "with-responses", no_argument, NULL, OPT_WITH_RESPONSES },
		{ "yes", no_argument, NULL, OPT_YES },
		{ "dsn", required_argument, NULL, OPT_DSN },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const deletes[] = {
		"delete from answer where event_id = $1::int",
		"delete from answer_text where event_id = $1::int",
		"delete from response where event_id = $1::int",
		"delete from draw_entry where event_id = $1::int",
		"delete from draw_winner where event_id = $1::int",
		"delete from report_cell where event_id = $1::int",
		"delete from report_cell_item where event_id = $1::int",
		"delete from report_cell_month where event_id = $1::int",
		"delete from report_cell_item_month where event_id = $1::int",
	};
	const char *slug = NULL, *id;
	unsigned flags = 0;
	long responses = 0, entries;
	PGconn *conn;
	PGresult *res, *ev;
	int rc;

	if ((rc = flag_options(argc, argv, g, longopts, &flags, &slug, NULL)) >= 0)
		return rc;
	rc = 0;
	conn = cli_connect(g);
	res = cli_exec(conn, "select count(r.id) from event e"
	    " left join response r on r.event_id = e.id where e.slug = $1"
	    " group by e.id", 1, &slug, PGRES_TUPLES_OK);
	if (PQntuples(res) == 0) {
		log_error("no event %s", slug);
		rc = 1;
		goto out;
	}
	responses = atol(PQgetvalue(res, 0, 0));
	PQclear(res);
	res = NULL;
	if (responses > 0 && !(flags & FLAG(OPT_WITH_RESPONSES))) {
		log_error("event delete: %s has %ld response(s): add --with-responses "
		    "to delete them with it", slug, responses);
		rc = 1;
		goto out;
	}
	if (responses > 0 && !(flags & FLAG(OPT_YES)) &&
	    (rc = delete_confirm(slug, responses)) != 0)
		goto out;

	PQclear(cli_exec(conn, "begin", 0, NULL, PGRES_COMMAND_OK));
	ev = cli_exec(conn, "select id from event where slug = $1 for update", 1,
	    &slug, PGRES_TUPLES_OK);
	if (PQntuples(ev) == 0) {
		PQclear(ev);
		PQclear(cli_exec(conn, "rollback", 0, NULL, PGRES_COMMAND_OK));
		log_error("no event %s", slug);
		rc = 1;
		goto out;
	}
	id = PQgetvalue(ev, 0, 0);
	/* Counted again under the lock: what is deleted, not what was asked. */
	res = cli_exec(conn, "select (select count(*) from response"
	    " where event_id = $1::int), (select count(*) from draw_entry"
	    " where event_id = $1::int)", 1, &id, PGRES_TUPLES_OK);
	responses = atol(PQgetvalue(res, 0, 0));
	entries = atol(PQgetvalue(res, 0, 1));
	PQclear(res);
	res = NULL;
	if (responses > 0 && !(flags & FLAG(OPT_WITH_RESPONSES))) {
		PQclear(ev);
		PQclear(cli_exec(conn, "rollback", 0, NULL, PGRES_COMMAND_OK));
		log_error("event delete: %s has %ld response(s): add --with-responses "
		    "to delete them with it", slug, responses);
		rc = 1;
		goto out;
	}
	for (size_t i = 0; i < sizeof deletes / sizeof deletes[0]; i++)
		PQclear(cli_exec(conn, deletes[i], 1, &id, PGRES_COMMAND_OK));
	PQclear(cli_exec(conn, "delete from event where id = $1::int", 1, &id,
	    PGRES_COMMAND_OK));
	PQclear(cli_exec(conn, "select pg_notify('belong_event', $1)", 1, &slug,
	    PGRES_TUPLES_OK));
	PQclear(cli_exec(conn, "commit", 0, NULL, PGRES_COMMAND_OK));
	PQclear(ev);
	printf("deleted event %s (%ld response(s), %ld draw entr%s)\n", slug,
	    responses, entries, entries == 1 ? "y" : "ies");
out:
	if (res != NULL)
		PQclear(res);
	PQfinish(conn);
	return rc;
}

int
cmd_event(int argc, char **argv, struct cli_global *g)
{
	static const struct cli_sub subs[] = {
		{ "add", event_add },
		{ "list", event_list },
		{ "show", event_show },
		{ "close", event_close },
		{ "reopen", event_reopen },
		{ "qr", event_qr },
		{ "attendance", event_attendance },
		{ "set", event_set },
		{ "delete", event_delete },
	};

	return cli_dispatch("event", subs, sizeof subs / sizeof subs[0],
	    cmd_event_usage, argc, argv, g);
}
