// SPDX-License-Identifier: GPL-2.0
/*
 * net-peer: the "other host" of the network selftests. Built with the
 * host's ordinary C library (not musl-virtuos), so its sockets use the
 * primary domain's own TCP/IP stack and its own NIC, on the emulated wire
 * shared with the network domain's NIC.
 *
 *   net-peer tcp-echo PORT LOG    echo every connection (IPv4 and IPv6)
 *   net-peer udp-echo PORT LOG    echo every datagram
 *   net-peer tcp-send HOST PORT BYTES   connect, send a pattern, close
 *   net-peer dns PORT LOG         a DNS server for the zone virtuos.test:
 *                                 A 10.99.0.1, AAAA fd99::1 for any name
 *                                 in it, NXDOMAIN outside it
 *
 * The servers append "tcp FROM-ADDRESS", "udp FROM-ADDRESS" or
 * "dns FROM-ADDRESS NAME type N" to LOG for every peer, and run until killed.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void log_peer(const char *log, const char *kind,
		     const struct sockaddr_in6 *a, const char *what)
{
	char text[INET6_ADDRSTRLEN];
	FILE *f = fopen(log, "a");
	const void *raw = &a->sin6_addr;
	int family = AF_INET6;

	if (!f)
		return;
	if (IN6_IS_ADDR_V4MAPPED(&a->sin6_addr)) {	/* ::ffff:a.b.c.d */
		raw = (const char *)&a->sin6_addr + 12;
		family = AF_INET;
	}
	inet_ntop(family, raw, text, sizeof(text));
	fprintf(f, "%s %s%s\n", kind, text, what);
	fclose(f);
}

static int listener(int type, int port)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6,
				  .sin6_port = htons(port) };
	int one = 1, zero = 0;
	int s = socket(AF_INET6, type, 0);

	if (s < 0)
		die("socket");
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (bind(s, (struct sockaddr *)&a, sizeof(a)))
		die("bind");
	if (type == SOCK_STREAM && listen(s, 256))
		die("listen");
	return s;
}

static void tcp_echo(int port, const char *log)
{
	int s = listener(SOCK_STREAM, port);
	char buf[65536];

	signal(SIGCHLD, SIG_IGN);
	for (;;) {
		struct sockaddr_in6 a;
		socklen_t len = sizeof(a);
		int c = accept(s, (struct sockaddr *)&a, &len);
		ssize_t n;

		if (c < 0)
			continue;
		log_peer(log, "tcp", &a, "");
		if (fork() == 0) {
			close(s);
			while ((n = read(c, buf, sizeof(buf))) > 0)
				if (write(c, buf, n) != n)
					break;
			_exit(0);
		}
		close(c);
	}
}

static void udp_echo(int port, const char *log)
{
	int s = listener(SOCK_DGRAM, port);
	char buf[65536];

	for (;;) {
		struct sockaddr_in6 a;
		socklen_t len = sizeof(a);
		ssize_t n = recvfrom(s, buf, sizeof(buf), 0,
				     (struct sockaddr *)&a, &len);

		if (n < 0)
			continue;
		log_peer(log, "udp", &a, "");
		sendto(s, buf, n, 0, (struct sockaddr *)&a, len);
	}
}

static void tcp_send(const char *host, int port, long bytes)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6,
				   .sin6_port = htons(port) };
	struct sockaddr_in a4 = { .sin_family = AF_INET,
				  .sin_port = htons(port) };
	struct sockaddr *a = (struct sockaddr *)&a4;
	socklen_t alen = sizeof(a4);
	char buf[4096];
	long done = 0, i;
	int s, tries;

	if (inet_pton(AF_INET6, host, &a6.sin6_addr) == 1) {
		a = (struct sockaddr *)&a6;
		alen = sizeof(a6);
	} else if (inet_pton(AF_INET, host, &a4.sin_addr) != 1) {
		fprintf(stderr, "net-peer: not an address: %s\n", host);
		exit(2);
	}
	for (tries = 0;; tries++) {
		s = socket(a->sa_family, SOCK_STREAM, 0);
		if (s < 0)
			die("socket");
		if (!connect(s, a, alen))
			break;
		if (tries == 50)
			die("connect");
		close(s);
		usleep(100000);
	}
	while (done < bytes) {
		long n = bytes - done < (long)sizeof(buf) ? bytes - done
							 : (long)sizeof(buf);

		for (i = 0; i < n; i++)
			buf[i] = (char)((done + i) * 7 + 3);
		n = write(s, buf, n);
		if (n <= 0)
			die("write");
		done += n;
	}
	close(s);
}

#define ZONE "virtuos.test"

/* The dotted name of the question at q (len bytes left), or NULL. */
static const unsigned char *dns_name(const unsigned char *q, size_t len,
				     char *name, size_t size)
{
	size_t n = 0;

	while (len && *q) {
		size_t l = *q++;

		if (l > 63 || l + 1 > len || n + l + 2 > size)
			return NULL;
		if (n)
			name[n++] = '.';
		while (l--) {
			name[n++] = tolower(*q++);
			len--;
		}
		len--;
	}
	if (!len)
		return NULL;
	name[n] = '\0';
	return q + 1;
}

static int in_zone(const char *name)
{
	size_t n = strlen(name), z = strlen(ZONE);

	return n >= z && !strcmp(name + n - z, ZONE) &&
	       (n == z || name[n - z - 1] == '.');
}

static void dns(int port, const char *log)
{
	static const unsigned char a4[4] = { 10, 99, 0, 1 };
	static const unsigned char a6[16] = { 0xfd, 0x99, [15] = 1 };
	int s = listener(SOCK_DGRAM, port);
	unsigned char q[512], r[600];

	for (;;) {
		struct sockaddr_in6 a;
		socklen_t alen = sizeof(a);
		ssize_t n = recvfrom(s, q, sizeof(q), 0,
				     (struct sockaddr *)&a, &alen);
		const unsigned char *end;
		char name[256], entry[300];
		int type, len, found;

		if (n < 17 || (q[2] & 0x80))
			continue;	/* too short, or not a query */
		end = dns_name(q + 12, n - 12, name, sizeof(name));
		if (!end || end + 4 > q + n)
			continue;
		type = end[0] << 8 | end[1];
		snprintf(entry, sizeof(entry), " %s type %d", name, type);
		log_peer(log, "dns", &a, entry);
		len = end + 4 - q;
		memcpy(r, q, len);
		r[2] = 0x84 | (q[2] & 0x01);	/* answer, authoritative, RD */
		r[3] = 0x80;			/* RA, NOERROR */
		r[6] = r[7] = r[8] = r[9] = r[10] = r[11] = 0;
		found = in_zone(name) && (type == 1 || type == 28);
		if (!in_zone(name))
			r[3] |= 3;		/* NXDOMAIN */
		if (found) {
			int rdlen = type == 1 ? 4 : 16;

			r[7] = 1;
			r[len++] = 0xc0;	/* the name: a pointer to it */
			r[len++] = 12;
			r[len++] = 0;
			r[len++] = type;
			r[len++] = 0;
			r[len++] = 1;		/* IN */
			r[len++] = 0;
			r[len++] = 0;
			r[len++] = 0;
			r[len++] = 60;		/* TTL */
			r[len++] = 0;
			r[len++] = rdlen;
			memcpy(r + len, type == 1 ? a4 : a6, rdlen);
			len += rdlen;
		}
		sendto(s, r, len, 0, (struct sockaddr *)&a, alen);
	}
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "tcp-echo"))
		tcp_echo(atoi(argv[2]), argv[3]);
	else if (argc == 4 && !strcmp(argv[1], "udp-echo"))
		udp_echo(atoi(argv[2]), argv[3]);
	else if (argc == 4 && !strcmp(argv[1], "dns"))
		dns(atoi(argv[2]), argv[3]);
	else if (argc == 5 && !strcmp(argv[1], "tcp-send"))
		tcp_send(argv[2], atoi(argv[3]), atol(argv[4]));
	else {
		fprintf(stderr, "usage: net-peer tcp-echo|udp-echo|dns PORT LOG | "
			"tcp-send HOST PORT BYTES\n");
		return 2;
	}
	return 0;
}
