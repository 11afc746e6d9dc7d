#ifndef BELONGD_APP_H
#define BELONGD_APP_H

#include <event2/event.h>

#include "catalog.h"
#include "dbpool.h"
#include "ratelimit.h"
#include "settings.h"
#include "token.h"
#include "writer.h"

/* What the request handlers share: the running daemon's parts. */
struct app {
	struct event_base *base;
	struct settings *cfg;
	struct dbpool *pool;
	struct writer *writer;
	struct catalog *catalog;
	struct ratelimit *ratelimit;
	struct ratelimit *board_ratelimit;	/* board sign-in and API tries */
	struct token_key key;
};

#endif
