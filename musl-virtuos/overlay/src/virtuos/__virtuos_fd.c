#include <fcntl.h>
#include "syscall.h"
#include "virtuos_impl.h"

#define FDS __virtuos_fds

int __virtuos_is_remote_fd(long fd)
{
	return fd >= 0 && fd < VIRTUOS_MAX_FDS && FDS[fd].domain;
}

/* The remote descriptor of fd, or -EIO when its domain died since. */
long __virtuos_rfd_now(long fd)
{
	struct virtuos_domain *d = __virtuos_domain(FDS[fd].domain);

	if (FDS[fd].gen != d->gen || d->state != VIRTUOS_DOMAIN_ATTACHED ||
	    d->ctl->dead)
		return -EIO;
	return FDS[fd].rfd;
}

/* Like __virtuos_rfd_now, but a socket of a network domain that restarted
 * is made again there if it can be (__virtuos_revive.c). */
long __virtuos_rfd(long fd)
{
	long rfd = __virtuos_rfd_now(fd);

	if (rfd < 0 && FDS[fd].domain == VIRTUOS_NETWORK)
		return __virtuos_socket_revive(fd);
	return rfd;
}

/* Runs call nr in domain dom, attaching first if needed. */
long __virtuos_call(int dom, long nr, long a1, long a2, long a3, long a4,
                    long a5, long a6)
{
	struct virtuos_domain *d = __virtuos_domain(dom);
	long args[6] = { a1, a2, a3, a4, a5, a6 };
	long r = __virtuos_attach(d);

	return r ? r : __virtuos_remote(d, nr, args);
}

/*
 * Records that the local number fd (a placeholder just made) stands for the
 * remote descriptor rfd of domain dom. On failure closes both and returns
 * the error.
 */
long __virtuos_adopt(int dom, long fd, long rfd)
{
	if (fd >= VIRTUOS_MAX_FDS) {
		__virtuos_trap(SYS_close, fd, 0, 0, 0, 0, 0);
		fd = -EMFILE;
	}
	if (fd < 0) {
		__virtuos_call(dom, SYS_close, rfd, 0, 0, 0, 0, 0);
		return fd;
	}
	FDS[fd].rfd = rfd;
	FDS[fd].gen = __virtuos_domain(dom)->gen;
	FDS[fd].dgram = 0;
	FDS[fd].notify = 0;
	if (dom == VIRTUOS_NETWORK)
		__virtuos_recipe_forget(fd);
	FDS[fd].domain = dom;
	return fd;
}

/*
 * Gives a new remote descriptor a local number: an O_PATH descriptor of
 * /dev/null holds it. A call that reaches it instead of the service domain
 * (io_uring, AIO, a program not linked with musl-virtuos) fails with
 * EBADF, rather than reading an empty file or discarding what it writes.
 */
long __virtuos_new_fd(int dom, long rfd, long flags)
{
	if (rfd < 0)
		return rfd;
	return __virtuos_adopt(dom, __virtuos_trap(SYS_openat, AT_FDCWD,
	                       (long)"/dev/null", O_PATH | (flags & O_CLOEXEC),
	                       0, 0, 0), rfd);
}

/* Forgets fd's remote side (closing it there) before its number is reused. */
long __virtuos_drop_fd(long fd)
{
	long rfd = __virtuos_rfd_now(fd);
	int dom = FDS[fd].domain;

	if (dom == VIRTUOS_NETWORK)
		__virtuos_recipe_forget(fd);
	FDS[fd].domain = 0;
	return rfd < 0 ? 0 : __virtuos_call(dom, SYS_close, rfd, 0, 0, 0, 0, 0);
}

/*
 * read, write, pread64, pwrite64, getdents64, and sendto or recvfrom
 * without addresses, in pieces that fit a slot. a4 is the offset (moved
 * on by each piece) or the flags. once: stop after the first piece, as a
 * read on a socket returns what is there rather than waiting for more.
 */
long __virtuos_chunked(int dom, long nr, long rfd, char *buf, long count,
                       long a4, int once)
{
	int positioned = nr == SYS_pread64 || nr == SYS_pwrite64;
	long done = 0, n, r;

	do {
		n = count - done;
		if (n > VIRTUOS_SLOT_DATA)
			n = VIRTUOS_SLOT_DATA;
		r = __virtuos_call(dom, nr, rfd, (long)(buf + done), n,
		                   positioned ? a4 + done : a4, 0, 0);
		if (r < 0)
			return done ? done : r;
		done += r;
		if (once || nr == SYS_getdents64 || r < n)
			break;
	} while (done < count);
	return done;
}
