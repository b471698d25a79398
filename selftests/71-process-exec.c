// SPDX-License-Identifier: GPL-2.0
/*
 * execve with remote descriptors: the new image keeps the inherited ones
 * under their numbers (same open file: the offset carries over), loses
 * the close-on-exec ones (also in the service domain), keeps a working
 * directory in /storage, and does not see the variable that carried its
 * state. The test runs itself again as the new image ("image" mode),
 * which reports what it found through its exit status, one bit per check.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

static const char *const checks[] = {
	"the inherited file keeps its number and offset (read gives \"def\")",
	"a close-on-exec remote descriptor is gone (EBADF)",
	"the working directory is still /storage/vt-exec-d",
	"a relative open resolves there",
	"the inherited socket is still a socket of the network domain",
	"VIRTUOS_EXEC_STATE is not in the new image's environment",
	"the new image can open new remote files",
};
#define NCHECKS (sizeof(checks) / sizeof(checks[0]))

static int image(int fd, int cloexec_fd, int sock)
{
	char buf[16] = "", cwd[PATH_MAX] = "";
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int bad = 0, f;

	if (read(fd, buf, sizeof(buf)) != 3 || strcmp(buf, "def"))
		bad |= 1 << 0;
	if (fcntl(cloexec_fd, F_GETFD) != -1 || errno != EBADF)
		bad |= 1 << 1;
	if (!getcwd(cwd, sizeof(cwd)) || strcmp(cwd, "/storage/vt-exec-d"))
		bad |= 1 << 2;
	f = open("rel", O_RDONLY);
	if (f < 0)
		bad |= 1 << 3;
	close(f);
	if (getsockname(sock, (struct sockaddr *)&a, &len) ||
	    a.sin_family != AF_INET || ntohs(a.sin_port) != 7300)
		bad |= 1 << 4;
	if (getenv("VIRTUOS_EXEC_STATE"))
		bad |= 1 << 5;
	f = open("/storage/vt-exec-new", O_CREAT | O_WRONLY, 0644);
	if (f < 0 || write(f, "x", 1) != 1)
		bad |= 1 << 6;
	close(f);
	return bad;
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(7300) };
	char sfd[3][16];
	int fd, cfd, sock, status, one = 1;
	unsigned i;
	pid_t pid;

	if (argc == 5 && !strcmp(argv[1], "image"))
		return image(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));

	tap_plan(NCHECKS + 2);
	mkdir("/storage/vt-exec-d", 0755);
	close(open("/storage/vt-exec-d/rel", O_CREAT | O_WRONLY, 0644));
	fd = open("/storage/vt-exec", O_CREAT | O_TRUNC | O_RDWR, 0644);
	write(fd, "abcdef", 6);
	lseek(fd, 3, SEEK_SET);
	cfd = open("/storage/vt-exec", O_RDONLY | O_CLOEXEC);
	sock = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	bind(sock, (struct sockaddr *)&a, sizeof(a));
	chdir("/storage/vt-exec-d");
	snprintf(sfd[0], sizeof(sfd[0]), "%d", fd);
	snprintf(sfd[1], sizeof(sfd[1]), "%d", cfd);
	snprintf(sfd[2], sizeof(sfd[2]), "%d", sock);
	pid = fork();
	if (pid == 0) {
		char *args[] = { "/virtuos/selftests/71-process-exec.t", "image",
				 sfd[0], sfd[1], sfd[2], NULL };

		execv(args[0], args);
		_exit(255);
	}
	waitpid(pid, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) != 255,
	       "the new image ran (status 0x%x)", status);
	for (i = 0; i < NCHECKS; i++)
		tap_ok(WIFEXITED(status) && WEXITSTATUS(status) != 255 &&
		       !(WEXITSTATUS(status) & (1 << i)), "%s", checks[i]);

	/* posix_spawn: the child shares our memory until it execs. */
	lseek(fd, 3, SEEK_SET);
	{
		char *args[] = { "/virtuos/selftests/71-process-exec.t", "image",
				 sfd[0], sfd[1], sfd[2], NULL };
		extern char **environ;

		status = -1;
		if (!posix_spawn(&pid, args[0], NULL, NULL, args, environ))
			waitpid(pid, &status, 0);
	}
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "a posix_spawn child image passes the same checks (bits 0x%x)",
	       WIFEXITED(status) ? WEXITSTATUS(status) : 0xff);
	close(fd);
	close(cfd);
	close(sock);
	chdir("/");
	unlink("/storage/vt-exec");
	unlink("/storage/vt-exec-new");
	unlink("/storage/vt-exec-d/rel");
	rmdir("/storage/vt-exec-d");
	return tap_finish();
}
