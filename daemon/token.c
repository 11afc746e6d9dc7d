#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "token.h"
#include "xalloc.h"

#define TOKEN_VERSION 2
#define TOKEN_ID_LEN 36
#define TOKEN_MIN_SECRET 16
/* Clocks of several belongd behind one balancer may differ a little. */
#define TOKEN_CLOCK_SKEW 300

int
token_key_load(struct token_key *key, const char *path, char **err)
{
	unsigned char buf[256];
	size_t n;
	FILE *f;

	f = fopen(path, "rb");
	if (f == NULL) {
		*err = xasprintf("secret file %s: %s", path, strerror(errno));
		return -1;
	}
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		n--;
	if (n < TOKEN_MIN_SECRET) {
		*err = xasprintf("secret file %s: needs at least %d bytes",
		    path, TOKEN_MIN_SECRET);
		OPENSSL_cleanse(buf, sizeof buf);
		return -1;
	}
	key->len = n < sizeof key->bytes ? n : sizeof key->bytes;
	memcpy(key->bytes, buf, key->len);
	OPENSSL_cleanse(buf, sizeof buf);
	return 0;
}

int
token_key_random(struct token_key *key)
{
	key->len = 32;
	return RAND_bytes(key->bytes, (int)key->len) == 1 ? 0 : -1;
}

static void
token_mac(const struct token_key *key, const char *msg, size_t len,
    char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	HMAC(EVP_sha256(), key->bytes, (int)key->len,
	    (const unsigned char *)msg, len, md, &mdlen);
	for (unsigned int i = 0; i < mdlen && i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	hex[64] = '\0';
}

/* What a token may bind: a response id (lower-case hex and dashes, as
 * submission_new_id makes them), or none. */
static bool
token_id_ok(const char *id, size_t len)
{
	if (len == 1 && id[0] == '-')
		return true;
	return len == TOKEN_ID_LEN && strspn(id, "0123456789abcdef-") >= len;
}

void
token_issue(const struct token_key *key, int event_id, const char *id,
    time_t now, char out[TOKEN_MAX])
{
	char mac[65];
	int n;

	if (id == NULL || !token_id_ok(id, strlen(id)))
		id = TOKEN_NO_ID;
	n = snprintf(out, TOKEN_MAX, "%d.%d.%lld.%s", TOKEN_VERSION, event_id,
	    (long long)now, id);
	token_mac(key, out, (size_t)n, mac);
	snprintf(out + n, (size_t)(TOKEN_MAX - n), ".%s", mac);
}

/* Parse a decimal number from *p up to stop; advance *p past stop. */
static int
token_number(const char **p, char stop, long long *out)
{
	char *end;

	if (**p < '0' || **p > '9')
		return -1;
	errno = 0;
	*out = strtoll(*p, &end, 10);
	if (errno != 0 || *end != stop || end - *p > 19)
		return -1;
	*p = end + 1;
	return 0;
}

enum token_result
token_check(const struct token_key *key, const char *token, int event_id,
    const char *id, time_t now, long lifetime)
{
	const char *p = token, *bound, *dot;
	long long version, event, issued;
	char mac[65];
	size_t signed_len, bound_len;

	if (token == NULL || strlen(token) >= TOKEN_MAX ||
	    token_number(&p, '.', &version) != 0 || version != TOKEN_VERSION ||
	    token_number(&p, '.', &event) != 0 ||
	    token_number(&p, '.', &issued) != 0)
		return TOKEN_FORGED;
	bound = p;
	if ((dot = strchr(bound, '.')) == NULL)
		return TOKEN_FORGED;
	bound_len = (size_t)(dot - bound);
	if (!token_id_ok(bound, bound_len))
		return TOKEN_FORGED;
	p = dot + 1;
	signed_len = (size_t)(p - 1 - token);
	if (strlen(p) != 64)
		return TOKEN_FORGED;
	token_mac(key, token, signed_len, mac);
	if (CRYPTO_memcmp(mac, p, 64) != 0)
		return TOKEN_FORGED;
	if (issued > (long long)now + TOKEN_CLOCK_SKEW)
		return TOKEN_FORGED;
	if (event != event_id)
		return TOKEN_OTHER_EVENT;
	if (id != NULL && (strlen(id) != bound_len ||
	    strncmp(id, bound, bound_len) != 0 || bound_len != TOKEN_ID_LEN))
		return TOKEN_OTHER_ID;
	if ((long long)now - issued > lifetime)
		return TOKEN_EXPIRED;
	return TOKEN_OK;
}
