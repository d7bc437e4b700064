/*
 * pty.h: --pty, an exec: program on a pseudo-terminal: the stub opens it
 * and hands its master back; the relay writes input to the master, reads
 * output from it, and sets the window's size.
 */
#ifndef PTY_H
#define PTY_H

#include <stddef.h>
#include <stdint.h>

#define PTY_COLS	80		/* the window until the first resize */
#define PTY_ROWS	24
#define PTY_TERM	"TERM=xterm-256color"	/* unless --passenv TERM */
#define PTY_LANG	"LANG=C.UTF-8"	/* unless --passenv LANG, LC_ALL */
#define PTY_ERR		0x10000		/* a stub's errno from the pty */

struct conn;

int	 pty_check(char *, size_t);
int	 pty_stub_open(int);
int	 pty_receive(int, int64_t, int *);
int	 pty_resize(struct conn *, unsigned, unsigned);

#endif
