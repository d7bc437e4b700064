/*
 * fuzz_exec_stub.c: the request an exec: stub reads from the filtered
 * process, on any bytes (exec_stub_parse: a compromised request phase
 * controls all of them).  Beyond not crashing: a parsed message names an
 * exec: route of the table, and every variable it keeps is a
 * NUL-terminated string inside the input whose name the builder writes,
 * never PATH.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exec_env.h"
#include "exec_stub.h"
#include "route.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct route_table fuzz_table;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char	 in[EXEC_STUB_HDR + EXEC_ENV_MAX];
	char		*envp[EXEC_ENV_VARS + 2];
	size_t		 route = 0;
	int		 n, i;

	if (fuzz_table.n == 0 && (route_parse("/=echo",
	    &fuzz_table.r[fuzz_table.n++]) != 0 || route_parse("/x=exec:cat",
	    &fuzz_table.r[fuzz_table.n++]) != 0))
		abort();
	if (size > sizeof(in))
		return 0;
	memcpy(in, data, size);
	n = exec_stub_parse(in, size, &fuzz_table, &route, envp,
	    EXEC_ENV_VARS + 1);
	if (n < 0)
		return 0;
	if (route >= fuzz_table.n ||
	    fuzz_table.r[route].target.kind != TARGET_EXEC || envp[n] != NULL)
		abort();
	for (i = 0; i < n; i++)
		if (envp[i] < in + EXEC_STUB_HDR || envp[i] >= in + size ||
		    memchr(envp[i], '\0', (size_t)(in + size - envp[i])) ==
		    NULL || !exec_env_name_ok(envp[i]) ||
		    strncmp(envp[i], "PATH=", 5) == 0)
			abort();
	return 0;
}
