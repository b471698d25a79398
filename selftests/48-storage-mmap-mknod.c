// SPDX-License-Identifier: GPL-2.0
/*
 * mknod and mkfifo under /storage make the node in the storage domain's
 * file system (a FIFO there connects a reader and a writer of this
 * process's children, inside the storage domain's kernel); mmap of a
 * /storage file gives its bytes (MAP_PRIVATE, read-only MAP_SHARED, at an
 * offset), private writes stay private, and what cannot be done across
 * kernels is refused: a writable MAP_SHARED mapping (ENODEV), a
 * write-only descriptor (EACCES), a directory (ENODEV).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

#define FIFO "/storage/vt-fifo"
#define NODE "/storage/vt-node"
#define DATA "/storage/vt-mmap"
#define SIZE (3 * 4096 + 100)

static void test_mknod(void)
{
	struct stat st;
	char buf[8] = "";
	pid_t pid;
	int fd, status;

	unlink(FIFO);
	unlink(NODE);
	fd = mkfifo(FIFO, 0600);
	tap_ok(fd == 0, "mkfifo under /storage (%s)", fd ? strerror(errno) : "ok");
	memset(&st, 0, sizeof(st));
	fd = stat(FIFO, &st);
	tap_ok(fd == 0 && S_ISFIFO(st.st_mode) && (st.st_mode & 0777) == 0600,
	       "the storage domain has a FIFO there, mode 0600 (%o)", st.st_mode);
	{
		struct stat sd, root;

		tap_ok(stat("/storage", &sd) == 0 && stat("/", &root) == 0 &&
		       st.st_dev == sd.st_dev && st.st_dev != root.st_dev,
		       "on the storage domain's file system, not the primary's");
	}
	pid = fork();
	if (pid == 0) {
		fd = open(FIFO, O_WRONLY);	/* meets the reader there */
		_exit(fd < 0 || write(fd, "through", 7) != 7);
	}
	fd = open(FIFO, O_RDONLY);
	tap_ok(fd >= 0 && read(fd, buf, 7) == 7 && !memcmp(buf, "through", 7),
	       "a child writes into the FIFO, the parent reads it ('%.7s')", buf);
	waitpid(pid, &status, 0);
	close(fd);
	tap_ok(mknod(NODE, S_IFREG | 0640, 0) == 0 && stat(NODE, &st) == 0 &&
	       S_ISREG(st.st_mode), "mknod S_IFREG makes a regular file");
	tap_ok(mknodat(AT_FDCWD, NODE, S_IFIFO | 0600, 0) == -1 && errno == EEXIST,
	       "mknodat over an existing name: EEXIST");
	unlink(FIFO);
	unlink(NODE);
}

static void test_mmap(void)
{
	static char want[SIZE];
	char *m;
	int fd, wr, dir, i;

	for (i = 0; i < SIZE; i++)
		want[i] = (char)(i * 7 + i / 4096);
	fd = open(DATA, O_CREAT | O_RDWR | O_TRUNC, 0644);
	write(fd, want, SIZE);

	m = mmap(NULL, SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
	tap_ok(m != MAP_FAILED && !memcmp(m, want, SIZE),
	       "MAP_PRIVATE, read-only: the file's %d bytes", SIZE);
	tap_ok(m != MAP_FAILED && m[SIZE] == 0 && m[4 * 4096 - 1] == 0,
	       "past the end of the file, in its last page: zeros");
	munmap(m, SIZE);

	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 2 * 4096);
	tap_ok(m != MAP_FAILED && !memcmp(m, want + 2 * 4096, 4096),
	       "at an offset of two pages: those bytes");
	if (m != MAP_FAILED) {
		char c;

		m[0] = ~want[2 * 4096];
		pread(fd, &c, 1, 2 * 4096);
		tap_ok(c == want[2 * 4096], "a private write does not reach the file");
		munmap(m, 4096);
	} else {
		tap_ok(0, "a private write does not reach the file");
	}

	m = mmap(NULL, SIZE, PROT_READ, MAP_SHARED, fd, 0);
	tap_ok(m != MAP_FAILED && !memcmp(m, want, SIZE),
	       "MAP_SHARED, read-only: the file's bytes");
	munmap(m, SIZE);

	m = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	tap_ok(m == MAP_FAILED && errno == ENODEV,
	       "writable MAP_SHARED: ENODEV (%s)", strerror(errno));

	wr = open(DATA, O_WRONLY);
	m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, wr, 0);
	tap_ok(m == MAP_FAILED && errno == EACCES,
	       "a write-only descriptor: EACCES (%s)", strerror(errno));
	close(wr);

	dir = open("/storage", O_RDONLY | O_DIRECTORY);
	m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, dir, 0);
	tap_ok(m == MAP_FAILED && errno == ENODEV,
	       "a directory: ENODEV (%s)", strerror(errno));
	close(dir);

	m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 100);
	tap_ok(m == MAP_FAILED && errno == EINVAL,
	       "an offset not page-aligned: EINVAL");
	close(fd);
	unlink(DATA);
}

int main(void)
{
	tap_plan(15);
	test_mknod();
	test_mmap();
	return tap_finish();
}
