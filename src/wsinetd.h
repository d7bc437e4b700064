/*
 * wsinetd.h: the one global (struct config cfg), the per-connection state
 * (struct conn), limits, exit statuses and WebSocket close codes.
 *
 * One process handles one connection: main() fills a struct conn stage by
 * stage (activation, HTTP request, target, relay) and logs it once.
 */
#ifndef WSINETD_H
#define WSINETD_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "auth_basic.h"
#include "backsplice.h"
#include "buf.h"
#include "crypt_lib.h"
#include "exec_stub.h"
#include "forwarded.h"
#include "http.h"
#include "pmd_offer.h"
#include "record.h"
#include "route.h"
#include "target.h"
#include "ws.h"

#define WSINETD_VERSION		"0.1.0"

/* Limits (STYLE.md habit 9: a name, a default, a check, a test). */
#define MAX_SUBPROTOCOLS	16
#define MAX_ORIGINS		16
#define MAX_TRUSTED		16		/* --trust-forwarded CIDRs */
#define DEFAULT_MAX_MESSAGE	(16u << 20)	/* larger -> close 1009 */
#define DEFAULT_HANDSHAKE_S	10		/* request + backend connect */
#define DEFAULT_COMPRESS_LEVEL	6		/* zlib's own default */
#define DEFAULT_COMPRESS_MIN	64		/* shorter: sent as is */
#define CLOSE_WAIT_MS		3000		/* our Close -> peer's reply */
#define DEFAULT_EXEC_TERM_MS	1000		/* stdin closed -> SIGTERM */
#define DEFAULT_EXEC_KILL_MS	1000		/* SIGTERM -> SIGKILL */
#define MAX_TLS_CERTS		16		/* --tls-cert/--tls-key pairs */
#define MAX_PASSENV		32		/* --passenv NAMEs */
#define DEFAULT_RECORD_MAX	(64ull << 20)	/* --record-max-bytes */
#define MAX_WEB_DIRS		8		/* --web DIRs */
#define TLS_DEFAULT_PRIORITY	"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"
/* The resident parent (--listen, Accept=no): resident.c. */
#define DEFAULT_PREFORK		4		/* idle children in accept() */
#define MAX_PREFORK		256
#define DEFAULT_MAX_CONNECTIONS	512		/* live handlers, then wait */
#define MAX_MAX_CONNECTIONS	65536
#define DEFAULT_AUTH_CHECKS	4		/* password hashes at once */
#define MAX_AUTH_CHECKS		1024

/* Exit statuses (DESIGN.md). */
enum exit_status {
	EXIT_OK = 0,
	EXIT_FAIL = 1,
	EXIT_USAGE = 64,
	EXIT_CONFIG = 78,
};

enum log_sink {
	LOG_SINK_STDERR,
	LOG_SINK_JOURNAL,
	LOG_SINK_SYSLOG,
	LOG_SINK_KMSG,			/* inetd without syslog: fd 2 */
};

/* --tls; TLS_DEFAULT is resolved per connection by tls_mode(). */
enum tls_mode {
	TLS_DEFAULT,
	TLS_OFF,
	TLS_ON,
	TLS_AUTO,
};

struct tls_pair {
	const char	*cert;
	const char	*key;
};

struct config {
	struct route_table routes;		/* --route, then TARGET as "/" */
	bool		 default_route;		/* the last route is TARGET */
	bool		 strip_prefix;		/* --strip-prefix */
	const char	*token_file;		/* --token-file, or NULL */
	const char	*web_dir;		/* the first --web, or NULL */
	const char	*web_dirs[MAX_WEB_DIRS];	/* --web, absolute */
	size_t		 nweb_dirs;
	bool		 web_dotfiles;		/* --web-dotfiles */
	const char	*backend_ca;		/* --backend-ca, or NULL */
	bool		 backend_insecure;	/* --backend-insecure */
	int		 exec_term_ms;		/* --exec-term-ms */
	int		 exec_kill_ms;		/* --exec-kill-ms */
	const char	*config_target;		/* "target =" of --config */
	char		*config_text;		/* the --config file, kept */
	const char	*config_file;		/* --config being read, or NULL */
	unsigned	 config_line;		/* ... and its line, for errors */
	const char	*listen;		/* --listen ADDR:PORT */
	unsigned	 prefork;		/* --prefork, 0 = fork on accept */
	unsigned	 max_connections;	/* --max-connections */
	const char	*subprotocols[MAX_SUBPROTOCOLS];
	size_t		 nsubprotocols;
	const char	*origins[MAX_ORIGINS];
	size_t		 norigins;
	bool		 text;			/* --text */
	bool		 pty;			/* --pty: exec: on a terminal */
	const char	*pty_routes[MAX_ROUTES];	/* --pty-route */
	size_t		 npty_routes;
	bool		 pty_any;		/* some route is a pty route */
	bool		 compress;		/* --compress */
	int		 compress_level;	/* --compress-level, 0-9 */
	size_t		 compress_min;		/* --compress-min */
	bool		 check;			/* --check */
	uint64_t	 max_message;		/* --max-message */
	int		 handshake_timeout;	/* seconds, > 0 */
	int		 idle_timeout;		/* seconds, 0 = none */
	int		 ping_interval;		/* seconds, 0 = none */
	int		 verbose;		/* -v +1, -q -1 */

	enum tls_mode	 tls_mode;		/* --tls */
	struct tls_pair	 tls_certs[MAX_TLS_CERTS]; /* first = fallback */
	size_t		 ntls_certs;
	bool		 tls_certs_given;	/* on the command line */
	const char	*tls_priority;		/* --tls-priority */
	const char	*tls_ticket_key;	/* --tls-ticket-key, or NULL */
	const char	*tls_client_ca;		/* --tls-client-ca, or NULL */
	const char	*user;			/* --user USER, or NULL */
	const char	*group;			/* --user USER:GROUP, or NULL */
	const char	*chroot;		/* --chroot DIR, or NULL */
	bool		 user_resolved;		/* a resident parent resolved */
	uid_t		 user_uid;		/* ... --user once, for all */
	gid_t		 user_gid;		/* its children */
	bool		 allow_root;		/* --allow-root */
	bool		 no_seccomp;		/* --no-seccomp */
	bool		 proxy_protocol;	/* --proxy-protocol */
	struct cidr	 trusted[MAX_TRUSTED];	/* --trust-forwarded */
	size_t		 ntrusted;
	const char	*auth_file;		/* --auth-file, or NULL */
	const char	*auth_realm;		/* --auth-realm */
	struct crypt_lib crypt;			/* loaded for --auth-file */
	unsigned	 auth_checks;		/* --auth-checks */
	int		 auth_slots_fd;		/* auth_slot.c: their locks */
	int		 backend_proxy;		/* enum proxy_send, for all */
	struct {
		const char *spec;		/* "[HOST]/PATH=V" */
		int	 version;
	}		 backend_proxy_routes[MAX_ROUTES];
	size_t		 nbackend_proxy_routes;
	const char	*record_dir;		/* --record DIR, or NULL */
	int		 record_dirfd;		/* ... opened before the drop */
	uint64_t	 record_max_bytes;	/* --record-max-bytes */
	const char	*passenv[MAX_PASSENV];	/* --passenv, for exec: */
	size_t		 npassenv;
	enum log_sink	 log_sink;		/* chosen by log_init() */

	char		*proctitle;		/* argv's old area (proctitle.c) */
	size_t		 proctitle_len;
	char		*proctitle_copy;	/* argv and environ, moved */

	/* Set by sandbox.c for its SIGSYS handler, which can reach
	 * nothing but this one global. */
	char		 sandbox_peer[64];	/* the client, for the line */
	const char	*sandbox_phase;		/* "request" or "relay" */
	int		 sandbox_log_fd;	/* /dev/log under inetd, or -1 */

	/* SIGTERM/SIGINT (stop.c): set by its handler, the other global
	 * a handler may reach; the mask every wait lets them through with. */
	volatile sig_atomic_t stop_signal;	/* 0, SIGTERM or SIGINT */
	bool		 stop_armed;		/* stop_catch() ran */
	sigset_t	 stop_waitmask;
};

extern struct config cfg;

/* What the TLS handshake settled, for the access line (and exec: later). */
struct tls_facts {
	bool		 on;
	bool		 resumed;
	char		 protocol[16];		/* "TLS1.3" */
	char		 cipher[64];		/* "TLS_AES_256_GCM_SHA384" */
	char		 sni[256];		/* "" when the client sent none */
	char		 client_dn[512];	/* verified client subject, or "" */
	char		 ktls[16];		/* "send+recv", or "" when off */
	char		 by[8];			/* "ucspi": launcher's TLS */
};

struct tls;

/* One connection, from the adopted socket to the access line. */
struct conn {
	int		 cli_in, cli_out;	/* equal unless inetd fds 0/1 */
	bool		 cli_pipe;		/* they are pipes (ucspi.c) */
	char		 peer[64];		/* "ip:port", for every log line */
	char		 via[64];		/* the PROXY sender, or "" */
	char		 local[64];		/* the address the client
						 * reached, as a PROXY header
						 * or UCSPI said; "": ask the
						 * socket */
	bool		 probe;			/* PROXY v2 LOCAL: a health
						 * check, logged at -v only */
	/* peer and via before X-Forwarded-For, once saved (forwarded.c) */
	char		 peer0[64], via0[64];
	bool		 saved0;
	int64_t		 start_ms;		/* now_ms() at adoption */
	int64_t		 stage_ms;		/* when the stage now under
						 * --handshake-timeout began:
						 * adoption for the client's
						 * (PROXY, TLS, first head),
						 * the connect for the
						 * backend's */
	bool		 fd_tls;		/* FileDescriptorName tls/https */
	bool		 forked;		/* a resident parent's child */
	struct tls	*tls;			/* NULL on a plain connection */
	struct tls_facts tlsf;

	struct http_req	 req;
	int		 status;		/* HTTP status sent, 0 = none */
	const struct route *route;		/* matched, NULL for a token */
	const char	*route_prefix;		/* its PATH, "" for a token */
	char		 rest[MAX_HEADER_BYTES];	/* request target, backend's */
	char		 token_spec[320];	/* "tcp:HOST:PORT" from a token */
	const char	*subprotocol;		/* negotiated, or NULL */
	bool		 pmd_on;		/* permessage-deflate agreed */
	struct pmd_params pmd_params;		/* ... with these parameters */

	struct target	 target;
	struct exec_stub stub;			/* exec: configured: its stub */
	struct ws	 ws;

	/* --auth-file (auth.c): the user this request's credentials name,
	 * once verified, else ""; and the digest of the credentials
	 * verified, so later requests with the same ones are not hashed
	 * again (and a later passthrough request can be held to them). */
	char		 user[AUTH_USER_MAX + 1];
	bool		 auth_ok;
	uint8_t		 auth_digest[32];

	/* Counters for the access line: payload bytes and messages. */
	uint64_t	 in_bytes, in_msgs;	/* client -> backend */
	uint64_t	 out_bytes, out_msgs;	/* backend -> client */
	int		 close_code;		/* sent or received, 0 = none */
	bool		 logged;		/* no access line left to write */
	int		 exit_status;

	struct buf	 rx;			/* raw bytes from the client */
	struct buf	 to_client;		/* framed bytes for the client */
	struct buf	 to_backend;		/* payload bytes for the backend */
	struct backsplice bsp;			/* backend -> client by splice */
	struct record	 rec;			/* --record: this session's */
};

/* Milliseconds on the monotonic clock; the relay's deadlines use it. */
int64_t	now_ms(void);

#endif
