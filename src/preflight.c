/*
 * preflight.c: what would make every connection fail, checked once at
 * start, so a mistake is one line and exit 78 instead of a reset per
 * client.  --check calls it before it prints what would run; a resident
 * parent (--listen, Accept=no, inetd wait) before it binds or accepts.
 * Accept=yes and inetd nowait handlers do not: each is one connection,
 * and each stage there already fails with the reason in the log (and a
 * 5xx where HTTP is possible), at no start-up cost to the others.
 *
 * Checked, in the order a connection would meet them:
 *   - root without --user (and without --allow-root);
 *   - --user USER[:GROUP] names a user (and group), and started as
 *     another user than root, is that user;
 *   - --chroot DIR is a directory;
 *   - every exec: target's PROGRAM is found in the program's PATH and is
 *     executable by the user the handler runs as;
 *   - --pty: a pseudo-terminal can be opened (/dev/ptmx, /dev/pts; the
 *     jail's under --chroot);
 *   - --record DIR is a directory that user may create files in (ACLs
 *     and read-only mounts are not looked at: a file that cannot be
 *     created is still one line per connection);
 *   - the TLS certificates, keys, client CA and ticket key load, and each
 *     key belongs to its certificate, when TLS can be on.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exec_path.h"
#include "log.h"
#include "preflight.h"
#include "privdrop.h"
#include "pty.h"
#include "tls.h"
#include "wsinetd.h"

/* Whether uid/gid may execute st (root: any x bit), as execve() decides. */
static bool
preflight_may_exec(const struct stat *st, uid_t uid, gid_t gid)
{
	if (uid == 0)
		return (st->st_mode & 0111) != 0;
	if (st->st_uid == uid)
		return (st->st_mode & S_IXUSR) != 0;
	if (st->st_gid == gid)
		return (st->st_mode & S_IXGRP) != 0;
	return (st->st_mode & S_IXOTH) != 0;
}

/* The route's name in a line: "target" for the default, else its own. */
static void
preflight_route_name(const struct route *r, size_t i, char *out,
    size_t len)
{
	if (cfg.default_route && i == cfg.routes.n - 1)
		snprintf(out, len, "target");
	else
		snprintf(out, len, "route %s%s", r->host, r->prefix);
}

/* Each exec: PROGRAM, as the handler will look for it and run it. */
static int
preflight_exec(uid_t uid, gid_t gid, char *why, size_t len)
{
	const struct route *r;
	const char	*path = exec_path_program_path();
	char		 file[PATH_MAX], name[300];
	struct stat	 st;
	size_t		 i;
	int		 err;

	/* XXX under --chroot the program is looked up inside DIR, after
	 * the chroot each handler does; not checked here. */
	if (cfg.chroot != NULL)
		return 0;
	for (i = 0; i < cfg.routes.n; i++) {
		r = &cfg.routes.r[i];
		if (r->target.kind != TARGET_EXEC)
			continue;
		preflight_route_name(r, i, name, sizeof(name));
		err = exec_path_resolve(r->target.argv[0], path, file,
		    sizeof(file));
		if (err == 0 && stat(file, &st) == 0 &&
		    !preflight_may_exec(&st, uid, gid)) {
			snprintf(why, len, "%s: exec %s: %.200s is not executable "
			    "by uid %u gid %u (mode %04o, owner %u:%u)", name,
			    r->target.argv[0], file, (unsigned)uid,
			    (unsigned)gid, (unsigned)(st.st_mode & 07777),
			    (unsigned)st.st_uid, (unsigned)st.st_gid);
			return -1;
		}
		if (err != 0) {
			snprintf(why, len, "%s: exec %s: %s", name,
			    r->target.argv[0], exec_path_why(err,
			    r->target.argv[0], path));
			return -1;
		}
	}
	return 0;
}

/* Whether uid/gid may create files in the directory st (write and
 * search), as the kernel decides for a process without capabilities. */
static bool
preflight_may_create(const struct stat *st, uid_t uid, gid_t gid)
{
	mode_t	 need;

	if (uid == 0)
		return true;
	need = st->st_uid == uid ? S_IWUSR | S_IXUSR : st->st_gid == gid ?
	    S_IWGRP | S_IXGRP : S_IWOTH | S_IXOTH;
	return (st->st_mode & need) == need;
}

/* --record DIR: a directory the handler's user may create files in. */
static int
preflight_record(uid_t uid, gid_t gid, char *why, size_t len)
{
	struct stat	 st;

	if (cfg.record_dir == NULL)
		return 0;
	if (stat(cfg.record_dir, &st) == -1) {
		snprintf(why, len, "--record %s: %s", cfg.record_dir,
		    strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(why, len, "--record %s: not a directory",
		    cfg.record_dir);
		return -1;
	}
	if (!preflight_may_create(&st, uid, gid)) {
		if (cfg.user != NULL)
			snprintf(why, len, "--record %s: --user %s cannot "
			    "create files in it (e.g. install -d -m 0700 -o %s "
			    "%s)", cfg.record_dir, cfg.user, cfg.user,
			    cfg.record_dir);
		else
			snprintf(why, len, "--record %s: uid %u cannot create "
			    "files in it", cfg.record_dir, (unsigned)uid);
		return -1;
	}
	return 0;
}

/* 0, or -1 with why: the first mistake every connection would hit. */
static int
preflight_check(char *why, size_t len)
{
	struct stat	 st;
	uid_t		 uid = geteuid();
	gid_t		 gid = getegid();

	if (cfg.user == NULL && !cfg.allow_root &&
	    (geteuid() == 0 || getuid() == 0)) {
		snprintf(why, len, "refusing to run as root: add --user USER "
		    "(e.g. --user nobody) to drop privileges before client "
		    "bytes are parsed, or --allow-root to run as root anyway");
		return -1;
	}
	if (cfg.user != NULL) {
		if (privdrop_resolve(&uid, &gid, why, len) != 0)
			return -1;
		if (uid == 0) {
			snprintf(why, len, "--user %s is root: name an "
			    "unprivileged user such as nobody", cfg.user);
			return -1;
		}
		if (geteuid() != 0 && (geteuid() != uid || getuid() != uid)) {
			snprintf(why, len, "--user %s needs to start as root "
			    "(running as uid %u)", cfg.user,
			    (unsigned)geteuid());
			return -1;
		}
	}
	if (cfg.chroot != NULL && (stat(cfg.chroot, &st) == -1 ||
	    !S_ISDIR(st.st_mode))) {
		snprintf(why, len, "--chroot %s: %s", cfg.chroot,
		    errno && !S_ISDIR(st.st_mode) ? strerror(errno) :
		    "not a directory");
		return -1;
	}
	if (preflight_exec(uid, gid, why, len) != 0)
		return -1;
	if (cfg.pty_any && pty_check(why, len) != 0)
		return -1;
	if (preflight_record(uid, gid, why, len) != 0)
		return -1;
	return tls_check(why, len);
}

/* Returns when nothing is wrong; else logs why and exits 78. */
void
preflight_run(void)
{
	char	 why[1024];

	errno = 0;
	if (preflight_check(why, sizeof(why)) != 0)
		fatalx(EXIT_CONFIG, "%s", why);
}
