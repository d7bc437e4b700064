/*
 * sandbox_gen.c: a build-time tool, not part of wsinetd.  It turns the
 * table in sandbox_rules.h into BPF programs with libseccomp and prints
 * them as a C header (make writes it to $(BUILD)/sandbox_bpf.h): the
 * request filter (with and without exec:) and the four relay filters,
 * each also with --record's lines,
 * plus the native system-call names for the message a denied call leaves.
 *
 * Why at build time: building and loading the filter with libseccomp at
 * run time cost every connection about 104 000 instructions and 0.5 ms
 * (README, "Security model"); loading a precompiled program is one
 * prctl().  Usage: sandbox_gen [san]; "san" adds the SB_SAN lines.
 */
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/sockios.h>

#include "sandbox_rules.h"

struct rule {
	const char	*name;
	int		 where;
	enum sandbox_cond cond;
	unsigned long	 value;
};

static const struct rule rules[] = {
#define SANDBOX_RULE(name, where, cond, value)	\
	{ #name, where, cond, (unsigned long)(value) },
	SANDBOX_RULES(SANDBOX_RULE)
#undef SANDBOX_RULE
};

#define NRULES	(sizeof(rules) / sizeof(rules[0]))

static int
gen_rule(scmp_filter_ctx ctx, int nr, const struct rule *r)
{
	switch (r->cond) {
	case SB_A0_EQ:
		return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
		    SCMP_A0(SCMP_CMP_EQ, r->value));
	case SB_A1_EQ:
		return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
		    SCMP_A1(SCMP_CMP_EQ, r->value));
	case SB_A2_CLEAR:
		return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
		    SCMP_A2(SCMP_CMP_MASKED_EQ, r->value, 0));
	case SB_A2_ALL:
		return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
		    SCMP_A2(SCMP_CMP_MASKED_EQ, r->value, r->value));
	case SB_A3_CLEAR:
		return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
		    SCMP_A3(SCMP_CMP_MASKED_EQ, r->value, 0));
	case SB_EACCES:
		return seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), nr, 0);
	case SB_ANY:
		break;
	}
	return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
}

/*
 * Does the program of mask take line k?  Not when another line for the
 * same call in it already allows every use (SB_ANY), nor an SB_EACCES
 * line when another allows some (an allowed use must not fail).
 */
static bool
gen_takes(size_t k, int mask)
{
	size_t	 i;

	if (!(rules[k].where & mask))
		return false;
	for (i = 0; i < NRULES; i++) {
		if (i == k || !(rules[i].where & mask) ||
		    strcmp(rules[i].name, rules[k].name) != 0)
			continue;
		if (rules[i].cond == SB_ANY && (rules[k].cond != SB_ANY ||
		    i < k))
			return false;		/* one SB_ANY line is enough */
		if (rules[k].cond == SB_EACCES && rules[i].cond != SB_EACCES)
			return false;
	}
	return true;
}

/* One program as "static const unsigned char NAME[] = { ... };". */
static void
gen_profile(const char *name, int mask)
{
	scmp_filter_ctx	 ctx;
	char		 path[] = "/tmp/sandbox_gen.XXXXXX";
	unsigned char	 buf[65536];
	ssize_t		 n, i;
	size_t		 k;
	int		 fd, nr, r;

	if ((ctx = seccomp_init(getenv("SANDBOX_GEN_LOG") ? SCMP_ACT_LOG :
	    SCMP_ACT_TRAP)) == NULL) {
		fprintf(stderr, "sandbox_gen: seccomp_init failed\n");
		exit(1);
	}
	if ((r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
	    SCMP_ACT_KILL_PROCESS)) != 0) {
		fprintf(stderr, "sandbox_gen: bad-arch action: %s\n",
		    strerror(-r));
		exit(1);
	}
	/* A binary tree of system-call numbers instead of a list: a call
	 * is found in about log2(calls) comparisons, and the kernel's
	 * check of the program when it is loaded (which runs it for every
	 * call number) is that much shorter (README, "Start-up cost").
	 * SANDBOX_GEN_LINEAR=1 builds the list, to compare. */
	if (getenv("SANDBOX_GEN_LINEAR") == NULL &&
	    (r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2)) != 0) {
		fprintf(stderr, "sandbox_gen: binary tree: %s\n",
		    strerror(-r));
		exit(1);
	}
	for (k = 0; k < NRULES; k++) {
		if (!gen_takes(k, mask))
			continue;
		if ((nr = seccomp_syscall_resolve_name(rules[k].name)) ==
		    __NR_SCMP_ERROR) {
			fprintf(stderr, "sandbox_gen: unknown system call %s\n",
			    rules[k].name);
			exit(1);
		}
		if ((r = gen_rule(ctx, nr, &rules[k])) != 0) {
			fprintf(stderr, "sandbox_gen: %s: %s\n", rules[k].name,
			    strerror(-r));
			exit(1);
		}
	}
	if ((fd = mkstemp(path)) == -1 || unlink(path) == -1) {
		perror("sandbox_gen: temporary file");
		exit(1);
	}
	if ((r = seccomp_export_bpf(ctx, fd)) != 0 ||
	    lseek(fd, 0, SEEK_SET) == -1 ||
	    (n = read(fd, buf, sizeof(buf))) <= 0 ||
	    n == (ssize_t)sizeof(buf)) {
		fprintf(stderr, "sandbox_gen: exporting %s failed\n", name);
		exit(1);
	}
	close(fd);
	seccomp_release(ctx);
	printf("static const unsigned char %s[]\n    __attribute__((aligned(8))) = {", name);
	for (i = 0; i < n; i++)
		printf("%s0x%02x,", i % 12 ? " " : "\n\t", buf[i]);
	printf("\n};\n\n");
}

int
main(int argc, char **argv)
{
	int	 san = argc > 1 && strcmp(argv[1], "san") == 0 ? SB_SAN : 0;
	int	 nr, max = 0;
	char	*name;

	printf("/* Generated by sandbox_gen%s from sandbox_rules.h: do not "
	    "edit. */\n\n", san ? " san" : "");
	/* The request filter takes every relay's lines: the relay runs
	 * under both. */
	gen_profile("sandbox_bpf_request", SB_REQUEST | SB_RELAY | SB_TLS |
	    san);
	gen_profile("sandbox_bpf_request_exec", SB_REQUEST | SB_RELAY |
	    SB_TLS | SB_EXEC | san);
	gen_profile("sandbox_bpf_plain", SB_RELAY | san);
	gen_profile("sandbox_bpf_tls", SB_RELAY | SB_TLS | san);
	gen_profile("sandbox_bpf_exec", SB_RELAY | SB_EXEC | san);
	gen_profile("sandbox_bpf_exec_tls", SB_RELAY | SB_TLS | SB_EXEC | san);
	/* The same with --record. */
	gen_profile("sandbox_bpf_request_rec", SB_REQUEST | SB_RELAY |
	    SB_TLS | SB_RECORD | SB_RECORD_OPEN | san);
	gen_profile("sandbox_bpf_request_exec_rec", SB_REQUEST | SB_RELAY |
	    SB_TLS | SB_EXEC | SB_RECORD | SB_RECORD_OPEN | san);
	gen_profile("sandbox_bpf_plain_rec", SB_RELAY | SB_RECORD | san);
	gen_profile("sandbox_bpf_tls_rec", SB_RELAY | SB_TLS | SB_RECORD |
	    san);
	gen_profile("sandbox_bpf_exec_rec", SB_RELAY | SB_EXEC | SB_RECORD |
	    san);
	gen_profile("sandbox_bpf_exec_tls_rec", SB_RELAY | SB_TLS | SB_EXEC |
	    SB_RECORD | san);
	for (nr = 0; nr < 1024; nr++)
		if ((name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE,
		    nr)) != NULL) {
			max = nr;
			free(name);
		}
	printf("static const char *const sandbox_names[%d] = {\n", max + 1);
	for (nr = 0; nr <= max; nr++)
		if ((name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE,
		    nr)) != NULL) {
			printf("\t[%d] = \"%s\",\n", nr, name);
			free(name);
		}
	printf("};\n");
	return fflush(stdout) == 0 ? 0 : 1;
}
