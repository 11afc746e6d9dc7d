/*
 * belong plot: trend, gap, reach, item, change and commitment charts drawn
 * by gnuplot.
 *
 * The numbers come from belong itself: plot runs `belong trend|report|
 * reach|change|commitment progress ... --format json` as a child process
 * with the same filters, so
 * a chart shows exactly what the report shows, suppression included.
 * The numbers go to gnuplot in a data file; every text (titles, labels,
 * paths) as a gnuplot string in which all but letters, digits and spaces
 * are octal escapes (plot_gp_quote).  No shell anywhere.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_plot.h"
#include "cmdutil.h"
#include "lang.h"
#include "plot_data.h"
#include "png.h"
#include "plot_run.h"
#include "plot_size.h"
#include "plot_text.h"
#include "report_opts.h"
#include "xalloc.h"

#ifndef BELONG_CHARTS_DIR
#define BELONG_CHARTS_DIR "/usr/local/share/belong/charts"
#endif
/* charts/ of the source tree this belong was built from (Makefile.am). */
#ifndef BELONG_SOURCE_CHARTS_DIR
#define BELONG_SOURCE_CHARTS_DIR "charts"
#endif

/* Options passed on to the source command, and which kinds take them. */
#define FWD_TREND	0x1
#define FWD_GAPS	0x2
#define FWD_REACH	0x4
#define FWD_ITEMS	0x8
#define FWD_ALL		0xf	/* the kinds that read events' responses */
#define FWD_CHANGE	0x10
#define FWD_COMMITMENT	0x20

enum {
	OPT_EVENT = 256, OPT_FROM, OPT_TO, OPT_ROLE, OPT_BY, OPT_MIN_N,
	OPT_INTERVAL, OPT_INDICATOR, OPT_REGION, OPT_NO_ROLLUP,
	OPT_OUT, OPT_TITLE, OPT_SUBTITLE, OPT_SIZE, OPT_LANG, OPT_GNUPLOT,
	OPT_CHARTS_DIR, OPT_DATA, OPT_DSN, OPT_HELP, OPT_INCLUDE_TEST,
	OPT_DPI, OPT_FONT,
	OPT_PANELS,
	OPT_SOURCE,
	OPT_PROGRAM, OPT_DESIGN, OPT_MAX_DIFF,
	OPT_COMMITMENT,
};

static const struct {
	int opt;
	unsigned kinds;
} forwarded[] = {
	{ OPT_EVENT, FWD_ALL }, { OPT_FROM, FWD_ALL }, { OPT_TO, FWD_ALL },
	{ OPT_ROLE, FWD_ALL }, { OPT_BY, FWD_ALL | FWD_CHANGE },
	{ OPT_MIN_N, FWD_ALL | FWD_CHANGE | FWD_COMMITMENT },
	{ OPT_NO_ROLLUP, FWD_ALL }, { OPT_INTERVAL, FWD_TREND },
	{ OPT_INDICATOR, FWD_TREND | FWD_CHANGE }, { OPT_REGION, FWD_REACH },
	{ OPT_INCLUDE_TEST, FWD_ALL | FWD_CHANGE },
	{ OPT_PROGRAM, FWD_CHANGE }, { OPT_DESIGN, FWD_CHANGE },
	{ OPT_MAX_DIFF, FWD_CHANGE },
};

static const struct {
	const char *name;	/* belong plot NAME */
	const char *source;	/* the command that has its numbers */
	const char *template;	/* charts/NAME.gp */
	const char *sub;	/* its subcommand, or NULL */
} kinds[PLOT_NKINDS] = {
	[PLOT_TREND] = { "trend", "trend", "trend.gp", NULL },
	[PLOT_GAPS] = { "gaps", "report", "gaps.gp", NULL },
	[PLOT_REACH] = { "reach", "reach", "reach.gp", NULL },
	[PLOT_ITEMS] = { "items", "report", "items.gp", NULL },
	[PLOT_CHANGE] = { "change", "change", "change.gp", NULL },
	[PLOT_COMMITMENT] = { "commitment", "commitment", "commitment.gp",
	    "progress" },
};

struct plot_opts {
	enum plot_kind kind;
	const char *out, *title, *subtitle, *gnuplot, *charts_dir, *data;
	const char *from, *to, *role, *by, *interval, *indicator, *region;
	const char *program;	/* change */
	const char *commitment;	/* commitment: SLUG or --commitment SLUG */
	long min_n;		/* commitment: --min-n, for the footnote */
	const char **events;
	int nevents;
	struct plot_size_req size_req;	/* --size, when given */
	bool size_given;
	double dpi;			/* --dpi, 0 when not given */
	const char *font;		/* --font, else DejaVu Sans */
	struct plot_size size;		/* from them and the format */
	enum lang lang;
	enum plot_panels panels;	/* --panels */
	bool panels_given;
	const char *source;	/* --source, else the org_name setting */
	const char *fmt;	/* png, svg, pdf */
	char **fwd;		/* the source command's argv, NULL-terminated */
	int nfwd;
	char **owned;		/* what of fwd to free */
	int nowned;
};

void
cmd_plot_usage(FILE *out)
{
	fputs("usage: belong plot trend|gaps|reach|items|change|commitment\n"
	    "           --out FILE.png|.svg|.pdf\n"
	    "           [--event SLUG ...] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
	    "           [--role ROLE] [--by DIMENSION] [--min-n N] [--no-rollup]\n"
	    "           [--include-test]\n"
	    "           [--interval week|month|quarter|year] [--indicator IND] (trend)\n"
	    "           [--region REGION] (reach)\n"
	    "           --program SLUG [--by DIMENSION] [--min-n N]\n"
	    "           [--indicator belonging|agree:ITEM|nps:ITEM]\n"
	    "           [--design cluster] [--max-diff N] [--include-test] (change)\n"
	    "           [SLUG | --commitment SLUG] [--min-n N] (commitment)\n"
	    "           [--title T] [--subtitle S] [--size WxH[in|mm|px]] [--dpi N]\n"
	    "           [--font FAMILY] [--lang en|es]\n"
	    "           [--panels auto|single|multiple] (trend, items)\n"
	    "           [--source TEXT]\n"
	    "           [--gnuplot PATH] [--charts-dir DIR] [--data FILE]\n"
	    "\n"
	    "  trend  the indicator per period, one line per group, 95 % band\n"
	    "  gaps   each group's belonging gap to everyone else (needs --by)\n"
	    "  reach  each group's share of respondents beside its benchmark\n"
	    "  items  each item's agree rate with its Wilson interval\n"
	    "  change each group's pre and post (matched pairs, or a retrospective\n"
	    "         program's before and now) with their intervals, joined\n"
	    "  commitment  a bullet per open commitment (or SLUG), each on its own\n"
	    "         scale: the value so far with its interval, the target, the\n"
	    "         baseline, the projection to the due date and the status\n"
	    "\n"
	    "  The numbers are those of belong trend, report, reach, change or\n"
	    "  commitment progress with the same\n"
	    "  options; suppressed groups are left out and named in the footnote.\n"
	    "  Test events are left out unless --include-test.\n"
	    "  The format comes from the extension.  Sizes: 7x4.5in by default,\n"
	    "  a PNG's at 300 dpi (2100x1350 pixels); pixels asked for are 96 an\n"
	    "  inch unless --dpi (PNG only).  Text is 8.5 pt at 7x4.5in, scales\n"
	    "  with the figure, and is never below 7 pt; a figure too small for\n"
	    "  its words is refused with the height it needs.  --font: a\n"
	    "  fontconfig family.\n"
	    "  gnuplot is --gnuplot, else $GNUPLOT, else found in PATH; templates\n"
	    "  are in --charts-dir, else $BELONG_CHARTS_DIR, else the installed\n"
	    "  " BELONG_CHARTS_DIR " if it has them, else the\n"
	    "  source tree's " BELONG_SOURCE_CHARTS_DIR ".\n"
	    "  --data keeps the data file gnuplot read.\n"
	    "  The footnote starts with --source, else the org_name setting\n"
	    "  (belong config set org_name ...), else \"belong survey responses\".\n"
	    "  Everyone first, prefer-not-to-say and not-answered last, in greys;\n"
	    "  trend and items draw one panel per group from five groups on\n"
	    "  (--panels auto), or always one panel (single) or always one per\n"
	    "  group (multiple).\n", out);
}

static void
fwd_add(struct plot_opts *o, const char *s)
{
	o->fwd = xrealloc(o->fwd, (size_t)(o->nfwd + 2) * sizeof(*o->fwd));
	o->fwd[o->nfwd++] = (char *)s;
	o->fwd[o->nfwd] = NULL;
}

static const char *
ext_format(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot == NULL || strchr(dot, '/') != NULL)
		return NULL;
	if (strcasecmp(dot, ".png") == 0)
		return "png";
	if (strcasecmp(dot, ".svg") == 0)
		return "svg";
	if (strcasecmp(dot, ".pdf") == 0)
		return "pdf";
	return NULL;
}

/* Returns -1 to go on, else the exit status. */
static int
parse(struct plot_opts *o, int argc, char **argv, struct cli_global *g)
{
	static const struct option longopts[] = {
		{ "event", required_argument, NULL, OPT_EVENT },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "role", required_argument, NULL, OPT_ROLE },
		{ "by", required_argument, NULL, OPT_BY },
		{ "min-n", required_argument, NULL, OPT_MIN_N },
		{ "interval", required_argument, NULL, OPT_INTERVAL },
		{ "indicator", required_argument, NULL, OPT_INDICATOR },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "no-rollup", no_argument, NULL, OPT_NO_ROLLUP },
		{ "include-test", no_argument, NULL, OPT_INCLUDE_TEST },
		{ "out", required_argument, NULL, OPT_OUT },
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "subtitle", required_argument, NULL, OPT_SUBTITLE },
		{ "size", required_argument, NULL, OPT_SIZE },
		{ "dpi", required_argument, NULL, OPT_DPI },
		{ "font", required_argument, NULL, OPT_FONT },
		{ "panels", required_argument, NULL, OPT_PANELS },
		{ "source", required_argument, NULL, OPT_SOURCE },
		{ "lang", required_argument, NULL, OPT_LANG },
		{ "gnuplot", required_argument, NULL, OPT_GNUPLOT },
		{ "charts-dir", required_argument, NULL, OPT_CHARTS_DIR },
		{ "data", required_argument, NULL, OPT_DATA },
		{ "dsn", required_argument, NULL, OPT_DSN },
		{ "program", required_argument, NULL, OPT_PROGRAM },
		{ "design", required_argument, NULL, OPT_DESIGN },
		{ "max-diff", required_argument, NULL, OPT_MAX_DIFF },
		{ "commitment", required_argument, NULL, OPT_COMMITMENT },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	char **av = argv + 1;
	const char *kind;
	int ac = argc - 1, c, k, li = 0;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		if (argc >= 2) {
			cmd_plot_usage(stdout);
			return 0;
		}
		return cli_usage_error(cmd_plot_usage, "plot: which chart? "
		    "trend, gaps, reach, items, change or commitment");
	}
	kind = argv[1];
	for (k = 0; k < PLOT_NKINDS; k++)
		if (strcmp(kinds[k].name, kind) == 0)
			break;
	if (k == PLOT_NKINDS)
		return cli_usage_error(cmd_plot_usage, "plot: unknown chart: %s "
		    "(trend, gaps, reach, items, change or commitment)", kind);
	o->kind = (enum plot_kind)k;
	o->lang = LANG_EN;
	o->min_n = ROPTS_MIN_N_DEFAULT;
	o->events = xcalloc((size_t)argc + 1, sizeof(*o->events));
	fwd_add(o, "belong");
	fwd_add(o, kinds[k].source);
	if (kinds[k].sub != NULL)
		fwd_add(o, kinds[k].sub);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(ac, av, "h", longopts, &li)) != -1) {
		const char *arg = optarg;
		bool is_fwd = false;

		for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
			if (forwarded[i].opt == c) {
				/* By its name: av[optind - 1] is the value of
				 * "--region metro". */
				if (!(forwarded[i].kinds & (1u << k)))
					return cli_usage_error(cmd_plot_usage, "plot %s: "
					    "--%s is not an option of this chart", kind,
					    longopts[li].name);
				is_fwd = true;
			}
		if (is_fwd) {
			/* Spelled out again ("--by" for "--by=x" or "--b x");
			 * the source command checks the values. */
			for (size_t i = 0; longopts[i].name != NULL; i++)
				if (longopts[i].val == c) {
					char *name = xasprintf("--%s", longopts[i].name);

					o->owned = xrealloc(o->owned, (size_t)(o->nowned + 1) *
					    sizeof(*o->owned));
					o->owned[o->nowned++] = name;
					fwd_add(o, name);
					if (arg != NULL)
						fwd_add(o, arg);
					break;
				}
		}
		switch (c) {
		case OPT_EVENT: o->events[o->nevents++] = arg; break;
		case OPT_FROM: o->from = arg; break;
		case OPT_TO: o->to = arg; break;
		case OPT_ROLE: o->role = arg; break;
		case OPT_BY: o->by = arg; break;
		case OPT_INTERVAL: o->interval = arg; break;
		case OPT_INDICATOR: o->indicator = arg; break;
		case OPT_REGION: o->region = arg; break;
		case OPT_PROGRAM: o->program = arg; break;
		case OPT_MIN_N:
			/* The source command checks it; the footnote says it. */
			o->min_n = strtol(arg, NULL, 10);
			break;
		case OPT_NO_ROLLUP: case OPT_INCLUDE_TEST:
		case OPT_DESIGN: case OPT_MAX_DIFF: break;
		case OPT_COMMITMENT:
			if (o->kind != PLOT_COMMITMENT)
				return cli_usage_error(cmd_plot_usage, "plot %s: "
				    "--commitment is an option of plot commitment", kind);
			if (o->commitment != NULL)
				return cli_usage_error(cmd_plot_usage, "plot commitment: "
				    "one commitment at most");
			o->commitment = arg;
			break;
		case OPT_OUT: o->out = arg; break;
		case OPT_TITLE: o->title = arg; break;
		case OPT_SUBTITLE: o->subtitle = arg; break;
		case OPT_GNUPLOT: o->gnuplot = arg; break;
		case OPT_CHARTS_DIR: o->charts_dir = arg; break;
		case OPT_DATA: o->data = arg; break;
		case OPT_DSN: g->dsn = arg; break;
		case OPT_SIZE: {
			char why[200];

			if (plot_size_parse(arg, &o->size_req, why, sizeof why) != 0)
				return cmdutil_bad_value("plot: --size", why);
			o->size_given = true;
			break;
		}
		case OPT_DPI: {
			char why[200];

			if (plot_size_parse_dpi(arg, &o->dpi, why, sizeof why) != 0)
				return cmdutil_bad_value("plot: --dpi", why);
			break;
		}
		case OPT_FONT: {
			const char *why = plot_size_check_font(arg);

			if (why != NULL)
				return cmdutil_bad_value("plot: --font", why);
			o->font = arg;
			break;
		}
		case OPT_PANELS:
			if (plot_panels_parse(arg, &o->panels) != 0)
				return cmdutil_bad_value("plot: --panels",
				    "must be auto, single or multiple");
			o->panels_given = true;
			break;
		case OPT_SOURCE: {
			const char *why = cmdutil_check_text(arg, 1, 200);

			if (why != NULL)
				return cmdutil_bad_value("plot: --source", why);
			o->source = arg;
			break;
		}
		case OPT_LANG:
			if (lang_parse(arg, &o->lang) != 0)
				return cmdutil_bad_value("plot: --lang", "must be en or es");
			break;
		case OPT_HELP: case 'h':
			cmd_plot_usage(stdout);
			return 0;
		default:
			return cli_usage_error(cmd_plot_usage, "plot: unknown option "
			    "or missing value: %s", av[optind - 1]);
		}
	}
	/* plot commitment SLUG: the one commitment, as progress takes it. */
	if (o->kind == PLOT_COMMITMENT && optind < ac && o->commitment == NULL)
		o->commitment = av[optind++];
	if (o->kind == PLOT_COMMITMENT && optind < ac)
		return cli_usage_error(cmd_plot_usage, "plot commitment: "
		    "one commitment at most (unexpected %s)", av[optind]);
	if (optind < ac)
		return cli_usage_error(cmd_plot_usage, "plot: unexpected argument: %s",
		    av[optind]);
	if (o->out == NULL)
		return cli_usage_error(cmd_plot_usage, "plot: --out FILE is required");
	if ((o->fmt = ext_format(o->out)) == NULL)
		return cmdutil_bad_value("plot: --out",
		    "must end in .png, .svg or .pdf");
	{
		char why[200];

		if (plot_size_resolve(o->fmt, o->size_given ? &o->size_req : NULL,
		    o->dpi, &o->size, why, sizeof why) != 0)
			return cmdutil_bad_value(o->dpi > 0 &&
			    (!o->size_given || strcmp(o->fmt, "png") != 0) ?
			    "plot: --dpi" : "plot: --size", why);
	}
	if (o->kind == PLOT_GAPS && o->by == NULL)
		return cli_usage_error(cmd_plot_usage, "plot gaps: --by is required");
	if (o->kind == PLOT_CHANGE && o->program == NULL)
		return cli_usage_error(cmd_plot_usage, "plot change: --program SLUG "
		    "is required");
	if (o->panels_given && o->kind != PLOT_TREND && o->kind != PLOT_ITEMS)
		return cli_usage_error(cmd_plot_usage, "plot %s: --panels is an "
		    "option of trend and items", kind);
	if (o->kind == PLOT_TREND && o->interval == NULL) {
		fwd_add(o, "--interval");
		fwd_add(o, "month");
		o->interval = "month";
	}
	fwd_add(o, "--format");
	fwd_add(o, "json");
	if (o->commitment != NULL) {
		/* After "--": a slug is never taken for an option. */
		fwd_add(o, "--");
		fwd_add(o, o->commitment);
	}
	return -1;
}

/* Run belong with args (fwd[0] is replaced by this program's path) and
 * return its JSON, or NULL after saying why; *status is the exit status
 * to use then. */
static char *
run_source(char **args, int *status)
{
	char *out = plot_run_self(args, "plot", status);

	if (out == NULL && *status < 0)
		*status = 1;
	return out;
}

/*
 * The first and last month with responses under the filters, from
 * `belong trend --interval month --indicator n`: for the footnote of the
 * charts whose own numbers carry no dates.  NULLs when that fails.
 */
static void
months(const struct plot_opts *o, char **first, char **last)
{
	char *args[32 + 64], *json;
	const char *min_n = NULL;
	const cJSON *rows, *row;
	cJSON *root;
	int n = 0, status;

	*first = *last = NULL;
	args[n++] = (char *)"belong";
	args[n++] = (char *)"trend";
	args[n++] = (char *)"--interval";
	args[n++] = (char *)"month";
	args[n++] = (char *)"--indicator";
	args[n++] = (char *)"n";
	for (int i = 2; o->fwd[i] != NULL && n < 32 + 60; i++) {
		const char *f = o->fwd[i];

		if (strcmp(f, "--event") == 0 || strcmp(f, "--from") == 0 ||
		    strcmp(f, "--to") == 0 || strcmp(f, "--role") == 0) {
			args[n++] = o->fwd[i];
			args[n++] = o->fwd[++i];
		} else if (strcmp(f, "--include-test") == 0) {
			args[n++] = o->fwd[i];
		} else if (strcmp(f, "--min-n") == 0) {
			min_n = o->fwd[++i];
		} else if (strcmp(f, "--by") == 0 || strcmp(f, "--region") == 0) {
			i++;
		}
	}
	if (min_n != NULL) {
		args[n++] = (char *)"--min-n";
		args[n++] = (char *)min_n;
	}
	args[n++] = (char *)"--format";
	args[n++] = (char *)"json";
	args[n] = NULL;
	if ((json = run_source(args, &status)) == NULL)
		return;
	root = cJSON_Parse(json);
	free(json);
	rows = cJSON_GetObjectItemCaseSensitive(root, "rows");
	cJSON_ArrayForEach(row, rows) {
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(row, "period");

		if (!cJSON_IsString(p) || strcmp(p->valuestring, "slope") == 0)
			continue;
		if (*first == NULL || strcmp(p->valuestring, *first) < 0) {
			free(*first);
			*first = xstrdup(p->valuestring);
		}
		if (*last == NULL || strcmp(p->valuestring, *last) > 0) {
			free(*last);
			*last = xstrdup(p->valuestring);
		}
	}
	cJSON_Delete(root);
}

/*
 * The words plot needs from the database besides the numbers, asked of
 * belong itself as the numbers are (no database code here): the org_name
 * setting for the source line unless --source is given, and the events'
 * titles when the chart names events (--by event, --event).  Each is
 * NULL when there is none (`config get` of a key not set exits 1
 * without a word) or asking failed: the chart then says less.
 */
static void
words(const struct plot_opts *o, char **org_name, char **events_json)
{
	char *cfg[] = { (char *)"belong", (char *)"config", (char *)"get",
	    (char *)"org_name", NULL };
	char *ev[] = { (char *)"belong", (char *)"event", (char *)"list",
	    (char *)"--format", (char *)"json", NULL };
	int status;

	*org_name = *events_json = NULL;
	if (o->source == NULL && (*org_name = run_source(cfg, &status)) != NULL)
		(*org_name)[strcspn(*org_name, "\n")] = '\0';
	if ((o->by != NULL && strcmp(o->by, "event") == 0) || o->nevents > 0)
		*events_json = run_source(ev, &status);
}

/* Fit the category labels to the width: reach's group names wrapped
 * under their bars, items' questions wrapped beside theirs in about a
 * quarter of the width (29 characters of the body text, whatever the
 * size), gaps' groups beside theirs in up to 45 % of it, trend's
 * periods thinned to every xstep-th; the x axis's title wrapped to what
 * the plot leaves (gaps' plot starts right of its groups).
 * Widths and the font size fs in points. */
static void
layout(struct plot_chart *c, struct plot_text *t, const struct plot_opts *o,
    double fs)
{
	double w = o->size.w_in * 72, avail = 0.75 * w, per;
	size_t widest = 1;

	per = 0.8 * w / (fs * 0.55);
	if (c->kind == PLOT_GAPS || c->kind == PLOT_CHANGE ||
	    c->kind == PLOT_COMMITMENT) {
		per = (c->kind == PLOT_COMMITMENT ? 0.4 : 0.45) * w / (fs * 0.55);
		for (int i = 0; i < c->cats.n; i++) {
			plot_text_wrap(c->cats.v[i], per < 12 ? 12 : (size_t)per);
			for (const char *l = c->cats.v[i]; *l; l += *l == '\n') {
				size_t n = strcspn(l, "\n");

				widest = n > widest ? n : widest;
				l += n;
			}
		}
		/* The plot, and its title under it, start right of them. */
		per = (0.95 * w - (double)widest * fs * 0.58 - 2 * fs) / (fs * 0.55);
	}
	plot_text_wrap(t->xlabel, per < 20 ? 20 : (size_t)per);

	if (c->kind == PLOT_REACH && c->cats.n > 0) {
		per = avail / c->cats.n / (fs * 0.6);
		for (int i = 0; i < c->cats.n; i++)
			plot_text_wrap(c->cats.v[i], per < 8 ? 8 : (size_t)per);
	}
	if (c->kind == PLOT_ITEMS) {
		per = 0.27 * w / (fs * 0.55);
		for (int i = 0; i < c->cats.n; i++)
			plot_text_wrap(c->cats.v[i], per < 12 ? 12 : (size_t)per);
	}
	if (c->kind == PLOT_TREND && c->cats.n > 0) {
		for (int i = 0; i < c->cats.n; i++) {
			size_t n = strcspn(c->cats.v[i], "\n");

			if (n > widest)
				widest = n;
		}
		per = (double)widest * fs * 0.62 + 1.2 * fs;
		c->xstep = (int)ceil(c->cats.n / fmax(1, floor(avail / per)));
	}
}

static void
gp_var(char ***argv, int *argc, const char *name, const char *value)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL) {
		perror("belong: plot");
		exit(1);
	}
	fprintf(f, "%s = ", name);
	plot_gp_quote(f, value ? value : "");
	fclose(f);
	*argv = xrealloc(*argv, (size_t)(*argc + 3) * sizeof(**argv));
	(*argv)[(*argc)++] = xstrdup("-e");
	(*argv)[(*argc)++] = buf;
	(*argv)[*argc] = NULL;
}

static void
gp_cmd(char ***argv, int *argc, char *cmd)
{
	*argv = xrealloc(*argv, (size_t)(*argc + 3) * sizeof(**argv));
	(*argv)[(*argc)++] = xstrdup("-e");
	(*argv)[(*argc)++] = cmd;
	(*argv)[*argc] = NULL;
}

static void
gp_array(char ***argv, int *argc, const char *name, const struct plot_strs *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL) {
		perror("belong: plot");
		exit(1);
	}
	/* gnuplot has no empty arrays: one element more, unused. */
	fprintf(f, "array %s[%d]; ", name, s->n + 1);
	for (int i = 0; i < s->n; i++) {
		fprintf(f, "%s[%d] = ", name, i + 1);
		plot_gp_quote(f, s->v[i]);
		fputs("; ", f);
	}
	fprintf(f, "%s[%d] = \"\"", name, s->n + 1);
	fclose(f);
	gp_cmd(argv, argc, buf);
}

static int
lines(const char *s)
{
	int n = 1;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/*
 * The groups' styles and the panels, for every template: COL and PTS
 * (each series' or category's colour and point type, decided here so
 * that no template picks a colour by position; COLI, the same colours
 * as the integers `lc rgb variable` takes), LN (the lines of each
 * series label), LW and QW (the longest line of a series and of a
 * category label), NP panels in PCOLS x PROWS from PLEFT, and for trend
 * the value axis YLO..YHI by YSTEP and each series' last point EX, EY.
 * The layout is plot_layout_groups': charts/groups.gp reads it.
 */
static void
gp_groups(char ***argv, int *argc, const struct plot_chart *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int n = c->codes.n;

	if (f == NULL) {
		perror("belong: plot");
		exit(1);
	}
	/* One element more than used: gnuplot has no empty arrays. */
	fprintf(f, "array COL[%d]; array COLI[%d]; array PTS[%d]; array LN[%d]; "
	    "array EX[%d]; array EY[%d]; ", n + 1, n + 1, n + 1, n + 1, n + 1,
	    n + 1);
	for (int i = 0; i < n; i++) {
		fprintf(f, "COL[%d] = \"%s\"; COLI[%d] = %ld; PTS[%d] = %d; ", i + 1,
		    c->styles[i].colour, i + 1, plot_colour_int(c->styles[i].colour),
		    i + 1, c->styles[i].pt);
		if (i < c->series.n)
			fprintf(f, "LN[%d] = %d; ", i + 1, lines(c->series.v[i]));
		if (c->endx != NULL && i < c->series.n)
			fprintf(f, "EX[%d] = %.10g; EY[%d] = %.10g; ", i + 1,
			    c->endx[i], i + 1, c->endy[i]);
	}
	fprintf(f, "COL[%d] = \"#222222\"; PTS[%d] = 7; ", n + 1, n + 1);
	fprintf(f, "QW = %d; PLEFT = %.6f; ", c->cat_chars, c->pleft);
	fprintf(f, "NP = %d; PCOLS = %d; PROWS = %d; LW = %d; YLO = %.10g; "
	    "YHI = %.10g; YSTEP = %.10g", c->panels, c->pcols, c->prows,
	    c->label_chars, c->endx != NULL ? c->ylo : 0,
	    c->endx != NULL ? c->yhi : 1, c->endx != NULL ? c->ystep : 1);
	fclose(f);
	gp_cmd(argv, argc, buf);
}

/*
 * plot commitment without --size: the default width, and as tall as
 * its rows need (the room charts/commitment.gp asks for: each row its
 * label's lines and a half, from four rows on; the title, the key, the
 * footnote), at least the default height.  Too tall to be a figure:
 * the default, which the template then refuses saying why.
 */
static void
fit_rows(struct plot_opts *o, const struct plot_chart *c,
    const struct plot_text *t)
{
	double fs = o->size.fs, lh = 1.5 * fs, h;
	int most = 1, span = c->cats.n > 4 ? c->cats.n : 4;
	struct plot_size_req r;
	struct plot_size s;
	char why[200];

	for (int i = 0; i < c->cats.n; i++)
		most = lines(c->cats.v[i]) > most ? lines(c->cats.v[i]) : most;
	for (int i = 0; i < c->right.n; i++)
		most = lines(c->right.v[i]) > most ? lines(c->right.v[i]) : most;
	h = ((4.0 + 1.1 * lines(t->title) + (t->subtitle != NULL ?
	    0.95 * lines(t->subtitle) : 0) + 0.75 * lines(t->footnote) + 2.1) *
	    lh + span * (most * 1.25 + 0.5) * fs) / 72;
	h = ceil(h * 4) / 4;
	if (h <= o->size.h_in)
		return;
	r.w = o->size.w_in;
	r.h = h;
	r.unit = PLOT_SIZE_IN;
	if (plot_size_resolve(o->fmt, &r, o->dpi, &s, why, sizeof why) == 0)
		o->size = s;
}

/* Write buf to a new file at path (mode 0600 when tmp). */
static int
write_file(const char *path, const char *buf, size_t len)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return -1;
	if (fwrite(buf, 1, len, f) != len) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

/*
 * The path of template name (the caller frees it) and its directory in
 * *dir (not owned), or NULL once said why.
 * A directory given by --charts-dir or $BELONG_CHARTS_DIR is taken as
 * it is; otherwise the installed directory if it holds the templates,
 * else the source tree belong was built from, so that a build that was
 * never installed draws too.
 */
static char *
find_template(const char *given, const char *name, const char **dir)
{
	static const char *const places[] = {
		BELONG_CHARTS_DIR, BELONG_SOURCE_CHARTS_DIR,
	};
	char *path, *common;
	size_t i;

	if (given == NULL || *given == '\0')
		given = getenv("BELONG_CHARTS_DIR");
	if (given != NULL && *given != '\0') {
		path = xasprintf("%s/%s", given, name);
		*dir = given;
		if (access(path, R_OK) == 0)
			return path;
		fprintf(stderr, "belong: plot: cannot read the chart template %s: %s "
		    "(set --charts-dir or BELONG_CHARTS_DIR)\n", path,
		    strerror(errno));
		free(path);
		return NULL;
	}
	for (i = 0; i < sizeof places / sizeof places[0]; i++) {
		path = xasprintf("%s/%s", places[i], name);
		common = xasprintf("%s/common.gp", places[i]);
		if (access(path, R_OK) == 0 && access(common, R_OK) == 0) {
			free(common);
			*dir = places[i];
			return path;
		}
		free(path);
		free(common);
	}
	fprintf(stderr, "belong: plot: cannot find the chart templates (%s, "
	    "common.gp) in %s (installed) nor in %s (the source tree): "
	    "run make install, or set --charts-dir or BELONG_CHARTS_DIR\n",
	    name, places[0], places[1]);
	return NULL;
}

int
cmd_plot(int argc, char **argv, struct cli_global *g)
{
	struct plot_opts o = { 0 };
	struct plot_chart c = { 0 };
	struct plot_text t = { 0 };
	struct plot_text_in ti = { 0 };
	char *first = NULL, *last = NULL, *org_name = NULL, *events_json = NULL;
	char *json = NULL, *err = NULL, *gnuplot = NULL, *datapath = NULL;
	char *tmpout = NULL, *template = NULL, *gperr = NULL, **gargv = NULL;
	const char *dir;
	bool data_tmp = false, out_tmp = false;
	size_t gperrlen;
	int gargc = 0, rc, status = 1;
	struct stat sb;

	if ((rc = parse(&o, argc, argv, g)) >= 0) {
		status = rc;
		goto done;
	}
	/* Say what is missing before asking the database anything. */
	if ((gnuplot = plot_find_gnuplot(o.gnuplot, &err)) == NULL) {
		fprintf(stderr, "belong: plot: %s\n", err);
		goto done;
	}
	if ((template = find_template(o.charts_dir, kinds[o.kind].template,
	    &dir)) == NULL)
		goto done;
	/* The child finds the database as we would. */
	if (g->dsn != NULL && setenv("BELONG_DSN", g->dsn, 1) != 0) {
		perror("belong: plot: setenv");
		goto done;
	}
	if ((json = run_source(o.fwd, &status)) == NULL)
		goto done;
	status = 1;
	words(&o, &org_name, &events_json);
	{
		/* Event groups labelled with the events' titles. */
		char *titled = plot_text_event_labels(json, events_json, o.lang);

		if (titled != NULL) {
			free(json);
			json = titled;
		}
	}
	if (o.kind == PLOT_COMMITMENT) {
		/* Commitments by their titles, which progress does not print. */
		char *list[] = { (char *)"belong", (char *)"commitment",
		    (char *)"list", (char *)"--format", (char *)"json", NULL };
		char *list_json = run_source(list, &status), *titled;

		status = 1;
		titled = plot_text_commitment_titles(json, list_json);
		free(list_json);
		if (titled != NULL) {
			free(json);
			json = titled;
		}
	}
	if (plot_chart_build(&c, o.kind, o.lang, json, &err) != 0) {
		fprintf(stderr, "belong: plot: %s\n", err);
		goto done;
	}
	if (o.kind == PLOT_COMMITMENT)
		c.min_n = o.min_n;	/* (progress's JSON does not say it) */
	ti.title = o.title;
	ti.subtitle = o.subtitle;
	ti.from = o.from;
	ti.to = o.to;
	ti.role = o.role;
	ti.events = o.events;
	ti.nevents = o.nevents;
	ti.source = o.source != NULL ? o.source : org_name;
	ti.json = json;
	ti.events_json = events_json;
	ti.commitment = o.commitment;
	/* The width and the body text in points: 8.5 pt at 7 in wide. */
	ti.w = lround(o.size.w_in * 72);
	ti.fs = o.size.fs;
	if (o.kind == PLOT_TREND) {
		ti.first = c.first_period;
		ti.last = c.last_period;
	} else if (o.kind != PLOT_CHANGE && o.kind != PLOT_COMMITMENT &&
	    (o.from == NULL || o.to == NULL)) {
		/* (A program's dates are its events': change says no month.) */
		months(&o, &first, &last);
		ti.first = first;
		ti.last = last;
	}
	plot_text_build(&t, &ti, &c);
	if (t.warnings != NULL)
		fputs(t.warnings, stderr);
	layout(&c, &t, &o, ti.fs);
	if (o.kind == PLOT_COMMITMENT && !o.size_given)
		fit_rows(&o, &c, &t);
	plot_chart_set_panels(&c, o.panels);
	plot_layout_groups(&c, o.size.w_in * 72, o.size.h_in * 72, ti.fs);

	/* The data file: --data, else a temporary file removed at the end. */
	if (o.data != NULL) {
		datapath = xstrdup(o.data);
		if (write_file(datapath, c.data, c.datalen) != 0) {
			fprintf(stderr, "belong: plot: %s: %s\n", datapath, strerror(errno));
			goto done;
		}
	} else {
		const char *tmpdir = getenv("TMPDIR");
		int fd;

		datapath = xasprintf("%s/belong-plot-XXXXXX",
		    tmpdir && *tmpdir ? tmpdir : "/tmp");
		if ((fd = mkstemp(datapath)) < 0) {
			fprintf(stderr, "belong: plot: %s: %s\n", datapath, strerror(errno));
			goto done;
		}
		data_tmp = true;
		close(fd);
		if (write_file(datapath, c.data, c.datalen) != 0) {
			fprintf(stderr, "belong: plot: %s: %s\n", datapath, strerror(errno));
			goto done;
		}
	}
	/* gnuplot writes beside the output and the file is renamed into
	 * place only when it succeeded: no half-drawn charts. */
	{
		int fd;
		mode_t um = umask(0);

		umask(um);
		tmpout = xasprintf("%s.tmp-XXXXXX", o.out);
		if ((fd = mkstemp(tmpout)) < 0) {
			fprintf(stderr, "belong: plot: %s: %s\n", o.out, strerror(errno));
			goto done;
		}
		out_tmp = true;
		if (fchmod(fd, 0666 & ~um) != 0) {
			fprintf(stderr, "belong: plot: %s: %s\n", tmpout, strerror(errno));
			close(fd);
			goto done;
		}
		close(fd);
	}

	gargv = xcalloc(3, sizeof(*gargv));
	gargv[gargc++] = xstrdup(gnuplot);
	gargv[gargc++] = xstrdup("-d");	/* no ~/.gnuplot: the same chart for everyone */
	gp_var(&gargv, &gargc, "fmt", o.fmt);
	gp_var(&gargv, &gargc, "outfile", tmpout);
	gp_var(&gargv, &gargc, "datafile", datapath);
	gp_var(&gargv, &gargc, "chartsdir", dir);
	/* The figure in inches, a PNG's or an SVG's pixels, the scale of the
	 * type, lines and markers (1 at 7 in wide) and the body text in
	 * points; common.gp turns points into each terminal's units. */
	gp_cmd(&gargv, &gargc, xasprintf("W_in = %.6f; H_in = %.6f; W_px = %ld; "
	    "H_px = %ld; dpi = %.6g; sc = %.6f; fs = %.6f", o.size.w_in,
	    o.size.h_in, o.size.w_px, o.size.h_px, o.size.dpi, o.size.sc,
	    o.size.fs));
	gp_var(&gargv, &gargc, "fontname", o.font ? o.font : "DejaVu Sans");
	gp_var(&gargv, &gargc, "lang", lang_code(o.lang));
	gp_var(&gargv, &gargc, "title", t.title);
	gp_var(&gargv, &gargc, "subtitle", t.subtitle);
	gp_cmd(&gargv, &gargc, xasprintf("title_lines = %d; subtitle_lines = %d",
	    lines(t.title), t.subtitle ? lines(t.subtitle) : 0));
	gp_var(&gargv, &gargc, "xlabel", t.xlabel);
	gp_cmd(&gargv, &gargc, xasprintf("xlabel_lines = %d", lines(t.xlabel)));
	gp_var(&gargv, &gargc, "ylabel", t.ylabel);
	gp_var(&gargv, &gargc, "key1", t.key1);
	gp_var(&gargv, &gargc, "key2", t.key2);
	gp_var(&gargv, &gargc, "key3", t.key3);
	gp_var(&gargv, &gargc, "key4", t.key4);
	gp_var(&gargv, &gargc, "footnote", t.footnote);
	gp_cmd(&gargv, &gargc, xasprintf("footnote_lines = %d", lines(t.footnote)));
	gp_array(&gargv, &gargc, "L", &c.series);
	gp_array(&gargv, &gargc, "C", &c.cats);
	/* R: commitment's words at the right of each row, RW the longest
	 * of their lines (characters). */
	gp_array(&gargv, &gargc, "R", &c.right);
	{
		int widest = 0;

		for (int i = 0; i < c.right.n; i++)
			for (const char *l = c.right.v[i]; *l; l += *l == '\n') {
				size_t n = strcspn(l, "\n");
				int chars = 0;

				for (size_t j = 0; j < n; j++)
					chars += ((unsigned char)l[j] & 0xc0) != 0x80;
				widest = chars > widest ? chars : widest;
				l += n;
			}
		gp_cmd(&gargv, &gargc, xasprintf("NR = %d; RW = %d; MARKS = %u",
		    c.right.n, widest, c.marks));
	}
	{
		int most = 1;

		for (int i = 0; i < c.cats.n; i++)
			if (lines(c.cats.v[i]) > most)
				most = lines(c.cats.v[i]);
		gp_cmd(&gargv, &gargc, xasprintf("cat_lines = %d", most));
	}
	gp_cmd(&gargv, &gargc, xasprintf("NL = %d; NC = %d; xstep = %d; "
	    "allfirst = %d; has_bench = %d",
	    c.series.n, c.cats.n, c.xstep,
	    c.kind == PLOT_TREND || c.kind == PLOT_ITEMS ?
	    (c.codes.n > 0 && strcmp(c.codes.v[0], "all") == 0) : 0,
	    c.has_benchmark));
	gp_groups(&gargv, &gargc, &c);
	gp_var(&gargv, &gargc, "qkey", c.qkey);
	gargv = xrealloc(gargv, (size_t)(gargc + 2) * sizeof(*gargv));
	gargv[gargc++] = xstrdup(template);
	gargv[gargc] = NULL;

	rc = plot_run(gnuplot, gargv, PLOT_CAPTURE_STDERR, &gperr, &gperrlen, &err);
	if (rc < 0) {
		fprintf(stderr, "belong: plot: %s\n", err);
		goto done;
	}
	if (rc == 3 && strncmp(gperr, "belong: plot: ", 14) == 0) {
		/* A template's own refusal (room() in common.gp). */
		fputs(gperr, stderr);
		goto done;
	}
	if (rc != 0 || gperrlen > 0) {
		/* A warning is a failure too: the chart is not what was asked. */
		fprintf(stderr, "belong: plot: gnuplot %s:\n%s%s",
		    rc != 0 ? "failed" : "warned", gperr,
		    gperrlen > 0 && gperr[gperrlen - 1] != '\n' ? "\n" : "");
		goto done;
	}
	if (stat(tmpout, &sb) != 0 || sb.st_size == 0) {
		fprintf(stderr, "belong: plot: gnuplot wrote nothing to %s\n", o.out);
		goto done;
	}
	/* The PNG's resolution, so it is placed at the size it was drawn for. */
	if (strcmp(o.fmt, "png") == 0 &&
	    png_set_dpi(tmpout, o.size.dpi, &err) != 0) {
		fprintf(stderr, "belong: plot: %s\n", err);
		goto done;
	}
	if (rename(tmpout, o.out) != 0) {
		fprintf(stderr, "belong: plot: %s: %s\n", o.out, strerror(errno));
		goto done;
	}
	out_tmp = false;
	status = 0;
done:
	if (out_tmp)
		unlink(tmpout);
	if (data_tmp)
		unlink(datapath);
	if (gargv != NULL)
		for (int i = 0; i < gargc; i++)
			free(gargv[i]);
	free(gargv);
	for (int i = 0; i < o.nowned; i++)
		free(o.owned[i]);
	free(o.owned);
	plot_text_free(&t);
	plot_chart_free(&c);
	free(o.fwd);
	free(o.events);
	free(json);
	free(err);
	free(gnuplot);
	free(template);
	free(datapath);
	free(tmpout);
	free(gperr);
	free(first);
	free(org_name);
	free(events_json);
	free(last);
	return status;
}
