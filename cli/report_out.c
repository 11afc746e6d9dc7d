/*
 * Report output (report_out.h): the writer's rows inside a JSON object
 * that says what was asked, and the notes a reader needs; for markdown and
 * LaTeX, the rows in the layout of a paper's table under a caption.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cmdutil.h"
#include "disclosure.h"
#include "lang.h"
#include "log.h"
#include "report_out.h"
#include "xalloc.h"

#define ROUT_MAX_NOTES 8
#define ROUT_MAX_WHAT 4		/* indicators named for a group in part suppressed */
#define ROUT_ESTIMATE "estimate"	/* the paper's name of value */
#define ROUT_CI " [95%% CI]"	/* a printf format */

/* A group with suppressed cells, for the caption (paper formats). */
struct rout_sup {
	char *key;			/* its label */
	int rows, suppressed;		/* its rows; those with a suppressed cell */
	char *what[ROUT_MAX_WHAT];	/* the periods (trend) or indicators
					 * (report) of those rows */
	int nwhat;
};

struct rout {
	const struct ropts *o;
	const struct rq_items *items;
	struct output *w;
	bool refused;
	bool head;			/* json: the head is printed */
	bool head_design;		/* json: with the design in it */
	char *design;			/* rout_design, or NULL */
	char *notes[ROUT_MAX_NOTES];
	int nnotes;
	/* Paper formats (markdown, latex): the columns as the command gave
	 * them, the paper's columns made from them, the rows held. */
	bool paper;
	const struct output_column *cols;
	int ncols;
	int c_group, c_label, c_period, c_indicator;
	struct output_column *pcols;
	int *src;			/* each paper column's column */
	int *src_lo, *src_hi;		/* and its interval's, or -1 */
	char **names;			/* names made: "estimate [95% CI]" */
	int npcols;
	char ***rows;
	size_t nrows;
	struct rout_sup *sup;
	size_t nsup;
};

static void
add_string(cJSON *obj, const char *name, const char *v)
{
	if ((v != NULL ? cJSON_AddStringToObject(obj, name, v) :
	    cJSON_AddNullToObject(obj, name)) == NULL)
		fatal("out of memory");
}

/* Each item's id, type and question in every language it has. */
static cJSON *
json_items(const struct rq_items *items)
{
	cJSON *a = cJSON_CreateArray();

	if (a == NULL)
		fatal("out of memory");
	for (int i = 0; items != NULL && i < items->n; i++) {
		const struct item *it = items->v[i];
		cJSON *obj = cJSON_CreateObject(), *text = cJSON_CreateObject();

		if (obj == NULL || text == NULL)
			fatal("out of memory");
		add_string(obj, "id", it->id);
		add_string(obj, "type", instrument_type_name(it->type));
		for (int l = 0; l < LANG_COUNT; l++)
			if (it->text[l] != NULL)
				add_string(text, lang_code((enum lang)l), it->text[l]);
		cJSON_AddItemToObject(obj, "text", text);
		cJSON_AddItemToArray(a, obj);
	}
	return a;
}

/* The JSON object's members before "rows", without the closing brace. */
static void
json_head(const struct ropts *o, const struct rq_items *items, const char *design)
{
	cJSON *obj = cJSON_CreateObject(), *f, *ev;
	char *text;

	if (obj == NULL || (f = cJSON_CreateObject()) == NULL ||
	    (ev = cJSON_CreateArray()) == NULL)
		fatal("out of memory");
	add_string(obj, "command", o->cmd);
	add_string(obj, "by", o->by != NULL ? o->by->name : NULL);
	if (cJSON_AddNumberToObject(obj, "min_n", (double)o->min_n) == NULL)
		fatal("out of memory");
	add_string(obj, "interval", o->interval);
	add_string(obj, "indicator", o->interval != NULL ?
	    (o->indicator != NULL ? o->indicator : "belonging") : NULL);
	add_string(obj, "region", o->region);
	if (design != NULL)
		add_string(obj, "design", design);
	for (int i = 0; i < o->nevents; i++)
		cJSON_AddItemToArray(ev, cJSON_CreateString(o->events[i]));
	cJSON_AddItemToObject(f, "events", ev);
	add_string(f, "from", o->from);
	add_string(f, "to", o->to);
	add_string(f, "role", o->role);
	cJSON_AddItemToObject(obj, "filters", f);
	if (items != NULL)
		cJSON_AddItemToObject(obj, "items", json_items(items));
	if ((text = cJSON_PrintUnformatted(obj)) == NULL)
		fatal("out of memory");
	text[strlen(text) - 1] = '\0';		/* the closing brace */
	printf("%s,\"rows\":", text);
	cJSON_free(text);
	cJSON_Delete(obj);
}

/* The JSON head, once, when the first thing after it is printed: so that
 * rout_design, called after rout_begin, is in it. */
static void
head(struct rout *r)
{
	if (r->o->format != OUTPUT_JSON || r->head)
		return;
	json_head(r->o, r->items, r->design);
	r->head = true;
	r->head_design = r->design != NULL;
}

static int
col_named(const struct output_column *cols, int ncols, const char *name)
{
	for (int i = 0; i < ncols; i++)
		if (strcmp(cols[i].name, name) == 0)
			return i;
	return -1;
}

/*
 * The interval of number column i: lo and hi for value (or for the
 * number column just before lo, such as alpha), X_lo and X_hi for X.
 * Returns whether it has both.
 */
static bool
interval_of(const struct output_column *cols, int ncols, int i, int *lo, int *hi)
{
	int l = col_named(cols, ncols, "lo"), h = col_named(cols, ncols, "hi");
	char *name;

	*lo = *hi = -1;
	if (cols[i].type != OUTPUT_NUMBER || strcmp(cols[i].name, "n") == 0)
		return false;
	if (strcmp(cols[i].name, "value") == 0 ||
	    (i + 1 == l && col_named(cols, ncols, "value") < 0)) {
		*lo = l;
		*hi = h;
	} else {
		name = xasprintf("%s_lo", cols[i].name);
		*lo = col_named(cols, ncols, name);
		free(name);
		name = xasprintf("%s_hi", cols[i].name);
		*hi = col_named(cols, ncols, name);
		free(name);
	}
	if (*lo < 0 || *hi < 0)
		*lo = *hi = -1;
	return *lo >= 0;
}

/*
 * The paper's columns: each estimate with its interval as one column
 * (interval_of), the label as "group" in place of the slug (when both are
 * there), the others as they are.
 */
static void
paper_columns(struct rout *r, const struct output_column *cols, int ncols)
{
	bool *used = xcalloc((size_t)ncols, sizeof *used);
	bool words;
	int lo, hi;

	r->paper = true;
	r->cols = cols;
	r->ncols = ncols;
	r->c_group = col_named(cols, ncols, "group");
	r->c_label = col_named(cols, ncols, "label");
	r->c_period = col_named(cols, ncols, "period");
	r->c_indicator = col_named(cols, ncols, "indicator");
	words = r->c_group >= 0 && r->c_label >= 0;
	if (words)
		used[r->c_group] = true;
	for (int i = 0; i < ncols; i++)
		if (interval_of(cols, ncols, i, &lo, &hi))
			used[lo] = used[hi] = true;
	r->pcols = xcalloc((size_t)ncols, sizeof *r->pcols);
	r->src = xcalloc((size_t)ncols, sizeof *r->src);
	r->src_lo = xcalloc((size_t)ncols, sizeof *r->src_lo);
	r->src_hi = xcalloc((size_t)ncols, sizeof *r->src_hi);
	r->names = xcalloc((size_t)ncols, sizeof *r->names);
	for (int i = 0; i < ncols; i++) {
		struct output_column *pc = &r->pcols[r->npcols];

		if (used[i])
			continue;
		*pc = cols[i];
		r->src[r->npcols] = i;
		if (words && i == r->c_label)
			pc->name = "group";
		if (interval_of(cols, ncols, i, &r->src_lo[r->npcols], &r->src_hi[r->npcols])) {
			r->names[r->npcols] = xasprintf("%s" ROUT_CI, strcmp(cols[i].name,
			    "value") == 0 ? ROUT_ESTIMATE : cols[i].name);
			pc->name = r->names[r->npcols];
		}
		r->npcols++;
	}
	free(used);
}

struct rout *
rout_begin(const struct ropts *o, const struct rq_items *items,
    const struct output_column *cols, int ncols)
{
	struct rout *r = xcalloc(1, sizeof *r);

	r->o = o;
	r->items = items;
	if (o->format == OUTPUT_MARKDOWN || o->format == OUTPUT_LATEX)
		paper_columns(r, cols, ncols);	/* the writer comes at the end */
	else
		r->w = output_begin(stdout, o->format, cols, ncols, OUTPUT_SUPPRESSION);
	return r;
}

void
rout_design(struct rout *r, const char *text)
{
	free(r->design);
	r->design = xstrdup(text);
}

static bool
cell_suppressed(const struct rout *r, int i, const char *s)
{
	return s != NULL && r->cols[i].type == OUTPUT_NUMBER &&
	    strcmp(s, OUTPUT_SUPPRESSED) == 0;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* Count the row for its group, for the caption: rows, suppressed rows and
 * which of them (period or indicator). */
static void
paper_count(struct rout *r, const char *const *cells, bool sup)
{
	const char *label = r->c_label >= 0 ? cells[r->c_label] : NULL;
	const char *what = r->c_period >= 0 ? cells[r->c_period] :
	    r->c_indicator >= 0 ? cells[r->c_indicator] : NULL;
	struct rout_sup *g = NULL;

	if ((label == NULL || *label == '\0') && r->c_group >= 0)
		label = cells[r->c_group];
	if (label == NULL || *label == '\0')
		label = "everyone";
	for (size_t i = 0; i < r->nsup && g == NULL; i++)
		if (strcmp(r->sup[i].key, label) == 0)
			g = &r->sup[i];
	if (g == NULL) {
		r->sup = xrealloc(r->sup, (r->nsup + 1) * sizeof *r->sup);
		g = &r->sup[r->nsup++];
		memset(g, 0, sizeof *g);
		g->key = xstrdup(label);
	}
	g->rows++;
	if (!sup)
		return;
	g->suppressed++;
	if (what != NULL && g->nwhat < ROUT_MAX_WHAT)
		g->what[g->nwhat++] = xstrdup(what);
}

/* Hold the row in the paper's columns. */
static void
paper_row(struct rout *r, const char *const *cells)
{
	char **row = xcalloc((size_t)r->npcols, sizeof *row);
	bool sup = false;

	for (int i = 0; i < r->ncols; i++)
		if (cell_suppressed(r, i, cells[i]))
			sup = true;
	for (int k = 0; k < r->npcols; k++) {
		int i = r->src[k], l = r->src_lo[k], h = r->src_hi[k];

		if (l >= 0) {
			const char *v = cells[i], *lo = cells[l], *hi = cells[h];

			/* "72.41 [68.90, 75.92]", or the estimate alone */
			if (v == NULL || cell_suppressed(r, i, v) ||
			    lo == NULL || hi == NULL || cell_suppressed(r, l, lo) ||
			    cell_suppressed(r, h, hi))
				row[k] = dup_or_null(v);
			else
				row[k] = xasprintf("%s [%s, %s]", v, lo, hi);
		} else if (i == r->c_label && (cells[i] == NULL || *cells[i] == '\0') &&
		    r->c_group >= 0)
			row[k] = dup_or_null(cells[r->c_group]);	/* no words: the slug */
		else
			row[k] = dup_or_null(cells[i]);
	}
	paper_count(r, cells, sup);
	r->rows = xrealloc(r->rows, (r->nrows + 1) * sizeof *r->rows);
	r->rows[r->nrows++] = row;
}

void
rout_row(struct rout *r, const char *const *cells)
{
	if (r->paper) {
		paper_row(r, cells);
		return;
	}
	head(r);
	output_row(r->w, cells);
}

void
rout_note(struct rout *r, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (r->nnotes == ROUT_MAX_NOTES)
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		fatal("out of memory");
	va_end(ap);
	r->notes[r->nnotes++] = s;
}

void
rout_note_race(struct rout *r, const struct ropts *o)
{
	if (o->by != NULL && strcmp(o->by->name, "race") == 0)
		rout_note(r, "race is multi-select: each respondent counts in every "
		    "group chosen (alone or in combination) and, choosing two or more, "
		    "also in two_or_more, so groups overlap and do not add up to everyone");
}

void
rout_note_suppressed(struct rout *r, const struct ropts *o)
{
	rout_note(r, "cells of fewer than %ld are suppressed, and others with them "
	    "wherever a total would give one away (see PRIVACY in belong(1))",
	    o->min_n);
}

void
rout_refuse(struct rout *r)
{
	char *msg = xasprintf(DISCLOSURE_REFUSAL, r->o->min_n);

	r->refused = true;
	fprintf(stderr, "belong: %s: %s\n", r->o->cmd, msg);
	if (r->o->format == OUTPUT_TABLE) {
		/* that line and nothing else: not even the table's header */
		output_abandon(r->w);
		r->w = NULL;
		printf("%s\n", msg);
	} else if (r->paper) {
		/* the same, as a paragraph: no table, no caption */
		char *esc = output_escape(r->o->format, msg);

		printf("%s\n", esc);
		free(esc);
	} else
		rout_note(r, "%s", msg);
	free(msg);
}

/* "note: " and the text, wrapped at spaces to fit the table's width. */
static void
note_wrapped(const char *s)
{
	const char *prefix = "note: ";
	size_t width = output_term_width() - strlen(prefix);

	while (strlen(s) > width) {
		size_t cut = width;

		while (cut > 0 && s[cut] != ' ')
			cut--;
		if (cut == 0)
			cut = width;
		printf("%s%.*s\n", prefix, (int)cut, s);
		s += cut + (s[cut] == ' ');
		prefix = "      ";
	}
	printf("%s%s\n", prefix, s);
}

/* The groups with suppressed cells, for the caption: "A; B (gap)" (B in
 * part: the periods or indicators named), or "none". */
static void
caption_suppressed(const struct rout *r, FILE *f)
{
	const char *sep = "";

	for (size_t i = 0; i < r->nsup; i++) {
		const struct rout_sup *g = &r->sup[i];

		if (g->suppressed == 0)
			continue;
		fprintf(f, "%s%s", sep, g->key);
		sep = "; ";
		if (g->suppressed == g->rows)
			continue;
		if (g->nwhat == 0)
			fputs(" (in part)", f);
		for (int k = 0; k < g->nwhat; k++)
			fprintf(f, "%s%s", k == 0 ? " (" : ", ", g->what[k]);
		if (g->nwhat > 0)
			fputs(g->suppressed > g->nwhat ? ", ...)" : ")", f);
	}
	if (*sep == '\0')
		fputs("none", f);
}

/*
 * The caption, as plain text: what the table is, the selection, the
 * design, the min-n and the groups with suppressed cells.  The caller
 * frees.
 */
static char *
caption(const struct rout *r)
{
	const struct ropts *o = r->o;
	const char *sep = "";
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);

	if (f == NULL)
		fatal("out of memory");
	fprintf(f, "belong %s", o->cmd);
	if (o->interval != NULL)
		fprintf(f, " of %s per %s", o->indicator != NULL ? o->indicator :
		    "belonging", o->interval);
	if (o->by != NULL)
		fprintf(f, " by %s", o->by->name);
	fputs(". Selection: ", f);
	if (o->nevents > 0) {
		fputs(o->nevents == 1 ? "event " : "events ", f);
		for (int i = 0; i < o->nevents; i++)
			fprintf(f, "%s%s", i > 0 ? ", " : "", o->events[i]);
		sep = "; ";
	}
	if (o->from != NULL || o->to != NULL) {
		fputs(sep, f);
		if (o->from != NULL)
			fprintf(f, "from %s%s", o->from, o->to != NULL ? " " : "");
		if (o->to != NULL)
			fprintf(f, "to %s", o->to);
		sep = "; ";
	}
	if (o->role != NULL) {
		fprintf(f, "%srole %s", sep, o->role);
		sep = "; ";
	}
	if (*sep == '\0')
		fputs("all responses", f);
	if (o->region != NULL)
		fprintf(f, "; benchmark region %s", o->region);
	fputs(".", f);
	if (r->design != NULL)
		fprintf(f, " Design: %s.", r->design);
	fprintf(f, " Minimum n: %ld; suppressed: ", o->min_n);
	caption_suppressed(r, f);
	fputs(".", f);
	if (fclose(f) != 0)
		fatal("out of memory");
	return s;
}

/* Markdown or LaTeX: the caption, the table, the notes. */
static int
paper_end(struct rout *r)
{
	enum output_format f = r->o->format;
	bool latex = f == OUTPUT_LATEX;
	struct output *w;
	char *cap, *esc;
	int rc;

	if (r->refused)
		return 0;	/* said by rout_refuse */
	cap = caption(r);
	esc = output_escape(f, cap);
	if (latex)
		printf("\\begin{table}[htbp]\n\\centering\n\\caption{%s}\n", esc);
	else
		printf("Table: %s\n\n", esc);
	free(cap);
	free(esc);
	w = output_begin(stdout, f, r->pcols, r->npcols, OUTPUT_SUPPRESSION);
	for (size_t i = 0; i < r->nrows; i++)
		output_row(w, (const char *const *)r->rows[i]);
	rc = cmdutil_output_end(w);
	if (latex && r->nnotes > 0)
		fputs("\\par\\smallskip\n\\begin{minipage}{\\linewidth}\n\\footnotesize\n",
		    stdout);
	for (int i = 0; i < r->nnotes; i++) {
		esc = output_escape(f, r->notes[i]);
		if (latex)
			printf("\\textit{Note.} %s\\par\n", esc);
		else
			printf("\n*Note.* %s\n", esc);
		free(esc);
	}
	if (latex && r->nnotes > 0)
		fputs("\\end{minipage}\n", stdout);
	if (latex)
		fputs("\\end{table}\n", stdout);
	return rc;
}

static void
paper_free(struct rout *r)
{
	for (size_t i = 0; i < r->nrows; i++) {
		for (int k = 0; k < r->npcols; k++)
			free(r->rows[i][k]);
		free(r->rows[i]);
	}
	free(r->rows);
	for (size_t i = 0; i < r->nsup; i++) {
		free(r->sup[i].key);
		for (int k = 0; k < r->sup[i].nwhat; k++)
			free(r->sup[i].what[k]);
	}
	free(r->sup);
	free(r->pcols);
	free(r->src);
	free(r->src_lo);
	free(r->src_hi);
	for (int k = 0; k < r->npcols; k++)
		free(r->names[k]);
	free(r->names);
}

int
rout_end(struct rout *r)
{
	int rc;

	head(r);
	rc = r->paper ? paper_end(r) : r->w != NULL ? cmdutil_output_end(r->w) : 0;
	if (r->o->format == OUTPUT_TABLE && r->design != NULL && !r->refused) {
		char *d = xasprintf("design: %s", r->design);

		note_wrapped(d);
		free(d);
	} else if (r->o->format == OUTPUT_CSV && r->design != NULL)
		fprintf(stderr, "belong: %s: design: %s\n", r->o->cmd, r->design);
	if (r->o->format == OUTPUT_JSON) {
		cJSON *a = cJSON_CreateArray();
		char *text;

		for (int i = 0; i < r->nnotes; i++)
			cJSON_AddItemToArray(a, cJSON_CreateString(r->notes[i]));
		if (a == NULL || (text = cJSON_PrintUnformatted(a)) == NULL)
			fatal("out of memory");
		if (r->design != NULL && !r->head_design) {
			/* named after the head was printed */
			char *d = NULL;
			cJSON *ds = cJSON_CreateString(r->design);

			if (ds == NULL || (d = cJSON_PrintUnformatted(ds)) == NULL)
				fatal("out of memory");
			printf(",\"design\":%s", d);
			cJSON_free(d);
			cJSON_Delete(ds);
		}
		printf(",\"notes\":%s%s}\n", text, r->refused ? ",\"suppressed\":true" : "");
		cJSON_free(text);
		cJSON_Delete(a);
	}
	for (int i = 0; i < r->nnotes; i++) {
		if (r->refused)
			;	/* said once, by rout_refuse */
		else if (r->o->format == OUTPUT_TABLE)
			note_wrapped(r->notes[i]);
		else if (r->o->format == OUTPUT_CSV)
			fprintf(stderr, "belong: %s: note: %s\n", r->o->cmd, r->notes[i]);
		free(r->notes[i]);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		rc = 1;
	paper_free(r);
	free(r->design);
	free(r);
	return rc;
}

const char *
rout_num(char *buf, double v, int decimals)
{
	if (isnan(v) || isinf(v))
		return NULL;
	snprintf(buf, 32, "%.*f", decimals, v);
	if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
		memmove(buf, buf + 1, strlen(buf));
	return buf;
}
