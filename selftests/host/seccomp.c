// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side unit test of the shadow's seccomp filter
 * (module/executor/seccomp.c, compiled as it is): in a child that
 * installed it, calls of the call table and the shadow's own work, and
 * execve, mount, ptrace, init_module, unshare, bpf and x32 numbers fail
 * with EPERM. A role's filter admits only the table calls that role
 * serves. Installing it twice is harmless.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "../../module/executor/seccomp.c"

/* Runs @nr with zero arguments in a child under the filter of @roles: its
 * errno (0 when it succeeded), or a negative value when the child failed. */
static int errno_under_filter(long nr, unsigned int roles)
{
	int p[2], err = -1, status;
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		long r;

		if (shadow_seccomp(roles) || shadow_seccomp(roles))
			_exit(2);
		r = syscall(nr, 0, 0, 0, 0, 0, 0);
		err = r == -1 ? errno : 0;
		if (write(p[1], &err, sizeof(err)) != sizeof(err))
			_exit(3);
		_exit(0);
	}
	close(p[1]);
	if (read(p[0], &err, sizeof(err)) != sizeof(err))
		err = -1;
	close(p[0]);
	waitpid(pid, &status, 0);
	return err;
}

int main(void)
{
	static const struct { long nr; const char *name; } refused[] = {
		{ SYS_execve, "execve" }, { SYS_mount, "mount" },
		{ SYS_ptrace, "ptrace" }, { SYS_init_module, "init_module" },
		{ SYS_unshare, "unshare" }, { SYS_bpf, "bpf" },
		{ SYS_kexec_load, "kexec_load" }, { SYS_setns, "setns" },
		{ 0x40000000 | SYS_getpid, "x32 getpid" },
	};
	const unsigned int both = VIRTUOS_ROLE_STORAGE | VIRTUOS_ROLE_NETWORK;
	unsigned int i;
	int e;

	tap_plan(7 + sizeof(refused) / sizeof(refused[0]));
	e = errno_under_filter(SYS_getppid, both);
	tap_ok(e == 0, "getppid (the shadow's own) works (errno %d)", e);
	e = errno_under_filter(SYS_fsync, both);
	tap_ok(e != EPERM && e >= 0, "fsync (a table call) reaches the kernel (errno %d)", e);
	e = errno_under_filter(SYS_getcwd, both);
	tap_ok(e != EPERM && e >= 0, "getcwd (a table call) reaches the kernel (errno %d)", e);
	e = errno_under_filter(SYS_getcwd, VIRTUOS_ROLE_NETWORK);
	tap_ok(e == EPERM, "network role: getcwd (storage's) fails with EPERM (errno %d)", e);
	e = errno_under_filter(SYS_fsync, VIRTUOS_ROLE_NETWORK);
	tap_ok(e != EPERM && e >= 0, "network role: fsync (both roles') reaches the kernel (errno %d)", e);
	e = errno_under_filter(SYS_getcwd, VIRTUOS_ROLE_STORAGE);
	tap_ok(e != EPERM && e >= 0, "storage role: getcwd reaches the kernel (errno %d)", e);
	e = errno_under_filter(SYS_sethostname, VIRTUOS_ROLE_STORAGE);
	tap_ok(e == EPERM, "storage role: sethostname (network's) fails with EPERM (errno %d)", e);
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		e = errno_under_filter(refused[i].nr, both);
		tap_ok(e == EPERM, "%s: EPERM (errno %d)", refused[i].name, e);
	}
	return tap_finish();
}
