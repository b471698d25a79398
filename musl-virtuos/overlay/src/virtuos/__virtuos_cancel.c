#include "pthread_impl.h"
#include "syscall.h"
#include "virtuos_impl.h"

/*
 * Cancellation of remote calls. __virtuos_syscall_cp leaves the caller's
 * cancel flag here for the one wait that may block; that wait traps
 * through musl's __syscall_cp_asm, so pthread_cancel finds it inside
 * __cp_begin..__cp_end as it would a local call, with a cleanup handler
 * pushed that lets go of what the call holds before the thread exits.
 */

hidden long __syscall_cp_asm(volatile void *, long,
                             long, long, long, long, long, long);

/* Set once a cancellable call came: from then on every thread has TLS. */
static int armed;
static __thread volatile int *pending;

void __virtuos_cp_set(volatile void *cancel)
{
	armed = 1;
	pending = (volatile int *)cancel;
}

volatile int *__virtuos_cp_take(void)
{
	volatile int *cancel;

	if (!armed)
		return 0;
	cancel = pending;
	pending = 0;
	return cancel;
}

void __virtuos_cp_put(volatile int *cancel)
{
	if (cancel)
		pending = cancel;
}

long __virtuos_cp_trap(volatile int *cancel, void (*abandon)(void *),
                       void *arg, long n, long a1, long a2, long a3,
                       long a4, long a5, long a6)
{
	struct __ptcb cb;
	long r;

	if (!cancel)
		return __virtuos_trap(n, a1, a2, a3, a4, a5, a6);
	_pthread_cleanup_push(&cb, abandon, arg);
	r = __syscall_cp_asm(cancel, n, a1, a2, a3, a4, a5, a6);
	_pthread_cleanup_pop(&cb, 0);
	return r;
}
