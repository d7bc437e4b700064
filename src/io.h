/*
 * io.h: blocking-style I/O on non-blocking descriptors, bounded by
 * deadlines on the monotonic clock (milliseconds, see now_ms()).
 */
#ifndef IO_H
#define IO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

int	 io_nonblock(int);
int	 io_nodelay(int);
int	 io_wait(int, short, int64_t);
void	 io_linger(int, int, int);
void	 io_drain(int, int);
int	 io_timeout(int64_t);

#endif
