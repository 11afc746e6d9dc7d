#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hash.h"
#include "ratelimit.h"

#define RATELIMIT_BUCKETS 1024
/* Forget full buckets when this many addresses are remembered. */
#define RATELIMIT_MAX_ADDRS 100000

struct bucket {
	struct bucket *next;
	char addr[48];		/* an IPv6 address in text fits */
	double tokens;
	double updated;		/* monotonic seconds */
};

struct ratelimit {
	double burst;
	double rate;
	struct bucket *table[RATELIMIT_BUCKETS];
	int naddrs;
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

struct ratelimit *
ratelimit_new(double burst, double per_second)
{
	struct ratelimit *rl = calloc(1, sizeof *rl);

	if (rl != NULL)
		ratelimit_set(rl, burst, per_second);
	return rl;
}

void
ratelimit_set(struct ratelimit *rl, double burst, double per_second)
{
	rl->burst = burst;
	rl->rate = per_second;
}

/* Drop addresses whose bucket has refilled: they are indistinguishable
 * from addresses never seen. */
static void
ratelimit_prune(struct ratelimit *rl, double now)
{
	for (int i = 0; i < RATELIMIT_BUCKETS; i++) {
		struct bucket **pp = &rl->table[i], *b;

		while ((b = *pp) != NULL) {
			if (b->tokens + (now - b->updated) * rl->rate >= rl->burst) {
				*pp = b->next;
				free(b);
				rl->naddrs--;
			} else {
				pp = &b->next;
			}
		}
	}
}

bool
ratelimit_take(struct ratelimit *rl, const char *addr, int *retry_after)
{
	unsigned h = addr_hash(addr);
	double now = now_seconds();
	struct bucket *b;

	for (b = rl->table[h]; b != NULL; b = b->next)
		if (strcmp(b->addr, addr) == 0)
			break;
	if (b == NULL) {
		if (rl->naddrs >= RATELIMIT_MAX_ADDRS)
			ratelimit_prune(rl, now);
		b = calloc(1, sizeof *b);
		if (b == NULL)
			return true;	/* fail open: never lose an answer to OOM here */
		strncpy(b->addr, addr, sizeof b->addr - 1);
		b->tokens = rl->burst;
		b->updated = now;
		b->next = rl->table[h];
		rl->table[h] = b;
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
