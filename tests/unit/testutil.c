#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "testutil.h"

char *
testutil_slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long len;

	if (f == NULL)
		fail_msg("cannot open %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len >= 0);
	rewind(f);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

char *
testutil_pulse_json(void)
{
	char *buf = testutil_slurp(SRCDIR "/sql/001_init.sql");
	char *start, *end;

	start = strstr(buf, "$json$");
	assert_non_null(start);
	start += strlen("$json$");
	end = strstr(start, "$json$");
	assert_non_null(end);
	*end = '\0';
	memmove(buf, start, (size_t)(end - start) + 1);
	return buf;
}
