// SPDX-License-Identifier: GPL-2.0
/*
 * inotify watches of /storage directories: the instance moves to the
 * storage domain at its first watch there (its number then holds a /dev/null
 * placeholder in the primary), reads there give the events of files made
 * through the storage domain, poll and epoll see them, an epoll set that
 * held the instance before the watch still reports it with its data,
 * inotify_rm_watch ends a watch with IN_IGNORED, and one instance cannot
 * watch both kernels (EXDEV).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"

#define DIR "/storage/vt-inotify"
#define DATA 0xfeedbeef12345678ULL

static void touch(const char *name)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), DIR "/%s", name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		if (write(fd, "x", 1) != 1)
			perror(path);
		close(fd);
	}
}

/* Reads events from @fd (waiting up to @ms for the first); returns the
 * union of the masks of those about @name (NULL: those without a name). */
static unsigned int events_for(int fd, const char *name, int ms)
{
	char buf[4096] __attribute__((aligned(8)));
	struct pollfd p = { .fd = fd, .events = POLLIN };
	unsigned int mask = 0;
	ssize_t n, off;

	while (poll(&p, 1, ms) == 1) {
		n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			break;
		for (off = 0; off < n;) {
			struct inotify_event *e = (void *)(buf + off);

			if (name ? e->len && !strcmp(e->name, name) : !e->len)
				mask |= e->mask;
			off += sizeof(*e) + e->len;
		}
		ms = 100;	/* then only what follows at once */
	}
	return mask;
}

static int placeholder_is_dev_null(int fd)
{
	char path[64], link[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return 0;
	link[n] = 0;
	return !strcmp(link, "/dev/null");
}

int main(void)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = DATA }, got;
	struct pollfd p;
	unsigned int mask;
	int fd, fd2, fd3, ep, wd, r, file;
	char buf[256];

	tap_plan(12);
	mkdir(DIR, 0755);
	unlink(DIR "/f");
	unlink(DIR "/g");

	fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	wd = inotify_add_watch(fd, DIR, IN_CREATE | IN_CLOSE_WRITE | IN_DELETE);
	tap_ok(wd > 0, "a watch of a /storage directory (wd %d, %s)", wd,
	       wd > 0 ? "ok" : strerror(errno));
	tap_ok(placeholder_is_dev_null(fd),
	       "the instance moved to the storage domain: its number holds /dev/null here");
	r = read(fd, buf, sizeof(buf));
	tap_ok(r < 0 && errno == EAGAIN,
	       "nothing happened yet: EAGAIN, the instance kept IN_NONBLOCK (%d, %s)",
	       r, r < 0 ? strerror(errno) : "data");
	touch("f");
	mask = events_for(fd, "f", 2000);
	tap_ok((mask & (IN_CREATE | IN_CLOSE_WRITE)) == (IN_CREATE | IN_CLOSE_WRITE),
	       "a file made there: IN_CREATE and IN_CLOSE_WRITE with its name (mask %#x)",
	       mask);
	p.fd = fd;
	p.events = POLLIN;
	r = poll(&p, 1, 100);
	tap_ok(r == 0, "poll: nothing ready once read (%d)", r);
	unlink(DIR "/f");
	r = poll(&p, 1, 2000);
	tap_ok(r == 1 && (p.revents & POLLIN),
	       "poll: readable after an unlink there (%d, revents %#x)", r, p.revents);
	mask = events_for(fd, "f", 0);
	tap_ok(mask & IN_DELETE, "the unlink read as IN_DELETE (mask %#x)", mask);

	/* An epoll set that holds the instance before its first watch. */
	fd2 = inotify_init1(0);
	ep = epoll_create1(0);
	r = epoll_ctl(ep, EPOLL_CTL_ADD, fd2, &ev);
	wd = inotify_add_watch(fd2, DIR, IN_CREATE);
	touch("g");
	r = r ? r : epoll_wait(ep, &got, 1, 2000);
	tap_ok(r == 1 && got.data.u64 == DATA,
	       "epoll set made before the watch reports it, with its data (%d, %#llx)",
	       r, r == 1 ? (unsigned long long)got.data.u64 : 0ULL);
	mask = events_for(fd2, "g", 2000);
	tap_ok(mask & IN_CREATE, "a blocking instance reads IN_CREATE (mask %#x)", mask);

	r = inotify_rm_watch(fd2, wd);
	mask = events_for(fd2, NULL, 2000);
	tap_ok(!r && (mask & IN_IGNORED),
	       "inotify_rm_watch: 0, then IN_IGNORED (%d, mask %#x)", r, mask);

	fd3 = inotify_init1(0);
	r = inotify_add_watch(fd3, "/tmp", IN_CREATE) > 0 ? 0 : -1;
	r = r ? r : inotify_add_watch(fd3, DIR, IN_CREATE);
	tap_ok(r < 0 && errno == EXDEV,
	       "an instance watching a primary directory takes no /storage watch: EXDEV (%d, %s)",
	       r, r < 0 ? strerror(errno) : "ok");
	r = inotify_add_watch(fd, "/tmp", IN_CREATE);
	file = open(DIR "/g", O_RDONLY);
	tap_ok(r < 0 && errno == EXDEV &&
	       inotify_add_watch(file, DIR, IN_CREATE) < 0 && errno == EINVAL,
	       "nor a /storage instance a primary one (EXDEV); a /storage file is no instance (EINVAL)");
	close(file);
	close(fd);
	close(fd2);
	close(fd3);
	close(ep);
	unlink(DIR "/g");
	rmdir(DIR);
	return tap_finish();
}
