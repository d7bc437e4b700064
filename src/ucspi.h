/*
 * ucspi.h: a connection from a UCSPI launcher that gives pipes, not a
 * socket (s6-tlsserver, which terminated TLS itself).
 */
#ifndef UCSPI_H
#define UCSPI_H

#include <stdbool.h>

struct conn;

bool	 ucspi_adopt(struct conn *);

#endif
