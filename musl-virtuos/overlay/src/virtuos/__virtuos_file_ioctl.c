#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include "syscall.h"
#include "virtuos_impl.h"

#define FIGETBSZ	2		/* _IO(0x00, 2) */
#define FS_IOC_GETFLAGS	0x80086601	/* _IOR('f', 1, long) */
#define FS_IOC_SETFLAGS	0x40086602	/* _IOW('f', 2, long) */
#define FS_IOC_FIEMAP	0xc020660b	/* _IOWR('f', 11, struct fiemap) */

#define FIEMAP_HEAD	32		/* struct fiemap */
#define FIEMAP_EXTENT	56		/* struct fiemap_extent */

/*
 * FS_IOC_FIEMAP: the caller's header (and its room for fm_extent_count
 * extents) through a copy of at most VIRTUOS_FIEMAP_EXTENTS extents; a
 * caller asking for more gets that many, as from a file system that maps
 * fewer at a time (callers go on from the last extent). The domain's
 * answer may fill no more than was asked.
 */
static long extent_map(long fd, long rfd, char *user)
{
	char buf[VIRTUOS_FIEMAP_SIZE];
	unsigned asked, count, mapped;
	long r, len;

	if (__virtuos_bad_out((long)user, FIEMAP_HEAD))
		return -EFAULT;
	memcpy(&asked, user + 24, 4);		/* fm_extent_count */
	count = asked < VIRTUOS_FIEMAP_EXTENTS ? asked : VIRTUOS_FIEMAP_EXTENTS;
	memset(buf, 0, sizeof buf);
	memcpy(buf, user, FIEMAP_HEAD);
	memcpy(buf + 24, &count, 4);
	r = __virtuos_call(__virtuos_fds[fd].domain, VIRTUOS_CALL_FIEMAP, rfd,
	                   (long)buf, 0, 0, 0, 0);
	memcpy(buf + 24, &asked, 4);
	if (r)
		return r < 0 ? r : -EIO;
	memcpy(&mapped, buf + 20, 4);		/* fm_mapped_extents */
	if (count && mapped > count)
		return -EIO;
	len = FIEMAP_HEAD + (count ? mapped : 0) * FIEMAP_EXTENT;
	if (__virtuos_bad_out((long)user, len))
		return -EFAULT;
	memcpy(user, buf, len);
	return 0;
}

/*
 * ioctl on a remote file: FIOCLEX and FIONCLEX set the placeholder's
 * close-on-exec flag; the requests whose argument is one int (FIONREAD,
 * FIONBIO, FIGETBSZ, FS_IOC_GETFLAGS, FS_IOC_SETFLAGS) run in the storage
 * domain with a copy of it, and so does FS_IOC_FIEMAP with its extents;
 * anything else is ENOTTY, as for a file without it.
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
	case FS_IOC_GETFLAGS: case FS_IOC_SETFLAGS: case FS_IOC_FIEMAP:
		break;
	default:
		return -ENOTTY;
	}
	rfd = __virtuos_rfd(fd);
	if (rfd < 0)
		return rfd;
	if (request == FS_IOC_FIEMAP)
		return extent_map(fd, rfd, (char *)a[2]);
	if (__virtuos_bad_out(a[2], sizeof v))
		return -EFAULT;
	v = *(int *)a[2];
	r = __virtuos_call(__virtuos_fds[fd].domain, SYS_ioctl, rfd, request,
	                   (long)&v, 0, 0, 0);
	if (!r)
		*(int *)a[2] = v;
	return r;
}
