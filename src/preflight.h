/*
 * preflight.h: the mistakes that would fail every connection, found once
 * at start by --check and by a resident parent (--listen, Accept=no).
 */
#ifndef PREFLIGHT_H
#define PREFLIGHT_H

void	 preflight_run(void);

#endif
