// SPDX-License-Identifier: GPL-2.0
/*
 * epoll sets whose members live in several kernels: local pipes and
 * timerfds, network-domain sockets, storage-domain files. Level and edge
 * triggered, one-shot, exclusive, RDHUP, user data returned untouched,
 * members removed by close, an epoll set inside poll, timeouts, signals,
 * and the errors epoll_ctl and epoll_wait give natively.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "wait.h"

#define FILE_PATH "/storage/vt-epoll.txt"
#define TAG(n) (0xdeadbeef00000000ULL | (n))

static void drain(int fd)
{
	char buf[256];

	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

static int add(int ep, int fd, uint32_t events, uint64_t tag)
{
	struct epoll_event ev = { .events = events, .data.u64 = tag };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

/* Waits (up to ms) and returns how many events; *ev gets them. */
static int wait_for(int ep, struct epoll_event *ev, int max, int ms)
{
	return epoll_wait(ep, ev, max, ms);
}

static int has(const struct epoll_event *ev, int n, uint64_t tag,
	       uint32_t bits)
{
	int i;

	for (i = 0; i < n; i++)
		if (ev[i].data.u64 == tag && (ev[i].events & bits) == bits)
			return 1;
	return 0;
}

struct later {
	int fd, ms;
};

static void *send_later(void *arg)
{
	struct later *l = arg;

	usleep(l->ms * 1000);
	if (write(l->fd, "x", 1) != 1)
		perror("send_later");
	return NULL;
}

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	(void)sig;
	got_signal++;
}

static void *kick_later(void *arg)
{
	usleep(100000);
	pthread_kill(*(pthread_t *)arg, SIGUSR1);
	return NULL;
}

int main(void)
{
	int ep, ep2, a, b, c, d, e, f, cl, sv, p[2], file, tfd, n, r;
	struct epoll_event ev[8];
	struct itimerspec its = { .it_value = { 0, 50 * 1000000 } };
	struct sigaction sa = { .sa_handler = on_signal };
	struct pollfd pf;
	struct later l;
	struct timespec ts;
	pthread_t t, self = pthread_self();
	double t0, el;

	tap_plan(27);
	udp_pair(&a, &b);
	udp_pair(&c, &d);
	udp_pair(&e, &f);
	tcp_pair(&cl, &sv);
	if (pipe(p))
		return 1;
	file = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (file < 0 || ep < 0) {
		perror("setup");
		return 1;
	}

	tap_ok(add(ep, b, EPOLLIN, TAG(1)) == 0 && add(ep, p[0], EPOLLIN, TAG(2)) == 0,
	       "epoll_ctl ADD of a network socket and a pipe");
	n = wait_for(ep, ev, 8, 0);
	tap_ok(n == 0, "nothing ready, zero timeout: 0 (%d)", n);
	send(a, "1", 1, 0);
	n = wait_for(ep, ev, 8, 2000);
	tap_ok(n == 1 && ev[0].data.u64 == TAG(1) && ev[0].events == EPOLLIN,
	       "a datagram: one event, user data untouched (%d, %#llx)", n,
	       n > 0 ? (unsigned long long)ev[0].data.u64 : 0ULL);
	n = wait_for(ep, ev, 8, 0);
	tap_ok(n == 1 && ev[0].data.u64 == TAG(1),
	       "level-triggered: the same event again while unread");
	write(p[1], "x", 1);
	n = wait_for(ep, ev, 8, 1000);
	tap_ok(n == 2 && has(ev, n, TAG(1), EPOLLIN) && has(ev, n, TAG(2), EPOLLIN),
	       "socket and pipe both ready: both events (%d)", n);
	n = wait_for(ep, ev, 1, 1000);
	r = n == 1 ? (int)(ev[0].data.u64 & 0xff) : 0;
	n = wait_for(ep, ev, 1, 1000);
	tap_ok(n == 1 && r && (ev[0].data.u64 & 0xff) != (unsigned)r,
	       "maxevents 1, two ready: taken in turns, none starved");
	drain(b);
	read(p[0], ev, 1);

	/* Wake-ups from each side, infinite timeout. */
	l = (struct later){ p[1], 100 };
	pthread_create(&t, NULL, send_later, &l);
	n = wait_for(ep, ev, 8, -1);
	pthread_join(t, NULL);
	tap_ok(n == 1 && ev[0].data.u64 == TAG(2),
	       "infinite wait, the pipe written first: the pipe's event");
	read(p[0], ev, 1);
	l = (struct later){ a, 100 };
	pthread_create(&t, NULL, send_later, &l);
	n = wait_for(ep, ev, 8, -1);
	pthread_join(t, NULL);
	tap_ok(n == 1 && ev[0].data.u64 == TAG(1),
	       "infinite wait, the datagram first: the socket's event");
	drain(b);
	t0 = now_ms();
	n = wait_for(ep, ev, 8, 150);
	el = now_ms() - t0;
	tap_ok(n == 0 && el >= 145 && el < 5000,
	       "150 ms timeout: 0 after %.0f ms, nothing stale", el);

	/* Edge-triggered and one-shot. */
	tap_ok(add(ep, d, EPOLLIN | EPOLLET, TAG(3)) == 0 &&
	       add(ep, f, EPOLLIN | EPOLLONESHOT, TAG(4)) == 0,
	       "ADD with EPOLLET and EPOLLONESHOT");
	send(c, "1", 1, 0);
	send(e, "1", 1, 0);
	usleep(20000);
	n = wait_for(ep, ev, 8, 1000);
	tap_ok(n == 2 && has(ev, n, TAG(3), EPOLLIN) && has(ev, n, TAG(4), EPOLLIN),
	       "both fire once (%d)", n);
	n = wait_for(ep, ev, 8, 50);
	tap_ok(n == 0, "unread, but edge-triggered and one-shot: no event again (%d)", n);
	send(c, "2", 1, 0);
	send(e, "2", 1, 0);
	n = wait_for(ep, ev, 8, 1000);
	tap_ok(n == 1 && ev[0].data.u64 == TAG(3),
	       "new data: the edge fires, the spent one-shot does not (%d)", n);
	ev[0] = (struct epoll_event){ .events = EPOLLIN | EPOLLONESHOT, .data.u64 = TAG(5) };
	r = epoll_ctl(ep, EPOLL_CTL_MOD, f, &ev[0]);
	n = wait_for(ep, ev, 8, 1000);
	tap_ok(r == 0 && n == 1 && ev[0].data.u64 == TAG(5),
	       "MOD re-arms the one-shot, with its new data");
	drain(d);
	drain(f);

	/* Removal: DEL, and close. */
	tap_ok(epoll_ctl(ep, EPOLL_CTL_DEL, d, NULL) == 0, "DEL of a remote member");
	send(c, "3", 1, 0);
	close(f);
	send(e, "3", 1, 0);
	n = wait_for(ep, ev, 8, 100);
	tap_ok(n == 0, "a deleted and a closed member give no event (%d)", n);
	drain(d);

	/* RDHUP and EXCLUSIVE. */
	tap_ok(add(ep, sv, EPOLLIN | EPOLLRDHUP, TAG(6)) == 0,
	       "ADD of a TCP connection with EPOLLRDHUP");
	shutdown(cl, SHUT_WR);
	n = wait_for(ep, ev, 8, 2000);
	tap_ok(n == 1 && has(ev, n, TAG(6), EPOLLIN | EPOLLRDHUP),
	       "the peer shuts down its side: EPOLLRDHUP (%#x)", n > 0 ? ev[0].events : 0);
	epoll_ctl(ep, EPOLL_CTL_DEL, sv, NULL);
	ep2 = epoll_create1(0);
	r = add(ep2, d, EPOLLIN | EPOLLEXCLUSIVE, TAG(7));
	ev[0] = (struct epoll_event){ .events = EPOLLIN | EPOLLEXCLUSIVE };
	tap_ok(r == 0 && epoll_ctl(ep2, EPOLL_CTL_MOD, d, &ev[0]) == -1 &&
	       errno == EINVAL,
	       "EPOLLEXCLUSIVE: ADD works, MOD gives EINVAL as natively");

	/* Storage file, timerfd, and the set inside poll. */
	tfd = timerfd_create(CLOCK_MONOTONIC, 0);
	timerfd_settime(tfd, 0, &its, NULL);
	tap_ok(add(ep2, tfd, EPOLLIN, TAG(8)) == 0 &&
	       add(ep2, file, EPOLLIN, TAG(9)) == -1 && errno == EPERM,
	       "a timerfd joins; a regular file is refused with EPERM, as natively");
	n = wait_for(ep2, ev, 8, 2000);
	tap_ok(n == 1 && ev[0].data.u64 == TAG(8), "the timer fires in the mixed set");
	send(c, "4", 1, 0);
	pf = (struct pollfd){ ep2, POLLIN, 0 };
	r = poll(&pf, 1, 2000);
	tap_ok(r == 1 && pf.revents == POLLIN,
	       "poll on the epoll set: readable once its remote member is");

	/* Signals, epoll_pwait2. */
	drain(d);
	read(tfd, ev, 8);
	sigaction(SIGUSR1, &sa, NULL);
	pthread_create(&t, NULL, kick_later, &self);
	n = wait_for(ep2, ev, 8, 5000);
	pthread_join(t, NULL);
	tap_ok(n == -1 && errno == EINTR && got_signal == 1,
	       "a signal interrupts epoll_wait: EINTR");
	ts = (struct timespec){ 0, 100 * 1000000 };
	t0 = now_ms();
	n = syscall(SYS_epoll_pwait2, ep2, ev, 8, &ts, NULL, 8);
	el = now_ms() - t0;
	tap_ok(n == 0 && el >= 95, "epoll_pwait2, 100 ms: 0 after %.0f ms", el);

	/* Errors. */
	r = add(ep, b, EPOLLIN, 0) == -1 && errno == EEXIST;
	n = epoll_ctl(ep, EPOLL_CTL_DEL, d, NULL) == -1 && errno == ENOENT;
	tap_ok(r && n,
	       "ADD twice: EEXIST; DEL of a non-member: ENOENT");
	tap_ok(add(p[1], b, EPOLLIN, 0) == -1 && errno == EINVAL &&
	       epoll_wait(b, ev, 8, 0) == -1 && errno == EINVAL,
	       "a pipe or a socket as the set: EINVAL");
	tap_ok(epoll_wait(ep, ev, 0, 0) == -1 && errno == EINVAL &&
	       epoll_wait(ep, (void *)16, 8, 0) == -1 && errno == EFAULT,
	       "maxevents 0: EINVAL; bad buffer: EFAULT");
	close(ep);
	close(ep2);
	unlink(FILE_PATH);
	return tap_finish();
}
