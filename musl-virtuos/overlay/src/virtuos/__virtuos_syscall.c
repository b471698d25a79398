#include "virtuos_impl.h"

long __virtuos_syscall(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	long args[6] = { a1, a2, a3, a4, a5, a6 };
	long ret;

	__atomic_fetch_add(&__virtuos_syscall_counter, 1, __ATOMIC_RELAXED);
	if (__virtuos_route(n, args, &ret)) {
		if (__virtuos_trace_on())
			__virtuos_trace(n, args, ret, 1);
		return ret;
	}
	ret = __virtuos_trap(n, a1, a2, a3, a4, a5, a6);
	if (__virtuos_trace_on())
		__virtuos_trace(n, args, ret, 0);
	return ret;
}
