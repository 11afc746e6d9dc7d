#ifndef BELONG_BOARD_TOKEN_H
#define BELONG_BOARD_TOKEN_H

#include <stdbool.h>

/*
 * Advisory-board sign-in tokens and session ids: 128 random bits from the
 * operating system's CSPRNG, written as 32 lowercase hex digits.  Only the
 * SHA-256 of that text is stored, so a copy of the database signs nobody
 * in; and a lookup by hash compares nothing secret byte by byte.
 */
#define BOARD_TOKEN_LEN 32		/* hex digits */
#define BOARD_TOKEN_HASH_LEN 64		/* hex digits of the SHA-256 */

/* A fresh token into out (BOARD_TOKEN_LEN + 1 bytes).  Returns 0, or -1
 * if the system has no random numbers to give. */
int board_token_new(char *out) __attribute__((warn_unused_result));

/* Whether s has the shape of a token: exactly 32 lowercase hex digits. */
bool board_token_well_formed(const char *s);

/* Hex SHA-256 of s into out (BOARD_TOKEN_HASH_LEN + 1 bytes). */
void board_token_hash(const char *s, char *out);

#endif
