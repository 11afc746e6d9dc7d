#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "board_input.h"
#include "board_token.h"
#include "utf8.h"

const char *const board_input_topics[BOARD_TOPIC_COUNT] = {
	"programs", "events", "outreach", "belonging", "other",
};

int
board_input_topic(const char *s)
{
	if (s == NULL)
		return -1;
	for (int i = 0; i < BOARD_TOPIC_COUNT; i++)
		if (strcmp(s, board_input_topics[i]) == 0)
			return i;
	return -1;
}

enum board_input_problem
board_input_body(const char *s, size_t len)
{
	size_t i;

	if (s == NULL)
		return BOARD_INPUT_MISSING;
	if (!utf8_valid(s, len))
		return BOARD_INPUT_UTF8;
	for (i = 0; i < len; i++)
		if (strchr(" \t\r\n\f\v", s[i]) == NULL)
			break;
	if (i == len)
		return BOARD_INPUT_MISSING;
	/* Cheap bound first: every code point is at least one byte. */
	if (len > BOARD_BODY_MAX && utf8_length(s) > BOARD_BODY_MAX)
		return BOARD_INPUT_TOO_LONG;
	return BOARD_INPUT_OK;
}

static int
board_input_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode s[0..n) in place; the text never grows.  Returns the length or -1. */
static long
board_input_decode(char *s, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+')
			s[o++] = ' ';
		else if (s[i] != '%')
			s[o++] = s[i];
		else if (n - i < 3 || board_input_hex(s[i + 1]) < 0 ||
		    board_input_hex(s[i + 2]) < 0)
			return -1;
		else {
			s[o++] = (char)(board_input_hex(s[i + 1]) << 4 |
			    board_input_hex(s[i + 2]));
			i += 2;
		}
	}
	s[o] = '\0';
	return (long)o;
}

bool
board_input_key(const char *s)
{
	if (s == NULL || strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' :
		    !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	}
	return true;
}

int
board_input_parse_form(char *body, struct board_input_form *f)
{
	static const struct {
		const char *name;
		size_t offset;
	} fields[] = {
		{ "topic", offsetof(struct board_input_form, topic) },
		{ "body", offsetof(struct board_input_form, body) },
		{ "share_name", offsetof(struct board_input_form, share_name) },
		{ "form_token", offsetof(struct board_input_form, form_token) },
		{ "lang", offsetof(struct board_input_form, lang) },
		{ "id", offsetof(struct board_input_form, id) },
		{ "key", offsetof(struct board_input_form, key) },
	};
	char *p = body, *amp, *eq, *val, *next;
	long klen, vlen;

	memset(f, 0, sizeof *f);
	while (*p != '\0') {
		amp = p + strcspn(p, "&");
		/* Decoding ends each part with a NUL, perhaps over the '&'. */
		next = *amp == '&' ? amp + 1 : amp;
		eq = memchr(p, '=', (size_t)(amp - p));
		val = eq != NULL ? eq + 1 : amp;
		vlen = board_input_decode(val, (size_t)(amp - val));
		klen = board_input_decode(p, (size_t)((eq != NULL ? eq : amp) - p));
		if (klen < 0 || vlen < 0)
			return -1;
		for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
			struct board_input_field *fd = (struct board_input_field *)
			    (void *)((char *)f + fields[i].offset);

			if (strlen(p) != (size_t)klen || strcmp(p, fields[i].name) != 0)
				continue;
			if (fd->s != NULL)
				return -1;
			fd->s = val;
			fd->len = (size_t)vlen;
		}
		p = next;
	}
	return 0;
}

bool
board_input_json_nul(const char *p, size_t len)
{
	bool in = false;

	for (size_t i = 0; i < len; i++) {
		if (!in)
			in = p[i] == '"';
		else if (p[i] == '"')
			in = false;
		else if (p[i] == '\\') {
			if (len - i >= 6 && memcmp(p + i + 1, "u0000", 5) == 0)
				return true;
			i++;
		}
	}
	return false;
}

bool
board_input_id(const char *s, long *out)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0' || strspn(s, "0123456789") != strlen(s))
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 1 || v > 2147483647)
		return false;
	*out = v;
	return true;
}

bool
board_input_cookie(const char *header, char *out)
{
	static const char name[] = BOARD_COOKIE "=";
	const char *p = header, *v;
	size_t n;
	int found = 0;

	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == ';')
			p++;
		n = strcspn(p, ";");
		if (strncmp(p, name, sizeof name - 1) == 0) {
			v = p + sizeof name - 1;
			if (++found > 1 || (size_t)(p + n - v) != BOARD_TOKEN_LEN)
				return false;
			memcpy(out, v, BOARD_TOKEN_LEN);
			out[BOARD_TOKEN_LEN] = '\0';
		}
		p += n;
	}
	return found == 1 && board_token_well_formed(out);
}

bool
board_input_sent_cookie(const char *header)
{
	static const char name[] = BOARD_SENT_COOKIE "=1";
	const char *p = header;
	size_t n;

	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == ';')
			p++;
		n = strcspn(p, ";");
		if (n == sizeof name - 1 && strncmp(p, name, n) == 0)
			return true;
		p += n;
	}
	return false;
}

void
board_input_form_token(const struct token_key *key, const char *sid,
    char *out)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char msg[64];
	int len;

	/* A prefix of its own, so this MAC is never a valid form token of
	 * the survey (those sign "1.EVENT.TIME"). */
	len = snprintf(msg, sizeof msg, "board-form.%s", sid);
	HMAC(EVP_sha256(), key->bytes, (int)key->len, (const unsigned char *)msg,
	    (size_t)len, md, &mdlen);
	for (unsigned int i = 0; i < mdlen && i < BOARD_FORM_TOKEN_LEN / 2; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 0xf];
	}
	out[BOARD_FORM_TOKEN_LEN] = '\0';
}

bool
board_input_form_token_ok(const struct token_key *key, const char *sid,
    const char *given)
{
	char want[BOARD_FORM_TOKEN_LEN + 1];
	bool ok;

	if (given == NULL || strlen(given) != BOARD_FORM_TOKEN_LEN)
		return false;
	board_input_form_token(key, sid, want);
	ok = CRYPTO_memcmp(want, given, BOARD_FORM_TOKEN_LEN) == 0;
	OPENSSL_cleanse(want, sizeof want);
	return ok;
}
