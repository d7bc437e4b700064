/*
 * exec_path.h: which file an exec: PROGRAM names, and the PATH the
 * program runs with (a fixed safe default unless --passenv PATH).
 */
#ifndef EXEC_PATH_H
#define EXEC_PATH_H

#include <stddef.h>

const char *exec_path_program_path(void);
int	 exec_path_resolve(const char *, const char *, char *, size_t);
const char *exec_path_why(int, const char *, const char *);

#endif
