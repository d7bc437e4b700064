/*
 * mime.c: file extension -> Content-Type for --web (web.c asks once per
 * file).  The table covers what web applications ship, noVNC's files among
 * them (Debian's novnc: html, js, css, json, svg, png, mp3, oga, ttf,
 * woff); JavaScript modules need a JavaScript type or browsers refuse to
 * run them (HTML Living Standard §8.1.5.1 "strict MIME type checking").
 * Text types carry charset=utf-8.  Anything else is MIME_DEFAULT, which a
 * browser downloads rather than renders.
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "mime.h"

#define UTF8	"; charset=utf-8"

static const struct {
	const char	*ext;
	const char	*type;
} mime_table[] = {
	{ "html",	"text/html" UTF8 },
	{ "htm",	"text/html" UTF8 },
	{ "js",		"text/javascript" UTF8 },	/* RFC 9239 */
	{ "mjs",	"text/javascript" UTF8 },
	{ "css",	"text/css" UTF8 },
	{ "txt",	"text/plain" UTF8 },
	{ "md",		"text/markdown" UTF8 },
	{ "csv",	"text/csv" UTF8 },
	{ "xml",	"application/xml" UTF8 },
	{ "json",	"application/json" UTF8 },
	{ "map",	"application/json" UTF8 },	/* source maps */
	{ "webmanifest", "application/manifest+json" UTF8 },
	{ "svg",	"image/svg+xml" UTF8 },
	{ "png",	"image/png" },
	{ "jpg",	"image/jpeg" },
	{ "jpeg",	"image/jpeg" },
	{ "gif",	"image/gif" },
	{ "ico",	"image/x-icon" },
	{ "webp",	"image/webp" },
	{ "avif",	"image/avif" },
	{ "bmp",	"image/bmp" },
	{ "wasm",	"application/wasm" },		/* streaming compile */
	{ "pdf",	"application/pdf" },
	{ "woff",	"font/woff" },
	{ "woff2",	"font/woff2" },
	{ "ttf",	"font/ttf" },
	{ "otf",	"font/otf" },
	{ "mp3",	"audio/mpeg" },
	{ "oga",	"audio/ogg" },
	{ "ogg",	"audio/ogg" },
	{ "wav",	"audio/wav" },
	{ "mp4",	"video/mp4" },
	{ "webm",	"video/webm" },
};

/*
 * The type for a file name or path: by the text after its last '.' in the
 * last path segment, case-insensitively.  Never NULL.
 */
const char *
mime_type(const char *path)
{
	const char	*base, *dot;
	size_t		 i;

	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if ((dot = strrchr(base, '.')) == NULL || dot == base)
		return MIME_DEFAULT;		/* none, or a dotfile */
	for (i = 0; i < sizeof(mime_table) / sizeof(mime_table[0]); i++)
		if (strcasecmp(dot + 1, mime_table[i].ext) == 0)
			return mime_table[i].type;
	return MIME_DEFAULT;
}
