/*
 * origin.h: is a browser's Origin this server's own, is a Host a host?
 * Pure: strings in, a verdict out.
 */
#ifndef ORIGIN_H
#define ORIGIN_H

#include <stdbool.h>
#include <stddef.h>

bool	 origin_same(const char *, size_t, const char *, size_t);
bool	 origin_host_valid(const char *, size_t);

#endif
