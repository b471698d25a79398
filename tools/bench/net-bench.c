// SPDX-License-Identifier: GPL-2.0
/*
 * net-bench HOST PORT SECONDS BYTES: TCP request/response rate and bulk
 * echo throughput against an echo server at HOST:PORT. Built twice: with
 * the host's C library (its sockets use the stack of the domain it runs
 * in) and with musl-virtuos (its sockets live in the network domain);
 * tools/bench-network runs both and prints the ratios.
 *
 * Prints "rr TRANSACTIONS_PER_S" (1-byte request, 1-byte answer, one
 * connection, SECONDS long) and "bulk MIB_PER_S" (BYTES sent and the same
 * BYTES echoed back, at once, on one connection).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int dial(const char *host, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(port) };
	int s, one = 1, i;

	inet_pton(AF_INET, host, &a.sin_addr);
	for (i = 0; i < 50; i++) {
		s = socket(AF_INET, SOCK_STREAM, 0);
		if (s >= 0 && !connect(s, (struct sockaddr *)&a, sizeof(a))) {
			setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one,
				   sizeof(one));
			return s;
		}
		close(s);
		usleep(100000);
	}
	perror("net-bench: connect");
	exit(1);
}

struct reader {
	int s;
	long want, got;
};

static void *drain(void *arg)
{
	struct reader *r = arg;
	static char buf[65536];
	long n;

	while (r->got < r->want &&
	       (n = read(r->s, buf, sizeof(buf))) > 0)
		r->got += n;
	return NULL;
}

int main(int argc, char **argv)
{
	static char buf[65536];
	struct reader r;
	pthread_t t;
	double t0, seconds;
	long bytes, done, n, count = 0;
	int s, port;
	char c = 'x';

	if (argc != 5) {
		fprintf(stderr, "usage: net-bench HOST PORT SECONDS BYTES\n");
		return 2;
	}
	port = atoi(argv[2]);
	seconds = atof(argv[3]);
	bytes = atol(argv[4]);

	s = dial(argv[1], port);
	t0 = now();
	while (now() - t0 < seconds) {
		if (write(s, &c, 1) != 1 || read(s, &c, 1) != 1) {
			perror("net-bench: rr");
			return 1;
		}
		count++;
	}
	printf("rr %.0f\n", count / (now() - t0));
	close(s);

	s = dial(argv[1], port);
	r.s = s;
	r.want = bytes;
	r.got = 0;
	memset(buf, 'v', sizeof(buf));
	t0 = now();
	pthread_create(&t, NULL, drain, &r);
	for (done = 0; done < bytes; done += n) {
		n = write(s, buf, bytes - done < (long)sizeof(buf)
			  ? bytes - done : (long)sizeof(buf));
		if (n <= 0) {
			perror("net-bench: bulk");
			return 1;
		}
	}
	pthread_join(t, NULL);
	printf("bulk %.2f\n", r.got == bytes ?
	       bytes / (now() - t0) / 1048576 : 0.0);
	close(s);
	return r.got == bytes ? 0 : 1;
}
