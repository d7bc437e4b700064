/*
 * tls_lib.c: dlopen() GnuTLS and resolve the table in tls_lib.h.
 *
 * The handle is never closed: the process ends with the connection, and
 * GnuTLS keeps global state (its random generator, the system priority
 * file) that must outlive every session.
 */
#include <dlfcn.h>
#include <stdio.h>

#include "tls_lib.h"

/*
 * Fill lib, or return -1 with a sentence for the log in err: the library
 * missing, a symbol missing, or a version older than this code needs.
 */
int
tls_lib_load(struct tls_lib *lib, char *err, size_t errlen)
{
	void		*h;
	const char	*missing = NULL;

	if ((h = dlopen(TLS_LIB_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		snprintf(err, errlen, "cannot load GnuTLS (%s): %s; install "
		    "Debian's libgnutls30", TLS_LIB_SONAME, dlerror());
		return -1;
	}
	lib->handle = h;
#define TLS_LIB_RESOLVE(name)						\
	if ((lib->name = (__typeof__(name) *)dlsym(h, #name)) == NULL &&	\
	    missing == NULL)						\
		missing = #name;
	TLS_LIB_FUNCS(TLS_LIB_RESOLVE)
#undef TLS_LIB_RESOLVE
	if (lib->gnutls_check_version == NULL) {
		snprintf(err, errlen, "%s has no gnutls_check_version",
		    TLS_LIB_SONAME);
		return -1;
	}
	if (missing != NULL ||
	    lib->gnutls_check_version(TLS_LIB_MIN_VERSION) == NULL) {
		snprintf(err, errlen, "GnuTLS %s is too old%s%s: %s or later "
		    "is needed", lib->gnutls_check_version(NULL),
		    missing ? " and lacks " : "", missing ? missing : "",
		    TLS_LIB_MIN_VERSION);
		return -1;
	}
	return 0;
}
