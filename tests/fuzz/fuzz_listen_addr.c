/*
 * fuzz_listen_addr.c: any bytes as a --listen spec.  Beyond not crashing:
 * a parsed spec's strings are NUL-terminated inside their buffers, a
 * port is 1-65535 (none for unix:), and a refusal always has a reason.
 * The same bytes also go to the notify relay's filter and the watchdog
 * variables' parser.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "listen_addr.h"
#include "notify.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct listen_addr a;
	const char	*why = NULL;
	char		 in[1024], *pid;
	uint64_t	 us;

	if (size >= sizeof(in) || memchr(data, '\0', size) != NULL)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	if (listen_addr_parse(in, &a, &why) == 0) {
		if (memchr(a.host, '\0', sizeof(a.host)) == NULL ||
		    memchr(a.path, '\0', sizeof(a.path)) == NULL)
			abort();
		if (a.kind == LISTEN_UNIX ? a.path[0] == '\0' : a.port == 0)
			abort();
		if (a.kind == LISTEN_HOST && a.host[0] == '\0')
			abort();
	} else if (why == NULL || why[0] == '\0')
		abort();
	(void)notify_allowed(in);
	if ((pid = strchr(in, ' ')) != NULL)
		*pid++ = '\0';
	if (notify_watchdog_parse(in, pid, 42, &us) == 0 && us == 0)
		abort();
	return 0;
}
