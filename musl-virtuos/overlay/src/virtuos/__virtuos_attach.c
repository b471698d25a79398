#include <fcntl.h>
#include <sys/mman.h>
#include "syscall.h"
#include "virtuos_impl.h"

static int attach_now(struct virtuos_domain *d)
{
	struct virtuos_attach at = { 0 };
	long fd, r, map;
	int i;

	fd = __virtuos_trap(SYS_open, (long)VIRTUOS_DEVICE,
	                    O_RDWR | O_CLOEXEC, 0, 0, 0, 0);
	if (fd < 0)
		return -EIO;
	for (i = 0; d->name[i] && i < VIRTUOS_NAME_MAX; i++)
		at.name[i] = d->name[i];
	r = __virtuos_trap(SYS_ioctl, fd, VIRTUOS_IOC_ATTACH, (long)&at,
	                   0, 0, 0);
	if (r < 0 || at.map_size != VIRTUOS_MAP_SIZE)
		goto fail;
	map = __virtuos_trap(SYS_mmap, 0, VIRTUOS_MAP_SIZE,
	                     PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map < 0 && map > -4096)
		goto fail;
	d->devfd = fd;
	d->ctl = (struct virtuos_area_ctl *)map;
	d->gen++;
	return 0;
fail:
	__virtuos_trap(SYS_close, fd, 0, 0, 0, 0, 0);
	return -EIO;
}

/* The area of a dead domain stays mapped (calls in flight in other threads
 * may still look at it); a new attach makes a new one. */
int __virtuos_attach(struct virtuos_domain *d)
{
	int st, r;

	for (;;) {
		st = __atomic_load_n(&d->state, __ATOMIC_ACQUIRE);
		if (st == VIRTUOS_DOMAIN_ATTACHED && !d->ctl->dead)
			return 0;
		if (st != VIRTUOS_DOMAIN_ATTACHING &&
		    __atomic_compare_exchange_n(&d->state, &st,
		                                VIRTUOS_DOMAIN_ATTACHING, 0,
		                                __ATOMIC_ACQ_REL,
		                                __ATOMIC_RELAXED))
			break;
		__virtuos_trap(SYS_sched_yield, 0, 0, 0, 0, 0, 0);
	}
	r = attach_now(d);
	__atomic_store_n(&d->state, r ? VIRTUOS_DOMAIN_DETACHED
	                             : VIRTUOS_DOMAIN_ATTACHED, __ATOMIC_RELEASE);
	return r;
}
