#ifndef BELONGD_BOARD_PAGE_H
#define BELONGD_BOARD_PAGE_H

#include <stdbool.h>

#include <cjson/cJSON.h>
#include <event2/buffer.h>

#include "board_input.h"
#include "lang.h"

/*
 * The advisory board's HTML pages, built like the survey's (form.c):
 * plain HTML5, inline CSS, no JavaScript, no external resources, WCAG 2.1
 * AA, English or Spanish.  Every value from a member, staff or the
 * database is escaped; staff notes are plain text.
 */

/* A refused item, shown again with what is wrong. */
struct board_page_refused {
	int topic;			/* index, or -1 */
	const char *body;		/* as sent (valid UTF-8), or NULL */
	bool share_name;
	enum board_input_problem topic_problem;
	enum board_input_problem body_problem;
};

struct board_page {
	enum lang lang;
	const char *name;		/* the member's display name */
	const char *form_token;
	const char *item_key;		/* hidden "key": a second Send stores nothing */
	const cJSON *items;		/* array, as board_store_items gives */
	bool single;			/* one item asked for: link to them all */
	bool sent;			/* an item was just stored */
	const struct board_page_refused *refused;	/* or NULL */
};

/* The member's page: the form, then their items.  Returns 0 or -1 (out
 * of memory). */
int board_page_render(struct evbuffer *out, const struct board_page *pg)
	__attribute__((warn_unused_result));

enum board_message {
	BOARD_MSG_BAD_LINK,	/* 401: no such, replaced or revoked link */
	BOARD_MSG_SIGN_IN,	/* 401: no session, or it ended */
	BOARD_MSG_SIGNED_OUT,	/* 200 */
	BOARD_MSG_EXPIRED,	/* 403: the form token is missing or wrong */
	BOARD_MSG_NOT_FOUND,	/* 404 */
	BOARD_MSG_UNCHANGEABLE,	/* 409: a sent item cannot be changed */
	BOARD_MSG_BAD_REQUEST,	/* 400, 415 */
	BOARD_MSG_RATE_LIMITED,	/* 429 */
	BOARD_MSG_UNAVAILABLE,	/* 503 */
	BOARD_MSG_ERROR,	/* 500 */
	BOARD_MSG_COUNT
};

/* A short page in lang.  Returns 0 or -1. */
int board_page_message(struct evbuffer *out, enum board_message kind,
    enum lang lang) __attribute__((warn_unused_result));

#endif
