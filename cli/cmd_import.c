/*
 * belong import responses: load what `belong export responses
 * --include-text` wrote (its codebook is the file format) into an event,
 * past data collected on paper or with another tool.
 *
 * Every row goes through the checks belongd applies to a submission
 * (daemon/submission.c, linked in): it is turned into the JSON the API
 * takes and parsed by submission_from_json against the event's
 * instrument, so what belongd refuses, import refuses, with the row's
 * line.  Then one transaction: the rows in batches (one statement per
 * IMPORT_BATCH rows, as belongd's writer does per batch), and the
 * report rollup rebuilt for the days imported (rq_rollup_redo).
 */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "about.h"
#include "cli.h"
#include "cmd_import.h"
#include "cmdutil.h"
#include "import_read.h"
#include "instrument.h"
#include "log.h"
#include "report_query.h"
#include "response_sql.h"
#include "submission.h"
#include "utf8.h"
#include "xalloc.h"

#define IMPORT_BATCH 1000	/* rows a statement */
/* What the API requires and import has no use for: the form token. */
#define IMPORT_TOKEN "import"

enum col_kind {
	COL_ID, COL_EVENT, COL_DATE, COL_LANG, COL_INSTRUMENT, COL_BELONGING,
	COL_ITEM, COL_ABOUT, COL_ABOUT_TEXT, COL_RACE_CODE, COL_QUOTE_OK,
	COL_DEMOGRAPHICS
};

/* A column the file may have, named as belong export names it. */
struct icol {
	char *name;
	enum col_kind kind;
	int index;		/* item index; about field; race code index */
};

/* A row that cannot be stored, and why. */
struct bad {
	long line;
	long seq;		/* order of the report within its row */
	char *column;		/* NULL: the row as a whole */
	char *message;
	char *value;		/* shown with cmdutil_show, or NULL */
};

struct import {
	const char *path;
	const char *slug;
	bool json;
	struct instrument *ins;
	int event_id;
	char *ins_name;		/* key@version */
	char today[16];
	struct icol *cols;	/* every column the file may have */
	int ncols;
	int *map;		/* file column -> cols index */
	struct import_file f;
	struct bad *bad;
	long nbad;
	char **rows;		/* per record: the row for the database, NULL
				 * when bad */
	char (*ids)[37];
	char **days;		/* per record, into the cells */
	bool *is_bad;
};

void
cmd_import_usage(FILE *out)
{
	fputs("usage: belong import responses FILE.csv|FILE.json --event SLUG\n"
	    "           [--skip-bad] [--format csv|json]\n"
	    "\n"
	    "  Store responses from a file in the format belong export responses\n"
	    "  --include-text writes, into the event SLUG.  Every row is checked as\n"
	    "  belongd checks a submission; one bad row and nothing is stored, unless\n"
	    "  --skip-bad (the good rows are stored, the bad ones reported).  Each\n"
	    "  row keeps its day; it gets a fresh id unless the file has an id\n"
	    "  column (then a second import of the file stores nothing twice).\n"
	    "  --dsn DSN may follow it.\n", out);
}

static void
add_col(struct import *im, const char *name, enum col_kind kind, int index)
{
	struct icol *c;

	im->cols = xrealloc(im->cols, (size_t)(im->ncols + 1) * sizeof *im->cols);
	c = &im->cols[im->ncols++];
	c->name = xstrdup(name);
	c->kind = kind;
	c->index = index;
}

/* The columns of belong export (cmd_export.c, columns()), and id. */
static void
columns(struct import *im)
{
	static const char *const fixed[] = { "event", "date", "lang", "instrument",
		"belonging" };
	const struct about_question *race = &about_questions[ABOUT_RACE];

	add_col(im, "id", COL_ID, -1);
	for (int k = 0; k < 5; k++)
		add_col(im, fixed[k], (enum col_kind)(COL_EVENT + k), -1);
	for (int i = 0; i < im->ins->nitems; i++) {
		const char *id = im->ins->items[i].id;
		bool clash = false;

		/* export prefixes an item called like a fixed column */
		for (int k = 0; k < 5; k++)
			clash = clash || strcmp(id, fixed[k]) == 0;
		if (clash) {
			char *name = xasprintf("item_%s", id);

			add_col(im, name, COL_ITEM, i);
			free(name);
		} else
			add_col(im, id, COL_ITEM, i);
	}
	for (int a = 0; a < ABOUT_COUNT; a++) {
		add_col(im, about_questions[a].name, COL_ABOUT, a);
		if (about_questions[a].text_field != NULL)
			add_col(im, about_questions[a].text_field, COL_ABOUT_TEXT, a);
	}
	for (int k = 0; k < race->ncodes; k++) {
		char *name = xasprintf("race_%s", race->codes[k].code);

		add_col(im, name, COL_RACE_CODE, k);
		free(name);
	}
	add_col(im, "quote_ok", COL_QUOTE_OK, -1);
	add_col(im, "demographics", COL_DEMOGRAPHICS, -1);
}

/* Match the file's columns by name; an unknown one is an error. */
static int
match_columns(struct import *im)
{
	char *unknown = NULL, *next;
	int n = 0;

	im->map = xcalloc((size_t)im->f.ncols + 1, sizeof *im->map);
	for (int i = 0; i < im->f.ncols; i++) {
		im->map[i] = -1;
		for (int k = 0; k < im->ncols; k++)
			if (strcmp(im->f.names[i], im->cols[k].name) == 0)
				im->map[i] = k;
		if (im->map[i] >= 0)
			continue;
		{
			char *shown = cmdutil_show(im->f.names[i]);

			next = xasprintf("%s%s%s", unknown != NULL ? unknown : "",
			    unknown != NULL ? ", " : "", shown);
			free(shown);
			free(unknown);
			unknown = next;
			n++;
		}
	}
	if (unknown != NULL) {
		fprintf(stderr, "belong: import: %s: unknown column%s %s (not a column "
		    "of belong export responses for the instrument %s)\n", im->path,
		    n > 1 ? "s" : "", unknown, im->ins_name);
		free(unknown);
		return -1;
	}
	return 0;
}

static void
add_bad(struct import *im, long rec, const char *column, const char *message,
    const char *value)
{
	struct bad *b;

	im->bad = xrealloc(im->bad, (size_t)(im->nbad + 1) * sizeof *im->bad);
	b = &im->bad[im->nbad];
	b->line = im->f.recs[rec].line;
	b->seq = im->nbad++;
	b->column = column != NULL ? xstrdup(column) : NULL;
	b->message = xstrdup(message);
	b->value = value != NULL ? xstrdup(value) : NULL;
	im->is_bad[rec] = true;
}

/* The cell of record rec in the column of kind (and index), or NULL. */
static const char *
cell(const struct import *im, long rec, enum col_kind kind, int index)
{
	for (int i = 0; i < im->f.ncols; i++) {
		const struct icol *c = &im->cols[im->map[i]];

		if (c->kind == kind && (index < 0 || c->index == index))
			return im->f.recs[rec].cells[i];
	}
	return NULL;
}

/* The column name of a submission error's field ("answers.belong"). */
static const char *
error_column(const struct import *im, const char *field, int item)
{
	if (item >= 0)
		for (int k = 0; k < im->ncols; k++)
			if (im->cols[k].kind == COL_ITEM && im->cols[k].index == item)
				return im->cols[k].name;
	if (strncmp(field, "answers.", 8) == 0)
		return field + 8;
	if (strncmp(field, "about.", 6) == 0)
		return field + 6;
	return field[0] != '\0' ? field : NULL;
}

static const char *
cell_named(const struct import *im, long rec, const char *name)
{
	for (int i = 0; name != NULL && i < im->f.ncols; i++)
		if (strcmp(im->f.names[i], name) == 0)
			return im->f.recs[rec].cells[i];
	return NULL;
}

/* A number if s is all one, else the string (submission says why not). */
static cJSON *
number_or_string(const char *s)
{
	char *end;
	double x = strtod(s, &end);

	if (*end == '\0' && end != s && isfinite(x))
		return cJSON_CreateNumber(x);
	return cJSON_CreateString(s);
}

/* "a;b" as a JSON array of strings. */
static cJSON *
list(const char *s)
{
	cJSON *arr = cJSON_CreateArray();

	for (const char *p = s;; p++) {
		size_t n = strcspn(p, ";");
		char *code = xmalloc(n + 1);

		memcpy(code, p, n);
		code[n] = '\0';
		cJSON_AddItemToArray(arr, cJSON_CreateString(code));
		free(code);
		p += n;
		if (*p == '\0')
			break;
	}
	return arr;
}

/* The submission the API would take for record rec, as a JSON text. */
static char *
body(const struct import *im, long rec, const char *id)
{
	cJSON *o = cJSON_CreateObject(), *answers = cJSON_CreateObject(),
	    *about = cJSON_CreateObject();
	char *text;

	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, "token", IMPORT_TOKEN);
	for (int i = 0; i < im->f.ncols; i++) {
		const struct icol *c = &im->cols[im->map[i]];
		const char *v = im->f.recs[rec].cells[i];
		const struct item *it;

		if (v == NULL)
			continue;
		switch (c->kind) {
		case COL_LANG:
			cJSON_AddStringToObject(o, "lang", v);
			break;
		case COL_QUOTE_OK:
			if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0)
				cJSON_AddBoolToObject(o, "quote_ok", v[0] == 't');
			else
				cJSON_AddStringToObject(o, "quote_ok", v);
			break;
		case COL_ITEM:
			it = &im->ins->items[c->index];
			cJSON_AddItemToObject(answers, it->id,
			    it->type == ITEM_LIKERT5 || it->type == ITEM_SCALE0_10 ?
			    number_or_string(v) : it->type == ITEM_MULTI ? list(v) :
			    cJSON_CreateString(v));
			break;
		case COL_ABOUT:
			cJSON_AddItemToObject(about, about_questions[c->index].name,
			    about_questions[c->index].multi ? list(v) :
			    cJSON_CreateString(v));
			break;
		case COL_ABOUT_TEXT:
			cJSON_AddStringToObject(about,
			    about_questions[c->index].text_field, v);
			break;
		default:
			break;
		}
	}
	cJSON_AddItemToObject(o, "answers", answers);
	cJSON_AddItemToObject(o, "about", about);
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (text == NULL)
		fatal("out of memory");
	return text;
}

static void
add_code(cJSON *row, const char *name, const struct about_question *q, int index)
{
	if (index == SUBMISSION_NOT_ANSWERED)
		return;
	cJSON_AddStringToObject(row, name, index == ABOUT_PREFER_NOT_INDEX ?
	    ABOUT_PREFER_NOT : q->codes[index].code);
}

/*
 * The row for the database, as belongd's writer makes it
 * (daemon/writer.c, writer_row_json), with the day.  The caller frees.
 */
static char *
row_json(const struct import *im, const struct submission *s, const char *day)
{
	const struct instrument *ins = im->ins;
	cJSON *row = cJSON_CreateObject(), *answers, *texts, *a, *race;
	bool has_text = false;
	char *out;

	cJSON_AddNumberToObject(row, "event_id", im->event_id);
	cJSON_AddStringToObject(row, "id", s->id);
	cJSON_AddStringToObject(row, "day", day);
	cJSON_AddStringToObject(row, "lang", lang_code(s->lang));
	cJSON_AddNumberToObject(row, "instrument_id", ins->db_id);
	if (!isnan(s->belonging))
		cJSON_AddNumberToObject(row, "belonging", s->belonging);
	answers = cJSON_AddArrayToObject(row, "answers");
	texts = cJSON_AddArrayToObject(row, "texts");
	for (int i = 0; i < ins->nitems; i++) {
		const struct item *it = &ins->items[i];

		if (it->type == ITEM_TEXT) {
			if (s->text[i] == NULL)
				continue;
			has_text = true;
			a = cJSON_CreateObject();
			cJSON_AddItemToArray(texts, a);
			cJSON_AddStringToObject(a, "item", it->id);
			cJSON_AddStringToObject(a, "body", s->text[i]);
			continue;
		}
		for (int v = 0; v < (it->type == ITEM_MULTI ? it->noptions : 1); v++) {
			int value;

			if (it->type == ITEM_MULTI) {
				if (!(s->chosen[i] & (1u << v)))
					continue;
				value = v + 1;
			} else if (s->value[i] == SUBMISSION_NOT_ANSWERED)
				continue;
			else
				value = s->value[i] + (it->type == ITEM_CHOICE);
			a = cJSON_CreateObject();
			cJSON_AddItemToArray(answers, a);
			cJSON_AddStringToObject(a, "item", it->id);
			cJSON_AddNumberToObject(a, "value", value);
		}
	}
	/* As belongd: consent to quote means nothing without a comment. */
	cJSON_AddBoolToObject(row, "quote_ok", s->quote_ok && has_text);
	for (int f = 0; f < ABOUT_COUNT; f++)
		if (!about_questions[f].multi)
			add_code(row, about_questions[f].name, &about_questions[f],
			    s->about[f]);
	if (s->race != 0 || s->race_prefer_not) {
		const struct about_question *q = &about_questions[ABOUT_RACE];

		race = cJSON_AddArrayToObject(row, "race");
		if (s->race_prefer_not)
			cJSON_AddItemToArray(race, cJSON_CreateString(ABOUT_PREFER_NOT));
		for (int c = 0; c < q->ncodes; c++)
			if (s->race & (1u << c))
				cJSON_AddItemToArray(race, cJSON_CreateString(q->codes[c].code));
	}
	if (s->gender_text != NULL)
		cJSON_AddStringToObject(row, "gender_text", s->gender_text);
	if (s->race_text != NULL)
		cJSON_AddStringToObject(row, "race_text", s->race_text);
	out = cJSON_PrintUnformatted(row);
	cJSON_Delete(row);
	if (out == NULL)
		fatal("out of memory");
	return out;
}

/* race_<code> columns are derived from race: they must agree with it. */
static void
check_race_codes(struct import *im, long rec)
{
	const struct about_question *race = &about_questions[ABOUT_RACE];
	const char *list = cell(im, rec, COL_ABOUT, ABOUT_RACE);

	for (int i = 0; i < im->f.ncols; i++) {
		const struct icol *c = &im->cols[im->map[i]];
		const char *v = im->f.recs[rec].cells[i], *code;
		size_t n;
		bool in = false;

		if (c->kind != COL_RACE_CODE || v == NULL)
			continue;
		if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0) {
			add_bad(im, rec, c->name, "must be 1, 0 or blank", v);
			continue;
		}
		code = race->codes[c->index].code;
		n = strlen(code);
		for (const char *p = list; p != NULL && *p != '\0' && !in;
		    p += strcspn(p, ";"), p += *p == ';')
			in = strncmp(p, code, n) == 0 && (p[n] == ';' || p[n] == '\0');
		if ((v[0] == '1') != in) {
			char *msg = xasprintf("is %s but race %s %s", v, in ? "lists" :
			    "does not list", code);

			add_bad(im, rec, c->name, msg, NULL);
			free(msg);
		}
	}
}

/* The checks of one record; its row for the database if it passes. */
static void
check_record(struct import *im, long rec)
{
	struct import_rec *r = &im->f.recs[rec];
	struct submission s;
	struct submission_errors errs;
	const char *v, *why;
	char *text;
	bool utf8 = true;

	if (r->bad != NULL) {
		add_bad(im, rec, r->bad_column, r->bad, NULL);
		return;
	}
	for (int i = 0; i < im->f.ncols; i++)
		if (r->cells[i] != NULL && !utf8_valid(r->cells[i], strlen(r->cells[i]))) {
			add_bad(im, rec, im->f.names[i], "is not valid UTF-8", r->cells[i]);
			utf8 = false;
		}
	if (!utf8)
		return;
	v = cell(im, rec, COL_EVENT, -1);
	if (v != NULL && strcmp(v, im->slug) != 0)
		add_bad(im, rec, "event", "is not the event imported into (--event); "
		    "leave it blank or give that slug", v);
	v = cell(im, rec, COL_INSTRUMENT, -1);
	if (v != NULL && strcmp(v, im->ins_name) != 0) {
		char *msg = xasprintf("is not the event's instrument, %s", im->ins_name);

		add_bad(im, rec, "instrument", msg, v);
		free(msg);
	}
	v = im->days[rec];
	if (v == NULL)
		add_bad(im, rec, "date", "is required (the day of the response, "
		    "YYYY-MM-DD)", NULL);
	else if ((why = cmdutil_check_date(v)) != NULL)
		add_bad(im, rec, "date", why, v);
	else if (strcmp(v, im->today) > 0)
		add_bad(im, rec, "date", "is in the future", v);
	check_race_codes(im, rec);
	text = body(im, rec, im->ids[rec]);
	submission_init(&s);
	if (submission_from_json(&s, text, strlen(text), im->ins, &errs) != 0) {
		for (int e = 0; e < errs.n; e++) {
			const struct submission_error *se = &errs.e[e];
			const char *col = error_column(im, se->field, se->item);
			const char *msg = se->message;
			size_t fl = strlen(se->field);

			/* "answers.belong must be ..." -> "must be ..." */
			if (fl > 0 && strncmp(msg, se->field, fl) == 0 && msg[fl] == ' ')
				msg += fl + 1;
			add_bad(im, rec, col, msg, cell_named(im, rec, col));
		}
	} else if (!im->is_bad[rec])
		im->rows[rec] = row_json(im, &s, im->days[rec]);
	submission_clear(&s);
	free(text);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

static const struct import *sort_im;

static int
cmp_rec_id(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	int c = strcasecmp(sort_im->ids[x], sort_im->ids[y]);

	return c != 0 ? c : (x > y) - (x < y);
}

static int
cmp_bad(const void *a, const void *b)
{
	const struct bad *x = a, *y = b;

	if (x->line != y->line)
		return (x->line > y->line) - (x->line < y->line);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/*
 * Ids: a file's own (its id column), else fresh random ones, sorted, in
 * the order of the rows, so that belong export (which orders by id) gives
 * the rows back in the file's order.  Rows that share an id are bad.
 */
static void
assign_ids(struct import *im)
{
	long n = im->f.nrecs, *order;
	char (*fresh)[37] = xcalloc((size_t)n + 1, sizeof *fresh);
	long k = 0;

	for (long r = 0; r < n; r++)
		if (submission_new_id(fresh[r]) != 0)
			fatal("import: no random numbers from the system");
	qsort(fresh, (size_t)n, sizeof *fresh, cmp_str);
	for (long r = 0; r < n; r++) {
		const char *own = cell(im, r, COL_ID, -1);

		snprintf(im->ids[r], sizeof im->ids[r], "%s",
		    own != NULL ? own : fresh[k++]);
		if (own != NULL && strlen(own) > 36)
			snprintf(im->ids[r], sizeof im->ids[r], "x");	/* not a UUID */
	}
	free(fresh);
	/* The same id twice in one file: the second is bad. */
	order = xcalloc((size_t)n + 1, sizeof *order);
	for (long r = 0; r < n; r++)
		order[r] = r;
	sort_im = im;
	qsort(order, (size_t)n, sizeof *order, cmp_rec_id);
	for (long i = 1; i < n; i++)
		if (strcasecmp(im->ids[order[i]], im->ids[order[i - 1]]) == 0 &&
		    im->ids[order[i]][0] != 'x') {
			char *msg = xasprintf("is the id of %s %ld too",
			    im->json ? "element" : "line", im->f.recs[order[i - 1]].line);

			add_bad(im, order[i], "id", msg, im->ids[order[i]]);
			free(msg);
		}
	free(order);
}

static void
print_bad(const struct import *im)
{
	if (im->nbad > 0)
		qsort(im->bad, (size_t)im->nbad, sizeof *im->bad, cmp_bad);
	for (long i = 0; i < im->nbad; i++) {
		const struct bad *b = &im->bad[i];
		char *shown = b->value != NULL ? cmdutil_show(b->value) : NULL;
		char *col = b->column != NULL ? cmdutil_show(b->column) : NULL;

		/* Column names come from the file: shown escaped, unquoted
		 * when they are plain. */
		fprintf(stderr, "belong: import: %s %s %ld: %s%s%s%s%s%s\n",
		    im->path, im->json ? "element" : "line", b->line,
		    col != NULL ? b->column : "",
		    col != NULL ? ": " : "", b->message,
		    shown != NULL ? " (" : "", shown != NULL ? shown : "",
		    shown != NULL ? ")" : "");
		free(shown);
		free(col);
	}
}

/* The batch statement: belongd's (lib/response_sql.h) with the day. */
static const char import_sql[] = RESPONSE_SQL_STORE(", day date",
    ", submitted_at", ", day + time '12:00'", "count(*)");

/* Store the good rows, in batches; returns how many were new. */
static long
store(struct import *im, PGconn *conn)
{
	long stored = 0, r = 0;

	while (r < im->f.nrecs) {
		size_t len = 2, used = 0;
		long first = r, n = 0;
		char *arr;
		PGresult *res;

		for (; r < im->f.nrecs && n < IMPORT_BATCH; r++)
			if (im->rows[r] != NULL) {
				len += strlen(im->rows[r]) + 1;
				n++;
			}
		if (n == 0)
			break;
		arr = xmalloc(len + 1);
		arr[used++] = '[';
		for (long k = first; k < r; k++) {
			size_t l;

			if (im->rows[k] == NULL)
				continue;
			if (used > 1)
				arr[used++] = ',';
			l = strlen(im->rows[k]);
			memcpy(arr + used, im->rows[k], l);
			used += l;
		}
		arr[used++] = ']';
		arr[used] = '\0';
		res = cli_exec(conn, import_sql, 1, (const char *const *)&arr,
		    PGRES_TUPLES_OK);
		stored += strtol(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
		free(arr);
	}
	return stored;
}

/* The event, its instrument, and the day today in the rollup's zone. */
static int
load_event(struct import *im, PGconn *conn)
{
	PGresult *res;
	char *err = NULL;

	res = cli_exec(conn, "select e.id, i.id, i.key || '@' || i.version,"
	    " i.definition::text from event e join instrument i"
	    " on i.id = e.instrument_id where e.slug = $1", 1, &im->slug,
	    PGRES_TUPLES_OK);
	if (PQntuples(res) == 0) {
		char *shown = cmdutil_show(im->slug);

		fprintf(stderr, "belong: import: no event %s (see belong event list)\n",
		    shown);
		free(shown);
		PQclear(res);
		return 1;
	}
	im->event_id = (int)strtol(PQgetvalue(res, 0, 0), NULL, 10);
	im->ins_name = xstrdup(PQgetvalue(res, 0, 2));
	im->ins = instrument_parse(PQgetvalue(res, 0, 3), &err);
	if (im->ins == NULL)
		fatal("import: the instrument %s: %s", im->ins_name, err);
	im->ins->db_id = (int)strtol(PQgetvalue(res, 0, 1), NULL, 10);
	PQclear(res);
	/* Days are the rollup's days (sql/003_rollup.sql), so that an
	 * imported day is the day reports and export show. */
	PQclear(cli_exec(conn, "select set_config('TimeZone', zone, true)"
	    " from report_rollup", 0, NULL, PGRES_TUPLES_OK));
	res = cli_exec(conn, "select current_date", 0, NULL, PGRES_TUPLES_OK);
	snprintf(im->today, sizeof im->today, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

/* The first and last day of the rows stored. */
static void
day_range(const struct import *im, const char **lo, const char **hi)
{
	*lo = *hi = NULL;
	for (long r = 0; r < im->f.nrecs; r++) {
		const char *d = im->days[r];

		if (im->rows[r] == NULL)
			continue;
		if (*lo == NULL || strcmp(d, *lo) < 0)
			*lo = d;
		if (*hi == NULL || strcmp(d, *hi) > 0)
			*hi = d;
	}
}

static int
options(int argc, char **argv, struct cli_global *g, struct import *im,
    bool *skip_bad, const char **format)
{
	static const struct option longopts[] = {
		{ "dsn", required_argument, NULL, 'd' },
		{ "event", required_argument, NULL, 'e' },
		{ "skip-bad", no_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			g->dsn = optarg;
			break;
		case 'e':
			im->slug = optarg;
			break;
		case 's':
			*skip_bad = true;
			break;
		case 'f':
			*format = optarg;
			break;
		case 'h':
			cmd_import_usage(stdout);
			return 0;
		default:
			return cli_usage_error(cmd_import_usage, "import: bad option");
		}
	}
	if (optind >= argc)
		return cli_usage_error(cmd_import_usage, "import responses: a FILE is "
		    "required");
	if (optind + 1 < argc)
		return cli_usage_error(cmd_import_usage, "import responses: one FILE "
		    "only, not also %s", argv[optind + 1]);
	im->path = argv[optind];
	if (im->slug == NULL)
		return cli_usage_error(cmd_import_usage, "import responses: --event "
		    "SLUG is required");
	if (cmdutil_check_slug(im->slug) != NULL)
		return cmdutil_bad_value("import: --event", cmdutil_check_slug(im->slug));
	if (*format == NULL) {
		size_t n = strlen(im->path);

		if (n > 4 && strcasecmp(im->path + n - 4, ".csv") == 0)
			*format = "csv";
		else if (n > 5 && strcasecmp(im->path + n - 5, ".json") == 0)
			*format = "json";
		else
			return cli_usage_error(cmd_import_usage, "import responses: "
			    "cannot tell the format from the file name: add --format "
			    "csv or --format json");
	}
	if (strcmp(*format, "csv") != 0 && strcmp(*format, "json") != 0)
		return cmdutil_bad_value("import: --format", "must be csv or json");
	im->json = strcmp(*format, "json") == 0;
	return -1;
}

int
cmd_import(int argc, char **argv, struct cli_global *g)
{
	struct import im = { 0 };
	const char *format = NULL, *lo, *hi;
	bool skip_bad = false;
	PGconn *conn = NULL;
	char *err = NULL;
	long stored, good = 0, nbadrows = 0;
	int rc;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		cmd_import_usage(stdout);
		return 0;
	}
	if (argc < 2 || strcmp(argv[1], "responses") != 0)
		return cli_usage_error(cmd_import_usage, "import: expected: import responses");
	if ((rc = options(argc - 1, argv + 1, g, &im, &skip_bad, &format)) >= 0)
		return rc;
	conn = cli_connect(g);
	PQclear(cli_exec(conn, "begin", 0, NULL, PGRES_COMMAND_OK));
	if ((rc = load_event(&im, conn)) != 0)
		goto done;
	rc = 1;
	if (import_read(im.path, im.json, &im.f, &err) != 0) {
		/* err shows what it quotes from the file with cmdutil_show */
		fprintf(stderr, "belong: import: %s: %s; nothing stored\n", im.path,
		    err);
		goto done;
	}
	columns(&im);
	if (match_columns(&im) != 0)
		goto done;
	if (im.f.nrecs > 0) {
		bool has = false;

		for (int i = 0; i < im.f.ncols; i++)
			has = has || strcmp(im.f.names[i], "date") == 0;
		if (!has) {
			fprintf(stderr, "belong: import: %s: no date column (the day of "
			    "each response, YYYY-MM-DD); nothing stored\n", im.path);
			goto done;
		}
	}
	im.rows = xcalloc((size_t)im.f.nrecs + 1, sizeof *im.rows);
	im.ids = xcalloc((size_t)im.f.nrecs + 1, sizeof *im.ids);
	im.days = xcalloc((size_t)im.f.nrecs + 1, sizeof *im.days);
	im.is_bad = xcalloc((size_t)im.f.nrecs + 1, sizeof *im.is_bad);
	for (long r = 0; r < im.f.nrecs; r++)
		im.days[r] = (char *)cell(&im, r, COL_DATE, -1);
	assign_ids(&im);
	for (long r = 0; r < im.f.nrecs; r++)
		check_record(&im, r);
	for (long r = 0; r < im.f.nrecs; r++) {
		if (im.is_bad[r]) {
			nbadrows++;
			free(im.rows[r]);
			im.rows[r] = NULL;
		} else
			good++;
	}
	print_bad(&im);
	if (nbadrows > 0 && !skip_bad) {
		fprintf(stderr, "belong: import: %s: %ld bad row%s of %ld; nothing "
		    "stored (correct them, or add --skip-bad to store the %ld good "
		    "one%s)\n", im.path, nbadrows, nbadrows == 1 ? "" : "s",
		    im.f.nrecs, good, good == 1 ? "" : "s");
		goto done;
	}
	stored = store(&im, conn);
	day_range(&im, &lo, &hi);
	if (lo != NULL) {
		char events[24];

		snprintf(events, sizeof events, "{%d}", im.event_id);
		rq_rollup_redo(conn, events, lo, hi);
	}
	PQclear(cli_exec(conn, "commit", 0, NULL, PGRES_COMMAND_OK));
	printf("imported %ld responses into %s (%ld already present, %ld bad rows "
	    "skipped)\n", stored, im.slug, good - stored, nbadrows);
	rc = 0;
done:
	free(err);
	if (conn != NULL)
		PQfinish(conn);
	for (long i = 0; i < im.nbad; i++) {
		free(im.bad[i].column);
		free(im.bad[i].message);
		free(im.bad[i].value);
	}
	free(im.bad);
	for (long r = 0; im.rows != NULL && r < im.f.nrecs; r++)
		free(im.rows[r]);
	free(im.rows);
	free(im.ids);
	free(im.days);
	free(im.is_bad);
	free(im.map);
	for (int i = 0; i < im.ncols; i++)
		free(im.cols[i].name);
	free(im.cols);
	import_file_free(&im.f);
	instrument_free(im.ins);
	free(im.ins_name);
	return rc;
}
