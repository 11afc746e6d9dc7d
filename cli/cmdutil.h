#ifndef BELONG_CMDUTIL_H
#define BELONG_CMDUTIL_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "output.h"

/*
 * What the staff commands (event, instrument, draw, quotes) share:
 * checks of command-line values, done in C before anything reaches the
 * database, and running a query straight into an output writer.
 *
 * The checks return NULL if the value is good, else a static sentence
 * naming the rule ("must be ..."), for the caller to print with the
 * option's name and exit 2 (cmdutil_bad_value).
 */

/* Event slug: 3 to 64 lowercase letters, digits and hyphens. */
const char *cmdutil_check_slug(const char *s);
/* Instrument key, as the schema has it: [a-z0-9][a-z0-9_-]{0,63}. */
const char *cmdutil_check_key(const char *s);
/* YYYY-MM-DD, a real calendar date. */
const char *cmdutil_check_date(const char *s);
/* A date, optionally with a time HH:MM[:SS] after 'T' or a space, and a
 * zone Z or +HH[:MM] / -HH[:MM].  Without a zone, the database session's. */
const char *cmdutil_check_timestamp(const char *s);
/* Text of min..max code points, valid UTF-8, no control characters and no
 * bidirectional overrides or isolates; not only spaces when min > 0. */
const char *cmdutil_check_text(const char *s, size_t min, size_t max);
/* A whole number in decimal digits only, min..max, into *out. */
const char *cmdutil_parse_long(const char *s, long min, long max, long *out);

/* Print "belong: WHAT: RULE" to stderr (no usage text); returns EXIT_USAGE. */
int cmdutil_bad_value(const char *what, const char *rule);

/*
 * s made safe to print in a message: in double quotes, at most 60 code
 * points, control characters and bytes that are not UTF-8 as \xHH.  The
 * caller frees.
 */
char *cmdutil_show(const char *s);

/* --format's argument: 0, or prints the error and returns EXIT_USAGE. */
int cmdutil_format(const char *arg, enum output_format *out);

/* The id of the event with this slug, or -1 if there is none. */
long cmdutil_event_id(PGconn *conn, const char *slug);

/*
 * The ids of the events with these slugs, in one query, as a PostgreSQL
 * array literal ("{3,7}", malloc'd); NULL with *missing set to the first
 * slug no event has.
 */
char *cmdutil_event_ids(PGconn *conn, const char *const *slugs, size_t n,
    const char **missing);

/*
 * Run a query and hand each row to o as it arrives (libpq's single-row
 * mode), so memory does not grow with the rows.  The query must return
 * the writer's columns in order.  Exits 1 on a database error.  Returns
 * the number of rows.
 */
long cmdutil_query_rows(PGconn *conn, struct output *o, const char *sql,
    int nparams, const char *const *params);

/* End the writer; on a write error (disk full, closed pipe) print it and
 * return 1, else 0. */
int cmdutil_output_end(struct output *o);

#endif
