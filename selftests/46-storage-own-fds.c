// SPDX-License-Identifier: GPL-2.0
/*
 * The library's own descriptors (/dev/virtuos, one per service domain in
 * use) are invisible to the process: fcntl, dup and close on their number
 * give EBADF, and a dup2 onto it (as shells do with "exec 4<file") or a
 * close-everything loop (as daemons do) leaves remote files working.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

#define PATH "/storage/vt-own-fds.txt"

/* The number of the library's /dev/virtuos descriptor, or -1. */
static int find_devfd(void)
{
	char link[64], target[64];
	int fd;
	ssize_t n;

	for (fd = 0; fd < 1024; fd++) {
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		n = readlink(link, target, sizeof(target) - 1);
		if (n < 0)
			continue;
		target[n] = '\0';
		if (!strcmp(target, "/dev/virtuos"))
			return fd;
	}
	return -1;
}

static int reads_back(int fd)
{
	char buf[16] = "";

	return pread(fd, buf, sizeof(buf), 0) == 6 && !memcmp(buf, "hello\n", 6);
}

int main(void)
{
	int fd, dev, moved, p[2], i, r, e;

	tap_plan(7);
	fd = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "hello\n", 6) != 6 || pipe(p)) {
		perror(PATH);
		return 1;
	}
	dev = find_devfd();
	tap_ok(dev >= 0, "the library's /dev/virtuos descriptor is %d", dev);
	r = fcntl(dev, F_GETFD);
	e = errno;
	tap_ok(r == -1 && e == EBADF && dup(dev) == -1 && errno == EBADF,
	       "fcntl and dup on it: EBADF, as for a closed descriptor");
	r = dup2(p[0], dev);
	moved = find_devfd();
	tap_ok(r == dev && moved >= 0 && moved != dev && reads_back(fd),
	       "dup2 onto its number works (now %d), the remote file still reads",
	       moved);
	tap_ok(write(p[1], "x", 1) == 1 && read(dev, &r, 1) == 1,
	       "the number is the process's pipe now");
	r = close(moved);
	e = errno;
	tap_ok(r == -1 && e == EBADF && find_devfd() != moved && reads_back(fd),
	       "close of its new number: EBADF, and it moved on again");
	for (i = 3; i < 1024; i++)
		if (i != fd)
			close(i);
	tap_ok(reads_back(fd), "closing every other descriptor leaves the remote file working");
	i = open(PATH, O_RDONLY);
	tap_ok(i >= 0 && reads_back(i) && unlink(PATH) == 0,
	       "new opens work too (%d)", i);
	return tap_finish();
}
