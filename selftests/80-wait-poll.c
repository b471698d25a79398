// SPDX-License-Identifier: GPL-2.0
/*
 * poll, ppoll, select and pselect on local descriptors (pipes, eventfd,
 * timerfd, signalfd), network-domain sockets and storage-domain files, in
 * every mix: readiness arriving on either side first, zero, short and
 * infinite timeouts, signals and masks, and no internal descriptor or
 * stale wake-up left behind.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "wait.h"

#define FILE_PATH "/storage/vt-poll.txt"

static void drain(int fd)
{
	char buf[256];

	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

struct later {
	int fd;
	int ms;
};

static void *write_later(void *arg)
{
	struct later *l = arg;

	usleep(l->ms * 1000);
	if (write(l->fd, "x", 1) != 1)
		perror("write_later");
	return NULL;
}

static pthread_t start_later(struct later *l)
{
	pthread_t t;

	pthread_create(&t, NULL, write_later, l);
	return t;
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	(void)sig;
	got_signal++;
}

struct kick {
	pthread_t target;
	int sig, ms;
};

static void *kick_later(void *arg)
{
	struct kick *k = arg;

	usleep(k->ms * 1000);
	pthread_kill(k->target, k->sig);
	return NULL;
}

/* Blocks SIGUSR1 (the old mask into *old) and has k send it, so that it is
 * pending once this returns. Join the returned thread. */
static pthread_t usr1_pending(struct kick *k, sigset_t *old)
{
	sigset_t mask;
	pthread_t t;

	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	sigprocmask(SIG_BLOCK, &mask, old);
	got_signal = 0;
	pthread_create(&t, NULL, kick_later, k);
	usleep(200000);
	return t;
}

/* Whether poll on pf, signalled by k meanwhile, ends with EINTR after the
 * handler ran once. */
static int poll_interrupted(struct pollfd *pf, int n, struct kick *k)
{
	pthread_t t;
	int r;

	got_signal = 0;
	pthread_create(&t, NULL, kick_later, k);
	r = poll(pf, n, 5000);
	pthread_join(t, NULL);
	return r == -1 && errno == EINTR && got_signal == 1;
}

int main(void)
{
	int a, b, c, d, p[2], q[2], file, efd, tfd, sfd, r, fds_before;
	struct pollfd pf[4];
	struct later l;
	struct kick k;
	pthread_t t;
	double t0, el;
	fd_set rs, ws;
	struct timeval tv;
	struct timespec ts;
	sigset_t mask, old;
	struct sigaction sa = { .sa_handler = on_signal };
	struct itimerspec its = { .it_value = { 0, 50 * 1000000 } };

	tap_plan(28);
	udp_pair(&a, &b);
	udp_pair(&c, &d);
	if (pipe2(p, O_NONBLOCK) || pipe2(q, O_NONBLOCK))
		return 1;
	file = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (file < 0) {
		perror(FILE_PATH);
		return 1;
	}
	fds_before = count_fds();

	/* Local only: what the kernel says. */
	write(p[1], "x", 1);
	pf[0] = (struct pollfd){ p[0], POLLIN, 0 };
	r = poll(pf, 1, 0);
	tap_ok(r == 1 && pf[0].revents == POLLIN, "poll, local only: pipe readable");
	drain(p[0]);

	/* Remote only. */
	pf[0] = (struct pollfd){ b, POLLIN, 0 };
	r = poll(pf, 1, 0);
	tap_ok(r == 0 && pf[0].revents == 0,
	       "poll, network socket, zero timeout: nothing yet (%d)", r);
	send(a, "1", 1, 0);
	r = poll(pf, 1, 2000);
	tap_ok(r == 1 && pf[0].revents == POLLIN,
	       "poll, network socket: readable once a datagram came (%d, %#x)",
	       r, pf[0].revents);
	drain(b);
	t0 = now_ms();
	r = poll(pf, 1, 150);
	el = now_ms() - t0;
	tap_ok(r == 0 && el >= 145 && el < 5000,
	       "poll, network socket, 150 ms timeout: 0 after %.0f ms", el);

	/* Mixed, local side first, infinite timeout. */
	pf[0] = (struct pollfd){ p[0], POLLIN, 0 };
	pf[1] = (struct pollfd){ b, POLLIN, 0 };
	l = (struct later){ p[1], 100 };
	t = start_later(&l);
	r = poll(pf, 2, -1);
	pthread_join(t, NULL);
	tap_ok(r == 1 && pf[0].revents == POLLIN && pf[1].revents == 0,
	       "poll, pipe and socket, pipe written first: only the pipe");
	drain(p[0]);

	/* Mixed, remote side first. */
	l = (struct later){ a, 100 };
	t = start_later(&l);
	r = poll(pf, 2, -1);
	pthread_join(t, NULL);
	tap_ok(r == 1 && pf[0].revents == 0 && pf[1].revents == POLLIN,
	       "poll, pipe and socket, datagram first: only the socket");
	drain(b);

	/* No stale wake-up from the last call. */
	t0 = now_ms();
	r = poll(pf, 2, 100);
	el = now_ms() - t0;
	tap_ok(r == 0 && el >= 95,
	       "poll right after: nothing stale, full 100 ms timeout (%.0f ms)",
	       el);

	/* Three kernels in one call. */
	pf[0] = (struct pollfd){ file, POLLIN | POLLOUT, 0 };
	pf[1] = (struct pollfd){ b, POLLIN, 0 };
	pf[2] = (struct pollfd){ p[0], POLLIN, 0 };
	pf[3] = (struct pollfd){ -1, POLLIN, 77 };
	r = poll(pf, 4, -1);
	tap_ok(r == 1 && pf[0].revents == (POLLIN | POLLOUT) &&
	       !pf[1].revents && !pf[2].revents && !pf[3].revents,
	       "poll, storage file, network socket, pipe, negative fd: the file is ready");
	write(p[1], "x", 1);
	send(a, "2", 1, 0);
	usleep(20000);
	r = poll(pf, 3, 1000);
	tap_ok(r == 3 && pf[1].revents == POLLIN && pf[2].revents == POLLIN,
	       "poll, all three ready: 3 (%d)", r);
	drain(p[0]);
	drain(b);

	/* Two remote sockets, one written. */
	pf[0] = (struct pollfd){ b, POLLIN, 0 };
	pf[1] = (struct pollfd){ d, POLLIN, 0 };
	l = (struct later){ c, 50 };
	t = start_later(&l);
	r = poll(pf, 2, 3000);
	pthread_join(t, NULL);
	tap_ok(r == 1 && !pf[0].revents && pf[1].revents == POLLIN,
	       "poll, two network sockets: only the written one");
	drain(d);

	/* eventfd, timerfd, signalfd stay local and mix with remote ones. */
	efd = eventfd(0, EFD_NONBLOCK);
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR2);
	sigprocmask(SIG_BLOCK, &mask, &old);
	sfd = signalfd(-1, &mask, SFD_NONBLOCK);
	timerfd_settime(tfd, 0, &its, NULL);
	pf[0] = (struct pollfd){ tfd, POLLIN, 0 };
	pf[1] = (struct pollfd){ b, POLLIN, 0 };
	pf[2] = (struct pollfd){ efd, POLLIN, 0 };
	pf[3] = (struct pollfd){ sfd, POLLIN, 0 };
	r = poll(pf, 4, 3000);
	tap_ok(r == 1 && pf[0].revents == POLLIN,
	       "poll, timerfd with sockets: the timer fires (%d)", r);
	eventfd_write(efd, 1);
	raise(SIGUSR2);
	pf[0].fd = -1;
	r = poll(pf, 4, 3000);
	tap_ok(r == 2 && pf[2].revents == POLLIN && pf[3].revents == POLLIN &&
	       !pf[1].revents, "poll, eventfd and signalfd with a socket: both (%d)", r);
	{
		struct signalfd_siginfo si;	/* taken, so not delivered */

		read(sfd, &si, sizeof(si));
	}
	close(efd);
	close(tfd);
	close(sfd);
	sigprocmask(SIG_SETMASK, &old, NULL);

	/* Signals: EINTR, with or without SA_RESTART, as poll does. */
	sigaction(SIGUSR1, &sa, NULL);
	pf[0] = (struct pollfd){ b, POLLIN, 0 };
	pf[1] = (struct pollfd){ p[0], POLLIN, 0 };
	k = (struct kick){ pthread_self(), SIGUSR1, 100 };
	tap_ok(poll_interrupted(pf, 1, &k),
	       "poll on a socket, handler without SA_RESTART: EINTR");
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	tap_ok(poll_interrupted(pf, 2, &k),
	       "poll on socket and pipe, SA_RESTART: still EINTR, as natively");

	/* ppoll's mask: SIGUSR1 blocked here, let through during the call. */
	t = usr1_pending(&k, &old);
	tap_ok(got_signal == 0, "SIGUSR1 blocked outside ppoll: not delivered yet");
	sigemptyset(&mask);
	ts = (struct timespec){ 5, 0 };
	r = ppoll(pf, 2, &ts, &mask);
	pthread_join(t, NULL);
	tap_ok(r == -1 && errno == EINTR && got_signal == 1,
	       "ppoll with an empty mask: the pending signal interrupts it");
	sigprocmask(SIG_SETMASK, &old, NULL);
	ts = (struct timespec){ 0, 100 * 1000000 };
	t0 = now_ms();
	r = ppoll(pf, 2, &ts, NULL);
	el = now_ms() - t0;
	tap_ok(r == 0 && el >= 95 && el < 5000,
	       "ppoll 100 ms on socket and pipe: 0 after %.0f ms", el);

	/* select and pselect. */
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	write(p[1], "x", 1);
	tv = (struct timeval){ 0, 0 };
	r = select(p[0] + 1, &rs, NULL, NULL, &tv);
	tap_ok(r == 1 && FD_ISSET(p[0], &rs), "select, local only: the pipe");
	drain(p[0]);
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	FD_SET(b, &rs);
	FD_SET(d, &rs);
	send(c, "3", 1, 0);
	r = select(64, &rs, NULL, NULL, NULL);
	tap_ok(r == 1 && FD_ISSET(d, &rs) && !FD_ISSET(b, &rs) &&
	       !FD_ISSET(p[0], &rs),
	       "select, pipe and two sockets: only the written socket (%d: %d%d%d)",
	       r, FD_ISSET(p[0], &rs), FD_ISSET(b, &rs), FD_ISSET(d, &rs));
	drain(d);
	FD_ZERO(&rs);
	FD_ZERO(&ws);
	FD_SET(b, &rs);
	FD_SET(a, &ws);
	FD_SET(file, &rs);
	r = select(64, &rs, &ws, NULL, NULL);
	tap_ok(r == 2 && FD_ISSET(a, &ws) && FD_ISSET(file, &rs) &&
	       !FD_ISSET(b, &rs), "select: socket writable, storage file readable (%d)", r);
	FD_ZERO(&rs);
	FD_SET(b, &rs);
	FD_SET(p[0], &rs);
	tv = (struct timeval){ 0, 150000 };
	t0 = now_ms();
	r = select(64, &rs, NULL, NULL, &tv);
	el = now_ms() - t0;
	tap_ok(r == 0 && !FD_ISSET(b, &rs) && !FD_ISSET(p[0], &rs) && el >= 145,
	       "select 150 ms, nothing ready: 0, sets cleared, %.0f ms", el);
	FD_ZERO(&rs);
	FD_SET(b, &rs);
	l = (struct later){ a, 100 };
	t = start_later(&l);
	ts = (struct timespec){ 5, 0 };
	r = pselect(b + 1, &rs, NULL, NULL, &ts, NULL);
	pthread_join(t, NULL);
	tap_ok(r == 1 && FD_ISSET(b, &rs), "pselect: woken by the datagram");
	drain(b);
	t = usr1_pending(&k, &old);
	sigemptyset(&mask);
	FD_ZERO(&rs);
	FD_SET(b, &rs);
	r = pselect(b + 1, &rs, NULL, NULL, NULL, &mask);
	pthread_join(t, NULL);
	tap_ok(r == -1 && errno == EINTR && got_signal == 1,
	       "pselect with an empty mask: EINTR from the pending signal");
	sigprocmask(SIG_SETMASK, &old, NULL);
	FD_ZERO(&rs);
	FD_SET(b, &rs);
	FD_SET(q[0], &rs);
	close(q[0]);
	r = select(64, &rs, NULL, NULL, NULL);
	tap_ok(r == -1 && errno == EBADF, "select with a closed fd among remote ones: EBADF");

	/* Errors. */
	r = poll((struct pollfd *)16, 2, 0);
	tap_ok(r == -1 && errno == EFAULT, "poll on a bad pointer: EFAULT");
	pf[0] = (struct pollfd){ b, POLLIN, 0 };
	ts = (struct timespec){ 0, 2000000000 };
	r = ppoll(pf, 1, &ts, NULL);
	tap_ok(r == -1 && errno == EINVAL, "ppoll with a bad timespec: EINVAL");

	/* Many calls leave no descriptor behind. */
	for (r = 0; r < 200; r++) {
		pf[0] = (struct pollfd){ b, POLLIN, 0 };
		pf[1] = (struct pollfd){ p[0], POLLIN, 0 };
		poll(pf, 2, 1);
	}
	tap_ok(count_fds() == fds_before - 1,
	       "200 mixed polls later: as many descriptors as before (%d, %d)",
	       count_fds(), fds_before - 1);
	tap_ok(poll(pf, 2, 0) == 0, "and no stale event");
	unlink(FILE_PATH);
	return tap_finish();
}
