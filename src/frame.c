/*
 * frame.c: RFC 6455 §5.2 frame header decoding/encoding and §5.3 unmasking.
 * Sits between the raw client bytes and ws.c's message layer; owns nothing.
 */
#include <string.h>

#include "frame.h"

/*
 * Decode the header at p[0..n).  Returns its size when complete, 0 when more
 * bytes are needed, or -CLOSE_PROTOCOL when the header can never be valid
 * (§5.2: the most significant bit of a 64-bit length must be 0).  Opcode,
 * RSV and masking rules are the caller's: they depend on the session.
 */
int
frame_decode_hdr(const uint8_t *p, size_t n, struct frame_hdr *h)
{
	size_t	 need = 2, i;
	uint8_t	 len7;

	if (n < need)
		return 0;
	len7 = p[1] & WS_LEN;
	if (len7 == WS_LEN16)
		need += 2;
	else if (len7 == WS_LEN64)
		need += 8;
	if (p[1] & WS_MASK)
		need += 4;
	if (n < need)
		return 0;

	h->fin = (p[0] & WS_FIN) != 0;
	h->rsv = p[0] & WS_RSV;
	h->opcode = p[0] & WS_OPCODE;
	h->masked = (p[1] & WS_MASK) != 0;
	i = 2;
	if (len7 == WS_LEN16) {
		h->len = (uint64_t)p[2] << 8 | p[3];
		i = 4;
	} else if (len7 == WS_LEN64) {
		if (p[2] & 0x80)
			return -CLOSE_PROTOCOL;
		h->len = 0;
		for (i = 2; i < 10; i++)
			h->len = h->len << 8 | p[i];
	} else
		h->len = len7;
	if (h->masked)
		memcpy(h->mask, p + i, 4);
	else
		memset(h->mask, 0, 4);
	return (int)need;
}

/* Size of an unmasked (server) header for a payload of len bytes. */
size_t
frame_hdr_size(uint64_t len)
{
	if (len < WS_LEN16)
		return 2;
	if (len <= 0xffff)
		return 4;
	return 10;
}

/* Write an unmasked header (server to client) to out; returns its size. */
size_t
frame_encode_hdr(uint8_t *out, bool fin, uint8_t opcode, uint64_t len)
{
	size_t	 i;

	out[0] = (fin ? WS_FIN : 0) | (opcode & WS_OPCODE);
	if (len < WS_LEN16) {
		out[1] = (uint8_t)len;
		return 2;
	}
	if (len <= 0xffff) {
		out[1] = WS_LEN16;
		out[2] = (uint8_t)(len >> 8);
		out[3] = (uint8_t)len;
		return 4;
	}
	out[1] = WS_LEN64;
	for (i = 0; i < 8; i++)
		out[2 + i] = (uint8_t)(len >> (56 - 8 * i));
	return 10;
}

/*
 * §5.3: dst[i] = src[i] ^ mask[(off + i) % 4], where off is the position of
 * src[0] in the frame's payload.  dst may equal src.  Works a word at a time.
 */
void
frame_unmask(uint8_t *dst, const uint8_t *src, size_t n, const uint8_t mask[4],
    uint64_t off)
{
	uint8_t	 m[8];
	uint64_t m64, w;
	size_t	 i = 0, j;

	for (j = 0; j < 8; j++)
		m[j] = mask[(off + j) & 3];
	memcpy(&m64, m, 8);
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, src + i, 8);
		w ^= m64;
		memcpy(dst + i, &w, 8);
	}
	for (; i < n; i++)
		dst[i] = src[i] ^ m[i & 7];
}

bool
frame_is_control(uint8_t opcode)
{
	return (opcode & 0x8) != 0;
}

/* §7.4: may a peer send this status code in a Close frame? */
bool
frame_close_code_ok(unsigned code)
{
	if (code >= 3000 && code <= 4999)
		return true;		/* registered (3xxx) and private (4xxx) */
	if (code < 1000 || code > 1014)
		return false;
	/* 1004 reserved; 1005, 1006 and 1015 must never be on the wire. */
	return code != 1004 && code != 1005 && code != 1006;
}
