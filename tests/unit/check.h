/*
 * check.h: the unit tests' one assertion macro and their summary line.
 * Each t_*.c is one binary; it exits non-zero when any check failed.
 */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>

static int check_passed, check_failed;

#define check(cond) do {						\
	if (cond)							\
		check_passed++;						\
	else {								\
		check_failed++;						\
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,	\
		    __LINE__, #cond);					\
	}								\
} while (0)

static inline int
check_summary(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, check_passed,
	    check_failed);
	return check_failed ? 1 : 0;
}

#endif
