/*
 * wsframe.c: RFC 6455 §5.2 frame headers and §5.3 masking for the
 * benchmark client and the floor echo program, and a client's key.  The
 * accept value is src/wskey.c's, linked in.  Pure functions, no I/O.
 */
#include <string.h>

#include <nettle/base64.h>

#include "wsframe.h"


int
wsf_decode(const uint8_t *p, size_t n, struct wsf_hdr *h)
{
	size_t	 need = 2, i;
	uint8_t	 len7;

	if (n < 2)
		return 0;
	if (p[0] & 0x70)			/* RSV1-3: no extension here */
		return -1;
	h->fin = (p[0] & WSF_FIN) != 0;
	h->opcode = p[0] & WSF_OPCODE;
	h->masked = (p[1] & WSF_MASK) != 0;
	len7 = p[1] & WSF_LEN;
	if (len7 == 126)
		need += 2;
	else if (len7 == 127)
		need += 8;
	if (h->masked)
		need += 4;
	if (n < need)
		return 0;
	if (len7 == 126)
		h->len = (uint64_t)p[2] << 8 | p[3];
	else if (len7 == 127) {
		h->len = 0;
		for (i = 0; i < 8; i++)
			h->len = h->len << 8 | p[2 + i];
		if (h->len >> 63)
			return -1;
	} else
		h->len = len7;
	if ((h->opcode & 0x8) && (h->len > 125 || !h->fin))
		return -1;			/* §5.5 */
	if (h->masked)
		memcpy(h->mask, p + need - 4, 4);
	else
		memset(h->mask, 0, 4);
	return (int)need;
}

size_t
wsf_encode(uint8_t *out, uint8_t opcode, uint64_t len, const uint8_t *mask)
{
	size_t	 n = 2;
	int	 i;

	out[0] = WSF_FIN | (opcode & WSF_OPCODE);
	if (len < 126)
		out[1] = (uint8_t)len;
	else if (len <= 0xffff) {
		out[1] = 126;
		out[2] = (uint8_t)(len >> 8);
		out[3] = (uint8_t)len;
		n = 4;
	} else {
		out[1] = 127;
		for (i = 0; i < 8; i++)
			out[2 + i] = (uint8_t)(len >> (56 - 8 * i));
		n = 10;
	}
	if (mask != NULL) {
		out[1] |= WSF_MASK;
		memcpy(out + n, mask, 4);
		n += 4;
	}
	return n;
}

void
wsf_mask(uint8_t *p, size_t n, const uint8_t mask[4], uint64_t phase)
{
	uint8_t	 rot[8];
	uint64_t w, m;
	size_t	 i = 0;

	for (i = 0; i < 8; i++)
		rot[i] = mask[(phase + i) & 3];
	memcpy(&m, rot, 8);
	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		w ^= m;
		memcpy(p + i, &w, 8);
	}
	for (; i < n; i++)
		p[i] ^= rot[i & 7];
}

void
wsf_make_key(uint64_t seed, char out[WSF_KEY_LEN + 1])
{
	uint8_t	 raw[16];
	int	 i;

	for (i = 0; i < 16; i++) {		/* splitmix64, byte by byte */
		seed += 0x9e3779b97f4a7c15ULL;
		raw[i] = (uint8_t)((seed ^ (seed >> 31)) * 0xbf58476d1ce4e5b9ULL
		    >> 56);
	}
	base64_encode_raw(out, sizeof(raw), raw);
	out[WSF_KEY_LEN] = '\0';
}
