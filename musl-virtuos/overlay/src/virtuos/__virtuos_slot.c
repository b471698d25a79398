#include "syscall.h"
#include "virtuos_impl.h"

/*
 * One request slot of a domain's area, step by step: claim, submit, wait,
 * free. __virtuos_remote runs a whole call with them; poll and epoll_wait
 * use them to have calls in several domains in flight at once.
 */

/* A free slot of d's area, or -EIO when the area is dead. */
int __virtuos_slot_claim(struct virtuos_domain *d)
{
	struct virtuos_area_ctl *ctl = d->ctl;
	unsigned i;

	for (;;) {
		if (ctl->dead)
			return -EIO;
		for (i = 0; i < VIRTUOS_AREA_SLOTS; i++) {
			unsigned want = VIRTUOS_SLOT_FREE;
			if (__atomic_compare_exchange_n(&ctl->slots[i].state,
			        &want, VIRTUOS_SLOT_CLAIMED, 0,
			        __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
				return i;
		}
		__virtuos_trap(SYS_sched_yield, 0, 0, 0, 0, 0, 0);
	}
}

/* Publishes call nr with arguments a (offsets for buffers) in slot s.
 * waiting: the caller will not spin, so the shadow must notify. */
void __virtuos_slot_submit(struct virtuos_domain *d, int s, long nr,
                           const long *a, int waiting)
{
	struct virtuos_area_ctl *ctl = d->ctl;
	struct virtuos_slot *slot = &ctl->slots[s];
	int i;

	slot->nr = nr;
	for (i = 0; i < 6; i++)
		slot->args[i] = a[i];
	slot->seq = ++d->seq;
	slot->waiting = waiting;
	slot->cancel = 0;
	__atomic_store_n(&slot->state, VIRTUOS_SLOT_SUBMITTED, __ATOMIC_SEQ_CST);
	__atomic_fetch_add(&ctl->doorbell, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&ctl->workers_awake, __ATOMIC_SEQ_CST) == 0)
		__virtuos_trap(SYS_ioctl, d->devfd, VIRTUOS_IOC_WAKE, 0, 0, 0, 0);
}

int __virtuos_slot_done(struct virtuos_domain *d, int s)
{
	return __atomic_load_n(&d->ctl->slots[s].state, __ATOMIC_ACQUIRE) ==
	       VIRTUOS_SLOT_DONE;
}

/* Asks the shadow to interrupt the call in slot s (it ends with -EINTR
 * unless it completed first). */
void __virtuos_slot_cancel(struct virtuos_domain *d, int s)
{
	__atomic_store_n(&d->ctl->slots[s].cancel, 1, __ATOMIC_SEQ_CST);
	__virtuos_trap(SYS_ioctl, d->devfd, VIRTUOS_IOC_WAKE, 0, 0, 0, 0);
}

/* What a thread cancelled while waiting for a slot lets go of. */
struct abandoned_slot {
	struct virtuos_domain *d;
	int s;
};

/* The thread is being cancelled: have the shadow interrupt the call, and
 * free the slot once it has. */
static void abandon_slot(void *arg)
{
	struct abandoned_slot *a = arg;

	if (!__virtuos_slot_done(a->d, a->s))
		__virtuos_slot_cancel(a->d, a->s);
	if (!__virtuos_slot_wait(a->d, a->s))
		__virtuos_slot_free(a->d, a->s);
}

/* Waits until slot s is done: spin, then sleep in the primary. A signal
 * handler without SA_RESTART cancels the call; so does pthread_cancel in
 * a cancellable call, which then ends the thread. 0, or -EIO when the
 * area died (the slot then stays taken). */
int __virtuos_slot_wait(struct virtuos_domain *d, int s)
{
	struct virtuos_slot *slot = &d->ctl->slots[s];
	volatile int *cancel = __virtuos_cp_take();
	struct abandoned_slot ab = { d, s };
	long r, spin;

	for (spin = 0; spin < d->spin; spin++) {
		if (__virtuos_slot_done(d, s))
			return 0;
		if (cancel && *cancel)
			break;
		__asm__ __volatile__ ("pause" ::: "memory");
	}
	__atomic_store_n(&slot->waiting, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&slot->state, __ATOMIC_SEQ_CST) !=
	       VIRTUOS_SLOT_DONE) {
		r = __virtuos_cp_trap(cancel, abandon_slot, &ab, SYS_ioctl,
		                      d->devfd, VIRTUOS_IOC_WAIT, s, 0, 0, 0);
		/* ENOTTY: the area was retired (__virtuos_attach.c). */
		if (r == -EIO || r == -EBADF || r == -ENOTCONN || r == -ENOTTY)
			return -EIO;
		/* Cancellation is masked (musl's own waits): the call ends
		 * as interrupted, and the caller sees the cancellation. */
		if (r == -ECANCELED)
			cancel = 0;
		/* A handler without SA_RESTART ran (with SA_RESTART the
		 * kernel restarted the wait): have the shadow interrupt the
		 * call, then wait for what it says. */
		if ((r == -EINTR || r == -ECANCELED) && !slot->cancel)
			__virtuos_slot_cancel(d, s);
	}
	return 0;
}

void __virtuos_slot_free(struct virtuos_domain *d, int s)
{
	d->ctl->slots[s].waiting = 0;
	__atomic_store_n(&d->ctl->slots[s].state, VIRTUOS_SLOT_FREE,
	                 __ATOMIC_RELEASE);
}

/* Has the primary signal eventfd efd (or stop, with -1) when slot s is
 * done or the area dies. */
long __virtuos_slot_notify(struct virtuos_domain *d, int s, int efd)
{
	struct virtuos_notify n = { .slot = s, .eventfd = efd };

	return __virtuos_trap(SYS_ioctl, d->devfd, VIRTUOS_IOC_NOTIFY,
	                      (long)&n, 0, 0, 0);
}

/* Slot s's answer, read once: a result, or -EIO when no system call could
 * give it (an error number beyond MAX_ERRNO, which the C library would
 * hand the program as a result). */
long __virtuos_slot_result(struct virtuos_domain *d, int s)
{
	long r = __atomic_load_n(&d->ctl->slots[s].ret, __ATOMIC_RELAXED);

	return r < -4095 ? -EIO : r;
}
