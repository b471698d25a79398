// SPDX-License-Identifier: GPL-2.0
/*
 * http-load: a load client for the HTTP selftests, built with the host's
 * ordinary C library (not musl-virtuos), so its sockets use the primary
 * domain's own TCP/IP stack and NIC: the "other host".
 *
 *   http-load HOST PORT PATH EXPECTED_FILE CLIENTS TOTAL
 *
 * Makes TOTAL requests "GET PATH HTTP/1.0", one per connection, with up to
 * CLIENTS connections open at once (one thread, poll()). HOST is a numeric
 * IPv4 or IPv6 address. Each response must have status 200, a
 * Content-Length (if any) equal to its body, and a body byte for byte equal
 * to EXPECTED_FILE, read from the local file system. A connection that has
 * not finished 30 s after it was opened fails, and once no connection has
 * finished other than by that timeout for 30 s, the requests not yet made
 * fail too: the client never hangs, even on a server that stopped.
 *
 * Prints one line
 *   http-load: TOTAL requests, CLIENTS concurrent, N ok, N failed, S s
 * then the reasons of the first few failures, one a line; exits 0 only if
 * every request was ok, 1 if some failed, 2 on bad usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TIMEOUT_MS	30000
#define MAX_CLIENTS	1000
#define MAX_REASONS	5
#define HEADER_ROOM	16384	/* a response may be this much longer */

struct conn {
	int fd;			/* -1: free */
	long id;		/* request number, from 1 */
	int connected;
	size_t sent;		/* bytes of the request sent */
	char *buf;		/* the response so far */
	size_t len;
	long long deadline;	/* ms, monotonic */
};

static struct sockaddr_storage addr;
static socklen_t addr_len;
static char request[4096];
static size_t request_len;
static char *expected;
static size_t expected_len;
static size_t buf_size;
static long ok, failed;
static long long progress;	/* ms: last end of a connection, not by timeout */
static char reasons[MAX_REASONS][256];
static int n_reasons;

static void usage(void)
{
	fprintf(stderr, "usage: http-load HOST PORT PATH EXPECTED_FILE CLIENTS TOTAL\n"
		"  HOST: numeric IPv4 or IPv6 address; CLIENTS: 1..%d\n",
		MAX_CLIENTS);
	exit(2);
}

static void die(const char *what)
{
	perror(what);
	exit(2);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static long number(const char *s, long min, long max)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s || *end || n < min || n > max)
		usage();
	return n;
}

static void read_expected(const char *path)
{
	struct stat st;
	size_t got = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st))
		die(path);
	expected_len = st.st_size;
	expected = malloc(expected_len + 1);
	if (!expected)
		die("malloc");
	while (got < expected_len) {
		ssize_t n = read(fd, expected + got, expected_len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die(path);
		got += n;
	}
	close(fd);
}

static void set_address(const char *host, int port)
{
	struct sockaddr_in *a4 = (struct sockaddr_in *)&addr;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&addr;

	memset(&addr, 0, sizeof(addr));
	if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons(port);
		addr_len = sizeof(*a4);
	} else if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(port);
		addr_len = sizeof(*a6);
	} else {
		fprintf(stderr, "http-load: %s is not a numeric address\n", host);
		usage();
	}
}

/* Ends connection c: counts it, and keeps the first few reasons of failure. */
static void finish(struct conn *c, const char *fmt, ...)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	if (now_ms() < c->deadline)
		progress = now_ms();
	if (!fmt) {
		ok++;
		return;
	}
	if (n_reasons < MAX_REASONS) {
		char *r = reasons[n_reasons++];
		int n = snprintf(r, sizeof(reasons[0]), "request %ld: ", c->id);
		va_list ap;

		va_start(ap, fmt);
		vsnprintf(r + n, sizeof(reasons[0]) - n, fmt, ap);
		va_end(ap);
	}
	failed++;
}

/* The whole response is in: check status, length and body. */
static void check_response(struct conn *c)
{
	char *end, *p, *line_end;
	size_t head_len, body_len;
	int status;

	c->buf[c->len] = 0;
	end = strstr(c->buf, "\r\n\r\n");
	if (!end) {
		finish(c, "no end of headers in %zu bytes", c->len);
		return;
	}
	head_len = end + 4 - c->buf;
	body_len = c->len - head_len;
	line_end = strstr(c->buf, "\r\n");
	*line_end = 0;
	if (sscanf(c->buf, "HTTP/1.%*1[01] %d", &status) != 1 || status != 200) {
		finish(c, "status line \"%.80s\"", c->buf);
		return;
	}
	*line_end = '\r';
	for (p = line_end + 2; p < end; p = strstr(p, "\r\n") + 2) {
		if (!strncasecmp(p, "Content-Length:", 15) &&
		    strtoul(p + 15, NULL, 10) != body_len) {
			finish(c, "Content-Length %lu, body %zu bytes",
			       strtoul(p + 15, NULL, 10), body_len);
			return;
		}
	}
	if (body_len != expected_len) {
		finish(c, "body of %zu bytes, expected %zu", body_len,
		       expected_len);
		return;
	}
	if (memcmp(c->buf + head_len, expected, expected_len)) {
		size_t i = 0;

		while (c->buf[head_len + i] == expected[i])
			i++;
		finish(c, "body differs from the expected file at byte %zu", i);
		return;
	}
	finish(c, NULL);
}

static void start(struct conn *c, long id)
{
	int r;

	c->id = id;
	c->connected = 0;
	c->sent = 0;
	c->len = 0;
	c->deadline = now_ms() + TIMEOUT_MS;
	c->fd = socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		finish(c, "socket: %s", strerror(errno));
		return;
	}
	r = connect(c->fd, (struct sockaddr *)&addr, addr_len);
	if (r == 0)
		c->connected = 1;
	else if (errno != EINPROGRESS)
		finish(c, "connect: %s", strerror(errno));
}

/* Connection c is ready for what it waits for: move it on. */
static void step(struct conn *c, short revents)
{
	ssize_t n;

	if (!c->connected) {
		int err = 0;
		socklen_t len = sizeof(err);

		getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
		if (err) {
			finish(c, "connect: %s", strerror(err));
			return;
		}
		if (!(revents & POLLOUT))
			return;
		c->connected = 1;
	}
	if (c->sent < request_len) {
		n = send(c->fd, request + c->sent, request_len - c->sent,
			 MSG_NOSIGNAL);
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			finish(c, "send: %s", strerror(errno));
		else if (n > 0)
			c->sent += n;
		return;
	}
	for (;;) {
		if (c->len == buf_size) {
			finish(c, "response longer than %zu bytes", buf_size);
			return;
		}
		n = recv(c->fd, c->buf + c->len, buf_size - c->len, 0);
		if (n > 0) {
			c->len += n;
			continue;
		}
		if (n == 0)
			check_response(c);
		else if (errno != EAGAIN && errno != EINTR)
			finish(c, "recv after %zu bytes: %s", c->len,
			       strerror(errno));
		return;
	}
}

int main(int argc, char **argv)
{
	static struct conn conns[MAX_CLIENTS];
	static struct pollfd pfd[MAX_CLIENTS];
	long clients, total, started = 0, not_made = 0, i;
	long long t0;
	int v6;

	if (argc != 7)
		usage();
	set_address(argv[1], number(argv[2], 1, 65535));
	if (argv[3][0] != '/')
		usage();
	read_expected(argv[4]);
	clients = number(argv[5], 1, MAX_CLIENTS);
	total = number(argv[6], 1, 100000000);
	v6 = addr.ss_family == AF_INET6;
	request_len = snprintf(request, sizeof(request),
			       "GET %s HTTP/1.0\r\nHost: %s%s%s:%s\r\n"
			       "User-Agent: http-load\r\n\r\n", argv[3],
			       v6 ? "[" : "", argv[1], v6 ? "]" : "", argv[2]);
	if (request_len >= sizeof(request))
		usage();
	buf_size = expected_len + HEADER_ROOM;
	signal(SIGPIPE, SIG_IGN);

	for (i = 0; i < clients; i++) {
		conns[i].fd = -1;
		conns[i].buf = malloc(buf_size + 1);
		if (!conns[i].buf)
			die("malloc");
	}
	t0 = progress = now_ms();
	for (;;) {
		long long now = now_ms(), wait = -1;
		int n, active = 0;

		if (started < total && now - progress >= TIMEOUT_MS) {
			not_made = total - started;	/* the server stalls */
			failed += not_made;
			started = total;
		}
		for (i = 0; i < clients; i++)
			if (conns[i].fd < 0 && started < total)
				start(&conns[i], ++started);
		now = now_ms();
		for (i = 0; i < clients; i++) {
			struct conn *c = &conns[i];

			pfd[i].fd = c->fd;
			pfd[i].revents = 0;
			if (c->fd < 0)
				continue;
			if (now >= c->deadline) {
				finish(c, "no complete response in %d s (%s, %zu bytes in)",
				       TIMEOUT_MS / 1000,
				       !c->connected ? "connecting" :
				       c->sent < request_len ? "sending" :
				       "receiving", c->len);
				pfd[i].fd = -1;
				continue;
			}
			pfd[i].events = !c->connected || c->sent < request_len ?
					POLLOUT : POLLIN;
			if (wait < 0 || c->deadline - now < wait)
				wait = c->deadline - now;
			active++;
		}
		if (!active) {
			if (started < total)
				continue;	/* slots freed by timeouts */
			break;
		}
		n = poll(pfd, clients, (int)wait + 1);
		if (n < 0 && errno != EINTR)
			die("poll");
		for (i = 0; n > 0 && i < clients; i++)
			if (pfd[i].fd >= 0 && pfd[i].revents)
				step(&conns[i], pfd[i].revents);
	}
	printf("http-load: %ld requests, %ld concurrent, %ld ok, %ld failed, %.2f s\n",
	       total, clients, ok, failed, (now_ms() - t0) / 1000.0);
	for (i = 0; i < n_reasons; i++)
		printf("http-load: %s\n", reasons[i]);
	if (failed - not_made > n_reasons)
		printf("http-load: (%ld more failures not shown)\n",
		       failed - not_made - n_reasons);
	if (not_made)
		printf("http-load: %ld requests not made: no connection ended in %d s\n",
		       not_made, TIMEOUT_MS / 1000);
	return failed || ok != total;
}
