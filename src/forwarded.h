/*
 * forwarded.h: --trust-forwarded CIDR and X-Forwarded-For.
 */
#ifndef FORWARDED_H
#define FORWARDED_H

#include <stdbool.h>
#include <stddef.h>

struct cidr {
	int		 af;		/* AF_INET or AF_INET6 */
	unsigned char	 addr[16];
	unsigned	 bits;
};

int	 forwarded_cidr_parse(const char *, struct cidr *);
bool	 forwarded_trusted(const struct cidr *, size_t, const char *);
bool	 forwarded_client(const char *, size_t, const struct cidr *, size_t,
	    char *, size_t);

struct conn;
void	 forwarded_apply(struct conn *);

#endif
