#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "syscall.h"
#include "virtuos_impl.h"

/* VIRTUOS_SPIN: pause loops a caller spins before it sleeps (0 to 10^9). */
long __virtuos_spin_rounds(void)
{
	const char *s = __virtuos_getenv("VIRTUOS_SPIN");
	long n = 0;

	if (!s || !*s)
		return VIRTUOS_SPIN_DEFAULT;
	for (; *s >= '0' && *s <= '9' && n < 1000000000; s++)
		n = n * 10 + (*s - '0');
	return *s ? VIRTUOS_SPIN_DEFAULT : n;
}

/*
 * Opens /dev/virtuos and attaches it to d's domain (as the fork of area
 * fork_area with token, when fork_area is not 0). The descriptor, with
 * at filled in, or -1.
 */
long __virtuos_open_attach(struct virtuos_domain *d, unsigned fork_area,
                           unsigned long long token,
                           struct virtuos_attach *at)
{
	long fd, r;
	int i;

	fd = __virtuos_trap(SYS_open, (long)VIRTUOS_DEVICE,
	                    O_RDWR | O_CLOEXEC, 0, 0, 0, 0);
	if (fd < 0)
		return fd;
	for (i = 0; i < (int)sizeof at->name; i++)
		at->name[i] = 0;
	for (i = 0; d->name[i] && i < VIRTUOS_NAME_MAX; i++)
		at->name[i] = d->name[i];
	at->fork_area = fork_area;
	at->reserved = 0;
	at->fork_token = token;
	r = __virtuos_trap(SYS_ioctl, fd, VIRTUOS_IOC_ATTACH, (long)at,
	                   0, 0, 0);
	if (r < 0 || at->map_size != VIRTUOS_MAP_SIZE) {
		__virtuos_trap(SYS_close, fd, 0, 0, 0, 0, 0);
		return r < 0 ? r : -EPROTO;
	}
	return fd;
}

static int attach_now(struct virtuos_domain *d)
{
	struct virtuos_attach at;
	long fd, map;

	fd = __virtuos_open_attach(d, 0, 0, &at);
	/* The user's limit on areas is theirs to know; the rest is EIO. */
	if (fd < 0)
		return fd == -EMFILE ? -EMFILE : -EIO;
	map = __virtuos_trap(SYS_mmap, 0, VIRTUOS_MAP_SIZE,
	                     PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map < 0 && map > -4096)
		goto fail;
	/* A shadow that checks requests by another call table would take
	 * this library's arguments for other shapes. */
	if (((struct virtuos_area_ctl *)map)->calls_hash != virtuos_calls_hash()) {
		__virtuos_trap(SYS_munmap, map, VIRTUOS_MAP_SIZE, 0, 0, 0, 0);
		__virtuos_trap(SYS_close, fd, 0, 0, 0, 0, 0);
		return -EPROTO;
	}
	if (d->retired) {	/* the new device takes the old number */
		__virtuos_trap(SYS_dup3, fd, d->devfd, O_CLOEXEC, 0, 0, 0);
		__virtuos_trap(SYS_close, fd, 0, 0, 0, 0, 0);
		fd = d->devfd;
		d->retired = 0;
	}
	d->devfd = fd;
	d->area_id = at.area_id;
	d->pid = __virtuos_trap(SYS_getpid, 0, 0, 0, 0, 0, 0);
	d->spin = __virtuos_spin_rounds();
	d->ctl = (struct virtuos_area_ctl *)map;
	d->gen++;
	return 0;
fail:
	__virtuos_trap(SYS_close, fd, 0, 0, 0, 0, 0);
	return -EIO;
}

/*
 * Lets go of the area of a dead domain before a new attach. Other threads
 * may still look at it, so its address stays valid: anonymous memory
 * marked dead replaces the shared pages, and /dev/null takes the device's
 * number (a late VIRTUOS_IOC_WAIT there fails with ENOTTY). The kernel
 * then frees the area's pages and grants; the next attach reuses the
 * number, and 516 KiB of address space without memory stay reserved.
 */
void __virtuos_retire(struct virtuos_domain *d)
{
	long null, map;

	map = __virtuos_trap(SYS_mmap, (long)d->ctl, VIRTUOS_MAP_SIZE,
	                     PROT_READ | PROT_WRITE,
	                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (map == (long)d->ctl)
		d->ctl->dead = 1;
	null = __virtuos_trap(SYS_open, (long)"/dev/null", O_RDONLY | O_CLOEXEC,
	                      0, 0, 0, 0);
	if (null >= 0) {
		__virtuos_trap(SYS_dup3, null, d->devfd, O_CLOEXEC, 0, 0, 0);
		__virtuos_trap(SYS_close, null, 0, 0, 0, 0, 0);
	}
	d->retired = 1;
}

/* Attaches d, again if its domain died since the last attach. */
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
	if (d->ctl && !d->retired)
		__virtuos_retire(d);
	r = attach_now(d);
	__atomic_store_n(&d->state, r ? VIRTUOS_DOMAIN_DETACHED
	                             : VIRTUOS_DOMAIN_ATTACHED, __ATOMIC_RELEASE);
	return r;
}

/*
 * The library's own descriptors (/dev/virtuos, one per attached domain)
 * live among the process's. To the process they are closed: fcntl, dup
 * and close give EBADF, and before the process takes their number (dup2
 * onto it, as shells do) the library moves to another one.
 */
int __virtuos_own_fd(long fd)
{
	int i;

	for (i = 0; i < VIRTUOS_NR_DOMAINS; i++)
		if (__virtuos_domains[i].ctl && __virtuos_domains[i].devfd == fd)
			return 1;
	return 0;
}

void __virtuos_own_fd_move(long fd)
{
	struct virtuos_domain *d;
	long flags, moved;
	int i;

	for (i = 0; i < VIRTUOS_NR_DOMAINS; i++) {
		d = &__virtuos_domains[i];
		if (!d->ctl || d->devfd != fd)
			continue;
		flags = __virtuos_trap(SYS_fcntl, fd, F_GETFD, 0, 0, 0, 0);
		moved = __virtuos_trap(SYS_fcntl, fd, flags > 0 &&
		                       (flags & FD_CLOEXEC) ? F_DUPFD_CLOEXEC :
		                       F_DUPFD, fd + 1, 0, 0, 0);
		if (moved < 0)
			return;
		d->devfd = moved;
		__virtuos_trap(SYS_close, fd, 0, 0, 0, 0, 0);
	}
}
