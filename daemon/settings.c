#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "netaddr.h"
#include "settings.h"
#include "xalloc.h"

#define OPT(name, type, def, min, max, reload, help) \
	{ #name, type, def, offsetof(struct settings, name), min, max, reload, help }

/* Every option of belongd, once.  belongd.conf.sample and belongd.8 must
 * mention each (tests/unit/test_settings.c checks). */
const struct conf_option settings_options[] = {
	OPT(listen, CONF_STRING, "127.0.0.1:8080", 0, 0, false,
	    "address and port to listen on: HOST:PORT or [IPV6]:PORT"),
	OPT(dsn, CONF_STRING, NULL, 0, 0, false,
	    "libpq connection string (else $BELONG_DSN, else libpq's PG* variables)"),
	OPT(pool_size, CONF_INT, "2", 1, 64, false,
	    "database connections the writer keeps open"),
	OPT(max_body_bytes, CONF_INT, "16384", 1024, 16777216, true,
	    "largest request body accepted (larger: 413)"),
	OPT(max_header_bytes, CONF_INT, "8192", 1024, 1048576, true,
	    "largest request header block accepted"),
	OPT(request_timeout, CONF_INT, "10", 1, 3600, true,
	    "seconds a client may take to send a request; idle keep-alive limit"),
	OPT(max_connections, CONF_INT, "4096", 1, 1000000, true,
	    "client connections served at once; beyond it a request gets 503"),
	OPT(log_level, CONF_STRING, "info", 0, 0, true,
	    "debug, info, warn or error"),
	OPT(log_file, CONF_STRING, NULL, 0, 0, false,
	    "append the log to this file, reopened on SIGHUP (default: stderr)"),
	OPT(access_log, CONF_BOOL, "off", 0, 0, true,
	    "log one line per request: method, route, status, time; never a body"),
	OPT(secret_file, CONF_STRING, NULL, 0, 0, true,
	    "file holding the secret that signs form tokens (unset: a random one per start)"),
	OPT(token_lifetime_hours, CONF_INT, "12", 1, 720, true,
	    "hours a served form stays valid for submitting"),
	OPT(max_batch, CONF_INT, "500", 1, 5000, false,
	    "most submissions written in one transaction"),
	OPT(max_queue, CONF_INT, "20000", 1, 1000000, false,
	    "most submissions waiting for the database before new ones get 503"),
	OPT(spool_dir, CONF_STRING, NULL, 0, 0, false,
	    "directory of the durable spool for submissions the database cannot take promptly (unset: none; they get 503)"),
	OPT(spool_max_bytes, CONF_INT, "1073741824", 4096, 1099511627776, false,
	    "largest size of the spool; when full, submissions the database cannot take get 503"),
	OPT(spool_after_ms, CONF_INT, "2000", 10, 60000, false,
	    "milliseconds a submission may wait for its commit before it is spooled instead"),
	OPT(query_timeout_ms, CONF_INT, "3000", 100, 600000, false,
	    "milliseconds a database statement may take before its connection is replaced"),
	OPT(connect_timeout_ms, CONF_INT, "5000", 100, 600000, false,
	    "milliseconds opening a database connection may take"),
	OPT(rate_burst, CONF_INT, "120", 1, 1000000, true,
	    "submissions one client address may send at once"),
	OPT(rate_per_second, CONF_INT, "2", 1, 1000000, true,
	    "submissions per second one client address may send, sustained"),
	OPT(board_session_hours, CONF_INT, "24", 1, 8760, true,
	    "hours an advisory-board sign-in lasts"),
	OPT(cookie_secure, CONF_BOOL, "off", 0, 0, true,
	    "mark the board's session cookie Secure (set it when clients reach belongd over TLS)"),
	OPT(board_login_burst, CONF_INT, "20", 1, 1000000, true,
	    "board sign-in and board API tries one client address may make at once"),
	OPT(board_login_per_minute, CONF_INT, "10", 1, 1000000, true,
	    "board sign-in and board API tries per minute one client address may make, sustained"),
	OPT(trusted_proxies, CONF_STRING, NULL, 0, 0, true,
	    "proxies (addresses, CIDR blocks) whose X-Forwarded-For or Forwarded names the client"),
	{ NULL, CONF_STRING, NULL, 0, 0, 0, false, NULL },
};

int
settings_parse_listen(const char *s, char **host, unsigned short *port)
{
	const char *colon, *h = s;
	size_t hlen;
	char *end;
	long p;

	if (s[0] == '[') {
		const char *close = strchr(s, ']');

		if (close == NULL || close[1] != ':')
			return -1;
		h = s + 1;
		hlen = (size_t)(close - h);
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (colon == NULL)
			return -1;
		hlen = (size_t)(colon - s);
	}
	if (hlen == 0 || colon[1] == '\0')
		return -1;
	p = strtol(colon + 1, &end, 10);
	if (*end != '\0' || p < 0 || p > 65535)
		return -1;
	*host = xmalloc(hlen + 1);
	memcpy(*host, h, hlen);
	(*host)[hlen] = '\0';
	*port = (unsigned short)p;
	return 0;
}

static int
settings_validate(const struct settings *cfg, char **err)
{
	enum log_level level;
	unsigned short port;
	char *host;

	if (settings_parse_listen(cfg->listen, &host, &port) != 0) {
		*err = xasprintf("listen must be HOST:PORT or [IPV6]:PORT, not \"%s\"",
		    cfg->listen);
		return -1;
	}
	free(host);
	/* An empty secret_file is not "unset": belongd would try to open ""
	 * and refuse to start, so say so before it does. */
	if (cfg->secret_file != NULL && cfg->secret_file[0] == '\0') {
		*err = xasprintf("secret_file is empty: name the file holding the "
		    "form-token secret, or leave the option out for a random "
		    "secret at each start");
		return -1;
	}
	if (!log_parse_level(cfg->log_level, &level)) {
		*err = xasprintf("log_level must be debug, info, warn or error");
		return -1;
	}
	if (cfg->trusted_proxies != NULL) {
		struct netaddr_list l;
		char *why = NULL;

		if (netaddr_list_parse(cfg->trusted_proxies, &l, &why) != 0) {
			*err = xasprintf("trusted_proxies: %s", why);
			free(why);
			return -1;
		}
		netaddr_list_free(&l);
	}
	return 0;
}

int
settings_load(struct settings *cfg, const char *path,
    const struct settings_override *overrides, int noverrides, char **err)
{
	char *why = NULL;

	memset(cfg, 0, sizeof *cfg);
	if (conf_init(settings_options, cfg, err) != 0)
		goto fail;
	if (path != NULL && conf_load_file(settings_options, cfg, path, err) != 0)
		goto fail;
	for (int i = 0; i < noverrides; i++) {
		if (conf_set(settings_options, cfg, overrides[i].name,
		    overrides[i].value, &why) != 0) {
			*err = xasprintf("command line: %s", why);
			free(why);
			goto fail;
		}
	}
	if (settings_validate(cfg, err) != 0)
		goto fail;
	return 0;
fail:
	settings_free(cfg);
	return -1;
}

int
settings_warnings(const struct settings *cfg, FILE *out)
{
	int n = 0;

	if (cfg->dsn == NULL) {
		fprintf(out, "warning: dsn is not set: belongd connects with "
		    "$BELONG_DSN if set, else with libpq's PG* variables "
		    "(PGHOST, PGPORT, PGDATABASE, PGUSER, ...)\n");
		n++;
	} else if (cfg->dsn[strspn(cfg->dsn, " \t")] == '\0') {
		fprintf(out, "warning: dsn is empty: belongd connects with libpq's "
		    "PG* variables (PGHOST, PGPORT, PGDATABASE, PGUSER, ...), "
		    "not $BELONG_DSN\n");
		n++;
	}
	if (cfg->secret_file == NULL) {
		fprintf(out, "warning: secret_file is not set: belongd makes a "
		    "random form-token secret at each start, so forms served "
		    "before a restart cannot be submitted after it (and several "
		    "belongd behind one proxy reject each other's forms)\n");
		n++;
	}
	return n;
}

void
settings_free(struct settings *cfg)
{
	conf_free(settings_options, cfg);
}
