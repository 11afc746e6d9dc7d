#ifndef BELONG_OUTPUT_H
#define BELONG_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

/*
 * Rows and columns for people and for programs: `--format table|csv|json`.
 * The caller declares its columns, adds rows of strings (NULL for a
 * missing value) and ends; the module prints.
 *
 *   table  aligned for a terminal, numbers right-aligned, at most
 *          OUTPUT_WIDTH columns wide: long cells are cut and end in "…"
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
 *
 * Nothing a cell holds reaches a terminal as a control: in a table and in
 * CSV, C0 and C1 controls, DEL and the bidirectional overrides and
 * isolates (U+202A-U+202E, U+2066-U+2069) print as visible escapes (\t,
 * \n, \r, else \u and four hex digits: ESC is \u001b), so no cell holds a
 * raw CR or LF; JSON writes each of them as \uXXXX.  Bytes that are not
 * UTF-8 print as U+FFFD in every format.
 */
enum output_format {
	OUTPUT_TABLE,
	OUTPUT_CSV,
	OUTPUT_JSON,
};

enum output_type {
	OUTPUT_TEXT,		/* free text: cut first in a table */
	OUTPUT_NAME,		/* text that identifies (slug, date, key): cut
				 * only when the text columns cannot give */
	OUTPUT_NUMBER,		/* decimal numbers as PostgreSQL prints them: never
				 * cut, right-aligned, JSON numbers */
};

struct output_column {
	const char *name;
	enum output_type type;
};

#define OUTPUT_WIDTH 100
#define OUTPUT_SAMPLE_ROWS 1000

/* Exactly one row follows: the table is printed as "name  value" lines
 * (values not cut), JSON as one object rather than an array. */
#define OUTPUT_RECORD 0x1
/* Small-cell suppression (reports): a number cell that is the string
 * OUTPUT_SUPPRESSED prints as such in a table, as an empty field in CSV
 * and as null in JSON; CSV rows then end with a column "suppressed" (1 or
 * 0) and JSON objects have "suppressed": true or false. */
#define OUTPUT_SUPPRESSION 0x2
#define OUTPUT_SUPPRESSED "suppressed"

struct output;

/* Parse "table", "csv" or "json"; returns 0, or -1 if unknown. */
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
