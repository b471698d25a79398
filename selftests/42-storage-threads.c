// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrency through one shared area: 8 threads doing mixed file
 * operations under /storage at once, every byte checked; and a call that
 * blocks in the storage domain (a flock held through another open file)
 * while the same process's other calls go on.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"

#define THREADS 8
#define ROUNDS 25
#define SIZE 50000

static int failures[THREADS];

static unsigned char byte_of(int t, int r, int i)
{
	return (unsigned char)(t * 31 + r * 7 + i * 13 + i / 97);
}

static void *mixed(void *arg)
{
	static unsigned char bufs[THREADS][2][SIZE];
	int t = (int)(long)arg, r, i, fd;
	unsigned char *out = bufs[t][0], *in = bufs[t][1];
	char path[64];
	struct stat st;

	for (r = 0; r < ROUNDS; r++) {
		snprintf(path, sizeof(path), "/storage/vt-thr-%d-%d", t, r);
		for (i = 0; i < SIZE; i++)
			out[i] = byte_of(t, r, i);
		fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
		if (fd < 0 || write(fd, out, SIZE) != SIZE ||
		    fstat(fd, &st) || st.st_size != SIZE ||
		    pread(fd, in, SIZE, 0) != SIZE || memcmp(in, out, SIZE))
			failures[t]++;
		if (fd >= 0)
			close(fd);
		if (unlink(path))
			failures[t]++;
	}
	return NULL;
}

static volatile int blocked_done;
static int blocked_result = -1;

static void *blocked(void *arg)
{
	int fd = open((const char *)arg, O_RDWR);

	blocked_result = fd < 0 ? -2 : flock(fd, LOCK_EX);
	blocked_done = 1;
	if (fd >= 0)
		close(fd);
	return NULL;
}

int main(void)
{
	pthread_t th[THREADS], b;
	const char *lock = "/storage/vt-lock-threads";
	int t, total = 0, fd, i, ok;
	struct stat st;

	tap_plan(THREADS + 4);
	for (t = 0; t < THREADS; t++)
		pthread_create(&th[t], NULL, mixed, (void *)(long)t);
	for (t = 0; t < THREADS; t++) {
		pthread_join(th[t], NULL);
		total += failures[t];
		tap_ok(!failures[t], "thread %d: %d rounds of create, write, "
		       "fstat, pread, compare, unlink (%d failed)", t, ROUNDS,
		       failures[t]);
	}
	fd = open(lock, O_CREAT | O_RDWR, 0600);
	tap_ok(fd >= 0 && flock(fd, LOCK_EX) == 0, "this process locks %s", lock);
	pthread_create(&b, NULL, blocked, (void *)lock);
	sleep(2);
	ok = !blocked_done;
	for (i = 0; i < 50 && ok; i++)
		ok = stat(lock, &st) == 0 && !blocked_done;
	tap_ok(ok, "50 stat calls complete while another thread's flock "
	       "blocks in the storage domain");
	flock(fd, LOCK_UN);
	pthread_join(b, NULL);
	tap_ok(blocked_result == 0, "the blocked flock returns 0 once the lock "
	       "is released (%d)", blocked_result);
	close(fd);
	tap_ok(unlink(lock) == 0 && total == 0, "cleaned up, %d failures in all",
	       total);
	return tap_finish();
}
