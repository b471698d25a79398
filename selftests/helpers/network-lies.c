// SPDX-License-Identifier: GPL-2.0
/*
 * network-lies MODE: makes the calls that the hostile executor's MODE
 * (module/executor/hostile.c) answers with lies in the network domain,
 * and prints one line per call: "NAME: RESULT ERROR" (ERROR: EIO,
 * another errno's text, or "-" for a result other than -1). A library
 * that trusts no reply gives EIO for each lie.
 *
 *   cmsg     recvmsg, with room for control data, of a datagram a UDP
 *            socket sent itself on 127.0.0.1
 *   uname    uname
 *   sockopt  getsockopt of SO_RCVBUF
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

static void show(const char *name, long result)
{
	printf("%s: %ld %s\n", name, result, result != -1 ? "-" :
	       errno == EIO ? "EIO" : strerror(errno));
}

/* A datagram sent to itself, then received with room for control data. */
static void datagram_to_self(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	char data[8], control[64];
	struct iovec iov = { data, sizeof(data) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = control,
			     .msg_controllen = sizeof(control) };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	show("bind", bind(fd, (struct sockaddr *)&a, sizeof(a)));
	getsockname(fd, (struct sockaddr *)&a, &len);
	show("sendto", sendto(fd, "x", 1, 0, (struct sockaddr *)&a, len));
	show("recvmsg", recvmsg(fd, &mh, 0));
}

int main(int argc, char **argv)
{
	const char *mode = argc == 2 ? argv[1] : "";
	struct utsname u;
	socklen_t len = sizeof(int);
	int value, fd;

	if (!strcmp(mode, "cmsg")) {
		datagram_to_self();
	} else if (!strcmp(mode, "uname")) {
		show("uname", uname(&u));
	} else if (!strcmp(mode, "sockopt")) {
		fd = socket(AF_INET, SOCK_DGRAM, 0);
		show("socket", fd < 0 ? -1 : 0);
		show("getsockopt", getsockopt(fd, SOL_SOCKET, SO_RCVBUF,
					      &value, &len));
	} else {
		fprintf(stderr, "usage: network-lies cmsg|uname|sockopt\n");
		return 2;
	}
	return 0;
}
