/*
 * t_journal.c: entries in the journal's native protocol: FIELD=value
 * lines, every value made safe (a newline, a C1 CSI, invalid UTF-8: '?',
 * so no value needs the binary form or can start a field of its own), and
 * an entry too big for one datagram refused rather than cut.
 */
#include <string.h>

#include "check.h"
#include "journal.h"

int
main(void)
{
	static struct journal_entry	 j;
	static const char		 two[] = "TWO=a?b?PRIORITY=0 \xc3\xa9?\n";
	char				 big[3000];
	int				 i;

	journal_begin(&j);
	journal_field(&j, "MESSAGE", "%s %d", "hello", 42);
	journal_field(&j, "EMPTY", "%s", "");
	check(j.len == strlen("MESSAGE=hello 42\nEMPTY=\n"));
	check(memcmp(j.data, "MESSAGE=hello 42\nEMPTY=\n", j.len) == 0);

	journal_begin(&j);
	journal_field(&j, "TWO", "%s", "a\nb\nPRIORITY=0\t\xc3\xa9\xc2\x9b");
	check(j.len == sizeof(two) - 1);
	check(memcmp(j.data, two, sizeof(two) - 1) == 0);

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	journal_begin(&j);
	for (i = 0; i < 3; i++)
		journal_field(&j, "BIG", "%s", big);
	check(j.overflow);
	check(journal_send(&j) == -90);		/* -EMSGSIZE, nothing sent */
	return check_summary("t_journal");
}
