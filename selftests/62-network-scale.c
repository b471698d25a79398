// SPDX-License-Identifier: GPL-2.0
/*
 * Sockets in the network domain at scale: 200 connections open at once to
 * the peer (each echoing its own message), and 256 MiB from the peer
 * received and checked byte for byte.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

#define CONNS 200
#define BIG (256L << 20)

static pid_t spawn(char *const argv[])
{
	pid_t pid = fork();

	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static int connect_to(const char *ip, int port, int tries)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(port) };
	int s, i;

	inet_pton(AF_INET, ip, &a.sin_addr);
	for (i = 0; i < tries; i++) {
		s = socket(AF_INET, SOCK_STREAM, 0);
		if (s < 0)
			return -1;
		if (!connect(s, (struct sockaddr *)&a, sizeof(a)))
			return s;
		close(s);
		usleep(100000);
	}
	return -1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_many(void)
{
	static int fds[CONNS];
	char msg[32], buf[32];
	int i, opened = 0, echoed = 0;

	fds[0] = connect_to("10.99.0.1", 7011, 100);	/* the peer starts */
	opened = fds[0] >= 0;
	for (i = 1; i < CONNS && opened == i; i++) {
		fds[i] = connect_to("10.99.0.1", 7011, 1);
		opened += fds[i] >= 0;
	}
	tap_ok(opened == CONNS, "%d TCP connections open at once (%d)", CONNS,
	       opened);
	for (i = 0; i < opened; i++) {
		int n = snprintf(msg, sizeof(msg), "conn %d", i);

		if (write(fds[i], msg, n) == n)
			continue;
	}
	for (i = 0; i < opened; i++) {
		int n = snprintf(msg, sizeof(msg), "conn %d", i);

		memset(buf, 0, sizeof(buf));
		if (recv(fds[i], buf, n, MSG_WAITALL) == n && !strcmp(buf, msg))
			echoed++;
	}
	tap_ok(echoed == CONNS, "each got its own message back (%d)", echoed);
	for (i = 0; i < opened; i++)
		close(fds[i]);
}

static void test_bulk(void)
{
	char *argv[] = { "./net-peer", "tcp-send", "10.99.0.2", "7012",
			 "268435456", NULL };
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(7012) };
	static unsigned char buf[65536];
	long got = 0, n, i, bad = -1;
	double t0, t;
	int s, c, one = 1, status = -1;
	pid_t sender;

	s = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	bind(s, (struct sockaddr *)&a, sizeof(a));
	listen(s, 1);
	sender = spawn(argv);
	c = accept(s, NULL, NULL);
	t0 = now();
	while (c >= 0 && (n = read(c, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n && bad < 0; i++)
			if (buf[i] != (unsigned char)((got + i) * 7 + 3))
				bad = got + i;
		got += n;
	}
	t = now() - t0;
	waitpid(sender, &status, 0);
	tap_ok(got == BIG && bad < 0 && status == 0,
	       "256 MiB from the peer, byte for byte (%ld bytes, first bad %ld)",
	       got, bad);
	tap_diag("256 MiB in %.1f s: %.1f MiB/s", t, got / t / 1048576);
	close(c);
	close(s);
}

int main(void)
{
	char *echo_argv[] = { "./net-peer", "tcp-echo", "7011",
			      "/tmp/net-peer-scale.log", NULL };
	pid_t echo;

	if (chdir("/virtuos/selftests"))
		return 1;
	tap_plan(3);
	echo = spawn(echo_argv);
	test_many();
	test_bulk();
	kill(echo, SIGTERM);
	waitpid(echo, NULL, 0);
	return tap_finish();
}
