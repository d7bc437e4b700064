/*
 * config.c: argv into cfg (the one global), with DESIGN.md's defaults.
 * Usage errors exit 64; --help and --version exit 0.  Numbers are parsed
 * strictly: digits only, no sign, no base prefix, no overflow.
 */
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

#include "config.h"
#include "log.h"
#include "target.h"
#include "tls.h"
#include "wsinetd.h"

struct config cfg;

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
	{ "verbose",		no_argument,	   NULL, 'v' },
	{ "quiet",		no_argument,	   NULL, 'q' },
	{ "help",		no_argument,	   NULL, 'h' },
	{ "version",		no_argument,	   NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static const char config_usage[] =
"usage: wsinetd [OPTIONS] TARGET\n"
"\n"
"A WebSocket handler for socket activation: systemd (Accept=yes or no),\n"
"inetd/xinetd (nowait), or --listen start it; it upgrades the connection\n"
"and relays it to TARGET.\n"
"\n"
"Targets:\n"
"  tcp:HOST:PORT          a TCP service (IPv6 as tcp:[::1]:5900)\n"
"  unix:PATH              a unix stream socket (unix:@NAME: abstract)\n"
"  echo                   answer every message with itself\n"
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
"  --no-seccomp           no system-call filter for the relay\n"
"\n"
"Running:\n"
"  --listen ADDR:PORT     bind and fork a handler per connection\n"
"  --check                check the configuration, print it, exit\n"
"  -v, --verbose          also log informational lines\n"
"  -q, --quiet            no access log\n"
"  -h, --help             this text\n"
"  -V, --version          versions of wsinetd and its libraries\n";

static void __attribute__((noreturn, format(printf, 1, 2)))
config_usage_error(const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, "wsinetd: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'wsinetd --help'.\n");
	exit(EXIT_USAGE);
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
			config_usage_error("%s: not a plain decimal number", s);
		if (v > (max - (uint64_t)(*p - '0')) / 10)
			config_usage_error("%s: number too large", s);
		v = v * 10 + (uint64_t)(*p - '0');
	}
	(void)opt;
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
	    "are read and written directly\n");
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

void
config_parse(int argc, char **argv)
{
	int		 ch;

	cfg.max_message = DEFAULT_MAX_MESSAGE;
	cfg.handshake_timeout = DEFAULT_HANDSHAKE_S;
	cfg.compress_level = DEFAULT_COMPRESS_LEVEL;
	cfg.compress_min = DEFAULT_COMPRESS_MIN;

	while ((ch = getopt_long(argc, argv, "+vqhV", config_opts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_SUBPROTOCOL:
			if (cfg.nsubprotocols == MAX_SUBPROTOCOLS)
				config_usage_error("more than %d subprotocols",
				    MAX_SUBPROTOCOLS);
			cfg.subprotocols[cfg.nsubprotocols++] = optarg;
			break;
		case OPT_ORIGIN:
			if (cfg.norigins == MAX_ORIGINS)
				config_usage_error("more than %d origins",
				    MAX_ORIGINS);
			cfg.origins[cfg.norigins++] = optarg;
			break;
		case OPT_TEXT:
			cfg.text = true;
			break;
		case OPT_MAX_MESSAGE:
			cfg.max_message = config_number("--max-message",
			    optarg, UINT64_MAX >> 1);
			if (cfg.max_message == 0)
				config_usage_error("--max-message %s: must be "
				    "at least 1", optarg);
			break;
		case OPT_COMPRESS:
			cfg.compress = true;
			break;
		case OPT_COMPRESS_LEVEL:
			cfg.compress_level = (int)config_number(
			    "--compress-level", optarg, 9);
			break;
		case OPT_COMPRESS_MIN:
			cfg.compress_min = (size_t)config_number(
			    "--compress-min", optarg, 1u << 20);
			break;
		case OPT_HANDSHAKE_TIMEOUT:
			cfg.handshake_timeout = (int)config_number(
			    "--handshake-timeout", optarg, 86400);
			if (cfg.handshake_timeout == 0)
				config_usage_error("--handshake-timeout %s: "
				    "must be at least 1", optarg);
			break;
		case OPT_IDLE_TIMEOUT:
			cfg.idle_timeout = (int)config_number("--idle-timeout",
			    optarg, 86400 * 365);
			break;
		case OPT_PING_INTERVAL:
			cfg.ping_interval = (int)config_number(
			    "--ping-interval", optarg, 86400);
			break;
		case OPT_LISTEN:
			cfg.listen = optarg;
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
			config_tls_option(ch, optarg);
			break;
		case OPT_GEN_TICKET_KEY:
			exit(tls_ticket_generate(optarg));
		case OPT_USER:
			config_user(optarg);
			break;
		case OPT_CHROOT:
			if (*optarg != '/')
				config_usage_error("--chroot %s: give an "
				    "absolute path", optarg);
			cfg.chroot = optarg;
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
			if (forwarded_cidr_parse(optarg,
			    &cfg.trusted[cfg.ntrusted++]) != 0)
				config_usage_error("--trust-forwarded %s: want "
				    "ADDR or ADDR/BITS, e.g. 10.0.0.0/8",
				    optarg);
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
		default:
			fprintf(stderr, "Try 'wsinetd --help'.\n");
			exit(EXIT_USAGE);
		}
	}
	config_tls_defaults();
	if (optind == argc)
		config_usage_error("%s", "no TARGET given (for example: "
		    "wsinetd echo, wsinetd tcp:127.0.0.1:5900)");
	if (optind + 1 != argc)
		config_usage_error("unexpected argument after TARGET: %s",
		    argv[optind + 1]);
	if (cfg.chroot != NULL && cfg.user == NULL && !cfg.allow_root)
		config_usage_error("--chroot %s needs --user USER", cfg.chroot);
	if (target_parse(argv[optind], &cfg.target) != 0)
		config_usage_error("%s: not a TARGET (tcp:HOST:PORT, "
		    "unix:PATH, echo)", argv[optind]);
}

/* --check: what would run, then exit 0. */
void
config_check_print(void)
{
	size_t	 i;

	printf("target %s\n", cfg.target.spec);
	for (i = 0; i < cfg.nsubprotocols; i++)
		printf("subprotocol %s\n", cfg.subprotocols[i]);
	for (i = 0; i < cfg.norigins; i++)
		printf("origin %s\n", cfg.origins[i]);
	printf("text %s\n", cfg.text ? "yes" : "no");
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
		printf("trust-forwarded %u bits of an IPv%d network\n",
		    cfg.trusted[i].bits, cfg.trusted[i].af == AF_INET ? 4 : 6);
	exit(EXIT_OK);
}
