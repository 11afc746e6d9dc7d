#ifndef BELONG_PLOT_RUN_H
#define BELONG_PLOT_RUN_H

#include <stddef.h>
#include <stdio.h>

/*
 * The processes belong plot starts — belong itself for the numbers and
 * gnuplot for the picture — always from an argv array (posix_spawn, no
 * shell), and the quoting of text for gnuplot's command line.
 */

/* Which of the child's streams comes back through a pipe. */
enum plot_capture {
	PLOT_CAPTURE_STDOUT,	/* stdout captured, stderr inherited */
	PLOT_CAPTURE_STDERR,	/* stderr captured, stdout to /dev/null */
};

/*
 * Run path with argv (stdin from /dev/null), wait for it and return its
 * exit status (0-255; 128 + n when killed by signal n), or -1 when it
 * could not be started or read, with *err set (the caller frees).  The
 * captured stream is in *out, NUL-terminated, owned by the caller.
 */
int plot_run(const char *path, char *const argv[], enum plot_capture what,
    char **out, size_t *outlen, char **err)
	__attribute__((warn_unused_result));

/*
 * Write s to f as a gnuplot double-quoted string in which every byte that
 * is not an ASCII letter or a space is an octal escape (\ooo; digits too,
 * since gnuplot would read a digit after an escape as part of it).  Nothing
 * in it can end the string, start a backquote command substitution or an
 * @macro, or end the command: gnuplot turns the escapes back into the
 * bytes only after it has read the line.
 */
void plot_gp_quote(FILE *f, const char *s);

/*
 * The gnuplot to run: opt (--gnuplot), else $GNUPLOT, else "gnuplot"; a
 * name without a slash is looked up in PATH.  Returns a path the caller
 * frees, or NULL with *err set when there is no such executable.
 */
char *plot_find_gnuplot(const char *opt, char **err)
	__attribute__((warn_unused_result));

/* The path of this program, to run it again; the caller frees.  NULL
 * with *err set if it cannot be found. */
char *plot_self_path(char **err) __attribute__((warn_unused_result));

/*
 * Run this program again with args (args[0] is set to its path while it
 * runs) and return its stdout, or NULL with its exit status in *status
 * after it said why on stderr; -1 when it could not be started, said
 * here as "belong: CMD: why".
 */
char *plot_run_self(char **args, const char *cmd, int *status)
	__attribute__((warn_unused_result));

#endif
