#ifndef BELONGD_BOARD_STORE_H
#define BELONGD_BOARD_STORE_H

#include <stdbool.h>

#include "dbpool.h"

/*
 * The advisory board's statements, sent through the pool without
 * blocking.  Secrets (sign-in tokens, session ids) reach the database only
 * as their SHA-256, and are found by it: an index lookup compares hashes,
 * which tell an attacker nothing about the secret.
 */

enum board_store_result {
	BOARD_STORE_OK,		/* done; the row, if any, is in values */
	BOARD_STORE_NONE,	/* no such member, session or item */
	BOARD_STORE_UNAVAILABLE,	/* database down, or the statement failed */
};

/*
 * Called once per statement.  values are the first row's columns (NULL
 * when there is no row), valid only during the call:
 *   who lookups (login, session, bearer): member id, display name
 *   items, add: one JSON text
 */
typedef void (*board_store_cb)(void *arg, enum board_store_result result,
    const char *const *values);

/* Sign in with a well-formed token: start session sid, valid for hours,
 * for its member if the token is current (not replaced, not revoked). */
int board_store_login(struct dbpool *pool, const char *token, const char *sid,
    long hours, board_store_cb done, void *arg)
	__attribute__((warn_unused_result));
/* The member of a live session. */
int board_store_session(struct dbpool *pool, const char *sid,
    board_store_cb done, void *arg) __attribute__((warn_unused_result));
/* The member of a current token (the JSON API's Bearer). */
int board_store_bearer(struct dbpool *pool, const char *token,
    board_store_cb done, void *arg) __attribute__((warn_unused_result));
/* End a session (OK whether or not it existed). */
int board_store_logout(struct dbpool *pool, const char *sid,
    board_store_cb done, void *arg) __attribute__((warn_unused_result));

/*
 * The member's items as a JSON array, newest first, each with its status
 * history (see BOARD_STORE_ITEM in board_store.c); item_id > 0: only that
 * one, if it is the member's (else the array is empty).
 */
int board_store_items(struct dbpool *pool, const char *member_id,
    long item_id, board_store_cb done, void *arg)
	__attribute__((warn_unused_result));
/* NONE unless item_id is the member's item. */
int board_store_owned(struct dbpool *pool, const char *member_id,
    const char *item_id, board_store_cb done, void *arg)
	__attribute__((warn_unused_result));
/* Store a checked item with its first history entry; the item as JSON. */
/* key: the form's item key (a UUID) or NULL; the same key again from the
 * same member stores nothing and answers NONE. */
int board_store_add(struct dbpool *pool, const char *member_id,
    const char *topic, const char *body, bool share_name, const char *key,
    board_store_cb done, void *arg) __attribute__((warn_unused_result));

#endif
