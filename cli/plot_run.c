/*
 * Child processes for belong plot, started from argv arrays with
 * posix_spawn: never a shell, so no value is ever parsed as a command.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plot_run.h"
#include "xalloc.h"

extern char **environ;

/* What a child may print before we give up on it: the JSON of a report
 * is a few kilobytes, whatever the number of responses. */
#define PLOT_RUN_MAX (64u << 20)

int
plot_run(const char *path, char *const argv[], enum plot_capture what,
    char **out, size_t *outlen, char **err)
{
	posix_spawn_file_actions_t fa;
	int fds[2] = { -1, -1 };
	int target = what == PLOT_CAPTURE_STDOUT ? STDOUT_FILENO : STDERR_FILENO;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	bool fa_ok = false, too_much = false;
	pid_t pid = -1;
	int rc, st, ret = -1;

	*out = NULL;
	*outlen = 0;
	if (pipe2(fds, O_CLOEXEC) != 0) {
		*err = xasprintf("pipe: %s", strerror(errno));
		goto fail;
	}
	if ((rc = posix_spawn_file_actions_init(&fa)) != 0) {
		*err = xasprintf("posix_spawn: %s", strerror(rc));
		goto fail;
	}
	fa_ok = true;
	if ((rc = posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
	    O_RDONLY, 0)) != 0 ||
	    (rc = posix_spawn_file_actions_adddup2(&fa, fds[1], target)) != 0 ||
	    (what == PLOT_CAPTURE_STDERR &&
	    (rc = posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null",
	    O_WRONLY, 0)) != 0)) {
		*err = xasprintf("posix_spawn: %s", strerror(rc));
		goto fail;
	}
	fflush(NULL);
	if ((rc = posix_spawn(&pid, path, &fa, NULL, argv, environ)) != 0) {
		pid = -1;
		*err = xasprintf("cannot run %s: %s", path, strerror(rc));
		goto fail;
	}
	close(fds[1]);
	fds[1] = -1;
	for (;;) {
		ssize_t r;

		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 16384;
			buf = xrealloc(buf, cap);
		}
		r = read(fds[0], buf + len, cap - len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*err = xasprintf("reading from %s: %s", path, strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len > PLOT_RUN_MAX) {
			too_much = true;
			break;
		}
	}
	close(fds[0]);
	fds[0] = -1;
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			*err = xasprintf("waitpid: %s", strerror(errno));
			pid = -1;
			goto fail;
		}
	}
	pid = -1;
	if (too_much) {
		*err = xasprintf("%s printed more than %u bytes", path, PLOT_RUN_MAX);
		goto fail;
	}
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	buf = NULL;
	if (WIFEXITED(st))
		ret = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		ret = 128 + WTERMSIG(st);
	else
		ret = 1;
fail:
	if (fa_ok)
		posix_spawn_file_actions_destroy(&fa);
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	if (pid > 0)
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	free(buf);
	return ret;
}

void
plot_gp_quote(FILE *f, const char *s)
{
	putc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		/* Digits too: gnuplot reads every octal digit after a
		 * backslash, so "\055" then "6" would be one byte. */
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    *p == ' ')
			putc(*p, f);
		else
			fprintf(f, "\\%03o", *p);
	}
	putc('"', f);
}

static bool
is_executable(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    access(path, X_OK) == 0;
}

char *
plot_find_gnuplot(const char *opt, char **err)
{
	const char *name = opt, *from = "--gnuplot";
	const char *path, *p;

	if (name == NULL || *name == '\0') {
		name = getenv("GNUPLOT");
		from = "GNUPLOT";
	}
	if (name == NULL || *name == '\0') {
		name = "gnuplot";
		from = NULL;
	}
	if (strchr(name, '/') != NULL) {
		if (is_executable(name))
			return xstrdup(name);
		goto missing;
	}
	path = getenv("PATH");
	if (path == NULL)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path;; p++) {
		const char *end = strchr(p, ':');
		size_t dlen = end ? (size_t)(end - p) : strlen(p);
		char *cand = xasprintf("%.*s/%s", (int)dlen, dlen ? p : ".", name);

		if (is_executable(cand))
			return cand;
		free(cand);
		if (end == NULL)
			break;
		p = end;
	}
missing:
	if (from != NULL)
		*err = xasprintf("gnuplot not found: %s (from %s) is not an "
		    "executable; install gnuplot-nox or fix %s", name, from, from);
	else
		*err = xstrdup("gnuplot not found in PATH; install gnuplot-nox, "
		    "or name it with --gnuplot or $GNUPLOT");
	return NULL;
}

char *
plot_self_path(char **err)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n > 0) {
		buf[n] = '\0';
		return xstrdup(buf);
	}
	*err = xasprintf("cannot find this program (/proc/self/exe: %s)",
	    strerror(errno));
	return NULL;
}

char *
plot_run_self(char **args, const char *cmd, int *status)
{
	char *self, *err = NULL, *out = NULL;
	size_t len;
	int rc;

	if ((self = plot_self_path(&err)) == NULL) {
		fprintf(stderr, "belong: %s: %s\n", cmd, err);
		free(err);
		*status = -1;
		return NULL;
	}
	args[0] = self;
	rc = plot_run(self, args, PLOT_CAPTURE_STDOUT, &out, &len, &err);
	args[0] = (char *)"belong";
	free(self);
	if (rc < 0) {
		fprintf(stderr, "belong: %s: %s\n", cmd, err);
		free(err);
		*status = -1;
		return NULL;
	}
	*status = rc;
	if (rc != 0) {
		free(out);
		return NULL;
	}
	return out;
}
