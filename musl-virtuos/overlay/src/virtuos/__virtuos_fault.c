#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include "ksigaction.h"
#include "libc.h"
#include "syscall.h"
#include "virtuos_impl.h"

/*
 * Bad pointers. The library copies the process's buffers itself, so a
 * pointer into unmapped (or read-only) memory would fault in the library
 * where the local kernel would have returned EFAULT. Before it copies, the
 * library probes the memory with a guard armed: the fault lands in
 * on_fault, which jumps back to the probe, and the call fails with EFAULT.
 *
 * To catch faults the library holds the real SIGSEGV and SIGBUS handlers,
 * installed at its first probe. What the process sets with sigaction is
 * kept here and reported back; a fault that is not a probe's goes to it
 * as the kernel would have delivered it (handler, SIG_DFL or SIG_IGN).
 */

#define SIGSET_BYTES (_NSIG / 8)
#define FAULT_FLAGS (SA_ONSTACK | SA_NODEFER)

enum { NOT_INSTALLED, INSTALLING, INSTALLED };

static __thread jmp_buf *guard;
static int state;
static int owner_pid;		/* the process whose table holds on_fault */
static struct k_sigaction app[2];	/* the process's SIGSEGV, SIGBUS */

static struct k_sigaction *app_action(int sig)
{
	return &app[sig == SIGBUS];
}

/* A fault the process must see: as its own disposition says. */
static void deliver(int sig, siginfo_t *si, void *ctx)
{
	struct k_sigaction *a = app_action(sig);
	struct k_sigaction dfl = { .handler = SIG_DFL };
	void (*h)(int) = a->handler;
	int from_kernel = si->si_code > 0;

	if (h == SIG_IGN && !from_kernel)
		return;
	if (h == SIG_DFL || h == SIG_IGN) {
		/* The kernel kills for a fault whatever the disposition:
		 * back to SIG_DFL, then the instruction faults again, or
		 * the signal is sent again and delivered on return. */
		__virtuos_trap(SYS_rt_sigaction, sig, (long)&dfl, 0,
		               SIGSET_BYTES, 0, 0);
		if (!from_kernel)
			__virtuos_trap(SYS_tkill,
			               __virtuos_trap(SYS_gettid, 0, 0, 0, 0, 0, 0),
			               sig, 0, 0, 0, 0);
		return;
	}
	if (a->flags & SA_RESETHAND)
		a->handler = SIG_DFL;
	if (a->flags & SA_SIGINFO)
		((void (*)(int, siginfo_t *, void *))h)(sig, si, ctx);
	else
		h(sig);
}

static void on_fault(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	jmp_buf *g = guard;

	if (g && si->si_code > 0) {
		guard = 0;
		__virtuos_trap(SYS_rt_sigprocmask, SIG_SETMASK,
		               (long)&uc->uc_sigmask, 0, SIGSET_BYTES, 0, 0);
		longjmp(*g, 1);
	}
	deliver(sig, si, ctx);
}

/* on_fault for sig, with the flags and mask the process asked for. */
static long hold(int sig, const struct k_sigaction *want,
                 struct k_sigaction *old)
{
	struct k_sigaction ours = {
		.handler = (void (*)(int))on_fault,
		.flags = SA_SIGINFO | SA_RESTORER | (want->flags & FAULT_FLAGS),
		.restorer = __restore_rt,
	};

	memcpy(ours.mask, want->mask, sizeof ours.mask);
	return __virtuos_trap(SYS_rt_sigaction, sig, (long)&ours, (long)old,
	                      SIGSET_BYTES, 0, 0);
}

static int install(void)
{
	static const int sigs[2] = { SIGSEGV, SIGBUS };
	struct k_sigaction old;
	int i, want = NOT_INSTALLED;

	if (!__atomic_compare_exchange_n(&state, &want, INSTALLING, 0,
	                                 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return 0;	/* another thread is at it: unguarded once */
	for (i = 0; i < 2; i++) {
		/* Read first, so the flags and mask stay the process's. */
		if (__virtuos_trap(SYS_rt_sigaction, sigs[i], 0, (long)&old,
		                   SIGSET_BYTES, 0, 0) ||
		    hold(sigs[i], &old, 0)) {
			__atomic_store_n(&state, NOT_INSTALLED, __ATOMIC_RELEASE);
			return 0;
		}
		*app_action(sigs[i]) = old;
	}
	owner_pid = __virtuos_trap(SYS_getpid, 0, 0, 0, 0, 0, 0);
	__atomic_store_n(&state, INSTALLED, __ATOMIC_RELEASE);
	return 1;
}

/* Whether probes can be guarded: TLS exists and on_fault is in place. */
static int ready(void)
{
	if (__atomic_load_n(&state, __ATOMIC_ACQUIRE) == INSTALLED)
		return 1;
	return libc.can_do_threads && install();
}

int __virtuos_probe(const void *p, unsigned long len, int write)
{
	volatile char *c = (volatile char *)p;
	unsigned long i;
	jmp_buf env;

	if (!len || !ready())
		return 0;
	if (setjmp(env))
		return -EFAULT;
	guard = &env;
	for (i = 0; i < len; i = (i | 4095) + 1) {
		if (write)
			__atomic_fetch_add(&c[i], 0, __ATOMIC_RELAXED);
		else
			(void)c[i];
	}
	if (write)
		__atomic_fetch_add(&c[len - 1], 0, __ATOMIC_RELAXED);
	else
		(void)c[len - 1];
	guard = 0;
	return 0;
}

long __virtuos_user_strnlen(const char *s, unsigned long max)
{
	jmp_buf env;
	long len;

	if (__virtuos_outside_user((long)s, 1))
		return -EFAULT;
	if (!ready())
		return strnlen(s, max);
	if (setjmp(env))
		return -EFAULT;
	guard = &env;
	len = strnlen(s, max);
	guard = 0;
	return len;
}

void __virtuos_fault_forked(void)
{
	if (__atomic_load_n(&state, __ATOMIC_ACQUIRE) == INSTALLED)
		owner_pid = __virtuos_trap(SYS_getpid, 0, 0, 0, 0, 0, 0);
}

int __virtuos_route_fault_action(long *a, long *ret)
{
	struct k_sigaction want, old;
	int sig = a[0];

	if ((sig != SIGSEGV && sig != SIGBUS) ||
	    __atomic_load_n(&state, __ATOMIC_ACQUIRE) != INSTALLED)
		return 0;
	/* A vfork child has a table of its own but shares this memory. */
	if (__virtuos_trap(SYS_getpid, 0, 0, 0, 0, 0, 0) != owner_pid)
		return 0;
	if (a[3] != SIGSET_BYTES) {
		*ret = -EINVAL;
		return 1;
	}
	if ((a[1] && __virtuos_bad_range(a[1], sizeof want)) ||
	    (a[2] && __virtuos_bad_out(a[2], sizeof old))) {
		*ret = -EFAULT;
		return 1;
	}
	old = *app_action(sig);
	if (a[1]) {
		memcpy(&want, (void *)a[1], sizeof want);
		*ret = hold(sig, &want, 0);
		if (*ret)
			return 1;
		*app_action(sig) = want;
	}
	if (a[2])
		memcpy((void *)a[2], &old, sizeof old);
	*ret = 0;
	return 1;
}
