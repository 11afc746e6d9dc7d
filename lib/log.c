#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/time.h>

#include "log.h"
#include "utf8.h"

static const char *log_progname = "belong";
static char *log_path;
static FILE *log_file;
static enum log_level log_level = LOG_LEVEL_INFO;
static bool log_timestamps;

static const char *const log_level_names[] = {
	[LOG_LEVEL_DEBUG] = "debug",
	[LOG_LEVEL_INFO] = "info",
	[LOG_LEVEL_WARN] = "warn",
	[LOG_LEVEL_ERROR] = "error",
};

int
log_init(const char *progname, const char *path)
{
	log_progname = progname;
	free(log_path);
	log_path = path != NULL ? strdup(path) : NULL;
	if (path != NULL && log_path == NULL)
		return -1;
	return log_reopen();
}

int
log_reopen(void)
{
	FILE *f;

	if (log_path == NULL)
		return 0;
	f = fopen(log_path, "a");
	if (f == NULL)
		return -1;
	setvbuf(f, NULL, _IOLBF, 0);
	if (log_file != NULL)
		fclose(log_file);
	log_file = f;
	return 0;
}

void
log_set_level(enum log_level level)
{
	log_level = level;
}

void
log_set_timestamps(bool on)
{
	log_timestamps = on;
}

bool
log_parse_level(const char *s, enum log_level *out)
{
	for (size_t i = 0; i < sizeof log_level_names / sizeof log_level_names[0]; i++) {
		if (strcmp(s, log_level_names[i]) == 0) {
			*out = (enum log_level)i;
			return true;
		}
	}
	return false;
}

bool
log_enabled(enum log_level level)
{
	return level >= log_level;
}

/* How long the valid UTF-8 sequence at s[0..len) is, or 0. */
static size_t
log_utf8_seq(const unsigned char *s, size_t len)
{
	size_t n = *s >= 0xf0 ? 4 : *s >= 0xe0 ? 3 : *s >= 0xc2 ? 2 : 0;

	return n != 0 && n <= len && utf8_valid((const char *)s, n) ? n : 0;
}

size_t
log_escape(const char *in, size_t len, char *out, size_t outlen)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t o = 0, n;

	if (outlen == 0)
		return 0;
	for (size_t i = 0; i < len; i += n) {
		char esc[5];
		const char *piece = esc;
		size_t plen;

		n = 1;
		if (s[i] >= 0x80 && (n = log_utf8_seq(s + i, len - i)) != 0) {
			piece = (const char *)s + i;
			plen = n;
		} else if (s[i] < 0x20 || s[i] >= 0x7f) {
			n = 1;
			snprintf(esc, sizeof esc, "\\x%02x", s[i]);
			plen = 4;
		} else if (s[i] == '\\') {
			piece = "\\\\";
			plen = 2;
		} else {
			piece = (const char *)s + i;
			plen = 1;
		}
		if (o + plen >= outlen)
			break;
		memcpy(out + o, piece, plen);
		o += plen;
	}
	out[o] = '\0';
	return o;
}

static void
log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	FILE *out = log_file != NULL ? log_file : stderr;
	char stamp[40] = "";
	char line[2048], *msg = line, *escaped;
	int saved_errno = errno, n;
	va_list copy;

	if (log_timestamps) {
		struct timeval tv;
		struct tm tm;

		gettimeofday(&tv, NULL);
		gmtime_r(&tv.tv_sec, &tm);
		strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(stamp + strlen(stamp), sizeof stamp - strlen(stamp),
		    ".%03dZ ", (int)(tv.tv_usec / 1000));
	}
	/* The CLI speaks like a Unix tool ("belong: cannot ..."); the daemon's
	 * lines carry a time and a level for the operator's log. */
	if (log_timestamps)
		fprintf(out, "%s%s: %s: ", stamp, log_progname, log_level_names[level]);
	else if (level == LOG_LEVEL_WARN || level == LOG_LEVEL_DEBUG)
		fprintf(out, "%s: %s: ", log_progname,
		    level == LOG_LEVEL_WARN ? "warning" : "debug");
	else
		fprintf(out, "%s: ", log_progname);
	/*
	 * Messages carry what clients sent (a path, a header) and what
	 * servers said: control bytes, tabs and bytes that are not UTF-8 are
	 * written as \xNN (and a backslash as \\), so one message is one
	 * line that no terminal or log parser takes for something else.
	 */
	va_copy(copy, ap);
	n = vsnprintf(line, sizeof line, fmt, copy);
	va_end(copy);
	if (n >= (int)sizeof line && (msg = malloc((size_t)n + 1)) != NULL)
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
	else if (msg == NULL || n < 0)
		msg = line;
	n = (int)strlen(msg);
	if ((escaped = malloc((size_t)n * 4 + 1)) != NULL) {
		log_escape(msg, (size_t)n, escaped, (size_t)n * 4 + 1);
		fputs(escaped, out);
		free(escaped);
	} else {
		fputs("(out of memory)", out);
	}
	if (msg != line)
		free(msg);
	fputc('\n', out);
	errno = saved_errno;
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	if (!log_enabled(level))
		return;
	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(LOG_LEVEL_ERROR, fmt, ap);
	va_end(ap);
	exit(1);
}
