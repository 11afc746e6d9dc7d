#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "board_token.h"

static void
board_token_hex(const unsigned char *in, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0xf];
	}
	out[2 * len] = '\0';
}

int
board_token_new(char *out)
{
	unsigned char raw[BOARD_TOKEN_LEN / 2];

	if (RAND_bytes(raw, sizeof raw) != 1)
		return -1;
	board_token_hex(raw, sizeof raw, out);
	OPENSSL_cleanse(raw, sizeof raw);
	return 0;
}

bool
board_token_well_formed(const char *s)
{
	return strlen(s) == BOARD_TOKEN_LEN &&
	    strspn(s, "0123456789abcdef") == BOARD_TOKEN_LEN;
}

void
board_token_hash(const char *s, char *out)
{
	unsigned char md[SHA256_DIGEST_LENGTH];

	SHA256((const unsigned char *)s, strlen(s), md);
	board_token_hex(md, sizeof md, out);
}
