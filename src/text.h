/*
 * text.h: helpers for the line-oriented files wsinetd reads (--config,
 * --token-file).
 */
#ifndef TEXT_H
#define TEXT_H

char	*text_trim(char *);

#endif
