/*
 * crypt_lib.h: the system's libcrypt (libxcrypt), loaded with dlopen()
 * only when --auth-file or --hash-password needs it: linked, it cost
 * every process 410 000 instructions of start-up (callgrind, a
 * do-nothing program with and without -lcrypt), most connections never
 * check a password.  The members keep libcrypt's names and types.
 */
#ifndef CRYPT_LIB_H
#define CRYPT_LIB_H

#include <stddef.h>

#include <crypt.h>

#define CRYPT_LIB_SONAME	"libcrypt.so.1"

struct crypt_lib {
	__typeof__(crypt_rn)		*crypt_rn;
	__typeof__(crypt_gensalt_rn)	*crypt_gensalt_rn;
};

int	 crypt_lib_load(struct crypt_lib *, char *, size_t);

#endif
