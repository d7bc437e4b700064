/*
 * peer.c: the client's address for every log line: "1.2.3.4:5", "[::1]:5"
 * (an IPv4-mapped IPv6 address shown as IPv4, as a dual-stack --listen
 * socket reports IPv4 clients), "unix", or "unknown".  Used by
 * activation.c for an adopted socket and by resident.c for an accepted
 * one; neither needs the other for it.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>

#include "peer.h"

/* Format sa (len bytes of it) into out. */
void
peer_format(const struct sockaddr *sa, socklen_t len, char *out,
    size_t outlen)
{
	char	 ip[INET6_ADDRSTRLEN];

	if (len >= sizeof(struct sockaddr_in) && sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;

		inet_ntop(AF_INET, &in->sin_addr, ip, sizeof(ip));
		snprintf(out, outlen, "%s:%u", ip, ntohs(in->sin_port));
	} else if (len >= sizeof(struct sockaddr_in6) &&
	    sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;

		if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
			inet_ntop(AF_INET, &in6->sin6_addr.s6_addr[12], ip,
			    sizeof(ip));
			snprintf(out, outlen, "%s:%u", ip,
			    ntohs(in6->sin6_port));
		} else {
			inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof(ip));
			snprintf(out, outlen, "[%s]:%u", ip,
			    ntohs(in6->sin6_port));
		}
	} else if (len >= sizeof(sa_family_t) && sa->sa_family == AF_UNIX)
		snprintf(out, outlen, "unix");
	else
		snprintf(out, outlen, "unknown");
}

/* The peer of a connected socket fd, from getpeername(). */
void
peer_of_fd(int fd, char *out, size_t outlen)
{
	struct sockaddr_storage ss;
	socklen_t	 len = sizeof(ss);

	if (getpeername(fd, (struct sockaddr *)&ss, &len) == -1) {
		snprintf(out, outlen, "unknown");
		return;
	}
	peer_format((struct sockaddr *)&ss, len, out, outlen);
}
