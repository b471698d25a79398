#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/epoll.h>
#include "syscall.h"
#include "virtuos_impl.h"

/*
 * inotify and fanotify on /storage. A notification instance watches the
 * files of one kernel. inotify_init and fanotify_init make it here; its
 * first watch or mark of a path under /storage moves it to the storage
 * domain: an instance is made there with the same flags (as
 * /proc/self/fdinfo shows them), and the local number becomes its
 * placeholder, like any remote descriptor's. read, write, poll, epoll,
 * inotify_rm_watch and close then go there. The epoll sets that held the
 * local instance get the remote one instead, with the same events and
 * data. An instance that watches local files takes no /storage watch, nor
 * the other way round: EXDEV.
 */

#define FAN_CLOEXEC 0x1
#define FAN_REPORT_PIDFD 0x80

#define MAX_SETS 64

struct epoll_entry {
	long epfd;
	unsigned events;
	unsigned long long data;
};

static char *put_num(char *p, long n)
{
	char digits[24];
	int k = 0;

	do
		digits[k++] = '0' + n % 10;
	while (n /= 10);
	while (k)
		*p++ = digits[--k];
	*p = 0;
	return p;
}

static void proc_path(char *buf, const char *dir, long fd)
{
	size_t n = strlen(dir);

	memcpy(buf, dir, n);
	put_num(buf + n, fd);
}

/* Whether local descriptor fd's file is the anonymous inode named kind. */
static int is_anon(long fd, const char *kind)
{
	char path[40], link[40];
	long n;

	proc_path(path, "/proc/self/fd/", fd);
	n = __virtuos_trap(SYS_readlinkat, AT_FDCWD, (long)path, (long)link,
	                   sizeof link - 1, 0, 0);
	if (n < 0)
		return 0;
	link[n] = 0;
	return !strcmp(link, kind);
}

static long parse_num(const char *s, int base, unsigned long long *v)
{
	const char *p = s;
	int d;

	while (*p == ' ' || *p == '\t')
		p++;
	for (*v = 0;; p++) {
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else
			break;
		*v = *v * base + d;
	}
	return p - s;
}

/*
 * Calls line(arg, text) for each line of /proc/self/fdinfo/fd (lines over
 * 255 bytes are cut). Returns 0, or a negative errno.
 */
static long each_fdinfo_line(long fd, void (*line)(void *, const char *),
                             void *arg)
{
	char path[40], buf[512], text[256];
	long pfd, n, i, len = 0;

	proc_path(path, "/proc/self/fdinfo/", fd);
	pfd = __virtuos_trap(SYS_openat, AT_FDCWD, (long)path,
	                     O_RDONLY | O_CLOEXEC, 0, 0, 0);
	if (pfd < 0)
		return pfd;
	while ((n = __virtuos_trap(SYS_read, pfd, (long)buf, sizeof buf,
	                           0, 0, 0)) > 0) {
		for (i = 0; i < n; i++) {
			if (buf[i] != '\n') {
				if (len < (long)sizeof text - 1)
					text[len++] = buf[i];
				continue;
			}
			text[len] = 0;
			line(arg, text);
			len = 0;
		}
	}
	__virtuos_trap(SYS_close, pfd, 0, 0, 0, 0, 0);
	return n < 0 ? n : 0;
}

struct instance_info {
	int kind;	/* VIRTUOS_NOTIFY_INOTIFY or _FANOTIFY */
	int marks;	/* it watches files of the primary */
	unsigned long long flags, event_flags;	/* of fanotify_init */
};

/* A line of an inotify or fanotify instance's fdinfo: a watch, or the
 * flags fanotify_init was given ("fanotify flags:%x event-flags:%x"). */
static void instance_line(void *arg, const char *text)
{
	struct instance_info *in = arg;
	const char *p;

	if (in->kind == VIRTUOS_NOTIFY_INOTIFY) {
		if (!strncmp(text, "inotify wd:", 11))
			in->marks = 1;
		return;
	}
	if (strncmp(text, "fanotify ", 9))
		return;
	if (strncmp(text + 9, "flags:", 6)) {
		in->marks = 1;
		return;
	}
	p = text + 15;
	p += parse_num(p, 16, &in->flags);
	while (*p == ' ')
		p++;
	if (!strncmp(p, "event-flags:", 12))
		parse_num(p + 12, 16, &in->event_flags);
}

struct entry_search {
	long fd, epfd;
	struct epoll_entry *found;
	int n;
};

/* "tfd: %d events: %x data: %llx ..." of an epoll set's fdinfo. */
static void epoll_line(void *arg, const char *text)
{
	struct entry_search *s = arg;
	unsigned long long tfd, events, data;
	const char *p = text;

	if (strncmp(p, "tfd:", 4))
		return;
	p += 4;
	p += parse_num(p, 10, &tfd);
	while (*p == ' ')
		p++;
	if (tfd != (unsigned long long)s->fd || strncmp(p, "events:", 7))
		return;
	p += 7;
	p += parse_num(p, 16, &events);
	while (*p == ' ')
		p++;
	if (strncmp(p, "data:", 5))
		return;
	parse_num(p + 5, 16, &data);
	if (s->n < MAX_SETS) {
		s->found[s->n].epfd = s->epfd;
		s->found[s->n].events = events;
		s->found[s->n].data = data;
	}
	s->n++;
}

/* The epoll sets of this process that hold local descriptor fd; their
 * number (which may exceed MAX_SETS), or a negative errno. */
static long epoll_entries(long fd, struct epoll_entry *found)
{
	struct entry_search s = { fd, 0, found, 0 };
	char buf[2048];
	long dir, n, off;

	dir = __virtuos_trap(SYS_openat, AT_FDCWD, (long)"/proc/self/fd",
	                     O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0, 0, 0);
	if (dir < 0)
		return dir;
	while ((n = __virtuos_trap(SYS_getdents64, dir, (long)buf, sizeof buf,
	                           0, 0, 0)) > 0) {
		for (off = 0; off + 19 < n; ) {
			unsigned short reclen;
			unsigned long long e;
			const char *name = buf + off + 19;

			memcpy(&reclen, buf + off + 16, sizeof reclen);
			if (!reclen)
				break;
			off += reclen;
			if (name[0] < '0' || name[0] > '9')
				continue;
			parse_num(name, 10, &e);
			if ((long)e == fd || (long)e == dir ||
			    !is_anon(e, "anon_inode:[eventpoll]"))
				continue;
			s.epfd = e;
			each_fdinfo_line(e, epoll_line, &s);
		}
	}
	__virtuos_trap(SYS_close, dir, 0, 0, 0, 0, 0);
	return n < 0 ? n : s.n;
}

/* Makes the instance in the storage domain; its descriptor there. */
static long remote_instance(long fd, struct instance_info *in)
{
	long flflags = __virtuos_trap(SYS_fcntl, fd, F_GETFL, 0, 0, 0, 0);

	if (flflags < 0)
		return flflags;
	if (in->kind == VIRTUOS_NOTIFY_INOTIFY)
		return __virtuos_call(VIRTUOS_STORAGE, SYS_inotify_init1,
		                      flflags & O_NONBLOCK, 0, 0, 0, 0, 0);
	/* A pidfd would name a process of the storage domain. */
	if (in->flags & FAN_REPORT_PIDFD)
		return -EOPNOTSUPP;
	return __virtuos_call(VIRTUOS_STORAGE, SYS_fanotify_init,
	                      in->flags & ~FAN_CLOEXEC, in->event_flags,
	                      0, 0, 0, 0);
}

/*
 * Moves local instance fd of kind (VIRTUOS_NOTIFY_*), which must watch
 * nothing yet, to the storage domain. Returns 0 or a negative errno.
 */
long __virtuos_notify_move(long fd, int kind)
{
	struct epoll_entry sets[MAX_SETS];
	struct instance_info in = { kind };
	long fdflags, nsets, rfd, null, r, i;

	fdflags = __virtuos_trap(SYS_fcntl, fd, F_GETFD, 0, 0, 0, 0);
	if (fdflags < 0)
		return fdflags;
	if (fd >= VIRTUOS_MAX_FDS ||
	    !is_anon(fd, kind == VIRTUOS_NOTIFY_INOTIFY ? "anon_inode:inotify"
	                                                : "anon_inode:[fanotify]"))
		return -EINVAL;
	r = each_fdinfo_line(fd, instance_line, &in);
	if (r < 0)
		return r;
	if (in.marks)
		return -EXDEV;
	nsets = epoll_entries(fd, sets);
	if (nsets < 0)
		return nsets;
	if (nsets > MAX_SETS)
		return -ENOSPC;
	rfd = remote_instance(fd, &in);
	if (rfd < 0)
		return rfd;
	null = __virtuos_trap(SYS_openat, AT_FDCWD, (long)"/dev/null",
	                      O_PATH | O_CLOEXEC, 0, 0, 0);
	r = null < 0 ? null : __virtuos_trap(SYS_dup3, null, fd,
	                                     fdflags & FD_CLOEXEC ? O_CLOEXEC
	                                                          : 0, 0, 0, 0);
	if (null >= 0)
		__virtuos_trap(SYS_close, null, 0, 0, 0, 0, 0);
	r = __virtuos_adopt(VIRTUOS_STORAGE, r, rfd);
	if (r < 0)
		return r;
	__virtuos_fds[fd].notify = kind == VIRTUOS_NOTIFY_FANOTIFY &&
	                           (in.event_flags & O_CLOEXEC)
	                           ? VIRTUOS_NOTIFY_FANOTIFY_CLOEXEC : kind;
	for (i = 0; i < nsets; i++) {
		struct epoll_event ev = { sets[i].events, { .u64 = sets[i].data } };
		long a[6] = { sets[i].epfd, EPOLL_CTL_ADD, fd, (long)&ev, 0, 0 };

		if (__virtuos_route_epoll(SYS_epoll_ctl, a, &r) && r < 0)
			return r;
	}
	return 0;
}
