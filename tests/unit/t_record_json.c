/*
 * t_record_json.c: the JSON string bodies of --record's lines.  Each
 * vector is escaped whole, with every output room from one unit up (the
 * serializer stops only between whole characters and resumes), and fed
 * cut at every input offset; the result must be the expected text each
 * time (STYLE.md habit 12); record_json_len() predicts its length.
 * record_json_text() says which pieces are text and where an unfinished
 * sequence starts.
 */
#include <stdbool.h>
#include <string.h>

#include "check.h"
#include "record_json.h"

struct vec {
	const char	*in;
	size_t		 len;
	const char	*out;
};

#define V(i, o)	{ i, sizeof(i) - 1, o }

static const struct vec vecs[] = {
	V("", ""),
	V("hello", "hello"),
	V("a\"b\\c", "a\\\"b\\\\c"),
	V("\n\r\t\b\f", "\\n\\r\\t\\b\\f"),
	V("\x1b[1mX\x7f", "\\u001b[1mX\\u007f"),
	V("\0\x01\x1f", "\\u0000\\u0001\\u001f"),
	V("/ is not escaped", "/ is not escaped"),
	V("gr\xc3\xbc\xc3\x9f" "e \xf0\x9f\x98\x80", "gr\xc3\xbc\xc3\x9f"
	    "e \xf0\x9f\x98\x80"),
	V("\xe2\x80\xa8", "\xe2\x80\xa8"),	/* U+2028: valid JSON as is */
	/* Not UTF-8: one U+FFFD per byte that starts no valid sequence */
	V("\xff", "\\ufffd"),
	V("a\x80z", "a\\ufffdz"),
	V("\xc0\xaf", "\\ufffd\\ufffd"),	/* overlong "/" */
	V("\xed\xa0\x80", "\\ufffd\\ufffd\\ufffd"),	/* a surrogate */
	V("\xf4\x90\x80\x80", "\\ufffd\\ufffd\\ufffd\\ufffd"), /* > U+10FFFF */
	V("\xe2\x82", "\\ufffd\\ufffd"),	/* cut short: invalid here */
};

/* Escape in[0..len) with out rooms of room, into got; its length. */
static size_t
escape_all(const uint8_t *in, size_t len, size_t room, char *got,
    size_t cap)
{
	size_t	 o = 0, used, wrote;

	while (len > 0) {
		if (room > cap - o)
			room = cap - o;
		used = record_json_escape(in, len, got + o, room, &wrote);
		if (used == 0 && wrote == 0)
			return (size_t)-1;	/* no progress */
		check(wrote <= room);
		o += wrote;
		in += used;
		len -= used;
	}
	got[o] = '\0';
	return o;
}

static void
check_vec(const struct vec *v)
{
	char		 got[256];
	const uint8_t	*in = (const uint8_t *)v->in;
	size_t		 room, cut, n, o, wrote;

	check(record_json_len(in, v->len) == strlen(v->out));
	for (room = RECORD_JSON_UNIT; room <= 64; room++) {
		n = escape_all(in, v->len, room, got, sizeof(got) - 1);
		check(n != (size_t)-1 && strcmp(got, v->out) == 0);
	}
	/* Valid input cut anywhere between characters gives the same. */
	for (cut = 0; cut <= v->len; cut++) {
		size_t ok;

		if (!record_json_text(in, cut, &ok) || ok != cut)
			continue;
		o = 0;
		record_json_escape(in, cut, got, sizeof(got), &wrote);
		o = wrote;
		record_json_escape(in + cut, v->len - cut, got + o,
		    sizeof(got) - 1 - o, &wrote);
		got[o + wrote] = '\0';
		check(strcmp(got, v->out) == 0);
	}
}

static void
check_text(void)
{
	size_t	 ok;

	check(record_json_text((const uint8_t *)"", 0, &ok) == 1 && ok == 0);
	check(record_json_text((const uint8_t *)"abc", 3, &ok) == 1 &&
	    ok == 3);
	/* An unfinished sequence at the end: text up to it. */
	check(record_json_text((const uint8_t *)"ab\xf0\x9f\x98", 5, &ok) ==
	    1 && ok == 2);
	check(record_json_text((const uint8_t *)"\xc3", 1, &ok) == 1 &&
	    ok == 0);
	check(record_json_text((const uint8_t *)"x\xe2\x82", 3, &ok) == 1 &&
	    ok == 1);
	/* Never valid: binary */
	check(record_json_text((const uint8_t *)"ab\xff", 3, &ok) == 0);
	check(record_json_text((const uint8_t *)"\xc0\xaf", 2, &ok) == 0);
	check(record_json_text((const uint8_t *)"\xed\xa0\x80", 3, &ok) == 0);
	check(record_json_text((const uint8_t *)"\x80", 1, &ok) == 0);
	check(record_json_text((const uint8_t *)"\xe2\x28\xa1", 3, &ok) == 0);
}

/* No room for the next character: nothing is consumed or written. */
static void
check_room(void)
{
	char	 out[8];
	size_t	 wrote;

	check(record_json_escape((const uint8_t *)"\n", 1, out, 1, &wrote) ==
	    0 && wrote == 0);
	check(record_json_escape((const uint8_t *)"\x01", 1, out, 5, &wrote) ==
	    0 && wrote == 0);
	check(record_json_escape((const uint8_t *)"\xf0\x9f\x98\x80", 4, out,
	    3, &wrote) == 0 && wrote == 0);
	check(record_json_escape((const uint8_t *)"ab\n", 3, out, 3, &wrote) ==
	    2 && wrote == 2 && memcmp(out, "ab", 2) == 0);
	check(record_json_escape((const uint8_t *)"x", 1, out, 0, &wrote) ==
	    0 && wrote == 0);
}

int
main(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++)
		check_vec(&vecs[i]);
	check_text();
	check_room();
	return check_summary("t_record_json");
}
