/*
 * privdrop.c: give up root before the first client byte is parsed.
 *
 * Called once per connection, after the configuration and (for a TLS
 * connection) GnuTLS and its files are loaded, and before the PROXY
 * header, the TLS handshake or the HTTP request is read.  The order is
 * STYLE.md's habit 11: resolve the names (NSS needs the real root), chroot
 * if asked, setgroups(0, NULL), setresgid, setresuid, read every id back,
 * check that setuid(0) now fails, then PR_SET_NO_NEW_PRIVS, which is set
 * whether or not anything was dropped.  Any failure exits 78: running on
 * with privileges the operator asked us to drop is worse than refusing.
 *
 * Root without --user is refused (78) unless --allow-root says the
 * operator means it; then every connection logs a warning.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "log.h"
#include "privdrop.h"
#include "wsinetd.h"

/*
 * Plain digits as an id: 0, or -1 for anything else.  (uid_t)-1 means "no
 * change" to setresuid(), and a larger number would be truncated (to 1 for
 * 4294967297): both are refused.  uid_t and gid_t are both 32 bits.
 */
static int
privdrop_id(const char *s, unsigned long *id)
{
	char	*end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*id = strtoul(s, &end, 10);
	return errno != 0 || *end != '\0' || *id >= (unsigned long)(uid_t)-1 ?
	    -1 : 0;
}

/*
 * --user USER[:GROUP] into uid and gid (GROUP: else USER's group).  Plain
 * digits are the id itself, as systemd's User= takes them, and are not
 * looked up: asking NSS first loaded libnss_systemd and cost every
 * connection 57 system calls for an answer the digits already give
 * (Debian's adduser refuses all-digit names).  A UID alone means the
 * group of the same number.  0, or -1 with why ("--user nouser: no such
 * user").
 */
int
privdrop_resolve(uid_t *uid, gid_t *gid, char *why, size_t len)
{
	struct passwd	*pw;
	struct group	*gr;
	unsigned long	 id;

	if (cfg.user_resolved) {		/* privdrop_prepare() */
		*uid = cfg.user_uid;
		*gid = cfg.user_gid;
		return 0;
	}
	errno = 0;
	if (privdrop_id(cfg.user, &id) == 0) {
		*uid = (uid_t)id;
		*gid = (gid_t)id;
	} else if ((pw = getpwnam(cfg.user)) != NULL) {
		*uid = pw->pw_uid;
		*gid = pw->pw_gid;
	} else {
		snprintf(why, len, "--user %s: no such user%s%s", cfg.user,
		    errno ? ": " : "", errno ? strerror(errno) : "");
		return -1;
	}
	if (cfg.group == NULL)
		return 0;
	errno = 0;
	if (privdrop_id(cfg.group, &id) == 0)
		*gid = (gid_t)id;
	else if ((gr = getgrnam(cfg.group)) != NULL)
		*gid = gr->gr_gid;
	else {
		snprintf(why, len, "--user %s:%s: no such group%s%s",
		    cfg.user, cfg.group, errno ? ": " : "",
		    errno ? strerror(errno) : "");
		return -1;
	}
	return 0;
}

/* Read the ids back: a partial drop must not go unnoticed. */
static void
privdrop_verify(uid_t uid, gid_t gid)
{
	uid_t	 ru, eu, su;
	gid_t	 rg, eg, sg;

	if (getresuid(&ru, &eu, &su) == -1 || getresgid(&rg, &eg, &sg) == -1)
		fatal(EXIT_CONFIG, "reading back the user and group ids");
	if (ru != uid || eu != uid || su != uid || rg != gid || eg != gid ||
	    sg != gid)
		fatalx(EXIT_CONFIG, "dropping privileges did not stick: uids "
		    "%u/%u/%u gids %u/%u/%u", (unsigned)ru, (unsigned)eu,
		    (unsigned)su, (unsigned)rg, (unsigned)eg, (unsigned)sg);
	if (getgroups(0, NULL) != 0)
		fatalx(EXIT_CONFIG, "supplementary groups are still set");
	if (setuid(0) != -1)
		fatalx(EXIT_CONFIG, "setuid(0) still works after dropping "
		    "privileges");
}

static int
privdrop_user(const char *peer)
{
	uid_t	 uid;
	gid_t	 gid;
	char	 why[256];

	if (privdrop_resolve(&uid, &gid, why, sizeof(why)) != 0) {
		log_warnx("%s: %s", peer, why);
		return -1;
	}
	if (uid == 0) {
		log_warnx("%s: --user %s is root: name an unprivileged user "
		    "such as nobody", peer, cfg.user);
		return -1;
	}
	if (geteuid() != 0) {
		/* Already the user (systemd User=, xinetd user =): fine. */
		if (getuid() == uid && geteuid() == uid && getgid() == gid)
			return 0;
		log_warnx("%s: --user %s needs to start as root (running as "
		    "uid %u)", peer, cfg.user, (unsigned)geteuid());
		return -1;
	}
	if (cfg.chroot != NULL && (chroot(cfg.chroot) == -1 ||
	    chdir("/") == -1)) {
		log_warn("%s: --chroot %s", peer, cfg.chroot);
		return -1;
	}
	if (setgroups(0, NULL) == -1)
		fatal(EXIT_CONFIG, "%s: setgroups", peer);
	if (setresgid(gid, gid, gid) == -1)
		fatal(EXIT_CONFIG, "%s: setresgid %u", peer, (unsigned)gid);
	if (setresuid(uid, uid, uid) == -1)
		fatal(EXIT_CONFIG, "%s: setresuid %u", peer, (unsigned)uid);
	privdrop_verify(uid, gid);
	return 0;
}

/*
 * At start-up, before any socket is touched: root without --user is a
 * configuration error unless --allow-root says the operator means it.
 * Exits 78 with the fix in the log line.
 */
void
privdrop_check(void)
{
	if (cfg.user != NULL || cfg.allow_root)
		return;
	if (geteuid() == 0 || getuid() == 0)
		fatalx(EXIT_CONFIG, "refusing to run as root: add --user USER "
		    "(e.g. --user nobody) to drop privileges before client "
		    "bytes are parsed, or --allow-root to run as root anyway");
}

/*
 * In a resident parent, before it forks: resolve --user once, so that
 * each child drops to the ids without asking NSS again (45 us and ~20
 * system calls per connection).  Exits 78 for an unknown user or group.
 */
void
privdrop_prepare(void)
{
	char	 why[256];

	if (cfg.user == NULL || cfg.user_resolved)
		return;
	if (privdrop_resolve(&cfg.user_uid, &cfg.user_gid, why,
	    sizeof(why)) != 0)
		fatalx(EXIT_CONFIG, "%s", why);
	cfg.user_resolved = true;
}

/*
 * Drop what --user/--chroot ask for (privdrop_check() has refused root
 * without --user or --allow-root) and set PR_SET_NO_NEW_PRIVS.  peer
 * names the client in log lines.  0 when the process may read client
 * bytes; -1 (logged) for a mistake in the configuration that the client
 * may still be told of (an unknown --user, a missing --chroot): nothing
 * was dropped, so the caller must read nothing and exit 78.  A drop that
 * fails half-way exits 78 here.
 */
int
privdrop_apply(const char *peer)
{
	if (cfg.user != NULL) {
		if (privdrop_user(peer) != 0)
			return -1;
	} else if (geteuid() == 0 || getuid() == 0) {
		privdrop_check();		/* exits unless --allow-root */
		if (cfg.chroot != NULL && (chroot(cfg.chroot) == -1 ||
		    chdir("/") == -1)) {
			log_warn("%s: --chroot %s", peer, cfg.chroot);
			return -1;
		}
		log_warnx("%s: running as root (--allow-root): client bytes "
		    "are parsed with every privilege", peer);
	} else if (cfg.chroot != NULL) {
		log_warnx("%s: --chroot %s needs root and --user", peer,
		    cfg.chroot);
		return -1;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		fatal(EXIT_CONFIG, "%s: PR_SET_NO_NEW_PRIVS", peer);
	return 0;
}
