/*
 * belongd — collects event surveys and advisory-board feedback over HTTP
 * and writes them to PostgreSQL, all from one libevent loop.
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include <sys/resource.h>

#include "api.h"
#include "app.h"
#include "board.h"
#include "board_api.h"
#include "catalog.h"
#include "dbpool.h"
#include "http.h"
#include "log.h"
#include "pgconn.h"
#include "ratelimit.h"
#include "settings.h"
#include "spool.h"
#include "survey.h"
#include "token.h"
#include "writer.h"
#include "xalloc.h"

#define DRAIN_DEADLINE_S 10
#define MAX_OVERRIDES 64

/* Every route, each defined by its handler module; the first match wins,
 * so the /e/ fallback comes after the survey's own routes. */
static const struct http_route *const routes[] = {
	&api_healthz_route,
	&api_readyz_route,
	&api_metrics_route,
	&survey_form_route,
	&survey_thanks_route,
	&survey_draw_route,
	&survey_other_route,
	&api_event_route,
	&api_responses_route,
	&board_login_route,
	&board_home_route,
	&board_items_route,
	&board_logout_route,
	&board_api_items_route,
	NULL,
};

struct belongd {
	struct event_base *base;
	struct settings cfg;
	const char *config_path;
	struct settings_override overrides[MAX_OVERRIDES];
	int noverrides;
	struct app app;
	struct spool *spool;
	struct http *http;
	struct event *sig_term, *sig_int, *sig_hup;
	struct event *drain_timer;
	struct timeval drain_started;
	bool stopping;
};

static void
usage(FILE *out)
{
	fputs("usage: belongd [-c FILE] [--listen ADDR:PORT] [--dsn DSN] [-o NAME=VALUE]...\n"
	    "       belongd [-c FILE] --check-config\n"
	    "       belongd --help | --version\n"
	    "\n"
	    "  -c, --config FILE     read options from FILE (key = value lines)\n"
	    "      --listen ADDR:PORT  listen address (option listen)\n"
	    "      --dsn DSN         PostgreSQL connection string (option dsn)\n"
	    "      --secret-file FILE  form-token secret (option secret_file)\n"
	    "  -o, --set NAME=VALUE  set any option, overriding the file\n"
	    "      --check-config    check the configuration, print it, and exit\n"
	    "  -h, --help            show this help\n"
	    "  -V, --version         show the version\n"
	    "\n"
	    "options (see belongd(8) and belongd.conf.sample):\n", out);
	for (const struct conf_option *o = settings_options; o->name != NULL; o++)
		fprintf(out, "  %-17s %s%s\n", o->name, o->help,
		    o->reloadable ? " [reloadable]" : "");
}

/* The form-token key: from secret_file, or random for this run only. */
static int
load_key(struct token_key *key, const struct settings *cfg, char **err)
{
	if (cfg->secret_file != NULL)
		return token_key_load(key, cfg->secret_file, err);
	if (token_key_random(key) != 0) {
		*err = xstrdup("cannot make a random secret");
		return -1;
	}
	return 0;
}

static void
apply_runtime_settings(struct belongd *d)
{
	enum log_level level = LOG_LEVEL_INFO;

	(void)log_parse_level(d->cfg.log_level, &level);
	log_set_level(level);
	if (d->http != NULL)
		http_apply_settings(d->http, &d->cfg);
	if (d->app.ratelimit != NULL)
		ratelimit_set(d->app.ratelimit, (double)d->cfg.rate_burst,
		    (double)d->cfg.rate_per_second);
	if (d->app.board_ratelimit != NULL)
		ratelimit_set(d->app.board_ratelimit,
		    (double)d->cfg.board_login_burst,
		    (double)d->cfg.board_login_per_minute / 60.0);
}

static void
reload_changed(const char *name)
{
	log_warn("reload: option %s changed but cannot be reloaded; "
	    "restart belongd to apply it", name);
}

static void
reload(struct belongd *d)
{
	struct settings fresh;
	struct token_key key;
	char *err = NULL;

	if (log_reopen() != 0)
		log_error("reload: cannot reopen the log file");
	if (settings_load(&fresh, d->config_path, d->overrides, d->noverrides,
	    &err) != 0) {
		log_error("reload: %s; keeping the running configuration", err);
		free(err);
		return;
	}
	/* A changed secret file is read now; if it cannot be, nothing changes. */
	if (fresh.secret_file != NULL && load_key(&key, &fresh, &err) != 0) {
		log_error("reload: %s; keeping the running configuration", err);
		free(err);
		settings_free(&fresh);
		return;
	}
	if (fresh.secret_file != NULL)
		d->app.key = key;
	conf_apply_reloadable(settings_options, &d->cfg, &fresh, reload_changed);
	settings_free(&fresh);
	apply_runtime_settings(d);
	log_info("configuration reloaded");
}

/* Exit the loop once every accepted request has been answered. */
static void
drain_cb(evutil_socket_t fd, short what, void *arg)
{
	struct belongd *d = arg;
	struct timeval now, elapsed;

	if (http_in_flight(d->http) == 0) {
		event_base_loopexit(d->base, NULL);
		return;
	}
	event_base_gettimeofday_cached(d->base, &now);
	timersub(&now, &d->drain_started, &elapsed);
	if (elapsed.tv_sec >= DRAIN_DEADLINE_S) {
		log_warn("shutdown: %d requests still unanswered after %d s; exiting",
		    http_in_flight(d->http), DRAIN_DEADLINE_S);
		event_base_loopexit(d->base, NULL);
	}
}

static void
signal_cb(evutil_socket_t sig, short what, void *arg)
{
	struct belongd *d = arg;
	struct timeval tick = { 0, 20000 };

	if (sig == SIGHUP) {
		log_info("SIGHUP: reloading configuration");
		reload(d);
		return;
	}
	if (d->stopping) {
		log_warn("second signal: exiting now");
		exit(1);
	}
	log_info("%s: no longer accepting connections; finishing requests in flight",
	    sig == SIGTERM ? "SIGTERM" : "SIGINT");
	d->stopping = true;
	http_stop_accepting(d->http);
	event_base_gettimeofday_cached(d->base, &d->drain_started);
	d->drain_timer = event_new(d->base, -1, EV_PERSIST, drain_cb, d);
	event_add(d->drain_timer, &tick);
}

/* A thousand clients at once need a thousand descriptors: take what the
 * hard limit allows. */
static void
raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static int
parse_args(struct belongd *d, int argc, char **argv, bool *check_only)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "listen", required_argument, NULL, 'l' },
		{ "dsn", required_argument, NULL, 'd' },
		{ "secret-file", required_argument, NULL, 's' },
		{ "set", required_argument, NULL, 'o' },
		{ "check-config", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct settings_override *o;
	char *eq;
	int c;

	while ((c = getopt_long(argc, argv, "c:o:hV", longopts, NULL)) != -1) {
		if (d->noverrides == MAX_OVERRIDES && strchr("ldso", c) != NULL) {
			fprintf(stderr, "belongd: too many options\n");
			return 2;
		}
		o = &d->overrides[d->noverrides];
		switch (c) {
		case 'c':
			d->config_path = optarg;
			break;
		case 'l':
			o->name = "listen";
			o->value = optarg;
			d->noverrides++;
			break;
		case 'd':
			o->name = "dsn";
			o->value = optarg;
			d->noverrides++;
			break;
		case 's':
			o->name = "secret_file";
			o->value = optarg;
			d->noverrides++;
			break;
		case 'o':
			eq = strchr(optarg, '=');
			if (eq == NULL) {
				fprintf(stderr, "belongd: -o wants NAME=VALUE, not %s\n", optarg);
				usage(stderr);
				return 2;
			}
			*eq = '\0';
			o->name = optarg;
			o->value = eq + 1;
			d->noverrides++;
			break;
		case 'C':
			*check_only = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("belongd %s\n", PACKAGE_VERSION);
			exit(0);
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "belongd: unexpected argument: %s\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	return 0;
}

static void
print_config(const struct settings *cfg)
{
	for (const struct conf_option *o = settings_options; o->name != NULL; o++) {
		char *v = conf_format(o, cfg);

		/* A DSN may carry a password. */
		if (strcmp(o->name, "dsn") == 0 && *v != '\0') {
			free(v);
			v = xstrdup("(set)");
		}
		printf("%s = %s\n", o->name, v);
		free(v);
	}
}

int
main(int argc, char **argv)
{
	struct belongd d;
	bool check_only = false;
	char *err = NULL;
	int rc;

	memset(&d, 0, sizeof d);
	if (log_init("belongd", NULL) != 0)
		return 1;
	log_set_timestamps(true);
	rc = parse_args(&d, argc, argv, &check_only);
	if (rc != 0)
		return rc;
	if (settings_load(&d.cfg, d.config_path, d.overrides, d.noverrides, &err) != 0) {
		fprintf(stderr, "belongd: configuration error: %s\n", err);
		free(err);
		return 1;
	}
	if (check_only) {
		/* A secret file belongd could not read stops it at start:
		 * an error here too, not an OK. */
		if (d.cfg.secret_file != NULL &&
		    token_key_load(&d.app.key, d.cfg.secret_file, &err) != 0) {
			fprintf(stderr, "belongd: configuration error: %s\n", err);
			free(err);
			settings_free(&d.cfg);
			return 1;
		}
		print_config(&d.cfg);
		(void)settings_warnings(&d.cfg, stderr);
		printf("configuration OK\n");
		settings_free(&d.cfg);
		return 0;
	}
	if (d.cfg.log_file != NULL && log_init("belongd", d.cfg.log_file) != 0) {
		fprintf(stderr, "belongd: cannot open log file %s\n", d.cfg.log_file);
		settings_free(&d.cfg);
		return 1;
	}
	if (load_key(&d.app.key, &d.cfg, &err) != 0)
		fatal("%s", err);
	if (d.cfg.secret_file == NULL)
		log_warn("no secret_file: forms served before a restart cannot be submitted after it, "
		    "and matching codes match only within one run");
	apply_runtime_settings(&d);
	raise_fd_limit();

	signal(SIGPIPE, SIG_IGN);
	d.base = event_base_new();
	if (d.base == NULL)
		fatal("cannot create event loop");
	d.app.base = d.base;
	d.app.cfg = &d.cfg;
	d.app.pool = dbpool_new(d.base, pgconn_dsn(d.cfg.dsn), (int)d.cfg.pool_size,
	    NULL, NULL);
	dbpool_set_deadlines(d.app.pool, d.cfg.query_timeout_ms,
	    d.cfg.connect_timeout_ms);
	d.app.writer = writer_new(d.base, d.app.pool, (int)d.cfg.max_batch,
	    (int)d.cfg.max_queue);
	d.app.catalog = catalog_new(d.app.pool);
	d.app.ratelimit = ratelimit_new((double)d.cfg.rate_burst,
	    (double)d.cfg.rate_per_second);
	d.app.board_ratelimit = ratelimit_new((double)d.cfg.board_login_burst,
	    (double)d.cfg.board_login_per_minute / 60.0);
	if (d.app.writer == NULL || d.app.catalog == NULL || d.app.ratelimit == NULL ||
	    d.app.board_ratelimit == NULL)
		fatal("out of memory");
	/* Its thread replays what a previous run left, once connected. */
	if (d.cfg.spool_dir != NULL) {
		d.spool = spool_new(d.base, d.cfg.spool_dir,
		    (uint64_t)d.cfg.spool_max_bytes, &err);
		if (d.spool == NULL)
			fatal("%s", err);
		writer_set_spool(d.app.writer, d.spool, (int)d.cfg.spool_after_ms);
	} else {
		log_warn("no spool_dir: while the database is unavailable, "
		    "submissions get 503");
	}
	d.http = http_new(d.base, &d.cfg, &d.app, routes, &err);
	if (d.http == NULL)
		fatal("%s", err);
	d.sig_term = evsignal_new(d.base, SIGTERM, signal_cb, &d);
	d.sig_int = evsignal_new(d.base, SIGINT, signal_cb, &d);
	d.sig_hup = evsignal_new(d.base, SIGHUP, signal_cb, &d);
	if (d.sig_term == NULL || d.sig_int == NULL || d.sig_hup == NULL ||
	    event_add(d.sig_term, NULL) != 0 || event_add(d.sig_int, NULL) != 0 ||
	    event_add(d.sig_hup, NULL) != 0)
		fatal("cannot install signal handlers");

	log_info("belongd %s listening on http://%s", PACKAGE_VERSION,
	    http_address(d.http));
	event_base_dispatch(d.base);
	log_info("stopped");

	http_free(d.http);
	writer_free(d.app.writer);
	spool_free(d.spool);
	dbpool_free(d.app.pool);
	catalog_free(d.app.catalog);
	ratelimit_free(d.app.ratelimit);
	ratelimit_free(d.app.board_ratelimit);
	if (d.drain_timer != NULL)
		event_free(d.drain_timer);
	event_free(d.sig_term);
	event_free(d.sig_int);
	event_free(d.sig_hup);
	event_base_free(d.base);
	settings_free(&d.cfg);
	return 0;
}
