/*
 * fuzz_record_json.c: --record's JSON serializer (record_json.c) on
 * arbitrary bytes, the first of which picks the output room.  Beyond not
 * crashing: the output, escaped piece by piece into that room, decodes as
 * the body of a JSON string (RFC 8259 §7: no raw '"', backslash or
 * control, only the escapes it defines) and is valid UTF-8; decoded it is
 * the input exactly when the input is UTF-8, else the input with U+FFFD
 * for the bytes that start no valid sequence; record_json_len() predicts
 * its length; and record_json_text() splits off at most an unfinished
 * sequence of 1 to 3 bytes, after a valid prefix.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "record_json.h"
#include "utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
hexval(char h)
{
	if (h >= '0' && h <= '9')
		return h - '0';
	if (h >= 'a' && h <= 'f')
		return h - 'a' + 10;
	return -1;
}

/* Decode a JSON string body s[0..n) into out; its length, or abort. */
static size_t
decode(const char *s, size_t n, uint8_t *out)
{
	size_t		 i = 0, o = 0;
	unsigned	 cp;
	int		 k, h;

	while (i < n) {
		uint8_t b = (uint8_t)s[i];

		if (b < 0x20 || b == '"')
			abort();		/* must have been escaped */
		if (b != '\\') {
			out[o++] = b;
			i++;
			continue;
		}
		if (i + 1 >= n)
			abort();
		switch (s[i + 1]) {
		case '"': out[o++] = '"'; break;
		case '\\': out[o++] = '\\'; break;
		case 'n': out[o++] = '\n'; break;
		case 'r': out[o++] = '\r'; break;
		case 't': out[o++] = '\t'; break;
		case 'b': out[o++] = '\b'; break;
		case 'f': out[o++] = '\f'; break;
		case 'u':
			if (i + 6 > n)
				abort();
			for (cp = 0, k = 2; k < 6; k++) {
				if ((h = hexval(s[i + k])) < 0)
					abort();
				cp = cp << 4 | (unsigned)h;
			}
			if (cp == 0xfffd) {
				memcpy(out + o, "\xef\xbf\xbd", 3);
				o += 3;
			} else if (cp < 0x80)
				out[o++] = (uint8_t)cp;
			else
				abort();	/* we write no other */
			i += 6;
			continue;
		default:
			abort();
		}
		i += 2;
	}
	return o;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct utf8	 u = { 0 };
	char		*out;
	uint8_t		*back, *want;
	size_t		 room, cap, o = 0, used, wrote, i, n, w = 0, ok;
	const uint8_t	*in;
	size_t		 len;

	if (size == 0)
		return 0;
	room = RECORD_JSON_UNIT + data[0] % 64;
	in = data + 1;
	len = size - 1;
	cap = RECORD_JSON_UNIT * len + 1;
	if ((out = malloc(cap)) == NULL || (back = malloc(cap)) == NULL ||
	    (want = malloc(3 * len + 1)) == NULL)
		abort();
	for (i = 0; i < len; i += used) {
		n = room < cap - o ? room : cap - o;
		used = record_json_escape(in + i, len - i, out + o, n, &wrote);
		if (used == 0 || wrote > n)
			abort();
		o += wrote;
	}
	if (o != record_json_len(in, len) || utf8_feed(&u, (uint8_t *)out, o) !=
	    UTF8_OK)
		abort();
	n = decode(out, o, back);
	/* What it must decode to: valid sequences as they are, U+FFFD
	 * for each byte that starts none. */
	for (i = 0; i < len; ) {
		size_t k;

		for (k = 4; k > 0; k--) {
			struct utf8 s = { 0 };

			if (i + k <= len &&
			    utf8_feed(&s, in + i, k) == UTF8_OK &&
			    utf8_complete_len(in + i, k) == k &&
			    (k == 1 || in[i] >= 0xc2))
				break;
		}
		if (k == 1 && in[i] >= 0x80)
			k = 0;
		if (k == 0) {
			memcpy(want + w, "\xef\xbf\xbd", 3);
			w += 3;
			i++;
		} else {
			memcpy(want + w, in + i, k);
			w += k;
			i += k;
		}
	}
	if (n != w || memcmp(back, want, n) != 0)
		abort();
	if (record_json_text(in, len, &ok)) {
		struct utf8 s = { 0 };

		if (ok > len || len - ok > 3 || utf8_feed(&s, in, ok) !=
		    UTF8_OK)
			abort();
		if (ok == len && (n != len || memcmp(back, in, len) != 0))
			abort();
	}
	free(out);
	free(back);
	free(want);
	return 0;
}
