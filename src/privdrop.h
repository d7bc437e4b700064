/*
 * privdrop.h: --user/--chroot, --allow-root and PR_SET_NO_NEW_PRIVS.
 */
#ifndef PRIVDROP_H
#define PRIVDROP_H

#include <stddef.h>
#include <sys/types.h>

void	 privdrop_check(void);
void	 privdrop_prepare(void);
int	 privdrop_resolve(uid_t *, gid_t *, char *, size_t);
int	 privdrop_apply(const char *);

#endif
