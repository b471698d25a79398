// SPDX-License-Identifier: GPL-2.0
/*
 * A set-user-ID image takes no VIRTUOS_* setting from its environment,
 * which a less privileged caller wrote: user 1000 sets
 * VIRTUOS_STORAGE_PREFIX (moving /storage elsewhere) and VIRTUOS_TRACE
 * (every call written to stderr) and execs two copies of this program.
 * The plain copy follows both, as it should; the set-user-ID root copy
 * still finds its files under /storage and traces nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "self-copy.h"
#include "tap.h"

#define DIR "/storage/vt-secure"
#define STORED DIR "/file"
#define PLAIN_COPY "/virtuos/selftests/vt-plain-env"
#define SUID_COPY "/virtuos/selftests/vt-suid-env"
#define OUT "/tmp/vt-secure.out"
#define ERR "/tmp/vt-secure.err"

/* In the copy: where an open of STORED leads, on stdout. */
static int probe(void)
{
	char buf[16] = "";
	int fd = open(STORED, O_RDONLY);

	if (fd < 0 || read(fd, buf, sizeof(buf) - 1) < 0)
		printf("storage: %s\n", strerror(errno));
	else
		printf("storage: %s", buf);
	return 0;
}

/* Runs @copy as user 1000 with the settings in its environment, its
 * output in OUT and ERR; its exit status. */
static int run_as_user(const char *copy)
{
	char *argv[] = { (char *)copy, "--probe", NULL };
	int status, out, err;
	pid_t pid;

	unlink(OUT);
	unlink(ERR);
	out = open(OUT, O_CREAT | O_WRONLY, 0666);
	err = open(ERR, O_CREAT | O_WRONLY, 0666);
	pid = fork();
	if (pid == 0) {
		if (dup2(out, 1) < 0 || dup2(err, 2) < 0 || setgroups(0, NULL) ||
		    setgid(1000) || setuid(1000))
			_exit(120);
		setenv("VIRTUOS_STORAGE_PREFIX", "/vt-elsewhere", 1);
		setenv("VIRTUOS_TRACE", "1", 1);
		execv(copy, argv);
		_exit(121);
	}
	close(out);
	close(err);
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Whether @path holds @text. */
static int holds(const char *path, const char *text)
{
	static char buf[1 << 16];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	if (n < 0)
		return 0;
	buf[n] = '\0';
	return strstr(buf, text) != NULL;
}

int main(int argc, char **argv)
{
	int fd, st;

	if (argc == 2 && !strcmp(argv[1], "--probe"))
		return probe();
	tap_plan(5);
	mkdir(DIR, 0755);
	fd = open(STORED, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	tap_ok(fd >= 0 && write(fd, "stored\n", 7) == 7 && close(fd) == 0 &&
	       copy_self(PLAIN_COPY, 0755) == 0 && copy_self(SUID_COPY, 04755) == 0,
	       "a file under /storage, a plain and a set-user-ID root copy of this test");

	st = run_as_user(PLAIN_COPY);
	tap_ok(st == 0 && holds(OUT, "storage: No such file or directory"),
	       "plain copy: VIRTUOS_STORAGE_PREFIX moved /storage away (status %d)", st);
	tap_ok(holds(ERR, "virtuos["), "plain copy: VIRTUOS_TRACE traced its calls");

	st = run_as_user(SUID_COPY);
	tap_ok(st == 0 && holds(OUT, "storage: stored"),
	       "set-user-ID copy: /storage is still the storage domain's (status %d)", st);
	tap_ok(!holds(ERR, "virtuos["), "set-user-ID copy: nothing traced");

	unlink(PLAIN_COPY);
	unlink(SUID_COPY);
	unlink(STORED);
	rmdir(DIR);
	return tap_finish();
}
