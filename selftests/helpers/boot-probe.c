// SPDX-License-Identifier: GPL-2.0
/*
 * boot-probe TOKEN PORT: one file call and one socket call through the
 * service domains, for the boot soak (tools/vm/boot-check).
 *
 * Writes TOKEN to /storage/boot-probe and reads it back (the storage
 * domain's disk), then connects over TCP to 10.99.0.1:PORT (dom0's
 * net-peer tcp-echo, reached through the network domain's stack and NIC),
 * sends TOKEN and expects it echoed. Prints "file ok" and "socket ok FROM"
 * (FROM: the local address the network domain gave the socket); on any
 * failure, what failed and errno, and exits 1.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int fail(const char *what)
{
	printf("FAILED %s: %s\n", what, strerror(errno));
	return 1;
}

static int probe_file(const char *token)
{
	char back[256] = "";
	size_t len = strlen(token);
	int fd;

	fd = open("/storage/boot-probe", O_CREAT | O_TRUNC | O_RDWR, 0644);
	if (fd < 0)
		return fail("open /storage/boot-probe");
	if (write(fd, token, len) != (ssize_t)len)
		return fail("write /storage/boot-probe");
	if (pread(fd, back, sizeof(back) - 1, 0) != (ssize_t)len ||
	    strcmp(back, token) != 0)
		return fail("read back /storage/boot-probe");
	if (close(fd) != 0)
		return fail("close /storage/boot-probe");
	printf("file ok\n");
	return 0;
}

static int probe_socket(const char *token, int port)
{
	struct sockaddr_in peer = { .sin_family = AF_INET };
	struct sockaddr_in self;
	socklen_t self_len = sizeof(self);
	char back[256] = "", from[INET_ADDRSTRLEN] = "?";
	size_t len = strlen(token), got = 0;
	ssize_t n;
	int fd;

	peer.sin_port = htons(port);
	inet_pton(AF_INET, "10.99.0.1", &peer.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return fail("socket");
	if (connect(fd, (struct sockaddr *)&peer, sizeof(peer)) != 0)
		return fail("connect 10.99.0.1");
	if (send(fd, token, len, 0) != (ssize_t)len)
		return fail("send");
	while (got < len) {
		n = recv(fd, back + got, len - got, 0);
		if (n <= 0)
			return fail("recv");
		got += n;
	}
	if (strcmp(back, token) != 0) {
		printf("FAILED echo: sent %s, got %s\n", token, back);
		return 1;
	}
	if (getsockname(fd, (struct sockaddr *)&self, &self_len) == 0)
		inet_ntop(AF_INET, &self.sin_addr, from, sizeof(from));
	close(fd);
	printf("socket ok %s\n", from);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3 || strlen(argv[1]) >= 200) {
		fprintf(stderr, "usage: boot-probe TOKEN PORT\n");
		return 2;
	}
	if (probe_file(argv[1]) != 0)
		return 1;
	return probe_socket(argv[1], atoi(argv[2]));
}
