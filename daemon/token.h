#ifndef BELONGD_TOKEN_H
#define BELONGD_TOKEN_H

#include <stddef.h>
#include <time.h>

/*
 * Signed form tokens: "1.EVENT.ISSUED.MAC", MAC = hex HMAC-SHA256 over
 * "1.EVENT.ISSUED" with the server secret.  A token binds the event and
 * the time the form was served, so a form cannot be replayed against
 * another event or long after, and a bot must fetch a form first.
 */
#define TOKEN_MAX 128

struct token_key {
	unsigned char bytes[64];
	size_t len;
};

enum token_result {
	TOKEN_OK,
	TOKEN_EXPIRED,		/* older than the lifetime */
	TOKEN_FORGED,		/* malformed, wrong MAC, or from the future */
	TOKEN_OTHER_EVENT,	/* genuine, but for another event */
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

/* Write a token for event_id issued at now into out (TOKEN_MAX bytes). */
void token_issue(const struct token_key *key, int event_id, time_t now,
    char out[TOKEN_MAX]);

/* Check a token against an event; lifetime in seconds. */
enum token_result token_check(const struct token_key *key, const char *token,
    int event_id, time_t now, long lifetime);

#endif
