#include "virtuos_impl.h"

/* Issues the call inside musl's __cp_begin..__cp_end range. */
hidden long __syscall_cp_asm(volatile void *, long,
                             long, long, long, long, long, long);

long __virtuos_syscall_cp(volatile void *cancel, long n,
                          long a1, long a2, long a3, long a4, long a5, long a6)
{
	long args[6] = { a1, a2, a3, a4, a5, a6 };
	long ret;
	int routed;

	__atomic_fetch_add(&__virtuos_syscall_counter, 1, __ATOMIC_RELAXED);
	/* For the remote wait, if the call goes to a service domain. */
	__virtuos_cp_set(cancel);
	routed = __virtuos_route(n, args, &ret);
	__virtuos_cp_set(0);
	if (routed) {
		if (__virtuos_trace_on())
			__virtuos_trace(n, args, ret, 1);
		return ret;
	}
	ret = __syscall_cp_asm(cancel, n, a1, a2, a3, a4, a5, a6);
	if (__virtuos_trace_on())
		__virtuos_trace(n, args, ret, 0);
	return ret;
}
