// SPDX-License-Identifier: GPL-2.0
/*
 * File system calls under /storage, run by the storage service domain's
 * kernel through the shared area. Data is checked byte for byte after
 * crossing; errors are the kernel's. Leaves /storage/vt-keep (1 MiB of a
 * known pattern) for 41-storage-where.sh to find in the service domain.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"

#define BIG (1 << 20)

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 7 + i / 251);
}

static int check_pattern(const unsigned char *buf, size_t n, size_t from)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (buf[i] != pattern(from + i))
			return 0;
	return 1;
}

int main(void)
{
	static unsigned char buf[BIG], back[BIG];
	char cwd[PATH_MAX], longpath[PATH_MAX + 16];
	struct stat st;
	struct dirent *de;
	DIR *dir;
	int fd, fd2, local, found, i;
	ssize_t n;

	tap_plan(26);
	for (i = 0; i < BIG; i++)
		buf[i] = pattern(i);

	unlink("/storage/vt-keep");
	fd = open("/storage/vt-keep", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	tap_ok(fd >= 0, "open(O_CREAT) under /storage gives fd %d", fd);
	n = write(fd, buf, BIG);
	tap_ok(n == BIG, "write of 1 MiB (32 times a slot's window): %zd", n);
	tap_ok(close(fd) == 0, "close");
	memset(&st, 0, sizeof(st));
	i = stat("/storage/vt-keep", &st);
	tap_ok(i == 0 && st.st_size == BIG, "stat sees 1 MiB (size %lld)",
	       (long long)st.st_size);

	fd = open("/storage/vt-keep", O_RDONLY);
	memset(back, 0, sizeof(back));
	n = read(fd, back, BIG);
	tap_ok(n == BIG && check_pattern(back, BIG, 0),
	       "read gives the same 1 MiB back, byte for byte (%zd)", n);
	tap_ok(read(fd, back, 10) == 0, "read at the end gives 0");
	tap_ok(lseek(fd, 12345, SEEK_SET) == 12345 && read(fd, back, 100) == 100 &&
	       check_pattern(back, 100, 12345), "lseek then read");
	tap_ok(pread(fd, back, 5000, 700000) == 5000 &&
	       check_pattern(back, 5000, 700000), "pread at an offset");
	tap_ok(fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == BIG,
	       "fstat on the remote descriptor");

	local = open("/proc/self/stat", O_RDONLY);
	tap_ok(local >= 0 && local != fd, "a local open gets another number (%d, remote %d)",
	       local, fd);
	fd2 = dup2(fd, 20);
	tap_ok(fd2 == 20 && pread(20, back, 10, 0) == 10 && check_pattern(back, 10, 0),
	       "dup2 of a remote descriptor to 20 reads the same file");
	tap_ok(close(20) == 0 && pread(fd, back, 1, 0) == 1, "closing the copy leaves the original");
	fd2 = fcntl(fd, F_DUPFD_CLOEXEC, 30);
	i = close(fd);
	fd = fd2;
	tap_ok(fd2 >= 30 && i == 0 && pread(fd, back, 10, 100) == 10 &&
	       check_pattern(back, 10, 100),
	       "F_DUPFD copy (%d) still reads after the original is closed", fd2);
	close(local);
	close(fd);

	errno = 0;
	i = open("/storage/no/such/file", O_RDONLY);
	tap_ok(i == -1 && errno == ENOENT, "a missing file: ENOENT (%s)",
	       strerror(errno));
	errno = 0;
	n = read(fd, back, 1);
	tap_ok(n == -1 && errno == EBADF, "read on a closed descriptor: EBADF (%s)",
	       strerror(errno));
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	memcpy(longpath, "/storage/", 9);
	errno = 0;
	i = open(longpath, O_RDONLY);
	tap_ok(i == -1 && errno == ENAMETOOLONG,
	       "a path longer than PATH_MAX: ENAMETOOLONG (%s)", strerror(errno));

	tap_ok(mkdir("/storage/vt-dir", 0755) == 0, "mkdir");
	tap_ok(chdir("/storage/vt-dir") == 0, "chdir into it");
	strcpy(cwd, "(failed)");
	i = getcwd(cwd, sizeof(cwd)) != NULL;
	tap_ok(i && !strcmp(cwd, "/storage/vt-dir"),
	       "getcwd says /storage/vt-dir (%s)", cwd);
	fd = open("rel", O_CREAT | O_RDWR, 0600);
	tap_ok(fd >= 0 && write(fd, "xyz", 3) == 3, "open and write a relative path there");
	close(fd);
	tap_ok(stat("/storage/vt-dir/rel", &st) == 0 && st.st_size == 3,
	       "the relative file is /storage/vt-dir/rel");
	dir = opendir(".");
	found = 0;
	while (dir && (de = readdir(dir)))
		found += !strcmp(de->d_name, "rel");
	if (dir)
		closedir(dir);
	tap_ok(found == 1, "readdir of the directory lists it");
	errno = 0;
	i = rename("/storage/vt-dir/rel", "/tmp/vt-rel");
	tap_ok(i == -1 && errno == EXDEV, "rename out of /storage: EXDEV (%s)",
	       strerror(errno));
	tap_ok(rename("rel", "rel2") == 0 && access("/storage/vt-dir/rel2", F_OK) == 0,
	       "rename within the domain");
	tap_ok(unlink("rel2") == 0 && chdir("/") == 0 && rmdir("/storage/vt-dir") == 0,
	       "unlink, chdir back, rmdir");
	errno = 0;
	i = stat("/storage/vt-dir", &st);
	tap_ok(i == -1 && errno == ENOENT, "the directory is gone (%s)",
	       strerror(errno));
	return tap_finish();
}
