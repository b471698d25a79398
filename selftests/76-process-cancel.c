// SPDX-License-Identifier: GPL-2.0
/*
 * pthread_cancel of a thread blocked in a remote call: recv, read, accept,
 * poll and epoll_wait on network-domain sockets, and an fcntl F_SETLKW on
 * a /storage file. The thread ends with PTHREAD_CANCELED and runs its
 * cleanup handlers; the call it was in is interrupted in the service
 * domain (the data, connection or lock it waited for is still there for
 * the next caller); no slot or descriptor is left behind.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "tap.h"
#include "wait.h"

#define LOCKFILE "/storage/vt-cancel-lock"

enum blocker { B_RECV, B_READ, B_ACCEPT, B_POLL, B_EPOLL, B_LOCK };

struct victim {
	enum blocker how;
	int fd;
	int cleaned;		/* set by the thread's cleanup handler */
	int returned;		/* the call returned instead */
	int disable;		/* block with cancellation disabled */
	int after;		/* what the call gave, with cancellation off */
};

static void cleanup(void *arg)
{
	((struct victim *)arg)->cleaned = 1;
}

static int block_in(struct victim *v)
{
	struct pollfd p = { .fd = v->fd, .events = POLLIN };
	struct epoll_event ev;
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	char c;

	switch (v->how) {
	case B_RECV:
		return recv(v->fd, &c, 1, 0);
	case B_READ:
		return read(v->fd, &c, 1);
	case B_ACCEPT:
		return accept(v->fd, NULL, NULL);
	case B_POLL:
		return poll(&p, 1, -1);
	case B_EPOLL:
		return epoll_wait(v->fd, &ev, 1, -1);
	case B_LOCK:
		return fcntl(v->fd, F_SETLKW, &fl);
	}
	return -1;
}

static void *victim_main(void *arg)
{
	struct victim *v = arg;

	pthread_cleanup_push(cleanup, v);
	if (v->disable)
		pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
	v->after = block_in(v);
	v->returned = 1;
	if (v->disable) {
		pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
		pthread_testcancel();
	}
	pthread_cleanup_pop(0);
	return NULL;
}

/* Starts a thread blocked in v's call, cancels it after 300 ms; whether it
 * ended cancelled, with its cleanup run, within 10 s. */
static int cancel_blocked(struct victim *v, double *ms)
{
	pthread_t t;
	void *res = NULL;
	double t0;
	int i;

	v->cleaned = v->returned = 0;
	if (pthread_create(&t, NULL, victim_main, v))
		return 0;
	usleep(300000);
	t0 = now_ms();
	pthread_cancel(t);
	for (i = 0; i < 1000 && !v->cleaned && !v->returned; i++)
		usleep(10000);
	if (ms)
		*ms = now_ms() - t0;
	if (!v->cleaned && !v->returned) {
		/* Still blocked: let it return before joining. */
		return 0;
	}
	pthread_join(t, &res);
	return res == PTHREAD_CANCELED && v->cleaned;
}

static int fd_count(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

static void test_recv_like(enum blocker how, const char *name)
{
	struct victim v = { .how = how };
	int cl, sv, got;
	double ms = 0;
	int ok;
	char c = 0;

	tcp_pair(&cl, &sv);
	v.fd = sv;
	ok = cancel_blocked(&v, &ms);
	tap_ok(ok, "%s: thread blocked in it is cancelled (%.0f ms), cleanup ran",
	       name, ms);
	send(cl, "z", 1, 0);
	got = recv(sv, &c, 1, MSG_DONTWAIT);
	if (got < 0) {
		usleep(200000);
		got = recv(sv, &c, 1, MSG_DONTWAIT);
	}
	tap_ok(got == 1 && c == 'z',
	       "%s: byte sent after the cancel reaches the next recv (got %d '%c')",
	       name, got, c ? c : '?');
	close(cl);
	close(sv);
}

static void test_accept(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	struct victim v = { .how = B_ACCEPT };
	int ls = socket(AF_INET, SOCK_STREAM, 0), cl, sv;
	double ms = 0;
	int ok;

	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	bind(ls, (void *)&sa, sizeof(sa));
	listen(ls, 4);
	getsockname(ls, (void *)&sa, &len);
	v.fd = ls;
	ok = cancel_blocked(&v, &ms);
	tap_ok(ok, "accept: thread blocked in it is cancelled (%.0f ms), cleanup ran", ms);
	cl = socket(AF_INET, SOCK_STREAM, 0);
	connect(cl, (void *)&sa, sizeof(sa));
	fcntl(ls, F_SETFL, O_NONBLOCK);
	sv = accept(ls, NULL, NULL);
	if (sv < 0 && errno == EAGAIN) {
		usleep(200000);
		sv = accept(ls, NULL, NULL);
	}
	tap_ok(sv >= 0, "accept: connection made after the cancel is accepted by the next accept (%s)",
	       sv >= 0 ? "yes" : strerror(errno));
	close(sv);
	close(cl);
	close(ls);
}

static void test_poll(void)
{
	struct victim v = { .how = B_POLL };
	int cl, sv, before, after;
	double ms = 0;
	int ok;

	tcp_pair(&cl, &sv);
	before = fd_count();
	v.fd = sv;
	ok = cancel_blocked(&v, &ms);
	tap_ok(ok, "poll on a remote socket: thread cancelled (%.0f ms), cleanup ran", ms);
	after = fd_count();
	tap_ok(after == before, "poll: no descriptor left behind (%d before, %d after)",
	       before, after);
	close(cl);
	close(sv);
}

static void test_epoll(void)
{
	struct victim v = { .how = B_EPOLL };
	struct epoll_event ev = { .events = EPOLLIN };
	int cl, sv, ep;
	double ms = 0;
	int ok;

	tcp_pair(&cl, &sv);
	ep = epoll_create1(0);
	epoll_ctl(ep, EPOLL_CTL_ADD, sv, &ev);
	v.fd = ep;
	ok = cancel_blocked(&v, &ms);
	tap_ok(ok, "epoll_wait with a remote member: thread cancelled (%.0f ms), cleanup ran", ms);
	send(cl, "e", 1, 0);
	tap_ok(epoll_wait(ep, &ev, 1, 5000) == 1,
	       "epoll_wait: the set still reports the member afterwards");
	close(ep);
	close(cl);
	close(sv);
}

/* A child that holds a write lock on LOCKFILE until told (a byte on its
 * pipe); returns the pipe's write end. */
static int hold_lock(pid_t *pid)
{
	int go[2], ready[2];
	char c;

	pipe(go);
	pipe(ready);
	*pid = fork();
	if (*pid == 0) {
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		int fd = open(LOCKFILE, O_RDWR | O_CREAT, 0644);

		fcntl(fd, F_SETLK, &fl);
		write(ready[1], "r", 1);
		read(go[0], &c, 1);
		_exit(0);
	}
	read(ready[0], &c, 1);
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	return go[1];
}

/* Whether another process can take the lock now. */
static int lock_free(void)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		int fd = open(LOCKFILE, O_RDWR);

		_exit(fcntl(fd, F_SETLK, &fl) == 0 ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static void test_lock(void)
{
	struct victim v = { .how = B_LOCK };
	pid_t holder;
	int go, st;
	double ms = 0;
	int ok;

	go = hold_lock(&holder);
	v.fd = open(LOCKFILE, O_RDWR);
	ok = cancel_blocked(&v, &ms);
	tap_ok(ok, "fcntl F_SETLKW on /storage: thread cancelled (%.0f ms), cleanup ran", ms);
	write(go, "g", 1);
	close(go);
	waitpid(holder, &st, 0);
	usleep(300000);
	tap_ok(lock_free(), "fcntl: the cancelled request never took the lock after the holder left");
	close(v.fd);
	unlink(LOCKFILE);
}

static void test_disabled(void)
{
	struct victim v = { .how = B_RECV, .disable = 1 };
	void *res = NULL;
	pthread_t t;
	int cl, sv;

	tcp_pair(&cl, &sv);
	v.fd = sv;
	pthread_create(&t, NULL, victim_main, &v);
	usleep(300000);
	pthread_cancel(t);
	usleep(500000);
	tap_ok(!v.returned && !v.cleaned,
	       "cancellation disabled: recv goes on blocking after pthread_cancel");
	send(cl, "d", 1, 0);
	pthread_join(t, &res);
	tap_ok(v.returned && v.after == 1 && res == PTHREAD_CANCELED,
	       "cancellation disabled: recv returns the byte (%d), then the thread is cancelled when it enables",
	       v.after);
	close(cl);
	close(sv);
}

static void test_many(void)
{
	struct victim v = { .how = B_RECV };
	int cl, sv, i, ok = 0;
	struct stat st;

	tcp_pair(&cl, &sv);
	v.fd = sv;
	/* More than the 16 slots of an area: each one must come back. */
	for (i = 0; i < 40; i++)
		ok += cancel_blocked(&v, NULL);
	tap_ok(ok == 40, "40 cancellations in a row (%d ended cancelled)", ok);
	tap_ok(fstat(sv, &st) == 0 && send(cl, "m", 1, 0) == 1,
	       "the socket and the area still work afterwards");
	close(cl);
	close(sv);
}

int main(void)
{
	alarm(300);	/* a hang fails the test instead of the run */
	tap_plan(16);
	test_recv_like(B_RECV, "recv");
	test_recv_like(B_READ, "read");
	test_accept();
	test_poll();
	test_epoll();
	test_lock();
	test_disabled();
	test_many();
	return tap_finish();
}
