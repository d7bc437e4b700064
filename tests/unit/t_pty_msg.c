/*
 * t_pty_msg.c: the --pty resize message, {"cols":N,"rows":M}: what is
 * accepted, and that every cut of an accepted message is refused (a
 * message is parsed whole, so a prefix is never a resize).
 */
#include <string.h>

#include "check.h"
#include "pty_msg.h"

struct vec {
	const char	*s;
	int		 want;		/* 0 or -1 */
	unsigned	 cols, rows;
};

static const struct vec vecs[] = {
	{ "{\"cols\":80,\"rows\":24}", 0, 80, 24 },
	{ "{\"rows\":24,\"cols\":80}", 0, 80, 24 },
	{ " { \"cols\" : 132 ,\n\"rows\"\t:\r43 } ", 0, 132, 43 },
	{ "{\"cols\":1,\"rows\":1}", 0, 1, 1 },
	{ "{\"cols\":4096,\"rows\":4096}", 0, 4096, 4096 },
	{ "{\"cols\":4097,\"rows\":24}", -1, 0, 0 },	/* over PTY_DIM_MAX */
	{ "{\"cols\":99999999999999999999,\"rows\":24}", -1, 0, 0 },
	{ "{\"cols\":0,\"rows\":24}", -1, 0, 0 },
	{ "{\"cols\":080,\"rows\":24}", -1, 0, 0 },	/* leading zero */
	{ "{\"cols\":-80,\"rows\":24}", -1, 0, 0 },
	{ "{\"cols\":+80,\"rows\":24}", -1, 0, 0 },
	{ "{\"cols\":80.0,\"rows\":24}", -1, 0, 0 },
	{ "{\"cols\":8e1,\"rows\":24}", -1, 0, 0 },
	{ "{\"cols\":\"80\",\"rows\":24}", -1, 0, 0 },
	{ "{\"cols\":80}", -1, 0, 0 },
	{ "{\"cols\":80,\"cols\":24}", -1, 0, 0 },	/* duplicate */
	{ "{\"cols\":80,\"rows\":24,\"x\":1}", -1, 0, 0 },
	{ "{\"cols\":80,\"rows\":24}x", -1, 0, 0 },
	{ "{\"cols\":80,\"rows\":24}{}", -1, 0, 0 },
	{ "{\"co\\u006cs\":80,\"rows\":24}", -1, 0, 0 },
	{ "{\"COLS\":80,\"rows\":24}", -1, 0, 0 },
	{ "{\"cols\":80 \"rows\":24}", -1, 0, 0 },
	{ "[80,24]", -1, 0, 0 },
	{ "", -1, 0, 0 },
	{ "ls -l\r", -1, 0, 0 },
};

int
main(void)
{
	unsigned	 cols, rows;
	size_t		 i, len, cut, end;
	int		 r;

	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		len = strlen(vecs[i].s);
		cols = rows = 7;
		r = pty_msg_parse((const uint8_t *)vecs[i].s, len, &cols,
		    &rows);
		check(r == vecs[i].want);
		if (r != vecs[i].want)
			fprintf(stderr, "  vector %zu: %s\n", i, vecs[i].s);
		if (vecs[i].want == 0) {
			check(cols == vecs[i].cols && rows == vecs[i].rows);
			/* Up to the '}': every cut is refused. */
			end = (size_t)(strrchr(vecs[i].s, '}') - vecs[i].s) + 1;
			for (cut = 0; cut < end; cut++)
				check(pty_msg_parse((const uint8_t *)
				    vecs[i].s, cut, &cols, &rows) != 0);
		} else
			check(cols == 7 && rows == 7);
	}
	/* PTY_MSG_MAX bytes is a resize, one more is not. */
	for (len = PTY_MSG_MAX; len <= PTY_MSG_MAX + 1; len++) {
		char	 big[PTY_MSG_MAX + 2];

		memset(big, ' ', sizeof(big));
		memcpy(big, "{\"cols\":80,", 11);
		memcpy(big + len - 10, "\"rows\":24}", 10);
		check(pty_msg_parse((const uint8_t *)big, len, &cols,
		    &rows) == (len == PTY_MSG_MAX ? 0 : -1));
	}
	return check_summary("t_pty_msg");
}
