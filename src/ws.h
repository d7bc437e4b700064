/*
 * ws.h: the WebSocket message layer between the client's raw bytes and the
 * backend: frames in, payload out (or echoed), control frames, close
 * handshake, timers.
 */
#ifndef WS_H
#define WS_H

#include <stdbool.h>
#include <stdint.h>

#include "frame.h"
#include "pmd.h"
#include "pty_msg.h"
#include "utf8.h"

#define ECHO_STAGE	16384		/* echo: inflated, not yet deflated */

struct conn;

struct ws {
	/* Decoding the client's frames. */
	struct frame_hdr hdr;		/* the frame being read */
	bool		 in_frame;	/* hdr valid, payload pending */
	uint64_t	 frame_off;	/* payload bytes of hdr done */
	uint8_t		 msg_op;	/* OP_TEXT/OP_BINARY, 0 = none open */
	uint64_t	 msg_bytes;	/* payload of the open message */
	struct utf8	 utf8;		/* text validation, client side */
	bool		 echo_open;	/* echo: first frame of msg sent */

	/* permessage-deflate (RFC 7692), when negotiated. */
	struct pmd	 pmd;
	bool		 msg_deflated;	/* the open message had RSV1 */
	uint64_t	 msg_inflated;	/* its inflated bytes so far */
	size_t		 unmasked;	/* c->rx head bytes unmasked in place */
	bool		 deflate_off;	/* zlib failed: send uncompressed */
	bool		 echo_deflate;	/* echo: this reply is compressed */
	bool		 inflated_all;	/* echo: the message is all inflated */
	size_t		 stage_start, stage_end;

	/* Text frames from the backend (--text). */
	struct utf8	 out_utf8;
	uint8_t		 carry[4];	/* incomplete sequence held back */
	uint8_t		 ncarry;
	bool		 line_open;	/* exec --text: a line's message */

	/* --pty: a text message is a resize, held whole (pty_msg.c). */
	uint8_t		 resize[PTY_MSG_MAX];
	uint8_t		 nresize;

	/* Closing. */
	int		 close_want;	/* code to send when there is room */
	const char	*close_text;	/* its reason, when not the code's */
	bool		 close_sent;	/* our Close is in to_client */
	bool		 close_rcvd;	/* the client's Close was read */
	bool		 failed;	/* protocol error: ignore input */
	int64_t		 close_deadline;	/* end by then, reply or not */

	/* Timers. */
	int64_t		 last_active;
	int64_t		 next_ping;

	/* Last, and not cleared by ws_init(): its pages are touched only
	 * when an echo with --compress uses them (stage_start/end say what
	 * it holds). */
	uint8_t		 stage[ECHO_STAGE];
};

void	 ws_init(struct conn *);
void	 ws_free(struct conn *);
void	 ws_client_input(struct conn *);
void	 ws_fail(struct conn *, int, const char *);
void	 ws_flush_close(struct conn *);
int	 ws_backend_frame(struct conn *, int);
int	 ws_backend_eof(struct conn *);
int64_t	 ws_timers(struct conn *, int64_t);

#endif
