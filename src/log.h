/*
 * log.h: diagnostics and the one access line per connection.
 */
#ifndef LOG_H
#define LOG_H

struct conn;

void	 log_init(void);
void	 log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 fatal(int, const char *, ...)
	    __attribute__((format(printf, 2, 3), noreturn));
void	 fatalx(int, const char *, ...)
	    __attribute__((format(printf, 2, 3), noreturn));
void	 log_access(const struct conn *);
void	 log_silent(struct conn *, int);

#endif
