/*
 * belong benchmark load FILE.csv: the population shares representation
 * ratios compare against (region, dimension, group, share), checked as a
 * whole before anything is stored.  belong benchmark list shows them.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "about.h"
#include "cli.h"
#include "cmd_benchmark.h"
#include "cmdutil.h"
#include "log.h"
#include "output.h"
#include "xalloc.h"

#define BENCH_MAX_BYTES (1024 * 1024)	/* a benchmark is a few hundred lines */
#define BENCH_FIELD_MAX 256
#define BENCH_TOLERANCE 0.01		/* each region and dimension sums to 1 -+ this */
#define PATH_SHOWN_MAX 1024		/* a file name in a message, escaped */

struct cmd_benchmark_share {
	char *f[4];		/* region, dimension, group, share */
	double share;
	int line;
};

void
cmd_benchmark_usage(FILE *out)
{
	fputs("usage: belong benchmark load FILE.csv\n"
	    "       belong benchmark list [--format table|csv|json|markdown|latex]\n"
	    "\n"
	    "  FILE.csv: region,dimension,group,share (a header line is optional).\n"
	    "  Dimensions are the about-you questions; groups their codes (race also\n"
	    "  two_or_more); shares in [0, 1], each region and dimension summing to\n"
	    "  1 -+ 0.01.  Loading replaces the shares of each region and dimension\n"
	    "  in the file.\n", out);
}

/*
 * The next RFC 4180 field of p into buf; sets *eol at the end of a record.
 * Returns the position after the field, or NULL with *err set.
 */
static const char *
csv_field(const char *p, char *buf, bool *eol, const char **err)
{
	size_t n = 0;

	if (*p == '"') {
		for (p++;; p++) {
			if (*p == '\0') {
				*err = "a quoted field is not closed";
				return NULL;
			}
			if (*p == '"' && p[1] == '"')
				p++;
			else if (*p == '"') {
				p++;
				break;
			}
			if (n + 1 >= BENCH_FIELD_MAX) {
				*err = "a field is too long";
				return NULL;
			}
			buf[n++] = *p;
		}
	} else {
		for (; *p != ',' && *p != '\r' && *p != '\n' && *p != '\0'; p++) {
			if (*p == '"' || n + 1 >= BENCH_FIELD_MAX) {
				*err = *p == '"' ? "a quote inside an unquoted field" :
				    "a field is too long";
				return NULL;
			}
			buf[n++] = *p;
		}
	}
	buf[n] = '\0';
	*eol = *p != ',';
	if (*p == ',')
		return p + 1;
	if (*p == '\r')
		p++;
	if (*p == '\n')
		p++;
	else if (*p != '\0') {
		*err = "text after a quoted field";
		return NULL;
	}
	return p;
}

/* "a, b, c": the codes a group of q may be (not prefer_not); caller frees. */
static char *
allowed_codes(const struct about_question *q)
{
	char *list = xstrdup(""), *next;

	for (int k = 0; k < q->ncodes; k++) {
		next = xasprintf("%s%s%s", list, k > 0 ? ", " : "", q->codes[k].code);
		free(list);
		list = next;
	}
	if (q->multi) {
		next = xasprintf("%s, two_or_more", list);
		free(list);
		list = next;
	}
	return list;
}

/*
 * Check one share; NULL if good, else what is wrong (the value shown
 * escaped: it comes from the file; for a code, the codes allowed) and its
 * column in *col.  The caller frees.
 */
static char *
check(const struct cmd_benchmark_share *s, int *col)
{
	const struct about_question *q = about_find(s->f[1]);
	char *shown, *msg, *list, dims[160] = "";
	char *end;
	int k;

	*col = 1;
	if (cmdutil_check_text(s->f[0], 1, 100) != NULL) {
		shown = cmdutil_show(s->f[0]);
		msg = xasprintf("region %s must be 1 to 100 characters of "
		    "text", shown);
		free(shown);
		return msg;
	}
	*col = 2;
	if (q == NULL) {
		for (int i = 0; i < ABOUT_COUNT; i++)
			snprintf(dims + strlen(dims), sizeof dims - strlen(dims), "%s%s",
			    i > 0 ? ", " : "", about_questions[i].name);
		shown = cmdutil_show(s->f[1]);
		msg = xasprintf("dimension %s is not a dimension; allowed: %s",
		    shown, dims);
		free(shown);
		return msg;
	}
	*col = 3;
	k = about_code_index(q, s->f[2]);
	if ((k < 0 || k == ABOUT_PREFER_NOT_INDEX) &&
	    !(q->multi && strcmp(s->f[2], "two_or_more") == 0)) {
		shown = cmdutil_show(s->f[2]);
		list = allowed_codes(q);
		msg = xasprintf("group %s is not a code of %s; allowed: %s",
		    shown, q->name, list);
		free(list);
		free(shown);
		return msg;
	}
	*col = 4;
	errno = 0;
	strtod(s->f[3], &end);
	if (s->f[3][0] == '\0' || *end != '\0' || errno != 0) {
		shown = cmdutil_show(s->f[3]);
		msg = xasprintf("share %s is not a number (a decimal point, "
		    "not a comma: 0.25)", shown);
		free(shown);
		return msg;
	}
	if (!(s->share >= 0 && s->share <= 1)) {
		shown = cmdutil_show(s->f[3]);
		msg = xasprintf("share %s must be from 0 to 1", shown);
		free(shown);
		return msg;
	}
	return NULL;
}

/*
 * Spreadsheets set to a European locale save "CSV" with semicolons: the
 * record [start, end) has a ';' and no ',' outside quotes.
 */
static bool
semicolon_separated(const char *start, const char *end)
{
	bool semi = false, quoted = false;

	for (const char *p = start; p < end; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && *p == ',')
			return false;
		else if (!quoted && *p == ';')
			semi = true;
	}
	return semi;
}

/* Newlines in [start, end): how many lines a record took. */
static int
count_lines(const char *start, const char *end)
{
	int n = 0;

	for (const char *p = start; p < end; p++)
		n += *p == '\n';
	return n;
}

void
cmd_benchmark_free(struct cmd_benchmark_share *v, int n)
{
	for (int i = 0; i < n; i++)
		for (int k = 0; k < 4; k++)
			free(v[i].f[k]);
	free(v);
}

int
cmd_benchmark_parse(const char *path, const char *data, size_t len,
    struct cmd_benchmark_share **out, FILE *errs)
{
	char *text = NULL, *msg = NULL, buf[BENCH_FIELD_MAX];
	const char *p, *start = NULL, *err = NULL;
	struct cmd_benchmark_share *v = NULL;
	int n = 0, line = 1, nf = 0, col = 0;

	if (len > BENCH_MAX_BYTES || memchr(data, '\0', len) != NULL) {
		log_error("benchmark: %s: not a CSV file of at most 1 MiB", path);
		goto fail;
	}
	text = xmalloc(len + 1);
	memcpy(text, data, len);
	text[len] = '\0';
	/* line: the file's line the record starts on (a quoted field may
	 * hold a line break, so records and lines can differ). */
	for (p = text; *p != '\0'; line += count_lines(start, p)) {
		struct cmd_benchmark_share s = { { NULL }, 0, line };
		bool eol = false;

		start = p;
		nf = 0;
		while (!eol) {
			if ((p = csv_field(p, buf, &eol, &err)) == NULL) {
				for (int i = 0; i < 4 && i < nf; i++)
					free(s.f[i]);
				msg = xstrdup(err);
				col = nf + 1;
				/* Find the end of the line for the semicolon hint. */
				p = start + strcspn(start, "\n");
				goto bad;
			}
			if (nf < 4)
				s.f[nf] = xstrdup(buf);
			nf++;
		}
		if (nf == 1 && s.f[0][0] == '\0') {	/* an empty line */
			free(s.f[0]);
			continue;
		}
		if (nf != 4) {
			for (int i = 0; i < 4 && i < nf; i++)
				free(s.f[i]);
			msg = xasprintf("%d field%s, 4 expected: region,dimension,group,share",
			    nf, nf == 1 ? "" : "s");
			goto bad;
		}
		if (n == 0 && line == 1 && strcmp(s.f[3], "share") == 0) {
			for (int i = 0; i < 4; i++)
				free(s.f[i]);
			continue;
		}
		s.share = strtod(s.f[3], NULL);
		v = xrealloc(v, (size_t)(n + 1) * sizeof *v);
		v[n++] = s;
		if ((msg = check(&s, &col)) != NULL)
			goto bad;
		for (int i = 0; i < n - 1; i++)
			if (strcmp(v[i].f[0], s.f[0]) == 0 && strcmp(v[i].f[1], s.f[1]) == 0 &&
			    strcmp(v[i].f[2], s.f[2]) == 0) {
				char *shown = cmdutil_show(s.f[0]);

				col = 0;
				msg = xasprintf("region %s, %s, %s came before, on line %d",
				    shown, s.f[1], s.f[2], v[i].line);
				free(shown);
				goto bad;
			}
	}
	for (int i = 0; i < n; i++) {
		double sum = 0;
		bool first = true;

		for (int k = 0; k < n; k++) {
			if (strcmp(v[i].f[0], v[k].f[0]) != 0 || strcmp(v[i].f[1], v[k].f[1]) != 0)
				continue;
			first = first && k >= i;
			sum += v[k].share;
		}
		if (first && fabs(sum - 1) > BENCH_TOLERANCE) {
			log_error("benchmark: %s: the shares of region \"%s\", %s add up to "
			    "%.4f, not 1 (-+ %.2f)", path, v[i].f[0], v[i].f[1], sum,
			    BENCH_TOLERANCE);
			goto fail_v;
		}
	}
	if (n == 0) {
		log_error("benchmark: %s: no shares", path);
		goto fail;
	}
	free(text);
	*out = v;
	return n;
bad:
	/* Not log_error: msg shows file values escaped already, and
	 * log_error would escape their backslashes again. */
	if (errs != NULL) {
		char where[PATH_SHOWN_MAX];

		log_escape(path, strlen(path), where, sizeof where);
		if (col > 0)
			fprintf(errs, "belong: benchmark: %s: line %d, column %d: %s\n",
			    where, line, col, msg);
		else
			fprintf(errs, "belong: benchmark: %s: line %d: %s\n", where,
			    line, msg);
	}
	if (errs != NULL && (semicolon_separated(start, p) || (line > 1 &&
	    semicolon_separated(text, text + strcspn(text, "\n")))))
		fprintf(errs, "belong: benchmark: the file looks semicolon-separated; "
		    "belong reads comma-separated CSV (save it as CSV UTF-8 with "
		    "commas)\n");
	free(msg);
fail_v:
	for (int i = 0; i < n; i++)
		for (int k = 0; k < 4; k++)
			free(v[i].f[k]);
fail:
	free(v);
	free(text);
	return -1;
}

/* Read and check the whole file; returns the count, or -1 after a message. */
static int
parse(const char *path, struct cmd_benchmark_share **out)
{
	FILE *fp = fopen(path, "rb");
	char *text;
	size_t len;
	int n;

	if (fp == NULL) {
		log_error("benchmark: cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	/* One byte more than allowed, so that a longer file is seen. */
	text = xmalloc(BENCH_MAX_BYTES + 1);
	len = fread(text, 1, BENCH_MAX_BYTES + 1, fp);
	fclose(fp);
	n = cmd_benchmark_parse(path, text, len, out, stderr);
	free(text);
	return n;
}

static int
load(const char *path, struct cli_global *g)
{
	struct cmd_benchmark_share *v = NULL;
	int n = parse(path, &v);
	PGconn *conn;
	cJSON *rows;
	char *json;

	if (n < 0)
		return 1;
	conn = cli_connect(g);
	/* The file's rows as one JSON array: each region and dimension it
	 * names is replaced whole, in one transaction of two statements. */
	rows = cJSON_CreateArray();
	for (int i = 0; rows != NULL && i < n; i++) {
		cJSON *row = cJSON_CreateObject();

		if (row == NULL || !cJSON_AddItemToArray(rows, row) ||
		    cJSON_AddStringToObject(row, "region", v[i].f[0]) == NULL ||
		    cJSON_AddStringToObject(row, "dimension", v[i].f[1]) == NULL ||
		    cJSON_AddStringToObject(row, "grp", v[i].f[2]) == NULL ||
		    cJSON_AddStringToObject(row, "share", v[i].f[3]) == NULL)
			fatal("out of memory");
	}
	if (rows == NULL || (json = cJSON_PrintUnformatted(rows)) == NULL)
		fatal("out of memory");
	PQclear(cli_exec(conn, "begin", 0, NULL, PGRES_COMMAND_OK));
	PQclear(cli_exec(conn, "delete from benchmark b using (select distinct region,"
	    " dimension from jsonb_to_recordset($1::jsonb) as x(region text,"
	    " dimension text)) x where b.region = x.region and b.dimension = x.dimension",
	    1, (const char *const *)&json, PGRES_COMMAND_OK));
	PQclear(cli_exec(conn, "insert into benchmark (region, dimension, grp, share)"
	    " select region, dimension, grp, share::float8 from jsonb_to_recordset($1::jsonb)"
	    " as x(region text, dimension text, grp text, share text)",
	    1, (const char *const *)&json, PGRES_COMMAND_OK));
	PQclear(cli_exec(conn, "commit", 0, NULL, PGRES_COMMAND_OK));
	cJSON_free(json);
	cJSON_Delete(rows);
	PQfinish(conn);
	printf("benchmark: %d shares loaded\n", n);
	cmd_benchmark_free(v, n);
	return 0;
}

static int
list(int argc, char **argv, struct cli_global *g)
{
	static const struct output_column cols[] = {
		{ "region", OUTPUT_NAME },
		{ "dimension", OUTPUT_NAME },
		{ "group", OUTPUT_NAME },
		{ "share", OUTPUT_NUMBER },
	};
	enum output_format fmt = OUTPUT_TABLE;
	struct output *o;
	PGconn *conn;
	int rc;

	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			if ((rc = cmdutil_format(argv[++i], &fmt)) != 0)
				return rc;
		} else
			return cli_usage_error(cmd_benchmark_usage,
			    "benchmark list: unexpected argument: %s", argv[i]);
	}
	conn = cli_connect(g);
	o = output_begin(stdout, fmt, cols, 4, 0);
	cmdutil_query_rows(conn, o, "select region, dimension, grp, share::text"
	    " from benchmark order by 1, 2, 3", 0, NULL);
	rc = cmdutil_output_end(o);
	PQfinish(conn);
	return rc;
}

int
cmd_benchmark(int argc, char **argv, struct cli_global *g)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		cmd_benchmark_usage(stdout);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return list(argc, argv, g);
	if (argc == 3 && strcmp(argv[1], "load") == 0)
		return load(argv[2], g);
	return cli_usage_error(cmd_benchmark_usage, "benchmark: expected load FILE.csv "
	    "or list");
}
