/*
 * cpuid.c: what one CPUID instruction costs on this machine.  Under a
 * hypervisor CPUID always traps (a VM exit), and glibc's start-up runs
 * dozens of them (feature and cache detection, before main), so every
 * exec'd process pays that many traps: the bench's notes turn this figure
 * into a per-process cost.  Prints one JSON line:
 *
 *   {"cpuid_ns": N, "leaf4_ns": M}     medians over CPUID_ROUNDS batches
 */
#include <cpuid.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define CPUID_BATCH	200
#define CPUID_ROUNDS	25

static uint64_t
now_ns(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int
cmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median ns of one CPUID(leaf, subleaf). */
static double
cpuid_ns(unsigned leaf, unsigned sub)
{
	double		 r[CPUID_ROUNDS];
	unsigned	 a, b, c, d, sink = 0;
	uint64_t	 t0;
	int		 i, j;

	for (i = 0; i < CPUID_ROUNDS; i++) {
		t0 = now_ns();
		for (j = 0; j < CPUID_BATCH; j++) {
			__cpuid_count(leaf, sub, a, b, c, d);
			sink += a ^ b ^ c ^ d;
		}
		r[i] = (double)(now_ns() - t0) / CPUID_BATCH;
	}
	qsort(r, CPUID_ROUNDS, sizeof(r[0]), cmp);
	if (sink == 0xdeadbeef)
		fprintf(stderr, "!");
	return r[CPUID_ROUNDS / 2];
}

int
main(void)
{
	printf("{\"cpuid_ns\":%.1f,\"leaf4_ns\":%.1f}\n", cpuid_ns(0, 0),
	    cpuid_ns(4, 0));
	return 0;
}
