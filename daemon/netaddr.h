#ifndef BELONGD_NETADDR_H
#define BELONGD_NETADDR_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Client addresses for rate limiting and trusted proxies: parsed from
 * text, matched against CIDR lists, and reduced to the key a client is
 * limited by (an IPv4 address, or an IPv6 /64: one home, one phone).
 */
struct netaddr {
	int family;			/* AF_INET or AF_INET6 */
	unsigned char bytes[16];	/* 4 used for AF_INET */
};

struct netaddr_cidr {
	struct netaddr addr;
	int bits;
};

struct netaddr_list {
	struct netaddr_cidr *v;
	size_t n;
};

/* A rate-limit key fits in this many bytes. */
#define NETADDR_KEY_MAX 64

/*
 * Parse one address from s[0..n): "192.0.2.1", "2001:db8::1",
 * "[2001:db8::1]", with or without a ":port"; quotes and spaces around it
 * are ignored.  An IPv4-mapped IPv6 address is taken as IPv4.
 */
bool netaddr_parse(const char *s, size_t n, struct netaddr *out);

/*
 * Parse a list of addresses and CIDR blocks ("127.0.0.1, 10.0.0.0/8,
 * fd00::/8"), separated by commas or spaces; "" is the empty list.
 * Returns 0, or -1 with *err set (caller frees).  The list is out's to
 * free with netaddr_list_free.
 */
int netaddr_list_parse(const char *s, struct netaddr_list *out, char **err)
	__attribute__((warn_unused_result));
void netaddr_list_free(struct netaddr_list *l);
bool netaddr_list_has(const struct netaddr_list *l, const struct netaddr *a);

/* The address as text ("192.0.2.1", "2001:db8::1"). */
void netaddr_format(const struct netaddr *a, char *out, size_t len);

/* The rate-limit key of the address text s: the IPv4 address, the IPv6
 * /64 ("2001:db8:1:2::/64"), or s itself if it is not an address. */
void netaddr_key(const char *s, char out[NETADDR_KEY_MAX]);

#endif
