// SPDX-License-Identifier: GPL-2.0
/*
 * epoll-data: puts a network-domain UDP socket into an epoll set with data
 * 0x5eed5eed5eed5eed, makes it readable, prints "ready", and once a line
 * comes on standard input prints what epoll_wait gave: "data 0x..." (or
 * "error WHAT").
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define DATA 0x5eed5eed5eed5eedULL

int main(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = DATA };
	int s, ep, n;
	char line[16];

	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	s = socket(AF_INET, SOCK_DGRAM, 0);
	ep = epoll_create1(0);
	if (s < 0 || ep < 0 || bind(s, (void *)&sa, sizeof(sa)) ||
	    getsockname(s, (void *)&sa, &len) ||
	    sendto(s, "x", 1, 0, (void *)&sa, sizeof(sa)) != 1 ||
	    epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev)) {
		printf("error setup\n");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin)) {
		printf("error stdin\n");
		return 1;
	}
	ev.data.u64 = 0;
	n = epoll_wait(ep, &ev, 1, 5000);
	if (n != 1) {
		printf("error epoll_wait %d\n", n);
		return 1;
	}
	printf("data %#llx\n", (unsigned long long)ev.data.u64);
	return 0;
}
