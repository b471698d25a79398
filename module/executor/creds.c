// SPDX-License-Identifier: GPL-2.0
/*
 * VirtuOS shadow: running with the client process's credentials.
 *
 * A shadow starts as root (forked by virtuos-shadowd) and takes the
 * credentials of the ATTACH message. It keeps the permitted set it started
 * with (a process may gain capabilities later: a set-user-ID exec), and
 * only ever has the process's capabilities in its effective set, which is
 * what the kernel checks, so that it can follow later changes: the
 * primary module writes the process's credentials into
 * page 0 of the area (struct virtuos_creds) whenever they change, and each
 * worker thread, before a call, applies them to itself if they are new.
 * Linux credentials are per thread at the system-call level, so the raw
 * calls below change only the calling thread. The client cannot make a
 * shadow run capset or set*id: they are not in the call table.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <sched.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "shadow.h"

#define SETID_CAPS	((1u << CAP_SETUID) | (1u << CAP_SETGID))
#define SEQ_TRIES	1000	/* a seq count odd for this long: give up */

static long sys(long nr, long a, long b, long c)
{
	long r = syscall(nr, a, b, c);

	return r == -1 ? -errno : r;
}

/* The permitted set the shadow started with (as root: all). */
static uint32_t initial_permitted[2];

/* Sets this thread's effective capabilities to @eff, keeping the initial
 * permitted set (the process's own permitted set is not checked by any
 * call a shadow runs). */
static long set_caps(uint64_t eff)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	d[0].permitted = initial_permitted[0];
	d[1].permitted = initial_permitted[1];
	d[0].effective = (uint32_t)eff & d[0].permitted;
	d[1].effective = (eff >> 32) & d[1].permitted;
	return sys(SYS_capset, (long)&h, (long)d, 0);
}

/* Applies @c to the calling thread only. */
static long apply(const struct virtuos_creds *c)
{
	gid_t groups[VIRTUOS_MAX_GROUPS];
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	unsigned int i, n = c->ngroups;
	long r;

	if (n > VIRTUOS_MAX_GROUPS)
		n = VIRTUOS_MAX_GROUPS;
	for (i = 0; i < n; i++)
		groups[i] = c->groups[i];
	/* Raise CAP_SETUID and CAP_SETGID from the permitted set. */
	r = sys(SYS_capget, (long)&h, (long)d, 0);
	if (r)
		return r;
	d[0].effective |= SETID_CAPS & d[0].permitted;
	r = sys(SYS_capset, (long)&h, (long)d, 0);
	if (!r)
		r = sys(SYS_setgroups, n, (long)groups, 0);
	if (!r)
		r = sys(SYS_setresgid, c->gid[0], c->gid[1], c->gid[2]);
	if (!r)
		sys(SYS_setfsgid, c->gid[3], 0, 0);
	if (!r)
		r = sys(SYS_setresuid, c->uid[0], c->uid[1], c->uid[2]);
	if (!r)
		sys(SYS_setfsuid, c->uid[3], 0, 0);
	if (!r)
		r = set_caps(c->cap_effective);
	return r;
}

/**
 * shadow_creds_take() - the shadow's first credentials, before its threads
 * @c: the process's credentials from the ATTACH message.
 *
 * Return: 0, or a negative errno.
 */
long shadow_creds_take(const struct virtuos_creds *c)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	long r;

	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0))
		return -errno;
	r = sys(SYS_capget, (long)&h, (long)d, 0);
	if (r)
		return r;
	initial_permitted[0] = d[0].permitted;
	initial_permitted[1] = d[1].permitted;
	return apply(c);
}

/**
 * shadow_creds_follow() - apply the process's credentials if they changed
 * @shared: page 0's copy, written by the primary (read under its seq).
 * @seen: the calling thread's last applied seq.
 *
 * Return: 0, or a negative errno: the call must not run.
 */
long shadow_creds_follow(const struct virtuos_creds *shared, uint32_t *seen)
{
	struct virtuos_creds c;
	uint32_t seq;
	int tries;
	long r;

	seq = __atomic_load_n(&shared->seq, __ATOMIC_ACQUIRE);
	if (seq == *seen)
		return 0;
	for (tries = 0; ; tries++) {
		if (tries == SEQ_TRIES)
			return -EAGAIN;
		seq = __atomic_load_n(&shared->seq, __ATOMIC_ACQUIRE);
		if (seq & 1) {
			sched_yield();
			continue;
		}
		memcpy(&c, (const void *)shared, sizeof(c));
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (__atomic_load_n(&shared->seq, __ATOMIC_ACQUIRE) == seq)
			break;
	}
	r = apply(&c);
	if (r)
		return r;
	*seen = seq;
	return 0;
}
