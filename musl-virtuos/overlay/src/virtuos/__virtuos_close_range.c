#include "syscall.h"
#include "virtuos_impl.h"

#define CLOSE_RANGE_UNSHARE (1U << 1)
#define CLOSE_RANGE_CLOEXEC (1U << 2)

/*
 * close_range(first, last, flags): remote descriptors in the range are
 * closed in their domain first (with CLOSE_RANGE_CLOEXEC only their
 * placeholders are marked, and exec closes them). The local kernel then
 * closes the range around the library's own descriptors, which are closed
 * to the process already and stay open for the library.
 */
long __virtuos_close_range(long *a)
{
	unsigned long first = (unsigned)a[0], last = (unsigned)a[1], fd, from;
	unsigned flags = a[2];
	long r = 0;

	if (first > last || (flags & ~(CLOSE_RANGE_UNSHARE |
	                               CLOSE_RANGE_CLOEXEC)))
		return -EINVAL;
	if (flags & CLOSE_RANGE_CLOEXEC)
		return __virtuos_trap(SYS_close_range, first, last, flags,
		                      0, 0, 0);
	from = first;
	for (fd = first; fd <= last && fd < VIRTUOS_MAX_FDS; fd++) {
		if (__virtuos_is_remote_fd(fd)) {
			__virtuos_drop_fd(fd);
			continue;
		}
		if (!__virtuos_own_fd(fd)) {
			__virtuos_epoll_forget(fd);
			continue;
		}
		if (fd > from)
			r = __virtuos_trap(SYS_close_range, from, fd - 1, flags,
			                   0, 0, 0);
		if (r < 0)
			return r;
		from = fd + 1;
	}
	if (from > last)
		return 0;
	return __virtuos_trap(SYS_close_range, from, last, flags, 0, 0, 0);
}
