// SPDX-License-Identifier: GPL-2.0
/*
 * execve of programs that live under /storage: a copy of this program
 * (which the primary's file system does not have), run with execv and with
 * fexecve on a /storage descriptor, keeps the remote descriptors it
 * inherits; a shell script there runs through its interpreter; the
 * storage domain's permissions decide (EACCES for a file without execute
 * permission and for a directory, ENOENT for a missing file).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "self-copy.h"
#include "tap.h"

#define PROG "/storage/vt-exec-prog"
#define SCRIPT "/storage/vt-exec-script"
#define PLAIN "/storage/vt-exec-plain"
#define NOTE "/storage/vt-exec-note"

/* The copy, run as "PROG --child FD": exits 42 if descriptor FD (a
 * /storage file it inherited) reads "note". */
static int child_mode(const char *fdstr)
{
	char buf[4];

	if (pread(atoi(fdstr), buf, 4, 0) != 4 || memcmp(buf, "note", 4))
		return 1;
	return 42;
}

static int write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);

	if (fd < 0 || write(fd, text, strlen(text)) < 0)
		return -1;
	fchmod(fd, mode);
	return close(fd);
}

/* Runs fn(arg) in a child; its wait status. */
static int run(void (*fn)(const char *), const char *arg)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		fn(arg);
		_exit(errno < 100 ? 100 + errno : 99);
	}
	waitpid(pid, &status, 0);
	return status;
}

static void exec_path(const char *fdstr)
{
	execl(PROG, PROG, "--child", fdstr, (char *)NULL);
}

static void exec_fd(const char *fdstr)
{
	char *argv[] = { "vt-exec-prog", "--child", (char *)fdstr, NULL };
	int fd = open(PROG, O_RDONLY);

	fexecve(fd, argv, environ);
}

static void exec_script(const char *unused)
{
	(void)unused;
	execl(SCRIPT, SCRIPT, (char *)NULL);
}

static void exec_named(const char *path)
{
	execl(path, path, (char *)NULL);
}

int main(int argc, char **argv)
{
	char fdstr[16];
	int note, st;

	if (argc == 3 && !strcmp(argv[1], "--child"))
		return child_mode(argv[2]);
	tap_plan(8);
	tap_ok(copy_self(PROG, 0755) == 0, "this program copied to " PROG);
	tap_ok(access(PROG, X_OK) == 0 && access("/vt-exec-prog", F_OK) != 0,
	       "it is executable there, and the primary has no such file");
	write_file(NOTE, "note", 0644);
	note = open(NOTE, O_RDONLY);
	snprintf(fdstr, sizeof(fdstr), "%d", note);

	st = run(exec_path, fdstr);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 42,
	       "execv of it runs, and it reads the /storage descriptor it inherited (status %#x)",
	       st);
	st = run(exec_fd, fdstr);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 42,
	       "fexecve on a /storage descriptor of it: the same (status %#x)", st);
	write_file(SCRIPT, "#!/bin/sh\nexit 7\n", 0755);
	st = run(exec_script, NULL);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 7,
	       "a shell script there runs through /bin/sh (status %#x)", st);
	write_file(PLAIN, "#!/bin/sh\nexit 0\n", 0644);
	st = run(exec_named, PLAIN);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 100 + EACCES,
	       "without execute permission: EACCES (status %#x)", st);
	st = run(exec_named, "/storage");
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 100 + EACCES,
	       "a directory: EACCES (status %#x)", st);
	st = run(exec_named, "/storage/vt-exec-missing");
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 100 + ENOENT,
	       "a missing file: ENOENT (status %#x)", st);
	close(note);
	unlink(PROG);
	unlink(SCRIPT);
	unlink(PLAIN);
	unlink(NOTE);
	return tap_finish();
}
