/*
 * config.h: the command line into cfg.
 */
#ifndef CONFIG_H
#define CONFIG_H

void	 config_parse(int, char **);
void	 config_check_print(void);

#endif
