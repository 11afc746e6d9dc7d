/*
 * libFuzzer target: the UTF-8 validator (lib/utf8.c), checked against a
 * plain decoder, and the CLI's output module (cli/output.c) fed the same
 * text: whatever a cell holds, a table, CSV, JSON, markdown or LaTeX is
 * valid UTF-8 with no control character but its own line ends and no
 * bidirectional override, and JSON gives valid text back unchanged; so
 * does a JSON document made elsewhere and printed with output_json_text.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "fuzz.h"
#include "output.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Decode one code point at s (n bytes left); returns its length, or 0 if
 * the bytes there are not a well-formed sequence. */
static size_t
decode(const uint8_t *s, size_t n, long *cp)
{
	size_t len;
	long c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		c = s[0] & 0x1f;
		min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		c = s[0] & 0x0f;
		min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		c = s[0] & 0x07;
		min = 0x10000;
	} else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Whether s is valid, and how many code points it has. */
static bool
reference(const uint8_t *s, size_t n, size_t *count)
{
	long cp;

	*count = 0;
	for (size_t i = 0, len; i < n; i += len) {
		if ((len = decode(s + i, n - i, &cp)) == 0 || cp == 0)
			return false;
		(*count)++;
	}
	return true;
}

/* Check what the output module wrote: see the comment at the top. */
static void
check_output(const char *out, size_t len, enum output_format format)
{
	const uint8_t *p = (const uint8_t *)out;
	long cp;

	fuzz_check(utf8_valid(out, len));
	for (size_t i = 0, n; i < len; i += n) {
		n = decode(p + i, len - i, &cp);
		fuzz_check(n > 0);
		if (cp == '\r')
			fuzz_check(format == OUTPUT_CSV && i + 1 < len && p[i + 1] == '\n');
		else if (cp != '\n')
			fuzz_check(cp >= 0x20 && !(cp >= 0x7f && cp <= 0x9f));
		fuzz_check(!(cp >= 0x202a && cp <= 0x202e) &&
		    !(cp >= 0x2066 && cp <= 0x2069));
	}
}

/* Print text in one format, check it; JSON must give text back when it
 * is valid UTF-8. */
static void
print(const char *text, enum output_format format, unsigned flags, bool valid)
{
	static const struct output_column cols[] = {
		{ "text", OUTPUT_TEXT },
		{ "name", OUTPUT_NAME },
		{ "n", OUTPUT_NUMBER },
	};
	const char *cells[] = { text, text, text };
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	struct output *o;

	fuzz_check(fp != NULL);
	o = output_begin(fp, format, cols, 3, flags);
	output_row(o, cells);
	if (!(flags & OUTPUT_RECORD))	/* a record is one row */
		output_row(o, cells);
	fuzz_check(output_end(o) == 0);
	fclose(fp);
	check_output(out, len, format);
	if (format == OUTPUT_JSON) {
		cJSON *doc = cJSON_Parse(out), *row;

		fuzz_check(doc != NULL);
		row = (flags & OUTPUT_RECORD) ? doc : cJSON_GetArrayItem(doc, 0);
		fuzz_check(cJSON_IsObject(row));
		if (valid)
			fuzz_check(strcmp(cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(row, "text")), text) == 0);
		cJSON_Delete(doc);
	}
	free(out);
}

/* A JSON document made elsewhere (cJSON here, PostgreSQL in belong) holding
 * text, printed by output_json_text: safe, and the text comes back. */
static void
print_json_text(const char *text)
{
	cJSON *str = cJSON_CreateString(text), *back;
	char *json, *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	fuzz_check(str != NULL && fp != NULL);
	json = cJSON_PrintUnformatted(str);
	fuzz_check(json != NULL);
	fuzz_check(output_json_text(fp, json) == 0);
	fclose(fp);
	check_output(out, len, OUTPUT_JSON);
	back = cJSON_Parse(out);
	fuzz_check(back != NULL && strcmp(cJSON_GetStringValue(back), text) == 0);
	cJSON_Delete(back);
	cJSON_Delete(str);
	cJSON_free(json);
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	size_t count;
	bool valid = reference(data, size, &count);

	fuzz_quiet();
	fuzz_check(utf8_valid((const char *)data, size) == valid);
	if (valid)
		fuzz_check(utf8_length(text) == count);
	/* The output module takes C strings: the text up to a NUL. */
	valid = reference((const uint8_t *)text, strlen(text), &count);
	for (int f = OUTPUT_TABLE; f <= OUTPUT_LATEX; f++) {
		print(text, (enum output_format)f, 0, valid);
		print(text, (enum output_format)f, OUTPUT_RECORD, valid);
	}
	if (valid)
		print_json_text(text);
	free(text);
	return 0;
}
