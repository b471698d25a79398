// SPDX-License-Identifier: GPL-2.0
/*
 * O_APPEND writes land in one piece, as natively, whatever their size:
 * four processes each append records of 10 KiB, 96 KiB (three windows),
 * 200 KiB and 1 MiB + 3 bytes (staged in the shadow) to one /storage file
 * at the same time, every other one with writev of three entries; every
 * record must then be found whole, its bytes together. Writes of records
 * split in pieces interleave with the other appenders' pieces.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

#define PATH "/storage/vt-append-atomic"
#define WRITERS 4
#define ROUNDS 8
#define NSIZES 4

static const long sizes[NSIZES] = { 10 * 1024, 96 * 1024, 200 * 1024,
				    1024 * 1024 + 3 };

/* Record r of writer w: every byte is the writer's letter and the round. */
static void fill(char *rec, long len, int w, int r)
{
	memset(rec, 'A' + w, len);
	rec[0] = '0' + r % 10;
}

/* Record r: with write when r is even, else writev of three entries. */
static long append(int fd, char *rec, long len, int r)
{
	struct iovec iov[3] = {
		{ rec, len / 3 },
		{ rec + len / 3, len / 3 },
		{ rec + 2 * (len / 3), len - 2 * (len / 3) },
	};

	return r % 2 ? writev(fd, iov, 3) : write(fd, rec, len);
}

static int writer(int w)
{
	char *rec = malloc(sizes[NSIZES - 1]);
	int fd = open(PATH, O_WRONLY | O_APPEND), r;
	long len;

	if (!rec || fd < 0)
		return 1;
	for (r = 0; r < ROUNDS; r++) {
		len = sizes[r % NSIZES];
		fill(rec, len, w, r);
		if (append(fd, rec, len, r) != len)
			return 2;
	}
	return close(fd) ? 3 : 0;
}

/* Walks the file record by record: each must be one writer's, whole. */
static long check(const char *data, long size, long *records)
{
	long off = 0, len, i;
	int w, next[WRITERS] = { 0 };

	*records = 0;
	while (off < size) {
		w = data[off + 1] - 'A';
		if (w < 0 || w >= WRITERS || next[w] >= ROUNDS)
			return off;
		len = sizes[next[w] % NSIZES];
		if (off + len > size || data[off] != '0' + next[w] % 10)
			return off;
		for (i = 1; i < len; i++)
			if (data[off + i] != 'A' + w)
				return off + i;
		next[w]++;
		off += len;
		++*records;
	}
	return -1;
}

int main(void)
{
	int fd, w, status, failed = 0;
	long size, bad, records;
	struct stat st;
	char *data;
	pid_t pid[WRITERS];

	tap_plan(3);
	fd = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		tap_ok(0, "create " PATH ": %s", strerror(errno));
		return tap_finish();
	}
	for (w = 0; w < WRITERS; w++) {
		pid[w] = fork();
		if (pid[w] == 0)
			_exit(writer(w));
	}
	for (w = 0; w < WRITERS; w++)
		if (waitpid(pid[w], &status, 0) != pid[w] || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			failed++;
	tap_ok(!failed, "%d writers appended %d records each (%d failed)",
	       WRITERS, ROUNDS, failed);
	size = fstat(fd, &st) ? -1 : st.st_size;
	tap_ok(size == WRITERS * ROUNDS / NSIZES *
		       (sizes[0] + sizes[1] + sizes[2] + sizes[3]),
	       "the file holds every byte (%ld)", size);
	data = size > 0 ? malloc(size) : NULL;
	if (!data || pread(fd, data, size, 0) != size) {
		tap_ok(0, "read it back");
		return tap_finish();
	}
	bad = check(data, size, &records);
	tap_ok(bad < 0, "every record whole: %ld found before %s %ld", records,
	       bad < 0 ? "the end" : "a broken one at byte", bad < 0 ? size : bad);
	close(fd);
	unlink(PATH);
	return tap_finish();
}
