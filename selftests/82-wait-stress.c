// SPDX-License-Identifier: GPL-2.0
/*
 * Randomized readiness across kernels: 4 network-domain UDP sockets and 4
 * local pipes. Each round makes a random subset ready (before the wait, or
 * every other round from a thread while it waits), then waits with poll,
 * select or epoll_wait (in turn) until exactly that subset is seen;
 * an event on anything else, or a ready source not seen within 5 s, fails
 * the run. Then the subset is drained, so every round starts from nothing.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "wait.h"

#define ROUNDS 10000
#define NSOCK 4
#define NSRC (2 * NSOCK)

static int rd[NSRC], wr[NSRC];

static void setup(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int i, p[2];

	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	for (i = 0; i < NSOCK; i++) {
		wr[i] = socket(AF_INET, SOCK_DGRAM, 0);
		rd[i] = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
		sa.sin_port = 0;
		len = sizeof(sa);
		if (wr[i] < 0 || rd[i] < 0 ||
		    bind(rd[i], (void *)&sa, sizeof(sa)) ||
		    getsockname(rd[i], (void *)&sa, &len) ||
		    connect(wr[i], (void *)&sa, sizeof(sa))) {
			perror("socket");
			exit(1);
		}
		if (pipe2(p, O_NONBLOCK)) {
			perror("pipe");
			exit(1);
		}
		rd[NSOCK + i] = p[0];
		wr[NSOCK + i] = p[1];
	}
}

/* Writes one byte to each source of the mask, after a delay in us. */
struct ready_later {
	int mask, delay_us;
};

static void make_ready(int mask)
{
	int i;

	for (i = 0; i < NSRC; i++)
		if (mask & (1 << i))
			write(wr[i], "x", 1);
}

static void *make_ready_later(void *arg)
{
	struct ready_later *r = arg;

	usleep(r->delay_us);
	make_ready(r->mask);
	return NULL;
}

/* The sources seen ready, as a mask; -1 on an error. */
static int wait_poll(int ms)
{
	struct pollfd pf[NSRC];
	int i, r, seen = 0;

	for (i = 0; i < NSRC; i++)
		pf[i] = (struct pollfd){ rd[i], POLLIN, 0 };
	r = poll(pf, NSRC, ms);
	if (r < 0)
		return -1;
	for (i = 0; i < NSRC; i++)
		if (pf[i].revents)
			seen |= 1 << i;
	return __builtin_popcount(seen) == r ? seen : -1;
}

static int wait_select(int ms)
{
	struct timeval tv = { ms / 1000, ms % 1000 * 1000 };
	fd_set rs;
	int i, r, max = 0, seen = 0;

	FD_ZERO(&rs);
	for (i = 0; i < NSRC; i++) {
		FD_SET(rd[i], &rs);
		if (rd[i] > max)
			max = rd[i];
	}
	r = select(max + 1, &rs, NULL, NULL, &tv);
	if (r < 0)
		return -1;
	for (i = 0; i < NSRC; i++)
		if (FD_ISSET(rd[i], &rs))
			seen |= 1 << i;
	return __builtin_popcount(seen) == r ? seen : -1;
}

static int ep;

static int wait_epoll(int ms)
{
	struct epoll_event ev[NSRC + 1];
	int i, n, seen = 0;

	n = epoll_wait(ep, ev, NSRC + 1, ms);
	if (n < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (ev[i].data.u64 >= NSRC || (seen & (1 << ev[i].data.u64)))
			return -1;	/* not ours, or twice */
		seen |= 1 << ev[i].data.u64;
	}
	return seen;
}

int main(void)
{
	int (*waits[3])(int) = { wait_poll, wait_select, wait_epoll };
	const char *names[3] = { "poll", "select", "epoll_wait" };
	int round, i, want, seen, got, bad = 0, timeouts = 0, empty = 0;
	unsigned seed = time(NULL);
	double deadline, t0;
	char buf[64];

	tap_plan(2);
	setup();
	ep = epoll_create1(0);
	for (i = 0; i < NSRC; i++) {
		struct epoll_event ev = { .events = EPOLLIN, .data.u64 = i };
		if (epoll_ctl(ep, EPOLL_CTL_ADD, rd[i], &ev)) {
			perror("epoll_ctl");
			return 1;
		}
	}
	tap_diag("seed %u", seed);
	srand(seed);
	t0 = now_ms();
	for (round = 0; round < ROUNDS && bad < 5; round++) {
		int w = round % 3;

		if (round && round % 2000 == 0)
			tap_diag("%d rounds, %.1f s", round, (now_ms() - t0) / 1e3);
		struct ready_later later;
		pthread_t t;
		int threaded;

		want = rand() & ((1 << NSRC) - 1);
		threaded = want && (round & 1);
		if (threaded) {
			later = (struct ready_later){ want, rand() % 3000 };
			pthread_create(&t, NULL, make_ready_later, &later);
		} else {
			make_ready(want);
		}
		seen = 0;
		deadline = now_ms() + 5000;
		if (!want) {
			got = waits[w](0);
			empty++;
			if (got != 0) {
				tap_diag("round %d %s: nothing ready, got %#x",
					 round, names[w], got);
				bad++;
			}
			continue;
		}
		while (seen != want) {
			int left = deadline - now_ms();

			if (left <= 0) {
				tap_diag("round %d %s: want %#x, saw %#x in 5 s",
					 round, names[w], want, seen);
				timeouts++;
				bad++;
				break;
			}
			got = waits[w](left);
			if (got < 0 || (got & ~want)) {
				tap_diag("round %d %s: want %#x, got %#x (%s)",
					 round, names[w], want, got,
					 got < 0 ? "error" : "stray event");
				bad++;
				break;
			}
			seen |= got;
		}
		if (threaded)
			pthread_join(t, NULL);
		for (i = 0; i < NSRC; i++)
			if (want & (1 << i))
				while (read(rd[i], buf, sizeof(buf)) > 0)
					;
	}
	tap_ok(round == ROUNDS && !bad,
	       "%d rounds of poll, select and epoll_wait over 4 network sockets and 4 pipes, half made ready while waiting: every event expected (%d bad, %d timed out, %d empty rounds)",
	       round, bad, timeouts, empty);
	tap_ok(wait_poll(0) == 0 && wait_epoll(0) == 0,
	       "afterwards nothing is ready and nothing stale is reported");
	return tap_finish();
}
