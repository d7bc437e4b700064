/*
 * target_url.h: ws://, wss://, http:// and https:// targets, parsed into
 * struct target for passthrough.c.
 */
#ifndef TARGET_URL_H
#define TARGET_URL_H

struct target;

int	 target_url_parse(const char *, struct target *);

#endif
