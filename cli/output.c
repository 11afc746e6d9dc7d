/*
 * Rows and columns as a table, CSV, JSON, markdown or LaTeX (output.h
 * says what each looks like).  CSV, JSON and LaTeX print each row as it
 * comes; the table and markdown hold the first OUTPUT_SAMPLE_ROWS rows to
 * choose their column widths.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "log.h"
#include "output.h"
#include "xalloc.h"

#define OUTPUT_GAP 2		/* spaces between table columns */
#define OUTPUT_MIN_CUT 4	/* a text column is not cut below this (or its name) */

struct output {
	FILE *fp;
	enum output_format format;
	const struct output_column *cols;
	int ncols;
	unsigned flags;
	size_t nrows;		/* rows added so far */
	char ***held;		/* table: cleaned cells of the rows held */
	size_t nheld;
	size_t *width;		/* table, markdown: column widths, fixed once
				 * printing starts */
	size_t maxw;		/* table: the line's width (output_term_width) */
	bool printing;		/* table, markdown: header printed, rows now stream */
	size_t pending;		/* table: spaces not yet written */
};

int
output_format_parse(const char *name, enum output_format *out)
{
	static const char *const names[] = {
		[OUTPUT_TABLE] = "table",
		[OUTPUT_CSV] = "csv",
		[OUTPUT_JSON] = "json",
		[OUTPUT_MARKDOWN] = "markdown",
		[OUTPUT_LATEX] = "latex",
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(name, names[i]) == 0) {
			*out = (enum output_format)i;
			return 0;
		}
	}
	return -1;
}

/*
 * Decode the code point at s into *cp; returns the bytes it takes.  A byte
 * that does not start a well-formed sequence (overlong, surrogate, above
 * U+10FFFF, cut short) takes one byte and gives *cp = -1.
 */
static size_t
utf8_next(const unsigned char *s, int32_t *cp)
{
	size_t n;
	int32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
		min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
		min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
		min = 0x10000;
	} else {
		*cp = -1;
		return 1;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {	/* also stops at the NUL */
			*cp = -1;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
		*cp = -1;
		return 1;
	}
	*cp = c;
	return n;
}

size_t
output_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0;
	int32_t cp;

	while (*p != '\0') {
		p += utf8_next(p, &cp);
		w++;
	}
	return w;
}

/*
 * Whether code point cp must not reach a terminal as it is: C0 and C1
 * controls and DEL (escape sequences, carriage returns that overwrite a
 * line), and the bidirectional embeddings, overrides and isolates
 * (U+202A-U+202E, U+2066-U+2069) that make text read in another order
 * than it is stored.  Respondents and board members write the text that
 * staff print.
 */
static bool
unsafe(int32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Bytes the longest escape of one unsafe code point takes (\uXXXX). */
#define CLEAN_GROWTH 6
/* Bytes the longest escape of one input byte takes in any format: a C0
 * control in LaTeX, \textbackslash{}u001b. */
#define ESCAPE_GROWTH 24

/* ASCII that markdown (CommonMark, GitHub's tables, pandoc's extensions:
 * math, citations, sub- and superscript, spans) acts on inside a table
 * cell; : is handled apart. */
#define MD_ACTIVE "\\`*_{}[]<>()#+!|~^$@&"
/* What a number cell may hold to be printed as it is in markdown:
 * "72.41", "-3.5e+02", "72.41 [68.90, 75.92]". */
#define MD_NUMBER "0123456789.-+eE[], "

size_t
output_term_width(void)
{
	const char *s = getenv("COLUMNS");
	char *end;
	long v;

	/* Digits only: no sign, no space, no "80x24". */
	if (s == NULL || !(*s >= '0' && *s <= '9'))
		return OUTPUT_WIDTH;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < OUTPUT_WIDTH_MIN || v > OUTPUT_WIDTH_MAX)
		return OUTPUT_WIDTH;
	return (size_t)v;
}

/*
 * How the ASCII character c (at p) of a cell prints in a format, or NULL
 * for as it is.  buf holds a made escape.
 */
static const char *
ascii_escape(enum output_format f, const unsigned char *p, bool number, char buf[3])
{
	int c = *p;

	if (f == OUTPUT_MARKDOWN) {
		/* ":" before "/" makes an autolink (http://), before a
		 * letter an emoji (:smile:); "12:00" and "note: x" stay. */
		if (strchr(MD_ACTIVE, c) != NULL || (c == ':' && (p[1] == '/' ||
		    (p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z')))) {
			buf[0] = '\\';
			buf[1] = (char)c;
			buf[2] = '\0';
			return buf;
		}
		return NULL;
	}
	if (f != OUTPUT_LATEX)
		return NULL;
	switch (c) {
	case '#': return "\\#";
	case '$': return "\\$";
	case '%': return "\\%";
	case '&': return "\\&";
	case '_': return "\\_";
	case '{': return "\\{";
	case '}': return "\\}";
	case '~': return "\\textasciitilde{}";
	case '^': return "\\textasciicircum{}";
	case '\\': return "\\textbackslash{}";
	/* In the OT1 encoding these print as other glyphs. */
	case '<': return "\\textless{}";
	case '>': return "\\textgreater{}";
	case '|': return "\\textbar{}";
	case '-':	/* a minus sign, not a hyphen, before a number's digits */
		return number && p[1] >= '0' && p[1] <= '9' ? "$-$" : NULL;
	default:
		return NULL;
	}
}

/*
 * A copy of s for a cell of format f (number: of a number column), safe
 * and measurable on a terminal: unsafe code points as visible escapes (\t,
 * \n, \r, else \u and four hex digits, as JSON writes them), bytes that
 * are not UTF-8 as U+FFFD; in markdown and LaTeX also every character the
 * format acts on escaped, the backslash of a visible escape included.
 * NULL gives "".  The caller frees.
 */
static char *
cell_escape(const char *s, enum output_format f, bool number)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");
	char *out = xmalloc(strlen((const char *)p) * ESCAPE_GROWTH + 3), *q = out;
	const char *bs = f == OUTPUT_MARKDOWN ? "\\\\" : f == OUTPUT_LATEX ?
	    "\\textbackslash{}" : "\\";
	char buf[3];
	int32_t cp;
	size_t n;

	if (f == OUTPUT_MARKDOWN && number &&
	    strspn((const char *)p, MD_NUMBER) == strlen((const char *)p))
		f = OUTPUT_TABLE;	/* nothing to escape in a number */
	if (f == OUTPUT_LATEX) {
		/* \\ and \toprule look past spaces for [ (an option) and \\
		 * for * (its starred form): keep them from the cell's. */
		size_t sp = strspn((const char *)p, " ");

		if (p[sp] == '[' || p[sp] == '*') {
			memcpy(q, "{}", 2);
			q += 2;
		}
	}
	while (*p != '\0') {
		const char *e;

		n = utf8_next(p, &cp);
		if (cp < 0) {
			memcpy(q, "\xef\xbf\xbd", 3);
			q += 3;
		} else if (cp == '\t' || cp == '\n' || cp == '\r') {
			q = stpcpy(q, bs);
			*q++ = cp == '\t' ? 't' : cp == '\n' ? 'n' : 'r';
		} else if (unsafe(cp)) {
			q = stpcpy(q, bs);
			q += sprintf(q, "u%04x", (unsigned)cp);
		} else if (cp < 0x80 && (e = ascii_escape(f, p, number, buf)) != NULL)
			q = stpcpy(q, e);
		else {
			memcpy(q, p, n);
			q += n;
		}
		p += n;
	}
	*q = '\0';
	return out;
}

/* s as a table or CSV cell: cleaned, nothing escaped. */
static char *
cell_clean(const char *s)
{
	return cell_escape(s, OUTPUT_TABLE, false);
}

char *
output_escape(enum output_format format, const char *s)
{
	return cell_escape(s, format == OUTPUT_MARKDOWN || format == OUTPUT_LATEX ?
	    format : OUTPUT_TABLE, false);
}

int
output_json_text(FILE *fp, const char *json)
{
	const unsigned char *p = (const unsigned char *)json;
	int32_t cp;
	size_t n;

	while (*p != '\0') {
		n = utf8_next(p, &cp);
		if (cp < 0)
			fputs("\xef\xbf\xbd", fp);
		else if (cp >= 0x7f && unsafe(cp))
			fprintf(fp, "\\u%04x", (unsigned)cp);
		else
			fwrite(p, 1, n, fp);
		p += n;
	}
	fputc('\n', fp);
	return fflush(fp) != 0 || ferror(fp) ? -1 : 0;
}

/* Table text goes through these two, so that spaces are written only
 * when something follows them: no line ends in spaces. */
static void
table_pad(struct output *o, size_t n)
{
	o->pending += n;
}

static void
table_put(struct output *o, const char *s, size_t len)
{
	if (len == 0)
		return;
	for (; o->pending > 0; o->pending--)
		fputc(' ', o->fp);
	fwrite(s, 1, len, o->fp);
}

static void
table_newline(struct output *o)
{
	o->pending = 0;
	fputc('\n', o->fp);
}

/* Print s (clean) in a field of width w, as its column's type says:
 * text cut with "…" if longer, numbers right-aligned and never cut;
 * padded to w. */
static void
table_field(struct output *o, const char *s, size_t w, enum output_type type)
{
	size_t sw = output_width(s);

	if (sw > w && type != OUTPUT_NUMBER) {
		const unsigned char *p = (const unsigned char *)s;
		int32_t cp;

		for (size_t i = 0; i + 1 < w; i++)
			p += utf8_next(p, &cp);
		table_put(o, s, (size_t)((const char *)p - s));
		table_put(o, "\xe2\x80\xa6", 3);	/* … */
		return;
	}
	if (type == OUTPUT_NUMBER && sw < w)
		table_pad(o, w - sw);
	table_put(o, s, strlen(s));
	if (type != OUTPUT_NUMBER && sw < w)
		table_pad(o, w - sw);
}

/* A markdown line: "| a | b |", each cell padded to its width (numbers on
 * the left), a longer one (after the sample) written whole. */
static void
md_line(struct output *o, char *const *cells)
{
	for (int i = 0; i < o->ncols; i++) {
		size_t sw = output_width(cells[i]);
		size_t pad = sw < o->width[i] ? o->width[i] - sw : 0;
		bool right = o->cols[i].type == OUTPUT_NUMBER;

		fprintf(o->fp, "| %*s%s%*s ", right ? (int)pad : 0, "", cells[i],
		    right ? 0 : (int)pad, "");
	}
	fputs("|\n", o->fp);
}

static void
table_line(struct output *o, char *const *cells)
{
	if (o->format == OUTPUT_MARKDOWN) {
		md_line(o, cells);
		return;
	}
	for (int i = 0; i < o->ncols; i++) {
		if (i > 0)
			table_pad(o, OUTPUT_GAP);
		table_field(o, cells[i], o->width[i], o->cols[i].type);
	}
	table_newline(o);
}

/*
 * Take one column from the widest column of the given type that is wider
 * than its floor.  Returns false if none can give.
 */
static bool
table_shrink(struct output *o, const size_t *floor, enum output_type type)
{
	int widest = -1;

	for (int i = 0; i < o->ncols; i++)
		if (o->cols[i].type == type && o->width[i] > floor[i] &&
		    (widest < 0 || o->width[i] > o->width[widest]))
			widest = i;
	if (widest < 0)
		return false;
	o->width[widest]--;
	return true;
}

/*
 * Choose the widths from the header and the rows held: each column as
 * wide as its widest cell; then, while the line is wider than o->maxw,
 * take one from the widest text column, down to its name's width (at
 * least OUTPUT_MIN_CUT); only when no text column can give, from the
 * widest name column.  Numbers are never cut: a table of many numeric
 * columns may overflow.  Markdown cuts nothing; its separator needs 3.
 */
static void
table_widths(struct output *o, char *const *names)
{
	size_t *floor = xcalloc((size_t)o->ncols, sizeof *floor);
	size_t total = (size_t)(o->ncols - 1) * OUTPUT_GAP;

	for (int i = 0; i < o->ncols; i++) {
		size_t name = output_width(names[i]);

		if (o->format == OUTPUT_MARKDOWN && name < 3)
			name = 3;

		o->width[i] = name;
		for (size_t r = 0; r < o->nheld; r++) {
			size_t w = output_width(o->held[r][i]);

			if (w > o->width[i])
				o->width[i] = w;
		}
		floor[i] = name > OUTPUT_MIN_CUT ? name : OUTPUT_MIN_CUT;
		total += o->width[i];
	}
	while (o->format == OUTPUT_TABLE && total > o->maxw &&
	    (table_shrink(o, floor, OUTPUT_TEXT) || table_shrink(o, floor, OUTPUT_NAME)))
		total--;
	free(floor);
}

static void
free_cells(char **cells, int n)
{
	for (int i = 0; i < n; i++)
		free(cells[i]);
	free(cells);
}

/* Fix the widths, print the header, the rule and the rows held. */
static void
table_start(struct output *o)
{
	char **names = xcalloc((size_t)o->ncols, sizeof *names);

	for (int i = 0; i < o->ncols; i++)
		names[i] = cell_escape(o->cols[i].name, o->format, false);
	table_widths(o, names);
	/* Headers are never cut (widths are at least theirs). */
	table_line(o, names);
	for (int i = 0; i < o->ncols; i++) {
		bool right = o->cols[i].type == OUTPUT_NUMBER;

		if (o->format == OUTPUT_MARKDOWN) {
			/* "| :--- |" left, "| ---: |" right */
			fputs(right ? "| " : "| :", o->fp);
			for (size_t k = 1; k < o->width[i]; k++)
				fputc('-', o->fp);
			fputs(right ? ": " : " ", o->fp);
			continue;
		}
		if (i > 0)
			table_pad(o, OUTPUT_GAP);
		for (size_t k = 0; k < o->width[i]; k++)
			table_put(o, "-", 1);
	}
	if (o->format == OUTPUT_MARKDOWN)
		fputs("|\n", o->fp);
	else
		table_newline(o);
	free_cells(names, o->ncols);
	for (size_t r = 0; r < o->nheld; r++) {
		table_line(o, o->held[r]);
		free_cells(o->held[r], o->ncols);
	}
	free(o->held);
	o->held = NULL;
	o->nheld = 0;
	o->printing = true;
}

/* One row as a markdown table of two columns: field, value. */
static void
md_record(struct output *o, const char *const *cells)
{
	fputs("| field | value |\n| :---- | :---- |\n", o->fp);
	for (int i = 0; i < o->ncols; i++) {
		char *name = cell_escape(o->cols[i].name, o->format, false);
		char *v = cell_escape(cells[i], o->format, o->cols[i].type == OUTPUT_NUMBER);

		fprintf(o->fp, "| %s | %s |\n", name, v);
		free(name);
		free(v);
	}
}

static void
table_record(struct output *o, const char *const *cells)
{
	size_t namew = 0;

	if (o->format == OUTPUT_MARKDOWN) {
		md_record(o, cells);
		return;
	}

	for (int i = 0; i < o->ncols; i++)
		if (output_width(o->cols[i].name) > namew)
			namew = output_width(o->cols[i].name);
	for (int i = 0; i < o->ncols; i++) {
		char *v = cell_clean(cells[i]);

		if (*v == '\0')
			fprintf(o->fp, "%s\n", o->cols[i].name);
		else
			fprintf(o->fp, "%-*s%*s%s\n", (int)namew, o->cols[i].name,
			    OUTPUT_GAP, "", v);
		free(v);
	}
}

static void
table_row(struct output *o, const char *const *cells)
{
	char **clean = xcalloc((size_t)o->ncols, sizeof *clean);

	if (o->flags & OUTPUT_RECORD) {
		free(clean);
		table_record(o, cells);
		return;
	}
	for (int i = 0; i < o->ncols; i++)
		clean[i] = cell_escape(cells[i], o->format,
		    o->cols[i].type == OUTPUT_NUMBER);
	if (o->printing) {
		table_line(o, clean);
		free_cells(clean, o->ncols);
		return;
	}
	o->held = xrealloc(o->held, (o->nheld + 1) * sizeof *o->held);
	o->held[o->nheld++] = clean;
	if (o->nheld >= OUTPUT_SAMPLE_ROWS)
		table_start(o);
}

/* Whether cell i is a suppressed number (OUTPUT_SUPPRESSION). */
static bool
is_suppressed(const struct output *o, int i, const char *s)
{
	return (o->flags & OUTPUT_SUPPRESSION) && s != NULL &&
	    o->cols[i].type == OUTPUT_NUMBER && strcmp(s, OUTPUT_SUPPRESSED) == 0;
}

/* A LaTeX row: the cells (escaped) between & and a closing \\. */
static void
latex_line(struct output *o, char *const *cells, int n)
{
	for (int i = 0; i < n; i++)
		fprintf(o->fp, "%s%s", i > 0 ? " & " : "", cells[i]);
	fputs(" \\\\\n", o->fp);
}

/* The tabular's start: its column spec (numbers right), the rules and
 * the header.  Printed with the first row, or at the end: a writer
 * abandoned before has printed nothing. */
static void
latex_start(struct output *o)
{
	bool record = o->flags & OUTPUT_RECORD;
	int n = record ? 2 : o->ncols;
	char **names = xcalloc((size_t)n, sizeof *names);

	fputs("\\begin{tabular}{", o->fp);
	for (int i = 0; i < n; i++)
		fputc(!record && o->cols[i].type == OUTPUT_NUMBER ? 'r' : 'l', o->fp);
	fputs("}\n\\toprule\n", o->fp);
	for (int i = 0; i < n; i++)
		names[i] = cell_escape(record ? (i == 0 ? "field" : "value") :
		    o->cols[i].name, OUTPUT_LATEX, false);
	latex_line(o, names, n);
	free_cells(names, n);
	fputs("\\midrule\n", o->fp);
	o->printing = true;
}

static void
latex_row(struct output *o, const char *const *cells)
{
	char *pair[2];

	if (!o->printing)
		latex_start(o);
	if (o->flags & OUTPUT_RECORD) {
		for (int i = 0; i < o->ncols; i++) {
			pair[0] = cell_escape(o->cols[i].name, OUTPUT_LATEX, false);
			pair[1] = cell_escape(cells[i], OUTPUT_LATEX,
			    o->cols[i].type == OUTPUT_NUMBER);
			latex_line(o, pair, 2);
			free(pair[0]);
			free(pair[1]);
		}
		return;
	}
	{
		char **esc = xcalloc((size_t)o->ncols, sizeof *esc);

		for (int i = 0; i < o->ncols; i++)
			esc[i] = cell_escape(cells[i], OUTPUT_LATEX,
			    o->cols[i].type == OUTPUT_NUMBER);
		latex_line(o, esc, o->ncols);
		free_cells(esc, o->ncols);
	}
}

/* One CSV field; text cells that a spreadsheet would take for a formula
 * get a leading '. */
static void
csv_field(FILE *fp, const char *raw, bool text)
{
	char *s;
	bool quote;

	if (raw == NULL)
		return;
	/* Cleaned as a table cell is: no CR or LF is left to quote. */
	s = cell_clean(raw);
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		fputc('"', fp);
	if (text && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
		fputc('\'', fp);
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '"')
			fputc('"', fp);
		fputc(*p, fp);
	}
	if (quote)
		fputc('"', fp);
	free(s);
}

static void
csv_line(struct output *o, const char *const *cells, bool header)
{
	bool suppressed = false;

	for (int i = 0; i < o->ncols; i++) {
		const char *s = cells[i];

		if (i > 0)
			fputc(',', o->fp);
		/* A suppressed number is an empty field, so that numeric
		 * columns stay numeric for R, Stata and pandas. */
		if (!header && is_suppressed(o, i, s)) {
			suppressed = true;
			s = NULL;
		}
		csv_field(o->fp, s, header || o->cols[i].type != OUTPUT_NUMBER);
	}
	if (o->flags & OUTPUT_SUPPRESSION)
		fputs(header ? ",suppressed" : suppressed ? ",1" : ",0", o->fp);
	fputs("\r\n", o->fp);
}

/* Whether s is a number in JSON's grammar (so it can be printed as is). */
static bool
json_number(const char *s)
{
	const char *p = s;

	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return false;
	if (*p == '.') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

/*
 * A JSON string for s, written here as a raw value because cJSON leaves
 * DEL, C1 controls and bidirectional overrides as they are: every unsafe
 * code point as \uXXXX, bytes that are not UTF-8 as U+FFFD.
 */
static cJSON *
json_string(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char *fixed = xmalloc(strlen(s) * CLEAN_GROWTH + 3), *q = fixed;
	cJSON *item;
	int32_t cp;
	size_t n;

	*q++ = '"';
	while (*p != '\0') {
		n = utf8_next(p, &cp);
		if (cp < 0) {
			memcpy(q, "\xef\xbf\xbd", 3);
			q += 3;
		} else if (cp == '"' || cp == '\\') {
			*q++ = '\\';
			*q++ = (char)cp;
		} else if (unsafe(cp))
			q += sprintf(q, "\\u%04x", (unsigned)cp);
		else {
			memcpy(q, p, n);
			q += n;
		}
		p += n;
	}
	*q++ = '"';
	*q = '\0';
	item = cJSON_CreateRaw(fixed);
	free(fixed);
	return item;
}

static void
json_row(struct output *o, const char *const *cells)
{
	cJSON *obj = cJSON_CreateObject();
	bool suppressed = false;
	char *text;

	if (obj == NULL)
		fatal("out of memory");
	for (int i = 0; i < o->ncols; i++) {
		cJSON *v;

		if (cells[i] == NULL)
			v = cJSON_CreateNull();
		else if (is_suppressed(o, i, cells[i])) {
			v = cJSON_CreateNull();
			suppressed = true;
		}
		else if (o->cols[i].type == OUTPUT_NUMBER && json_number(cells[i]))
			v = cJSON_CreateRaw(cells[i]);
		else if (o->cols[i].type == OUTPUT_BOOL &&
		    (strcmp(cells[i], "yes") == 0 || strcmp(cells[i], "no") == 0))
			v = cJSON_CreateBool(cells[i][0] == 'y');
		else	/* text, or a number JSON cannot hold (NaN): a string */
			v = json_string(cells[i]);
		if (v == NULL)
			fatal("out of memory");
		cJSON_AddItemToObject(obj, o->cols[i].name, v);
	}
	if ((o->flags & OUTPUT_SUPPRESSION) &&
	    cJSON_AddBoolToObject(obj, "suppressed", suppressed) == NULL)
		fatal("out of memory");
	text = cJSON_PrintUnformatted(obj);
	if (text == NULL)
		fatal("out of memory");
	if (o->flags & OUTPUT_RECORD)
		fprintf(o->fp, "%s\n", text);
	else
		fprintf(o->fp, "%s%s", o->nrows == 0 ? "[\n" : ",\n", text);
	cJSON_free(text);
	cJSON_Delete(obj);
}

struct output *
output_begin(FILE *fp, enum output_format format,
    const struct output_column *cols, int ncols, unsigned flags)
{
	struct output *o = xcalloc(1, sizeof *o);

	o->fp = fp;
	o->format = format;
	o->cols = cols;
	o->ncols = ncols;
	o->flags = flags;
	o->maxw = output_term_width();
	if (format == OUTPUT_TABLE || format == OUTPUT_MARKDOWN)
		o->width = xcalloc((size_t)ncols, sizeof *o->width);
	if (format == OUTPUT_CSV) {
		const char **names = xcalloc((size_t)ncols, sizeof *names);

		for (int i = 0; i < ncols; i++)
			names[i] = cols[i].name;
		csv_line(o, names, true);
		free(names);
	}
	return o;
}

void
output_row(struct output *o, const char *const *cells)
{
	switch (o->format) {
	case OUTPUT_TABLE:
	case OUTPUT_MARKDOWN:
		table_row(o, cells);
		break;
	case OUTPUT_LATEX:
		latex_row(o, cells);
		break;
	case OUTPUT_CSV:
		csv_line(o, cells, false);
		break;
	case OUTPUT_JSON:
		json_row(o, cells);
		break;
	}
	o->nrows++;
}

int
output_ncols(const struct output *o)
{
	return o->ncols;
}

void
output_abandon(struct output *o)
{
	for (size_t r = 0; r < o->nheld; r++)
		free_cells(o->held[r], o->ncols);
	free(o->width);
	free(o->held);
	free(o);
}

int
output_end(struct output *o)
{
	int rc;

	if ((o->format == OUTPUT_TABLE || o->format == OUTPUT_MARKDOWN) &&
	    !(o->flags & OUTPUT_RECORD) && !o->printing)
		table_start(o);
	if (o->format == OUTPUT_LATEX) {
		if (!o->printing)
			latex_start(o);
		fputs("\\bottomrule\n\\end{tabular}\n", o->fp);
	}
	if (o->format == OUTPUT_JSON && !(o->flags & OUTPUT_RECORD))
		fputs(o->nrows == 0 ? "[]\n" : "\n]\n", o->fp);
	if (o->format == OUTPUT_JSON && (o->flags & OUTPUT_RECORD) && o->nrows == 0)
		fputs("null\n", o->fp);
	rc = fflush(o->fp) != 0 || ferror(o->fp) ? -1 : 0;
	free(o->width);
	free(o->held);
	free(o);
	return rc;
}
