/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the wait selftests (80-82): a monotonic clock in ms, and
 * pairs of network-domain sockets whose readiness a test controls.
 */
#ifndef VIRTUOS_WAIT_H
#define VIRTUOS_WAIT_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static inline double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Two UDP sockets of the network domain on its loopback: *a is connected
 * to *b, which is non-blocking. */
static inline void udp_pair(int *a, int *b)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);

	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	*a = socket(AF_INET, SOCK_DGRAM, 0);
	*b = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	if (*a < 0 || *b < 0 || bind(*b, (void *)&sa, sizeof(sa)) ||
	    getsockname(*b, (void *)&sa, &len) ||
	    connect(*a, (void *)&sa, sizeof(sa))) {
		perror("udp_pair");
		exit(1);
	}
}

/* A TCP connection inside the network domain: *cl to *sv. */
static inline void tcp_pair(int *cl, int *sv)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int ls = socket(AF_INET, SOCK_STREAM, 0);

	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (ls < 0 || bind(ls, (void *)&sa, sizeof(sa)) || listen(ls, 4) ||
	    getsockname(ls, (void *)&sa, &len)) {
		perror("tcp_pair");
		exit(1);
	}
	*cl = socket(AF_INET, SOCK_STREAM, 0);
	if (*cl < 0 || connect(*cl, (void *)&sa, sizeof(sa))) {
		perror("tcp_pair: connect");
		exit(1);
	}
	*sv = accept(ls, NULL, NULL);
	close(ls);
}

#endif /* VIRTUOS_WAIT_H */
