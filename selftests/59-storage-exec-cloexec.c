// SPDX-License-Identifier: GPL-2.0
/*
 * Close-on-exec remote descriptors are closed in the storage domain at
 * execve whatever the new image is, here /bin/sleep of the primary (linked
 * with glibc, so no library of ours runs in it): a child takes flocks
 * through four /storage descriptors, then execs it. Natively, the two
 * marked close-on-exec (by O_CLOEXEC, or by F_SETFD after the open) are
 * closed by the exec and their locks are free; the two that are not (never
 * marked, or unmarked by F_SETFD) keep theirs until the image ends. A
 * failed execve first changes nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

#define DIR "/storage/vt-exec-cloexec"
#define NFILES 4
#define SLEEPER "/bin/sleep"

/* How each file's descriptor is marked in the child, and what exec does. */
static const struct {
	const char *name;
	int open_flags;
	int setfd;	/* -1: no F_SETFD; else its argument */
	int closed;	/* closed by the exec */
} files[NFILES] = {
	{ "o_cloexec", O_CLOEXEC, -1, 1 },
	{ "plain", 0, -1, 0 },
	{ "setfd_cloexec", 0, FD_CLOEXEC, 1 },
	{ "setfd_cleared", O_CLOEXEC, 0, 0 },
};

static void path_of(char *buf, size_t len, int i)
{
	snprintf(buf, len, DIR "/%s", files[i].name);
}

/* The child: locks every file, survives a failed exec, execs SLEEPER. */
static void child(int ready)
{
	char path[128], c = 'y', buf[4];
	int fd[NFILES], i;

	for (i = 0; i < NFILES; i++) {
		path_of(path, sizeof(path), i);
		fd[i] = open(path, O_RDWR | files[i].open_flags);
		if (fd[i] < 0 || flock(fd[i], LOCK_EX) ||
		    (files[i].setfd >= 0 &&
		     fcntl(fd[i], F_SETFD, files[i].setfd)))
			c = 'n';
	}
	execl(DIR "/no-such-program", "none", (char *)NULL);
	/* Still open and still ours after the failed execve. */
	if (c == 'y' && pread(fd[0], buf, sizeof(buf), 0) != sizeof(buf))
		c = 'f';
	if (write(ready, &c, 1) != 1)
		_exit(1);
	execl(SLEEPER, "sleep", "30", (char *)NULL);
	_exit(2);
}

/* Whether the lock on file @i is free to another open file, within @ms. */
static int lock_free_within(int i, int ms)
{
	char path[128];
	int fd, r, t;

	path_of(path, sizeof(path), i);
	fd = open(path, O_RDWR);
	if (fd < 0)
		return -1;
	for (t = 0;; t += 20) {
		r = flock(fd, LOCK_EX | LOCK_NB);
		if (!r || errno != EWOULDBLOCK || t >= ms)
			break;
		usleep(20000);
	}
	close(fd);
	return r ? 0 : 1;
}

int main(void)
{
	int ready[2], execd[2], i, status, ok;
	char path[128], c = 0;
	ssize_t got;
	pid_t pid;

	tap_plan(7);
	if (access(SLEEPER, X_OK)) {
		for (i = 0; i < 7; i++)
			tap_skip(SLEEPER " is not in the primary",
				 "exec of an image without musl-virtuos");
		return tap_finish();
	}
	mkdir(DIR, 0755);
	for (i = 0; i < NFILES; i++) {
		int fd;

		path_of(path, sizeof(path), i);
		fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || write(fd, "data", 4) != 4 || close(fd)) {
			tap_ok(0, "create %s: %s", path, strerror(errno));
			return tap_finish();
		}
	}
	if (pipe2(ready, O_CLOEXEC) || pipe2(execd, O_CLOEXEC))
		return tap_finish();
	pid = fork();
	if (pid == 0) {
		close(ready[0]);
		close(execd[0]);
		child(ready[1]);
	}
	close(ready[1]);
	close(execd[1]);
	got = read(ready[0], &c, 1);
	tap_ok(got == 1 && c == 'y',
	       "child locked four /storage files and its failed execve kept them ('%c')",
	       got == 1 ? c : '-');
	/* The close-on-exec pipe reads end of file once the exec is done. */
	while ((got = read(execd[0], &c, 1)) > 0)
		;
	tap_ok(got == 0, "the child execs %s", SLEEPER);
	for (i = 0; i < NFILES; i++) {
		if (!files[i].closed)
			continue;
		ok = lock_free_within(i, 3000);
		tap_ok(ok == 1,
		       "%s: closed in the storage domain by the exec, its lock free (%d)",
		       files[i].name, ok);
	}
	/* Asked after the close-on-exec ones were seen closed. */
	for (i = 0; i < NFILES; i++) {
		if (files[i].closed)
			continue;
		ok = lock_free_within(i, 0);
		tap_ok(ok == 0,
		       "%s: still open in the new image, its lock still held (%d)",
		       files[i].name, ok);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	for (i = ok = 0; i < NFILES; i++)
		ok += lock_free_within(i, 0) == 1;
	tap_ok(ok == NFILES, "once the image is killed every lock is free (%d of %d)",
	       ok, NFILES);
	for (i = 0; i < NFILES; i++) {
		path_of(path, sizeof(path), i);
		unlink(path);
	}
	rmdir(DIR);
	return tap_finish();
}
