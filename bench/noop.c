/*
 * noop.c: a program that returns at once, for start-up costs in `make
 * bench`; bench.mk links it alone and with wsinetd's libraries.
 */
int	 main(void);

int
main(void)
{
	return 0;
}
