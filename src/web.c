/*
 * web.c: --web DIR, static files for the requests that are not WebSocket
 * upgrades (main.c calls web_serve() once per request head; the page and
 * its WebSocket then share one origin, which is what noVNC needs).
 *
 * GET and HEAD; 200 with Content-Type (mime.c), Content-Length and
 * Last-Modified, 304 for If-Modified-Since at or after the file's mtime
 * (whole seconds), a directory's index.html, 301 to add a directory's
 * missing '/', 404 missing or hidden (a segment starting with '.', but
 * /.well-known/: web_path_hidden; --web-dotfiles serves them), 403
 * unreadable, 405 for other methods.  The
 * target is decoded and checked by web_path.c (every refusal there is 400);
 * the file is opened with openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS)
 * under a descriptor for DIR, so no "..", symlink or magic link reaches
 * outside it, while symlinks that stay inside work.  Only regular files are
 * served; no directory listings.
 *
 * The body goes out with sendfile(2) on a plain socket and through
 * read + client_write on TLS, and is abandoned (with a log line) when the
 * client takes nothing for WEB_STALL_MS.  Connections are kept alive as
 * HTTP/1.1 says (RFC 9112 §9.3): HTTP/1.1 unless "Connection: close",
 * HTTP/1.0 only with "Connection: keep-alive", never after a request with
 * a body (not read here) or an error that leaves the stream in doubt, and
 * for at most WEB_MAX_REQUESTS requests.  The next request must arrive
 * within WEB_KEEPALIVE_MS (at most --handshake-timeout), else the
 * connection is closed quietly (http_read_request).
 *
 * Each request that keeps the connection gets its access line here
 * (log_access); the last one's is main.c's, as for any connection.
 * Runs after privileges are dropped, under the request phase's seccomp
 * filter (openat2, fstat, sendfile; files are opened read-only).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "http.h"
#include "io.h"
#include "log.h"
#include "mime.h"
#include "web.h"
#include "web_date.h"
#include "web_path.h"
#include "wsinetd.h"

#define WEB_KEEPALIVE_MS	5000	/* idle wait for the next request */
#define WEB_STALL_MS		3000	/* body write without progress; */
					/* the log lines say "3 s" */
#define WEB_MAX_REQUESTS	1000	/* per connection (nginx's default) */
#define WEB_INDEX		"index.html"
#define WEB_TLS_PIECE		16384	/* one TLS record per write */
#define WEB_OPEN_RETRIES	8	/* openat2 -EAGAIN (rename races) */
#define WEB_NEXT		2	/* not under this DIR: the next one */

/* What one response is: filled in step by step, then written. */
struct web_resp {
	int		 status;
	bool		 keep;		/* connection stays open after it */
	bool		 head;		/* HEAD: headers only */
	const char	*type;		/* Content-Type, or NULL */
	long long	 length;	/* Content-Length, or -1 for none */
	time_t		 mtime;		/* Last-Modified, or -1 for none */
	const char	*extra;		/* more header lines, or "" */
};

/* RFC 9112 §9.3: does the client want the connection kept open? */
static bool
web_keep_alive(const struct http_req *r)
{
	const char	*v;
	size_t		 len;

	if (r->nreq >= WEB_MAX_REQUESTS)
		return false;
	/* A body would be the next "request": we do not read bodies. */
	if (http_header_count(r, "Transfer-Encoding") > 0)
		return false;
	if (http_header(r, "Content-Length", &v, &len) &&
	    !(len == 1 && v[0] == '0'))
		return false;
	if (http_has_token(r, "Connection", "close", true))
		return false;
	if (r->major == 1 && r->minor >= 1)
		return true;
	return r->major == 1 && http_has_token(r, "Connection", "keep-alive",
	    true);
}

/* The headers of resp, then body[0..blen) unless HEAD.  0 or -1. */
static int
web_send_head(struct conn *c, const struct web_resp *resp, const char *body,
    size_t blen)
{
	/* Room for a Location of any decodable path and query. */
	char	 hdr[3 * WEB_PATH_MAX + MAX_HEADER_BYTES + 1024];
	char	 now[WEB_DATE_LEN], lm[WEB_DATE_LEN + 32] = "";
	char	 type[128] = "", length[64] = "";
	const char *conn = "";
	int	 n;
	ssize_t	 w;

	web_date_format(time(NULL), now);
	if (resp->mtime != -1) {
		memcpy(lm, "Last-Modified: ", 15);
		web_date_format(resp->mtime, lm + 15);
		strcat(lm, "\r\n");
	}
	if (resp->type != NULL)
		snprintf(type, sizeof(type), "Content-Type: %s\r\n"
		    "X-Content-Type-Options: nosniff\r\n", resp->type);
	if (resp->length >= 0)
		snprintf(length, sizeof(length), "Content-Length: %lld\r\n",
		    resp->length);
	if (!resp->keep)
		conn = "Connection: close\r\n";
	else if (c->req.minor == 0)
		conn = "Connection: keep-alive\r\n";
	n = snprintf(hdr, sizeof(hdr), "HTTP/1.1 %d %s\r\nDate: %s\r\n"
	    "%s%s%s%s%s\r\n", resp->status, http_reason(resp->status), now,
	    type, length, lm, resp->extra, conn);
	if (n < 0 || (size_t)n >= sizeof(hdr))
		return -1;	/* cannot happen: sized for the longest */
	c->status = resp->status;
	if (!resp->head && blen > 0 && (size_t)n + blen < sizeof(hdr)) {
		memcpy(hdr + n, body, blen);
		n += (int)blen;
	}
	w = client_write_all(c, hdr, (size_t)n, now_ms() + WEB_STALL_MS);
	if (w < 0) {
		log_info("%s: could not send %d: %s", c->peer, resp->status,
		    strerror((int)-w));
		return -1;
	}
	return 0;
}

/*
 * A response without a file: 301, 304 or an error with a one-line text
 * body (the reason, so a person with curl sees it).  Returns 0 or -1.
 */
static int
web_answer(struct conn *c, struct web_resp *resp)
{
	char	 body[64];
	int	 blen = 0;

	if (resp->status != 304) {
		blen = snprintf(body, sizeof(body), "%d %s\n", resp->status,
		    http_reason(resp->status));
		resp->type = "text/plain; charset=utf-8";
		resp->length = blen;
	}
	return web_send_head(c, resp, body, (size_t)blen);
}

/* The status for an openat2/open errno; logs what a person should see. */
static int
web_errno_status(struct conn *c, int err, const char *dir, const char *rel)
{
	switch (err) {
	case ENOENT:
	case ENOTDIR:
		return 404;
	case EXDEV:
		log_warnx("%s: /%s leads outside --web %s (symlink or mount), "
		    "answered 404", c->peer, rel, dir);
		return 404;
	case ELOOP:
		log_warnx("%s: /%s: too many symlinks or a magic link, "
		    "answered 404", c->peer, rel);
		return 404;
	case EACCES:
	case EPERM:
		log_warnx("%s: /%s under --web %s is not readable by this "
		    "user, answered 403", c->peer, rel, dir);
		return 403;
	case ENAMETOOLONG:
		return 414;
	case ENOSYS:
		log_warnx("%s: openat2: %s (Linux 5.6 or later is needed for "
		    "--web), answered 500", c->peer, strerror(err));
		return 500;
	default:
		log_warnx("%s: opening /%s under --web %s: %s, answered 500",
		    c->peer, rel, dir, strerror(err));
		return 500;
	}
}

/* openat2 beneath dirfd: the fd, or -errno. */
static int
web_openat2(int dirfd, const char *path, int flags)
{
	struct open_how	 how = {
		.flags = (uint64_t)(flags | O_CLOEXEC),
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
	};
	long		 fd;
	int		 tries = 0;

	do
		fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
	while (fd == -1 && (errno == EINTR || (errno == EAGAIN &&
	    ++tries < WEB_OPEN_RETRIES)));
	return fd == -1 ? -errno : (int)fd;
}

/*
 * Open rel ("" for DIR) beneath root.  A directory comes back as an
 * O_PATH descriptor, a regular file opened for reading; *st describes it.
 * The name is looked up with O_PATH first, so a FIFO or a device under DIR
 * is never opened (opening one can block or act); the file opened for
 * reading is then checked to be the same one.  Returns 0 or the status.
 */
static int
web_open(struct conn *c, int root, const char *dir, const char *rel, int *fdp,
    struct stat *st)
{
	struct stat	 st2;
	const char	*name = rel[0] != '\0' ? rel : ".";
	int		 fd;

	*fdp = -1;
	if ((fd = web_openat2(root, name, O_PATH)) < 0)
		return web_errno_status(c, -fd, dir, rel);
	if (fstat(fd, st) == -1) {
		close(fd);
		return web_errno_status(c, errno, dir, rel);
	}
	if (S_ISDIR(st->st_mode)) {
		*fdp = fd;
		return 0;
	}
	close(fd);
	if (!S_ISREG(st->st_mode)) {
		log_warnx("%s: /%s under --web %s is not a regular file, "
		    "answered 404", c->peer, rel, dir);
		return 404;
	}
	if ((fd = web_openat2(root, name, O_RDONLY | O_NOCTTY |
	    O_NONBLOCK)) < 0)
		return web_errno_status(c, -fd, dir, rel);
	if (fstat(fd, &st2) == -1 || !S_ISREG(st2.st_mode) ||
	    st2.st_dev != st->st_dev || st2.st_ino != st->st_ino) {
		close(fd);
		log_warnx("%s: /%s under --web %s changed while being opened, "
		    "answered 404", c->peer, rel, dir);
		return 404;
	}
	*st = st2;
	*fdp = fd;
	return 0;
}

/* TCP_CORK around header + sendfile: one segment, no Nagle stall. */
static void
web_cork(struct conn *c, int on)
{
	/* Not TCP (a unix socket under inetd): nothing to do. */
	(void)setsockopt(c->cli_out, IPPROTO_TCP, TCP_CORK, &on, sizeof(on));
}

/*
 * Copy the file through c->to_client's buffer (TLS, or a socket that
 * sendfile refuses), from offset off.  Returns the bytes sent in total,
 * or -1 (logged).
 */
static long long
web_copy(struct conn *c, int fd, off_t off, off_t size, const char *rel)
{
	uint8_t	*buf = c->to_client.data;
	size_t	 got, done;
	ssize_t	 n, w;

	while (off < size) {
		got = (size_t)(size - off) < BUF_SIZE ? (size_t)(size - off) :
		    BUF_SIZE;
		if ((n = pread(fd, buf, got, off)) <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			log_warnx("%s: reading /%s: %s; closed", c->peer, rel,
			    n == 0 ? "file shrank" : strerror(errno));
			return -1;
		}
		/* Per piece, so the bound is on progress, not on the whole. */
		for (done = 0; done < (size_t)n; done += (size_t)w) {
			got = (size_t)n - done < WEB_TLS_PIECE ?
			    (size_t)n - done : WEB_TLS_PIECE;
			w = client_write_all(c, buf + done, got,
			    now_ms() + WEB_STALL_MS);
			if (w < 0) {
				log_warnx("%s: sending /%s: %s after %lld of "
				    "%lld bytes; closed", c->peer, rel,
				    w == -ETIMEDOUT ? "no progress in 3 s" :
				    strerror((int)-w),
				    (long long)off + (long long)done,
				    (long long)size);
				return -1;
			}
		}
		off += n;
	}
	return (long long)off;
}

/* sendfile(2) to the plain socket.  Bytes sent, or -1 (logged). */
static long long
web_sendfile(struct conn *c, int fd, off_t size, const char *rel)
{
	int64_t	 deadline = now_ms() + WEB_STALL_MS;
	off_t	 off = 0;
	ssize_t	 n;
	int	 r;

	while (off < size) {
		n = sendfile(c->cli_out, fd, &off, (size_t)(size - off));
		if (n > 0) {
			deadline = now_ms() + WEB_STALL_MS;
			continue;
		}
		if (n == 0) {
			log_warnx("%s: /%s shrank while being sent (%lld of "
			    "%lld bytes); closed", c->peer, rel,
			    (long long)off, (long long)size);
			return -1;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN) {
			if ((r = io_wait(c->cli_out, POLLOUT, deadline)) == 0)
				continue;
			log_warnx("%s: sending /%s: %s after %lld of %lld "
			    "bytes; closed", c->peer, rel, r == -ETIMEDOUT ?
			    "no progress in 3 s" : strerror(-r),
			    (long long)off, (long long)size);
			return -1;
		}
		if ((errno == EINVAL || errno == ENOSYS) && off == 0)
			return web_copy(c, fd, 0, size, rel);
		log_warnx("%s: sending /%s: %s after %lld of %lld bytes; "
		    "closed", c->peer, rel, strerror(errno), (long long)off,
		    (long long)size);
		return -1;
	}
	return (long long)off;
}

/* RFC 9110 §13.1.3: is the client's copy (If-Modified-Since) current? */
static bool
web_not_modified(const struct http_req *r, time_t mtime)
{
	const char	*v;
	size_t		 len;
	time_t		 since;

	/* §13.2.2: If-None-Match takes precedence; we have no ETags. */
	if (http_header_count(r, "If-None-Match") > 0 ||
	    http_header_count(r, "If-Modified-Since") != 1 ||
	    !http_header(r, "If-Modified-Since", &v, &len))
		return false;
	while (len > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		len--;
	}
	return web_date_parse(v, len, &since) && mtime <= since;
}

/* A 200 with the file's body (or its headers for HEAD). */
static int
web_file(struct conn *c, struct web_resp *resp, int fd, const struct stat *st,
    const char *rel)
{
	long long	 sent;
	bool		 cork = c->tls == NULL && !resp->head && st->st_size > 0;

	resp->status = 200;
	resp->type = mime_type(rel);
	resp->length = (long long)st->st_size;
	if (cork)
		web_cork(c, 1);
	if (web_send_head(c, resp, NULL, 0) != 0)
		return -1;
	if (resp->head || st->st_size == 0)
		return 0;
	if (c->tls != NULL)
		sent = web_copy(c, fd, 0, st->st_size, rel);
	else
		sent = web_sendfile(c, fd, st->st_size, rel);
	if (cork)
		web_cork(c, 0);
	if (sent < 0)
		return -1;
	c->out_bytes = (uint64_t)sent;
	return 0;
}

/*
 * Look rel up under dir, one of the --web DIRs, and answer it into *resp
 * (status and headers); a file is sent from here.  Returns 0, -1 when the
 * connection must close because a write failed, or WEB_NEXT (nothing
 * sent) when dir does not have it and a later DIR may (!last).
 */
static int
web_lookup_in(struct conn *c, struct web_resp *resp, const char *dir,
    struct web_path *p, bool last)
{
	const struct http_req *r = &c->req;
	const char	*url = (const char *)r->head + r->url.off;
	struct stat	 st;
	char		 index[WEB_PATH_MAX + sizeof(WEB_INDEX)];
	char		 loc[3 * WEB_PATH_MAX + MAX_HEADER_BYTES];
	char		 extra[sizeof(loc) + 16];
	const char	*rel;
	int		 root, fd = -1, status, rc;

	if ((root = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1) {
		log_warn("%s: --web %s, answered 500", c->peer, dir);
		resp->status = 500;
		resp->keep = false;
		return web_answer(c, resp);
	}
	rel = p->rel;
	status = web_open(c, root, dir, rel, &fd, &st);
	if (status == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		fd = -1;
		if (!p->slash) {
			/* RFC 9110 §15.4.2; relative links need the '/'. */
			if (web_path_location(p, url + p->query_off,
			    r->url.len - p->query_off, loc, sizeof(loc)) != 0) {
				close(root);
				resp->status = 414;
				resp->keep = false;
				return web_answer(c, resp);
			}
			close(root);
			snprintf(extra, sizeof(extra), "Location: %s\r\n", loc);
			resp->status = 301;
			resp->extra = extra;
			return web_answer(c, resp);
		}
		snprintf(index, sizeof(index), "%s%s" WEB_INDEX, rel,
		    rel[0] != '\0' ? "/" : "");
		rel = index;
		status = web_open(c, root, dir, rel, &fd, &st);
		if (status == 0 && S_ISDIR(st.st_mode)) {
			close(fd);
			fd = -1;
			status = 404;
		}
	}
	close(root);
	if (status == 404 && !last)
		return WEB_NEXT;
	if (status != 0) {
		resp->status = status;
		if (status != 404 && status != 403)
			resp->keep = false;
		return web_answer(c, resp);
	}
	if (web_not_modified(r, st.st_mtime)) {
		resp->status = 304;
		resp->mtime = st.st_mtime;
		rc = web_answer(c, resp);
	} else {
		resp->mtime = st.st_mtime;
		rc = web_file(c, resp, fd, &st, rel);
	}
	close(fd);
	return rc;
}

/*
 * Look the request up in each --web DIR in turn, the first that has it
 * answering, and answer it into *resp.  Returns 0, or -1 when the
 * connection must close because a write failed.
 */
static int
web_lookup(struct conn *c, struct web_resp *resp)
{
	const struct http_req *r = &c->req;
	const char	*url = (const char *)r->head + r->url.off;
	struct web_path	 p;
	size_t		 i;
	int		 status, rc = WEB_NEXT;

	if ((status = web_path_decode(url, r->url.len, &p)) != 0) {
		log_warnx("%s: \"%s %s\": not a path under --web, answered "
		    "%d", c->peer, r->method_name, r->path, status);
		resp->status = status;
		resp->keep = false;
		return web_answer(c, resp);
	}
	if (!cfg.web_dotfiles && web_path_hidden(&p)) {
		log_warnx("%s: \"%s %s\": a name starting with '.' under --web, "
		    "answered 404 (--web-dotfiles serves them)", c->peer,
		    r->method_name, r->path);
		resp->status = 404;
		return web_answer(c, resp);
	}
	for (i = 0; i < cfg.nweb_dirs && rc == WEB_NEXT; i++)
		rc = web_lookup_in(c, resp, cfg.web_dirs[i], &p,
		    i + 1 == cfg.nweb_dirs);
	return rc;
}

/*
 * Serve the request in c->req (its head consumed from c->rx; pipelined
 * bytes of the next request stay there).  Returns 1 when the connection
 * may carry another request (main.c then reads it: c->req.next_deadline is
 * set), 0 when it is done (closed gracefully, c->status the last status).
 */
int
web_serve(struct conn *c)
{
	struct http_req	*r = &c->req;
	struct web_resp	 resp = {
		.keep = web_keep_alive(r),
		.head = r->method == HTTP_HEAD,
		.length = -1,
		.mtime = -1,
		.extra = "",
	};
	int		 rc, idle;

	c->target.spec = "web";		/* for the access line */
	c->out_bytes = 0;
	if (r->method != HTTP_GET && r->method != HTTP_HEAD) {
		/* Its body, if any, is not read: close after the answer. */
		resp.status = 405;
		resp.keep = false;
		resp.extra = "Allow: GET, HEAD\r\n";
		rc = web_answer(c, &resp);
	} else
		rc = web_lookup(c, &resp);
	c->exit_status = EXIT_OK;
	if (rc != 0 || !resp.keep) {
		client_linger(c, CLOSE_WAIT_MS);
		return 0;
	}
	log_access(c);
	c->status = 0;
	c->out_bytes = 0;
	idle = cfg.handshake_timeout * 1000 < WEB_KEEPALIVE_MS ?
	    cfg.handshake_timeout * 1000 : WEB_KEEPALIVE_MS;
	r->next_deadline = now_ms() + idle;
	return 1;
}
