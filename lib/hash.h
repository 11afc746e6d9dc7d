#ifndef BELONG_HASH_H
#define BELONG_HASH_H

/* FNV-1a over a NUL-terminated string: for the daemon's small hash tables
 * (slugs, client addresses), where speed matters and attackers choose
 * keys only within narrow formats. */
static inline unsigned
hash_string(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

#endif
