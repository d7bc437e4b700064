/*
 * logsafe.h: make text safe for a log line or a journal field.
 */
#ifndef LOGSAFE_H
#define LOGSAFE_H

#include <stddef.h>

size_t	 logsafe(char *, size_t);

#endif
