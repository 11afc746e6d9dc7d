#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "netaddr.h"
#include "xalloc.h"

bool
netaddr_parse(const char *s, size_t n, struct netaddr *out)
{
	static const unsigned char mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff,
	};
	char buf[64];
	const char *colon;

	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '"')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '"'))
		n--;
	if (n == 0 || n >= sizeof buf)
		return false;
	if (s[0] == '[') {
		const char *close = memchr(s, ']', n);

		if (close == NULL)
			return false;
		n = (size_t)(close - s - 1);
		s++;
	} else if ((colon = memchr(s, ':', n)) != NULL &&
	    memchr(colon + 1, ':', n - (size_t)(colon + 1 - s)) == NULL) {
		n = (size_t)(colon - s);	/* v4:port */
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	memset(out, 0, sizeof *out);
	if (inet_pton(AF_INET, buf, out->bytes) == 1) {
		out->family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, buf, out->bytes) != 1)
		return false;
	out->family = AF_INET6;
	if (memcmp(out->bytes, mapped, sizeof mapped) == 0) {
		memmove(out->bytes, out->bytes + 12, 4);
		memset(out->bytes + 4, 0, 12);
		out->family = AF_INET;
	}
	return true;
}

int
netaddr_list_parse(const char *s, struct netaddr_list *out, char **err)
{
	struct netaddr_cidr *v = NULL, *grown;
	size_t n = 0;

	while (*s != '\0') {
		size_t len = strcspn(s, ", \t");
		const char *slash = memchr(s, '/', len);
		struct netaddr_cidr c;
		char *end;
		long bits;

		if (len == 0) {
			s++;
			continue;
		}
		if (!netaddr_parse(s, slash != NULL ? (size_t)(slash - s) : len,
		    &c.addr)) {
			*err = xasprintf("not an address or CIDR block: %.*s",
			    (int)len, s);
			goto fail;
		}
		c.bits = c.addr.family == AF_INET ? 32 : 128;
		if (slash != NULL) {
			bits = strtol(slash + 1, &end, 10);
			if (end != s + len || end == slash + 1 || bits < 0 ||
			    bits > c.bits) {
				*err = xasprintf("bad prefix length: %.*s",
				    (int)len, s);
				goto fail;
			}
			c.bits = (int)bits;
		}
		grown = realloc(v, (n + 1) * sizeof *v);
		if (grown == NULL) {
			*err = xstrdup("out of memory");
			goto fail;
		}
		v = grown;
		v[n++] = c;
		s += len;
	}
	out->v = v;
	out->n = n;
	return 0;
fail:
	free(v);
	return -1;
}

void
netaddr_list_free(struct netaddr_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* Whether a and b agree in their first bits bits. */
static bool
netaddr_prefix_equal(const struct netaddr *a, const struct netaddr *b, int bits)
{
	int whole = bits / 8, rest = bits % 8;
	unsigned char mask;

	if (a->family != b->family || memcmp(a->bytes, b->bytes, (size_t)whole) != 0)
		return false;
	if (rest == 0)
		return true;
	mask = (unsigned char)(0xff << (8 - rest));
	return (a->bytes[whole] & mask) == (b->bytes[whole] & mask);
}

bool
netaddr_list_has(const struct netaddr_list *l, const struct netaddr *a)
{
	for (size_t i = 0; i < l->n; i++)
		if (netaddr_prefix_equal(&l->v[i].addr, a, l->v[i].bits))
			return true;
	return false;
}

void
netaddr_format(const struct netaddr *a, char *out, size_t len)
{
	if (inet_ntop(a->family, a->bytes, out, (socklen_t)len) == NULL)
		snprintf(out, len, "?");
}

void
netaddr_key(const char *s, char out[NETADDR_KEY_MAX])
{
	struct netaddr a;
	char text[INET6_ADDRSTRLEN];

	if (!netaddr_parse(s, strlen(s), &a)) {
		snprintf(out, NETADDR_KEY_MAX, "%s", s);
		return;
	}
	if (a.family == AF_INET6)
		memset(a.bytes + 8, 0, 8);
	netaddr_format(&a, text, sizeof text);
	snprintf(out, NETADDR_KEY_MAX, "%s%s", text,
	    a.family == AF_INET6 ? "/64" : "");
}
