/*
 * Shared by the staff commands: value checks in C (so the message names
 * the rule, and nothing malformed is sent to the database) and queries
 * streamed into an output writer.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "cmdutil.h"
#include "log.h"
#include "pgconn.h"
#include "utf8.h"
#include "xalloc.h"

#define SHOW_MAX 60	/* code points of a value quoted in a message */

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* n digits at s, as a number; -1 if they are not all digits. */
static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

const char *
cmdutil_check_slug(const char *s)
{
	size_t n = strlen(s);

	if (n < 3 || n > 64 || strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") != n)
		return "must be 3 to 64 characters, each a lowercase letter (a-z), a digit or a hyphen";
	return NULL;
}

const char *
cmdutil_check_key(const char *s)
{
	size_t n = strlen(s);
	static const char *const rule =
	    "must be 1 to 64 characters: lowercase letters (a-z), digits, '_' and '-', starting with a letter or digit";

	if (n < 1 || n > 64 || s[0] == '_' || s[0] == '-' ||
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_-") != n)
		return rule;
	return NULL;
}

/* Days in month m (1-12) of year y, by the Gregorian calendar. */
static int
month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* Check the YYYY-MM-DD at s[0..10); does not look past it. */
static bool
date_ok(const char *s)
{
	int y, m, d;

	if (strnlen(s, 10) < 10 || s[4] != '-' || s[7] != '-')
		return false;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

const char *
cmdutil_check_date(const char *s)
{
	if (strlen(s) != 10 || !date_ok(s))
		return "must be a real calendar date written YYYY-MM-DD";
	return NULL;
}

const char *
cmdutil_check_timestamp(const char *s)
{
	static const char *const rule =
	    "must be YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS] (a space for the T is fine), "
	    "optionally followed by Z or +HH:MM";
	const char *p = s + 10;
	int h, mi, sec;

	if (!date_ok(s))
		return rule;
	if (*p == '\0')
		return NULL;
	if (*p != 'T' && *p != ' ')
		return rule;
	p++;
	h = digits(p, 2);
	if (h < 0 || h > 23 || p[2] != ':')
		return rule;
	mi = digits(p + 3, 2);
	if (mi < 0 || mi > 59)
		return rule;
	p += 5;
	if (*p == ':') {
		sec = digits(p + 1, 2);
		if (sec < 0 || sec > 59)
			return rule;
		p += 3;
	}
	if (*p == 'Z')
		p++;
	else if (*p == '+' || *p == '-') {
		h = digits(p + 1, 2);
		if (h < 0 || h > 15)
			return rule;
		p += 3;
		if (*p == ':')
			p++;
		if (*p != '\0') {
			mi = digits(p, 2);
			if (mi < 0 || mi > 59)
				return rule;
			p += 2;
		}
	}
	return *p == '\0' ? NULL : rule;
}

const char *
cmdutil_check_text(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s), len;
	bool blank = true;

	if (!utf8_valid(s, n))
		return "is not valid UTF-8";
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		/* C0 and DEL; C1 (U+0080-U+009F) is 0xC2 0x80-0x9F. */
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return "must not contain control characters (newlines, tabs, escapes)";
		/* Bidirectional overrides and isolates, U+202A-U+202E
		 * (E2 80 AA-AE) and U+2066-U+2069 (E2 81 A6-A9): they make a
		 * title read in another order than it is stored. */
		if (p[0] == 0xe2 && ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) ||
		    (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)))
			return "must not contain bidirectional overrides or isolates "
			    "(U+202A-U+202E, U+2066-U+2069)";
		if (*p != ' ')
			blank = false;
	}
	len = utf8_length(s);
	if (len < min || len > max || (min > 0 && blank)) {
		static char rule[80];

		if (min > 0)
			snprintf(rule, sizeof rule, "must be %zu to %zu characters, not only spaces",
			    min, max);
		else
			snprintf(rule, sizeof rule, "must be at most %zu characters", max);
		return rule;
	}
	return NULL;
}

const char *
cmdutil_parse_long(const char *s, long min, long max, long *out)
{
	static char rule[80];
	char *end;
	long v;

	snprintf(rule, sizeof rule, "must be a whole number from %ld to %ld", min, max);
	/* strtol alone would take " +12" and "-0"; only digits are a count. */
	if (*s == '\0' || strspn(s, "0123456789") != strlen(s))
		return rule;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return rule;
	*out = v;
	return NULL;
}

int
cmdutil_bad_value(const char *what, const char *rule)
{
	fprintf(stderr, "belong: %s: %s\n", what, rule);
	return EXIT_USAGE;
}

char *
cmdutil_show(const char *s)
{
	bool valid = utf8_valid(s, strlen(s));
	/* At most 12 bytes a code point (a bidi override, escaped), the
	 * quotes, "..." and the NUL. */
	char *out = xmalloc(SHOW_MAX * 12 + 8), *q = out;
	const unsigned char *p = (const unsigned char *)s;

	*q++ = '"';
	for (size_t shown = 0; *p != '\0'; shown++) {
		if (shown == SHOW_MAX) {
			q += sprintf(q, "...");
			break;
		}
		if (*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\' ||
		    (*p >= 0x80 && !valid)) {
			q += sprintf(q, "\\x%02x", *p++);
		} else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			/* A C1 control: both bytes escaped. */
			q += sprintf(q, "\\x%02x\\x%02x", p[0], p[1]);
			p += 2;
		} else if (p[0] == 0xe2 && ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) ||
		    (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9))) {
			/* A bidirectional override or isolate (valid here, so
			 * p[2] is there): all three bytes escaped. */
			q += sprintf(q, "\\x%02x\\x%02x\\x%02x", p[0], p[1], p[2]);
			p += 3;
		} else {
			/* One code point: the lead byte and its continuations. */
			do
				*q++ = (char)*p++;
			while ((*p & 0xc0) == 0x80);
		}
	}
	*q++ = '"';
	*q = '\0';
	return out;
}

int
cmdutil_format(const char *arg, enum output_format *out)
{
	if (output_format_parse(arg, out) != 0)
		return cmdutil_bad_value("--format", "must be table, csv, json, markdown or latex");
	return 0;
}

char *
cmdutil_event_ids(PGconn *conn, const char *const *slugs, size_t n,
    const char **missing)
{
	cJSON *a = cJSON_CreateArray();
	char *json, *ids;
	const char *params[1];
	PGresult *res;
	size_t len = 3, used;

	for (size_t i = 0; i < n; i++)
		if (a == NULL || !cJSON_AddItemToArray(a, cJSON_CreateString(slugs[i])))
			fatal("out of memory");
	/* The slugs as one JSON parameter: no quoting of what a user typed. */
	if ((json = cJSON_PrintUnformatted(a)) == NULL)
		fatal("out of memory");
	cJSON_Delete(a);
	params[0] = json;
	res = cli_exec(conn, "select e.id from jsonb_array_elements_text($1::jsonb)"
	    " with ordinality as s (slug, k) left join event e on e.slug = s.slug"
	    " order by s.k", 1, params, PGRES_TUPLES_OK);
	cJSON_free(json);
	*missing = NULL;
	for (size_t i = 0; i < n; i++)
		len += strlen(PQgetvalue(res, (int)i, 0)) + 1;
	ids = xmalloc(len);
	used = (size_t)snprintf(ids, len, "{");
	for (size_t i = 0; i < n && *missing == NULL; i++) {
		if (PQgetisnull(res, (int)i, 0))
			*missing = slugs[i];
		else
			used += (size_t)snprintf(ids + used, len - used, "%s%s",
			    i > 0 ? "," : "", PQgetvalue(res, (int)i, 0));
	}
	snprintf(ids + used, len - used, "}");
	PQclear(res);
	if (*missing != NULL) {
		free(ids);
		return NULL;
	}
	return ids;
}

long
cmdutil_event_id(PGconn *conn, const char *slug)
{
	const char *params[] = { slug };
	PGresult *res = cli_exec(conn, "select id from event where slug = $1",
	    1, params, PGRES_TUPLES_OK);
	long id = PQntuples(res) == 1 ? strtol(PQgetvalue(res, 0, 0), NULL, 10) : -1;

	PQclear(res);
	return id;
}

long
cmdutil_query_rows(PGconn *conn, struct output *o, const char *sql,
    int nparams, const char *const *params)
{
	int ncols = output_ncols(o);
	const char **cells = xcalloc((size_t)ncols, sizeof *cells);
	PGresult *res;
	long rows = 0;
	char *msg = NULL;

	if (!PQsendQueryParams(conn, sql, nparams, NULL, params, NULL, NULL, 0) ||
	    !PQsetSingleRowMode(conn))
		fatal("database error: %s", pgconn_error(PQerrorMessage(conn)));
	while ((res = PQgetResult(conn)) != NULL) {
		switch (PQresultStatus(res)) {
		case PGRES_SINGLE_TUPLE:
			if (PQnfields(res) != ncols)
				fatal("internal error: query gives %d columns, not %d",
				    PQnfields(res), ncols);
			for (int i = 0; i < ncols; i++)
				cells[i] = PQgetisnull(res, 0, i) ? NULL : PQgetvalue(res, 0, i);
			output_row(o, cells);
			rows++;
			break;
		case PGRES_TUPLES_OK:
			break;
		default:
			if (msg == NULL)
				msg = pgconn_error(PQresultErrorMessage(res));
			break;
		}
		PQclear(res);
	}
	free(cells);
	if (msg != NULL)
		fatal("database error: %s", msg);
	return rows;
}

int
cmdutil_output_end(struct output *o)
{
	if (output_end(o) != 0) {
		log_error("cannot write the output: %s", strerror(errno));
		return 1;
	}
	return 0;
}
