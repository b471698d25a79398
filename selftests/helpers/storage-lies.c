// SPDX-License-Identifier: GPL-2.0
/*
 * storage-lies MODE: makes the calls that the hostile executor's MODE
 * (module/executor/hostile.c) answers with lies, and prints one line per
 * call: "NAME: RESULT ERROR" (ERROR: EIO, another errno's text, or "-"
 * for a result other than -1). A library that trusts no reply gives EIO
 * for each of them.
 *
 *   status   open of a /storage file
 *   count    write, read, pwrite and pread of 10 bytes
 *   dirents  readdir of /storage
 *   strings  getcwd in /storage
 *   flood    one access of /storage, then "area interrupts: N", the
 *            interrupts of the "virtuos-area" channels so far (this
 *            process's only, when no other process uses a domain)
 *   epoll    an inotify watch of /storage in an epoll set, a file made
 *            there, then epoll_wait
 *   silent   prints "calling", then one access of /storage
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <unistd.h>

#define FILE_NAME "/storage/vt-lies"

static void show(const char *name, long result)
{
	printf("%s: %ld %s\n", name, result, result != -1 ? "-" :
	       errno == EIO ? "EIO" : strerror(errno));
}

/* The interrupts of every "virtuos-area" line of /proc/interrupts. */
static long area_interrupts(void)
{
	FILE *f = fopen("/proc/interrupts", "r");
	char line[1024], *p, *end;
	long sum = 0, n;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strstr(line, "virtuos-area") || !(p = strchr(line, ':')))
			continue;
		for (p++; (n = strtol(p, &end, 10)) >= 0 && end != p; p = end)
			sum += n;
	}
	fclose(f);
	return sum;
}

/* An epoll set watching an inotify instance that watches /storage. */
static int watched_file(void)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x5eed };
	int in = inotify_init1(IN_NONBLOCK), ep = epoll_create1(0);

	show("inotify_add_watch",
	     inotify_add_watch(in, "/storage", IN_CREATE) < 0 ? -1 : 0);
	show("epoll_ctl", epoll_ctl(ep, EPOLL_CTL_ADD, in, &ev));
	close(open(FILE_NAME "-epoll", O_WRONLY | O_CREAT, 0644));
	show("epoll_wait", epoll_wait(ep, &ev, 1, 5000));
	return 0;
}

int main(int argc, char **argv)
{
	char buf[16] = "0123456789";
	const char *mode = argc == 2 ? argv[1] : "";
	DIR *dir;
	int fd;

	if (!strcmp(mode, "status")) {
		fd = open(FILE_NAME, O_RDWR | O_CREAT, 0644);
		show("open", fd);
	} else if (!strcmp(mode, "count")) {
		fd = open(FILE_NAME, O_RDWR | O_CREAT, 0644);
		show("open", fd);
		show("write", write(fd, buf, 10));
		show("pwrite", pwrite(fd, buf, 10, 0));
		show("read", read(fd, buf, 10));
		show("pread", pread(fd, buf, 10, 0));
	} else if (!strcmp(mode, "dirents")) {
		dir = opendir("/storage");
		show("opendir", dir ? 0 : -1);
		if (dir) {
			errno = 0;
			show("readdir", readdir(dir) ? 0 : -1);
		}
	} else if (!strcmp(mode, "strings")) {
		show("chdir", chdir("/storage"));
		show("getcwd", getcwd(buf, sizeof(buf)) ? 0 : -1);
	} else if (!strcmp(mode, "flood")) {
		show("access", access("/storage", F_OK));
		printf("area interrupts: %ld\n", area_interrupts());
	} else if (!strcmp(mode, "epoll")) {
		return watched_file();
	} else if (!strcmp(mode, "silent")) {
		printf("calling\n");
		fflush(stdout);
		show("access", access("/storage", F_OK));
	} else {
		fprintf(stderr, "usage: storage-lies status|count|dirents|strings|flood|epoll|silent\n");
		return 2;
	}
	return 0;
}
