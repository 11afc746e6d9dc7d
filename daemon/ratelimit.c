#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hash.h"
#include "netaddr.h"
#include "ratelimit.h"

#define RATELIMIT_BUCKETS 16384
/* The most clients remembered: beyond it the longest unused is forgotten. */
#define RATELIMIT_MAX_ADDRS 100000

/*
 * A client's bucket: in its hash chain, and in the list of all buckets
 * from the most recently used to the least, so the one to forget when the
 * table is full is at hand (the tail) and found without a search.
 */
struct bucket {
	struct bucket *next;		/* hash chain */
	struct bucket *newer, *older;	/* use order */
	char addr[NETADDR_KEY_MAX];
	double tokens;
	double updated;		/* monotonic seconds */
};

struct ratelimit {
	double burst;
	double rate;
	struct bucket *table[RATELIMIT_BUCKETS];
	struct bucket *newest, *oldest;
	long naddrs;
	long max_addrs;
};

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned
addr_hash(const char *s)
{
	return hash_string(s) % RATELIMIT_BUCKETS;
}

static void ratelimit_forget_oldest(struct ratelimit *rl);

struct ratelimit *
ratelimit_new(double burst, double per_second)
{
	struct ratelimit *rl = calloc(1, sizeof *rl);

	if (rl != NULL) {
		ratelimit_set(rl, burst, per_second);
		rl->max_addrs = RATELIMIT_MAX_ADDRS;
	}
	return rl;
}

void
ratelimit_set_max(struct ratelimit *rl, long max_addrs)
{
	rl->max_addrs = max_addrs > 0 ? max_addrs : 1;
	while (rl->naddrs > rl->max_addrs)
		ratelimit_forget_oldest(rl);
}

long
ratelimit_count(const struct ratelimit *rl)
{
	return rl->naddrs;
}

void
ratelimit_set(struct ratelimit *rl, double burst, double per_second)
{
	rl->burst = burst;
	rl->rate = per_second;
}

static void
ratelimit_unlink(struct ratelimit *rl, struct bucket *b)
{
	if (b->newer != NULL)
		b->newer->older = b->older;
	else
		rl->newest = b->older;
	if (b->older != NULL)
		b->older->newer = b->newer;
	else
		rl->oldest = b->newer;
	b->newer = b->older = NULL;
}

static void
ratelimit_push(struct ratelimit *rl, struct bucket *b)
{
	b->older = rl->newest;
	b->newer = NULL;
	if (rl->newest != NULL)
		rl->newest->newer = b;
	rl->newest = b;
	if (rl->oldest == NULL)
		rl->oldest = b;
}

/* Forget the client used longest ago: its chain is short, its place in
 * the use order known. */
static void
ratelimit_forget_oldest(struct ratelimit *rl)
{
	struct bucket *b = rl->oldest, **pp;

	pp = &rl->table[addr_hash(b->addr)];
	while (*pp != b)
		pp = &(*pp)->next;
	*pp = b->next;
	ratelimit_unlink(rl, b);
	free(b);
	rl->naddrs--;
}

bool
ratelimit_take(struct ratelimit *rl, const char *client, int *retry_after)
{
	char addr[NETADDR_KEY_MAX];
	unsigned h;
	double now = now_seconds();
	struct bucket *b;

	netaddr_key(client, addr);
	h = addr_hash(addr);
	for (b = rl->table[h]; b != NULL; b = b->next)
		if (strcmp(b->addr, addr) == 0)
			break;
	if (b != NULL) {
		ratelimit_unlink(rl, b);
		ratelimit_push(rl, b);
	} else {
		if (rl->naddrs >= rl->max_addrs)
			ratelimit_forget_oldest(rl);
		b = calloc(1, sizeof *b);
		if (b == NULL)
			return true;	/* fail open: never lose an answer to OOM here */
		memcpy(b->addr, addr, sizeof b->addr);
		b->tokens = rl->burst;
		b->updated = now;
		b->next = rl->table[h];
		rl->table[h] = b;
		ratelimit_push(rl, b);
		rl->naddrs++;
	}
	b->tokens += (now - b->updated) * rl->rate;
	if (b->tokens > rl->burst)
		b->tokens = rl->burst;
	b->updated = now;
	if (b->tokens >= 1.0) {
		b->tokens -= 1.0;
		return true;
	}
	*retry_after = rl->rate > 0 ? (int)ceil((1.0 - b->tokens) / rl->rate) : 60;
	if (*retry_after < 1)
		*retry_after = 1;
	return false;
}

void
ratelimit_free(struct ratelimit *rl)
{
	if (rl == NULL)
		return;
	for (int i = 0; i < RATELIMIT_BUCKETS; i++) {
		struct bucket *b = rl->table[i], *next;

		for (; b != NULL; b = next) {
			next = b->next;
			free(b);
		}
	}
	free(rl);
}
