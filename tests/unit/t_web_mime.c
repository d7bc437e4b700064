/*
 * t_web_mime.c: the Content-Type table: each extension a web application
 * ships (noVNC's among them), case, dotfiles, paths, and the default.
 */
#include <string.h>

#include "check.h"
#include "mime.h"

static int
is(const char *path, const char *type)
{
	if (strcmp(mime_type(path), type) != 0) {
		fprintf(stderr, "%s: %s, want %s\n", path, mime_type(path),
		    type);
		return 0;
	}
	return 1;
}

int
main(void)
{
	check(is("vnc.html", "text/html; charset=utf-8"));
	check(is("a.htm", "text/html; charset=utf-8"));
	check(is("app/ui.js", "text/javascript; charset=utf-8"));
	check(is("m.mjs", "text/javascript; charset=utf-8"));
	check(is("app/styles/base.css", "text/css; charset=utf-8"));
	check(is("app/locale/de.json", "application/json; charset=utf-8"));
	check(is("a.js.map", "application/json; charset=utf-8"));
	check(is("app/images/connect.svg", "image/svg+xml; charset=utf-8"));
	check(is("app/images/icons/novnc-16x16.png", "image/png"));
	check(is("a.jpg", "image/jpeg"));
	check(is("a.jpeg", "image/jpeg"));
	check(is("a.gif", "image/gif"));
	check(is("favicon.ico", "image/x-icon"));
	check(is("a.webp", "image/webp"));
	check(is("a.wasm", "application/wasm"));
	check(is("README.txt", "text/plain; charset=utf-8"));
	check(is("a.woff", "font/woff"));
	check(is("a.woff2", "font/woff2"));
	check(is("a.ttf", "font/ttf"));
	check(is("a.xml", "application/xml; charset=utf-8"));
	check(is("site.webmanifest", "application/manifest+json; "
	    "charset=utf-8"));
	check(is("app/sounds/bell.mp3", "audio/mpeg"));
	check(is("app/sounds/bell.oga", "audio/ogg"));
	check(is("README.md", "text/markdown; charset=utf-8"));
	check(is("INDEX.HTML", "text/html; charset=utf-8"));
	check(is("a.Js", "text/javascript; charset=utf-8"));
	check(is("Makefile", MIME_DEFAULT));
	check(is(".html", MIME_DEFAULT));
	check(is("dir.js/file", MIME_DEFAULT));
	check(is("a.", MIME_DEFAULT));
	check(is("a.exe", MIME_DEFAULT));
	check(is("a.pl", MIME_DEFAULT));
	check(is("", MIME_DEFAULT));
	return check_summary("t_web_mime");
}
