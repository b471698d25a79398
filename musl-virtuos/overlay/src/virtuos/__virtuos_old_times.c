#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/time.h>
#include <utime.h>
#include "syscall.h"
#include "virtuos_impl.h"

/*
 * utime(path, times), utimes(path, tv) and futimesat(dirfd, path, tv): as
 * utimensat, which the router sends wherever the path lives. A NULL path
 * of futimesat names dirfd itself, as for utimensat.
 */
long __virtuos_old_times(long n, long *a)
{
	long dirfd = n == SYS_futimesat ? a[0] : AT_FDCWD;
	long path = n == SYS_futimesat ? a[1] : a[0];
	long arg = n == SYS_futimesat ? a[2] : a[1];
	struct timespec ts[2], *tsp = 0;
	const struct utimbuf *ub;
	const struct timeval *tv;
	int i;

	if (arg && n == SYS_utime) {
		if (__virtuos_bad_range(arg, sizeof *ub))
			return -EFAULT;
		ub = (const struct utimbuf *)arg;
		ts[0].tv_sec = ub->actime;
		ts[1].tv_sec = ub->modtime;
		ts[0].tv_nsec = ts[1].tv_nsec = 0;
		tsp = ts;
	} else if (arg) {
		if (__virtuos_bad_range(arg, 2 * sizeof *tv))
			return -EFAULT;
		tv = (const struct timeval *)arg;
		for (i = 0; i < 2; i++) {
			if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
				return -EINVAL;
			ts[i].tv_sec = tv[i].tv_sec;
			ts[i].tv_nsec = tv[i].tv_usec * 1000;
		}
		tsp = ts;
	}
	if (!path && n != SYS_futimesat)
		return -EFAULT;
	return __virtuos_syscall(SYS_utimensat, dirfd, path, (long)tsp, 0,
	                         0, 0);
}
