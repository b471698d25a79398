// SPDX-License-Identifier: GPL-2.0
/*
 * virtuos-shadowd: the shadow executor of a VirtuOS service domain.
 *
 * It holds /dev/virtuos_sd open, which the companion module shows as
 * "executor running" in /sys/kernel/virtuos_sd/executor. Shadows of client
 * processes (one per process, forked from here) attach to it once the
 * request protocol exists; until then it only keeps the device open and
 * exits cleanly on SIGTERM, closing it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define EXECUTOR_DEVICE "/dev/virtuos_sd"

static volatile sig_atomic_t stopping;

static void on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

int main(void)
{
	struct sigaction sa;
	int fd, tries;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	for (tries = 0; (fd = open(EXECUTOR_DEVICE, O_RDWR | O_CLOEXEC)) < 0;
	     tries++) {
		if (tries == 50) {
			fprintf(stderr, "virtuos-shadowd: %s: %s\n",
				EXECUTOR_DEVICE, strerror(errno));
			return 1;
		}
		usleep(100000);
	}
	printf("virtuos-shadowd: ready on %s\n", EXECUTOR_DEVICE);
	fflush(stdout);
	while (!stopping)
		pause();
	close(fd);
	return 0;
}
