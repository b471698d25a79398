// SPDX-License-Identifier: GPL-2.0
/*
 * I/O calls under /storage beyond read and write: preadv and pwritev,
 * sendfile and copy_file_range inside the storage domain and across
 * domains (bounced through the library), the umask reaching the shadow,
 * and bad input: bad pointers give EFAULT, calls a remote file does not
 * offer give the errors of such a file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "tap.h"

#define BIG (200 * 1024 + 13)	/* several slots' worth, odd size */

static char pattern[BIG], back[BIG];

static void fill(char *p, long n, unsigned seed)
{
	long i;

	for (i = 0; i < n; i++) {
		seed = seed * 1103515245 + 12345;
		p[i] = seed >> 16;
	}
}

static int file_is(const char *path, const char *want, long n)
{
	int fd = open(path, O_RDONLY);
	long got = 0, r;

	if (fd < 0)
		return 0;
	memset(back, 0, sizeof(back));
	while (got < (long)sizeof(back) &&
	       (r = read(fd, back + got, sizeof(back) - got)) > 0)
		got += r;
	close(fd);
	return got == n && !memcmp(back, want, n);
}

static int make_file(const char *path, const char *data, long n)
{
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	long done = 0, r;

	if (fd < 0)
		return -1;
	while (done < n && (r = write(fd, data + done, n - done)) > 0)
		done += r;
	close(fd);
	return done == n ? 0 : -1;
}

static void test_vectored(void)
{
	char a[5000], b[70000], c[3];
	struct iovec iov[3] = { { a, sizeof(a) }, { b, sizeof(b) }, { c, 3 } };
	long n;
	int fd;

	fill(a, sizeof(a), 1);
	fill(b, sizeof(b), 2);
	memcpy(c, "xyz", 3);
	fd = open("/storage/vt-vec", O_CREAT | O_TRUNC | O_RDWR, 0644);
	n = pwritev(fd, iov, 3, 1000);
	tap_ok(n == (long)(sizeof(a) + sizeof(b) + 3),
	       "pwritev of 3 buffers (75003 bytes) at offset 1000 (%ld)", n);
	tap_ok(lseek(fd, 0, SEEK_CUR) == 0, "pwritev left the offset alone");
	memset(pattern, 0, 1000);
	memcpy(pattern + 1000, a, sizeof(a));
	memcpy(pattern + 1000 + sizeof(a), b, sizeof(b));
	memcpy(pattern + 1000 + sizeof(a) + sizeof(b), c, 3);
	tap_ok(file_is("/storage/vt-vec", pattern, 1000 + n),
	       "the file holds a hole then the three buffers, byte for byte");
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	memset(c, 0, 3);
	n = preadv(fd, iov, 3, 1000);
	tap_ok(n == 75003 && !memcmp(a, pattern + 1000, sizeof(a)) &&
	       !memcmp(b, pattern + 1000 + sizeof(a), sizeof(b)) &&
	       !memcmp(c, "xyz", 3), "preadv reads them back (%ld)", n);
	n = preadv(fd, iov, 3, -1);
	tap_ok(n == -1 && errno == EINVAL, "preadv at offset -1: EINVAL");
	close(fd);
}

static void test_copies(void)
{
	off_t off;
	long n;
	int in, out, local;

	fill(pattern, BIG, 3);
	make_file("/storage/vt-src", pattern, BIG);

	in = open("/storage/vt-src", O_RDONLY);
	out = open("/storage/vt-dst", O_CREAT | O_TRUNC | O_WRONLY, 0644);
	n = sendfile(out, in, NULL, BIG + 100);
	tap_ok(n == BIG && file_is("/storage/vt-dst", pattern, BIG),
	       "sendfile inside the storage domain copies %d bytes (%ld)",
	       BIG, n);
	close(out);

	out = open("/storage/vt-dst2", O_CREAT | O_TRUNC | O_WRONLY, 0644);
	off = 100;
	n = sendfile(out, in, &off, 1000);
	tap_ok(n == 1000 && off == 1100 && lseek(in, 0, SEEK_CUR) == BIG &&
	       file_is("/storage/vt-dst2", pattern + 100, 1000),
	       "sendfile with an offset moves it, not the file position");
	close(out);

	local = open("/tmp/vt-local", O_CREAT | O_TRUNC | O_RDWR, 0644);
	off = 0;
	n = sendfile(local, in, &off, BIG);
	tap_ok(n == BIG && file_is("/tmp/vt-local", pattern, BIG),
	       "sendfile from /storage to a local file, bounced (%ld)", n);
	close(in);

	fill(pattern, BIG, 4);
	make_file("/tmp/vt-local", pattern, BIG);
	out = open("/storage/vt-dst3", O_CREAT | O_TRUNC | O_WRONLY, 0644);
	lseek(local, 0, SEEK_SET);
	n = sendfile(out, local, NULL, BIG);
	tap_ok(n == BIG && file_is("/storage/vt-dst3", pattern, BIG) &&
	       lseek(local, 0, SEEK_CUR) == BIG,
	       "sendfile from a local file into /storage, bounced (%ld)", n);
	close(out);

	in = open("/storage/vt-dst3", O_RDONLY);
	out = open("/storage/vt-dst4", O_CREAT | O_TRUNC | O_WRONLY, 0644);
	n = copy_file_range(in, NULL, out, NULL, BIG, 0);
	tap_ok(n > 0 && n <= BIG, "copy_file_range inside the domain (%ld)", n);
	while (n > 0 && lseek(out, 0, SEEK_CUR) < BIG)
		n = copy_file_range(in, NULL, out, NULL, BIG, 0);
	tap_ok(file_is("/storage/vt-dst4", pattern, BIG),
	       "its copy is byte-exact");
	close(out);

	out = open("/tmp/vt-local2", O_CREAT | O_TRUNC | O_WRONLY, 0644);
	off = 7;
	n = copy_file_range(in, &off, out, NULL, BIG - 7, 0);
	tap_ok(n == BIG - 7 && off == BIG &&
	       file_is("/tmp/vt-local2", pattern + 7, BIG - 7),
	       "copy_file_range from /storage to a local file (%ld)", n);
	n = copy_file_range(in, NULL, out, NULL, 10, 1);
	tap_ok(n == -1 && errno == EINVAL, "copy_file_range with flags: EINVAL");
	close(out);
	close(in);
	close(local);
	unlink("/tmp/vt-local");
	unlink("/tmp/vt-local2");
}

static void test_umask(void)
{
	struct stat st;
	mode_t old = umask(077);
	int fd;

	unlink("/storage/vt-umask");
	rmdir("/storage/vt-umask-d");
	fd = open("/storage/vt-umask", O_CREAT | O_WRONLY, 0666);
	mkdir("/storage/vt-umask-d", 0777);
	memset(&st, 0, sizeof(st));
	stat("/storage/vt-umask", &st);
	tap_ok(fd >= 0 && (st.st_mode & 0777) == 0600,
	       "umask 077 in the primary: a new file gets 0600 (%o)",
	       st.st_mode & 0777);
	memset(&st, 0, sizeof(st));
	stat("/storage/vt-umask-d", &st);
	tap_ok((st.st_mode & 0777) == 0700,
	       "and a new directory 0700 (%o)", st.st_mode & 0777);
	umask(old);
	close(fd);
}

static void test_bad_input(void)
{
	char buf[16];
	long r;
	int avail, fd = open("/storage/vt-src", O_RDWR);

	errno = 0;
	r = syscall(SYS_read, fd, (void *)1, 10);
	tap_ok(r == -1 && errno == EFAULT, "read into address 1: EFAULT (%s)",
	       strerror(errno));
	errno = 0;
	r = syscall(SYS_write, fd, (void *)0xffff800000001000UL, 10);
	tap_ok(r == -1 && errno == EFAULT,
	       "write from a kernel address: EFAULT (%s)", strerror(errno));
	errno = 0;
	r = syscall(SYS_open, (char *)-1L, O_RDONLY);
	tap_ok(r == -1 && errno == EFAULT, "open of a path at -1: EFAULT (%s)",
	       strerror(errno));
	errno = 0;
	r = syscall(SYS_newfstatat, AT_FDCWD, "/storage/vt-src", (void *)16, 0);
	tap_ok(r == -1 && errno == EFAULT,
	       "fstatat into address 16: EFAULT (%s)", strerror(errno));
	errno = 0;
	r = syscall(SYS_readv, fd, (void *)8, 2);
	tap_ok(r == -1 && errno == EFAULT, "readv with a bad iovec: EFAULT (%s)",
	       strerror(errno));
	tap_ok(read(fd, buf, sizeof(buf)) == sizeof(buf),
	       "the descriptor still works after the refusals");
	errno = 0;
	r = ioctl(fd, TIOCGPGRP, &avail);
	tap_ok(r == -1 && errno == ENOTTY,
	       "a terminal ioctl on a remote file: ENOTTY, not the placeholder's answer");
	tap_ok(!isatty(fd), "isatty is false");
	errno = 0;
	r = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) ==
	    MAP_FAILED ? errno : 0;
	tap_ok(r == ENODEV, "writable shared mmap of a remote file: ENODEV (%s)",
	       strerror(r));
	errno = 0;
	r = syscall(SYS_read, 4000, buf, 1);
	tap_ok(r == -1 && errno == EBADF, "read on fd 4000: EBADF");
	close(fd);
}

int main(void)
{
	tap_plan(25);
	test_vectored();
	test_copies();
	test_umask();
	test_bad_input();
	return tap_finish();
}
