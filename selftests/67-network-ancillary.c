// SPDX-License-Identifier: GPL-2.0
/*
 * Ancillary data on network-domain sockets: control messages cross both
 * ways (IP_TTL and IPV6_HOPLIMIT sent, IP_PKTINFO, SO_TIMESTAMP and the
 * received TTL and hop limit read back), msg_flags reports MSG_TRUNC and
 * MSG_CTRUNC, and descriptors never cross between kernels: SCM_RIGHTS on
 * an Internet socket gives EINVAL, as the kernel says, and passing a
 * storage file or a network socket over a local AF_UNIX socket gives
 * EXDEV, while a local descriptor still passes.
 *
 * Also ETIMEDOUT as the kernel gives it: a connect whose SYNs a listener
 * with a full accept queue drops, with TCP_SYNCNT 1, blocking and
 * non-blocking (SO_ERROR after poll). And recvmmsg's timeout, checked
 * after each message as the kernel does, with what is left written back.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

union control {
	char buf[256];
	struct cmsghdr align;
};

/* A pair of datagram sockets of family af on the network domain's
 * loopback: *tx connected to *rx. */
static int dgram_pair(int af, int *tx, int *rx)
{
	struct sockaddr_storage ss = { 0 };
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t len = af == AF_INET ? sizeof(*sin) : sizeof(*sin6);

	ss.ss_family = af;
	if (af == AF_INET)
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	else
		sin6->sin6_addr = in6addr_loopback;
	*tx = socket(af, SOCK_DGRAM, 0);
	*rx = socket(af, SOCK_DGRAM, 0);
	if (*tx < 0 || *rx < 0 || bind(*rx, (void *)&ss, len) ||
	    getsockname(*rx, (void *)&ss, &len) ||
	    connect(*tx, (void *)&ss, len))
		return -1;
	return 0;
}

/* sendmsg of "hello" with one control message (level, type, int value). */
static long send_with(int fd, int level, int type, int value)
{
	union control c = { 0 };
	struct iovec iov = { "hello", 5 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
	                    .msg_control = c.buf,
	                    .msg_controllen = CMSG_SPACE(sizeof(int)) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&m);

	cm->cmsg_level = level;
	cm->cmsg_type = type;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &value, sizeof(int));
	return sendmsg(fd, &m, 0);
}

/* recvmsg into a buffer of room bytes with control room croom; the
 * control message (level, type) is copied to out (n bytes). */
static long recv_with(int fd, long room, long croom, int level, int type,
                      void *out, size_t n, int *flags, int *found)
{
	union control c;
	char data[64];
	struct sockaddr_storage from;
	struct iovec iov = { data, room };
	struct msghdr m = { .msg_name = &from, .msg_namelen = sizeof(from),
	                    .msg_iov = &iov, .msg_iovlen = 1,
	                    .msg_control = c.buf, .msg_controllen = croom };
	struct cmsghdr *cm;
	long r;

	memset(c.buf, 0, sizeof(c.buf));
	r = recvmsg(fd, &m, 0);
	*flags = m.msg_flags;
	*found = 0;
	for (cm = CMSG_FIRSTHDR(&m); r >= 0 && cm; cm = CMSG_NXTHDR(&m, cm)) {
		if (cm->cmsg_level == level && cm->cmsg_type == type) {
			memcpy(out, CMSG_DATA(cm), n);
			*found = 1;
		}
	}
	return r;
}

static void test_ipv4(void)
{
	int tx, rx, on = 1, flags, found, ttl = 0;
	struct in_pktinfo pi = { 0 };
	struct timeval tv = { 0 }, now;
	char name[IF_NAMESIZE] = "?";
	long r;

	if (dgram_pair(AF_INET, &tx, &rx)) {
		tap_ok(0, "IPv4 datagram pair (%s)", strerror(errno));
		return;
	}
	setsockopt(rx, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on));
	setsockopt(rx, IPPROTO_IP, IP_RECVTTL, &on, sizeof(on));
	setsockopt(rx, SOL_SOCKET, SO_TIMESTAMP, &on, sizeof(on));

	r = send_with(tx, IPPROTO_IP, IP_TTL, 7);
	tap_ok(r == 5, "sendmsg with an IP_TTL control message (%ld, %s)", r,
	       r < 0 ? strerror(errno) : "ok");
	r = recv_with(rx, 64, 256, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl),
	              &flags, &found);
	tap_ok(r == 5 && found && ttl == 7,
	       "the receiver's IP_TTL control message says 7 (%d): the sent one crossed",
	       ttl);

	send(tx, "again", 5, 0);
	r = recv_with(rx, 64, 256, IPPROTO_IP, IP_PKTINFO, &pi, sizeof(pi),
	              &flags, &found);
	if_indextoname(pi.ipi_ifindex, name);
	tap_ok(r == 5 && found && pi.ipi_addr.s_addr == htonl(INADDR_LOOPBACK),
	       "IP_PKTINFO: destination 127.0.0.1, interface %d", pi.ipi_ifindex);
	send(tx, "stamp", 5, 0);
	r = recv_with(rx, 64, 256, SOL_SOCKET, SO_TIMESTAMP, &tv, sizeof(tv),
	              &flags, &found);
	gettimeofday(&now, NULL);
	tap_ok(r == 5 && found && tv.tv_sec > now.tv_sec - 300 &&
	       tv.tv_sec < now.tv_sec + 300,
	       "SO_TIMESTAMP: the network domain's receive time (%lds from ours)",
	       (long)(tv.tv_sec - now.tv_sec));

	send(tx, "truncated", 9, 0);
	r = recv_with(rx, 4, 256, 0, 0, NULL, 0, &flags, &found);
	tap_ok(r == 4 && (flags & MSG_TRUNC),
	       "a datagram larger than the buffer: 4 bytes and MSG_TRUNC (flags %#x)",
	       flags);
	send(tx, "ctrunc", 6, 0);
	r = recv_with(rx, 64, CMSG_SPACE(sizeof(int)), 0, 0, NULL, 0, &flags,
	              &found);
	tap_ok(r == 6 && (flags & MSG_CTRUNC),
	       "control room for one message of three: MSG_CTRUNC (flags %#x)",
	       flags);
	close(tx);
	close(rx);
}

static void test_ipv6(void)
{
	int tx, rx, on = 1, flags, found, hops = 0;
	long r;

	if (dgram_pair(AF_INET6, &tx, &rx)) {
		tap_ok(0, "IPv6 datagram pair (%s)", strerror(errno));
		return;
	}
	setsockopt(rx, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof(on));
	r = send_with(tx, IPPROTO_IPV6, IPV6_HOPLIMIT, 9);
	tap_ok(r == 5, "IPv6 sendmsg with an IPV6_HOPLIMIT control message (%ld)", r);
	r = recv_with(rx, 64, 256, IPPROTO_IPV6, IPV6_HOPLIMIT, &hops,
	              sizeof(hops), &flags, &found);
	tap_ok(r == 5 && found && hops == 9,
	       "the receiver's IPV6_HOPLIMIT says 9 (%d)", hops);
	close(tx);
	close(rx);
}

static void test_stream(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
	                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	union control c;
	char data[16];
	struct iovec iov = { data, sizeof(data) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
	                    .msg_control = c.buf, .msg_controllen = sizeof(c.buf) };
	int ls = socket(AF_INET, SOCK_STREAM, 0), cl, sv;
	long r;

	bind(ls, (void *)&sa, sizeof(sa));
	listen(ls, 1);
	getsockname(ls, (void *)&sa, &len);
	cl = socket(AF_INET, SOCK_STREAM, 0);
	connect(cl, (void *)&sa, sizeof(sa));
	sv = accept(ls, NULL, NULL);
	send(cl, "tcp", 3, 0);
	r = recvmsg(sv, &m, 0);
	tap_ok(r == 3 && m.msg_controllen == 0 && m.msg_flags == 0,
	       "TCP recvmsg with control room: the data, no control data, no flags");
	close(cl);
	close(sv);
	close(ls);
}

/* Sends descriptor fd over socket s: sendmsg's result, errno in *err. */
static long pass_fd(int s, int fd, int *err)
{
	union control c = { 0 };
	struct iovec iov = { "f", 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
	                    .msg_control = c.buf,
	                    .msg_controllen = CMSG_SPACE(sizeof(int)) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
	long r;

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	errno = 0;
	r = sendmsg(s, &m, MSG_DONTWAIT);
	*err = errno;
	return r;
}

static int receive_fd(int s)
{
	union control c;
	char b;
	struct iovec iov = { &b, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
	                    .msg_control = c.buf, .msg_controllen = sizeof(c.buf) };
	struct cmsghdr *cm;
	int fd = -1;

	if (recvmsg(s, &m, 0) < 0)
		return -1;
	cm = CMSG_FIRSTHDR(&m);
	if (cm && cm->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

static void test_rights(void)
{
	int tx, rx, unix_pair[2], file, p[2], got, err;
	char c = 0;
	long r;

	dgram_pair(AF_INET, &tx, &rx);
	socketpair(AF_UNIX, SOCK_DGRAM, 0, unix_pair);
	pipe(p);
	file = open("/storage/vt-ancillary", O_CREAT | O_RDWR | O_TRUNC, 0644);

	r = pass_fd(tx, p[0], &err);
	tap_ok(r < 0 && err == EINVAL,
	       "SCM_RIGHTS on a network-domain socket: EINVAL (%s)", strerror(err));
	r = pass_fd(unix_pair[0], file, &err);
	tap_ok(r < 0 && err == EXDEV,
	       "a /storage file over a local AF_UNIX socket: EXDEV (%s)", strerror(err));
	r = pass_fd(unix_pair[0], tx, &err);
	tap_ok(r < 0 && err == EXDEV,
	       "a network-domain socket over a local AF_UNIX socket: EXDEV (%s)",
	       strerror(err));
	r = pass_fd(unix_pair[0], p[0], &err);
	got = r == 1 ? receive_fd(unix_pair[1]) : -1;
	write(p[1], "L", 1);
	if (got >= 0)
		read(got, &c, 1);
	tap_ok(got >= 0 && c == 'L',
	       "a local pipe still passes over AF_UNIX and reads ('%c')", c ? c : '?');
	close(got);
	close(file);
	unlink("/storage/vt-ancillary");
	close(p[0]);
	close(p[1]);
	close(unix_pair[0]);
	close(unix_pair[1]);
	close(tx);
	close(rx);
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* A TCP socket with one SYN retry, blocking or not, connecting to sa. */
static int connect_once(struct sockaddr_in *sa, int nonblock, int *err)
{
	int s = socket(AF_INET, SOCK_STREAM | (nonblock ? SOCK_NONBLOCK : 0), 0);
	int one = 1;

	setsockopt(s, IPPROTO_TCP, TCP_SYNCNT, &one, sizeof(one));
	errno = 0;
	connect(s, (void *)sa, sizeof(*sa));
	*err = errno;
	return s;
}

static void test_timeout(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
	                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	struct pollfd p;
	int ls = socket(AF_INET, SOCK_STREAM, 0), filler, s, err, soerr = 0;
	double t0;

	/* Backlog 0 and never an accept: once one connection waits in the
	 * queue, the listener drops every SYN. */
	bind(ls, (void *)&sa, sizeof(sa));
	listen(ls, 0);
	getsockname(ls, (void *)&sa, &len);
	filler = connect_once(&sa, 0, &err);
	t0 = now_s();
	s = connect_once(&sa, 0, &err);
	tap_ok(err == ETIMEDOUT,
	       "connect whose SYNs are dropped: ETIMEDOUT after %.1f s (%s)",
	       now_s() - t0, strerror(err));
	close(s);
	s = connect_once(&sa, 1, &err);
	p.fd = s;
	p.events = POLLOUT;
	poll(&p, 1, 30000);
	getsockopt(s, SOL_SOCKET, SO_ERROR, &soerr, &len);
	tap_ok(err == EINPROGRESS && soerr == ETIMEDOUT,
	       "non-blocking: EINPROGRESS, then SO_ERROR ETIMEDOUT (%s)",
	       strerror(soerr));
	close(s);
	close(filler);
	close(ls);
}

static void *send_three(void *arg)
{
	int fd = *(int *)arg, i;

	for (i = 0; i < 3; i++) {
		send(fd, "m", 1, 0);
		usleep(600000);
	}
	return NULL;
}

static void test_recvmmsg_timeout(void)
{
	struct mmsghdr v[10];
	struct iovec iov[10];
	char bufs[10][8];
	struct timespec ts = { 1, 0 };
	pthread_t t;
	int tx, rx, i, r;
	double t0;

	dgram_pair(AF_INET, &tx, &rx);
	memset(v, 0, sizeof(v));
	for (i = 0; i < 10; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = sizeof(bufs[i]);
		v[i].msg_hdr.msg_iov = &iov[i];
		v[i].msg_hdr.msg_iovlen = 1;
	}
	pthread_create(&t, NULL, send_three, &tx);
	t0 = now_s();
	r = recvmmsg(rx, v, 10, 0, &ts);
	tap_ok(r == 3 && ts.tv_sec == 0 && ts.tv_nsec == 0,
	       "recvmmsg, 1 s timeout, messages 0.6 s apart: 3 (%d) after %.1f s, none left",
	       r, now_s() - t0);
	pthread_join(t, NULL);
	send(tx, "a", 1, 0);
	send(tx, "b", 1, 0);
	usleep(200000);
	ts.tv_sec = 5;
	ts.tv_nsec = 0;
	r = recvmmsg(rx, v, 10, MSG_WAITFORONE, &ts);
	tap_ok(r == 2 && ts.tv_sec >= 4 && ts.tv_sec < 5,
	       "MSG_WAITFORONE with 5 s: the 2 waiting (%d), %ld.%03ld s left",
	       r, (long)ts.tv_sec, ts.tv_nsec / 1000000);
	close(tx);
	close(rx);
}

int main(void)
{
	tap_plan(17);
	test_ipv4();
	test_ipv6();
	test_stream();
	test_rights();
	test_timeout();
	test_recvmmsg_timeout();
	return tap_finish();
}
