#ifndef BELONG_LOG_H
#define BELONG_LOG_H

#include <stdbool.h>
#include <stddef.h>

enum log_level {
	LOG_LEVEL_DEBUG,
	LOG_LEVEL_INFO,
	LOG_LEVEL_WARN,
	LOG_LEVEL_ERROR,
};

/* Program name for every line, and where lines go (NULL: stderr). */
int log_init(const char *progname, const char *path)
	__attribute__((warn_unused_result));
/* Reopen the log file (after rotation, on SIGHUP); no-op for stderr. */
int log_reopen(void) __attribute__((warn_unused_result));
void log_set_level(enum log_level level);
/* Parse "debug", "info", "warn" or "error"; returns false if unknown. */
bool log_parse_level(const char *s, enum log_level *out);
bool log_enabled(enum log_level level);
/* Whether lines carry a timestamp (the daemon: yes; the CLI: no). */
void log_set_timestamps(bool on);

/*
 * Copy in[0..len) to out (outlen bytes, always NUL-terminated) with every
 * control byte, tab, DEL and byte that is not part of valid UTF-8 written
 * as \xNN and a backslash as \\; every log line is written so.  Stops
 * before a piece that does not fit.  Returns the length written.
 */
size_t log_escape(const char *in, size_t len, char *out, size_t outlen);

void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void fatal(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

#define log_debug(...) log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_LEVEL_ERROR, __VA_ARGS__)

#endif
