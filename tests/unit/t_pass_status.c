/*
 * t_pass_status.c: the final status of a backend's response, past any
 * interim 1xx heads.  Each vector is fed whole, cut at every offset, and
 * one byte at a time: the answer must not depend on how reads split it.
 */
#include <string.h>

#include "check.h"
#include "pass_status.h"

struct vec {
	const char	*bytes;
	int		 want;
};

static const struct vec vecs[] = {
	{ "HTTP/1.1 200 OK\r\n\r\n", 200 },
	{ "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n",
	    101 },
	{ "HTTP/1.0 404 Not Found\r\n", 404 },
	{ "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\n", 200 },
	{ "HTTP/1.1 100\r\n\r\nHTTP/1.1 201 Created\r\n", 201 },
	/* 103 with headers, then 100, then the upgrade's answer */
	{ "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n"
	    "Link: </b.js>\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n"
	    "HTTP/1.1 101 Switching Protocols\r\n\r\n", 101 },
	{ "HTTP/1.1 102 Processing\n\nHTTP/1.1 500 Oops\n\n", 500 },
	/* a header line that is only "\r" is not the empty line */
	{ "HTTP/1.1 100 Continue\r\nX: \r\r\n\r\nHTTP/1.1 204 No\r\n", 204 },
	{ "SSH-2.0-OpenSSH_9.2\r\n", -1 },
	{ "HTTP/2.0 200 OK\r\n", -1 },
	{ "HTTP/1.1 600 Big\r\n", -1 },
	{ "HTTP/1.1 20x OK\r\n", -1 },
	{ "HTTP/1.1  200 OK\r\n", -1 },
	{ "HTTP/1.1 100 Continue\r\n\r\nnot http at all\r\n", -1 },
	/* not finished: no answer yet */
	{ "HTTP/1.1 100 Continue\r\n\r\n", 0 },
	{ "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n", 0 },
	{ "HTTP/1.1 20", 0 },
	{ "", 0 },
};

static int
feed_split(const char *b, size_t len, size_t cut)
{
	struct pass_status s;

	pass_status_init(&s);
	pass_status_feed(&s, (const uint8_t *)b, cut);
	pass_status_feed(&s, (const uint8_t *)b + cut, len - cut);
	return s.status;
}

static int
feed_bytes(const char *b, size_t len)
{
	struct pass_status s;
	size_t		 i;

	pass_status_init(&s);
	for (i = 0; i < len; i++)
		pass_status_feed(&s, (const uint8_t *)b + i, 1);
	return s.status;
}

/* Once known, the status stays: later bytes (a body) do not move it. */
static void
test_sticks(void)
{
	struct pass_status s;
	const char	*a = "HTTP/1.1 101 Switching Protocols\r\n\r\n";
	const char	*b = "HTTP/1.1 200 OK\r\n\r\n";

	pass_status_init(&s);
	pass_status_feed(&s, (const uint8_t *)a, strlen(a));
	pass_status_feed(&s, (const uint8_t *)b, strlen(b));
	check(s.status == 101);
}

/*
 * Where the final head ends: done once its empty line came (or the bytes
 * are not HTTP), and ready counts the bytes of complete heads, which may
 * reach the client before it (1xx ones), or all of them once done.
 */
struct hvec {
	const char	*bytes;
	bool		 done;
	size_t		 ready;
};

static const struct hvec hvecs[] = {
	{ "HTTP/1.1 200 OK\r\n\r\nbody", true, 23 },
	{ "HTTP/1.1 200 OK\r\nContent-Type: te", false, 0 },
	{ "HTTP/1.1 200 OK\r\n", false, 0 },
	{ "HTTP/1.1 20", false, 0 },
	{ "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nX: y", false,
	    25 },
	{ "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\n\nb", true, 43 },
	{ "HTTP/1.1 101 Switching Protocols\r\n\r\n\x81\x01", true, 38 },
	{ "HTTP/1.1 200 OK\r\nX: \r\r\n", false, 0 },
	{ "SSH-2.0-OpenSSH_9.2\r\n", true, 21 },
};

static bool
head_split(const struct hvec *v, size_t len, size_t cut, bool bytes)
{
	struct pass_status s;
	size_t		 i;

	pass_status_init(&s);
	if (bytes) {
		for (i = 0; i < len; i++)
			pass_status_feed(&s, (const uint8_t *)v->bytes + i, 1);
	} else {
		pass_status_feed(&s, (const uint8_t *)v->bytes, cut);
		pass_status_feed(&s, (const uint8_t *)v->bytes + cut,
		    len - cut);
	}
	return s.done == v->done && s.ready == v->ready && s.fed == len;
}

static void
test_head_end(void)
{
	size_t	 i, cut, len;
	bool	 ok;

	for (i = 0; i < sizeof(hvecs) / sizeof(hvecs[0]); i++) {
		len = strlen(hvecs[i].bytes);
		ok = head_split(&hvecs[i], len, 0, true);
		for (cut = 0; cut <= len; cut++)
			ok = ok && head_split(&hvecs[i], len, cut, false);
		if (!ok)
			fprintf(stderr, "head vector %zu\n", i);
		check(ok);
	}
}

int
main(void)
{
	size_t	 i, cut, len;
	bool	 ok;

	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		len = strlen(vecs[i].bytes);
		ok = feed_bytes(vecs[i].bytes, len) == vecs[i].want;
		for (cut = 0; cut <= len; cut++)
			if (feed_split(vecs[i].bytes, len, cut) != vecs[i].want)
				ok = false;
		if (!ok)
			fprintf(stderr, "vector %zu: want %d\n", i,
			    vecs[i].want);
		check(ok);
	}
	test_sticks();
	test_head_end();
	return check_summary("t_pass_status");
}
