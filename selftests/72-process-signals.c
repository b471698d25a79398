// SPDX-License-Identifier: GPL-2.0
/*
 * Signals and calls blocked in a service domain: a handler without
 * SA_RESTART interrupts them with EINTR (flock and fcntl F_SETLKW in the
 * storage domain, accept and recv in the network domain), one with
 * SA_RESTART lets them go on transparently (flock, accept, recv), and a
 * handler may itself make remote calls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

#define LOCK "/storage/vt-sig-lock"

static volatile sig_atomic_t handled, handler_call_ok;
static int handler_fd = -1;

static void on_alarm(int sig)
{
	struct stat st;

	(void)sig;
	handled++;
	if (handler_fd >= 0 && fstat(handler_fd, &st) == 0)
		handler_call_ok = 1;
}

static void set_handler(int flags)
{
	struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	handled = 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A child process that holds an exclusive flock on LOCK for @seconds. */
static pid_t hold_lock(int seconds)
{
	int p[2];
	char c;
	pid_t pid;

	pipe(p);
	pid = fork();
	if (pid == 0) {
		int fd = open(LOCK, O_CREAT | O_RDWR, 0644);

		flock(fd, LOCK_EX);
		write(p[1], "x", 1);
		sleep(seconds);
		_exit(0);
	}
	read(p[0], &c, 1);
	close(p[0]);
	close(p[1]);
	return pid;
}

static void test_flock(void)
{
	int fd = open(LOCK, O_CREAT | O_RDWR, 0644), r, err, st;
	double t;
	pid_t holder;

	handler_fd = fd;
	holder = hold_lock(30);
	set_handler(0);
	alarm(1);
	t = now();
	r = flock(fd, LOCK_EX);
	err = errno;
	t = now() - t;
	tap_ok(r == -1 && err == EINTR && handled == 1,
	       "flock blocked in the storage domain, SIGALRM without "
	       "SA_RESTART: EINTR after %.1f s (%s)", t, strerror(err));
	tap_ok(handler_call_ok, "the handler itself made a remote call (fstat)");
	kill(holder, SIGKILL);
	waitpid(holder, &st, 0);
	/* The holder's shadow ends (and its lock goes) shortly after it. */
	for (r = -1, t = now(); r && now() - t < 10; usleep(100000))
		r = flock(fd, LOCK_EX | LOCK_NB);
	tap_ok(r == 0 && flock(fd, LOCK_UN) == 0,
	       "once the killed holder's shadow is gone (%.1f s), the lock is "
	       "ours: calls work after the interruption", now() - t);

	holder = hold_lock(3);
	set_handler(SA_RESTART);
	alarm(1);
	t = now();
	r = flock(fd, LOCK_EX);
	t = now() - t;
	tap_ok(r == 0 && handled == 1 && t > 1.5,
	       "with SA_RESTART the handler ran and flock went on until the "
	       "holder let go (%.1f s)", t);
	flock(fd, LOCK_UN);
	waitpid(holder, &st, 0);
	handler_fd = -1;
	close(fd);
	unlink(LOCK);
}

static void test_sockets(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(7400) };
	int l, c, s, r, err, one = 1;
	char buf[8];

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	bind(l, (struct sockaddr *)&a, sizeof(a));
	listen(l, 4);
	set_handler(0);
	alarm(1);
	r = accept(l, NULL, NULL);
	err = errno;
	tap_ok(r == -1 && err == EINTR && handled == 1,
	       "accept blocked in the network domain: EINTR (%s)",
	       strerror(err));

	c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&a, sizeof(a));
	s = accept(l, NULL, NULL);
	set_handler(0);
	alarm(1);
	r = recv(s, buf, sizeof(buf), 0);
	err = errno;
	tap_ok(r == -1 && err == EINTR && handled == 1,
	       "recv blocked in the network domain: EINTR (%s)",
	       strerror(err));
	tap_ok(send(c, "ok", 2, 0) == 2 && recv(s, buf, sizeof(buf), 0) == 2,
	       "the socket still works afterwards");
	close(c);
	close(s);
	close(l);
}

/* A thread that, after 1 s, sends SIGALRM to the main thread (so that it
 * is the one interrupted), then after one more second does what the main
 * thread waits for. */
struct later {
	pthread_t main;
	void (*then)(void *);
	void *arg;
};

static void *signal_then_act(void *arg)
{
	struct later *l = arg;

	sleep(1);
	pthread_kill(l->main, SIGALRM);
	sleep(1);
	l->then(l->arg);
	return NULL;
}

static void send_ok(void *arg)
{
	send(*(int *)arg, "ok", 2, 0);
}

static void connect_to(void *arg)
{
	int c = socket(AF_INET, SOCK_STREAM, 0);

	connect(c, (struct sockaddr *)arg, sizeof(struct sockaddr_in));
	/* closed by the process's exit; the server side is what counts */
}

/* With SA_RESTART, a blocked accept and recv go on after the handler and
 * return what comes later, as local ones would. */
static void test_sockets_restart(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(7401) };
	struct later l = { .main = pthread_self() };
	int ls, c, s, r, one = 1;
	pthread_t t;
	char buf[8];
	double t0;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ls = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	bind(ls, (struct sockaddr *)&a, sizeof(a));
	listen(ls, 4);

	set_handler(SA_RESTART);
	l.then = connect_to;
	l.arg = &a;
	pthread_create(&t, NULL, signal_then_act, &l);
	t0 = now();
	s = accept(ls, NULL, NULL);
	tap_ok(s >= 0 && handled == 1 && now() - t0 > 1.5,
	       "with SA_RESTART, accept went on after the handler and took the connection made later (%.1f s)",
	       now() - t0);
	pthread_join(t, NULL);
	close(s);

	c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&a, sizeof(a));
	s = accept(ls, NULL, NULL);
	set_handler(SA_RESTART);
	l.then = send_ok;
	l.arg = &c;
	pthread_create(&t, NULL, signal_then_act, &l);
	t0 = now();
	r = recv(s, buf, sizeof(buf), 0);
	tap_ok(r == 2 && handled == 1 && now() - t0 > 1.5,
	       "with SA_RESTART, recv went on after the handler and returned the data sent later (%d, %.1f s)",
	       r, now() - t0);
	pthread_join(t, NULL);
	close(c);
	close(s);
	close(ls);
}

/* fcntl F_SETLKW on a /storage file held by another process: EINTR. */
static void test_setlkw(void)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	int p[2], fd, r, err, st;
	pid_t holder;
	char c;

	fd = open(LOCK, O_CREAT | O_RDWR, 0644);
	pipe(p);
	holder = fork();
	if (holder == 0) {
		fcntl(fd, F_SETLK, &fl);
		write(p[1], "x", 1);
		sleep(30);
		_exit(0);
	}
	read(p[0], &c, 1);
	set_handler(0);
	alarm(1);
	r = fcntl(fd, F_SETLKW, &fl);
	err = errno;
	tap_ok(r == -1 && err == EINTR && handled == 1,
	       "fcntl F_SETLKW blocked in the storage domain: EINTR (%s)",
	       strerror(err));
	kill(holder, SIGKILL);
	waitpid(holder, &st, 0);
	close(p[0]);
	close(p[1]);
	close(fd);
	unlink(LOCK);
}

int main(void)
{
	tap_plan(10);
	test_flock();
	test_sockets();
	test_sockets_restart();
	test_setlkw();
	return tap_finish();
}
