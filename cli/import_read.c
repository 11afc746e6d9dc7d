/*
 * Reading the files of `belong import` (import_read.h): the whole file in
 * memory, then records of cells.  A problem that leaves the rest of the
 * file unreadable (bad quoting, JSON that does not parse) is the file's;
 * one that a record alone has (a wrong number of fields, a value that is
 * an array) is the record's, so that every bad row can be reported at once.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cmdutil.h"
#include "import_read.h"
#include "utf8.h"
#include "xalloc.h"

/* A growing byte buffer for one field. */
struct buf {
	char *s;
	size_t len, cap;
};

static void
buf_add(struct buf *b, char c)
{
	if (b->len + 1 >= b->cap) {
		b->cap = b->cap != 0 ? b->cap * 2 : 64;
		b->s = xrealloc(b->s, b->cap);
	}
	b->s[b->len++] = c;
}

static int
slurp(const char *path, char **out, size_t *len, char **err)
{
	FILE *fp = fopen(path, "rb");
	size_t cap = 65536, n = 0, got;
	char *data;

	if (fp == NULL) {
		*err = xasprintf("cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	data = xmalloc(cap);
	while ((got = fread(data + n, 1, cap - n - 1, fp)) > 0) {
		n += got;
		if (cap - n - 1 == 0) {
			cap *= 2;
			data = xrealloc(data, cap);
		}
	}
	if (ferror(fp)) {
		*err = xasprintf("cannot read %s: %s", path, strerror(errno));
		fclose(fp);
		free(data);
		return -1;
	}
	fclose(fp);
	data[n] = '\0';
	*out = data;
	*len = n;
	return 0;
}

static void
add_rec(struct import_file *f, long line, char **cells)
{
	struct import_rec *r;

	if ((f->nrecs & (f->nrecs - 1)) == 0)	/* 0, 1, 2, 4, ...: grow */
		f->recs = xrealloc(f->recs, (size_t)(f->nrecs != 0 ? f->nrecs * 2 : 1) *
		    sizeof *f->recs);
	r = &f->recs[f->nrecs++];
	r->line = line;
	r->cells = cells;
	r->bad = NULL;
	r->bad_column = NULL;
}

/* A name given twice, or blank, makes the file ambiguous. */
static int
check_names(struct import_file *f, char **err)
{
	for (int i = 0; i < f->ncols; i++) {
		if (f->names[i][0] == '\0') {
			*err = xasprintf("column %d of the header has no name", i + 1);
			return -1;
		}
		for (int k = 0; k < i; k++)
			if (strcmp(f->names[i], f->names[k]) == 0) {
				char *shown = cmdutil_show(f->names[i]);

				*err = xasprintf("the column %s is there twice", shown);
				free(shown);
				return -1;
			}
	}
	return 0;
}

/* --- CSV ------------------------------------------------------------------ */

/*
 * One record from *pp: its fields in *out (malloc'd strings), how many in
 * *n.  *line is advanced past the newlines read.  Returns 0, or -1 with
 * *err.
 */
static int
csv_record(const char **pp, const char *end, long *line, char ***out, int *n,
    char **err)
{
	const char *p = *pp;
	long start = *line;
	struct buf b = { 0 };
	char **fields = NULL;
	int nf = 0;

	for (;;) {
		b.len = 0;
		if (p < end && *p == '"') {
			p++;
			for (;;) {
				if (p >= end) {
					*err = xasprintf("line %ld: a quoted field is not "
					    "closed", start);
					goto fail;
				}
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						buf_add(&b, '"');
						p += 2;
						continue;
					}
					p++;
					break;
				}
				if (*p == '\n')
					(*line)++;
				buf_add(&b, *p++);
				if (b.len > IMPORT_FIELD_MAX)
					goto oversize;
			}
			if (p < end && *p != ',' && *p != '\r' && *p != '\n') {
				*err = xasprintf("line %ld: text after the closing quote "
				    "of a field", *line);
				goto fail;
			}
		} else {
			while (p < end && *p != ',' && *p != '\r' && *p != '\n') {
				if (*p == '"') {
					*err = xasprintf("line %ld: a quote inside a field "
					    "that does not start with one (quote the whole "
					    "field and double the quote)", *line);
					goto fail;
				}
				buf_add(&b, *p++);
				if (b.len > IMPORT_FIELD_MAX)
					goto oversize;
			}
		}
		buf_add(&b, '\0');
		fields = xrealloc(fields, (size_t)(nf + 1) * sizeof *fields);
		fields[nf++] = xstrdup(b.s);
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n')
			p++;
		(*line)++;
		break;
	}
	free(b.s);
	*pp = p;
	*out = fields;
	*n = nf;
	return 0;
oversize:
	*err = xasprintf("line %ld: a field longer than %d bytes", start,
	    IMPORT_FIELD_MAX);
fail:
	free(b.s);
	for (int i = 0; i < nf; i++)
		free(fields[i]);
	free(fields);
	return -1;
}

/* The spreadsheet formula guard belong export adds: a ' before = + - @. */
static void
unguard(char *s)
{
	if (s[0] == '\'' && s[1] != '\0' && strchr("=+-@\t\r", s[1]) != NULL)
		memmove(s, s + 1, strlen(s));
}

static int
read_csv(const char *data, size_t len, struct import_file *f, char **err)
{
	const char *p = data, *end = data + len;
	long line = 1;
	char **fields;
	int n;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;		/* a byte order mark, as spreadsheets write */
	if (csv_record(&p, end, &line, &f->names, &f->ncols, err) != 0)
		return -1;
	if (f->ncols == 1 && strchr(f->names[0], ';') != NULL) {
		*err = xasprintf("the header has one column with ';' in it: the file "
		    "looks semicolon-separated; belong reads comma-separated CSV "
		    "as belong export writes it");
		return -1;
	}
	if (check_names(f, err) != 0)
		return -1;
	while (p < end) {
		long start = line;

		if (*p == '\n' || *p == '\r') {		/* a blank line */
			p += *p == '\r' && p + 1 < end && p[1] == '\n' ? 2 : 1;
			line++;
			continue;
		}
		if (csv_record(&p, end, &line, &fields, &n, err) != 0)
			return -1;
		for (int i = 0; i < n; i++) {
			unguard(fields[i]);
			if (fields[i][0] == '\0') {
				free(fields[i]);
				fields[i] = NULL;
			}
		}
		if (n != f->ncols) {
			add_rec(f, start, xcalloc((size_t)f->ncols, sizeof(char *)));
			f->recs[f->nrecs - 1].bad = xasprintf("has %d fields, the header "
			    "%d", n, f->ncols);
			for (int i = 0; i < n; i++)
				free(fields[i]);
			free(fields);
			continue;
		}
		add_rec(f, start, fields);
	}
	return 0;
}

/* --- JSON ----------------------------------------------------------------- */

static const char *
json_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* The end of the value at p (an object, as export writes them, or any
 * other), found by brackets outside strings; NULL if it never ends. */
static const char *
json_value_end(const char *p, const char *end)
{
	int depth = 0;
	bool in = false;

	for (; p < end; p++) {
		if (in) {
			if (*p == '\\')
				p++;
			else if (*p == '"')
				in = false;
			continue;
		}
		if (*p == '"')
			in = true;
		else if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']') {
			if (--depth < 0)
				return p;
		} else if (*p == ',' && depth == 0)
			return p;
	}
	return depth == 0 && !in ? p : NULL;
}

static int
json_column(struct import_file *f, const char *name)
{
	for (int i = 0; i < f->ncols; i++)
		if (strcmp(f->names[i], name) == 0)
			return i;
	f->names = xrealloc(f->names, (size_t)(f->ncols + 1) * sizeof *f->names);
	f->names[f->ncols] = xstrdup(name);
	/* Records read so far had no such key: a blank cell each. */
	for (long r = 0; r < f->nrecs; r++) {
		f->recs[r].cells = xrealloc(f->recs[r].cells,
		    (size_t)(f->ncols + 1) * sizeof(char *));
		f->recs[r].cells[f->ncols] = NULL;
	}
	return f->ncols++;
}

/* One element, an object, as a record; -1 with *err if it is no object. */
static int
json_element(struct import_file *f, const cJSON *obj, long index, char **err)
{
	struct import_rec *r;
	const cJSON *v;

	if (!cJSON_IsObject(obj)) {
		*err = xasprintf("element %ld: not an object", index);
		return -1;
	}
	/* Columns first, so that the record's cells have their room. */
	cJSON_ArrayForEach(v, obj)
		(void)json_column(f, v->string);
	add_rec(f, index, xcalloc((size_t)f->ncols, sizeof(char *)));
	r = &f->recs[f->nrecs - 1];
	cJSON_ArrayForEach(v, obj) {
		int c = json_column(f, v->string);
		char num[40];

		if (r->cells[c] != NULL || (r->bad_column != NULL &&
		    strcmp(r->bad_column, v->string) == 0)) {
			char *shown = cmdutil_show(v->string);

			*err = xasprintf("element %ld: the column %s is there twice",
			    index, shown);
			free(shown);
			return -1;
		}
		if (cJSON_IsString(v))
			r->cells[c] = v->valuestring[0] != '\0' ?
			    xstrdup(v->valuestring) : NULL;
		else if (cJSON_IsNumber(v)) {
			double x = v->valuedouble;

			if (x == floor(x) && fabs(x) < 1e15)
				snprintf(num, sizeof num, "%.0f", x);
			else
				snprintf(num, sizeof num, "%.17g", x);
			r->cells[c] = xstrdup(num);
		} else if (cJSON_IsBool(v))
			r->cells[c] = xstrdup(cJSON_IsTrue(v) ? "true" : "false");
		else if (!cJSON_IsNull(v) && r->bad == NULL) {
			r->bad = xstrdup("must be a string, a number, true, false or null");
			r->bad_column = xstrdup(v->string);
		}
	}
	return 0;
}

static int
read_json(const char *data, size_t len, struct import_file *f, char **err)
{
	const char *p = data, *end = data + len, *e;
	long index = 0;
	cJSON *obj;

	p = json_space(p, end);
	if (p >= end || *p != '[') {
		*err = xstrdup("not a JSON array (belong export --format json writes "
		    "an array of objects)");
		return -1;
	}
	p = json_space(p + 1, end);
	if (p < end && *p == ']')
		p++;
	else
		for (;;) {
			index++;
			e = json_value_end(p, end);
			if (e == NULL || e == p) {
				*err = xasprintf("element %ld: not valid JSON", index);
				return -1;
			}
			if (utf8_json_has_nul(p, (size_t)(e - p))) {
				*err = xasprintf("element %ld: a NUL character (\\u0000)",
				    index);
				return -1;
			}
			obj = cJSON_ParseWithLength(p, (size_t)(e - p));
			if (obj == NULL) {
				*err = xasprintf("element %ld: not valid JSON", index);
				return -1;
			}
			if (json_element(f, obj, index, err) != 0) {
				cJSON_Delete(obj);
				return -1;
			}
			cJSON_Delete(obj);
			p = e;
			if (*p == ']') {
				p++;
				break;
			}
			if (*p != ',') {
				*err = xasprintf("element %ld: not valid JSON", index);
				return -1;
			}
			p = json_space(p + 1, end);
		}
	if (json_space(p, end) != end) {
		*err = xstrdup("text after the end of the JSON array");
		return -1;
	}
	return 0;
}

int
import_read(const char *path, bool json, struct import_file *f, char **err)
{
	char *data = NULL, *nul;
	size_t len;
	int rc = -1;

	memset(f, 0, sizeof *f);
	f->json = json;
	if (slurp(path, &data, &len, err) != 0)
		return -1;
	if (len == 0) {
		*err = xasprintf("%s is empty", path);
		goto done;
	}
	if ((nul = memchr(data, '\0', len)) != NULL) {
		long line = 1;

		for (const char *p = data; p < nul; p++)
			line += *p == '\n';
		*err = xasprintf("line %ld: a NUL byte: not a text file", line);
		goto done;
	}
	rc = json ? read_json(data, len, f, err) : read_csv(data, len, f, err);
	if (rc == 0 && json)
		rc = check_names(f, err);
done:
	free(data);
	return rc;
}

void
import_file_free(struct import_file *f)
{
	for (long r = 0; r < f->nrecs; r++) {
		for (int i = 0; i < f->ncols; i++)
			free(f->recs[r].cells[i]);
		free(f->recs[r].cells);
		free(f->recs[r].bad);
		free(f->recs[r].bad_column);
	}
	free(f->recs);
	for (int i = 0; i < f->ncols; i++)
		free(f->names[i]);
	free(f->names);
	memset(f, 0, sizeof *f);
}
