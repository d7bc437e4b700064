/*
 * pty_msg.h: the resize message of a --pty session, a text message
 * {"cols":N,"rows":M}: bytes in, the window's size out.
 */
#ifndef PTY_MSG_H
#define PTY_MSG_H

#include <stddef.h>
#include <stdint.h>

#define PTY_MSG_MAX	64		/* longer: not a resize, close 1003 */
#define PTY_DIM_MAX	4096		/* cols and rows: 1 to this */

int	 pty_msg_parse(const uint8_t *, size_t, unsigned *, unsigned *);

#endif
