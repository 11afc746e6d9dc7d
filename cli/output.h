#ifndef BELONG_OUTPUT_H
#define BELONG_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

/*
 * Rows and columns for people, for programs and for papers:
 * `--format table|csv|json|markdown|latex`.  The caller declares its
 * columns, adds rows of strings (NULL for a missing value) and ends; the
 * module prints.
 *
 *   table  aligned for a terminal, numbers right-aligned, at most
 *          output_term_width() columns wide (COLUMNS, else OUTPUT_WIDTH):
 *          long cells are cut and end in "…"
 *          (the widest text column first, none below its name's width or
 *          4; name columns only when text columns cannot give; numbers
 *          never).  Widths are counted in code points.  The first
 *          OUTPUT_SAMPLE_ROWS rows are held to measure the widths; later
 *          rows stream with those widths, so memory stays bounded whatever
 *          the number of rows.
 *   csv    RFC 4180: a header line, CRLF line ends, fields with a comma or
 *          a quote quoted, quotes doubled.  A text cell that begins with
 *          = + - @ gets a leading ' so that no spreadsheet runs it as a
 *          formula (numeric cells are left alone: -5 stays a number).
 *          Streams.
 *   json   an array of objects keyed by column name; numeric columns are
 *          JSON numbers, missing values null.  Streams.
 *   markdown  a pipe table as GitHub and pandoc read it: a header, a
 *          separator that aligns numbers right, a line per row, columns
 *          padded to the widths of the first OUTPUT_SAMPLE_ROWS rows.
 *          Every character markdown acts on in a cell (\ ` * _ { } [ ] < >
 *          ( ) # + ! | ~ ^ $ @ &, and : before / or a letter) is escaped
 *          with a backslash, so no cell ends a cell, makes markup, a link,
 *          a citation, math or HTML.  Numbers as they are.
 *   latex  a booktabs tabular (\toprule, \midrule, \bottomrule; the
 *          document needs \usepackage{booktabs}), numbers right-aligned
 *          with true minus signs, text left.  # $ % & _ { } escaped with a
 *          backslash, ~ ^ \ < > | as \text... commands, and a cell whose
 *          first character is [ or * starts with {} so that the \\ before
 *          it takes no argument from it.  Streams.
 * Markdown and LaTeX, like CSV and JSON, never cut a cell.
 *
 * Nothing a cell holds reaches a terminal as a control: in a table, CSV,
 * markdown and LaTeX, C0 and C1 controls, DEL and the bidirectional
 * overrides and isolates (U+202A-U+202E, U+2066-U+2069) print as visible
 * escapes (\t, \n, \r, else \u and four hex digits: ESC is \u001b; the
 * backslash itself escaped as the format needs), so no cell holds a raw CR
 * or LF; JSON writes each of them as \uXXXX.  Bytes that are not UTF-8
 * print as U+FFFD in every format.
 */
enum output_format {
	OUTPUT_TABLE,
	OUTPUT_CSV,
	OUTPUT_JSON,
	OUTPUT_MARKDOWN,
	OUTPUT_LATEX,
};

enum output_type {
	OUTPUT_TEXT,		/* free text: cut first in a table */
	OUTPUT_NAME,		/* text that identifies (slug, date, key): cut
				 * only when the text columns cannot give */
	OUTPUT_NUMBER,		/* decimal numbers as PostgreSQL prints them: never
				 * cut, right-aligned, JSON numbers */
	OUTPUT_BOOL,		/* "yes" or "no": never cut, JSON true or false */
};

struct output_column {
	const char *name;
	enum output_type type;
};

#define OUTPUT_WIDTH 100	/* a table's width when COLUMNS says nothing sane */
#define OUTPUT_WIDTH_MIN 20	/* COLUMNS outside these is taken as unset */
#define OUTPUT_WIDTH_MAX 4096
#define OUTPUT_SAMPLE_ROWS 1000

/* Exactly one row follows: the table is printed as "name  value" lines
 * (values not cut), JSON as one object rather than an array, markdown
 * and LaTeX as a table of two columns, field and value. */
#define OUTPUT_RECORD 0x1
/* Small-cell suppression (reports): a number cell that is the string
 * OUTPUT_SUPPRESSED prints as such in a table, markdown and LaTeX, as an
 * empty field in CSV
 * and as null in JSON; CSV rows then end with a column "suppressed" (1 or
 * 0) and JSON objects have "suppressed": true or false. */
#define OUTPUT_SUPPRESSION 0x2
#define OUTPUT_SUPPRESSED "suppressed"

struct output;

/* Parse "table", "csv", "json", "markdown" or "latex"; returns 0, or -1
 * if unknown. */
int output_format_parse(const char *name, enum output_format *out)
	__attribute__((warn_unused_result));

/*
 * Start writing to fp.  cols must outlive the writer.  Returns the writer
 * (the caller ends it with output_end); exits on out of memory.
 */
struct output *output_begin(FILE *fp, enum output_format format,
    const struct output_column *cols, int ncols, unsigned flags);
/* Add a row of ncols cells; the cells are copied if they must be held. */
void output_row(struct output *o, const char *const *cells);
/* The number of columns the writer was given. */
int output_ncols(const struct output *o);
/* Print what is held, close the array, free the writer.  Returns 0, or -1
 * if writing to fp failed. */
int output_end(struct output *o) __attribute__((warn_unused_result));

/* Free the writer, printing nothing more (a table's header included). */
void output_abandon(struct output *o);

/* Code points in s (an invalid byte counts as one). */
size_t output_width(const char *s);

/* The width a table may take: COLUMNS when it is a whole number from
 * OUTPUT_WIDTH_MIN to OUTPUT_WIDTH_MAX, else OUTPUT_WIDTH. */
size_t output_term_width(void);

/*
 * s (NULL: "") as a text cell of format is written: for a table and CSV
 * cleaned of controls (CSV's quoting and formula guard aside), for
 * markdown and LaTeX also escaped; for JSON cleaned as for a table (JSON
 * text is escaped by whoever makes the document).  For text printed
 * beside a table: captions and notes.  The caller frees.
 */
char *output_escape(enum output_format format, const char *s);

/*
 * Print a JSON text made elsewhere (PostgreSQL's jsonb output) and a
 * newline, with DEL, C1 controls and bidirectional overrides as \uXXXX:
 * in valid JSON they stand only inside strings, where the escape means
 * the same.  PostgreSQL already escapes C0 controls inside strings; those
 * outside (the layout's newlines) are kept.  Returns 0, or -1 if writing
 * to fp failed.
 */
int output_json_text(FILE *fp, const char *json) __attribute__((warn_unused_result));

#endif
