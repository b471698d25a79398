#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/socket.h>
#include "syscall.h"
#include "virtuos_impl.h"

#define FLOCK_SIZE 32		/* struct flock */

static int claim_slot(struct virtuos_area_ctl *ctl)
{
	unsigned i;

	for (;;) {
		for (i = 0; i < VIRTUOS_AREA_SLOTS; i++) {
			unsigned want = VIRTUOS_SLOT_FREE;
			if (__atomic_compare_exchange_n(&ctl->slots[i].state,
			        &want, VIRTUOS_SLOT_CLAIMED, 0,
			        __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
				return i;
		}
		if (ctl->dead)
			return -1;
		__virtuos_trap(SYS_sched_yield, 0, 0, 0, 0, 0, 0);
	}
}

static int is_lock_cmd(long cmd)
{
	return cmd == F_GETLK || cmd == F_SETLK || cmd == F_SETLKW ||
	       cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
}

/* Waits until the slot is done: spin, then sleep in the primary. */
static int wait_done(struct virtuos_domain *d, struct virtuos_slot *slot,
                     int index)
{
	long r, spin;

	for (spin = 0; spin < d->spin; spin++) {
		if (__atomic_load_n(&slot->state, __ATOMIC_ACQUIRE) ==
		    VIRTUOS_SLOT_DONE)
			return 0;
		__asm__ __volatile__ ("pause" ::: "memory");
	}
	__atomic_store_n(&slot->waiting, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&slot->state, __ATOMIC_SEQ_CST) !=
	       VIRTUOS_SLOT_DONE) {
		r = __virtuos_trap(SYS_ioctl, d->devfd, VIRTUOS_IOC_WAIT,
		                   index, 0, 0, 0);
		/* ENOTTY: the area was retired (__virtuos_attach.c). */
		if (r == -EIO || r == -EBADF || r == -ENOTCONN || r == -ENOTTY)
			return -EIO;
		/* A handler without SA_RESTART ran (with SA_RESTART the
		 * kernel restarted the wait): have the shadow interrupt the
		 * call, then wait for what it says. */
		if (r == -EINTR && !slot->cancel) {
			__atomic_store_n(&slot->cancel, 1, __ATOMIC_SEQ_CST);
			__virtuos_trap(SYS_ioctl, d->devfd, VIRTUOS_IOC_WAKE,
			               0, 0, 0, 0);
		}
	}
	return 0;
}

long __virtuos_remote(struct virtuos_domain *d, long nr, const long *args)
{
	const struct virtuos_call *call = virtuos_call_find(nr);
	struct virtuos_area_ctl *ctl = d->ctl;
	struct virtuos_slot *slot;
	char *map = (char *)ctl;
	long a[6], outoff[6], outlen[6], off, end, len, ret;
	int i, s;

	if (!call)
		return -ENOSYS;
	if (ctl->dead)
		return -EIO;
	s = claim_slot(ctl);
	if (s < 0)
		return -EIO;
	slot = &ctl->slots[s];
	off = VIRTUOS_SLOT_DATA_OFFSET(s);
	end = off + VIRTUOS_SLOT_DATA;
	ret = 0;
	for (i = 0; i < 6; i++) {
		const struct virtuos_arg *k = &call->args[i];

		a[i] = args[i];
		outlen[i] = -1;
		if ((k->kind & VIRTUOS_ARG_MAY_BE_NULL) && !args[i])
			continue;	/* offset 0: NULL for the shadow */
		switch (VIRTUOS_ARG_KIND(k->kind)) {
		case VIRTUOS_ARG_PATH:
			if (__virtuos_bad_range(args[i], 1)) {
				ret = -EFAULT;
				break;
			}
			len = strnlen((const char *)args[i], PATH_MAX);
			if (len == PATH_MAX || off + len + 1 > end) {
				ret = -ENAMETOOLONG;
				break;
			}
			memcpy(map + off, (const char *)args[i], len + 1);
			a[i] = off;
			off += (len + 8) & ~7L;
			break;
		case VIRTUOS_ARG_IN:
		case VIRTUOS_ARG_OUT:
		case VIRTUOS_ARG_INOUT:
			len = k->size ? k->size : args[k->len];
			/* An output larger than the window (readlink, getcwd,
			 * getxattr with a big buffer) is asked for in full
			 * only as far as the window goes. */
			if (VIRTUOS_ARG_KIND(k->kind) == VIRTUOS_ARG_OUT &&
			    !k->size && len > end - off)
				len = a[k->len] = end - off;
			if (len < 0 || len > end - off) { ret = -EINVAL; break; }
			if (len && __virtuos_bad_range(args[i], len)) {
				ret = -EFAULT;
				break;
			}
			if (VIRTUOS_ARG_KIND(k->kind) != VIRTUOS_ARG_OUT)
				memcpy(map + off, (const void *)args[i], len);
			if (VIRTUOS_ARG_KIND(k->kind) != VIRTUOS_ARG_IN)
				outoff[i] = off, outlen[i] = len;
			a[i] = off;
			off += (len + 7) & ~7L;
			break;
		}
		if (ret)
			break;
	}
	if (!ret && nr == SYS_fcntl && is_lock_cmd(args[1])) {
		if (__virtuos_bad_range(args[2], FLOCK_SIZE))
			ret = -EFAULT;
		else {
			memcpy(map + off, (const void *)args[2], FLOCK_SIZE);
			a[2] = off, outoff[2] = off, outlen[2] = FLOCK_SIZE;
		}
	}
	if (ret) {
		__atomic_store_n(&slot->state, VIRTUOS_SLOT_FREE, __ATOMIC_RELEASE);
		return ret;
	}

	slot->nr = nr;
	for (i = 0; i < 6; i++)
		slot->args[i] = a[i];
	slot->seq = ++d->seq;
	slot->waiting = 0;
	slot->cancel = 0;
	__atomic_store_n(&slot->state, VIRTUOS_SLOT_SUBMITTED, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&ctl->workers_awake, __ATOMIC_SEQ_CST) == 0)
		__virtuos_trap(SYS_ioctl, d->devfd, VIRTUOS_IOC_WAKE, 0, 0, 0, 0);
	if (wait_done(d, slot, s))
		return -EIO;	/* the slot stays taken: the area is dead */

	ret = slot->ret;
	/* The service domain cannot make a call return more than was asked
	 * (a zero-sized buffer asks for the size, as getxattr does). */
	for (i = 0; i < 6 && ret >= 0; i++)
		if (outlen[i] > 0 && !call->args[i].size &&
		    !(i == 2 && nr == SYS_fcntl) && ret > outlen[i] &&
		    !(nr == SYS_recvfrom && (args[3] & MSG_TRUNC)))
			ret = -EIO;
	for (i = 0; i < 6 && ret >= 0; i++) {
		if (outlen[i] < 0)
			continue;
		len = (call->args[i].size || (i == 2 && nr == SYS_fcntl))
		      ? outlen[i] : ret < outlen[i] ? ret : outlen[i];
		memcpy((void *)args[i], map + outoff[i], len);
	}
	slot->waiting = 0;
	__atomic_store_n(&slot->state, VIRTUOS_SLOT_FREE, __ATOMIC_RELEASE);
	return ret;
}
