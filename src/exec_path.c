/*
 * exec_path.c: PROGRAM to the file execve() gets, and the PATH it is
 * searched in.  Used per connection by target_exec.c and once at start by
 * preflight.c, so --check, a resident parent and a connection give the
 * same answer in the same words.
 *
 * The program's PATH is EXEC_DEFAULT_PATH, not wsinetd's own: a handler
 * started as root must not hand root's PATH (or a launcher's) to the
 * program by accident.  --passenv PATH passes wsinetd's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exec_env.h"
#include "exec_path.h"
#include "wsinetd.h"

/* The PATH an exec: program gets and is searched in. */
const char *
exec_path_program_path(void)
{
	const char	*p;
	size_t		 i;

	for (i = 0; i < cfg.npassenv; i++)
		if (strcmp(cfg.passenv[i], "PATH") == 0)
			return (p = getenv("PATH")) != NULL ? p :
			    EXEC_DEFAULT_PATH;
	return EXEC_DEFAULT_PATH;
}

/* 0 when path is a regular file we may execute, else the errno. */
static int
exec_path_ok(const char *path)
{
	struct stat	 st;

	if (stat(path, &st) == -1)
		return errno;
	if (S_ISDIR(st.st_mode))
		return EISDIR;
	if (!S_ISREG(st.st_mode) || access(path, X_OK) == -1)
		return EACCES;
	return 0;
}

/*
 * PROGRAM to the path execve() gets, as execvp() would search: as given
 * when it has a '/', else the first executable file in PATH.  0, or
 * ENOENT (nowhere), EACCES (found, not executable), EISDIR, ENAMETOOLONG.
 * Done in the parent, so a vfork()ed child only calls execve().
 */
int
exec_path_resolve(const char *prog, const char *path, char *out,
    size_t outsize)
{
	const char	*dir, *end;
	int		 n, r, err = ENOENT;

	if (strchr(prog, '/') != NULL) {
		n = snprintf(out, outsize, "%s", prog);
		if (n < 0 || (size_t)n >= outsize)
			return ENAMETOOLONG;
		return exec_path_ok(out);
	}
	for (dir = path; ; dir = end + 1) {
		end = dir + strcspn(dir, ":");
		/* An empty entry is the current directory, as for execvp. */
		n = snprintf(out, outsize, "%.*s%s%s", (int)(end - dir), dir,
		    end > dir ? "/" : "", prog);
		if (n >= 0 && (size_t)n < outsize) {
			if ((r = exec_path_ok(out)) == 0)
				return 0;
			if (r == EACCES)
				err = EACCES;	/* found, but not for us */
		}
		if (*end == '\0')
			return err;
	}
}

/*
 * The words for a failed exec_path_resolve(), for a log line that reads
 * "exec PROG: WHY".  Points at static text or into a static buffer.
 */
const char *
exec_path_why(int err, const char *prog, const char *path)
{
	static char	 buf[512];

	if (err == ENOENT && strchr(prog, '/') == NULL)
		snprintf(buf, sizeof(buf), "not found in PATH (%s; "
		    "--passenv PATH passes wsinetd's own)", path);
	else if (err == ENOENT)
		return "no such file";
	else if (err == EACCES)
		return "not executable (a regular file with an x bit is "
		    "needed; a script also needs its #! line)";
	else if (err == EISDIR)
		return "a directory, not a program";
	else
		snprintf(buf, sizeof(buf), "%s", strerror(err));
	return buf;
}
