/*
 * t_frame.c: frame header decoding fed at every split, encoding round
 * trips, unmasking (RFC 6455 §5.7's examples) and close-code rules.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "frame.h"

/* Decode hdr at every prefix: 0 until complete, then the full size. */
static void
check_splits(const uint8_t *p, size_t n, int want)
{
	struct frame_hdr h;
	size_t	 i;

	for (i = 0; i < n; i++)
		check(frame_decode_hdr(p, i, &h) == 0 ||
		    (want < 0 && frame_decode_hdr(p, i, &h) == want));
	check(frame_decode_hdr(p, n, &h) == want);
}

static void
test_rfc_examples(void)
{
	/* §5.7: unmasked "Hello", masked "Hello", Ping "Hello". */
	static const uint8_t hello[] = { 0x81, 0x05, 'H', 'e', 'l', 'l', 'o' };
	static const uint8_t masked[] = { 0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d,
	    0x7f, 0x9f, 0x4d, 0x51, 0x58 };
	static const uint8_t frag1[] = { 0x01, 0x03, 'H', 'e', 'l' };
	static const uint8_t frag2[] = { 0x80, 0x02, 'l', 'o' };
	static const uint8_t len256[] = { 0x82, 0x7e, 0x01, 0x00 };
	static const uint8_t len64k[] = { 0x82, 0x7f, 0, 0, 0, 0, 0, 1, 0, 0 };
	struct frame_hdr h;
	uint8_t	 out[5];
	size_t	 cut;

	check(frame_decode_hdr(hello, sizeof(hello), &h) == 2);
	check(h.fin && h.opcode == OP_TEXT && !h.masked && h.len == 5);
	check_splits(hello, 2, 2);

	check(frame_decode_hdr(masked, sizeof(masked), &h) == 6);
	check(h.fin && h.masked && h.len == 5 && h.mask[0] == 0x37);
	check_splits(masked, 6, 6);
	frame_unmask(out, masked + 6, 5, h.mask, 0);
	check(memcmp(out, "Hello", 5) == 0);
	/* Unmasked in two pieces at every cut: the offset carries the key. */
	for (cut = 0; cut <= 5; cut++) {
		memset(out, 0, sizeof(out));
		frame_unmask(out, masked + 6, cut, h.mask, 0);
		frame_unmask(out + cut, masked + 6 + cut, 5 - cut, h.mask, cut);
		check(memcmp(out, "Hello", 5) == 0);
	}

	check(frame_decode_hdr(frag1, sizeof(frag1), &h) == 2);
	check(!h.fin && h.opcode == OP_TEXT && h.len == 3);
	check(frame_decode_hdr(frag2, sizeof(frag2), &h) == 2);
	check(h.fin && h.opcode == OP_CONT && h.len == 2);

	check(frame_decode_hdr(len256, sizeof(len256), &h) == 4);
	check(h.len == 256 && h.opcode == OP_BINARY);
	check_splits(len256, sizeof(len256), 4);
	check(frame_decode_hdr(len64k, sizeof(len64k), &h) == 10);
	check(h.len == 65536);
	check_splits(len64k, sizeof(len64k), 10);
}

static void
test_limits(void)
{
	uint8_t	 top[] = { 0x82, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4 };
	uint8_t	 max[] = { 0x82, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 1, 2, 3, 4 };
	uint8_t	 rsv[] = { 0xf1, 0x80, 1, 2, 3, 4 };
	struct frame_hdr h;

	/* §5.2: the most significant bit of a 64-bit length must be 0. */
	check(frame_decode_hdr(top, sizeof(top), &h) == -CLOSE_PROTOCOL);
	check(frame_decode_hdr(max, sizeof(max), &h) == 14);
	check(h.len == 0x7fffffffffffffffull && h.masked);
	check(frame_decode_hdr(rsv, sizeof(rsv), &h) == 6);
	check(h.rsv == WS_RSV && h.fin && h.opcode == OP_TEXT);
}

static void
test_roundtrip(void)
{
	static const uint64_t lens[] = { 0, 1, 125, 126, 127, 65535, 65536,
	    1u << 24, 0x7fffffffffffffffull };
	struct frame_hdr h;
	uint8_t	 buf[FRAME_HDR_MAX];
	size_t	 i, n;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		n = frame_encode_hdr(buf, i & 1, OP_BINARY, lens[i]);
		check(n == frame_hdr_size(lens[i]));
		check(frame_decode_hdr(buf, n, &h) == (int)n);
		check(h.len == lens[i] && h.fin == (i & 1) && !h.masked);
		check_splits(buf, n, (int)n);
	}
	check(frame_hdr_size(125) == 2 && frame_hdr_size(126) == 4);
	check(frame_hdr_size(65535) == 4 && frame_hdr_size(65536) == 10);
}

static void
test_unmask_long(void)
{
	const uint8_t key[4] = { 0xde, 0xad, 0xbe, 0xef };
	uint8_t	 plain[1000], masked[1000], out[1000];
	size_t	 i, cut;

	for (i = 0; i < sizeof(plain); i++) {
		plain[i] = (uint8_t)(i * 7 + 3);
		masked[i] = plain[i] ^ key[i % 4];
	}
	for (cut = 0; cut < 40; cut++) {
		frame_unmask(out, masked, cut, key, 0);
		frame_unmask(out + cut, masked + cut, sizeof(out) - cut, key,
		    cut);
		check(memcmp(out, plain, sizeof(plain)) == 0);
	}
	/* In place. */
	memcpy(out, masked, sizeof(out));
	frame_unmask(out, out, sizeof(out), key, 0);
	check(memcmp(out, plain, sizeof(plain)) == 0);
}

static void
test_close_codes(void)
{
	static const unsigned ok[] = { 1000, 1001, 1002, 1003, 1007, 1008,
	    1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999 };
	static const unsigned bad[] = { 0, 999, 1004, 1005, 1006, 1015, 1016,
	    1100, 2000, 2999, 5000, 65535 };
	size_t	 i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		check(frame_close_code_ok(ok[i]));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check(!frame_close_code_ok(bad[i]));
	check(frame_is_control(OP_CLOSE) && frame_is_control(OP_PING));
	check(frame_is_control(OP_PONG) && !frame_is_control(OP_TEXT));
	check(!frame_is_control(OP_CONT) && !frame_is_control(OP_BINARY));
}

int
main(void)
{
	test_rfc_examples();
	test_limits();
	test_roundtrip();
	test_unmask_long();
	test_close_codes();
	return check_summary("t_frame");
}
