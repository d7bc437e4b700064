/*
 * pmd.c: permessage-deflate messages (RFC 7692 §7.2) through zlib's raw
 * DEFLATE.  ws.c hands us a message's compressed bytes piece by piece and
 * a sink with room; we inflate only as much as the sink takes, so a
 * message never exists whole and a zip bomb costs one sink's worth of
 * work before ws.c sees it is over --max-message.  Outgoing, one backend
 * read is compressed into a caller buffer, or left alone if it does not
 * shrink; echo's replies are compressed as they stream.  zlib's state is allocated on first use (a connection that never
 * compresses pays nothing) and freed by pmd_free().
 */
#include <string.h>

#include "pmd.h"

/*
 * zlib's memLevel for our deflater: its hash table and pending buffer are
 * 2^(memLevel + 9) bytes each, beside the 2 * 2^windowBits window and
 * the same again for the chain.  7 halves them against zlib's default 8
 * for 0.1% of output on this repository's sources in 64 KiB messages
 * (a 32.5% ratio either way); the window is what the client negotiates.
 */
#define PMD_MEM_LEVEL	7

static const uint8_t pmd_tail[PMD_TAIL_LEN] = { 0x00, 0x00, 0xff, 0xff };

/* Remember what was agreed; zlib is set up on first use. */
void
pmd_init(struct pmd *pm, const struct pmd_params *p, int level)
{
	memset(pm, 0, sizeof(*pm));
	pm->on = true;
	pm->p = *p;
	pm->level = level;
}

/* Inflating windows below 9 bits: zlib's deflate makes 8 into 9. */
static int
pmd_window(uint8_t bits)
{
	if (bits == 0)
		return PMD_MAX_BITS;
	return bits < 9 ? 9 : bits;
}

/*
 * A new compressed message from the client begins.  Returns PMD_MORE, or
 * PMD_NOMEM.  Without client_no_context_takeover the window carries over
 * (§7.1.1), even past a BFINAL block.
 */
int
pmd_inflate_start(struct pmd *pm)
{
	uint8_t	 dict[1 << PMD_MAX_BITS];
	uInt	 dlen = 0;
	bool	 keep;

	pm->tail_fed = 0;
	if (!pm->inf_ready) {
		memset(&pm->inf, 0, sizeof(pm->inf));
		if (inflateInit2(&pm->inf,
		    -pmd_window(pm->p.client_max_window_bits)) != Z_OK)
			return PMD_NOMEM;
		pm->inf_ready = true;
		pm->inf_end = false;
		return PMD_MORE;
	}
	keep = pm->inf_end && !pm->p.client_no_context_takeover;
	if (pm->p.client_no_context_takeover || pm->inf_end) {
		if (keep && inflateGetDictionary(&pm->inf, dict, &dlen) != Z_OK)
			return PMD_NOMEM;
		if (inflateReset(&pm->inf) != Z_OK)
			return PMD_NOMEM;
		if (keep && dlen > 0 &&
		    inflateSetDictionary(&pm->inf, dict, dlen) != Z_OK)
			return PMD_NOMEM;
	}
	pm->inf_end = false;
	return PMD_MORE;
}

/* One inflate() call over in[0..*inlen) into out[0..*outlen); see below. */
static int
pmd_inflate_step(struct pmd *pm, const uint8_t *in, size_t *inlen,
    uint8_t *out, size_t *outlen)
{
	z_stream	*z = &pm->inf;
	int		 r;

	if (pm->inf_end) {
		/* §7.2.3.4: after a BFINAL block the sender may add bytes
		 * (its example adds 0x00); like zlib's unused_data, they
		 * are ignored.  They cost no output. */
		*outlen = 0;
		return PMD_MORE;
	}
	z->next_in = (Bytef *)(uintptr_t)in;
	z->avail_in = (uInt)*inlen;
	z->next_out = out;
	z->avail_out = (uInt)*outlen;
	r = inflate(z, Z_SYNC_FLUSH);
	*inlen -= z->avail_in;
	*outlen -= z->avail_out;
	switch (r) {
	case Z_STREAM_END:
		pm->inf_end = true;
		/* FALLTHROUGH */
	case Z_OK:
	case Z_BUF_ERROR:		/* no progress possible: fine */
		return PMD_MORE;
	case Z_MEM_ERROR:
		return PMD_NOMEM;
	default:			/* Z_DATA_ERROR, Z_NEED_DICT */
		return PMD_BAD;
	}
}

/*
 * Inflate the message bytes in[0..*inlen) into out[0..*outlen); last says
 * that they end the message, so the §7.2.2 tail (00 00 ff ff) follows them.
 * On return *inlen is what was consumed and *outlen what was produced.
 * Returns PMD_DONE once the last bytes and the tail are in and all output
 * is out; PMD_MORE when called again with more room or input; PMD_BAD or
 * PMD_NOMEM.  in (and *inlen) may be empty, to drain or finish.
 */
int
pmd_inflate(struct pmd *pm, const uint8_t *in, size_t *inlen, uint8_t *out,
    size_t *outlen, bool last)
{
	size_t	 room = *outlen, got = room, n = *inlen, tn, m;
	int	 r;

	if ((r = pmd_inflate_step(pm, in, &n, out, &got)) != PMD_MORE)
		return r;
	/* inflate() stops early only when the output is full. */
	if (!last || n < *inlen || got == room) {
		*inlen = n;
		*outlen = got;
		return PMD_MORE;
	}
	*inlen = n;
	/* The message's bytes are all in: feed the rest of the tail. */
	tn = PMD_TAIL_LEN - pm->tail_fed;
	m = room - got;
	if ((r = pmd_inflate_step(pm, pmd_tail + pm->tail_fed, &tn, out + got,
	    &m)) != PMD_MORE)
		return r;
	pm->tail_fed += (uint8_t)tn;
	*outlen = got + m;
	return got + m == room ? PMD_MORE : PMD_DONE;
}

/*
 * Compress one whole message in[0..n) into out, which has room for cap + 4
 * bytes (the tail is written, then dropped, §7.2.1).  Returns the
 * compressed length (at most cap), 0 when it would be longer than cap
 * (the caller sends it uncompressed, and the deflater starts afresh so
 * the client's window stays in step), or -1 when zlib cannot allocate.
 */
ssize_t
pmd_deflate(struct pmd *pm, const uint8_t *in, size_t n, uint8_t *out,
    size_t cap)
{
	z_stream	*z = &pm->def;
	size_t		 len;
	int		 r;

	if (pmd_deflate_ready(pm) != 0)
		return -1;
	z->next_in = (Bytef *)(uintptr_t)in;
	z->avail_in = (uInt)n;
	z->next_out = out;
	z->avail_out = (uInt)(cap + PMD_TAIL_LEN);
	r = deflate(z, Z_SYNC_FLUSH);
	len = cap + PMD_TAIL_LEN - z->avail_out;
	if (r != Z_OK || z->avail_in != 0 || z->avail_out == 0 ||
	    len < PMD_TAIL_LEN ||
	    memcmp(out + len - PMD_TAIL_LEN, pmd_tail, PMD_TAIL_LEN) != 0) {
		(void)deflateReset(z);
		return 0;
	}
	if (pm->p.server_no_context_takeover)
		(void)deflateReset(z);		/* §7.1.1.1 */
	return (ssize_t)(len - PMD_TAIL_LEN);
}

/* Set up the deflater unless it is: 0, or -1 when zlib cannot allocate. */
int
pmd_deflate_ready(struct pmd *pm)
{
	int	 bits = pm->p.server_max_window_bits ?
		    pm->p.server_max_window_bits : PMD_MAX_BITS;

	if (pm->def_ready)
		return 0;
	memset(&pm->def, 0, sizeof(pm->def));
	if (deflateInit2(&pm->def, pm->level, Z_DEFLATED, -bits,
	    PMD_MEM_LEVEL, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	pm->def_ready = true;
	pm->nhold = 0;
	return 0;
}

/*
 * Compress the next piece in[0..*inlen) of an outgoing message whose size
 * is not known in advance (echo); last: nothing follows it.  Output goes
 * to out[0..*outlen); below PMD_STREAM_ROOM bytes nothing is done.  The last 4 bytes produced are always held back, so that the
 * §7.2.1 tail the final flush ends with is never sent.  On return *inlen
 * is what was consumed and *outlen what may be sent.  Returns PMD_DONE
 * when the message is complete, PMD_MORE to be called again (more input
 * or room), or PMD_BAD if zlib fails (after pmd_deflate_ready()).
 */
int
pmd_deflate_stream(struct pmd *pm, const uint8_t *in, size_t *inlen,
    uint8_t *out, size_t *outlen, bool last)
{
	z_stream	*z = &pm->def;
	size_t		 room = *outlen, t, k;
	int		 r;

	*outlen = 0;
	if (room < PMD_STREAM_ROOM) {
		*inlen = 0;
		return PMD_MORE;
	}
	memcpy(out, pm->hold, pm->nhold);
	z->next_in = (Bytef *)(uintptr_t)in;
	z->avail_in = (uInt)*inlen;
	z->next_out = out + pm->nhold;
	z->avail_out = (uInt)(room - pm->nhold);
	r = deflate(z, last ? Z_SYNC_FLUSH : Z_NO_FLUSH);
	if (r != Z_OK && r != Z_BUF_ERROR)
		return PMD_BAD;
	*inlen -= z->avail_in;
	t = room - z->avail_out;		/* held bytes + new ones */
	if (last && z->avail_in == 0 && z->avail_out > 0) {
		if (t == 0) {
			/* An empty message right after a flush: zlib has
			 * nothing to flush.  0x00 and the tail inflate to
			 * an empty stored block. */
			out[0] = 0x00;
			*outlen = 1;
			return PMD_DONE;
		}
		/* The flush is complete: drop the tail it ended with. */
		if (t < PMD_TAIL_LEN ||
		    memcmp(out + t - PMD_TAIL_LEN, pmd_tail, PMD_TAIL_LEN) != 0)
			return PMD_BAD;
		pm->nhold = 0;
		*outlen = t - PMD_TAIL_LEN;
		if (pm->p.server_no_context_takeover)
			(void)deflateReset(z);		/* §7.1.1.1 */
		return PMD_DONE;
	}
	k = t < PMD_TAIL_LEN ? t : PMD_TAIL_LEN;
	memcpy(pm->hold, out + t - k, k);
	pm->nhold = (uint8_t)k;
	*outlen = t - k;
	return PMD_MORE;
}

/* Release zlib's state; safe on a zeroed or half-built pmd. */
void
pmd_free(struct pmd *pm)
{
	if (pm->inf_ready)
		(void)inflateEnd(&pm->inf);
	if (pm->def_ready)
		(void)deflateEnd(&pm->def);
	pm->inf_ready = pm->def_ready = false;
}
