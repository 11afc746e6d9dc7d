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
 * Take one token for the client at addr (text; an IPv6 client counts by
 * its /64).  Returns true if allowed; otherwise false and *retry_after the
 * seconds until a token is available.  At most a fixed number of clients
 * is remembered; a new one beyond it makes the table forget the one used
 * longest ago, in constant time.
 */
bool ratelimit_take(struct ratelimit *rl, const char *addr, int *retry_after);

/* Change how many clients are remembered (100,000 by default). */
void ratelimit_set_max(struct ratelimit *rl, long max_addrs);
/* How many clients are remembered now. */
long ratelimit_count(const struct ratelimit *rl);

#endif
