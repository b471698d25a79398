// SPDX-License-Identifier: GPL-2.0
/*
 * VIRTUOS_CALL_PROBE: what the path to this service domain costs with no
 * work on it, for benchmarks (virtuos_protocol.h has the kinds). Nothing
 * here touches a file or a socket, and every loop is bounded: a round
 * count the caller chose (at most VIRTUOS_PROBE_MAX_ROUNDS) and, where
 * the shadow waits on the caller, a second without progress.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "shadow.h"

#define PINGPONG_PATIENCE_NS	1000000000L

static long now_ns(clockid_t clock)
{
	struct timespec t;

	clock_gettime(clock, &t);
	return t.tv_sec * 1000000000L + t.tv_nsec;
}

static long null_syscalls(long rounds)
{
	long t0 = now_ns(CLOCK_MONOTONIC), i;

	for (i = 0; i < rounds; i++)
		syscall(SYS_getppid);
	shadow_count_syscalls(rounds);
	return now_ns(CLOCK_MONOTONIC) - t0;
}

static long fstats(long rounds)
{
	int fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct stat st;
	long t0, i, r;

	if (fd < 0)
		return -errno;
	t0 = now_ns(CLOCK_MONOTONIC);
	for (i = 0; i < rounds; i++)
		fstat(fd, &st);
	r = now_ns(CLOCK_MONOTONIC) - t0;
	close(fd);
	shadow_count_syscalls(rounds + 2);
	return r;
}

/*
 * Waits until the slot's args[5] is @want: 0, -EINTR when the caller
 * cancels the call, -ETIMEDOUT after a second without it.
 */
static long wait_word(struct virtuos_slot *slot, __s64 want)
{
	long spins, since = 0;

	for (;;) {
		for (spins = 0; spins < 4096; spins++) {
			if (__atomic_load_n(&slot->args[5], __ATOMIC_ACQUIRE) ==
			    want)
				return 0;
			if (__atomic_load_n(&slot->cancel, __ATOMIC_RELAXED))
				return -EINTR;
			__asm__ __volatile__("pause" ::: "memory");
		}
		if (!since)
			since = now_ns(CLOCK_MONOTONIC);
		else if (now_ns(CLOCK_MONOTONIC) - since > PINGPONG_PATIENCE_NS)
			return -ETIMEDOUT;
	}
}

static long pingpong(struct virtuos_slot *slot, long rounds)
{
	long k, r;

	for (k = 1; k <= rounds; k++) {
		r = wait_word(slot, 2 * k - 1);
		if (r)
			return r;
		__atomic_store_n(&slot->args[5], 2 * k, __ATOMIC_RELEASE);
	}
	return 0;
}

long shadow_probe(struct virtuos_slot *slot, long kind, long arg)
{
	int rounds_ok = arg >= 1 && arg <= VIRTUOS_PROBE_MAX_ROUNDS;

	switch (kind) {
	case VIRTUOS_PROBE_NOP:
		return 0;
	case VIRTUOS_PROBE_NULL_SYSCALL:
		return rounds_ok ? null_syscalls(arg) : -EINVAL;
	case VIRTUOS_PROBE_FSTAT:
		return rounds_ok ? fstats(arg) : -EINVAL;
	case VIRTUOS_PROBE_PINGPONG:
		return rounds_ok ? pingpong(slot, arg) : -EINVAL;
	case VIRTUOS_PROBE_SHADOW_SYSCALLS:
		return (long)(shadow_syscalls() & 0x7fffffffffffffffUL);
	case VIRTUOS_PROBE_SHADOW_CPU_NS:
		return now_ns(CLOCK_PROCESS_CPUTIME_ID);
	}
	return -EINVAL;
}
