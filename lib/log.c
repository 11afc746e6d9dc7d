#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/time.h>

#include "log.h"

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

static void
log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	FILE *out = log_file != NULL ? log_file : stderr;
	char stamp[40] = "";
	int saved_errno = errno;

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
	vfprintf(out, fmt, ap);
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
