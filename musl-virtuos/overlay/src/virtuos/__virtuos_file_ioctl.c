#include <fcntl.h>
#include <sys/ioctl.h>
#include "syscall.h"
#include "virtuos_impl.h"

#define FIGETBSZ	2		/* _IO(0x00, 2) */
#define FS_IOC_GETFLAGS	0x80086601	/* _IOR('f', 1, long) */
#define FS_IOC_SETFLAGS	0x40086602	/* _IOW('f', 2, long) */

/*
 * ioctl on a remote file: FIOCLEX and FIONCLEX set the placeholder's
 * close-on-exec flag; the requests whose argument is one int (FIONREAD,
 * FIONBIO, FIGETBSZ, FS_IOC_GETFLAGS, FS_IOC_SETFLAGS) run in the storage
 * domain with a copy of it; anything else is ENOTTY, as for a file
 * without it.
 */
long __virtuos_file_ioctl(long fd, long *a)
{
	unsigned request = a[1];	/* ioctl takes an int: no sign */
	long rfd, r;
	int v;

	switch (request) {
	case FIOCLEX: case FIONCLEX:
		return __virtuos_trap(SYS_fcntl, fd, F_SETFD,
		                      request == FIOCLEX ? FD_CLOEXEC : 0,
		                      0, 0, 0);
	case FIONREAD: case FIONBIO: case FIGETBSZ:
	case FS_IOC_GETFLAGS: case FS_IOC_SETFLAGS:
		break;
	default:
		return -ENOTTY;
	}
	rfd = __virtuos_rfd(fd);
	if (rfd < 0)
		return rfd;
	if (__virtuos_bad_out(a[2], sizeof v))
		return -EFAULT;
	v = *(int *)a[2];
	r = __virtuos_call(__virtuos_fds[fd].domain, SYS_ioctl, rfd, request,
	                   (long)&v, 0, 0, 0);
	if (!r)
		*(int *)a[2] = v;
	return r;
}
