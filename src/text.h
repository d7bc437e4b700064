/*
 * text.h: helpers for the line-oriented files wsinetd reads (--config,
 * --token-file, --auth-file).
 */
#ifndef TEXT_H
#define TEXT_H

#include <stddef.h>
#include <stdio.h>

char	*text_trim(char *);
int	 text_line(FILE *, char *, size_t);

#endif
