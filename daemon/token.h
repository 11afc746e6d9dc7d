#ifndef BELONGD_TOKEN_H
#define BELONGD_TOKEN_H

#include <stddef.h>
#include <time.h>

/*
 * Signed form tokens: "2.EVENT.ISSUED.ID.MAC", MAC = hex HMAC-SHA256 over
 * "2.EVENT.ISSUED.ID" with the server secret.  A token binds the event,
 * the time the form was served and the response id served with it, so a
 * form cannot be replayed against another event or long after, one token
 * cannot carry thousands of different responses, and a bot must fetch a
 * form for each.  ID is a response id, or "-" where none is served (the
 * prize-draw form).
 */
#define TOKEN_MAX 160
/* A token that names no response id. */
#define TOKEN_NO_ID "-"

struct token_key {
	unsigned char bytes[64];
	size_t len;
};

enum token_result {
	TOKEN_OK,
	TOKEN_EXPIRED,		/* older than the lifetime */
	TOKEN_FORGED,		/* malformed, wrong MAC, or from the future */
	TOKEN_OTHER_EVENT,	/* genuine, but for another event */
	TOKEN_OTHER_ID,		/* genuine, but issued with another response id */
};

/*
 * Read the secret from a file (at least 16 bytes; a trailing newline is
 * ignored; at most 64 bytes are used).  Returns 0 or -1 with *err set
 * (caller frees).
 */
int token_key_load(struct token_key *key, const char *path, char **err)
	__attribute__((warn_unused_result));
/* A random key, for when no secret file is configured. */
int token_key_random(struct token_key *key) __attribute__((warn_unused_result));

/* Write a token for event_id and the response id id (36 characters, or
 * TOKEN_NO_ID) issued at now into out (TOKEN_MAX bytes). */
void token_issue(const struct token_key *key, int event_id, const char *id,
    time_t now, char out[TOKEN_MAX]);

/* Check a token against an event and the response id it comes with (NULL:
 * any, for forms that carry no response); lifetime in seconds. */
enum token_result token_check(const struct token_key *key, const char *token,
    int event_id, const char *id, time_t now, long lifetime);

#endif
