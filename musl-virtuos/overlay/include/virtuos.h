#ifndef _VIRTUOS_H
#define _VIRTUOS_H

#ifdef __cplusplus
extern "C" {
#endif

/* Number of system calls that went through the musl-virtuos dispatcher
 * in this process (inherited across fork). Reading it makes no call. */
unsigned long virtuos_syscall_count(void);

/*
 * Floors for benchmarks: what the path to a service domain costs with no
 * work on it. domain: VIRTUOS_PROBE_STORAGE or VIRTUOS_PROBE_NETWORK.
 *   VIRTUOS_PROBE_NOP              a forwarded call the shadow answers at
 *                                  once; returns 0;
 *   VIRTUOS_PROBE_NULL_SYSCALL     the shadow makes arg getppid calls;
 *                                  returns the nanoseconds they took there;
 *   VIRTUOS_PROBE_FSTAT            the same with fstat of its root
 *                                  directory;
 *   VIRTUOS_PROBE_PINGPONG         arg round trips of one cache line
 *                                  between this thread and a shadow worker
 *                                  through the shared area; returns 0;
 *   VIRTUOS_PROBE_SHADOW_SYSCALLS  system calls the shadow's threads made;
 *   VIRTUOS_PROBE_SHADOW_CPU_NS    the shadow's CPU time, in nanoseconds.
 * Rounds go from 1 to 1000000. Returns -1 with errno set on failure
 * (ENOSYS: the service domain's executor has no probes).
 */
#define VIRTUOS_PROBE_STORAGE		1
#define VIRTUOS_PROBE_NETWORK		2
#define VIRTUOS_PROBE_NOP		0
#define VIRTUOS_PROBE_NULL_SYSCALL	1
#define VIRTUOS_PROBE_PINGPONG		2
#define VIRTUOS_PROBE_SHADOW_SYSCALLS	3
#define VIRTUOS_PROBE_SHADOW_CPU_NS	4
#define VIRTUOS_PROBE_FSTAT		5
long virtuos_probe(int domain, int kind, long arg);

#ifdef __cplusplus
}
#endif

#endif
