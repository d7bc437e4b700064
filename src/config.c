/*
 * config.c: argv into cfg (the one global), with DESIGN.md's defaults.
 * Usage errors exit 64; --help and --version exit 0.  Numbers are parsed
 * strictly: digits only, no sign, no base prefix, no overflow.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <sys/socket.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <http_parser.h>
#include <nettle/version.h>
#include <zlib.h>

#include "auth.h"
#include "config.h"
#include "listen_addr.h"
#include "proxy_build.h"
#include "route.h"
#include "log.h"
#include "text.h"
#include "target.h"
#include "tls.h"
#include "wsinetd.h"

struct config cfg;

static char	**config_argv;		/* for getopt's error cases */

enum {
	OPT_SUBPROTOCOL = 256,
	OPT_ORIGIN,
	OPT_TEXT,
	OPT_MAX_MESSAGE,
	OPT_COMPRESS,
	OPT_COMPRESS_LEVEL,
	OPT_COMPRESS_MIN,
	OPT_HANDSHAKE_TIMEOUT,
	OPT_IDLE_TIMEOUT,
	OPT_PING_INTERVAL,
	OPT_LISTEN,
	OPT_CHECK,
	OPT_TLS,
	OPT_TLS_CERT,
	OPT_TLS_KEY,
	OPT_TLS_PRIORITY,
	OPT_TLS_TICKET_KEY,
	OPT_TLS_CLIENT_CA,
	OPT_GEN_TICKET_KEY,
	OPT_USER,
	OPT_CHROOT,
	OPT_ALLOW_ROOT,
	OPT_NO_SECCOMP,
	OPT_PROXY_PROTOCOL,
	OPT_TRUST_FORWARDED,
	OPT_ROUTE,
	OPT_STRIP_PREFIX,
	OPT_TOKEN_FILE,
	OPT_CONFIG,
	OPT_WEB,
	OPT_WEB_DOTFILES,
	OPT_BACKEND_CA,
	OPT_BACKEND_INSECURE,
	OPT_EXEC_TERM_MS,
	OPT_EXEC_KILL_MS,
	OPT_PREFORK,
	OPT_MAX_CONNECTIONS,
	OPT_AUTH_FILE,
	OPT_AUTH_REALM,
	OPT_AUTH_CHECKS,
	OPT_HASH_PASSWORD,
	OPT_BACKEND_PROXY,
	OPT_PASSENV,
	OPT_RECORD,
	OPT_RECORD_MAX_BYTES,
	OPT_PTY,
	OPT_PTY_ROUTE,
};

static const struct option config_opts[] = {
	{ "subprotocol",	required_argument, NULL, OPT_SUBPROTOCOL },
	{ "origin",		required_argument, NULL, OPT_ORIGIN },
	{ "text",		no_argument,	   NULL, OPT_TEXT },
	{ "max-message",	required_argument, NULL, OPT_MAX_MESSAGE },
	{ "compress",		no_argument,	   NULL, OPT_COMPRESS },
	{ "compress-level",	required_argument, NULL, OPT_COMPRESS_LEVEL },
	{ "compress-min",	required_argument, NULL, OPT_COMPRESS_MIN },
	{ "handshake-timeout",	required_argument, NULL, OPT_HANDSHAKE_TIMEOUT },
	{ "idle-timeout",	required_argument, NULL, OPT_IDLE_TIMEOUT },
	{ "ping-interval",	required_argument, NULL, OPT_PING_INTERVAL },
	{ "listen",		required_argument, NULL, OPT_LISTEN },
	{ "check",		no_argument,	   NULL, OPT_CHECK },
	{ "tls",		required_argument, NULL, OPT_TLS },
	{ "tls-cert",		required_argument, NULL, OPT_TLS_CERT },
	{ "tls-key",		required_argument, NULL, OPT_TLS_KEY },
	{ "tls-priority",	required_argument, NULL, OPT_TLS_PRIORITY },
	{ "tls-ticket-key",	required_argument, NULL, OPT_TLS_TICKET_KEY },
	{ "tls-client-ca",	required_argument, NULL, OPT_TLS_CLIENT_CA },
	{ "gen-ticket-key",	required_argument, NULL, OPT_GEN_TICKET_KEY },
	{ "user",		required_argument, NULL, OPT_USER },
	{ "chroot",		required_argument, NULL, OPT_CHROOT },
	{ "allow-root",		no_argument,	   NULL, OPT_ALLOW_ROOT },
	{ "no-seccomp",		no_argument,	   NULL, OPT_NO_SECCOMP },
	{ "proxy-protocol",	no_argument,	   NULL, OPT_PROXY_PROTOCOL },
	{ "trust-forwarded",	required_argument, NULL, OPT_TRUST_FORWARDED },
	{ "route",		required_argument, NULL, OPT_ROUTE },
	{ "strip-prefix",	no_argument,	   NULL, OPT_STRIP_PREFIX },
	{ "token-file",		required_argument, NULL, OPT_TOKEN_FILE },
	{ "config",		required_argument, NULL, OPT_CONFIG },
	{ "web",		required_argument, NULL, OPT_WEB },
	{ "web-dotfiles",	no_argument,	   NULL, OPT_WEB_DOTFILES },
	{ "backend-ca",		required_argument, NULL, OPT_BACKEND_CA },
	{ "backend-insecure",	no_argument,	   NULL, OPT_BACKEND_INSECURE },
	{ "exec-term-ms",	required_argument, NULL, OPT_EXEC_TERM_MS },
	{ "exec-kill-ms",	required_argument, NULL, OPT_EXEC_KILL_MS },
	{ "prefork",		required_argument, NULL, OPT_PREFORK },
	{ "max-connections",	required_argument, NULL, OPT_MAX_CONNECTIONS },
	{ "auth-file",		required_argument, NULL, OPT_AUTH_FILE },
	{ "auth-realm",		required_argument, NULL, OPT_AUTH_REALM },
	{ "auth-checks",	required_argument, NULL, OPT_AUTH_CHECKS },
	{ "hash-password",	required_argument, NULL, OPT_HASH_PASSWORD },
	{ "backend-proxy",	required_argument, NULL, OPT_BACKEND_PROXY },
	{ "passenv",		required_argument, NULL, OPT_PASSENV },
	{ "record",		required_argument, NULL, OPT_RECORD },
	{ "record-max-bytes",	required_argument, NULL, OPT_RECORD_MAX_BYTES },
	{ "pty",		no_argument,	   NULL, OPT_PTY },
	{ "pty-route",		required_argument, NULL, OPT_PTY_ROUTE },
	{ "verbose",		no_argument,	   NULL, 'v' },
	{ "quiet",		no_argument,	   NULL, 'q' },
	{ "help",		no_argument,	   NULL, 'h' },
	{ "version",		no_argument,	   NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static const char config_usage[] =
"usage: wsinetd [OPTIONS] [TARGET]\n"
"       wsinetd [OPTIONS] exec:PROGRAM [ARG...]\n"
"\n"
"A WebSocket handler for socket activation: systemd (Accept=yes or no),\n"
"inetd/xinetd (nowait), or --listen start it; it upgrades the connection\n"
"and relays it to TARGET, the default route.\n"
"\n"
"Targets:\n"
"  tcp:HOST:PORT          a TCP service (IPv6 as tcp:[::1]:5900)\n"
"  unix:PATH              a unix stream socket (unix:@NAME: abstract)\n"
"  exec:PROGRAM [ARG...]  a program: stdin/stdout are the stream, stderr\n"
"                         goes to the log, CGI-style environment\n"
"  echo                   answer every message with itself\n"
"  ws://, wss://, http://, https://HOST[:PORT][/PATH]\n"
"                         pass the request through to that server and\n"
"                         relay its bytes unchanged\n"
"\n"
"Routing and files:\n"
"  --route [HOST]/PATH=TARGET\n"
"                         longest PATH prefix wins; a route naming the\n"
"                         Host beats one without (repeatable)\n"
"  --strip-prefix         pass the path on without the route's PATH\n"
"  --token-file FILE      ?token=NAME picks the line NAME: HOST:PORT of\n"
"                         FILE, or of the files in a directory FILE\n"
"                         (websockify's format; read per connection)\n"
"  --web DIR              serve files from DIR to GET/HEAD requests that\n"
"                         are not WebSocket upgrades (repeatable: the\n"
"                         first DIR that has the file answers)\n"
"  --web-dotfiles         also serve names starting with '.' (404 without;\n"
"                         /.well-known/ is always served)\n"
"  --config FILE          read options from FILE: name = value lines\n"
"\n"
"Backends:\n"
"  --backend-ca FILE      also trust FILE for wss:// and https:// backends\n"
"  --backend-insecure     do not verify backend certificates (logged)\n"
"  --exec-term-ms MS      after the client is done, the program's time\n"
"                         to exit once its stdin is closed (1000)\n"
"  --exec-kill-ms MS      then from SIGTERM to SIGKILL (1000)\n"
"  --passenv NAME         pass NAME from wsinetd's environment to exec:\n"
"                         programs (repeatable); PATH is otherwise\n"
"                         /usr/local/bin:/usr/bin:/bin\n"
"  --pty                  exec: programs run on a pseudo-terminal (a web\n"
"                         terminal): binary messages are its input and\n"
"                         output, a text message {\"cols\":N,\"rows\":M}\n"
"                         sets its window\n"
"  --pty-route [HOST]/PATH\n"
"                         --pty for that exec: route only (repeatable)\n"
"  --backend-proxy v1|v2|off\n"
"  --backend-proxy [HOST]/PATH=v1|v2|off\n"
"                         send a PROXY header naming the client to tcp:\n"
"                         and unix: backends (all, or that route's)\n"
"\n"
"Authentication (HTTP Basic; use TLS):\n"
"  --auth-file FILE       every request needs the password of a line\n"
"                         user:HASH of FILE (yescrypt, bcrypt or SHA-512\n"
"                         crypt; read per connection)\n"
"  --auth-realm NAME      the realm the browser shows (wsinetd)\n"
"  --auth-checks N        password checks at once under --listen or\n"
"                         Accept=no; more wait, then 503 (4)\n"
"  --hash-password USER   read a password on stdin, print USER:HASH\n"
"                         (yescrypt) for FILE, and exit\n"
"\n"
"Session recording:\n"
"  --record DIR           write each session to a new file in DIR, an\n"
"                         asciicast v2 recording (asciinema cat/play);\n"
"                         DIR must be writable by --user\n"
"  --record-max-bytes N   stop a recording at N bytes (67108864)\n"
"\n"
"WebSocket:\n"
"  --subprotocol NAME     offer NAME in negotiation (repeatable)\n"
"  --origin PATTERN       allowed Origin values, * wildcards (repeatable)\n"
"  --text                 send backend data as text messages\n"
"  --max-message BYTES    largest message accepted (16777216), else 1009\n"
"  --compress             negotiate permessage-deflate (RFC 7692)\n"
"  --compress-level N     zlib level 0-9 for messages we send (6)\n"
"  --compress-min BYTES   send shorter messages uncompressed (64)\n"
"\n"
"TLS (GnuTLS, loaded only for TLS connections):\n"
"  --tls on|off|auto      TLS mode; auto: a ClientHello turns TLS on\n"
"                         (default: on for a socket named tls or https,\n"
"                         auto with --tls-cert, else off)\n"
"  --tls-cert FILE        certificate chain, PEM (repeatable; SNI picks,\n"
"                         the first is the fallback; default\n"
"                         $CREDENTIALS_DIRECTORY/tls.crt)\n"
"  --tls-key FILE         key of the --tls-cert before it (default\n"
"                         $CREDENTIALS_DIRECTORY/tls.key)\n"
"  --tls-priority STR     GnuTLS priority string (TLS 1.2 and 1.3)\n"
"  --tls-ticket-key FILE  session-ticket key shared by all processes\n"
"                         (default $CREDENTIALS_DIRECTORY/tls-ticket.key)\n"
"  --tls-client-ca FILE   require client certificates issued by FILE\n"
"  --gen-ticket-key FILE  write a new ticket key to FILE and exit\n"
"\n"
"Behind a load balancer:\n"
"  --proxy-protocol       every connection starts with a PROXY v1 or v2\n"
"                         header (HAProxy send-proxy[-v2]); it names the\n"
"                         client in the log; no header: closed\n"
"  --trust-forwarded CIDR take the client from X-Forwarded-For when the\n"
"                         peer is in CIDR (repeatable)\n"
"\n"
"Timers (seconds):\n"
"  --handshake-timeout S  TLS, request and backend connect (10)\n"
"  --idle-timeout S       close a silent connection with 1001 (none)\n"
"  --ping-interval S      send pings (none)\n"
"\n"
"Privileges (before the first client byte is parsed):\n"
"  --user USER[:GROUP]    drop to USER (and GROUP) after loading files\n"
"  --chroot DIR           chroot to DIR before dropping (needs --user)\n"
"  --allow-root           keep running as root when started as root\n"
"                         without --user (refused otherwise)\n"
"  --no-seccomp           no system-call filters (request phase, relay)\n"
"\n"
"Running:\n"
"  --listen ADDR:PORT     bind and serve: PORT or :PORT (every address,\n"
"                         IPv6 and IPv4), ADDR:PORT, [IPv6]:PORT,\n"
"                         unix:PATH\n"
"  --prefork N            resident parent (--listen, Accept=no): N idle\n"
"                         children wait in accept() (4; 0: fork on accept)\n"
"  --max-connections N    resident parent: at most N handlers at once;\n"
"                         more wait in the listen backlog (512)\n"
"  --check                check the configuration, print it, exit\n"
"  -v, --verbose          also log informational lines\n"
"  -q, --quiet            no access log\n"
"  -h, --help             this text\n"
"  -V, --version          versions of wsinetd and its libraries\n"
"\n"
"Examples (as root; under systemd, ExecStart= without --listen and --user):\n"
"  noVNC: its page and its WebSocket on port 6080, the VNC server on 5900\n"
"    wsinetd --listen :6080 --user nobody --web /usr/share/novnc \\\n"
"        tcp:127.0.0.1:5900\n"
"  a program per connection, a text message per line (websocketd's way)\n"
"    wsinetd --listen :8080 --user nobody --text exec:/usr/bin/bc -q\n"
"  wss:// on port 443 with your certificate and key\n"
"    wsinetd --listen :443 --user nobody --tls on \\\n"
"        --tls-cert /etc/wsinetd/tls.crt --tls-key /etc/wsinetd/tls.key \\\n"
"        tcp:127.0.0.1:5900\n"
"  behind nginx (proxy_pass http://127.0.0.1:8080/;), naming the client\n"
"    wsinetd --listen 127.0.0.1:8080 --user nobody --ping-interval 30 \\\n"
"        --trust-forwarded 127.0.0.1 tcp:127.0.0.1:5900\n"
"More in wsinetd(8) and the README.\n";

static void __attribute__((noreturn, format(printf, 1, 2)))
config_usage_error(const char *fmt, ...)
{
	va_list	 ap;
	char	 msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* Through log.c, so the line has every line's prefix and sink. */
	if (cfg.config_file != NULL)
		log_warnx("%s:%u: %s", cfg.config_file, cfg.config_line, msg);
	else
		log_warnx("%s", msg);
	/* A bad file is bad configuration; a bad command line is usage. */
	fatalx(cfg.config_file != NULL ? EXIT_CONFIG : EXIT_USAGE,
	    "Try 'wsinetd --help'.");
}

/* Digits only, at most max; returns the value or exits 64. */
static uint64_t
config_number(const char *opt, const char *s, uint64_t max)
{
	uint64_t v = 0;
	const char *p;

	if (*s == '\0')
		config_usage_error("%s needs a number", opt);
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			config_usage_error("%s %s: not a plain decimal number",
			    opt, s);
		if (v > (max - (uint64_t)(*p - '0')) / 10)
			config_usage_error("%s %s: number too large (at most "
			    "%llu)", opt, s, (unsigned long long)max);
		v = v * 10 + (uint64_t)(*p - '0');
	}
	return v;
}

static void
config_version(void)
{
	char		 err[256];
	const char	*gnutls = tls_lib_version(err, sizeof(err));

	printf("wsinetd %s\n", WSINETD_VERSION);
	printf("http-parser %lu.%lu.%lu\n",
	    (http_parser_version() >> 16) & 255,
	    (http_parser_version() >> 8) & 255, http_parser_version() & 255);
	printf("libsystemd not linked: LISTEN_FDS and the journal protocol "
	    "are read and written directly; sd_notify is loaded by a "
	    "resident parent under $NOTIFY_SOCKET only\n");
	printf("nettle %d.%d\n", nettle_version_major(),
	    nettle_version_minor());
	printf("zlib %s\n", zlibVersion());
	if (gnutls != NULL)
		printf("GnuTLS %s (loaded for TLS connections only)\n",
		    gnutls);
	else
		printf("GnuTLS unavailable: %s\n", err);
	exit(EXIT_OK);
}

static void
config_tls_option(int ch, const char *arg)
{
	struct tls_pair	*last = cfg.ntls_certs ?
	    &cfg.tls_certs[cfg.ntls_certs - 1] : NULL;

	switch (ch) {
	case OPT_TLS:
		if (strcmp(arg, "on") == 0)
			cfg.tls_mode = TLS_ON;
		else if (strcmp(arg, "off") == 0)
			cfg.tls_mode = TLS_OFF;
		else if (strcmp(arg, "auto") == 0)
			cfg.tls_mode = TLS_AUTO;
		else
			config_usage_error("--tls %s: expected on, off or auto",
			    arg);
		break;
	case OPT_TLS_CERT:
		if (last != NULL && last->key == NULL)
			config_usage_error("--tls-cert %s has no --tls-key "
			    "after it", last->cert);
		if (cfg.ntls_certs == MAX_TLS_CERTS)
			config_usage_error("more than %d certificates",
			    MAX_TLS_CERTS);
		cfg.tls_certs[cfg.ntls_certs++].cert = arg;
		cfg.tls_certs_given = true;
		break;
	case OPT_TLS_KEY:
		if (last == NULL || last->key != NULL)
			config_usage_error("--tls-key %s: give it after the "
			    "--tls-cert it belongs to", arg);
		last->key = arg;
		break;
	case OPT_TLS_PRIORITY:
		cfg.tls_priority = arg;
		break;
	case OPT_TLS_TICKET_KEY:
		cfg.tls_ticket_key = arg;
		break;
	case OPT_TLS_CLIENT_CA:
		cfg.tls_client_ca = arg;
		break;
	}
}

/* --user USER[:GROUP]: both parts non-empty; resolved by privdrop.c. */
static void
config_user(const char *arg)
{
	char	*user, *colon;

	if ((user = strdup(arg)) == NULL)
		fatal(EXIT_FAIL, "allocating --user");
	if ((colon = strchr(user, ':')) != NULL) {
		*colon = '\0';
		cfg.group = colon + 1;
	}
	if (*user == '\0' || (cfg.group != NULL && *cfg.group == '\0'))
		config_usage_error("--user %s: want USER or USER:GROUP", arg);
	cfg.user = user;
}

/* "$CREDENTIALS_DIRECTORY/name", kept for the life of the process. */
static const char *
config_credential(const char *dir, const char *name)
{
	char	*path;

	if (asprintf(&path, "%s/%s", dir, name) == -1)
		fatal(EXIT_FAIL, "allocating a path");
	return path;
}

/*
 * Complete the TLS settings: every certificate has its key, and systemd's
 * LoadCredential= files stand in for options not given.
 */
static void
config_tls_defaults(void)
{
	const char	*dir = getenv("CREDENTIALS_DIRECTORY");
	const char	*ticket;

	if (cfg.ntls_certs && cfg.tls_certs[cfg.ntls_certs - 1].key == NULL)
		config_usage_error("--tls-cert %s has no --tls-key after it",
		    cfg.tls_certs[cfg.ntls_certs - 1].cert);
	if (cfg.tls_priority == NULL)
		cfg.tls_priority = TLS_DEFAULT_PRIORITY;
	if (dir == NULL || *dir == '\0')
		return;
	if (cfg.ntls_certs == 0) {
		cfg.tls_certs[0].cert = config_credential(dir, "tls.crt");
		cfg.tls_certs[0].key = config_credential(dir, "tls.key");
		if (access(cfg.tls_certs[0].cert, F_OK) == 0)
			cfg.ntls_certs = 1;
	}
	if (cfg.tls_ticket_key == NULL) {
		ticket = config_credential(dir, "tls-ticket.key");
		if (access(ticket, F_OK) == 0)
			cfg.tls_ticket_key = ticket;
		else
			free((void *)ticket);
	}
}

/* --route: kept in order; the default TARGET is appended last. */
static void
config_route(const char *arg)
{
	struct route_table *t = &cfg.routes;
	int		 err;

	if (t->n == MAX_ROUTES - 1)
		config_usage_error("more than %d routes", MAX_ROUTES - 1);
	if ((err = route_parse(arg, &t->r[t->n])) != 0)
		config_usage_error("--route %s: %s", arg, err == -EINVAL ?
		    "want [HOST]/PATH=TARGET, TARGET one of those listed in "
		    "--help" : strerror(-err));
	t->n++;
}

/* --listen: checked now, so --check and start-up refuse the same specs. */
static void
config_listen(const char *arg)
{
	struct listen_addr a;
	const char	*why;

	if (listen_addr_parse(arg, &a, &why) != 0)
		config_usage_error("--listen %s: %s", arg, why);
	cfg.listen = arg;
}

/* --auth-realm: printable ASCII that needs no escaping in a
 * quoted-string (RFC 9110 §5.6.4), so the challenge is sent as given. */
static void
config_realm(const char *arg)
{
	size_t	 i, n = strlen(arg);

	for (i = 0; i < n; i++)
		if (arg[i] < 0x20 || arg[i] > 0x7e || arg[i] == '"' ||
		    arg[i] == '\\')
			break;
	if (n == 0 || n > AUTH_REALM_MAX || i < n)
		config_usage_error("--auth-realm %s: want 1 to %d printable "
		    "ASCII characters without '\"' or '\\'", arg,
		    AUTH_REALM_MAX);
	cfg.auth_realm = arg;
}

/* --backend-proxy v1|v2|off, or [HOST]/PATH=v1|v2|off for one route
 * (matched once all routes are known: config_backend_proxy_routes). */
static void
config_backend_proxy(char *arg)
{
	char	*eq = strrchr(arg, '=');
	int	 v;

	if (eq == NULL) {
		if ((v = proxy_version_parse(arg)) < 0)
			config_usage_error("--backend-proxy %s: want v1, v2 "
			    "or off, or [HOST]/PATH=v1|v2|off for one route",
			    arg);
		cfg.backend_proxy = v;
		return;
	}
	if (cfg.nbackend_proxy_routes == MAX_ROUTES)
		config_usage_error("more than %d --backend-proxy routes",
		    MAX_ROUTES);
	if ((v = proxy_version_parse(eq + 1)) < 0 || strchr(arg, '/') == NULL ||
	    strchr(arg, '/') > eq)
		config_usage_error("--backend-proxy %s: want "
		    "[HOST]/PATH=v1|v2|off, [HOST]/PATH as in its --route",
		    arg);
	cfg.backend_proxy_routes[cfg.nbackend_proxy_routes].spec = arg;
	cfg.backend_proxy_routes[cfg.nbackend_proxy_routes++].version = v;
}

/*
 * The route whose HOST and PATH spec[0..len) names, "[HOST]/PATH" as in
 * its --route ("/" alone is the default TARGET when there is one), or
 * NULL.
 */
static struct route *
config_route_named(const char *spec, size_t len)
{
	struct route	*r;
	char		 host[ROUTE_HOST_MAX];
	const char	*slash = memchr(spec, '/', len);
	size_t		 j, plen;

	if (slash == NULL)
		return NULL;
	plen = len - (size_t)(slash - spec);
	if (route_host_norm(spec, (size_t)(slash - spec), host,
	    sizeof(host)) != 0)
		host[0] = '\0';
	for (j = 0; j < cfg.routes.n; j++) {
		r = &cfg.routes.r[j];
		if (strcmp(r->host, host) == 0 && strlen(r->prefix) == plen &&
		    strncmp(r->prefix, slash, plen) == 0)
			return r;
	}
	return NULL;
}

/*
 * Each --backend-proxy [HOST]/PATH=V to the route with that HOST and PATH
 * ("/" alone is the default TARGET when there is one), which must be a
 * tcp: or unix: target.
 */
static void
config_backend_proxy_routes(void)
{
	struct route	*r;
	const char	*spec;
	size_t		 i;

	for (i = 0; i < cfg.nbackend_proxy_routes; i++) {
		spec = cfg.backend_proxy_routes[i].spec;
		if ((r = config_route_named(spec, (size_t)(strrchr(spec, '=') -
		    spec))) == NULL)
			config_usage_error("--backend-proxy %s: no --route "
			    "(or default TARGET for /) with that "
			    "[HOST]/PATH", spec);
		if (r->target.kind != TARGET_TCP &&
		    r->target.kind != TARGET_UNIX)
			config_usage_error("--backend-proxy %s: route %s%s "
			    "goes to %s; a PROXY header goes to tcp: and "
			    "unix: backends only", spec, r->host, r->prefix,
			    r->target.spec);
		r->proxy_version = cfg.backend_proxy_routes[i].version;
	}
}

/*
 * --passenv NAME: a shell-style name that the CGI environment does not
 * set itself, so a passed variable can never pose as a request fact.
 */
static void
config_passenv(const char *name)
{
	static const char *const cgi[] = { "REMOTE_ADDR", "REMOTE_PORT",
	    "SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL",
	    "SERVER_SOFTWARE", "GATEWAY_INTERFACE", "REQUEST_METHOD",
	    "REQUEST_URI", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING",
	    "WEBSOCKET_PROTOCOL", "HTTPS", "REMOTE_USER", "AUTH_TYPE" };
	size_t	 i;

	if (name[strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
	    "vwxyz0123456789_")] != '\0' || *name == '\0' ||
	    (*name >= '0' && *name <= '9'))
		config_usage_error("--passenv %s: want a variable name "
		    "(letters, digits, _)", name);
	for (i = 0; i < sizeof(cgi) / sizeof(cgi[0]); i++)
		if (strcmp(name, cgi[i]) == 0)
			config_usage_error("--passenv %s: set per connection "
			    "by wsinetd itself", name);
	if (strncmp(name, "HTTP_", 5) == 0 || strncmp(name, "SSL_", 4) == 0)
		config_usage_error("--passenv %s: HTTP_* and SSL_* are set "
		    "per connection by wsinetd itself", name);
	if (cfg.npassenv == MAX_PASSENV)
		config_usage_error("more than %d --passenv", MAX_PASSENV);
	cfg.passenv[cfg.npassenv++] = name;
}

static void	 config_file(const char *);

/* One option, from argv or from a --config line; arg NULL if it takes none. */
static void
config_option(int ch, char *arg)
{
	switch (ch) {
	case OPT_SUBPROTOCOL:
		if (cfg.nsubprotocols == MAX_SUBPROTOCOLS)
			config_usage_error("more than %d subprotocols",
			    MAX_SUBPROTOCOLS);
		cfg.subprotocols[cfg.nsubprotocols++] = arg;
		break;
	case OPT_ORIGIN:
		if (cfg.norigins == MAX_ORIGINS)
			config_usage_error("more than %d origins",
			    MAX_ORIGINS);
		cfg.origins[cfg.norigins++] = arg;
		break;
	case OPT_TEXT:
		cfg.text = true;
		break;
	case OPT_PTY:
		cfg.pty = true;
		break;
	case OPT_PTY_ROUTE:
		if (cfg.npty_routes == MAX_ROUTES)
			config_usage_error("more than %d --pty-route routes",
			    MAX_ROUTES);
		if (strchr(arg, '/') == NULL)
			config_usage_error("--pty-route %s: want [HOST]/PATH "
			    "as in its --route", arg);
		cfg.pty_routes[cfg.npty_routes++] = arg;
		break;
	case OPT_MAX_MESSAGE:
		cfg.max_message = config_number("--max-message",
		    arg, UINT64_MAX >> 1);
		if (cfg.max_message == 0)
			config_usage_error("--max-message %s: must be "
			    "at least 1", arg);
		break;
	case OPT_COMPRESS:
		cfg.compress = true;
		break;
	case OPT_COMPRESS_LEVEL:
		cfg.compress_level = (int)config_number(
		    "--compress-level", arg, 9);
		break;
	case OPT_COMPRESS_MIN:
		cfg.compress_min = (size_t)config_number(
		    "--compress-min", arg, 1u << 20);
		break;
	case OPT_HANDSHAKE_TIMEOUT:
		cfg.handshake_timeout = (int)config_number(
		    "--handshake-timeout", arg, 86400);
		if (cfg.handshake_timeout == 0)
			config_usage_error("--handshake-timeout %s: "
			    "must be at least 1", arg);
		break;
	case OPT_IDLE_TIMEOUT:
		cfg.idle_timeout = (int)config_number("--idle-timeout",
		    arg, 86400 * 365);
		break;
	case OPT_PING_INTERVAL:
		cfg.ping_interval = (int)config_number(
		    "--ping-interval", arg, 86400);
		break;
	case OPT_LISTEN:
		config_listen(arg);
		break;
	case OPT_PREFORK:
		cfg.prefork = (unsigned)config_number("--prefork", arg,
		    MAX_PREFORK);
		break;
	case OPT_MAX_CONNECTIONS:
		cfg.max_connections = (unsigned)config_number(
		    "--max-connections", arg, MAX_MAX_CONNECTIONS);
		if (cfg.max_connections == 0)
			config_usage_error("--max-connections %s: must be "
			    "at least 1", arg);
		break;
	case OPT_CHECK:
		cfg.check = true;
		break;
	case OPT_TLS:
	case OPT_TLS_CERT:
	case OPT_TLS_KEY:
	case OPT_TLS_PRIORITY:
	case OPT_TLS_TICKET_KEY:
	case OPT_TLS_CLIENT_CA:
		config_tls_option(ch, arg);
		break;
	case OPT_GEN_TICKET_KEY:
		exit(tls_ticket_generate(arg));
	case OPT_USER:
		config_user(arg);
		break;
	case OPT_CHROOT:
		if (*arg != '/')
			config_usage_error("--chroot %s: give an "
			    "absolute path", arg);
		cfg.chroot = arg;
		break;
	case OPT_ALLOW_ROOT:
		cfg.allow_root = true;
		break;
	case OPT_NO_SECCOMP:
		cfg.no_seccomp = true;
		break;
	case OPT_PROXY_PROTOCOL:
		cfg.proxy_protocol = true;
		break;
	case OPT_TRUST_FORWARDED:
		if (cfg.ntrusted == MAX_TRUSTED)
			config_usage_error("more than %d "
			    "--trust-forwarded", MAX_TRUSTED);
		if (forwarded_cidr_parse(arg,
		    &cfg.trusted[cfg.ntrusted++]) != 0)
			config_usage_error("--trust-forwarded %s: want "
			    "ADDR or ADDR/BITS, e.g. 10.0.0.0/8",
			    arg);
		break;
	case OPT_ROUTE:
		config_route(arg);
		break;
	case OPT_STRIP_PREFIX:
		cfg.strip_prefix = true;
		break;
	case OPT_TOKEN_FILE:
		cfg.token_file = arg;
		break;
	case OPT_CONFIG:
		config_file(arg);
		break;
	case OPT_WEB:
		if (cfg.nweb_dirs == MAX_WEB_DIRS)
			config_usage_error("more than %d --web directories",
			    MAX_WEB_DIRS);
		cfg.web_dirs[cfg.nweb_dirs++] = arg;
		cfg.web_dir = cfg.web_dirs[0];
		break;
	case OPT_WEB_DOTFILES:
		cfg.web_dotfiles = true;
		break;
	case OPT_BACKEND_CA:
		cfg.backend_ca = arg;
		break;
	case OPT_BACKEND_INSECURE:
		cfg.backend_insecure = true;
		break;
	case OPT_EXEC_TERM_MS:
		cfg.exec_term_ms = (int)config_number("--exec-term-ms", arg,
		    600000);
		break;
	case OPT_PASSENV:
		config_passenv(arg);
		break;
	case OPT_EXEC_KILL_MS:
		cfg.exec_kill_ms = (int)config_number("--exec-kill-ms", arg,
		    600000);
		break;
	case OPT_AUTH_FILE:
		cfg.auth_file = arg;
		break;
	case OPT_AUTH_REALM:
		config_realm(arg);
		break;
	case OPT_AUTH_CHECKS:
		cfg.auth_checks = (unsigned)config_number("--auth-checks", arg,
		    MAX_AUTH_CHECKS);
		if (cfg.auth_checks == 0)
			config_usage_error("--auth-checks %s: must be at "
			    "least 1", arg);
		break;
	case OPT_HASH_PASSWORD:
		exit(auth_hash_password(arg));
	case OPT_BACKEND_PROXY:
		config_backend_proxy(arg);
		break;
	case OPT_RECORD:
		cfg.record_dir = arg;
		break;
	case OPT_RECORD_MAX_BYTES:
		cfg.record_max_bytes = config_number("--record-max-bytes",
		    arg, UINT64_MAX >> 1);
		if (cfg.record_max_bytes < RECORD_BUF)
			config_usage_error("--record-max-bytes %s: must be "
			    "at least %d", arg, RECORD_BUF);
		break;
	case 'v':
		cfg.verbose++;
		break;
	case 'q':
		cfg.verbose = -1;
		break;
	case 'h':
		fputs(config_usage, stdout);
		exit(EXIT_OK);
	case 'V':
		config_version();
		break;
	default:			/* getopt's '?', opterr is 0 */
		config_usage_error("%s: unknown option, or it needs a "
		    "value", config_argv[optind - 1]);
	}
}

/* "yes"/"no" and friends, for options without a value in a config file. */
static bool
config_yes(const char *v)
{
	if (v == NULL || strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 ||
	    strcmp(v, "on") == 0 || strcmp(v, "1") == 0)
		return true;
	if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 ||
	    strcmp(v, "off") == 0 || strcmp(v, "0") == 0)
		return false;
	config_usage_error("%s: want yes or no", v);
}

/*
 * A --config line without its comment, in place: "#" at the start of a
 * word (first on the line, or after a space or tab) starts a comment that
 * runs to the end of the line, so "ping-interval = 30  # seconds" is 30.
 * A "#" inside a word stays ("http://h/#x"); "\\#" is a "#" anywhere.
 * No other backslash is special.
 */
static void
config_strip_comment(char *line)
{
	char	*r = line, *w = line;
	bool	 word_start = true;

	for (; *r != '\0'; r++) {
		if (r[0] == '\\' && r[1] == '#') {
			*w++ = '#';
			r++;
			word_start = false;
			continue;
		}
		if (*r == '#' && word_start)
			break;
		word_start = *r == ' ' || *r == '\t';
		*w++ = *r;
	}
	*w = '\0';
}

/*
 * Why spec is not a TARGET, in words that say what to write instead:
 * the common mistakes get their own answer, anything else the list.
 */
static const char *
config_target_why(const char *spec, char *buf, size_t len)
{
	const char	*hp = spec + 4, *colon;
	size_t		 i;

	if (strncmp(spec, "tcp:", 4) == 0) {
		colon = *hp == '[' ? strstr(hp, "]:") : strrchr(hp, ':');
		if (*hp == '\0' || colon == NULL || colon[*hp == '[' ? 2 : 1] ==
		    '\0' || (*hp == '[' && strchr(hp, ']') == NULL)) {
			snprintf(buf, len, "the port is missing: write "
			    "tcp:HOST:PORT, e.g. tcp:%s:5900", *hp ? hp :
			    "127.0.0.1");
			return buf;
		}
		if (*hp != '[' && memchr(hp, ':', (size_t)(colon - hp)))
			return "an IPv6 address needs brackets, as in "
			    "tcp:[::1]:5900";
		return "want tcp:HOST:PORT with PORT 1-65535";
	}
	if (strcmp(spec, "exec:") == 0)
		return "exec: needs a PROGRAM, as in exec:/usr/bin/cat";
	if (strncmp(spec, "unix:", 5) == 0)
		return "want unix:PATH (at most 107 bytes) or unix:@NAME";
	for (i = 0; spec[i] >= '0' && spec[i] <= '9'; i++)
		;
	if (i > 0 && spec[i] == '\0') {
		snprintf(buf, len, "a port to listen on is written "
		    "--listen :%s", spec);
		return buf;
	}
	if (strchr(spec, ':') != NULL && strstr(spec, "://") == NULL) {
		snprintf(buf, len, "a TCP service is written tcp:%s", spec);
		return buf;
	}
	snprintf(buf, len, "a TARGET is one of %s", target_kinds());
	return buf;
}

/* The default TARGET of a --config file, checked on its own line. */
static void
config_file_target(const char *val)
{
	struct target	 t;
	char		 why[256];

	if (target_parse(val, &t) != 0)
		config_usage_error("target %s: not a TARGET: %s", val,
		    config_target_why(val, why, sizeof(why)));
	target_free(&t);
}

/*
 * One "name = value" line of a --config file: name is a long option
 * without its dashes, or "target" for the default TARGET.
 */
static void
config_file_line(char *line, const char **target)
{
	const struct option *o;
	char		*name = line, *eq = strchr(line, '='), *val = NULL;

	if (eq != NULL) {
		*eq = '\0';
		val = text_trim(eq + 1);
	}
	name = text_trim(name);
	if (strcmp(name, "target") == 0) {
		if (val == NULL || *val == '\0')
			config_usage_error("target needs a value: target = "
			    "TARGET");
		config_file_target(val);
		*target = val;
		return;
	}
	for (o = config_opts; o->name != NULL; o++)
		if (strcmp(o->name, name) == 0)
			break;
	if (o->name == NULL)
		config_usage_error("unknown option \"%s\" (options are the "
		    "long ones of --help, without the dashes)", name);
	if (o->val == 'h' || o->val == 'V' || o->val == OPT_CHECK ||
	    o->val == OPT_GEN_TICKET_KEY || o->val == OPT_CONFIG ||
	    o->val == OPT_HASH_PASSWORD)
		config_usage_error("%s belongs on the command line", name);
	if (o->has_arg == no_argument) {
		if (config_yes(val))
			config_option(o->val, NULL);
		return;
	}
	if (val == NULL || *val == '\0')
		config_usage_error("%s needs a value: %s = VALUE", name, name);
	config_option(o->val, val);
}

/*
 * --config FILE: every line read and applied where --config stood.  The
 * file is read whole into one buffer that cfg keeps: options point into
 * it for the life of the process.
 */
static void
config_file(const char *path)
{
	char		*text = NULL, *line, *next, *s;
	const char	*target = NULL;
	size_t		 cap = 0, len = 0;
	ssize_t		 n;
	FILE		*f;

	if (cfg.config_file != NULL)
		config_usage_error("--config inside a config file");
	if ((f = fopen(path, "re")) == NULL) {
		fatal(EXIT_CONFIG, "--config %s", path);
	}
	cfg.config_file = path;
	cfg.config_line = 0;
	n = getdelim(&text, &cap, '\0', f);	/* the whole file */
	if (ferror(f))
		config_usage_error("read error: %s", strerror(errno));
	fclose(f);
	if (n > 0)
		len = (size_t)n;
	if (text == NULL || memchr(text, '\0', len) != NULL)
		config_usage_error("%s", text ? "a NUL byte: not a text file" :
		    "cannot read it");
	cfg.config_text = text;
	for (line = text; line != NULL && *line != '\0'; line = next) {
		cfg.config_line++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		config_strip_comment(line);
		s = text_trim(line);
		if (*s != '\0')
			config_file_line(s, &target);
	}
	cfg.config_file = NULL;
	if (target != NULL)
		cfg.config_target = target;
}

/*
 * More than one word where the TARGET goes.  websockify's "PORT
 * HOST:PORT" is the common case: say which word is wrong and what to
 * write instead.
 */
static void __attribute__((noreturn))
config_default_extra(char **argv)
{
	size_t	 i;

	for (i = 0; argv[0][i] >= '0' && argv[0][i] <= '9'; i++)
		;
	if (i > 0 && argv[0][i] == '\0' && argv[2] == NULL)
		config_usage_error("%s: not a TARGET (\"%s %s\" is "
		    "websockify's order); write: --listen :%s %s%s", argv[0],
		    argv[0], argv[1], argv[0],
		    strncmp(argv[1], "tcp:", 4) == 0 ||
		    strchr(argv[1], ':') == NULL ? "" : "tcp:", argv[1]);
	config_usage_error("%s: unexpected after the TARGET %s (one TARGET "
	    "only; arguments need exec:PROGRAM ARG...)", argv[1], argv[0]);
}

/* The default TARGET (argv or "target ="), appended as the route "/". */
static void
config_default_target(char **argv)
{
	struct route	*r = &cfg.routes.r[cfg.routes.n];
	char		*one[2] = { (char *)cfg.config_target, NULL };
	char		 why[256];
	int		 err;

	if (argv[0] == NULL && cfg.config_target == NULL) {
		if (cfg.routes.n || cfg.token_file || cfg.web_dir)
			return;
		config_usage_error("%s", "no TARGET given (for example: "
		    "wsinetd echo, wsinetd tcp:127.0.0.1:5900)");
	}
	memset(r, 0, sizeof(*r));
	r->prefix = "/";
	if (argv[0] == NULL)
		err = target_parse(one[0], &r->target);
	else
		err = target_parse_argv(argv, &r->target);
	if (err == -E2BIG && argv[0] != NULL)
		config_default_extra(argv);
	if (err != 0)
		config_usage_error("%s: not a TARGET: %s", argv[0] ? argv[0] :
		    one[0], config_target_why(argv[0] ? argv[0] : one[0], why,
		    sizeof(why)));
	cfg.routes.n++;
	cfg.default_route = true;
}

/*
 * --pty (every exec: route) and --pty-route [HOST]/PATH (that one, which
 * must be an exec: route): route.pty, and cfg.pty_any when any is.
 */
static void
config_pty(void)
{
	struct route	*r;
	size_t		 i;

	for (i = 0; i < cfg.npty_routes; i++) {
		r = config_route_named(cfg.pty_routes[i],
		    strlen(cfg.pty_routes[i]));
		if (r == NULL)
			config_usage_error("--pty-route %s: no --route (or "
			    "default TARGET for /) with that [HOST]/PATH",
			    cfg.pty_routes[i]);
		if (r->target.kind != TARGET_EXEC)
			config_usage_error("--pty-route %s: route %s%s goes "
			    "to %s; a pseudo-terminal is for exec: programs",
			    cfg.pty_routes[i], r->host, r->prefix,
			    r->target.spec);
		r->pty = true;
	}
	for (i = 0; i < cfg.routes.n; i++)
		if (cfg.routes.r[i].target.kind == TARGET_EXEC && cfg.pty)
			cfg.routes.r[i].pty = true;
	if (cfg.pty && !exec_stub_needed(&cfg.routes))
		config_usage_error("%s", "--pty: no exec: target to run on "
		    "a pseudo-terminal");
	cfg.pty_any = cfg.pty || cfg.npty_routes > 0;
	if (cfg.pty_any && cfg.text)
		config_usage_error("%s", "--pty with --text: a terminal's "
		    "output is bytes, not lines; its messages are binary "
		    "(text messages are resizes)");
}

/* --web DIR: must be a directory; absolute, since the process may chdir. */
static void
config_web(void)
{
	char	*abs;

	size_t	 i;

	if (cfg.web_dir == NULL || cfg.chroot != NULL)
		return;			/* under --chroot: inside it */
	for (i = 0; i < cfg.nweb_dirs; i++) {
		if ((abs = realpath(cfg.web_dirs[i], NULL)) == NULL)
			fatal(EXIT_CONFIG, "--web %s", cfg.web_dirs[i]);
		cfg.web_dirs[i] = abs;
	}
	cfg.web_dir = cfg.web_dirs[0];
}

void
config_parse(int argc, char **argv)
{
	char		 err[256];
	int		 ch;

	cfg.max_message = DEFAULT_MAX_MESSAGE;
	cfg.handshake_timeout = DEFAULT_HANDSHAKE_S;
	cfg.compress_level = DEFAULT_COMPRESS_LEVEL;
	cfg.compress_min = DEFAULT_COMPRESS_MIN;
	cfg.exec_term_ms = DEFAULT_EXEC_TERM_MS;
	cfg.exec_kill_ms = DEFAULT_EXEC_KILL_MS;
	cfg.prefork = DEFAULT_PREFORK;
	cfg.max_connections = DEFAULT_MAX_CONNECTIONS;
	cfg.auth_checks = DEFAULT_AUTH_CHECKS;
	cfg.auth_slots_fd = -1;
	cfg.record_max_bytes = DEFAULT_RECORD_MAX;
	cfg.record_dirfd = -1;

	opterr = 0;			/* config_option() says it, prefixed */
	config_argv = argv;
	while ((ch = getopt_long(argc, argv, "+vqhV", config_opts,
	    NULL)) != -1)
		config_option(ch, optarg);
	config_tls_defaults();
	if (cfg.chroot != NULL && cfg.user == NULL && !cfg.allow_root)
		config_usage_error("--chroot %s needs --user USER", cfg.chroot);
	config_default_target(argv + optind);
	config_web();
	config_backend_proxy_routes();
	config_pty();
	if (cfg.auth_realm == NULL)
		cfg.auth_realm = "wsinetd";
	if (cfg.auth_file != NULL && crypt_lib_load(&cfg.crypt, err,
	    sizeof(err)) != 0)
		fatalx(EXIT_CONFIG, "--auth-file %s: %s", cfg.auth_file, err);
}

/*
 * A TARGET as it would be typed: an exec: program given as several words
 * on the command line is printed with each of its arguments, quoted
 * for a shell when they need it.
 */
static void
config_print_target(const struct target *t)
{
	const char	*a;
	size_t		 i;

	if (t->kind != TARGET_EXEC || strcmp(t->spec + 5, t->argv[0]) != 0) {
		printf("%s", t->spec);	/* one word, or a split string */
		return;
	}
	printf("exec:%s", t->argv[0]);
	for (i = 1; (a = t->argv[i]) != NULL; i++) {
		if (*a != '\0' && a[strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcd"
		    "efghijklmnopqrstuvwxyz0123456789_-+=/.,:@%")] == '\0') {
			printf(" %s", a);
			continue;
		}
		printf(" '");
		for (; *a != '\0'; a++)
			if (*a == '\'')
				printf("'\\''");
			else
				putchar(*a);
		putchar('\'');
	}
}

/* --check: what would run, then exit 0. */
void
config_check_print(void)
{
	const struct route *r;
	char	 addr[INET6_ADDRSTRLEN], err[256];
	const char *gnutls;
	size_t	 i;

	for (i = 0; i < cfg.routes.n; i++) {
		r = &cfg.routes.r[i];
		if (cfg.default_route && i == cfg.routes.n - 1)
			printf("target ");
		else
			printf("route %s%s ", r->host, r->prefix);
		config_print_target(&r->target);
		putchar('\n');
	}
	if (cfg.strip_prefix)
		printf("strip-prefix yes\n");
	if (cfg.token_file)
		printf("token-file %s\n", cfg.token_file);
	for (i = 0; i < cfg.nweb_dirs; i++)
		printf("web %s\n", cfg.web_dirs[i]);
	if (cfg.web_dir)
		printf("web-dotfiles %s\n",
		    cfg.web_dotfiles ? "yes" : "no (404, but /.well-known/)");
	if (cfg.backend_ca)
		printf("backend-ca %s\n", cfg.backend_ca);
	if (cfg.backend_insecure)
		printf("backend-insecure yes (backend certificates are NOT "
		    "verified)\n");
	printf("exec-term-ms %d\nexec-kill-ms %d\n", cfg.exec_term_ms,
	    cfg.exec_kill_ms);
	for (i = 0; i < cfg.npassenv; i++)
		printf("passenv %s\n", cfg.passenv[i]);
	for (i = 0; i < cfg.nsubprotocols; i++)
		printf("subprotocol %s\n", cfg.subprotocols[i]);
	for (i = 0; i < cfg.norigins; i++)
		printf("origin %s\n", cfg.origins[i]);
	printf("text %s\n", cfg.text ? "yes" : "no");
	printf("pty %s\n", cfg.pty ? "yes" : "no");
	for (i = 0; i < cfg.routes.n; i++)
		if (cfg.routes.r[i].pty && !cfg.pty)
			printf("pty-route %s%s\n", cfg.routes.r[i].host,
			    cfg.routes.r[i].prefix);
	printf("max-message %llu\n", (unsigned long long)cfg.max_message);
	if (cfg.compress)
		printf("compress permessage-deflate level %d min %zu\n",
		    cfg.compress_level, cfg.compress_min);
	else
		printf("compress no\n");
	printf("handshake-timeout %d\n", cfg.handshake_timeout);
	printf("idle-timeout %d\n", cfg.idle_timeout);
	printf("ping-interval %d\n", cfg.ping_interval);
	if (cfg.listen)
		printf("listen %s\n", cfg.listen);
	printf("prefork %u\nmax-connections %u\n", cfg.prefork,
	    cfg.max_connections);
	printf("tls %s\n", cfg.tls_mode == TLS_ON ? "on" :
	    cfg.tls_mode == TLS_OFF ? "off" : cfg.tls_mode == TLS_AUTO ?
	    "auto" : cfg.tls_certs_given ? "auto (certificates given), on "
	    "for sockets named tls or https" : "off, on for sockets named "
	    "tls or https");
	for (i = 0; i < cfg.ntls_certs; i++)
		printf("tls-cert %s key %s\n", cfg.tls_certs[i].cert,
		    cfg.tls_certs[i].key);
	if (cfg.ntls_certs)
		printf("tls-priority %s\n", cfg.tls_priority);
	if (cfg.tls_ticket_key)
		printf("tls-ticket-key %s\n", cfg.tls_ticket_key);
	if (cfg.tls_client_ca)
		printf("tls-client-ca %s\n", cfg.tls_client_ca);
	if (cfg.user)
		printf("user %s%s%s\n", cfg.user, cfg.group ? ":" : "",
		    cfg.group ? cfg.group : "");
	if (cfg.chroot)
		printf("chroot %s\n", cfg.chroot);
	if (cfg.allow_root)
		printf("allow-root yes\n");
	printf("seccomp %s\n", cfg.no_seccomp ? "off" : "on");
	printf("proxy-protocol %s\n", cfg.proxy_protocol ? "yes" : "no");
	for (i = 0; i < cfg.ntrusted; i++)
		printf("trust-forwarded %s/%u\n", inet_ntop(cfg.trusted[i].af,
		    cfg.trusted[i].addr, addr, sizeof(addr)) ? addr : "?",
		    cfg.trusted[i].bits);
	if (cfg.auth_file)
		printf("auth-file %s realm \"%s\" checks %u\n",
		    cfg.auth_file, cfg.auth_realm, cfg.auth_checks);
	if (cfg.record_dir)
		printf("record %s max-bytes %llu\n", cfg.record_dir,
		    (unsigned long long)cfg.record_max_bytes);
	printf("backend-proxy %s\n", proxy_version_name(cfg.backend_proxy));
	for (i = 0; i < cfg.routes.n; i++) {
		r = &cfg.routes.r[i];
		if (r->proxy_version != PROXY_SEND_DEFAULT)
			printf("backend-proxy %s%s %s\n", r->host, r->prefix,
			    proxy_version_name(r->proxy_version));
	}
	if (cfg.tls_mode != TLS_OFF && (cfg.tls_mode != TLS_DEFAULT ||
	    cfg.ntls_certs != 0) && (gnutls = tls_lib_version(err,
	    sizeof(err))) != NULL)
		printf("gnutls %s\n", gnutls);
	exit(EXIT_OK);
}
