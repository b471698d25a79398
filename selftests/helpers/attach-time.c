// SPDX-License-Identifier: GPL-2.0
/*
 * attach-time: how long a new process takes to make its first network
 * socket (which attaches it to the network domain), and how long from
 * its exit until waitpid reports it (which includes the DETACH of its
 * area and the end of its shadow). Prints "attach MS exit MS", or
 * "error WHAT".
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(void)
{
	int up[2], go[2], status;
	double attach, t0;
	pid_t pid;
	char c;

	if (pipe(up) || pipe(go)) {
		printf("error pipe\n");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		printf("error fork\n");
		return 1;
	}
	if (pid == 0) {
		double t = now_ms();

		if (socket(AF_INET, SOCK_DGRAM, 0) < 0)
			t = -1;
		else
			t = now_ms() - t;
		if (write(up[1], &t, sizeof(t)) != sizeof(t) ||
		    read(go[0], &c, 1) != 1)
			_exit(1);
		_exit(0);
	}
	if (read(up[0], &attach, sizeof(attach)) != sizeof(attach) ||
	    attach < 0) {
		printf("error socket\n");
		return 1;
	}
	t0 = now_ms();
	if (write(go[1], "x", 1) != 1 || waitpid(pid, &status, 0) != pid) {
		printf("error exit\n");
		return 1;
	}
	printf("attach %.0f exit %.0f\n", attach, now_ms() - t0);
	return 0;
}
