// SPDX-License-Identifier: GPL-2.0
/*
 * Internet sockets in the network service domain: TCP and UDP, IPv4 and
 * IPv6, client and server, against net-peer, a program of the primary's
 * own C library that uses the primary's own stack and NIC (the "other
 * host" on the emulated wire). What shows that the network domain's stack
 * carried the traffic: our end's address is the network domain's
 * (10.99.0.2, fd99::2), the peer logs that address, and the primary's
 * kernel holds only a /dev/null placeholder for our socket.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

#define PEER4 "10.99.0.1"
#define PEER6 "fd99::1"
#define OURS4 "10.99.0.2"
#define OURS6 "fd99::2"
#define LOG "/tmp/net-peer.log"
#define BULK (1 << 20)

static pid_t peers[8];
static int npeers;

static pid_t spawn(char *const argv[])
{
	pid_t pid = fork();

	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static void sa4(struct sockaddr_in *a, const char *ip, int port)
{
	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_port = htons(port);
	inet_pton(AF_INET, ip, &a->sin_addr);
}

static void sa6(struct sockaddr_in6 *a, const char *ip, int port)
{
	memset(a, 0, sizeof(*a));
	a->sin6_family = AF_INET6;
	a->sin6_port = htons(port);
	inet_pton(AF_INET6, ip, &a->sin6_addr);
}

/* connect, retrying for 10 s while the peer starts. */
static int connect_retry(int family, const struct sockaddr *a, socklen_t len)
{
	int i, s;

	for (i = 0; i < 100; i++) {
		s = socket(family, SOCK_STREAM, 0);
		if (s < 0)
			return -1;
		if (!connect(s, a, len))
			return s;
		close(s);
		usleep(100000);
	}
	return -1;
}

static const char *addr_text(const struct sockaddr *a, char *buf, size_t n)
{
	if (a->sa_family == AF_INET)
		return inet_ntop(AF_INET, &((struct sockaddr_in *)a)->sin_addr,
				 buf, n);
	return inet_ntop(AF_INET6, &((struct sockaddr_in6 *)a)->sin6_addr,
			 buf, n);
}

static int log_has(const char *line)
{
	char buf[4096];
	FILE *f;
	int i, found = 0;

	for (i = 0; i < 50 && !found; i++) {
		f = fopen(LOG, "r");
		if (f) {
			while (fgets(buf, sizeof(buf), f))
				if (!strncmp(buf, line, strlen(line)))
					found = 1;
			fclose(f);
		}
		if (!found)
			usleep(100000);
	}
	return found;
}

static unsigned char pattern(long i)
{
	return (unsigned char)(i * 7 + 3);
}

struct bulk {
	int s;
	long got;
	int bad;
};

static void *bulk_reader(void *arg)
{
	struct bulk *b = arg;
	unsigned char buf[40000];
	long n, i;

	while (b->got < BULK && (n = read(b->s, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++)
			if (buf[i] != pattern(b->got + i))
				b->bad = 1;
		b->got += n;
	}
	return NULL;
}

static void test_tcp4_client(void)
{
	struct sockaddr_in a, me;
	socklen_t len = sizeof(me);
	unsigned char *buf = malloc(BULK);
	char link[64] = "", path[64], text[64];
	struct bulk b = { 0 };
	pthread_t t;
	long i, done = 0, n;
	int s, one = 1, v = 0;

	sa4(&a, PEER4, 7001);
	s = connect_retry(AF_INET, (struct sockaddr *)&a, sizeof(a));
	tap_ok(s >= 0, "TCP connect to the peer %s:7001 (%s)", PEER4,
	       s < 0 ? strerror(errno) : "ok");
	snprintf(path, sizeof(path), "/proc/self/fd/%d", s);
	n = readlink(path, link, sizeof(link) - 1);
	tap_ok(n > 0 && !strcmp(link, "/dev/null"),
	       "the primary's kernel holds only a placeholder (%s)", link);
	getsockname(s, (struct sockaddr *)&me, &len);
	addr_text((struct sockaddr *)&me, text, sizeof(text));
	tap_ok(!strcmp(text, OURS4),
	       "our address is the network domain's: %s", text);
	tap_ok(log_has("tcp " OURS4), "the peer saw the connection come from "
	       OURS4);
	len = sizeof(me);
	memset(&me, 0, sizeof(me));
	n = getpeername(s, (struct sockaddr *)&me, &len);
	tap_ok(!n && ntohs(me.sin_port) == 7001,
	       "getpeername gives the peer's port (%d)", ntohs(me.sin_port));
	setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	len = sizeof(v);
	n = getsockopt(s, IPPROTO_TCP, TCP_NODELAY, &v, &len);
	tap_ok(!n && v == 1 && len == sizeof(v),
	       "TCP_NODELAY set and read back (%d)", v);

	for (i = 0; i < BULK; i++)
		buf[i] = pattern(i);
	b.s = s;
	pthread_create(&t, NULL, bulk_reader, &b);
	while (done < BULK && (n = write(s, buf + done, BULK - done)) > 0)
		done += n;
	pthread_join(t, NULL);
	tap_ok(done == BULK && b.got == BULK && !b.bad,
	       "1 MiB sent and echoed back byte for byte (sent %ld, got %ld)",
	       done, b.got);
	write(s, "x", 1);
	usleep(300000);
	v = -1;
	n = ioctl(s, FIONREAD, &v);
	tap_ok(n == 0 && v == 1,
	       "FIONREAD counts the byte waiting (%d)", v);
	close(s);
	free(buf);
}

static void test_tcp6_client(void)
{
	struct sockaddr_in6 a, me;
	socklen_t len = sizeof(me);
	char text[64], buf[100];
	int s;

	sa6(&a, PEER6, 7001);
	s = connect_retry(AF_INET6, (struct sockaddr *)&a, sizeof(a));
	tap_ok(s >= 0, "IPv6 TCP connect to [%s]:7001", PEER6);
	getsockname(s, (struct sockaddr *)&me, &len);
	addr_text((struct sockaddr *)&me, text, sizeof(text));
	tap_ok(!strcmp(text, OURS6), "our IPv6 address is the network "
	       "domain's: %s", text);
	memset(buf, 0, sizeof(buf));
	tap_ok(send(s, "hello over v6", 13, 0) == 13 &&
	       recv(s, buf, sizeof(buf), 0) == 13 &&
	       !strcmp(buf, "hello over v6"), "echo over IPv6: %s", buf);
	close(s);
}

static void test_udp(void)
{
	struct sockaddr_in a, from;
	struct sockaddr_in6 a6;
	socklen_t len = sizeof(from);
	char buf[2000], text[64];
	struct iovec iov[2] = { { "da", 2 }, { "tagram", 6 } };
	struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2 };
	int s, i, ok = 0;
	long n = -1;

	s = socket(AF_INET, SOCK_DGRAM, 0);
	sa4(&a, PEER4, 7002);
	for (i = 0; i < 20 && !ok; i++) {	/* the peer may still start */
		struct timeval tv = { 0, 300000 };

		setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		sendto(s, "ping", 4, 0, (struct sockaddr *)&a, sizeof(a));
		n = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from,
			     &len);
		ok = n == 4 && !memcmp(buf, "ping", 4);
	}
	addr_text((struct sockaddr *)&from, text, sizeof(text));
	tap_ok(ok && !strcmp(text, PEER4) && ntohs(from.sin_port) == 7002,
	       "UDP sendto/recvfrom with the peer, reply from %s:%d", text,
	       ntohs(from.sin_port));
	tap_ok(log_has("udp " OURS4), "the peer saw the datagram come from "
	       OURS4);
	connect(s, (struct sockaddr *)&a, sizeof(a));
	m.msg_iov = iov;
	n = sendmsg(s, &m, 0);
	memset(buf, 0, sizeof(buf));
	n = n == 8 ? recv(s, buf, sizeof(buf), 0) : -1;
	tap_ok(n == 8 && !strcmp(buf, "datagram"),
	       "sendmsg of two pieces is one datagram (%ld: %s)", n, buf);
	close(s);

	s = socket(AF_INET6, SOCK_DGRAM, 0);
	sa6(&a6, PEER6, 7002);
	sendto(s, "ping6", 5, 0, (struct sockaddr *)&a6, sizeof(a6));
	memset(buf, 0, sizeof(buf));
	n = recv(s, buf, sizeof(buf), 0);
	tap_ok(n == 5 && !strcmp(buf, "ping6"), "UDP over IPv6 (%ld)", n);
	close(s);
}

struct acceptor {
	int listener;
	int fd;
	struct sockaddr_in from;
};

static void *acceptor_main(void *arg)
{
	struct acceptor *c = arg;
	socklen_t len = sizeof(c->from);

	c->fd = accept(c->listener, (struct sockaddr *)&c->from, &len);
	return NULL;
}

static void test_tcp_server(void)
{
	char *send_argv[] = { "./net-peer", "tcp-send", OURS4, "7003",
			      "100000", NULL };
	struct sockaddr_in a;
	struct acceptor c = { .fd = -1 };
	unsigned char buf[8192];
	pthread_t t;
	long got = 0, n, i;
	int bad = 0, one = 1, udp, echoes = 0, status;
	pid_t sender;

	c.listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	setsockopt(c.listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sa4(&a, "0.0.0.0", 7003);
	tap_ok(!bind(c.listener, (struct sockaddr *)&a, sizeof(a)) &&
	       !listen(c.listener, 16), "bind and listen on port 7003");
	pthread_create(&t, NULL, acceptor_main, &c);

	/* While one thread blocks in accept, this one talks UDP. */
	udp = socket(AF_INET, SOCK_DGRAM, 0);
	sa4(&a, PEER4, 7002);
	connect(udp, (struct sockaddr *)&a, sizeof(a));
	for (i = 0; i < 10; i++) {
		memset(buf, 0, 16);
		if (send(udp, "while", 5, 0) == 5 &&
		    recv(udp, buf, sizeof(buf), 0) == 5)
			echoes++;
	}
	close(udp);
	tap_ok(echoes == 10 && c.fd == -1,
	       "10 UDP echoes while another thread blocks in accept");

	sender = spawn(send_argv);
	pthread_join(t, NULL);
	tap_ok(c.fd >= 0 && c.from.sin_addr.s_addr == inet_addr(PEER4),
	       "accept returns the peer's connection from %s",
	       inet_ntoa(c.from.sin_addr));
	while ((n = read(c.fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++)
			if (buf[i] != pattern(got + i))
				bad = 1;
		got += n;
	}
	waitpid(sender, &status, 0);
	tap_ok(got == 100000 && !bad && n == 0,
	       "read 100000 bytes byte for byte, then end of file (%ld)", got);
	close(c.fd);
	close(c.listener);
}

static volatile sig_atomic_t sigpipes;

static void on_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

static void test_errors(void)
{
	struct sockaddr_in a;
	char buf[16];
	int s, s2, l, c, i, err;
	long n = 0;

	sa4(&a, PEER4, 1);
	s = socket(AF_INET, SOCK_STREAM, 0);
	err = connect(s, (struct sockaddr *)&a, sizeof(a)) ? errno : 0;
	tap_ok(err == ECONNREFUSED, "connect to a closed port: ECONNREFUSED "
	       "(%s)", strerror(err));
	close(s);

	s = socket(AF_INET, SOCK_STREAM, 0);
	s2 = socket(AF_INET, SOCK_STREAM, 0);
	sa4(&a, "0.0.0.0", 7005);
	bind(s, (struct sockaddr *)&a, sizeof(a));
	listen(s, 4);
	err = bind(s2, (struct sockaddr *)&a, sizeof(a)) ? errno : 0;
	tap_ok(err == EADDRINUSE, "a second bind: EADDRINUSE (%s)",
	       strerror(err));
	close(s2);

	/* A connection inside the network domain, to make EPIPE happen. */
	sa4(&a, "127.0.0.1", 7005);
	c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&a, sizeof(a));
	l = accept(s, NULL, NULL);
	fcntl(c, F_SETFL, fcntl(c, F_GETFL) | O_NONBLOCK);
	err = recv(c, buf, sizeof(buf), 0) < 0 ? errno : 0;
	tap_ok(err == EAGAIN, "recv on an empty non-blocking socket: EAGAIN "
	       "(%s)", strerror(err));
	close(l);
	signal(SIGPIPE, on_sigpipe);
	usleep(200000);
	for (i = 0; i < 50 && n >= 0; i++) {
		n = send(c, "data", 4, MSG_NOSIGNAL);
		usleep(20000);
	}
	tap_ok(n == -1 && errno == EPIPE && sigpipes == 0,
	       "send with MSG_NOSIGNAL to a closed peer: EPIPE, no signal");
	errno = 0;
	n = write(c, "data", 4);
	tap_ok(n == -1 && errno == EPIPE && sigpipes == 1,
	       "write to it: EPIPE and SIGPIPE in this process (%d)",
	       (int)sigpipes);
	signal(SIGPIPE, SIG_DFL);
	close(c);
	close(s);
}

static void test_identity(void)
{
	struct utsname u;
	char link[64] = "", path[64];
	int sv[2] = { -1, -1 };

	tap_ok(!uname(&u) && !strcmp(u.nodename, "virtuos-net"),
	       "uname's node name is the network domain's (%s)", u.nodename);
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", sv[0]);
	readlink(path, link, sizeof(link) - 1);
	tap_ok(!strncmp(link, "socket:", 7),
	       "AF_UNIX sockets stay in the primary (%s)", link);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	char *echo_argv[] = { "./net-peer", "tcp-echo", "7001", LOG, NULL };
	char *udp_argv[] = { "./net-peer", "udp-echo", "7002", LOG, NULL };
	int i;

	if (chdir("/virtuos/selftests"))
		return 1;
	unlink(LOG);
	tap_plan(26);
	peers[npeers++] = spawn(echo_argv);
	peers[npeers++] = spawn(udp_argv);
	test_tcp4_client();
	test_tcp6_client();
	test_udp();
	test_tcp_server();
	test_errors();
	test_identity();
	for (i = 0; i < npeers; i++) {
		kill(peers[i], SIGTERM);
		waitpid(peers[i], NULL, 0);
	}
	return tap_finish();
}
