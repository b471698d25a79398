// SPDX-License-Identifier: GPL-2.0
/*
 * net-accept PORT: listens on PORT in the network domain, prints
 * "listening", blocks in accept (a call in flight in the service domain)
 * and prints how it ended: "accept: ok" or "accept: ERRNO-NAME", with the
 * time it took in milliseconds, then what a later call on the listening
 * socket gives.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *err_name(int e)
{
	return e == EIO ? "EIO" : strerror(e);
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	long start;
	int s, c;

	if (argc != 2) {
		fprintf(stderr, "usage: net-accept PORT\n");
		return 2;
	}
	a.sin_port = htons(atoi(argv[1]));
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) || listen(s, 4)) {
		printf("listen: %s\n", strerror(errno));
		return 1;
	}
	printf("listening\n");
	fflush(stdout);
	start = now_ms();
	c = accept(s, NULL, NULL);
	printf("accept: %s after %ld ms\n", c >= 0 ? "ok" : err_name(errno),
	       now_ms() - start);
	c = listen(s, 4);
	printf("later: %s\n", c ? err_name(errno) : "ok");
	return 0;
}
