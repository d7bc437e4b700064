/*
 * auth_slot.h: at most --auth-checks password hashes at once under one
 * resident parent.
 */
#ifndef AUTH_SLOT_H
#define AUTH_SLOT_H

#include <stdint.h>

void	 auth_slot_init(void);
int	 auth_slot_take(const char *, int64_t);
void	 auth_slot_give(int);

#endif
