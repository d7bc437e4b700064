/*
 * privdrop.h: --user/--chroot, --allow-root and PR_SET_NO_NEW_PRIVS.
 */
#ifndef PRIVDROP_H
#define PRIVDROP_H

void	 privdrop_check(void);
void	 privdrop_prepare(void);
void	 privdrop_apply(const char *);

#endif
