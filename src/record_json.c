/*
 * record_json.c: turn payload bytes into the body of a JSON string (RFC
 * 8259 §7) for --record's asciicast lines.  Client and backend bytes are
 * anything: '"', '\\', the C0 controls and DEL are escaped, valid UTF-8
 * (RFC 3629) is copied as it is, and a byte that starts no valid sequence
 * becomes "\ufffd", so whatever comes in, what goes out is valid JSON and
 * valid UTF-8.  record.c asks record_json_text() first and sends pieces
 * that are not UTF-8 as base64 instead, so it never loses a byte; the
 * U+FFFD rule only keeps this serializer total.  Pure: no allocation,
 * no system call (fuzzed by tests/fuzz/fuzz_record_json.c).
 */
#include <stdbool.h>
#include <string.h>

#include "record_json.h"
#include "utf8.h"

/* Bytes of the valid UTF-8 sequence at p[0..n), or 0 if there is none. */
static size_t
record_json_seq(const uint8_t *p, size_t n)
{
	struct utf8	 u = { 0 };
	size_t		 len;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (len > n || utf8_feed(&u, p, len) != UTF8_OK)
		return 0;
	return len;
}

/* Printable ASCII that JSON takes as it is. */
static inline bool
record_json_plain(uint8_t b)
{
	return b >= 0x20 && b < 0x7f && b != '"' && b != '\\';
}

/*
 * The output of the one character at in[0..len) (len > 0): written to
 * out (RECORD_JSON_UNIT bytes of room), its length returned, the input
 * bytes it took in *used.
 */
static size_t
record_json_unit(const uint8_t *in, size_t len, char *out, size_t *used)
{
	static const char hex[] = "0123456789abcdef";
	uint8_t		 b = in[0];
	size_t		 n;

	*used = 1;
	if (record_json_plain(b)) {
		out[0] = (char)b;
		return 1;
	}
	if (b == '"' || b == '\\' || b == '\n' || b == '\r' || b == '\t' ||
	    b == '\b' || b == '\f') {
		out[0] = '\\';
		out[1] = b == '\n' ? 'n' : b == '\r' ? 'r' : b == '\t' ? 't' :
		    b == '\b' ? 'b' : b == '\f' ? 'f' : (char)b;
		return 2;
	}
	if (b < 0x80) {			/* the other controls, DEL */
		memcpy(out, "\\u00", 4);
		out[4] = hex[b >> 4];
		out[5] = hex[b & 15];
		return 6;
	}
	if ((n = record_json_seq(in, len)) == 0) {
		memcpy(out, "\\ufffd", 6);	/* no valid sequence here */
		return 6;
	}
	memcpy(out, in, n);
	*used = n;
	return n;
}

/*
 * Escape in[0..len) into out[0..room) as long as whole characters fit
 * (at most RECORD_JSON_UNIT chars each; no NUL is written).  Returns the
 * input bytes consumed and sets *wrote; the caller comes back with the
 * rest.  An incomplete sequence at the end of in counts as invalid: hold
 * it back (record_json_text) to keep it.
 */
size_t
record_json_escape(const uint8_t *in, size_t len, char *out, size_t room,
    size_t *wrote)
{
	char		 unit[RECORD_JSON_UNIT];
	size_t		 i = 0, o = 0, n, used;

	while (i < len) {
		/* A run that goes out as it is: one copy. */
		for (n = 0; i + n < len && n < room - o &&
		    record_json_plain(in[i + n]); n++)
			;
		if (n > 0) {
			memcpy(out + o, in + i, n);
			o += n;
			i += n;
			continue;
		}
		n = record_json_unit(in + i, len - i, unit, &used);
		if (room - o < n)
			break;
		memcpy(out + o, unit, n);
		o += n;
		i += used;
	}
	*wrote = o;
	return i;
}

/* The length record_json_escape() makes of in[0..len), all of it. */
size_t
record_json_len(const uint8_t *in, size_t len)
{
	char		 unit[RECORD_JSON_UNIT];
	size_t		 i = 0, o = 0, used;

	while (i < len) {
		if (record_json_plain(in[i])) {
			i++;
			o++;
			continue;
		}
		o += record_json_unit(in + i, len - i, unit, &used);
		i += used;
	}
	return o;
}

/*
 * Is p[0..n) text?  Returns 1 when it is valid UTF-8 except perhaps for
 * an unfinished sequence at its end, with *ok the length before that
 * sequence (the rest, at most 3 bytes, may be completed by what comes
 * next); 0 when some byte can never be valid UTF-8.
 */
int
record_json_text(const uint8_t *p, size_t n, size_t *ok)
{
	struct utf8	 u = { 0 };

	switch (utf8_feed(&u, p, n)) {
	case UTF8_OK:
		*ok = n;
		return 1;
	case UTF8_PARTIAL:
		*ok = utf8_complete_len(p, n);
		return 1;
	default:
		*ok = 0;
		return 0;
	}
}
