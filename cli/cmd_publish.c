/*
 * belong publish: the public page, a static site in one directory (HTML,
 * one stylesheet, the commitments chart as SVG; no JavaScript, nothing
 * from elsewhere) that any web server can serve.
 *
 * Every figure comes from running this same program again with
 * --format json — commitment progress, report, event list, board public —
 * and the chart from `belong plot commitment`, with the same --min-n:
 * so the page says what the CLI says, through the same disclosure
 * control, by construction; there is no database code here.  Each file
 * is written to a temporary name in the directory and renamed into
 * place, so a web server never serves half a page.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cmd_publish.h"
#include "cmdutil.h"
#include "lang.h"
#include "plot_run.h"
#include "publish_html.h"
#include "report_opts.h"
#include "xalloc.h"

#define PUBLISH_TITLE_MAX 200

void
cmd_publish_usage(FILE *out)
{
	fputs("usage: belong publish --out DIR [--lang en,es] [--min-n N] [--title T]\n"
	    "\n"
	    "  Write the public page into DIR (made if missing): index.html (en),\n"
	    "  index.es.html (es), style.css and the commitments chart\n"
	    "  commitments.LANG.svg: the open commitments and their progress,\n"
	    "  headline figures over all time (events, people reached, respondents,\n"
	    "  the belonging index) and the advisory board's public list (\"you said,\n"
	    "  we did\").  Static HTML and SVG, no JavaScript, nothing loaded from\n"
	    "  elsewhere.  The figures are those of belong commitment progress,\n"
	    "  report, event list and board public; --min-n (default 10, at least 5)\n"
	    "  suppresses as they do.  --lang: en, es or both (default en).\n"
	    "  --title: the page's heading (default: the org_name setting, else\n"
	    "  \"Our commitments and progress\").  --dsn DSN may follow.\n", out);
}

/* Run and parse; NULL (after saying why) if either fails. */
static cJSON *
run_json(char **args, int *status)
{
	char *out = plot_run_self(args, "publish", status);
	cJSON *j;

	if (out == NULL)
		return NULL;
	if ((j = cJSON_Parse(out)) == NULL) {
		fprintf(stderr, "belong: publish: belong %s %s printed no JSON\n",
		    args[1], args[2]);
		*status = 1;
	}
	free(out);
	return j;
}

/* --lang: "en", "es", "en,es" or "es,en". */
static int __attribute__((warn_unused_result))
parse_langs(const char *arg, bool want[LANG_COUNT])
{
	char *copy = xstrdup(arg), *save = NULL, *tok;
	int n = 0, rc = 0;

	for (tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		enum lang l;

		if (lang_parse(tok, &l) != 0 || want[l]) {
			rc = -1;
			break;
		}
		want[l] = true;
		n++;
	}
	free(copy);
	return rc == 0 && n > 0 ? 0 : -1;
}

/*
 * Write DIR/name through a temporary file in DIR renamed over it,
 * readable by all (a web server).  fill(f, p, lang) writes it.  0, or
 * -1 after saying why (nothing is left behind).
 */
static int __attribute__((warn_unused_result))
write_file(const char *dir, const char *name,
    void (*fill)(FILE *, const struct publish_page *, enum lang),
    const struct publish_page *p, enum lang lang)
{
	char *tmp = xasprintf("%s/.%s.tmp-XXXXXX", dir, name);
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = NULL;
	int fd, rc = -1;

	if ((fd = mkstemp(tmp)) < 0) {
		fprintf(stderr, "belong: publish: %s: %s\n", tmp, strerror(errno));
		goto fail;
	}
	if (fchmod(fd, 0644) != 0 || (f = fdopen(fd, "w")) == NULL) {
		fprintf(stderr, "belong: publish: %s: %s\n", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto fail;
	}
	fill(f, p, lang);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0 || ferror(f)) {
		fprintf(stderr, "belong: publish: %s: %s\n", tmp, strerror(errno));
		fclose(f);
		unlink(tmp);
		goto fail;
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		fprintf(stderr, "belong: publish: %s: %s\n", path, strerror(errno));
		unlink(tmp);
		goto fail;
	}
	printf("wrote %s\n", path);
	rc = 0;
fail:
	free(tmp);
	free(path);
	return rc;
}

static void
fill_css(FILE *f, const struct publish_page *p, enum lang lang)
{
	(void)p;
	(void)lang;
	publish_html_css(f);
}

/*
 * The chart of lang, by `belong plot commitment` (which writes it
 * atomically itself).  1 when written, 0 when this belong has no such
 * chart (the page goes without it), -1 on failure.
 */
static int __attribute__((warn_unused_result))
chart(const char *dir, enum lang lang, const char *min_n)
{
	char *path = xasprintf("%s/commitments.%s.svg", dir, lang_code(lang));
	char *args[] = { (char *)"belong", (char *)"plot", (char *)"commitment",
	    (char *)"--out", path, (char *)"--lang", (char *)lang_code(lang),
	    (char *)(min_n != NULL ? "--min-n" : NULL), (char *)min_n, NULL };
	char *out;
	int status, rc;

	out = plot_run_self(args, "publish", &status);
	free(out);
	if (status == 0) {
		printf("wrote %s\n", path);
		rc = 1;
	} else if (status == EXIT_USAGE) {
		fprintf(stderr, "belong: publish: the commitments chart is unavailable "
		    "(belong plot commitment refused); the page has the table only\n");
		rc = 0;
	} else
		rc = -1;
	free(path);
	return rc;
}

int
cmd_publish(int argc, char **argv, struct cli_global *g)
{
	enum { OPT_OUT = 1, OPT_LANG, OPT_MIN_N, OPT_TITLE, OPT_DSN, OPT_HELP };
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, OPT_OUT },
		{ "lang", required_argument, NULL, OPT_LANG },
		{ "min-n", required_argument, NULL, OPT_MIN_N },
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "dsn", required_argument, NULL, OPT_DSN },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	struct publish_page p = { 0 };
	const char *dir = NULL, *min_n = NULL, *rule;
	cJSON *progress = NULL, *list = NULL, *report = NULL, *events = NULL,
	    *board = NULL;
	char *org = NULL, today[16];
	struct stat st;
	time_t now = time(NULL);
	struct tm tm;
	int c, status = 1, rs;

	optind = 0;
	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_OUT:
			if (optarg[0] == '\0')
				return cmdutil_bad_value("publish: --out", "must name a directory");
			dir = optarg;
			break;
		case OPT_LANG:
			memset(p.page, 0, sizeof p.page);
			if (parse_langs(optarg, p.page) != 0)
				return cmdutil_bad_value("publish: --lang",
				    "must be en, es or en,es");
			break;
		case OPT_MIN_N: {
			long v;

			if ((rule = cmdutil_parse_long(optarg, ROPTS_MIN_N_FLOOR, 1000000,
			    &v)) != NULL)
				return cmdutil_bad_value("publish: --min-n", rule);
			min_n = optarg;
			p.min_n = v;
			break;
		}
		case OPT_TITLE:
			if ((rule = cmdutil_check_text(optarg, 1, PUBLISH_TITLE_MAX)) != NULL)
				return cmdutil_bad_value("publish: --title", rule);
			p.title = optarg;
			break;
		case OPT_DSN:
			g->dsn = optarg;
			break;
		case OPT_HELP:
			cmd_publish_usage(stdout);
			return 0;
		default:
			cmd_publish_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd_publish_usage, "publish: unexpected argument: %s",
		    argv[optind]);
	if (dir == NULL)
		return cli_usage_error(cmd_publish_usage, "publish: --out DIR is required");
	if (!p.page[LANG_EN] && !p.page[LANG_ES])
		p.page[LANG_EN] = true;
	if (min_n == NULL)
		p.min_n = ROPTS_MIN_N_DEFAULT;
	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return cmdutil_bad_value("publish: --out", "exists and is not a directory");
	} else if (errno != ENOENT || mkdir(dir, 0755) != 0) {
		fprintf(stderr, "belong: publish: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	/* The children find the database as we would. */
	if (g->dsn != NULL && setenv("BELONG_DSN", g->dsn, 1) != 0) {
		perror("belong: publish: setenv");
		return 1;
	}

	{
		char *a_prog[] = { (char *)"belong", (char *)"commitment", (char *)"progress",
		    (char *)"--format", (char *)"json", (char *)(min_n ? "--min-n" : NULL),
		    (char *)min_n, NULL };
		char *a_list[] = { (char *)"belong", (char *)"commitment", (char *)"list",
		    (char *)"--format", (char *)"json", NULL };
		char *a_report[] = { (char *)"belong", (char *)"report", (char *)"--format",
		    (char *)"json", (char *)(min_n ? "--min-n" : NULL), (char *)min_n, NULL };
		char *a_events[] = { (char *)"belong", (char *)"event", (char *)"list",
		    (char *)"--format", (char *)"json", NULL };
		char *a_board[] = { (char *)"belong", (char *)"board", (char *)"public",
		    (char *)"--format", (char *)"json", NULL };
		char *a_org[] = { (char *)"belong", (char *)"config", (char *)"get",
		    (char *)"org_name", NULL };

		if ((progress = run_json(a_prog, &rs)) == NULL ||
		    (list = run_json(a_list, &rs)) == NULL ||
		    (report = run_json(a_report, &rs)) == NULL ||
		    (events = run_json(a_events, &rs)) == NULL)
			goto done;
		if ((board = run_json(a_board, &rs)) == NULL) {
			if (rs != EXIT_USAGE)
				goto done;
			/* An older belong without `board public`. */
			fprintf(stderr, "belong: publish: the board list is unavailable "
			    "(belong board public refused); the page has no \"you said, "
			    "we did\" section\n");
		}
		if (!cJSON_IsArray(progress) || !cJSON_IsArray(list) ||
		    !cJSON_IsObject(report) || !cJSON_IsArray(events) ||
		    (board != NULL && !cJSON_IsArray(board))) {
			fprintf(stderr, "belong: publish: unexpected JSON from belong\n");
			goto done;
		}
		/* No org_name set: config get exits 1 without a word. */
		if (p.title == NULL && (org = plot_run_self(a_org, "publish", &rs)) != NULL) {
			org[strcspn(org, "\n")] = '\0';
			if (org[0] != '\0')
				p.title = org;
		}
	}
	p.progress = progress;
	p.list = list;
	p.report = report;
	p.events = events;
	p.board = board;
	gmtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	p.generated = today;

	/* The charts before the pages that show them. */
	for (int l = 0; l < LANG_COUNT; l++) {
		int r;

		if (!p.page[l] || cJSON_GetArraySize(progress) == 0)
			continue;
		if ((r = chart(dir, (enum lang)l, min_n)) < 0)
			goto done;
		p.chart[l] = r == 1;
	}
	if (write_file(dir, "style.css", fill_css, &p, LANG_EN) != 0)
		goto done;
	for (int l = 0; l < LANG_COUNT; l++)
		if (p.page[l] && write_file(dir, publish_html_name((enum lang)l),
		    publish_html_page, &p, (enum lang)l) != 0)
			goto done;
	status = 0;
done:
	cJSON_Delete(progress);
	cJSON_Delete(list);
	cJSON_Delete(report);
	cJSON_Delete(events);
	cJSON_Delete(board);
	free(org);
	return status;
}
