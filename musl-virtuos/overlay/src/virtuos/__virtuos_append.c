#include <fcntl.h>
#include <string.h>
#include <sys/uio.h>
#include "pthread_impl.h"
#include "syscall.h"
#include "virtuos_impl.h"

/*
 * write and writev on a storage descriptor that do not fit one slot's
 * window, or writev of several entries. Natively each lands in one piece:
 * with O_APPEND, at the end of the file whatever other appenders do. Here:
 * - a writev that fits one window is one write of its gathered data;
 * - with O_APPEND, up to VIRTUOS_APPEND_MAX bytes go as one write whose
 *   buffer spans the windows of consecutive slots, all claimed for it;
 *   more is staged in the shadow, a run of slots per piece, and written
 *   there with one write (VIRTUOS_CALL_STAGE, _STAGED_WRITE), up to
 *   VIRTUOS_STAGE_MAX bytes at a time;
 * - anything else, or when the slots or the shadow's staging cannot be
 *   had, goes in window-sized pieces, entry after entry.
 */

#define CLAIM_ROUNDS 1000	/* yields before giving up on a run */
#define STAGE_ROUNDS 100	/* yields while the shadow's staging is busy */

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

/* Copies n bytes, from byte from of the entries' data on, to dst. */
static void gather(char *dst, const struct iovec *iov, long cnt, long from,
                   long n)
{
	long i, k;

	for (i = 0; i < cnt && n; i++) {
		if (from >= (long)iov[i].iov_len) {
			from -= iov[i].iov_len;
			continue;
		}
		k = iov[i].iov_len - from;
		if (k > n)
			k = n;
		memcpy(dst, (char *)iov[i].iov_base + from, k);
		dst += k;
		n -= k;
		from = 0;
	}
}

/* Call nr with a[1] the n bytes of the entries' data from byte from on,
 * through a run of slots; -EAGAIN when no run came free. A result above
 * n is a lie: -EIO. */
static long run_call(int dom, long nr, long *a, const struct iovec *iov,
                     long cnt, long from, long n)
{
	struct virtuos_domain *d = __virtuos_domain(dom);
	int k = n ? (n + VIRTUOS_SLOT_DATA - 1) / VIRTUOS_SLOT_DATA : 1;
	int s, i;
	long r;

	s = claim_run(d, k);
	if (s < 0)
		return s;
	a[1] = VIRTUOS_SLOT_DATA_OFFSET(s);
	gather((char *)d->ctl + a[1], iov, cnt, from, n);
	__virtuos_slot_submit(d, s, nr, a, 0);
	if (__virtuos_slot_wait(d, s))
		return -EIO;	/* the slots stay taken: the area is dead */
	r = __virtuos_slot_result(d, s);
	for (i = s; i < s + k; i++)
		__virtuos_slot_free(d, i);
	return r > n ? -EIO : r;
}

/* n bytes from byte from of the entries' data, staged in the shadow and
 * written there with one write; -EAGAIN when the shadow cannot stage
 * them (or no run of slots came free). */
static long staged_write(int dom, long rfd, const struct iovec *iov,
                         long cnt, long from, long n)
{
	long key = __pthread_self()->tid, pos, k, r = 0, round;

	for (pos = 0; pos < n; pos += k) {
		long a[6] = { key, 0, 0, pos, 0, 0 };

		k = n - pos < VIRTUOS_APPEND_MAX ? n - pos : VIRTUOS_APPEND_MAX;
		a[2] = k;
		for (round = 0; round < STAGE_ROUNDS; round++) {
			r = run_call(dom, VIRTUOS_CALL_STAGE, a, iov, cnt,
			             from + pos, k);
			if (r != -EBUSY || pos)
				break;
			__virtuos_trap(SYS_sched_yield, 0, 0, 0, 0, 0, 0);
		}
		if (r != k)
			break;
	}
	if (pos < n) {
		/* Drop what was staged (a piece of length 0 at 0). */
		if (pos)
			__virtuos_call(dom, VIRTUOS_CALL_STAGE, key, 0, 0, 0,
			               0, 0);
		return r == -EIO ? -EIO : -EAGAIN;
	}
	r = __virtuos_call(dom, VIRTUOS_CALL_STAGED_WRITE, rfd, key, n, 0, 0,
	                   0);
	return r > n ? -EIO : r;
}

/* Entry after entry, in window-sized pieces, from byte from on. */
static long in_pieces(int dom, long rfd, const struct iovec *iov, long cnt,
                      long from)
{
	long done = 0, r, i, k;

	for (i = 0; i < cnt; i++) {
		if (from >= (long)iov[i].iov_len) {
			from -= iov[i].iov_len;
			continue;
		}
		k = iov[i].iov_len - from;
		r = __virtuos_chunked(dom, SYS_write, rfd,
		                      (char *)iov[i].iov_base + from, k, 0, 0);
		from = 0;
		if (r < 0)
			return done ? done : r;
		done += r;
		if (r < k)
			break;
	}
	return done;
}

/* One O_APPEND write of n bytes from byte from on: -EAGAIN when it cannot
 * be one. */
static long append_once(int dom, long rfd, const struct iovec *iov,
                        long cnt, long from, long n)
{
	long a[6] = { rfd, 0, n, 0, 0, 0 };

	if (n <= VIRTUOS_APPEND_MAX)
		return run_call(dom, SYS_write, a, iov, cnt, from, n);
	return staged_write(dom, rfd, iov, cnt, from, n);
}

long __virtuos_write_vec(int dom, long rfd, const struct iovec *iov, long cnt)
{
	volatile int *cancel;
	long total = 0, done = 0, flags, n, r, i;

	if (cnt < 0 || cnt > 1024)
		return -EINVAL;
	if (cnt && __virtuos_bad_range((long)iov, cnt * sizeof *iov))
		return -EFAULT;
	for (i = 0; i < cnt; i++) {
		if (iov[i].iov_len > 0x7fffffffffffffffUL - total)
			return -EINVAL;
		if (iov[i].iov_len &&
		    __virtuos_bad_range((long)iov[i].iov_base, iov[i].iov_len))
			return -EFAULT;
		total += iov[i].iov_len;
	}
	if (total <= VIRTUOS_SLOT_DATA) {
		long a[6] = { rfd, 0, total, 0, 0, 0 };

		r = __virtuos_attach(__virtuos_domain(dom));
		if (!r)
			r = run_call(dom, SYS_write, a, iov, cnt, 0, total);
		return r == -EAGAIN ? in_pieces(dom, rfd, iov, cnt, 0) : r;
	}
	flags = __virtuos_call(dom, SYS_fcntl, rfd, F_GETFL, 0, 0, 0, 0);
	if (flags < 0 || !(flags & O_APPEND))
		return in_pieces(dom, rfd, iov, cnt, 0);
	/* Not cancellable while it holds several slots: a cancel that came
	 * meanwhile is acted on at the next cancellation point. */
	cancel = __virtuos_cp_take();
	do {
		n = total - done;
		if (n > VIRTUOS_STAGE_MAX)
			n = VIRTUOS_STAGE_MAX;
		r = append_once(dom, rfd, iov, cnt, done, n);
		if (r == -EAGAIN)
			r = in_pieces(dom, rfd, iov, cnt, done);
		if (r < 0) {
			__virtuos_cp_put(cancel);
			return done ? done : r;
		}
		done += r;
	} while (done < total && r >= n);
	__virtuos_cp_put(cancel);
	return done;
}
