#ifndef BELONG_CONF_H
#define BELONG_CONF_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Options declared once, as a table: name, type, default, range, whether a
 * reload may change it, one line of help.  A config file is "key = value"
 * lines with "#" comment lines; values may be double-quoted.
 */
enum conf_type {
	CONF_STRING,	/* char *, owned by the struct */
	CONF_INT,	/* long, range-checked */
	CONF_BOOL,	/* bool: on/off, yes/no, true/false, 1/0 */
};

struct conf_option {
	const char *name;
	enum conf_type type;
	const char *def;	/* default as text; NULL: unset string */
	size_t offset;		/* of the field in the config struct */
	long min, max;		/* CONF_INT only */
	bool reloadable;
	const char *help;
};

/* Set every option to its default.  Returns 0, or -1 with *err set. */
int conf_init(const struct conf_option *table, void *cfg, char **err)
	__attribute__((warn_unused_result));
/* Free the strings an options struct owns. */
void conf_free(const struct conf_option *table, void *cfg);

const struct conf_option *conf_find(const struct conf_option *table,
    const char *name);
/* Set one option from text.  On error *err says which and why. */
int conf_set(const struct conf_option *table, void *cfg, const char *name,
    const char *value, char **err) __attribute__((warn_unused_result));
/* Read a config file over the current values. */
int conf_load_file(const struct conf_option *table, void *cfg,
    const char *path, char **err) __attribute__((warn_unused_result));

/*
 * After a reload: move the reloadable options of src into dst.  Options
 * that cannot be reloaded and differ are named, one per call of
 * changed(name), and left as they are in dst.
 */
void conf_apply_reloadable(const struct conf_option *table, void *dst,
    void *src, void (*changed)(const char *name));

/* The value of an option as text (for --check-config); caller frees. */
char *conf_format(const struct conf_option *opt, const void *cfg);

#endif
