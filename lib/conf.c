#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "xalloc.h"

#define FIELD(cfg, opt, type) ((type *)(void *)((char *)(cfg) + (opt)->offset))

const struct conf_option *
conf_find(const struct conf_option *table, const char *name)
{
	for (const struct conf_option *o = table; o->name != NULL; o++)
		if (strcmp(o->name, name) == 0)
			return o;
	return NULL;
}

static int
conf_parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "on", "yes", "true", "1" };
	static const char *const no[] = { "off", "no", "false", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

static int
conf_set_option(const struct conf_option *o, void *cfg, const char *value,
    char **err)
{
	char *end;
	long n;
	bool b;

	switch (o->type) {
	case CONF_STRING:
		free(*FIELD(cfg, o, char *));
		*FIELD(cfg, o, char *) = value != NULL ? xstrdup(value) : NULL;
		return 0;
	case CONF_INT:
		errno = 0;
		n = value != NULL ? strtol(value, &end, 10) : 0;
		/* strtol skips leading blanks and accepts "+"; we do not. */
		if (value == NULL || !(isdigit((unsigned char)*value) ||
		    *value == '-') || *end != '\0' ||
		    errno != 0 || n < o->min || n > o->max) {
			*err = xasprintf("%s must be an integer from %ld to %ld",
			    o->name, o->min, o->max);
			return -1;
		}
		*FIELD(cfg, o, long) = n;
		return 0;
	case CONF_BOOL:
		if (value == NULL || conf_parse_bool(value, &b) != 0) {
			*err = xasprintf("%s must be on or off", o->name);
			return -1;
		}
		*FIELD(cfg, o, bool) = b;
		return 0;
	}
	*err = xasprintf("%s: unknown option type", o->name);
	return -1;
}

int
conf_init(const struct conf_option *table, void *cfg, char **err)
{
	for (const struct conf_option *o = table; o->name != NULL; o++) {
		if (o->type == CONF_STRING)
			*FIELD(cfg, o, char *) = NULL;
		if (o->def != NULL && conf_set_option(o, cfg, o->def, err) != 0)
			return -1;
	}
	return 0;
}

void
conf_free(const struct conf_option *table, void *cfg)
{
	for (const struct conf_option *o = table; o->name != NULL; o++) {
		if (o->type == CONF_STRING) {
			free(*FIELD(cfg, o, char *));
			*FIELD(cfg, o, char *) = NULL;
		}
	}
}

int
conf_set(const struct conf_option *table, void *cfg, const char *name,
    const char *value, char **err)
{
	const struct conf_option *o = conf_find(table, name);

	if (o == NULL) {
		*err = xasprintf("unknown option: %s", name);
		return -1;
	}
	return conf_set_option(o, cfg, value, err);
}

static char *
conf_trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int
conf_load_file(const struct conf_option *table, void *cfg, const char *path,
    char **err)
{
	FILE *f;
	char *line = NULL, *key, *value, *eq, *why = NULL;
	size_t cap = 0;
	int lineno = 0, rc = -1;

	f = fopen(path, "r");
	if (f == NULL) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, f) != -1) {
		lineno++;
		key = conf_trim(line);
		if (*key == '\0' || *key == '#')
			continue;
		eq = strchr(key, '=');
		if (eq == NULL) {
			*err = xasprintf("%s:%d: expected key = value", path, lineno);
			goto fail;
		}
		*eq = '\0';
		key = conf_trim(key);
		value = conf_trim(eq + 1);
		if (value[0] == '"') {
			size_t len = strlen(value);

			if (len < 2 || value[len - 1] != '"') {
				*err = xasprintf("%s:%d: unterminated quoted value",
				    path, lineno);
				goto fail;
			}
			value[len - 1] = '\0';
			value++;
		}
		if (conf_set(table, cfg, key, value, &why) != 0) {
			*err = xasprintf("%s:%d: %s", path, lineno, why);
			free(why);
			goto fail;
		}
	}
	if (ferror(f)) {
		*err = xasprintf("%s: read error", path);
		goto fail;
	}
	rc = 0;
fail:
	free(line);
	fclose(f);
	return rc;
}

static bool
conf_equal(const struct conf_option *o, const void *a, const void *b)
{
	const char *sa, *sb;

	switch (o->type) {
	case CONF_STRING:
		sa = *FIELD(a, o, char *);
		sb = *FIELD(b, o, char *);
		if (sa == NULL || sb == NULL)
			return sa == sb;
		return strcmp(sa, sb) == 0;
	case CONF_INT:
		return *FIELD(a, o, long) == *FIELD(b, o, long);
	case CONF_BOOL:
		return *FIELD(a, o, bool) == *FIELD(b, o, bool);
	}
	return true;
}

void
conf_apply_reloadable(const struct conf_option *table, void *dst, void *src,
    void (*changed)(const char *name))
{
	for (const struct conf_option *o = table; o->name != NULL; o++) {
		if (conf_equal(o, dst, src))
			continue;
		if (!o->reloadable) {
			changed(o->name);
			continue;
		}
		switch (o->type) {
		case CONF_STRING:
			free(*FIELD(dst, o, char *));
			*FIELD(dst, o, char *) = *FIELD(src, o, char *);
			*FIELD(src, o, char *) = NULL;
			break;
		case CONF_INT:
			*FIELD(dst, o, long) = *FIELD(src, o, long);
			break;
		case CONF_BOOL:
			*FIELD(dst, o, bool) = *FIELD(src, o, bool);
			break;
		}
	}
}

char *
conf_format(const struct conf_option *o, const void *cfg)
{
	const char *s;

	switch (o->type) {
	case CONF_STRING:
		s = *FIELD(cfg, o, char *);
		return xstrdup(s != NULL ? s : "");
	case CONF_INT:
		return xasprintf("%ld", *FIELD(cfg, o, long));
	case CONF_BOOL:
		return xstrdup(*FIELD(cfg, o, bool) ? "on" : "off");
	}
	return xstrdup("");
}
