// SPDX-License-Identifier: GPL-2.0
/*
 * fanotify marks on /storage: the instance moves to the storage domain at
 * its first mark there; an event's descriptor is a remote descriptor of the
 * file (it reads what was written, its inode is the file's); events with
 * file identifiers carry the name; a permission event holds another
 * process's open until the response, which FAN_DENY turns into EPERM and
 * FAN_ALLOW lets through; one instance cannot mark both kernels (EXDEV).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/fanotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

#define DIR "/storage/vt-fanotify"
#define PLAN 10

static char buf[4096] __attribute__((aligned(8)));

/* Waits up to @ms for events on @fan and reads them; the first, or NULL. */
static struct fanotify_event_metadata *first_event(int fan, int ms)
{
	struct pollfd p = { .fd = fan, .events = POLLIN };
	ssize_t n;

	if (poll(&p, 1, ms) != 1)
		return NULL;
	n = read(fan, buf, sizeof(buf));
	if (n < (ssize_t)sizeof(struct fanotify_event_metadata))
		return NULL;
	return (struct fanotify_event_metadata *)buf;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	return close(fd) || n != (ssize_t)strlen(text) ? -1 : 0;
}

/* A child opens @path; the status is 0 or the open's errno. */
static pid_t child_opens(const char *path)
{
	pid_t pid = fork();
	int fd;

	if (pid == 0) {
		fd = open(path, O_RDONLY);
		_exit(fd < 0 ? errno : 0);
	}
	return pid;
}

/* Answers the permission event for @pid's open with @answer; the child's
 * exit status (its open's errno, or 0), or -1. */
static int answer_open(int fan, pid_t pid, unsigned int answer)
{
	struct fanotify_event_metadata *e = first_event(fan, 5000);
	struct fanotify_response r;
	int status;

	if (!e || !(e->mask & FAN_OPEN_PERM) || e->fd < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -1;
	}
	r.fd = e->fd;
	r.response = answer;
	if (write(fan, &r, sizeof(r)) != sizeof(r))
		return -1;
	close(e->fd);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

int main(void)
{
	struct fanotify_event_metadata *e;
	struct fanotify_event_info_fid *fid;
	struct stat st, est;
	char text[16] = "", path[64];
	int fan, fan2, fan3, fan4, r, i, got;
	const char *name;
	pid_t pid;

	tap_plan(PLAN);
	fan = fanotify_init(FAN_CLASS_NOTIF | FAN_NONBLOCK | FAN_CLOEXEC,
			    O_RDONLY | O_CLOEXEC);
	if (fan < 0) {
		for (i = 0; i < PLAN; i++)
			tap_skip("fanotify_init needs CAP_SYS_ADMIN", "fanotify");
		return tap_finish();
	}
	mkdir(DIR, 0755);
	r = fanotify_mark(fan, FAN_MARK_ADD, FAN_CLOSE_WRITE | FAN_EVENT_ON_CHILD,
			  AT_FDCWD, DIR);
	tap_ok(!r, "a mark on a /storage directory (%s)", r ? strerror(errno) : "ok");
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fan);
	r = readlink(path, buf, sizeof(buf) - 1);
	buf[r > 0 ? r : 0] = 0;
	tap_ok(!strcmp(buf, "/dev/null"),
	       "the instance moved to the storage domain: its number holds %s here", buf);

	write_file(DIR "/f", "hello");
	e = first_event(fan, 2000);
	got = e && e->fd >= 0 ? pread(e->fd, text, 5, 0) : -1;
	tap_ok(e && (e->mask & FAN_CLOSE_WRITE) && got == 5 && !memcmp(text, "hello", 5),
	       "FAN_CLOSE_WRITE; its descriptor reads what was written (%d)", got);
	tap_ok(e && e->fd >= 0 && !fstat(e->fd, &est) && !stat(DIR "/f", &st) &&
	       st.st_ino == est.st_ino && e->pid == 0 &&
	       (fcntl(e->fd, F_GETFD) & FD_CLOEXEC),
	       "its descriptor is the file (inode), close-on-exec as asked; pid 0");
	tap_ok(e && e->fd >= 0 && !close(e->fd), "the event's descriptor closes");

	fan2 = fanotify_init(FAN_CLASS_NOTIF | FAN_REPORT_DFID_NAME, 0);
	r = fanotify_mark(fan2, FAN_MARK_ADD, FAN_CREATE | FAN_ONDIR, AT_FDCWD, DIR);
	write_file(DIR "/g", "x");
	e = r ? NULL : first_event(fan2, 2000);
	fid = e ? (void *)(e + 1) : NULL;
	name = fid ? (const char *)(fid->handle + sizeof(struct file_handle) +
				   ((struct file_handle *)fid->handle)->handle_bytes) : "";
	tap_ok(e && e->fd == FAN_NOFD && (e->mask & FAN_CREATE) &&
	       e->event_len > e->metadata_len &&
	       fid->hdr.info_type == FAN_EVENT_INFO_TYPE_DFID_NAME && !strcmp(name, "g"),
	       "FAN_REPORT_DFID_NAME: FAN_CREATE without a descriptor, named \"%s\"",
	       name);

	write_file(DIR "/p", "secret");
	fan3 = fanotify_init(FAN_CLASS_CONTENT, O_RDONLY);
	r = fanotify_mark(fan3, FAN_MARK_ADD, FAN_OPEN_PERM, AT_FDCWD, DIR "/p");
	pid = child_opens(DIR "/p");
	r = r ? -1 : answer_open(fan3, pid, FAN_DENY);
	tap_ok(r == EPERM, "FAN_OPEN_PERM held another process's open; FAN_DENY: EPERM (%d)",
	       r);
	pid = child_opens(DIR "/p");
	r = answer_open(fan3, pid, FAN_ALLOW);
	tap_ok(r == 0, "FAN_ALLOW: the open succeeds (%d)", r);
	r = fanotify_mark(fan3, FAN_MARK_FLUSH, 0, AT_FDCWD, NULL);
	tap_ok(!r, "FAN_MARK_FLUSH on the moved instance (%s)", r ? strerror(errno) : "ok");

	fan4 = fanotify_init(FAN_CLASS_NOTIF, 0);
	r = fanotify_mark(fan4, FAN_MARK_ADD, FAN_CLOSE_WRITE, AT_FDCWD, "/tmp");
	r = r ? r : fanotify_mark(fan4, FAN_MARK_ADD, FAN_CLOSE_WRITE, AT_FDCWD, DIR);
	tap_ok(r < 0 && errno == EXDEV &&
	       fanotify_mark(fan, FAN_MARK_ADD, FAN_CLOSE_WRITE, AT_FDCWD, "/tmp") < 0 &&
	       errno == EXDEV,
	       "one instance cannot mark both kernels: EXDEV either way");
	close(fan);
	close(fan2);
	close(fan3);
	close(fan4);
	unlink(DIR "/f");
	unlink(DIR "/g");
	unlink(DIR "/p");
	rmdir(DIR);
	return tap_finish();
}
