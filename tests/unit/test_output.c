/* Unit tests of cli/output.c: table, CSV and JSON writers. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "output.h"

static const struct output_column two[] = {
	{ "name", OUTPUT_TEXT },
	{ "n", OUTPUT_NUMBER },
};

/* Everything written by the rows given, as a string the caller frees. */
struct capture {
	char *buf;
	size_t len;
	FILE *fp;
};

static void
capture_start(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->fp = open_memstream(&c->buf, &c->len);
	assert_non_null(c->fp);
}

static char *
capture_end(struct capture *c, struct output *o)
{
	assert_int_equal(output_end(o), 0);
	fclose(c->fp);
	return c->buf;
}

/* Write rows of the two columns above (pairs of cells) in a format. */
static char *
write_two(enum output_format fmt, unsigned flags, const char *const *cells, int nrows)
{
	struct capture c;
	struct output *o;

	capture_start(&c);
	o = output_begin(c.fp, fmt, two, 2, flags);
	for (int i = 0; i < nrows; i++)
		output_row(o, cells + 2 * i);
	return capture_end(&c, o);
}

static void
test_format_parse(void **state)
{
	enum output_format f = OUTPUT_JSON;

	assert_int_equal(output_format_parse("table", &f), 0);
	assert_int_equal(f, OUTPUT_TABLE);
	assert_int_equal(output_format_parse("csv", &f), 0);
	assert_int_equal(f, OUTPUT_CSV);
	assert_int_equal(output_format_parse("json", &f), 0);
	assert_int_equal(f, OUTPUT_JSON);
	assert_int_equal(output_format_parse("markdown", &f), 0);
	assert_int_equal(f, OUTPUT_MARKDOWN);
	assert_int_equal(output_format_parse("latex", &f), 0);
	assert_int_equal(f, OUTPUT_LATEX);
	assert_int_equal(output_format_parse("md", &f), -1);
	assert_int_equal(output_format_parse("tex", &f), -1);
	assert_int_equal(f, OUTPUT_LATEX);
	f = OUTPUT_JSON;
	assert_int_equal(output_format_parse("xml", &f), -1);
	assert_int_equal(output_format_parse("", &f), -1);
	assert_int_equal(output_format_parse("CSV", &f), -1);
	assert_int_equal(output_format_parse("json ", &f), -1);
	assert_int_equal(f, OUTPUT_JSON);	/* untouched on error */
}

static void
test_width(void **state)
{
	assert_int_equal(output_width(""), 0);
	assert_int_equal(output_width("abc"), 3);
	assert_int_equal(output_width("h\xc3\xa9llo"), 5);		/* héllo */
	assert_int_equal(output_width("\xe6\x97\xa5\xe6\x9c\xac"), 2);	/* 日本 */
	assert_int_equal(output_width("\xf0\x9f\x98\x80!"), 2);	/* emoji, ! */
	assert_int_equal(output_width("\xc3\x28"), 2);	/* invalid: a byte each */
}

static void
test_csv_quoting(void **state)
{
	static const char *const rows[] = {
		"plain", "1",
		"a,b", "2",
		"say \"hi\"", "3",
		"line\nbreak", "4",
		"cr\rx", "5",
		NULL, NULL,
		"", "0",
		"caf\xc3\xa9", "6.5",
	};
	char *out = write_two(OUTPUT_CSV, 0, rows, 8);

	assert_string_equal(out,
	    "name,n\r\n"
	    "plain,1\r\n"
	    "\"a,b\",2\r\n"
	    "\"say \"\"hi\"\"\",3\r\n"
	    "line\\nbreak,4\r\n"	/* no raw CR or LF inside a field */
	    "cr\\rx,5\r\n"
	    ",\r\n"
	    ",0\r\n"
	    "caf\xc3\xa9,6.5\r\n");
	free(out);
}

static void
test_csv_formula(void **state)
{
	static const char *const rows[] = {
		"=1+2", "-7",
		"+cmd", "1",
		"-x", "2",
		"@SUM(A1)", "3",
		"\tx", "4",
		"=HYPERLINK(\"http://x\",\"y\")", "5",
		"a=b", "6",
	};
	char *out = write_two(OUTPUT_CSV, 0, rows, 7);

	/* Text cells are defused with a leading '; numbers (-7) are not. */
	assert_string_equal(out,
	    "name,n\r\n"
	    "'=1+2,-7\r\n"
	    "'+cmd,1\r\n"
	    "'-x,2\r\n"
	    "'@SUM(A1),3\r\n"
	    "\\tx,4\r\n"		/* the tab is escaped: no formula left */
	    "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",5\r\n"
	    "a=b,6\r\n");
	free(out);
}

static void
test_json_types(void **state)
{
	static const char *const rows[] = {
		"a", "42",
		"b\"\n", "-3.25",
		NULL, NULL,
		"c", "12345678901234567890",
		"d", "NaN",
		"e", "007",
		"123", "1e+20",
	};
	char *out = write_two(OUTPUT_JSON, 0, rows, 7);
	cJSON *doc, *row;

	assert_string_equal(out,
	    "[\n"
	    "{\"name\":\"a\",\"n\":42},\n"
	    "{\"name\":\"b\\\"\\u000a\",\"n\":-3.25},\n"
	    "{\"name\":null,\"n\":null},\n"
	    "{\"name\":\"c\",\"n\":12345678901234567890},\n"
	    "{\"name\":\"d\",\"n\":\"NaN\"},\n"
	    "{\"name\":\"e\",\"n\":\"007\"},\n"
	    "{\"name\":\"123\",\"n\":1e+20}\n"
	    "]\n");
	doc = cJSON_Parse(out);
	assert_non_null(doc);
	assert_true(cJSON_IsArray(doc));
	assert_int_equal(cJSON_GetArraySize(doc), 7);
	row = cJSON_GetArrayItem(doc, 0);
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(row, "n")));
	assert_int_equal(cJSON_GetObjectItem(row, "n")->valueint, 42);
	assert_true(cJSON_IsString(cJSON_GetObjectItem(row, "name")));
	row = cJSON_GetArrayItem(doc, 2);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(row, "name")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(row, "n")));
	row = cJSON_GetArrayItem(doc, 6);
	assert_true(cJSON_IsString(cJSON_GetObjectItem(row, "name")));	/* text "123" */
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(row, "n")));
	cJSON_Delete(doc);
	free(out);
}

/* A yes/no column: JSON true and false, the words in every other format. */
static void
test_bool(void **state)
{
	static const struct output_column cols[] = {
		{ "slug", OUTPUT_NAME },
		{ "test", OUTPUT_BOOL },
	};
	static const char *const rows[][2] = {
		{ "a", "yes" }, { "b", "no" }, { "c", NULL }, { "d", "maybe" },
	};
	struct capture c;
	struct output *o;
	char *out;

	capture_start(&c);
	o = output_begin(c.fp, OUTPUT_JSON, cols, 2, 0);
	for (int i = 0; i < 4; i++)
		output_row(o, rows[i]);
	out = capture_end(&c, o);
	assert_string_equal(out,
	    "[\n"
	    "{\"slug\":\"a\",\"test\":true},\n"
	    "{\"slug\":\"b\",\"test\":false},\n"
	    "{\"slug\":\"c\",\"test\":null},\n"
	    "{\"slug\":\"d\",\"test\":\"maybe\"}\n"
	    "]\n");
	free(out);
	capture_start(&c);
	o = output_begin(c.fp, OUTPUT_CSV, cols, 2, 0);
	for (int i = 0; i < 2; i++)
		output_row(o, rows[i]);
	out = capture_end(&c, o);
	assert_string_equal(out, "slug,test\r\na,yes\r\nb,no\r\n");
	free(out);
}

static void
test_json_empty_record_invalid_utf8(void **state)
{
	static const char *const one[] = { "x\xc3\x28y", "1" };
	char *out = write_two(OUTPUT_JSON, 0, NULL, 0);

	assert_string_equal(out, "[]\n");
	free(out);
	out = write_two(OUTPUT_JSON, OUTPUT_RECORD, one, 1);
	/* One object, not an array; the stray byte becomes U+FFFD. */
	assert_string_equal(out, "{\"name\":\"x\xef\xbf\xbd(y\",\"n\":1}\n");
	free(out);
}

static void
test_table_align(void **state)
{
	static const char *const rows[] = {
		"h\xc3\xa9llo", "5",		/* héllo: 5 code points, 6 bytes */
		"\xe6\x97\xa5\xe6\x9c\xac", "1234",	/* 日本 */
		NULL, "-1",
		"tab\there", NULL,
	};
	char *out = write_two(OUTPUT_TABLE, 0, rows, 4);

	/* name: 9 wide (tab\there), n: 4 (1234); text left, numbers right,
	 * widths in code points, no trailing spaces. */
	assert_string_equal(out,
	    "name          n\n"
	    "---------  ----\n"
	    "h\xc3\xa9llo         5\n"
	    "\xe6\x97\xa5\xe6\x9c\xac         1234\n"
	    "             -1\n"
	    "tab\\there\n");
	free(out);
}

/* Each line of s: at most max code points. */
static void
assert_lines_fit(const char *s, size_t max)
{
	char *copy = strdup(s), *save = NULL;

	for (char *line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		assert_in_range(output_width(line), 1, max);
	free(copy);
}

static void
test_table_truncate_multibyte(void **state)
{
	static const struct output_column cols[] = {
		{ "id", OUTPUT_NUMBER },
		{ "title", OUTPUT_TEXT },
		{ "venue", OUTPUT_TEXT },
	};
	char title[150 * 2 + 1] = "", venue[] = "Main hall";
	const char *cells[3] = { "7", title, venue };
	struct capture c;
	struct output *o;
	char *out, *line;

	for (int i = 0; i < 150; i++)
		strcat(title, "\xc3\xa9");	/* é */
	capture_start(&c);
	o = output_begin(c.fp, OUTPUT_TABLE, cols, 3, 0);
	output_row(o, cells);
	out = capture_end(&c, o);

	assert_lines_fit(out, OUTPUT_WIDTH);
	line = strchr(out, '\n') + 1;	/* the rule */
	line = strchr(line, '\n') + 1;	/* the row */
	/* id (2) + 2 + title + 2 + venue (9) = 100: the title gets 85 code
	 * points, 84 of them é, then "…"; no é is cut in half. */
	assert_int_equal(strcspn(line, "\n"), 2 + 2 + 84 * 2 + 3 + 2 + 9);
	assert_memory_equal(line, " 7  \xc3\xa9\xc3\xa9", 8);
	assert_non_null(strstr(line, "\xc3\xa9\xe2\x80\xa6  Main hall\n"));
	assert_int_equal(output_width(strtok(line, "\n")), 100);
	free(out);
}

static void
test_table_names_cut_last(void **state)
{
	static const struct output_column cols[] = {
		{ "slug", OUTPUT_NAME },
		{ "title", OUTPUT_TEXT },
		{ "n", OUTPUT_NUMBER },
	};
	char slug[61], title[81], number[41];
	const char *cells[3] = { slug, title, number };
	struct capture c;
	struct output *o;
	char *out, *row;

	memset(slug, 's', 60);
	slug[60] = '\0';
	memset(title, 't', 80);
	title[80] = '\0';
	memset(number, '9', 40);
	number[40] = '\0';

	/* 60 + 2 + 80 + 2 + 1 > 100: the title gives, the slug stays whole. */
	cells[2] = "1";
	capture_start(&c);
	o = output_begin(c.fp, OUTPUT_TABLE, cols, 3, 0);
	output_row(o, cells);
	out = capture_end(&c, o);
	row = strchr(strchr(out, '\n') + 1, '\n') + 1;
	assert_memory_equal(row, slug, 60);
	assert_int_equal(output_width(strtok(row, "\n")), 100);
	assert_non_null(strstr(out, "tttt\xe2\x80\xa6  1"));
	free(out);

	/* With a 40-digit number, the title is at its floor (5) and the slug
	 * must give too; the number is never cut. */
	cells[2] = number;
	capture_start(&c);
	o = output_begin(c.fp, OUTPUT_TABLE, cols, 3, 0);
	output_row(o, cells);
	out = capture_end(&c, o);
	row = strchr(strchr(out, '\n') + 1, '\n') + 1;
	assert_int_equal(output_width(strtok(row, "\n")), 100);
	assert_non_null(strstr(row, "tttt\xe2\x80\xa6  " ));
	assert_non_null(strstr(row, number));
	assert_int_equal(strspn(row, "s"), 100 - 40 - 2 - 5 - 2 - 1);
	free(out);
}

static void
test_table_controls_and_short(void **state)
{
	static const char *const rows[] = {
		"a\x1b[31mred\x7f", "1",
		"c1\xc2\x85x", "2",
	};
	char *out = write_two(OUTPUT_TABLE, 0, rows, 2);

	/* ESC, DEL and the C1 NEL print as visible escapes, never as they
	 * are: no terminal escape sequences. */
	assert_null(strchr(out, '\x1b'));
	assert_null(strchr(out, '\x7f'));
	assert_null(strstr(out, "\xc2\x85"));
	assert_non_null(strstr(out, "a\\u001b[31mred\\u007f  1\n"));
	assert_non_null(strstr(out, "c1\\u0085x" "             2\n"));
	free(out);
}

/* A comment as a respondent could write it: every kind of character a
 * terminal would act on, and the bidirectional overrides (RLO, PDF) and
 * isolates (LRI, PDI) that reorder what is read. */
static const char tricky[] =
    "ok \x1b]0;title\x07 \xe2\x80\xae" "evil\xe2\x80\xac \xe2\x81\xa6iso\xe2\x81\xa9"
    " \xc2\x9b" "2J a\rb\tc\nd \x7f \xe2\x80\xaa\xe2\x80\xab\xe2\x80\xad\xe2\x81\xa7\xe2\x81\xa8"
    " caf\xc3\xa9 \xe2\x80\x8f";

/* What tricky looks like in a table cell and in CSV. */
static const char tricky_shown[] =
    "ok \\u001b]0;title\\u0007 \\u202eevil\\u202c \\u2066iso\\u2069"
    " \\u009b2J a\\rb\\tc\\nd \\u007f \\u202a\\u202b\\u202d\\u2067\\u2068"
    " caf\xc3\xa9 \xe2\x80\x8f";

/* Whether s holds a C0 control other than LF (and CR before LF), DEL,
 * a C1 control or a bidirectional override or isolate. */
static bool
has_unsafe(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p < 0x20 && *p != '\n' && !(*p == '\r' && p[1] == '\n')) ||
		    *p == 0x7f)
			return true;
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return true;
		if (p[0] == 0xe2 && ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) ||
		    (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)))
			return true;
	}
	return false;
}

static void
test_unsafe_text_every_format(void **state)
{
	static const char *const row[] = { tricky, "1" };
	char *out, *want;
	cJSON *doc;

	out = write_two(OUTPUT_TABLE, OUTPUT_RECORD, row, 1);
	assert_false(has_unsafe(out));
	want = malloc(strlen(tricky_shown) + 32);
	sprintf(want, "name  %s\nn     1\n", tricky_shown);
	assert_string_equal(out, want);
	free(want);
	free(out);

	out = write_two(OUTPUT_TABLE, 0, row, 1);
	assert_false(has_unsafe(out));
	assert_non_null(strstr(out, "\\u202eevil\\u202c"));
	free(out);

	out = write_two(OUTPUT_CSV, 0, row, 1);
	assert_false(has_unsafe(out));
	want = malloc(strlen(tricky_shown) + 32);
	sprintf(want, "name,n\r\n%s,1\r\n", tricky_shown);
	assert_string_equal(out, want);
	free(want);
	free(out);

	/* JSON: \uXXXX escapes, and the text comes back whole. */
	out = write_two(OUTPUT_JSON, OUTPUT_RECORD, row, 1);
	assert_false(has_unsafe(out));
	assert_non_null(strstr(out, "\"ok \\u001b]0;title\\u0007 \\u202eevil\\u202c "
	    "\\u2066iso\\u2069 \\u009b2J a\\u000db\\u0009c\\u000ad \\u007f "));
	doc = cJSON_Parse(out);
	assert_non_null(doc);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "name")), tricky);
	cJSON_Delete(doc);
	free(out);
}

/* JSON made by PostgreSQL (board show): its layout kept, what it leaves
 * raw escaped. */
static void
test_json_text(void **state)
{
	static const char doc[] = "{\n    \"body\": \"a \xe2\x80\xae" "b \xc2\x9b c \x7f\",\n"
	    "    \"note\": \"caf\xc3\xa9 \\u001b\"\n}";
	struct capture c;
	cJSON *parsed;

	capture_start(&c);
	assert_int_equal(output_json_text(c.fp, doc), 0);
	fclose(c.fp);
	assert_string_equal(c.buf, "{\n    \"body\": \"a \\u202eb \\u009b c \\u007f\",\n"
	    "    \"note\": \"caf\xc3\xa9 \\u001b\"\n}\n");
	assert_false(has_unsafe(c.buf));
	parsed = cJSON_Parse(c.buf);
	assert_non_null(parsed);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(parsed, "body")),
	    "a \xe2\x80\xae" "b \xc2\x9b c \x7f");
	cJSON_Delete(parsed);
	free(c.buf);
}

static void
test_table_streams_after_sample(void **state)
{
	struct capture c;
	struct output *o;
	char longer[] = "abcdefghijklmnopqrstuvwxyz";
	const char *cells[2] = { "short", "1" };
	char *out, *last;

	capture_start(&c);
	o = output_begin(c.fp, OUTPUT_TABLE, two, 2, 0);
	for (int i = 0; i < OUTPUT_SAMPLE_ROWS; i++)
		output_row(o, cells);
	/* The widths are fixed by now; a longer cell is cut to them. */
	cells[0] = longer;
	output_row(o, cells);
	out = capture_end(&c, o);
	last = out + strlen(out) - 1;
	while (last > out && last[-1] != '\n')
		last--;
	assert_string_equal(last, "abcd\xe2\x80\xa6  1\n");
	free(out);
}

static void
test_table_record_and_empty(void **state)
{
	static const char *const one[] = { "Robotics night", "12" };
	char *out = write_two(OUTPUT_TABLE, OUTPUT_RECORD, one, 1);

	assert_string_equal(out, "name  Robotics night\nn     12\n");
	free(out);
	out = write_two(OUTPUT_TABLE, 0, NULL, 0);
	assert_string_equal(out, "name  n\n----  -\n");
	free(out);
	out = write_two(OUTPUT_CSV, 0, NULL, 0);
	assert_string_equal(out, "name,n\r\n");
	free(out);
}

static void
test_write_error(void **state)
{
	FILE *full = fopen("/dev/full", "w");
	struct output *o;
	const char *cells[2] = { "x", "1" };

	if (full == NULL)
		skip();
	o = output_begin(full, OUTPUT_CSV, two, 2, 0);
	output_row(o, cells);
	assert_int_equal(output_end(o), -1);
	fclose(full);
}

/* Cells a respondent, a board member or whoever names an event could
 * write: SQL, HTML, shell, markup of both formats, terminal escapes,
 * bytes that are not UTF-8. */
static const char *const hostile[] = {
	"Robert'); DROP TABLE response; --",
	"<script>alert(1)</script><img src=x onerror=alert(1)>",
	"$(rm -rf ~) `id` && echo $HOME | tee /tmp/x; 100% #1",
	"a | b || c |",
	"\\end{tabular}\\end{table}\\input{/etc/passwd}\\\\ & x",
	"[2pt] first",
	"*starred",
	"**bold** _it_ ~~del~~ ^sup^ ~sub~ $x^2$ [@doe99] [l](http://e.example) ![i](x)",
	"&lt;b&gt; &amp; &#60;script&#62;",
	"http://evil.example :smile: www.evil.example a@b.example",
	"x\xc3\x28y\xff",
	"tab\there\nnew\rline \x1b[2J\x1b]0;t\x07 \xe2\x80\xae" "rlo",
	"{}_^~#%&\\",
};
#define NHOSTILE ((int)(sizeof hostile / sizeof hostile[0]))

/* What each hostile cell reads as, once its markdown or LaTeX escapes are
 * undone: the cell as a table shows it (controls visible, U+FFFD). */
static const char *const hostile_read[] = {
	"Robert'); DROP TABLE response; --",
	"<script>alert(1)</script><img src=x onerror=alert(1)>",
	"$(rm -rf ~) `id` && echo $HOME | tee /tmp/x; 100% #1",
	"a | b || c |",
	"\\end{tabular}\\end{table}\\input{/etc/passwd}\\\\ & x",
	"[2pt] first",
	"*starred",
	"**bold** _it_ ~~del~~ ^sup^ ~sub~ $x^2$ [@doe99] [l](http://e.example) ![i](x)",
	"&lt;b&gt; &amp; &#60;script&#62;",
	"http://evil.example :smile: www.evil.example a@b.example",
	"x\xef\xbf\xbd(y\xef\xbf\xbd",
	"tab\\there\\nnew\\rline \\u001b[2J\\u001b]0;t\\u0007 \\u202erlo",
	"{}_^~#%&\\",
};

/* Write the hostile cells (one a row, with a number) in a format. */
static char *
write_hostile(enum output_format fmt)
{
	struct capture c;
	struct output *o;

	capture_start(&c);
	o = output_begin(c.fp, fmt, two, 2, 0);
	for (int i = 0; i < NHOSTILE; i++) {
		const char *cells[2] = { hostile[i], "-1.50" };

		output_row(o, cells);
	}
	return capture_end(&c, o);
}

/*
 * Split a markdown table line into its cells as GitHub and pandoc do (a
 * pipe after a backslash is text), undo the backslash escapes and trim.
 * Returns the number of cells (at most max); cells[i] are freed by the
 * caller.
 */
static int
md_cells(const char *line, char **cells, int max)
{
	const char *p = line;
	int n = 0;

	assert_true(*p == '|');
	p++;
	while (*p != '\0' && *p != '\n') {
		char *cell = calloc(strlen(p) + 1, 1), *q = cell;

		while (*p != '\0' && *p != '\n' && *p != '|') {
			if (*p == '\\' && p[1] != '\0' && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", p[1]))
				p++;	/* an escaped ASCII punctuation character */
			*q++ = *p++;
		}
		assert_true(*p == '|');	/* every cell is closed */
		p++;
		while (q > cell && q[-1] == ' ')
			*--q = '\0';
		assert_true(n < max);
		cells[n++] = strdup(cell + strspn(cell, " "));
		free(cell);
	}
	return n;
}

/* The character c appears in s only after a backslash. */
static void
assert_only_escaped(const char *s, char c)
{
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0') {
			p++;
			continue;
		}
		assert_true(*p != c);
	}
}

static void
test_markdown_layout(void **state)
{
	static const char *const rows[] = {
		"h\xc3\xa9llo", "5",
		NULL, "-1234.5",
		"a_b", NULL,
	};
	char *out = write_two(OUTPUT_MARKDOWN, 0, rows, 3);

	/* Padded to the widest cell in code points; numbers right, with a
	 * separator that says so; _ escaped. */
	assert_string_equal(out,
	    "| name  |       n |\n"
	    "| :---- | ------: |\n"
	    "| h\xc3\xa9llo |       5 |\n"
	    "|       | -1234.5 |\n"
	    "| a\\_b  |         |\n");
	free(out);
	out = write_two(OUTPUT_MARKDOWN, 0, NULL, 0);
	assert_string_equal(out, "| name |   n |\n| :--- | --: |\n");
	free(out);
}

static void
test_markdown_hostile(void **state)
{
	char *out = write_hostile(OUTPUT_MARKDOWN), *save = NULL, *copy = strdup(out);
	int lineno = 0;

	assert_false(has_unsafe(out));
	assert_null(strstr(out, "http:/"));	/* http\\:// makes no autolink */
	assert_null(strstr(out, " :smile"));	/* nor an emoji */
	assert_non_null(strstr(out, " \\:smile"));
	for (char *line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save), lineno++) {
		char *cells[4] = { NULL };
		int n, bare = 0;

		if (lineno >= 2) {
			/* No tag, entity, code span, emphasis, math, citation,
			 * link or cell can start: each such character is
			 * escaped; the bare pipes are the 3 of the layout. */
			for (const char *c = "<>&`*_$@[]!~^"; *c != '\0'; c++)
				assert_only_escaped(line, *c);
			for (const char *q = line; *q != '\0'; q++) {
				if (*q == '\\' && q[1] != '\0')
					q++;
				else if (*q == '|')
					bare++;
			}
			assert_int_equal(bare, 3);
		}
		n = md_cells(line, cells, 4);
		assert_int_equal(n, 2);
		if (lineno >= 2) {
			/* Each cell reads back as it was written. */
			assert_string_equal(cells[0], hostile_read[lineno - 2]);
			assert_string_equal(cells[1], "-1.50");
		}
		for (int i = 0; i < n; i++)
			free(cells[i]);
	}
	assert_int_equal(lineno, 2 + NHOSTILE);
	free(copy);
	free(out);
}

/*
 * Undo the LaTeX escapes output.c makes, so that a cell can be compared
 * with what was written.  Returns a string the caller frees.
 */
static char *
latex_read(const char *s)
{
	static const struct { const char *esc, *plain; } map[] = {
		{ "\\textbackslash{}", "\\" }, { "\\textasciitilde{}", "~" },
		{ "\\textasciicircum{}", "^" }, { "\\textless{}", "<" },
		{ "\\textgreater{}", ">" }, { "\\textbar{}", "|" },
		{ "\\#", "#" }, { "\\$", "$" }, { "\\%", "%" }, { "\\&", "&" },
		{ "\\_", "_" }, { "\\{", "{" }, { "\\}", "}" }, { "$-$", "-" },
		{ "{}", "" },
	};
	char *out = calloc(strlen(s) + 1, 1), *q = out;

	while (*s != '\0') {
		size_t i;

		for (i = 0; i < sizeof map / sizeof map[0]; i++)
			if (strncmp(s, map[i].esc, strlen(map[i].esc)) == 0)
				break;
		if (i < sizeof map / sizeof map[0]) {
			q = stpcpy(q, map[i].plain);
			s += strlen(map[i].esc);
			continue;
		}
		/* Anything else LaTeX acts on is a bug. */
		assert_null(strchr("\\#$%&_{}~^<>|", *s));
		*q++ = *s++;
	}
	return out;
}

/* Split a LaTeX row at its bare & and its closing \\ (which must be
 * there, once); cells[i] are freed by the caller. */
static int
latex_cells(const char *line, char **cells, int max)
{
	const char *end = line + strlen(line) - 3;
	int n = 0;

	assert_true(strlen(line) >= 3);
	assert_string_equal(end, " \\\\");
	while (line <= end) {
		const char *p = line;

		while (p < end && !(p[0] == ' ' && p[1] == '&' && p[2] == ' '))
			p++;
		assert_true(n < max);
		cells[n++] = strndup(line, (size_t)(p - line));
		line = p + 3;
	}
	return n;
}

static void
test_latex_layout(void **state)
{
	static const char *const rows[] = {
		"h\xc3\xa9llo", "5",
		NULL, "-1234.5",
		"a_b", NULL,
	};
	char *out = write_two(OUTPUT_LATEX, 0, rows, 3);

	assert_string_equal(out,
	    "\\begin{tabular}{lr}\n"
	    "\\toprule\n"
	    "name & n \\\\\n"
	    "\\midrule\n"
	    "h\xc3\xa9llo & 5 \\\\\n"
	    " & $-$1234.5 \\\\\n"
	    "a\\_b &  \\\\\n"
	    "\\bottomrule\n"
	    "\\end{tabular}\n");
	free(out);
	out = write_two(OUTPUT_LATEX, 0, NULL, 0);
	assert_string_equal(out, "\\begin{tabular}{lr}\n\\toprule\nname & n \\\\\n"
	    "\\midrule\n\\bottomrule\n\\end{tabular}\n");
	free(out);
}

static void
test_latex_hostile(void **state)
{
	char *out = write_hostile(OUTPUT_LATEX), *save = NULL, *copy = strdup(out);
	int lineno = 0;

	assert_false(has_unsafe(out));
	/* One tabular, begun and ended once: no cell ends it. */
	assert_ptr_equal(strstr(out, "\\end{tabular}"), out + strlen(out) - strlen("\\end{tabular}\n"));
	assert_null(strstr(out, "\\end{table}"));
	assert_null(strstr(out, "\\input"));
	/* \\ takes no [2pt] nor * from the next row's first cell. */
	assert_non_null(strstr(out, "\\\\\n{}[2pt] first & "));
	assert_non_null(strstr(out, "\\\\\n{}*starred & "));
	for (char *line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save), lineno++) {
		char *cells[4] = { NULL };
		int n;

		/* \begin, \toprule, the header, \midrule; the rows;
		 * \bottomrule, \end */
		if (lineno == 3)
			assert_string_equal(line, "\\midrule");
		if (lineno < 4 || lineno >= 4 + NHOSTILE)
			continue;
		n = latex_cells(line, cells, 4);
		assert_int_equal(n, 2);
		{
			char *read = latex_read(cells[0]), *num = latex_read(cells[1]);

			assert_string_equal(read, hostile_read[lineno - 4]);
			assert_string_equal(cells[1], "$-$1.50");
			assert_string_equal(num, "-1.50");
			free(read);
			free(num);
		}
		for (int i = 0; i < n; i++)
			free(cells[i]);
	}
	assert_int_equal(lineno, 4 + NHOSTILE + 2);
	free(copy);
	free(out);
}

static void
test_record_paper(void **state)
{
	static const char *const one[] = { "Robotics | night", "-12" };
	char *out = write_two(OUTPUT_MARKDOWN, OUTPUT_RECORD, one, 1);

	assert_string_equal(out, "| field | value |\n| :---- | :---- |\n"
	    "| name | Robotics \\| night |\n| n | -12 |\n");
	free(out);
	out = write_two(OUTPUT_LATEX, OUTPUT_RECORD, one, 1);
	assert_string_equal(out, "\\begin{tabular}{ll}\n\\toprule\nfield & value \\\\\n"
	    "\\midrule\nname & Robotics \\textbar{} night \\\\\nn & $-$12 \\\\\n"
	    "\\bottomrule\n\\end{tabular}\n");
	free(out);
}

static void
test_suppressed_paper(void **state)
{
	static const char *const rows[] = { "small", OUTPUT_SUPPRESSED };
	char *out = write_two(OUTPUT_MARKDOWN, OUTPUT_SUPPRESSION, rows, 1);

	/* The word, never a number; no suppressed column (that is CSV's). */
	assert_non_null(strstr(out, "| small | suppressed |\n"));
	free(out);
	out = write_two(OUTPUT_LATEX, OUTPUT_SUPPRESSION, rows, 1);
	assert_non_null(strstr(out, "\nsmall & suppressed \\\\\n"));
	free(out);
}

static void
test_output_escape(void **state)
{
	char *s = output_escape(OUTPUT_MARKDOWN, "a|b <i>");

	assert_string_equal(s, "a\\|b \\<i\\>");
	free(s);
	s = output_escape(OUTPUT_LATEX, "50% of {x}");
	assert_string_equal(s, "50\\% of \\{x\\}");
	free(s);
	s = output_escape(OUTPUT_TABLE, "a\x1b|");
	assert_string_equal(s, "a\\u001b|");
	free(s);
	s = output_escape(OUTPUT_LATEX, NULL);
	assert_string_equal(s, "");
	free(s);
}

static void
test_columns(void **state)
{
	static const char *const bad[] = { "", "abc", "0", "-80", "+80", " 80", "80 ",
		"80x24", "19", "4097", "99999999999999999999999", "1e3", "0x50" };

	assert_int_equal(unsetenv("COLUMNS"), 0);
	assert_int_equal(output_term_width(), OUTPUT_WIDTH);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(setenv("COLUMNS", bad[i], 1), 0);
		assert_int_equal(output_term_width(), OUTPUT_WIDTH);
	}
	setenv("COLUMNS", "20", 1);
	assert_int_equal(output_term_width(), 20);
	setenv("COLUMNS", "040", 1);
	assert_int_equal(output_term_width(), 40);
	setenv("COLUMNS", "4096", 1);
	assert_int_equal(output_term_width(), 4096);
	unsetenv("COLUMNS");
}

/* With COLUMNS=40, a table fits 40 columns (cutting text); no other
 * format cuts anything. */
static void
test_columns_table_and_never_cut(void **state)
{
	static const struct output_column cols[] = {
		{ "slug", OUTPUT_NAME },
		{ "label", OUTPUT_TEXT },
		{ "n", OUTPUT_NUMBER },
	};
	static const enum output_format whole[] = { OUTPUT_CSV, OUTPUT_JSON,
		OUTPUT_MARKDOWN, OUTPUT_LATEX };
	char label[201];
	const char *cells[3] = { "ever-after-science-night", label, "123" };
	struct capture c;
	struct output *o;
	char *out;

	memset(label, 'L', 200);
	memcpy(label + 190, "Everyone 9", 10);
	label[200] = '\0';
	setenv("COLUMNS", "40", 1);
	capture_start(&c);
	o = output_begin(c.fp, OUTPUT_TABLE, cols, 3, 0);
	output_row(o, cells);
	out = capture_end(&c, o);
	assert_lines_fit(out, 40);
	assert_non_null(strstr(out, "\xe2\x80\xa6"));
	free(out);
	setenv("COLUMNS", "300", 1);
	capture_start(&c);
	o = output_begin(c.fp, OUTPUT_TABLE, cols, 3, 0);
	output_row(o, cells);
	out = capture_end(&c, o);
	assert_non_null(strstr(out, label));	/* wide enough: not cut */
	free(out);
	setenv("COLUMNS", "40", 1);
	for (size_t f = 0; f < sizeof whole / sizeof whole[0]; f++) {
		capture_start(&c);
		o = output_begin(c.fp, whole[f], cols, 3, 0);
		output_row(o, cells);
		out = capture_end(&c, o);
		assert_non_null(strstr(out, label));
		assert_non_null(strstr(out, "ever-after-science-night"));
		assert_null(strstr(out, "\xe2\x80\xa6"));
		free(out);
	}
	unsetenv("COLUMNS");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_formula),
		cmocka_unit_test(test_json_types),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_json_empty_record_invalid_utf8),
		cmocka_unit_test(test_table_align),
		cmocka_unit_test(test_table_truncate_multibyte),
		cmocka_unit_test(test_table_names_cut_last),
		cmocka_unit_test(test_table_controls_and_short),
		cmocka_unit_test(test_unsafe_text_every_format),
		cmocka_unit_test(test_json_text),
		cmocka_unit_test(test_table_streams_after_sample),
		cmocka_unit_test(test_table_record_and_empty),
		cmocka_unit_test(test_write_error),
		cmocka_unit_test(test_markdown_layout),
		cmocka_unit_test(test_markdown_hostile),
		cmocka_unit_test(test_latex_layout),
		cmocka_unit_test(test_latex_hostile),
		cmocka_unit_test(test_record_paper),
		cmocka_unit_test(test_suppressed_paper),
		cmocka_unit_test(test_output_escape),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_columns_table_and_never_cut),
	};

	/* Tables are OUTPUT_WIDTH wide unless a test sets COLUMNS. */
	unsetenv("COLUMNS");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
