#ifndef BELONGD_RATELIMIT_H
#define BELONGD_RATELIMIT_H

#include <stdbool.h>

/*
 * Per-address token buckets.  The defaults (a burst of 120, 2 per second)
 * let a whole classroom behind one NAT address submit within a minute,
 * while a script hammering from one address is slowed to a trickle.
 */
struct ratelimit;

struct ratelimit *ratelimit_new(double burst, double per_second);
void ratelimit_free(struct ratelimit *rl);
/* Change the limits (on reload); buckets keep their current level. */
void ratelimit_set(struct ratelimit *rl, double burst, double per_second);

/*
 * Take one token for addr.  Returns true if allowed; otherwise false and
 * *retry_after the seconds until a token is available.
 */
bool ratelimit_take(struct ratelimit *rl, const char *addr, int *retry_after);

#endif
