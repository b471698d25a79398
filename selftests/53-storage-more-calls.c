// SPDX-License-Identifier: GPL-2.0
/*
 * File calls that programs make by raw number or that musl does not wrap
 * the usual way, on /storage: utime, utimes, futimesat, openat2 (with its
 * resolve flags), readahead, syncfs, sync and close_range; the ioctl
 * requests of files that take one int; watches and file handles refused
 * with EOPNOTSUPP. The primary has
 * no /storage at all, so every time and every byte seen here comes from the
 * storage domain (sync and syncfs are checked there by 54-storage-sync.sh).
 * Then two opens of one file in one process, in mixed
 * access modes, each keeping its own mode; and a remote descriptor that
 * reaches a program not linked with musl-virtuos fails with EBADF instead
 * of reading as empty or swallowing writes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/fiemap.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <time.h>
#include <utime.h>

#include "tap.h"

#define DIR "/storage/vt-more"
#define FILE_PATH DIR "/file"

static long mtime_of(const char *path, long *nsec)
{
	struct stat st;

	if (stat(path, &st))
		return -errno;
	if (nsec)
		*nsec = st.st_mtim.tv_nsec;
	return st.st_mtim.tv_sec;
}

static void old_time_calls(void)
{
	struct utimbuf ub = { .actime = 1000, .modtime = 2000 };
	struct timeval tv[2] = { { 3000, 0 }, { 4000, 500000 } };
	struct timeval bad[2] = { { 1, 0 }, { 1, 1000000 } };
	long r, sec, ns = -1;
	int dfd;

	r = syscall(SYS_utime, FILE_PATH, &ub);
	tap_ok(!r && mtime_of(FILE_PATH, NULL) == 2000,
	       "SYS_utime on /storage sets the time there (%ld, mtime %ld)",
	       r ? -errno : 0, mtime_of(FILE_PATH, NULL));
	r = syscall(SYS_utimes, FILE_PATH, tv);
	sec = mtime_of(FILE_PATH, &ns);
	tap_ok(!r && sec == 4000 && ns == 500000000,
	       "SYS_utimes keeps microseconds (mtime %ld.%09ld)", sec, ns);
	dfd = open(DIR, O_RDONLY | O_DIRECTORY);
	tv[1].tv_sec = 5000;
	r = syscall(SYS_futimesat, dfd, "file", tv);
	tap_ok(!r && mtime_of(FILE_PATH, NULL) == 5000,
	       "SYS_futimesat relative to a /storage directory (%ld)",
	       r ? -errno : 0);
	tv[1].tv_sec = 6000;
	r = syscall(SYS_futimesat, AT_FDCWD, FILE_PATH, tv);
	tap_ok(!r && mtime_of(FILE_PATH, NULL) == 6000,
	       "SYS_futimesat with an absolute /storage path (%ld)",
	       r ? -errno : 0);
	r = syscall(SYS_utime, FILE_PATH, NULL);
	tap_ok(!r && mtime_of(FILE_PATH, NULL) > time(NULL) - 600,
	       "SYS_utime with NULL: now (%ld)", mtime_of(FILE_PATH, NULL));
	r = syscall(SYS_utimes, FILE_PATH, bad);
	tap_ok(r == -1 && errno == EINVAL, "SYS_utimes with tv_usec 1000000: "
	       "EINVAL (%s)", r ? strerror(errno) : "0");
	r = syscall(SYS_utime, FILE_PATH, (void *)16);
	tap_ok(r == -1 && errno == EFAULT, "SYS_utime with a bad pointer: "
	       "EFAULT (%s)", r ? strerror(errno) : "0");
	close(dfd);
}

static void openat2_calls(void)
{
	struct open_how how = { .flags = O_RDONLY | O_CLOEXEC };
	char buf[8] = "";
	long fd;
	int dfd = open(DIR, O_RDONLY | O_DIRECTORY);

	fd = syscall(SYS_openat2, dfd, "file", &how, sizeof(how));
	tap_ok(fd >= 0 && read(fd, buf, 5) == 5 && !memcmp(buf, "hello", 5) &&
	       fcntl(fd, F_GETFD) == FD_CLOEXEC,
	       "openat2 of a /storage file: its bytes, close-on-exec (%s)",
	       fd < 0 ? strerror(errno) : buf);
	close(fd);
	how.resolve = RESOLVE_BENEATH;
	fd = syscall(SYS_openat2, dfd, "../vt-more/file", &how, sizeof(how));
	tap_ok(fd == -1 && errno == EXDEV,
	       "openat2 RESOLVE_BENEATH out of the directory: EXDEV, "
	       "decided in the storage domain (%s)",
	       fd >= 0 ? "opened" : strerror(errno));
	if (fd >= 0)
		close(fd);
	how.resolve = 0;
	fd = syscall(SYS_openat2, dfd, "file", &how, 4);
	tap_ok(fd == -1 && errno == EINVAL, "openat2 with a short how: EINVAL "
	       "(%s)", fd >= 0 ? "opened" : strerror(errno));
	if (fd >= 0)
		close(fd);
	close(dfd);
}

static void fd_calls(int fd)
{
	long r;

	r = syscall(SYS_readahead, fd, 0L, 4096L);
	tap_ok(r == 0, "readahead of a /storage file: 0 (%s)",
	       r ? strerror(errno) : "ok");
	r = syscall(SYS_syncfs, fd);
	tap_ok(r == 0, "syncfs of a /storage file: 0 (%s)",
	       r ? strerror(errno) : "ok");
}

static void ioctl_calls(int fd)
{
	int avail = -1, bsz = -1, flags = -1, again = -1;
	long r;

	lseek(fd, 2, SEEK_SET);
	r = ioctl(fd, FIONREAD, &avail);
	tap_ok(!r && avail == 10, "FIONREAD at offset 2 of 12 bytes: 10 (%d, %s)",
	       avail, r ? strerror(errno) : "ok");
	r = ioctl(fd, FIGETBSZ, &bsz);
	tap_ok(!r && bsz >= 1024 && !(bsz & (bsz - 1)),
	       "FIGETBSZ: the storage file system's block size (%d)", bsz);
	r = ioctl(fd, FS_IOC_GETFLAGS, &flags);
	if (!r) {
		flags |= FS_NOATIME_FL;
		r = ioctl(fd, FS_IOC_SETFLAGS, &flags);
	}
	if (!r)
		r = ioctl(fd, FS_IOC_GETFLAGS, &again);
	tap_ok(!r && (again & FS_NOATIME_FL),
	       "FS_IOC_SETFLAGS noatime, then FS_IOC_GETFLAGS shows it (%#x, %s)",
	       again, r ? strerror(errno) : "ok");
	r = ioctl(fd, FS_IOC_GETVERSION, &flags);
	tap_ok(r == -1 && errno == ENOTTY, "any other request (FS_IOC_GETVERSION): "
	       "ENOTTY (%s)", r ? strerror(errno) : "0");
}

/* File handles: refused on /storage with EOPNOTSUPP, as on a file system
 * without them, not ENOENT from the primary's kernel. Watches work there
 * (89-wait-inotify.c has the rest). */
static void refused_calls(void)
{
	struct {
		struct file_handle fh;
		unsigned char bytes[128];
	} h = { .fh.handle_bytes = 128 };
	int ifd = inotify_init1(IN_CLOEXEC), mount_id, dfd;
	long r;

	r = inotify_add_watch(ifd, DIR, IN_CREATE);
	tap_ok(r > 0, "inotify_add_watch on a /storage directory: a watch (%s)",
	       r < 0 ? strerror(errno) : "added");
	close(ifd);
	r = name_to_handle_at(AT_FDCWD, FILE_PATH, &h.fh, &mount_id, 0);
	tap_ok(r == -1 && errno == EOPNOTSUPP, "name_to_handle_at of a /storage "
	       "file: EOPNOTSUPP (%s)", r ? strerror(errno) : "0");
	dfd = open(DIR, O_RDONLY | O_DIRECTORY);
	r = open_by_handle_at(dfd, &h.fh, O_RDONLY);
	tap_ok(r == -1 && errno == EOPNOTSUPP, "open_by_handle_at on a /storage "
	       "directory: EOPNOTSUPP (%s)", r >= 0 ? "opened" : strerror(errno));
	close(dfd);
}

static void close_range_call(void)
{
	int a = open(FILE_PATH, O_RDONLY), b = open(FILE_PATH, O_RDONLY);
	int local = open("/proc/self/stat", O_RDONLY), lo, hi;
	int after;
	long r;

	lo = a < b ? a : b;
	hi = a < b ? b : a;
	hi = hi > local ? hi : local;
	r = syscall(SYS_close_range, lo, hi, 0);
	tap_ok(!r && fcntl(a, F_GETFD) == -1 && errno == EBADF &&
	       fcntl(local, F_GETFD) == -1,
	       "close_range over remote and local descriptors closes both (%s)",
	       r ? strerror(errno) : "ok");
	after = open(FILE_PATH, O_RDONLY);
	tap_ok(after >= 0 && after <= hi && read(after, (char[4]){ 0 }, 4) == 4,
	       "their numbers are free again, and a new remote open works "
	       "(fd %d)", after);
	close(after);
	r = syscall(SYS_close_range, hi + 1, ~0U, 0);
	after = open(FILE_PATH, O_RDONLY);
	tap_ok(!r && after >= 0 && read(after, (char[4]){ 0 }, 4) == 4,
	       "close_range(n, ~0U) as daemons do: the library keeps working");
	close(after);
}

static void two_opens(void)
{
	int rw = open(FILE_PATH, O_CREAT | O_RDWR | O_TRUNC, 0600);
	int wo = open(FILE_PATH, O_WRONLY);
	int ro = open(FILE_PATH, O_RDONLY);
	struct stat st;
	long r;

	tap_ok(rw >= 0 && wo >= 0 && ro >= 0, "three opens of one file "
	       "(%d %d %d)", rw, wo, ro);
	tap_ok(write(rw, "0123456789", 10) == 10, "write through O_RDWR");
	r = ftruncate(rw, 0);
	tap_ok(!r && !fstat(ro, &st) && st.st_size == 0,
	       "ftruncate through the first (O_RDWR) open: 0 (%s)",
	       r ? strerror(errno) : "ok");
	r = ftruncate(wo, 3);
	tap_ok(!r && !fstat(rw, &st) && st.st_size == 3,
	       "ftruncate through the O_WRONLY open: 0, size 3 (%s)",
	       r ? strerror(errno) : "ok");
	r = ftruncate(ro, 0);
	tap_ok(r == -1 && errno == EINVAL,
	       "ftruncate through the O_RDONLY open: EINVAL, as natively (%s)",
	       r ? strerror(errno) : "0");
	r = read(wo, (char[4]){ 0 }, 1);
	tap_ok(r == -1 && errno == EBADF, "read of the O_WRONLY open: EBADF "
	       "(%s)", r ? strerror(errno) : "0");
	close(rw);
	close(wo);
	close(ro);
}

/* A program not linked with musl-virtuos (the primary's /bin/sh) writing
 * to and reading from a remote descriptor it inherited. */
static void foreign_program(void)
{
	int fd = open(FILE_PATH, O_RDWR | O_TRUNC);
	char buf[16] = "";
	int status = -1, st2 = -1;
	pid_t pid;

	if (write(fd, "kept", 4) != 4 || dup2(fd, 7) != 7) {
		for (pid = 0; pid < 3; pid++)
			tap_ok(0, "a remote descriptor on 7 (%s)", strerror(errno));
		return;
	}
	pid = fork();
	if (!pid) {
		execl("/bin/sh", "sh", "-c", "exec 2>/dev/null; echo lost >&7", (char *)0);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) != 0 &&
	       WEXITSTATUS(status) != 127,
	       "/bin/sh writing to it fails (status %d), not discarded quietly",
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	pid = fork();
	if (!pid) {
		execl("/bin/sh", "sh", "-c", "exec 2>/dev/null; read x <&7", (char *)0);
		_exit(127);
	}
	waitpid(pid, &st2, 0);
	tap_ok(WIFEXITED(st2) && WEXITSTATUS(st2) != 0 &&
	       WEXITSTATUS(st2) != 127,
	       "/bin/sh reading it fails (status %d), not an empty file",
	       WIFEXITED(st2) ? WEXITSTATUS(st2) : -1);
	tap_ok(pread(fd, buf, sizeof(buf), 0) == 4 && !memcmp(buf, "kept", 4),
	       "the file still holds what was written (%s)", buf);
	close(7);
	close(fd);
}

int main(void)
{
	int fd;

	tap_plan(32);
	mkdir(DIR, 0755);
	fd = open(FILE_PATH, O_CREAT | O_RDWR | O_TRUNC, 0644);
	tap_ok(fd >= 0 && write(fd, "hello world\n", 12) == 12,
	       "a file under /storage");
	old_time_calls();
	openat2_calls();
	fd_calls(fd);
	ioctl_calls(fd);
	close(fd);
	refused_calls();
	close_range_call();
	two_opens();
	foreign_program();
	return tap_finish();
}
