// SPDX-License-Identifier: GPL-2.0
/*
 * fork-cycles N [K]: with a file open in the storage domain and a socket
 * in the network domain, forks N children one after the other; each uses
 * both inherited descriptors and exits; with K, every K-th child is
 * killed with SIGKILL while it blocks in the network domain instead.
 * Prints "cycles N failed F".
 */
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(7600) };
	int n = argc >= 2 ? atoi(argv[1]) : 0, i, failed = 0, fd, s, status;
	int k = argc == 3 ? atoi(argv[2]) : 0;
	struct stat st;

	if (n <= 0) {
		fprintf(stderr, "usage: fork-cycles N [K]\n");
		return 2;
	}
	fd = open("/storage/vt-cycles", O_CREAT | O_RDWR, 0644);
	s = socket(AF_INET, SOCK_DGRAM, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a))) {
		perror("fork-cycles");
		return 1;
	}
	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			char c;

			if (fstat(fd, &st) || st.st_nlink != 1)
				_exit(100 + errno % 100);
			if (k && i % k == k - 1)	/* killed in recv */
				recv(s, &c, 1, 0);
			_exit(getsockname(s, (struct sockaddr *)&a,
					  &(socklen_t){ sizeof(a) }) ? errno % 100
								     : 0);
		}
		if (k && i % k == k - 1) {
			usleep(20000);
			kill(pid, SIGKILL);
		}
		if (waitpid(pid, &status, 0) != pid ||
		    (!(k && i % k == k - 1) &&
		     (!WIFEXITED(status) || WEXITSTATUS(status)))) {
			if (!failed)
				fprintf(stderr, "fork-cycles: cycle %d: status "
					"0x%x\n", i, status);
			failed++;
		}
	}
	close(fd);
	close(s);
	unlink("/storage/vt-cycles");
	printf("cycles %d failed %d\n", n, failed);
	return failed != 0;
}
