#include <poll.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include "syscall.h"
#include "virtuos_impl.h"

/*
 * epoll sets with members in service domains. The set itself is a local
 * epoll instance and keeps its local members; a remote member goes into an
 * epoll instance in its domain, made when the set gets its first member
 * there, with the caller's flags untouched, so that level, edge, one-shot
 * and exclusive behave as the domain's kernel makes them. The caller's
 * data stays here: the domain holds a key instead (__virtuos_epoll_keys.c),
 * which epoll_wait turns back into the data.
 * epoll_wait first takes what is ready (each remote instance, then the
 * local one, only as many events as there is room for, so no edge is lost),
 * and when nothing is, waits with a poll on the set, which also covers its
 * remote instances (__virtuos_poll.c), then takes again.
 */

#define FDS __virtuos_fds
#define EPOLLS __virtuos_epolls
#define EVENT_SIZE VIRTUOS_EPOLL_EVENT_SIZE
#define EVENTS_PER_CALL (VIRTUOS_SLOT_DATA / EVENT_SIZE)
#define EVENTS_MAX (0x7fffffff / EVENT_SIZE)

struct virtuos_epoll __virtuos_epolls[VIRTUOS_MAX_FDS];

/*
 * Members of sets whose instance died with the network domain and that
 * could not be made again (connections, reset): each is reported once,
 * as a reset socket would be, by the next epoll_wait of its set.
 */
#define RESET_MAX 256
static struct { int set1, key; } resets[RESET_MAX];

int __virtuos_epoll_remote(long fd)
{
	int dom;

	if (fd < 0 || fd >= VIRTUOS_MAX_FDS)
		return 0;
	for (dom = 0; dom < VIRTUOS_NR_DOMAINS; dom++)
		if (EPOLLS[fd].rfd1[dom])
			return 1;
	return 0;
}

long __virtuos_epoll_part(long fd, int dom)
{
	struct virtuos_domain *d = __virtuos_domain(dom);
	struct virtuos_epoll *e = &EPOLLS[fd];

	if (!e->rfd1[dom - 1])
		return -1;
	if (e->gen[dom - 1] != d->gen || d->state != VIRTUOS_DOMAIN_ATTACHED ||
	    d->ctl->dead)
		return -EIO;
	return e->rfd1[dom - 1] - 1;
}

void __virtuos_epoll_forget(long fd)
{
	long rfd;
	int dom, k;

	if (!__virtuos_epoll_remote(fd))
		return;
	for (dom = 1; dom <= VIRTUOS_NR_DOMAINS; dom++) {
		rfd = __virtuos_epoll_part(fd, dom);
		if (rfd >= 0)
			__virtuos_call(dom, SYS_close, rfd, 0, 0, 0, 0, 0);
		EPOLLS[fd].rfd1[dom - 1] = 0;
	}
	for (k = 0; k < RESET_MAX; k++)
		if (resets[k].set1 == fd + 1)
			resets[k].set1 = 0;
	__virtuos_epoll_keys_free_set(fd);
}

/* Whether local descriptor epfd is an epoll set: removing a descriptor it
 * cannot hold gives ENOENT from an epoll set, EINVAL from anything else. */
static long check_epoll(long epfd)
{
	long efd, r;

	efd = __virtuos_trap(SYS_eventfd2, 0, EFD_CLOEXEC, 0, 0, 0, 0);
	if (efd < 0)
		return efd;
	if (efd == epfd) {	/* its number was free: it was closed */
		__virtuos_trap(SYS_close, efd, 0, 0, 0, 0, 0);
		return -EBADF;
	}
	r = __virtuos_trap(SYS_epoll_ctl, epfd, EPOLL_CTL_DEL, efd, 0, 0, 0);
	__virtuos_trap(SYS_close, efd, 0, 0, 0, 0, 0);
	return r == -ENOENT ? 0 : r;
}

/* epoll_ctl of member fd (rfd in domain dom) in the set's instance part
 * there, with a key in place of the caller's data. */
static long ctl_member(int dom, long part, long op, long epfd, long fd,
                       long rfd, long ev)
{
	struct epoll_event mine;
	int key = __virtuos_epoll_key_find(epfd, fd), made = 0;
	uint64_t data = 0;
	long r;

	if (op == EPOLL_CTL_ADD && key < 0) {
		key = __virtuos_epoll_key_new(epfd, fd);
		if (key < 0)
			return key;
		made = 1;
	}
	if (op != EPOLL_CTL_DEL) {
		memcpy(&mine, (void *)ev, EVENT_SIZE);
		data = mine.data.u64;
		/* No entry (MOD of a non-member): key 0 names nothing. */
		mine.data.u64 = key < 0 ? 0 : __virtuos_epoll_key(key);
	}
	r = __virtuos_call(dom, SYS_epoll_ctl, part, op, rfd,
	                   op == EPOLL_CTL_DEL ? 0 : (long)&mine, 0, 0);
	if (key < 0)
		return r;
	if (r == 0 && op == EPOLL_CTL_DEL)
		__virtuos_epoll_key_free(key);
	else if (r == 0)
		__virtuos_epoll_key_set_data(key, mine.events, data);
	else if (made)
		__virtuos_epoll_key_free(key);
	return r;
}

/* The set's instance in domain dom died with the domain: for the network
 * domain, a new one there with the members that could be made again
 * (__virtuos_revive.c) under their keys; the others are reported reset.
 * Its descriptor, or a negative errno. */
static long rebuild_part(long epfd, int dom)
{
	struct epoll_event mine;
	uint32_t events;
	long part, rfd;
	int i, fd, k;

	if (dom != VIRTUOS_NETWORK)
		return -EIO;
	part = __virtuos_call(dom, SYS_epoll_create1, 0, 0, 0, 0, 0, 0);
	if (part < 0)
		return -EIO;
	EPOLLS[epfd].rfd1[dom - 1] = part + 1;
	EPOLLS[epfd].gen[dom - 1] = __virtuos_domain(dom)->gen;
	for (i = __virtuos_epoll_key_next(epfd, 0, &fd, &events); i >= 0;
	     i = __virtuos_epoll_key_next(epfd, i + 1, &fd, &events)) {
		if (FDS[fd].domain != dom)
			continue;
		rfd = __virtuos_rfd(fd);
		if (rfd < 0) {
			for (k = 0; k < RESET_MAX && resets[k].set1; k++)
				;
			if (k < RESET_MAX) {
				resets[k].key = i;
				resets[k].set1 = epfd + 1;
			}
			continue;
		}
		mine.events = events;
		mine.data.u64 = __virtuos_epoll_key(i);
		__virtuos_call(dom, SYS_epoll_ctl, part, EPOLL_CTL_ADD, rfd,
		               (long)&mine, 0, 0);
	}
	return part;
}

/* Up to max reset members of set epfd, as events. */
static long take_resets(long epfd, char *events, long max)
{
	struct epoll_event e;
	long got = 0;
	int k;

	for (k = 0; k < RESET_MAX && got < max; k++) {
		if (resets[k].set1 != epfd + 1)
			continue;
		e.events = EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLRDHUP;
		e.data.u64 = __virtuos_epoll_key_data(resets[k].key);
		memcpy(events + got++ * EVENT_SIZE, &e, EVENT_SIZE);
		resets[k].set1 = 0;
	}
	return got;
}

static long route_ctl(long epfd, long op, long fd, long ev)
{
	int dom;
	long rfd, part, r;

	if (epfd < 0 || epfd >= VIRTUOS_MAX_FDS)
		return epfd < 0 ? -EBADF : -EINVAL;
	if (FDS[epfd].domain || !__virtuos_is_remote_fd(fd))
		return -EINVAL;	/* a remote descriptor is no epoll set */
	dom = FDS[fd].domain;
	rfd = __virtuos_rfd(fd);
	if (rfd < 0)
		return rfd;
	if (op != EPOLL_CTL_DEL && __virtuos_bad_range(ev, EVENT_SIZE))
		return -EFAULT;
	part = __virtuos_epoll_part(epfd, dom);
	if (part == -1) {
		r = check_epoll(epfd);
		if (r < 0)
			return r;
		part = __virtuos_call(dom, SYS_epoll_create1, 0, 0, 0, 0, 0, 0);
		if (part < 0)
			return part;
		EPOLLS[epfd].rfd1[dom - 1] = part + 1;
		EPOLLS[epfd].gen[dom - 1] = __virtuos_domain(dom)->gen;
	}
	if (part < 0)
		part = rebuild_part(epfd, dom);
	if (part < 0)
		return part;
	return ctl_member(dom, part, op, epfd, fd, rfd, ev);
}

/* Takes what is ready, without waiting: each remote instance and the local
 * one, starting after the last that gave events, so none starves. */
static long harvest(long epfd, char *events, long max)
{
	long got = take_resets(epfd, events, max), r, want, part;
	unsigned first = EPOLLS[epfd].next, k;
	int src;

	for (k = 0; k <= VIRTUOS_NR_DOMAINS && got < max; k++) {
		src = (first + k) % (VIRTUOS_NR_DOMAINS + 1);
		want = max - got;
		if (src == 0) {
			r = __virtuos_trap(SYS_epoll_pwait, epfd,
			                   (long)(events + got * EVENT_SIZE),
			                   want, 0, 0, 8);
		} else {
			part = __virtuos_epoll_part(epfd, src);
			if (part == -1)
				continue;
			if (part < 0)
				part = rebuild_part(epfd, src);
			if (part < 0)
				return got ? got : part;
			if (want > EVENTS_PER_CALL)
				want = EVENTS_PER_CALL;
			r = __virtuos_call(src, SYS_epoll_wait, part,
			                   (long)(events + got * EVENT_SIZE),
			                   want, 0, 0, 0);
			if (r > 0 && __virtuos_epoll_keys_take(epfd,
			        events + got * EVENT_SIZE, r))
				r = -EIO;	/* a key of no member: forged */
		}
		if (r < 0)
			return got ? got : r;
		if (r)
			EPOLLS[epfd].next = src + 1;
		got += r;
	}
	return got;
}

static long route_wait(long epfd, char *events, long max,
                       const struct timespec *ts, const void *mask,
                       long masksz)
{
	struct pollfd self;
	struct timespec left;
	long r, deadline = 0, ns;
	volatile int *cancel = __virtuos_cp_take();

	if (max <= 0 || max > EVENTS_MAX)
		return -EINVAL;
	if (__virtuos_bad_out((long)events, max * EVENT_SIZE))
		return -EFAULT;
	if (ts && (ts->tv_sec < 0 || (unsigned long)ts->tv_nsec >= 1000000000UL))
		return -EINVAL;
	if (ts && (ts->tv_sec || ts->tv_nsec) && ts->tv_sec < 1000000000L)
		deadline = __virtuos_now_ns() +
		           ts->tv_sec * 1000000000L + ts->tv_nsec;
	for (;;) {
		r = harvest(epfd, events, max);
		if (r || (ts && !ts->tv_sec && !ts->tv_nsec))
			return r;
		self.fd = epfd;
		self.events = POLLIN;
		__virtuos_cp_put(cancel);
		r = __virtuos_poll(&self, 1, ts, mask, masksz);
		if (r < 0)
			return r;
		if (r == 0)
			return 0;	/* timed out */
		r = harvest(epfd, events, max);
		if (r)
			return r;
		/* Another thread took the events: wait again, for the time
		 * that is left. */
		if (deadline) {
			ns = deadline - __virtuos_now_ns();
			if (ns <= 0)
				return 0;
			left.tv_sec = ns / 1000000000L;
			left.tv_nsec = ns % 1000000000L;
			ts = &left;
		}
	}
}

int __virtuos_route_epoll(long n, long *a, long *ret)
{
	struct timespec ts, *tsp = 0;

	switch (n) {
	case SYS_epoll_ctl:
		if (!__virtuos_is_remote_fd(a[2]) && !__virtuos_is_remote_fd(a[0]))
			return 0;
		*ret = route_ctl(a[0], a[1], a[2], a[3]);
		return 1;
	case SYS_epoll_wait:
	case SYS_epoll_pwait:
		if (__virtuos_is_remote_fd(a[0])) {
			*ret = -EINVAL;
			return 1;
		}
		if (!__virtuos_epoll_remote(a[0]))
			return 0;
		if ((int)a[3] >= 0) {
			ts.tv_sec = (int)a[3] / 1000;
			ts.tv_nsec = (int)a[3] % 1000 * 1000000L;
			tsp = &ts;
		}
		*ret = route_wait(a[0], (char *)a[1], (int)a[2], tsp,
		                  n == SYS_epoll_pwait ? (void *)a[4] : 0,
		                  n == SYS_epoll_pwait ? a[5] : 0);
		return 1;
	case SYS_epoll_pwait2:
		if (__virtuos_is_remote_fd(a[0])) {
			*ret = -EINVAL;
			return 1;
		}
		if (!__virtuos_epoll_remote(a[0]))
			return 0;
		if (a[3] && __virtuos_bad_range(a[3], sizeof ts)) {
			*ret = -EFAULT;
			return 1;
		}
		*ret = route_wait(a[0], (char *)a[1], (int)a[2],
		                  (struct timespec *)a[3], (void *)a[4], a[5]);
		return 1;
	}
	return 0;
}
