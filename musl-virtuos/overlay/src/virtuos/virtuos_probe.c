#include <errno.h>
#include <virtuos.h>
#include "syscall.h"
#include "virtuos_impl.h"

/* <virtuos.h> repeats the kinds of virtuos_protocol.h for programs; both
 * are included here, so a value that differs is a redefinition that gcc
 * reports. */

#define PATIENCE_NS 2000000000L

/* Round trips of the slot's args[5] with the shadow worker serving it:
 * this side writes 2k - 1 and waits for 2k. */
static long pingpong(struct virtuos_domain *d, long rounds)
{
	long a[6] = { VIRTUOS_PROBE_PINGPONG, rounds, 0, 0, 0, 0 };
	struct virtuos_slot *slot;
	long k, spins, since, r;
	int s = __virtuos_slot_claim(d);

	if (s < 0)
		return s;
	slot = &d->ctl->slots[s];
	__virtuos_slot_submit(d, s, VIRTUOS_CALL_PROBE, a, 0);
	for (k = 1; k <= rounds; k++) {
		__atomic_store_n(&slot->args[5], 2 * k - 1, __ATOMIC_RELEASE);
		since = 0;
		for (spins = 1;; spins++) {
			if (__atomic_load_n(&slot->args[5], __ATOMIC_ACQUIRE) ==
			    2 * k)
				break;
			if (__virtuos_slot_done(d, s) || d->ctl->dead)
				goto answered;
			if (spins % 65536)
				continue;
			if (!since)
				since = __virtuos_now_ns();
			else if (__virtuos_now_ns() - since > PATIENCE_NS)
				goto answered;
		}
	}
answered:
	r = __virtuos_slot_wait(d, s);
	if (r)
		return r;
	r = slot->ret;
	__virtuos_slot_free(d, s);
	return r;
}

long virtuos_probe(int domain, int kind, long arg)
{
	struct virtuos_domain *d;
	long r;

	if (domain != VIRTUOS_PROBE_STORAGE && domain != VIRTUOS_PROBE_NETWORK)
		return __syscall_ret(-EINVAL);
	d = __virtuos_domain(domain == VIRTUOS_PROBE_STORAGE ?
	                     VIRTUOS_STORAGE : VIRTUOS_NETWORK);
	r = __virtuos_attach(d);
	if (!r && kind == VIRTUOS_PROBE_PINGPONG)
		r = arg >= 1 && arg <= VIRTUOS_PROBE_MAX_ROUNDS ?
		    pingpong(d, arg) : -EINVAL;
	else if (!r)
		r = __virtuos_remote(d, VIRTUOS_CALL_PROBE, (long[6]){ kind, arg });
	return __syscall_ret(r);
}
