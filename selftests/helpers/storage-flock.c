// SPDX-License-Identifier: GPL-2.0
/*
 * storage-flock PATH hold|wait: opens PATH and takes an exclusive flock.
 * "hold" prints "locked" and keeps it until killed; "wait" prints
 * "waiting", blocks in flock (a call in flight in the service domain) and
 * prints how it ended: "flock: 0" or "flock: ERRNO-NAME", with the time it
 * took in milliseconds; then how a later read of the same descriptor ends:
 * "later read: N" (bytes) or "later read: ERRNO-NAME".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	char buf[16];
	ssize_t n;
	long start;
	int fd, r;

	if (argc != 3) {
		fprintf(stderr, "usage: storage-flock PATH hold|wait\n");
		return 2;
	}
	fd = open(argv[1], O_CREAT | O_RDWR, 0644);
	if (fd < 0) {
		printf("open: %s\n", strerror(errno));
		return 1;
	}
	if (!strcmp(argv[2], "hold")) {
		if (flock(fd, LOCK_EX)) {
			printf("flock: %s\n", strerror(errno));
			return 1;
		}
		printf("locked\n");
		fflush(stdout);
		for (;;)
			pause();
	}
	printf("waiting\n");
	fflush(stdout);
	start = now_ms();
	r = flock(fd, LOCK_EX);
	printf("flock: %s after %ld ms\n", r ? (errno == EIO ? "EIO" : strerror(errno)) : "0",
	       now_ms() - start);
	n = pread(fd, buf, sizeof(buf), 0);
	if (n < 0)
		printf("later read: %s\n", errno == EIO ? "EIO" : strerror(errno));
	else
		printf("later read: %ld\n", (long)n);
	return 0;
}
