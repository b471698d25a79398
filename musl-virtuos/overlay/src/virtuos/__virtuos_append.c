#include <fcntl.h>
#include <string.h>
#include "syscall.h"
#include "virtuos_impl.h"

/*
 * A write larger than one slot's window on a storage descriptor. With
 * O_APPEND, natively the whole write lands at the end in one piece
 * whatever other appenders do; so it goes as one call whose buffer spans
 * the windows of consecutive slots, all claimed for it, up to
 * VIRTUOS_APPEND_MAX. Longer writes, or when the process's other calls
 * hold the slots for too long, go in pieces. Any other write goes in
 * window-sized pieces.
 */

#define RUN_SLOTS (VIRTUOS_APPEND_MAX / VIRTUOS_SLOT_DATA)
#define CLAIM_ROUNDS 1000	/* yields before giving up on a run */

/* k consecutive free slots of d's area, claimed: the first; -EAGAIN when
 * none came free in CLAIM_ROUNDS rounds; -EIO when the area died. */
static int claim_run(struct virtuos_domain *d, int k)
{
	struct virtuos_area_ctl *ctl = d->ctl;
	int first, i, round;

	for (round = 0; round < CLAIM_ROUNDS; round++) {
		if (ctl->dead)
			return -EIO;
		for (first = 0; first + k <= VIRTUOS_AREA_SLOTS; first++) {
			for (i = first; i < first + k; i++) {
				unsigned want = VIRTUOS_SLOT_FREE;
				if (!__atomic_compare_exchange_n(
				        &ctl->slots[i].state, &want,
				        VIRTUOS_SLOT_CLAIMED, 0,
				        __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
					break;
			}
			if (i == first + k)
				return first;
			while (i-- > first)
				__virtuos_slot_free(d, i);
		}
		__virtuos_trap(SYS_sched_yield, 0, 0, 0, 0, 0, 0);
	}
	return -EAGAIN;
}

/* One write of count bytes (at most VIRTUOS_APPEND_MAX) through a run of
 * slots; -EAGAIN when no run came free. */
static long write_run(int dom, long rfd, const char *buf, long count)
{
	struct virtuos_domain *d = __virtuos_domain(dom);
	int k = (count + VIRTUOS_SLOT_DATA - 1) / VIRTUOS_SLOT_DATA;
	long a[6] = { rfd, 0, count, 0, 0, 0 }, r;
	int s, i;

	if (__virtuos_bad_range((long)buf, count))
		return -EFAULT;
	s = claim_run(d, k);
	if (s < 0)
		return s;
	a[1] = VIRTUOS_SLOT_DATA_OFFSET(s);
	memcpy((char *)d->ctl + a[1], buf, count);
	__virtuos_slot_submit(d, s, SYS_write, a, 0);
	if (__virtuos_slot_wait(d, s))
		return -EIO;	/* the slots stay taken: the area is dead */
	r = __virtuos_slot_result(d, s);
	for (i = s; i < s + k; i++)
		__virtuos_slot_free(d, i);
	return r > count ? -EIO : r;
}

long __virtuos_write_large(int dom, long rfd, const char *buf, long count)
{
	volatile int *cancel = __virtuos_cp_take();
	long flags, done = 0, n, r;

	flags = __virtuos_call(dom, SYS_fcntl, rfd, F_GETFL, 0, 0, 0, 0);
	if (flags < 0 || !(flags & O_APPEND)) {
		__virtuos_cp_put(cancel);
		return __virtuos_chunked(dom, SYS_write, rfd, (char *)buf,
		                         count, 0, 0);
	}
	/* Not cancellable while it holds several slots: a cancel that came
	 * meanwhile is acted on at the next cancellation point. */
	while (done < count) {
		n = count - done;
		if (n > VIRTUOS_APPEND_MAX)
			n = VIRTUOS_APPEND_MAX;
		r = write_run(dom, rfd, buf + done, n);
		if (r == -EAGAIN)
			r = __virtuos_chunked(dom, SYS_write, rfd,
			                      (char *)buf + done, n, 0, 0);
		if (r < 0) {
			__virtuos_cp_put(cancel);
			return done ? done : r;
		}
		done += r;
		if (r < n)
			break;
	}
	__virtuos_cp_put(cancel);
	return done;
}
