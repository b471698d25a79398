#include <poll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <time.h>
#include "syscall.h"
#include "virtuos_impl.h"

/*
 * poll over descriptors of several kernels. Each service domain gets its
 * entries (its descriptors, and the epoll instances there of local epoll
 * sets) as one poll of its own, run by the shadow; the local entries are
 * polled here. With a timeout the local poll also waits on an eventfd that
 * the primary module signals when a remote poll completes; whichever side
 * returns first, the others are cancelled and waited for, so no request
 * and no wake-up outlives the call.
 */

#define FDS __virtuos_fds
#define LOCAL_ON_STACK 64
#define POLLFD_MAX (VIRTUOS_SLOT_DATA / sizeof(struct pollfd))

struct remote_poll {
	struct virtuos_domain *d;
	int slot;		/* -1: none in flight */
	unsigned long count;	/* entries sent */
	long ret;
};

/* How entry fd takes part: -EIO if it is remote on a dead domain, else the
 * number of its domain (0: local). */
static int domain_of(int fd)
{
	if (fd < 0 || !__virtuos_is_remote_fd(fd))
		return 0;
	return __virtuos_rfd(fd) < 0 ? -EIO : FDS[fd].domain;
}

/* Walks the entries of fds in domain dom, in one fixed order, calling
 * f(ctx, index, remote descriptor, events) for each. */
static void each_remote(struct pollfd *fds, unsigned long n, int dom,
                        void (*f)(void *, unsigned long, long, short),
                        void *ctx)
{
	unsigned long i;
	long rfd;

	for (i = 0; i < n; i++) {
		if (domain_of(fds[i].fd) == dom)
			f(ctx, i, FDS[fds[i].fd].rfd, fds[i].events);
		else if (fds[i].fd >= 0 && !__virtuos_is_remote_fd(fds[i].fd) &&
		         __virtuos_epoll_remote(fds[i].fd) &&
		         (rfd = __virtuos_epoll_part(fds[i].fd, dom)) >= 0)
			f(ctx, i, rfd, POLLIN);
	}
}

struct fill { struct pollfd *out; unsigned long count; };

static void count_one(void *ctx, unsigned long i, long rfd, short ev)
{
	((struct fill *)ctx)->count++;
}

static void fill_one(void *ctx, unsigned long i, long rfd, short ev)
{
	struct fill *f = ctx;

	f->out[f->count].fd = rfd;
	f->out[f->count].events = ev;
	f->out[f->count].revents = 0;
	f->count++;
}

struct merge { struct pollfd *fds; const struct pollfd *in; unsigned long k; };

static void merge_one(void *ctx, unsigned long i, long rfd, short ev)
{
	struct merge *m = ctx;
	short got = m->in[m->k++].revents;

	if (__virtuos_is_remote_fd(m->fds[i].fd))
		m->fds[i].revents |= got & (ev | POLLERR | POLLHUP | POLLNVAL);
	else if (got)	/* an epoll set's part: it has events */
		m->fds[i].revents |= POLLIN;
}

/* Sends domain r->d its entries; r->slot stays -1 if it has none. */
static long start_remote(struct remote_poll *r, int dom, struct pollfd *fds,
                         unsigned long n, int timeout_ms, int efd)
{
	struct fill f = { 0, 0 };
	long a[6] = { 0 };

	r->slot = -1;
	r->ret = 0;
	each_remote(fds, n, dom, count_one, &f);
	r->count = f.count;
	if (!f.count)
		return 0;
	if (f.count > POLLFD_MAX)
		return -EINVAL;
	r->slot = __virtuos_slot_claim(r->d);
	if (r->slot < 0) {
		r->slot = -1;
		return -EIO;
	}
	f.out = (struct pollfd *)__virtuos_slot_window(r->d, r->slot);
	f.count = 0;
	each_remote(fds, n, dom, fill_one, &f);
	a[0] = VIRTUOS_SLOT_DATA_OFFSET(r->slot);
	a[1] = f.count;
	a[2] = timeout_ms;
	__virtuos_slot_submit(r->d, r->slot, SYS_poll, a, efd >= 0);
	if (efd >= 0)
		__virtuos_slot_notify(r->d, r->slot, efd);
	return 0;
}

/* Cancels (if cancel) and waits for domain r's poll, then merges what it
 * found into fds. */
static void finish_remote(struct remote_poll *r, int dom, struct pollfd *fds,
                          unsigned long n, int cancel, int efd)
{
	struct merge m;

	if (r->slot < 0)
		return;
	if (cancel && !__virtuos_slot_done(r->d, r->slot))
		__virtuos_slot_cancel(r->d, r->slot);
	if (__virtuos_slot_wait(r->d, r->slot)) {
		r->ret = -EIO;	/* the area died: the slot stays taken */
		r->slot = -1;
		return;
	}
	if (efd >= 0)
		__virtuos_slot_notify(r->d, r->slot, -1);
	r->ret = __virtuos_slot_result(r->d, r->slot);
	if (r->ret > (long)r->count)
		r->ret = -EIO;	/* more than it was given */
	if (r->ret > 0) {
		m.fds = fds;
		m.in = (struct pollfd *)__virtuos_slot_window(r->d, r->slot);
		m.k = 0;
		each_remote(fds, n, dom, merge_one, &m);
	}
	__virtuos_slot_free(r->d, r->slot);
	r->slot = -1;
}

/* What a thread cancelled in the local poll lets go of. */
struct poll_call {
	struct remote_poll *rp;
	struct pollfd *fds;
	unsigned long n;
	int efd;
	void *map;
	size_t maplen;
};

static void abandon_poll(void *arg)
{
	struct poll_call *c = arg;
	int dom;

	for (dom = 1; dom <= VIRTUOS_NR_DOMAINS; dom++)
		finish_remote(&c->rp[dom - 1], dom, c->fds, c->n, 1, c->efd);
	if (c->efd >= 0)
		__virtuos_trap(SYS_close, c->efd, 0, 0, 0, 0, 0);
	if (c->maplen)
		__virtuos_trap(SYS_munmap, (long)c->map, c->maplen, 0, 0, 0, 0);
}

static int ts_is_zero(const struct timespec *ts)
{
	return ts && !ts->tv_sec && !ts->tv_nsec;
}

long __virtuos_poll(struct pollfd *fds, unsigned long n,
                    const struct timespec *ts, const void *mask, long masksz)
{
	struct pollfd stack[LOCAL_ON_STACK], *local = stack;
	int idx_stack[LOCAL_ON_STACK], *idx = idx_stack;
	struct remote_poll rp[VIRTUOS_NR_DOMAINS];
	struct poll_call pc;
	volatile int *cancel = __virtuos_cp_take();
	struct timespec left, *tsp = 0, zero = { 0, 0 };
	unsigned long i, nlocal = 0, ndead = 0, ready = 0;
	size_t maplen = 0;
	long r, err = 0;
	int dom, efd = -1, blocking = !ts_is_zero(ts);

	for (i = 0; i < n; i++)
		if (domain_of(fds[i].fd) == 0)
			nlocal++;
	if (nlocal + 1 > LOCAL_ON_STACK) {
		maplen = (nlocal + 1) * (sizeof *local + sizeof *idx);
		local = (struct pollfd *)__virtuos_trap(SYS_mmap, 0, maplen,
		        PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		        -1, 0);
		if ((unsigned long)local > -4096UL)
			return (long)local;
		idx = (int *)(local + nlocal + 1);
	}
	/* Made first: if it takes the number of a descriptor of the set,
	 * that one was closed, and is reported so. */
	if (blocking) {
		efd = __virtuos_trap(SYS_eventfd2, 0, EFD_CLOEXEC | EFD_NONBLOCK,
		                     0, 0, 0, 0);
		if (efd < 0) {
			err = efd;
			goto out;
		}
	}
	for (i = 0, nlocal = 0; i < n; i++) {
		fds[i].revents = 0;
		dom = domain_of(fds[i].fd);
		if (dom < 0)
			fds[i].revents = POLLERR, ndead++;
		if (dom)
			continue;
		if (efd >= 0 && fds[i].fd == efd) {
			fds[i].revents = POLLNVAL, ndead++;
			continue;
		}
		local[nlocal] = fds[i];
		idx[nlocal++] = i;
	}
	if (ts) {
		left = *ts;
		tsp = &left;
	}
	/* Something is ready already: look, do not wait. */
	if (ndead)
		blocking = 0;
	if (!blocking)
		tsp = &zero;
	if (blocking) {
		local[nlocal].fd = efd;
		local[nlocal].events = POLLIN;
		local[nlocal].revents = 0;
	}

	for (;;) {
		for (dom = 1; dom <= VIRTUOS_NR_DOMAINS; dom++) {
			rp[dom - 1].d = __virtuos_domain(dom);
			r = start_remote(&rp[dom - 1], dom, fds, n,
			                 blocking ? -1 : 0, blocking ? efd : -1);
			if (r && !err)
				err = r;
		}
		r = 0;
		pc = (struct poll_call){ rp, fds, n, efd, local, maplen };
		if (!err && (blocking || nlocal))
			r = __virtuos_cp_trap(cancel, abandon_poll, &pc,
			                      SYS_ppoll, (long)local,
			                      nlocal + blocking, (long)tsp,
			                      (long)mask, masksz, 0);
		for (dom = 1; dom <= VIRTUOS_NR_DOMAINS; dom++) {
			finish_remote(&rp[dom - 1], dom, fds, n, blocking,
			              blocking ? efd : -1);
			if (rp[dom - 1].ret < 0 && rp[dom - 1].ret != -EINTR &&
			    !err)
				err = rp[dom - 1].ret;
		}
		if (r < 0 && !err)
			err = r;
		if (err)
			break;
		for (i = 0; i < nlocal; i++)
			fds[idx[i]].revents |= local[i].revents;
		for (i = 0, ready = 0; i < n; i++)
			ready += fds[i].revents != 0;
		/* Nothing after all (an epoll set's events were taken by
		 * another thread): wait again for what time is left. */
		if (ready || !blocking || r == 0 || (tsp && !tsp->tv_sec &&
		                                     !tsp->tv_nsec))
			break;
		{
			unsigned long long v;
			__virtuos_trap(SYS_read, efd, (long)&v, 8, 0, 0, 0);
		}
	}
out:
	if (efd >= 0)
		__virtuos_trap(SYS_close, efd, 0, 0, 0, 0, 0);
	if (maplen)
		__virtuos_trap(SYS_munmap, (long)local, maplen, 0, 0, 0, 0);
	return err ? err : (long)ready;
}
