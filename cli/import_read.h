#ifndef BELONG_IMPORT_READ_H
#define BELONG_IMPORT_READ_H

#include <stdbool.h>

/*
 * The files `belong import` reads, as belong export writes them: CSV
 * (RFC 4180, a header line, CRLF or LF) or JSON (an array of objects
 * keyed by column name).  Both become the same thing here: the column
 * names, and per record its place in the file and a cell per column
 * (NULL when blank or null).  What the cells mean is cmd_import.c's
 * business.
 */

#define IMPORT_FIELD_MAX 65536	/* bytes in one field */

struct import_rec {
	long line;		/* CSV: the physical line it starts on; JSON:
				 * the element's number, from 1 */
	char **cells;		/* ncols cells, NULL when blank */
	char *bad;		/* why the record cannot be read, or NULL:
				 * a record is bad, not the file */
	char *bad_column;	/* the column bad is about, or NULL */
};

struct import_file {
	bool json;
	char **names;		/* the columns, in order */
	int ncols;
	struct import_rec *recs;
	long nrecs;
};

/*
 * Read path as CSV or JSON.  Returns 0, or -1 with *err set (the caller
 * frees) when the file cannot be read as a whole: not there, empty, NUL
 * bytes, bad quoting, not JSON, a field over IMPORT_FIELD_MAX, a column
 * named twice.  Free f with import_file_free either way.
 */
int import_read(const char *path, bool json, struct import_file *f, char **err)
	__attribute__((warn_unused_result));
void import_file_free(struct import_file *f);

#endif
