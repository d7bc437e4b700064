/*
 * web.h: --web DIR, static files for requests that are not upgrades.
 */
#ifndef WEB_H
#define WEB_H

struct conn;

int	 web_serve(struct conn *);

#endif
