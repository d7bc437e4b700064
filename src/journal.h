/*
 * journal.h: structured entries for systemd's journal, sent with its
 * native protocol (one datagram of FIELD=value lines).
 */
#ifndef JOURNAL_H
#define JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#define JOURNAL_ENTRY_MAX	8192	/* our entries are far smaller */
#define JOURNAL_WAIT_MS		1000	/* for journald to read an entry */

struct journal_entry {
	char	 data[JOURNAL_ENTRY_MAX];
	size_t	 len;
	bool	 overflow;
};

void	 journal_begin(struct journal_entry *);
void	 journal_field(struct journal_entry *, const char *, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
int	 journal_send(const struct journal_entry *);

#endif
