// SPDX-License-Identifier: GPL-2.0
/*
 * VirtuOS shadow: the second wall. Before a shadow serves its client, it
 * confines itself with a seccomp filter to the system calls of the call
 * table that its domain's role serves (what a client may ask for, each
 * checked by calls.c) and to those
 * the shadow makes itself: threads and their waits, credentials, the
 * event channel and grant mappings, the fork hand-off. Any other call
 * fails with EPERM and is logged by the service domain's kernel (audit
 * type 1326), so a client that took over its shadow still cannot load a
 * module, mount, trace, exec or reach another namespace. Forked child
 * shadows inherit the filter.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "shadow.h"
#include "virtuos_calls.h"

/* Calls the shadow makes itself, beyond those of the call table. */
static const short shadow_own_calls[] = {
	SYS_read, SYS_write, SYS_writev, SYS_close, SYS_poll, SYS_ppoll,
	SYS_lseek, SYS_fstat, SYS_newfstatat, SYS_openat, SYS_fcntl,
	SYS_mmap, SYS_munmap, SYS_mprotect, SYS_madvise, SYS_mremap, SYS_brk,
	SYS_rt_sigaction, SYS_rt_sigprocmask, SYS_rt_sigreturn,
	SYS_sigaltstack, SYS_restart_syscall, SYS_ioctl,
	SYS_sched_yield, SYS_sched_getaffinity, SYS_nanosleep,
	SYS_clock_nanosleep, SYS_clock_gettime, SYS_gettimeofday,
	SYS_getpid, SYS_gettid, SYS_getppid, SYS_tgkill, SYS_exit,
	SYS_exit_group, SYS_futex, SYS_set_robust_list, SYS_rseq,
	SYS_clone, SYS_clone3, SYS_prctl, SYS_getrandom,
	SYS_capget, SYS_capset, SYS_setgroups, SYS_setresuid, SYS_setresgid,
	SYS_setfsuid, SYS_setfsgid, SYS_getuid, SYS_geteuid, SYS_getgid,
	SYS_getegid, SYS_getresuid, SYS_getresgid, SYS_getgroups, SYS_umask,
	SYS_socketpair, SYS_sendmsg, SYS_recvmsg,
};

#define MAX_ALLOWED (VIRTUOS_NR_CALLS + sizeof(shadow_own_calls) / \
		     sizeof(shadow_own_calls[0]))
/*
 * Layout: 0 load arch, 1 x86_64?, 2 jump to deny, 3 load nr, 4 x32?,
 * 5.. one test per allowed call (jumping to allow), then deny, allow.
 */
#define MAX_INSNS (5 + MAX_ALLOWED + 2)

static int seccomp_installed;	/* inherited by forked child shadows */

static void insn(struct sock_filter *f, int *n, unsigned short code,
		 unsigned char jt, unsigned char jf, unsigned int k)
{
	f[*n] = (struct sock_filter)BPF_JUMP(code, k, jt, jf);
	(*n)++;
}

/**
 * shadow_seccomp() - confine this shadow to the calls it may make
 * @roles: the roles (VIRTUOS_ROLE_*) whose calls of the table it serves
 *
 * Installed once; forked child shadows inherit it.
 *
 * Return: 0, or a negative errno.
 */
long shadow_seccomp(unsigned int roles)
{
	struct sock_filter f[MAX_INSNS];
	struct sock_fprog prog = { .filter = f };
	short allowed[MAX_ALLOWED];
	unsigned int i, j, nallowed = 0;
	int n = 0;

	if (seccomp_installed)
		return 0;
	if (MAX_ALLOWED > 250)	/* jumps are 8-bit */
		return -E2BIG;
	for (i = 0; i < VIRTUOS_NR_CALLS; i++)
		if (virtuos_calls[i].nr < 1000 &&	/* 1000 on: not Linux's */
		    (virtuos_calls[i].roles & roles))
			allowed[nallowed++] = virtuos_calls[i].nr;
	for (i = 0; i < sizeof(shadow_own_calls) / sizeof(shadow_own_calls[0]);
	     i++) {
		for (j = 0; j < nallowed; j++)
			if (allowed[j] == shadow_own_calls[i])
				break;
		if (j == nallowed)
			allowed[nallowed++] = shadow_own_calls[i];
	}

	insn(f, &n, BPF_LD | BPF_W | BPF_ABS, 0, 0,
	     offsetof(struct seccomp_data, arch));
	insn(f, &n, BPF_JMP | BPF_JEQ | BPF_K, 1, 0, AUDIT_ARCH_X86_64);
	insn(f, &n, BPF_JMP | BPF_JA, 0, 0, nallowed + 2);	/* deny */
	insn(f, &n, BPF_LD | BPF_W | BPF_ABS, 0, 0,
	     offsetof(struct seccomp_data, nr));
	/* x32 numbers (bit 30) name other calls: deny. */
	insn(f, &n, BPF_JMP | BPF_JGE | BPF_K, nallowed, 0, 0x40000000);
	for (i = 0; i < nallowed; i++)
		insn(f, &n, BPF_JMP | BPF_JEQ | BPF_K, nallowed - i, 0,
		     allowed[i]);
	insn(f, &n, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ERRNO | EPERM);
	insn(f, &n, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ALLOW);
	prog.len = n;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		    SECCOMP_FILTER_FLAG_LOG, &prog))
		return -errno;
	seccomp_installed = 1;
	return 0;
}
