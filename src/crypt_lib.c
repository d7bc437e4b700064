/*
 * crypt_lib.c: dlopen() libcrypt and resolve the table in crypt_lib.h.
 * Called before privileges drop (a --chroot may not hold the library);
 * the handle is never closed: the process ends with its connection.
 */
#include <dlfcn.h>
#include <stdio.h>

#include "crypt_lib.h"

/* Fill lib, or return -1 with a sentence for the log in err. */
int
crypt_lib_load(struct crypt_lib *lib, char *err, size_t errlen)
{
	void	*h;

	if (lib->crypt_rn != NULL)
		return 0;
	if ((h = dlopen(CRYPT_LIB_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		snprintf(err, errlen, "cannot load libcrypt (%s): %s; install "
		    "Debian's libcrypt1", CRYPT_LIB_SONAME, dlerror());
		return -1;
	}
	lib->crypt_rn = (__typeof__(crypt_rn) *)dlsym(h, "crypt_rn");
	lib->crypt_gensalt_rn = (__typeof__(crypt_gensalt_rn) *)dlsym(h,
	    "crypt_gensalt_rn");
	if (lib->crypt_rn == NULL || lib->crypt_gensalt_rn == NULL) {
		lib->crypt_rn = NULL;
		snprintf(err, errlen, "%s lacks crypt_rn or crypt_gensalt_rn "
		    "(libxcrypt 4 has both)", CRYPT_LIB_SONAME);
		return -1;
	}
	return 0;
}
