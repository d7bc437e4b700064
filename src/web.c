/*
 * web.c: static files (being built on the web branch).
 */
#include "http.h"
#include "web.h"
#include "wsinetd.h"

int
web_serve(struct conn *c)
{
	http_fail(c, 404, "static files not built yet");
	return 0;
}
