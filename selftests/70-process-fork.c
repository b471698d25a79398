// SPDX-License-Identifier: GPL-2.0
/*
 * fork with remote descriptors: the child has shadows of its own, forked
 * from the parent's, so inherited descriptors are the same open files
 * (shared offset) while opens, closes and chdir stay per process; a
 * listening socket closed by the parent right after fork goes on
 * accepting in the child (the pattern of forking servers); and 200
 * fork/exit cycles leave no granted page behind.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "granted-pages.h"
#include "tap.h"

static int child_status(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int file_is(const char *path, const char *want)
{
	char buf[64] = "";
	int fd = open(path, O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	close(fd);
	return n == (long)strlen(want) && !memcmp(buf, want, n);
}


/* granted_pages once the module has reclaimed what exited processes left:
 * the same value three times, 200 ms apart (at most 10 s). */
static long settled_pages(void)
{
	long last = granted_pages(), now, same = 0;
	int i;

	for (i = 0; i < 50 && same < 2; i++) {
		usleep(200000);
		now = granted_pages();
		same = now == last ? same + 1 : 0;
		last = now;
	}
	return last;
}

static void test_files(void)
{
	char cwd[PATH_MAX] = "";
	pid_t pid;
	int fd, st;

	mkdir("/storage/vt-fork-d", 0755);
	fd = open("/storage/vt-fork", O_CREAT | O_TRUNC | O_RDWR, 0644);
	write(fd, "ab", 2);
	chdir("/storage");
	pid = fork();
	if (pid == 0) {
		int ok = write(fd, "cd", 2) == 2 && lseek(fd, 0, SEEK_CUR) == 4;
		int own = open("/storage/vt-fork-child", O_CREAT | O_WRONLY, 0644);

		ok = ok && own >= 0 && close(own) == 0;
		ok = ok && close(fd) == 0 && chdir("vt-fork-d") == 0;
		_exit(ok ? 0 : 1);
	}
	st = child_status(pid);
	tap_ok(st == 0, "the child writes through the inherited descriptor, "
	       "opens its own file, closes the inherited one (status %d)", st);
	tap_ok(lseek(fd, 0, SEEK_CUR) == 4,
	       "the parent's offset moved with the child's write (shared)");
	tap_ok(write(fd, "ef", 2) == 2 && file_is("/storage/vt-fork", "abcdef"),
	       "the child's close left the parent's descriptor open: abcdef");
	tap_ok(getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/storage"),
	       "the child's chdir did not move the parent (%s)", cwd);
	tap_ok(access("/storage/vt-fork-child", F_OK) == 0,
	       "the child's file exists for the parent");
	close(fd);
	chdir("/");
	unlink("/storage/vt-fork");
	unlink("/storage/vt-fork-child");
	rmdir("/storage/vt-fork-d");
}

static void test_forking_server(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(7200) };
	char buf[16] = "";
	int l, c, one = 1;
	pid_t pid;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	bind(l, (struct sockaddr *)&a, sizeof(a));
	listen(l, 4);
	pid = fork();
	if (pid == 0) {
		int s = accept(l, NULL, NULL);
		long n = s < 0 ? -1 : read(s, buf, sizeof(buf));

		_exit(n == 5 && write(s, "olleh", 5) == 5 ? 0 : 1);
	}
	close(l);	/* as a forking server does */
	c = socket(AF_INET, SOCK_STREAM, 0);
	tap_ok(connect(c, (struct sockaddr *)&a, sizeof(a)) == 0,
	       "the listening socket the parent closed still listens in the "
	       "child");
	write(c, "hello", 5);
	tap_ok(read(c, buf, sizeof(buf)) == 5 && !memcmp(buf, "olleh", 5) &&
	       child_status(pid) == 0, "the child accepted and answered");
	close(c);
}

static void test_cycles(void)
{
	long before, after;
	int i, fd, bad = 0;
	struct stat st;

	fd = open("/storage/vt-fork-cycles", O_CREAT | O_RDWR, 0644);
	before = settled_pages();
	for (i = 0; i < 200; i++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(fstat(fd, &st) == 0 ? 0 : errno);
		st.st_size = child_status(pid);
		if (st.st_size != 0) {
			if (!bad)
				tap_diag("cycle %d: the child's fstat: %s", i,
					 strerror(st.st_size));
			bad++;
		}
	}
	after = settled_pages();
	tap_ok(!bad, "200 children each used the inherited descriptor "
	       "(%d failed)", bad);
	tap_ok(before > 0 && after == before,
	       "no granted page left behind (%ld before, %ld after)", before,
	       after);
	close(fd);
	unlink("/storage/vt-fork-cycles");
}

static void test_unattached(void)
{
	pid_t pid;
	int st;

	pid = fork();
	if (pid == 0)
		_exit(access("/storage", F_OK) == 0 ? 0 : 1);
	st = child_status(pid);
	tap_ok(st == 0, "a path call in a new child works (%d)", st);
}

int main(void)
{
	tap_plan(10);
	test_files();
	test_forking_server();
	test_cycles();
	test_unattached();
	return tap_finish();
}
