#include <poll.h>
#include <sys/select.h>
#include <time.h>
#include "syscall.h"
#include "virtuos_impl.h"

/*
 * poll, ppoll, select and pselect6: when a descriptor of the set is remote
 * (or is a local epoll set with remote members) the call goes to
 * __virtuos_poll; otherwise it traps as it is, at native cost.
 */

#define FDS __virtuos_fds
#define SELECT_MAX FD_SETSIZE

static int takes_part(int fd)
{
	return fd >= 0 && fd < VIRTUOS_MAX_FDS &&
	       (FDS[fd].domain || __virtuos_epoll_remote(fd));
}

static int any_remote(const struct pollfd *fds, unsigned long n)
{
	unsigned long i;

	if (n > VIRTUOS_MAX_FDS * 16UL ||
	    (n && __virtuos_bad_out((long)fds, n * sizeof *fds)))
		return 0;	/* the kernel gives the errors */
	for (i = 0; i < n; i++)
		if (takes_part(fds[i].fd))
			return 1;
	return 0;
}

/* The kernel reads and writes whole longs of each set. */
static int set_bits(int nfds)
{
	return (nfds + 63) & ~63;
}

static int bad_set(const fd_set *set, int nfds)
{
	return set && __virtuos_bad_out((long)set, set_bits(nfds) / 8);
}

static int is_set(const fd_set *set, int fd)
{
	return set && FD_ISSET(fd, set);
}

/* select as poll; 0 with nothing remote in the sets. */
static int route_select(long *a, const struct timespec *ts, int *handled,
                        const void *mask, long masksz)
{
	fd_set *sets[3] = { (fd_set *)a[1], (fd_set *)a[2], (fd_set *)a[3] };
	const short want[3] = { POLLIN, POLLOUT, POLLPRI };
	const short got[3] = { POLLIN | POLLHUP | POLLERR, POLLOUT | POLLERR,
	                       POLLPRI };
	struct pollfd pfd[SELECT_MAX];
	int nfds = a[0], fd, i, j, n = 0, remote = 0;
	long r, count = 0;

	*handled = 0;
	if (nfds < 0 || nfds > SELECT_MAX)
		return 0;
	for (i = 0; i < 3; i++)
		if (bad_set(sets[i], nfds))
			return 0;
	for (fd = 0; fd < nfds; fd++) {
		short ev = 0;
		for (i = 0; i < 3; i++)
			if (is_set(sets[i], fd))
				ev |= want[i];
		if (!ev)
			continue;
		remote |= takes_part(fd);
		pfd[n].fd = fd;
		pfd[n].events = ev;
		pfd[n++].revents = 0;
	}
	if (!remote)
		return 0;
	*handled = 1;
	r = __virtuos_poll(pfd, n, ts, mask, masksz);
	if (r < 0)
		return r;
	for (i = 0; i < n; i++)
		if (pfd[i].revents & POLLNVAL)
			return -EBADF;
	for (i = 0; i < 3; i++)
		if (sets[i])
			for (fd = 0; fd < set_bits(nfds); fd++)
				FD_CLR(fd, sets[i]);
	for (j = 0; j < n; j++)
		for (i = 0; i < 3; i++)
			if ((pfd[j].events & want[i]) &&
			    (pfd[j].revents & got[i])) {
				FD_SET(pfd[j].fd, sets[i]);
				count++;
			}
	return count;
}

int __virtuos_route_poll(long n, long *a, long *ret)
{
	struct timespec ts, *tsp = 0;
	const long *sig;
	int handled;

	switch (n) {
	case SYS_poll:
		if (!any_remote((struct pollfd *)a[0], a[1]))
			return 0;
		if (a[2] >= 0) {
			ts.tv_sec = (int)a[2] / 1000;
			ts.tv_nsec = (int)a[2] % 1000 * 1000000L;
			tsp = &ts;
		}
		*ret = __virtuos_poll((struct pollfd *)a[0], a[1], tsp, 0, 0);
		return 1;
	case SYS_ppoll:
		if (!any_remote((struct pollfd *)a[0], a[1]))
			return 0;
		if (a[2] && __virtuos_bad_range(a[2], sizeof ts)) {
			*ret = -EFAULT;
			return 1;
		}
		*ret = __virtuos_poll((struct pollfd *)a[0], a[1],
		                      (struct timespec *)a[2],
		                      (void *)a[3], a[4]);
		return 1;
	case SYS_select:
		if (a[4]) {
			const struct timeval *tv = (void *)a[4];
			if (__virtuos_bad_range(a[4], sizeof *tv))
				return 0;
			if (tv->tv_sec < 0 || tv->tv_usec < 0 ||
			    tv->tv_usec >= 1000000)
				return 0;	/* EINVAL from the kernel */
			ts.tv_sec = tv->tv_sec;
			ts.tv_nsec = tv->tv_usec * 1000;
			tsp = &ts;
		}
		*ret = route_select(a, tsp, &handled, 0, 0);
		return handled;
	case SYS_pselect6:
		if (a[4] && __virtuos_bad_range(a[4], sizeof ts))
			return 0;
		sig = (const long *)a[5];
		if (sig && __virtuos_bad_range(a[5], 2 * sizeof(long)))
			return 0;
		*ret = route_select(a, (struct timespec *)a[4], &handled,
		                    sig ? (void *)sig[0] : 0, sig ? sig[1] : 0);
		return handled;
	}
	return 0;
}
