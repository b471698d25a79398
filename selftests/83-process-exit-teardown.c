// SPDX-License-Identifier: GPL-2.0
/*
 * When wait reports a process's death, everything it held in the service
 * domains is released, as natively: a child holding an flock on a /storage
 * file is SIGKILLed, and once waitpid returns the parent takes the lock at
 * once (LOCK_NB); a child holding a TCP connection is SIGKILLed, and once
 * waitpid returns the parent's end of it reads end of file or a reset at
 * once, never EAGAIN. Several rounds each, since a late release is a race.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

#define DIR "/storage/vt-teardown"
#define LOCK_PATH DIR "/lock"
#define ROUNDS 10

/* A child that takes what hold() takes, says so on @ready, and waits. */
static pid_t child_holding(int (*hold)(void *), void *arg)
{
	int p[2];
	char c = 0;
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		c = hold(arg) ? 'n' : 'y';
		if (write(p[1], &c, 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	if (pid < 0 || read(p[0], &c, 1) != 1 || c != 'y') {
		if (pid > 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
		}
		pid = -1;
	}
	close(p[0]);
	return pid;
}

static int take_flock(void *arg)
{
	int fd = open(LOCK_PATH, O_RDWR);

	(void)arg;
	return fd < 0 || flock(fd, LOCK_EX);
}

static int connect_to(void *arg)
{
	struct sockaddr_in *a = arg;
	int s = socket(AF_INET, SOCK_STREAM, 0);

	return s < 0 || connect(s, (struct sockaddr *)a, sizeof(*a));
}

static int kill_and_wait(pid_t pid)
{
	int status;

	kill(pid, SIGKILL);
	return waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) ? 0 : -1;
}

static void flock_rounds(void)
{
	int fd, i, ok = 0, err = 0;
	pid_t pid;

	mkdir(DIR, 0755);
	fd = open(LOCK_PATH, O_CREAT | O_RDWR, 0644);
	for (i = 0; fd >= 0 && i < ROUNDS; i++) {
		pid = child_holding(take_flock, NULL);
		if (pid < 0)
			break;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0 || errno != EWOULDBLOCK)
			break;	/* the child does not hold it */
		if (kill_and_wait(pid))
			break;
		if (flock(fd, LOCK_EX | LOCK_NB)) {
			err = errno;
			continue;
		}
		ok++;
		flock(fd, LOCK_UN);
	}
	tap_ok(ok == ROUNDS, "flock held by a SIGKILLed child: free once waitpid "
	       "returns, %d of %d rounds (last error: %s)", ok, ROUNDS,
	       err ? strerror(err) : "none");
	if (fd >= 0)
		close(fd);
	unlink(LOCK_PATH);
	rmdir(DIR);
}

static void socket_rounds(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int l, c, i, ok = 0;
	long last = 0;
	char buf[8];
	pid_t pid;

	l = socket(AF_INET, SOCK_STREAM, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof(a)) || listen(l, 4) ||
	    getsockname(l, (struct sockaddr *)&a, &len)) {
		tap_ok(0, "a listening socket in the network domain (%s)",
		       strerror(errno));
		return;
	}
	for (i = 0; i < ROUNDS; i++) {
		pid = child_holding(connect_to, &a);
		if (pid < 0)
			break;
		c = accept(l, NULL, NULL);
		if (c < 0 || kill_and_wait(pid))
			break;
		last = recv(c, buf, sizeof(buf), MSG_DONTWAIT);
		if (last < 0)
			last = -errno;
		if (last == 0 || last == -ECONNRESET)
			ok++;
		close(c);
	}
	tap_ok(ok == ROUNDS, "TCP peer SIGKILLed: end of file or reset once "
	       "waitpid returns, %d of %d rounds (last: %ld)", ok, ROUNDS, last);
	close(l);
}

int main(void)
{
	tap_plan(2);
	flock_rounds();
	socket_rounds();
	return tap_finish();
}
