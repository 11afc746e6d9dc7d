#ifndef BELONGD_SETTINGS_H
#define BELONGD_SETTINGS_H

#include <stdbool.h>
#include <stdio.h>

#include "conf.h"

/* belongd's options; the table in settings.c is the one place they are declared. */
struct settings {
	char *listen;
	char *dsn;
	long pool_size;
	long max_body_bytes;
	long max_header_bytes;
	long request_timeout;
	long max_connections;
	char *log_level;
	char *log_file;
	bool access_log;
	char *secret_file;
	long token_lifetime_hours;
	long max_batch;
	long max_queue;
	char *spool_dir;
	long spool_max_bytes;
	long spool_after_ms;
	long query_timeout_ms;
	long connect_timeout_ms;
	long rate_burst;
	long rate_per_second;
	long board_session_hours;
	bool cookie_secure;
	long board_login_burst;
	long board_login_per_minute;
	char *trusted_proxies;
};

extern const struct conf_option settings_options[];

/* A "name=value" given on the command line, applied after the file. */
struct settings_override {
	const char *name;
	const char *value;
};

/*
 * Build a config: defaults, then the file (if path is not NULL), then the
 * overrides, then validation.  Returns 0, or -1 with *err set (caller frees)
 * and cfg freed.
 */
int settings_load(struct settings *cfg, const char *path,
    const struct settings_override *overrides, int noverrides, char **err)
	__attribute__((warn_unused_result));
void settings_free(struct settings *cfg);

/*
 * For --check-config: one "warning: ..." line on out for each setting that
 * is valid but likely not what the operator meant (no dsn, no
 * secret_file), saying what belongd does then.  Returns how many.
 */
int settings_warnings(const struct settings *cfg, FILE *out);

/* Split "host:port" or "[v6addr]:port".  Returns 0 or -1. */
int settings_parse_listen(const char *s, char **host, unsigned short *port)
	__attribute__((warn_unused_result));

#endif
