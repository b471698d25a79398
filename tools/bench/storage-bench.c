// SPDX-License-Identifier: GPL-2.0
/*
 * storage-bench: what a call forwarded to the storage domain costs,
 * against the same call on a file of the primary domain's own, measured
 * in the same run. Built with musl-virtuos-gcc, run inside the primary
 * domain (tools/bench-storage does both).
 *
 * Traps: the primary module counts the only traps of the forwarded path,
 * VIRTUOS_IOC_WAKE (the shadow's workers were all asleep) and
 * VIRTUOS_IOC_WAIT (the caller stopped spinning and slept), in
 * /sys/kernel/virtuos/{wakes,waits}, read around each loop. Nothing
 * else forwarded to the storage domain traps in the primary.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FILE_SIZE (1 << 20)
#define SECONDS 2.0

enum op { OP_FSTAT, OP_PREAD4K, OP_PREAD64K, OP_PWRITE4K };
static const char *const op_names[] = {
	"fstat", "pread 4 KiB", "pread 64 KiB", "pwrite 4 KiB",
};

struct worker {
	pthread_t thread;
	int fd;
	enum op op;
	unsigned seed;
	long calls;
	int failed;
};

static volatile int stop;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long long sysfs_counter(const char *name)
{
	char path[128];
	long long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/virtuos/%s", name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%lld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

static int one_call(int fd, enum op op, unsigned *seed, char *buf)
{
	struct stat st;
	off_t off;

	*seed = *seed * 1103515245 + 12345;
	off = ((*seed >> 8) % (FILE_SIZE / 4096 - 16)) * 4096;
	switch (op) {
	case OP_FSTAT:
		return fstat(fd, &st) == 0 && st.st_size == FILE_SIZE;
	case OP_PREAD4K:
		return pread(fd, buf, 4096, off) == 4096;
	case OP_PREAD64K:
		return pread(fd, buf, 65536, off) == 65536;
	case OP_PWRITE4K:
		return pwrite(fd, buf, 4096, off) == 4096;
	}
	return 0;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	static __thread char buf[65536];

	while (!stop) {
		if (!one_call(w->fd, w->op, &w->seed, buf)) {
			w->failed = 1;
			break;
		}
		w->calls++;
	}
	return NULL;
}

struct result {
	double calls_per_s;
	double traps_per_call;
	int failed;
};

/* Runs op on fd in nthreads threads for SECONDS. */
static struct result measure(int fd, enum op op, int nthreads)
{
	struct worker w[8];
	struct result res = { 0, 0, 0 };
	long long wakes = sysfs_counter("wakes"), waits = sysfs_counter("waits");
	double t0, t1;
	long calls = 0;
	int i;

	stop = 0;
	t0 = now();
	for (i = 0; i < nthreads; i++) {
		w[i] = (struct worker){ .fd = fd, .op = op, .seed = i + 1 };
		pthread_create(&w[i].thread, NULL, worker_main, &w[i]);
	}
	usleep(SECONDS * 1e6);
	stop = 1;
	for (i = 0; i < nthreads; i++) {
		pthread_join(w[i].thread, NULL);
		calls += w[i].calls;
		res.failed |= w[i].failed;
	}
	t1 = now();
	res.calls_per_s = calls / (t1 - t0);
	res.traps_per_call = calls ? (double)(sysfs_counter("wakes") - wakes +
					      sysfs_counter("waits") - waits) /
					     calls : 0;
	return res;
}

static int make_file(const char *path)
{
	static char block[65536];
	int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
	long done;

	if (fd < 0) {
		fprintf(stderr, "storage-bench: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	memset(block, 'v', sizeof(block));
	for (done = 0; done < FILE_SIZE; done += sizeof(block))
		if (write(fd, block, sizeof(block)) != sizeof(block)) {
			fprintf(stderr, "storage-bench: write %s: %s\n", path,
				strerror(errno));
			exit(1);
		}
	return fd;
}

int main(void)
{
	static const int threads[] = { 1, 2, 4 };
	int local = make_file("/tmp/storage-bench");
	int remote = make_file("/storage/storage-bench");
	struct result n, f;
	int op, i, failed = 0;

	if (sysfs_counter("wakes") < 0) {
		fprintf(stderr, "storage-bench: no /sys/kernel/virtuos/wakes\n");
		return 1;
	}
	measure(remote, OP_FSTAT, 1);	/* warm up: attach, workers */
	printf("Latency, one thread (native: a file in the primary domain's own file system;\n"
	       "forwarded: a file under /storage, run by the storage domain)\n");
	printf("%-14s %12s %12s %8s %11s\n", "call", "native us",
	       "forwarded us", "ratio", "traps/call");
	for (op = OP_FSTAT; op <= OP_PWRITE4K; op++) {
		n = measure(local, op, 1);
		f = measure(remote, op, 1);
		failed |= n.failed | f.failed;
		printf("%-14s %12.2f %12.2f %8.1f %11.4f\n", op_names[op],
		       1e6 / n.calls_per_s, 1e6 / f.calls_per_s,
		       n.calls_per_s / f.calls_per_s, f.traps_per_call);
	}
	printf("\nThroughput, pread 4 KiB at random offsets of a 1 MiB file\n");
	printf("%-8s %14s %14s %8s %11s\n", "threads", "native calls/s",
	       "fwd calls/s", "ratio", "traps/call");
	for (i = 0; i < 3; i++) {
		n = measure(local, OP_PREAD4K, threads[i]);
		f = measure(remote, OP_PREAD4K, threads[i]);
		failed |= n.failed | f.failed;
		printf("%-8d %14.0f %14.0f %8.1f %11.4f\n", threads[i],
		       n.calls_per_s, f.calls_per_s,
		       n.calls_per_s / f.calls_per_s, f.traps_per_call);
	}
	printf("\nratio = native rate / forwarded rate (how many times slower); "
	       "traps/call = (wakes + waits) / forwarded calls\n");
	close(local);
	close(remote);
	unlink("/tmp/storage-bench");
	unlink("/storage/storage-bench");
	if (failed)
		printf("storage-bench: a call failed during the run\n");
	return failed;
}
