/*
 * floor_echo.c: the fork+exec floor for `make bench`.  The least a
 * per-connection WebSocket echo program can do: take the accepted socket
 * as fd 3 from LISTEN_FDS (systemd-socket-activate --accept; fd 0 under
 * inetd), read the request head, answer 101 with a correctly computed
 * Sec-WebSocket-Accept (SHA-1 and base64 from nettle, as wsinetd), echo
 * each frame unmasked, answer Close with Close, exit.  No libsystemd, no
 * option parsing, no checks beyond what it needs to stay correct.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "wsframe.h"
#include "wskey.h"

#define HEAD_MAX	8192
#define BUF		(64 * 1024)
#define LIFETIME_S	60

static int
write_all(int fd, const uint8_t *p, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(fd, p, n)) <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The value of Sec-WebSocket-Key in the head, or NULL; *len its length. */
static const char *
find_key(const char *head, size_t *len)
{
	static const char name[] = "\r\nSec-WebSocket-Key:";
	const char	*p, *e;

	for (p = head; (p = strchr(p, '\r')) != NULL; p++) {
		if (strncasecmp(p, name, sizeof(name) - 1) != 0)
			continue;
		p += sizeof(name) - 1;
		while (*p == ' ')
			p++;
		e = p + strcspn(p, " \r");
		*len = (size_t)(e - p);
		return p;
	}
	return NULL;
}

static int
handshake(int fd, uint8_t *rest, size_t *restlen)
{
	char		 head[HEAD_MAX + 1], accept[WSKEY_ACCEPT_LEN + 1], resp[160];
	const char	*key, *end = NULL;
	size_t		 got = 0, klen, hlen;
	ssize_t		 n;
	int		 len;

	while (end == NULL) {
		if (got == HEAD_MAX ||
		    (n = read(fd, head + got, HEAD_MAX - got)) <= 0)
			return -1;
		got += (size_t)n;
		head[got] = '\0';
		end = strstr(head, "\r\n\r\n");
	}
	hlen = (size_t)(end - head) + 4;
	if ((key = find_key(head, &klen)) == NULL)
		return -1;
	wskey_accept(key, klen, accept);
	len = snprintf(resp, sizeof(resp), "HTTP/1.1 101 Switching Protocols\r\n"
	    "Upgrade: websocket\r\nConnection: Upgrade\r\n"
	    "Sec-WebSocket-Accept: %s\r\n\r\n", accept);
	if (len < 0 || (size_t)len >= sizeof(resp) ||
	    write_all(fd, (const uint8_t *)resp, (size_t)len) < 0)
		return -1;
	memcpy(rest, head + hlen, got - hlen);
	*restlen = got - hlen;
	return 0;
}

/*
 * Echo frames until Close.  Output for everything parsed from one read
 * goes out in one write; payload streams through the fixed buffers.
 */
static int
echo(int fd, uint8_t *in, size_t len)
{
	static uint8_t	 out[BUF + WSF_HDR_MAX];
	struct wsf_hdr	 h;
	uint64_t	 left = 0, done = 0;
	size_t		 off = 0, olen, m, hpos;
	ssize_t		 n;
	int		 hl, need;

	for (;;) {
		olen = 0;
		need = 0;
		while (!need && olen < BUF) {
			if (left > 0) {
				if (off == len) {
					need = 1;
					break;
				}
				m = len - off;
				if (m > left)
					m = (size_t)left;
				if (m > BUF - olen)
					m = BUF - olen;
				memcpy(out + olen, in + off, m);
				wsf_mask(out + olen, m, h.mask, done);
				olen += m;
				off += m;
				done += m;
				left -= m;
				continue;
			}
			hl = wsf_decode(in + off, len - off, &h);
			if (hl < 0 || (hl > 0 && !h.masked))
				return -1;
			if (hl == 0 || ((h.opcode & 0x8) &&
			    len - off < (size_t)hl + h.len)) {
				need = 1;
				break;
			}
			off += (size_t)hl;
			if (h.opcode == WSF_PONG) {
				off += h.len;
				continue;
			}
			if (h.opcode == WSF_PING)
				h.opcode = WSF_PONG;
			hpos = olen;
			olen += wsf_encode(out + olen, h.opcode, h.len, NULL);
			out[hpos] = (uint8_t)((h.fin ? WSF_FIN : 0) | h.opcode);
			if (h.opcode == WSF_CLOSE) {	/* echo the code, go */
				memcpy(out + olen, in + off, h.len);
				wsf_mask(out + olen, h.len, h.mask, 0);
				return write_all(fd, out, olen + h.len);
			}
			left = h.len;
			done = 0;
		}
		if (olen > 0 && write_all(fd, out, olen) < 0)
			return -1;
		if (!need)
			continue;
		if (off > 0) {
			memmove(in, in + off, len - off);
			len -= off;
			off = 0;
		}
		if (len == BUF || (n = read(fd, in + len, BUF - len)) <= 0)
			return -1;
		len += (size_t)n;
	}
}

int
main(void)
{
	static uint8_t	 in[BUF];
	const char	*fds = getenv("LISTEN_FDS");
	size_t		 len;
	int		 fd = fds != NULL && strcmp(fds, "1") == 0 ? 3 : 0;

	alarm(LIFETIME_S);
	if (handshake(fd, in, &len) < 0)
		return 1;
	return echo(fd, in, len) < 0 ? 1 : 0;
}
