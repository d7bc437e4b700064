/*
 * wsframe.h: the client side of RFC 6455 framing for the benchmark tools:
 * frame headers in and out, masking, the opening handshake's key
 * arithmetic.  No I/O: bytes in, results out (bench/wsconn.c does I/O).
 */
#ifndef WSFRAME_H
#define WSFRAME_H

#include <stddef.h>
#include <stdint.h>

#define WSF_FIN		0x80
#define WSF_OPCODE	0x0f
#define WSF_MASK	0x80
#define WSF_LEN		0x7f
#define WSF_HDR_MAX	14		/* 2 + 8 + 4 */

enum wsf_opcode {
	WSF_CONT = 0x0,
	WSF_TEXT = 0x1,
	WSF_BINARY = 0x2,
	WSF_CLOSE = 0x8,
	WSF_PING = 0x9,
	WSF_PONG = 0xa,
};

struct wsf_hdr {
	uint8_t		 fin;
	uint8_t		 opcode;
	uint8_t		 masked;
	uint8_t		 mask[4];
	uint64_t	 len;
};

/*
 * Decode a frame header from the n bytes at p.  Returns the header's size,
 * 0 when more bytes are needed, -1 when the header is malformed (reserved
 * bits, a 64-bit length with its top bit set, an oversized control frame).
 */
int	 wsf_decode(const uint8_t *p, size_t n, struct wsf_hdr *h);

/*
 * Encode a FIN frame header for a payload of len bytes into out
 * (WSF_HDR_MAX bytes of room); with mask non-NULL the frame is masked
 * with those 4 bytes.  Returns the header's size.
 */
size_t	 wsf_encode(uint8_t *out, uint8_t opcode, uint64_t len,
	    const uint8_t *mask);

/*
 * XOR n bytes at p with the mask, the first byte being payload offset
 * phase (only phase % 4 matters).  Word-wide in the middle.
 */
void	 wsf_mask(uint8_t *p, size_t n, const uint8_t mask[4], uint64_t phase);

/* A fresh Sec-WebSocket-Key: 16 bytes from seed, base64, 24 chars + NUL. */
#define WSF_KEY_LEN	24
void	 wsf_make_key(uint64_t seed, char out[WSF_KEY_LEN + 1]);

#endif
