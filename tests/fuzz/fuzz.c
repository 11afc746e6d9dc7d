/*
 * Helpers for the fuzz targets: quiet logging, the instruments the
 * submission parsers are checked against, and failing loudly.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "log.h"

/* Like tests/unit/test_submission.c's: one item of each kind. */
static const char fuzz_custom_json[] =
    "{\"key\": \"custom\", \"version\": 1, \"languages\": [\"en\", \"es\"],"
    " \"title\": {\"en\": \"T\", \"es\": \"T\"},"
    " \"items\": ["
    "  {\"id\": \"where\", \"type\": \"choice\", \"required\": true,"
    "   \"text\": {\"en\": \"Where?\", \"es\": \"\xc2\xbf" "D\xc3\xb3nde?\"},"
    "   \"options\": ["
    "    {\"code\": \"school\", \"text\": {\"en\": \"School\", \"es\": \"Escuela\"}},"
    "    {\"code\": \"home\", \"text\": {\"en\": \"Home\", \"es\": \"Casa\"}}]},"
    "  {\"id\": \"topics\", \"type\": \"multi\","
    "   \"text\": {\"en\": \"Topics?\", \"es\": \"Temas\"},"
    "   \"options\": ["
    "    {\"code\": \"a\", \"text\": {\"en\": \"A\", \"es\": \"A\"}},"
    "    {\"code\": \"b\", \"text\": {\"en\": \"B\", \"es\": \"B\"}}]},"
    "  {\"id\": \"note\", \"type\": \"text\", \"max_length\": 10,"
    "   \"text\": {\"en\": \"Note?\", \"es\": \"Nota\"}},"
    "  {\"id\": \"fun\", \"type\": \"scale0_10\", \"construct\": \"celebrate\","
    "   \"text\": {\"en\": \"Fun.\", \"es\": \"Divertido.\"}},"
    "  {\"id\": \"felt\", \"type\": \"likert5\", \"construct\": \"include\","
    "   \"text\": {\"en\": \"Felt.\", \"es\": \"Sent\xc3\xad.\"}}],"
    " \"about\": [\"gender\", \"race\"]}";

void
fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
	abort();
}

void
fuzz_quiet(void)
{
	static bool done;

	if (done)
		return;
	if (log_init("fuzz", "/dev/null") != 0)
		fuzz_fail(__FILE__, __LINE__, "log_init");
	done = true;
}

char *
fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		fuzz_fail(__FILE__, __LINE__, "out of memory");
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static struct instrument *
fuzz_parse(const char *json)
{
	char *err = NULL;
	struct instrument *ins = instrument_parse(json, &err);

	if (ins == NULL) {
		fprintf(stderr, "fuzz: instrument: %s\n", err != NULL ? err : "?");
		fuzz_fail(__FILE__, __LINE__, "instrument_parse");
	}
	return ins;
}

/* The JSON between the $json$ markers of sql/001_init.sql. */
const struct instrument *
fuzz_pulse(void)
{
	static struct instrument *pulse;
	FILE *f;
	char *buf, *start, *end;
	long len;

	if (pulse != NULL)
		return pulse;
	if ((f = fopen(FUZZ_SRCDIR "/sql/001_init.sql", "r")) == NULL ||
	    fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0)
		fuzz_fail(__FILE__, __LINE__, "read " FUZZ_SRCDIR "/sql/001_init.sql");
	if ((buf = malloc((size_t)len + 1)) == NULL ||
	    fread(buf, 1, (size_t)len, f) != (size_t)len)
		fuzz_fail(__FILE__, __LINE__, "read sql/001_init.sql");
	fclose(f);
	buf[len] = '\0';
	if ((start = strstr(buf, "$json$")) == NULL ||
	    (end = strstr(start + 6, "$json$")) == NULL)
		fuzz_fail(__FILE__, __LINE__, "no $json$ in sql/001_init.sql");
	*end = '\0';
	pulse = fuzz_parse(start + 6);
	free(buf);
	return pulse;
}

const struct instrument *
fuzz_custom(void)
{
	static struct instrument *custom;

	if (custom == NULL)
		custom = fuzz_parse(fuzz_custom_json);
	return custom;
}
