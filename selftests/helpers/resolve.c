// SPDX-License-Identifier: GPL-2.0
/*
 * resolve NAME 4|6: getaddrinfo with musl-virtuos. Prints each address
 * found, one per line, or "error: " and getaddrinfo's message (exit 1).
 * musl's resolver reads the primary's /etc/hosts and /etc/resolv.conf;
 * its DNS queries go out on a network-domain socket and it waits for the
 * answers with poll.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int main(int argc, char **argv)
{
	struct addrinfo hints, *res, *ai;
	char text[INET6_ADDRSTRLEN];
	int r;

	if (argc != 3 || (strcmp(argv[2], "4") && strcmp(argv[2], "6"))) {
		fprintf(stderr, "usage: resolve NAME 4|6\n");
		return 2;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = argv[2][0] == '4' ? AF_INET : AF_INET6;
	hints.ai_socktype = SOCK_STREAM;
	r = getaddrinfo(argv[1], NULL, &hints, &res);
	if (r) {
		printf("error: %s\n", gai_strerror(r));
		return 1;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		const void *addr = ai->ai_family == AF_INET ?
			(const void *)&((struct sockaddr_in *)ai->ai_addr)->sin_addr :
			(const void *)&((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr;

		printf("%s\n", inet_ntop(ai->ai_family, addr, text, sizeof(text)));
	}
	freeaddrinfo(res);
	return 0;
}
