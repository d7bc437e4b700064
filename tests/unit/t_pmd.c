/*
 * t_pmd.c: the permessage-deflate codec.  RFC 7692 §7.2.3's payloads are
 * inflated whole, byte by byte, cut at every offset and into an output of
 * one byte at a time (STYLE.md habit 12); invalid streams are refused;
 * our deflater's messages inflate back for every window and context
 * setting, whole or streamed; a message that does not shrink is left alone.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pmd.h"

struct vec {
	const uint8_t	*bytes;
	size_t		 len;
};

/* §7.2.3.1, .3, .4 (BFINAL, a byte after it), .5 (two blocks). */
static const uint8_t v_hello[] = { 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00 };
static const uint8_t v_stored[] = { 0x00, 0x05, 0x00, 0xfa, 0xff, 0x48, 0x65,
    0x6c, 0x6c, 0x6f, 0x00 };
static const uint8_t v_final[] = { 0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00,
    0x00 };
static const uint8_t v_two[] = { 0xf2, 0x48, 0x05, 0x00, 0x00, 0x00, 0xff,
    0xff, 0xca, 0xc9, 0xc9, 0x07, 0x00 };
/* §7.2.3.2: the second "Hello" with context takeover. */
static const uint8_t v_again[] = { 0xf2, 0x00, 0x11, 0x00, 0x00 };
/* Invalid: reserved block type 3. */
static const uint8_t v_btype3[] = { 0xff, 0xff, 0xff };

#define VEC(a) { a, sizeof(a) }

/*
 * Inflate one message fed `cut` bytes first, then in steps of `step`, into
 * an output of `room` bytes per call.  Returns PMD_DONE with the text in
 * out (*outlen), or the first other result that ends it.
 */
static int
inflate_msg(struct pmd *pm, const uint8_t *p, size_t n, size_t cut,
    size_t step, size_t room, uint8_t *out, size_t *outlen)
{
	size_t	 have = 0, in, got, rounds = 0;
	int	 r;

	if ((r = pmd_inflate_start(pm)) != PMD_MORE)
		return r;
	*outlen = 0;
	for (;;) {
		size_t avail = have == 0 && cut ? cut : step;

		if (avail > n - have)
			avail = n - have;
		in = avail;
		got = room;
		r = pmd_inflate(pm, p + have, &in, out + *outlen, &got,
		    have + avail == n);
		have += in;
		*outlen += got;
		if (r != PMD_MORE || ++rounds > 100000)
			return r;
	}
}

static bool
inflates_to(struct pmd *pm, const struct vec *v, const char *want,
    size_t cut, size_t step, size_t room)
{
	uint8_t	 out[256];
	size_t	 n;

	if (inflate_msg(pm, v->bytes, v->len, cut, step, room, out, &n) !=
	    PMD_DONE)
		return false;
	return n == strlen(want) && memcmp(out, want, n) == 0;
}

static void
test_rfc_vectors(void)
{
	static const struct vec hello[] = { VEC(v_hello), VEC(v_stored),
	    VEC(v_final), VEC(v_two) };
	struct pmd_params p = { 0 };
	struct pmd	 pm;
	size_t		 i, cut, room;
	struct vec	 again = VEC(v_again);

	for (i = 0; i < sizeof(hello) / sizeof(hello[0]); i++) {
		for (room = 1; room <= 6; room += 5)
			for (cut = 0; cut <= hello[i].len; cut++) {
				pmd_init(&pm, &p, 6);
				check(inflates_to(&pm, &hello[i], "Hello", cut,
				    hello[i].len, room));
				pmd_free(&pm);
			}
		pmd_init(&pm, &p, 6);
		check(inflates_to(&pm, &hello[i], "Hello", 0, 1, 1));
		/* Context takeover: the window carries over (even past a
		 * BFINAL block). */
		check(inflates_to(&pm, &again, "Hello", 0, 1, 1));
		pmd_free(&pm);
	}
	/* Without context takeover the second message cannot refer back. */
	p.client_no_context_takeover = true;
	pmd_init(&pm, &p, 6);
	check(inflates_to(&pm, &hello[0], "Hello", 0, 7, 100));
	check(!inflates_to(&pm, &again, "Hello", 0, 5, 100));
	pmd_free(&pm);
}

static void
test_invalid(void)
{
	struct pmd_params p = { 0 };
	struct pmd	 pm;
	uint8_t		 out[64];
	size_t		 n;

	pmd_init(&pm, &p, 6);
	check(inflate_msg(&pm, v_btype3, sizeof(v_btype3), 0, 3, 64, out,
	    &n) == PMD_BAD);
	pmd_free(&pm);
	/* §7.2.3.2's second message refers back: alone it is invalid. */
	pmd_init(&pm, &p, 6);
	check(inflate_msg(&pm, v_again, sizeof(v_again), 0, 5, 64, out,
	    &n) == PMD_BAD);
	pmd_free(&pm);
	/* Empty message: only the tail, no output. */
	pmd_init(&pm, &p, 6);
	check(inflate_msg(&pm, NULL, 0, 0, 1, 64, out, &n) == PMD_DONE &&
	    n == 0);
	pmd_free(&pm);
}

/* Our messages inflate back, for each window and context setting. */
static void
test_round_trip(void)
{
	static uint8_t	 msg[20000], z[20000 + PMD_TAIL_LEN], back[20000];
	struct pmd_params p;
	struct pmd	 tx, rx;
	size_t		 i, k, n;
	ssize_t		 zn;
	unsigned	 bits, ctx, seed = 1;

	for (i = 0; i < sizeof(msg); i++) {
		seed = seed * 1103515245 + 12345;
		msg[i] = "abcdefgh {}\":,\n"[(seed >> 16) % 15];
	}
	for (bits = 9; bits <= 15; bits++)
		for (ctx = 0; ctx < 2; ctx++) {
			memset(&p, 0, sizeof(p));
			p.server_max_window_bits = (uint8_t)bits;
			p.server_no_context_takeover = ctx;
			p.client_max_window_bits = (uint8_t)bits;
			p.client_no_context_takeover = ctx;
			pmd_init(&tx, &p, 6);
			/* The receiver's view: our server_* are its client_*. */
			p.client_max_window_bits = (uint8_t)bits;
			pmd_init(&rx, &p, 6);
			for (k = 0; k < 4; k++) {
				zn = pmd_deflate(&tx, msg + k * 100,
				    sizeof(msg) - k * 100, z, sizeof(msg) - 1);
				check(zn > 0 && (size_t)zn < sizeof(msg) / 4 * 3);
				if (zn <= 0)
					continue;
				check(inflate_msg(&rx, z, (size_t)zn, 0, 333,
				    1000, back, &n) == PMD_DONE);
				check(n == sizeof(msg) - k * 100 &&
				    memcmp(back, msg + k * 100, n) == 0);
			}
			pmd_free(&tx);
			pmd_free(&rx);
		}
}

/*
 * Streamed messages (echo): fed in pieces of `step` into outputs of `room`
 * bytes, the tail never sent; an empty message right after another one
 * (zlib has nothing to flush then) still makes a valid payload.
 */
static void
test_stream(void)
{
	static uint8_t	 msg[50000], z[60000], back[50000];
	static const size_t lens[] = { 50000, 0, 1, 0, 30000 };
	struct pmd_params p = { 0 };
	struct pmd	 tx, rx;
	size_t		 i, k, have, zn, in, out, n, step, room;
	int		 r = PMD_MORE;

	for (i = 0; i < sizeof(msg); i++)
		msg[i] = "stream of words, "[i % 17] ^ (uint8_t)(i / 1000);
	for (step = 1000; step <= 50000; step *= 50)
		for (room = PMD_STREAM_ROOM; room <= 4068; room += 4000) {
			pmd_init(&tx, &p, 6);
			pmd_init(&rx, &p, 6);
			check(pmd_deflate_ready(&tx) == 0);
			for (k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
				have = zn = 0;
				do {
					in = lens[k] - have < step ?
					    lens[k] - have : step;
					out = room;
					r = pmd_deflate_stream(&tx, msg + have,
					    &in, z + zn, &out,
					    have + in == lens[k]);
					have += in;
					zn += out;
				} while (r == PMD_MORE && zn + room < sizeof(z));
				check(r == PMD_DONE && have == lens[k]);
				check(zn <= lens[k] / 4 + 16);	/* no marker spam */
				check(inflate_msg(&rx, z, zn, 0, 777, 50000,
				    back, &n) == PMD_DONE);
				check(n == lens[k] && memcmp(back, msg, n) == 0);
			}
			pmd_free(&tx);
			pmd_free(&rx);
		}
}

/* Random bytes do not shrink: 0, and the next message still works. */
static void
test_no_shrink(void)
{
	static uint8_t	 rnd[4096], z[4096 + PMD_TAIL_LEN], back[4096];
	struct pmd_params p = { 0 };
	struct pmd	 tx, rx;
	size_t		 i, n;
	ssize_t		 zn;
	unsigned	 seed = 7;

	for (i = 0; i < sizeof(rnd); i++) {
		seed = seed * 1103515245 + 12345;
		rnd[i] = (uint8_t)(seed >> 16);
	}
	pmd_init(&tx, &p, 9);
	pmd_init(&rx, &p, 9);
	check(pmd_deflate(&tx, rnd, sizeof(rnd), z, sizeof(rnd) - 1) == 0);
	memset(rnd, 'x', sizeof(rnd));
	zn = pmd_deflate(&tx, rnd, sizeof(rnd), z, sizeof(rnd) - 1);
	check(zn > 0 && zn < 100);
	check(inflate_msg(&rx, z, (size_t)zn, 0, 4096, 4096, back, &n) ==
	    PMD_DONE && n == sizeof(rnd) && memcmp(back, rnd, n) == 0);
	pmd_free(&tx);
	pmd_free(&rx);
}

int
main(void)
{
	struct pmd	 pm;

	test_rfc_vectors();
	test_invalid();
	test_round_trip();
	test_no_shrink();
	test_stream();
	/* pmd_free on a pmd that never allocated. */
	memset(&pm, 0, sizeof(pm));
	pmd_free(&pm);
	return check_summary("t_pmd");
}
