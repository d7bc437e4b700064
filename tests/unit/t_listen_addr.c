/*
 * t_listen_addr.c: the --listen specs, good and bad, as a table: the kind,
 * host, port and path each good one parses into, and that each bad one is
 * refused with a reason.  Every prefix of a good spec is also parsed (a
 * spec is read whole, so there is no split to feed: a cut spec is another
 * spec, and must be either refused or parsed into something consistent).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "listen_addr.h"

static const struct {
	const char	*spec;
	enum listen_kind kind;
	const char	*host;		/* or the unix path */
	unsigned	 port;
	bool		 flag;		/* bracketed, or abstract */
} good[] = {
	{ "8080", LISTEN_ANY, "", 8080, false },
	{ ":8080", LISTEN_ANY, "", 8080, false },
	{ "1", LISTEN_ANY, "", 1, false },
	{ ":65535", LISTEN_ANY, "", 65535, false },
	{ "00080", LISTEN_ANY, "", 80, false },
	{ "127.0.0.1:8080", LISTEN_HOST, "127.0.0.1", 8080, false },
	{ "0.0.0.0:80", LISTEN_HOST, "0.0.0.0", 80, false },
	{ "localhost:6080", LISTEN_HOST, "localhost", 6080, false },
	{ "my-host_1.example.org:443", LISTEN_HOST, "my-host_1.example.org",
	    443, false },
	{ "[::1]:8080", LISTEN_HOST, "::1", 8080, true },
	{ "[::]:80", LISTEN_HOST, "::", 80, true },
	{ "[fe80::1%lo]:80", LISTEN_HOST, "fe80::1%lo", 80, true },
	{ "[::ffff:127.0.0.1]:9", LISTEN_HOST, "::ffff:127.0.0.1", 9, true },
	{ "unix:/run/wsinetd.sock", LISTEN_UNIX, "/run/wsinetd.sock", 0,
	    false },
	{ "unix:relative.sock", LISTEN_UNIX, "relative.sock", 0, false },
	{ "unix:@wsinetd", LISTEN_UNIX, "wsinetd", 0, true },
	{ "unix:/a:b", LISTEN_UNIX, "/a:b", 0, false },
};

static const char *const bad[] = {
	"", ":", "0", ":0", "65536", "99999", "127.0.0.1:99999",
	"127.0.0.1:0", "127.0.0.1:", "127.0.0.1", "host:-1", "host:+80",
	"host:80x", "host:0x50", "host: 80", " 80", "80 ", "123456",
	"::1:8080", "::1", "[::1]", "[::1]:", "[::1]8080", "[::1]:99999",
	"[]:80", "[127.0.0.1]:80", "[::1%]:80", "[nothex]:80", "[::1:80",
	"a b:80", "host/x:80", "unix:", "unix:@", "http://x:80", "*:80",
};

int
main(void)
{
	struct listen_addr a;
	const char	*why;
	char		 longpath[201], cut[300];
	size_t		 i, k;
	int		 r;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		why = NULL;
		r = listen_addr_parse(good[i].spec, &a, &why);
		check(r == 0);
		if (r != 0) {
			fprintf(stderr, "refused %s: %s\n", good[i].spec, why);
			continue;
		}
		check(a.kind == good[i].kind);
		if (a.kind == LISTEN_UNIX) {
			check(strcmp(a.path, good[i].host) == 0);
			check(a.abstract == good[i].flag);
		} else {
			check(strcmp(a.host, good[i].host) == 0);
			check(a.port == good[i].port);
			check(a.bracketed == good[i].flag);
		}
		/* Every cut of a good spec: refused, or a port in range. */
		for (k = 0; k < strlen(good[i].spec); k++) {
			snprintf(cut, sizeof(cut), "%.*s", (int)k,
			    good[i].spec);
			if (listen_addr_parse(cut, &a, &why) == 0)
				check(a.kind == LISTEN_UNIX || (a.port >= 1 &&
				    strlen(a.host) < k));
			else
				check(why != NULL && why[0] != '\0');
		}
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		r = listen_addr_parse(bad[i], &a, &why);
		check(r == -EINVAL);
		check(why != NULL && why[0] != '\0');
		if (r == 0)
			fprintf(stderr, "accepted %s\n", bad[i]);
	}
	/* The port's reason names the range. */
	check(listen_addr_parse("127.0.0.1:99999", &a, &why) == -EINVAL &&
	    strstr(why, "1 to 65535") != NULL);
	check(listen_addr_parse("::1:80", &a, &why) == -EINVAL &&
	    strstr(why, "[::1]") != NULL);
	/* sun_path holds 107 bytes and the NUL; abstract: 107 after '@'. */
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	snprintf(cut, sizeof(cut), "unix:/%.106s", longpath);
	check(listen_addr_parse(cut, &a, &why) == 0 && strlen(a.path) == 107);
	snprintf(cut, sizeof(cut), "unix:/%.107s", longpath);
	check(listen_addr_parse(cut, &a, &why) == -ENAMETOOLONG);
	snprintf(cut, sizeof(cut), "unix:@%.107s", longpath);
	check(listen_addr_parse(cut, &a, &why) == 0 && a.abstract);
	snprintf(cut, sizeof(cut), "unix:@%.108s", longpath);
	check(listen_addr_parse(cut, &a, &why) == -ENAMETOOLONG);
	/* A host name as long as the buffer allows, and one byte more. */
	memset(cut, 'h', 255);
	snprintf(cut + 255, sizeof(cut) - 255, ":80");
	check(listen_addr_parse(cut, &a, &why) == 0 &&
	    strlen(a.host) == 255);
	memset(cut, 'h', 256);
	snprintf(cut + 256, sizeof(cut) - 256, ":80");
	check(listen_addr_parse(cut, &a, &why) == -EINVAL);
	return check_summary("t_listen_addr");
}
