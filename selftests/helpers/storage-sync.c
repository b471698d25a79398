// SPDX-License-Identifier: GPL-2.0
/*
 * storage-sync write PATH MIB: writes MIB MiB to PATH (no fsync), so the
 * storage domain holds them as dirty pages.
 * storage-sync fsync PATH MIB: the same, then fsync before close.
 * storage-sync sync: calls sync().
 * storage-sync syncfs PATH: calls syncfs() on a descriptor of PATH.
 * Prints "ok" or the error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int write_mib(const char *path, long mib, int durable)
{
	static char buf[1 << 20];
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	long i;

	if (fd < 0)
		return -1;
	memset(buf, 'd', sizeof(buf));
	for (i = 0; i < mib; i++)
		if (write(fd, buf, sizeof(buf)) != sizeof(buf))
			return -1;
	if (durable && fsync(fd))
		return -1;
	return close(fd);
}

int main(int argc, char **argv)
{
	int r = -1, fd;

	if (argc == 4 && (!strcmp(argv[1], "write") ||
			  !strcmp(argv[1], "fsync"))) {
		r = write_mib(argv[2], atol(argv[3]), argv[1][0] == 'f');
	} else if (argc == 2 && !strcmp(argv[1], "sync")) {
		sync();
		r = 0;
	} else if (argc == 3 && !strcmp(argv[1], "syncfs")) {
		fd = open(argv[2], O_RDONLY);
		r = fd < 0 ? -1 : syncfs(fd);
	} else {
		fprintf(stderr, "usage: storage-sync write|fsync PATH MIB | "
			"sync | syncfs PATH\n");
		return 2;
	}
	if (r) {
		printf("%s\n", strerror(errno));
		return 1;
	}
	printf("ok\n");
	return 0;
}
