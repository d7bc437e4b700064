/*
 * frame.h: RFC 6455 §5.2 frame headers, decoded and encoded; unmasking.
 * No I/O, no allocation: bytes in, results out.
 */
#ifndef FRAME_H
#define FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Byte 0. */
#define WS_FIN		0x80
#define WS_RSV		0x70		/* all three */
#define WS_RSV1		0x40		/* RFC 7692: compressed message */
#define WS_RSV2		0x20
#define WS_RSV3		0x10
#define WS_OPCODE	0x0f
/* Byte 1. */
#define WS_MASK		0x80
#define WS_LEN		0x7f

#define WS_LEN16	126		/* WS_LEN value: 16-bit length follows */
#define WS_LEN64	127		/* WS_LEN value: 64-bit length follows */
#define FRAME_HDR_MAX	14		/* 2 + 8 + 4 */
#define CONTROL_MAX	125		/* §5.5: control payload limit */

enum ws_opcode {
	OP_CONT = 0x0,
	OP_TEXT = 0x1,
	OP_BINARY = 0x2,
	OP_CLOSE = 0x8,
	OP_PING = 0x9,
	OP_PONG = 0xa,
};

/* §7.4.1 status codes, the ones we send or treat specially. */
enum close_code {
	CLOSE_NORMAL = 1000,
	CLOSE_GOING_AWAY = 1001,
	CLOSE_PROTOCOL = 1002,
	CLOSE_UNSUPPORTED = 1003,
	CLOSE_NO_STATUS = 1005,		/* never sent */
	CLOSE_ABNORMAL = 1006,		/* never sent: TCP ended without Close */
	CLOSE_BAD_DATA = 1007,
	CLOSE_POLICY = 1008,
	CLOSE_TOO_BIG = 1009,
	CLOSE_BACKEND = 1011,
};

struct frame_hdr {
	bool		 fin;
	uint8_t		 rsv;		/* the three RSV bits, in place */
	uint8_t		 opcode;
	bool		 masked;
	uint8_t		 mask[4];
	uint64_t	 len;
};

int	 frame_decode_hdr(const uint8_t *, size_t, struct frame_hdr *);
size_t	 frame_hdr_size(uint64_t);
size_t	 frame_encode_hdr(uint8_t *, bool, uint8_t, uint64_t);
void	 frame_unmask(uint8_t *, const uint8_t *, size_t, const uint8_t[4],
	    uint64_t);
bool	 frame_is_control(uint8_t);
bool	 frame_close_code_ok(unsigned);

#endif
