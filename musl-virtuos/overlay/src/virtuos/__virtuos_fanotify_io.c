#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include "syscall.h"
#include "virtuos_impl.h"

/*
 * read and write of a fanotify instance moved to the storage domain. An
 * event's descriptor was opened in the shadow: it gets a placeholder here,
 * as any remote descriptor, and the event its number (FAN_NOFD when none
 * is free); the event's pid, a process of the storage domain, reads as 0.
 * A permission response names the event's descriptor by that number; the
 * shadow gets its own.
 */

#define FAN_NOFD (-1)

struct event_head {
	unsigned event_len;
	unsigned char vers, reserved;
	unsigned short metadata_len;
	unsigned long long mask;
	int fd, pid;
};

struct response {
	int fd;
	unsigned response;
};

long __virtuos_fanotify_read(long fd, long rfd, char *buf, long count)
{
	long r = __virtuos_chunked(VIRTUOS_STORAGE, SYS_read, rfd, buf, count,
	                           0, 1);
	long off, lfd, flags = 0;
	struct event_head e;

	if (r <= 0)
		return r;
	if (!__virtuos_fanotify_events_ok(buf, r))
		return -EIO;
	if (__virtuos_fds[fd].notify == VIRTUOS_NOTIFY_FANOTIFY_CLOEXEC)
		flags = O_CLOEXEC;
	for (off = 0; off < r; off += e.event_len) {
		memcpy(&e, buf + off, sizeof e);
		if (e.fd >= 0) {
			lfd = __virtuos_new_fd(VIRTUOS_STORAGE, e.fd, flags);
			e.fd = lfd < 0 ? FAN_NOFD : lfd;
		}
		e.pid = 0;
		memcpy(buf + off, &e, sizeof e);
	}
	return r;
}

long __virtuos_fanotify_write(long rfd, const char *buf, long count)
{
	struct response resp;

	if (count < (long)sizeof resp)
		return -EINVAL;
	if (__virtuos_bad_range((long)buf, sizeof resp))
		return -EFAULT;
	memcpy(&resp, buf, sizeof resp);
	if (resp.fd < 0)
		return -EINVAL;
	if (!__virtuos_is_remote_fd(resp.fd) ||
	    __virtuos_fds[resp.fd].domain != VIRTUOS_STORAGE)
		return -ENOENT;	/* no event of this instance has it */
	resp.fd = __virtuos_rfd(resp.fd);
	if (resp.fd < 0)
		return resp.fd;
	return __virtuos_call(VIRTUOS_STORAGE, SYS_write, rfd, (long)&resp,
	                      sizeof resp, 0, 0, 0);
}
