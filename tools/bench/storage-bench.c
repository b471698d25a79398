// SPDX-License-Identifier: GPL-2.0
/*
 * storage-bench: what a call forwarded to the storage domain costs,
 * against the same call on the primary domain's own ext4 disk, measured
 * in the same run. Built with musl-virtuos-gcc, run inside the primary
 * domain by tools/bench-storage:
 *
 *	storage-bench NATIVE_DIR FORWARDED_DIR
 *
 * Every cell is a warm-up, then SAMPLES samples of SAMPLE_S seconds,
 * native and forwarded taken in turn; tables show the median with the
 * minimum and maximum. Floor rows show what the forwarded path costs with
 * no work on it (virtuos_probe). Besides the tables, the figures go to
 * standard output as one JSON document between "@json-begin" and
 * "@json-end" lines, which tools/bench-storage writes to
 * build/bench/results.json.
 *
 * Traps: in the primary, the forwarded path traps only in
 * VIRTUOS_IOC_WAKE (every shadow worker asleep) and VIRTUOS_IOC_WAIT (the
 * caller stopped spinning), counted by the module in
 * /sys/kernel/virtuos/{wakes,waits}; in the storage domain, the shadow
 * counts the system calls its threads make. CPU time is per process: the
 * caller's in the primary, the shadow's in the storage domain, kernel
 * time included.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <virtuos.h>

#define FILE_SIZE (1 << 20)
#define SAMPLES 5
#define SAMPLE_S 1.0
#define WARMUP_S 0.3
#define PROBE_ROUNDS 20000
#define MAX_THREADS 4

enum op { OP_FSTAT, OP_PREAD4K, OP_PREAD64K, OP_PWRITE4K };
static const char *const op_names[] = {
	"fstat", "pread 4 KiB", "pread 64 KiB", "pwrite 4 KiB",
};

struct stats {
	double min, median, max;
};

/* What one forwarded cell cost besides time, per call. */
struct costs {
	double primary_traps, sd_syscalls, primary_cpu_us, sd_cpu_us;
	double sd_cpu_native_pct;	/* the shadow's CPU during native runs */
};

struct worker {
	pthread_t thread;
	int fd;
	enum op op;
	unsigned int seed;
	long calls;
	int failed;
};

static volatile int stop;
static int failed;

/* The JSON document, built as the run goes. */
static char json[65536];
static size_t json_len;

static void json_add(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (json_len < sizeof(json))
		json_len += vsnprintf(json + json_len, sizeof(json) - json_len,
				      fmt, ap);
	va_end(ap);
}

/* Opens a row object: its separator, table, name and unit. */
static void json_row(const char *table, const char *name, const char *unit)
{
	static int rows;

	json_add("%s\n  {\"table\": \"%s\", \"name\": \"%s\", \"unit\": \"%s\"",
		 rows++ ? "," : "", table, name, unit);
}

static void json_stats(const char *name, struct stats s)
{
	json_add(", \"%s\": {\"median\": %.3f, \"min\": %.3f, \"max\": %.3f}",
		 name, s.median, s.min, s.max);
}

static double now(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
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

static long primary_traps(void)
{
	return sysfs_counter("wakes") + sysfs_counter("waits");
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static struct stats summarize(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return (struct stats){ v[0], v[n / 2], v[n - 1] };
}

static int one_call(int fd, enum op op, unsigned int *seed, char *buf)
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

/* Runs op on fd in nthreads threads for seconds: calls per second. With
 * *calls, adds the calls made. */
static double run(int fd, enum op op, int nthreads, double seconds,
		  long *calls)
{
	struct worker w[MAX_THREADS];
	double t0, t1;
	long sum = 0;
	int i;

	stop = 0;
	t0 = now(CLOCK_MONOTONIC);
	for (i = 0; i < nthreads; i++) {
		w[i] = (struct worker){ .fd = fd, .op = op, .seed = i + 1 };
		pthread_create(&w[i].thread, NULL, worker_main, &w[i]);
	}
	usleep(seconds * 1e6);
	stop = 1;
	for (i = 0; i < nthreads; i++) {
		pthread_join(w[i].thread, NULL);
		sum += w[i].calls;
		failed |= w[i].failed;
	}
	t1 = now(CLOCK_MONOTONIC);
	if (calls)
		*calls += sum;
	return sum / (t1 - t0);
}

static long probe(int kind, long arg)
{
	return virtuos_probe(VIRTUOS_PROBE_STORAGE, kind, arg);
}

/*
 * One cell: op in nthreads threads on the native and the forwarded file,
 * SAMPLES samples each, in turn. rate[0] and rate[1] get calls per
 * second; cost, what each forwarded call cost besides time.
 */
static void cell(int native, int forwarded, enum op op, int nthreads,
		 double rate[2][SAMPLES], struct costs *cost)
{
	long calls = 0, traps, sd_calls, sd_cpu, idle_cpu = 0, c1;
	double cpu, native_s = 0;
	int i;

	run(native, op, nthreads, WARMUP_S, NULL);
	run(forwarded, op, nthreads, WARMUP_S, NULL);
	traps = primary_traps();
	sd_calls = probe(VIRTUOS_PROBE_SHADOW_SYSCALLS, 0);
	sd_cpu = probe(VIRTUOS_PROBE_SHADOW_CPU_NS, 0);
	cpu = 0;
	for (i = 0; i < SAMPLES; i++) {
		double c0;

		c1 = probe(VIRTUOS_PROBE_SHADOW_CPU_NS, 0);
		c0 = now(CLOCK_MONOTONIC);
		rate[0][i] = run(native, op, nthreads, SAMPLE_S, NULL);
		native_s += now(CLOCK_MONOTONIC) - c0;
		idle_cpu += probe(VIRTUOS_PROBE_SHADOW_CPU_NS, 0) - c1;
		c0 = now(CLOCK_PROCESS_CPUTIME_ID);
		rate[1][i] = run(forwarded, op, nthreads, SAMPLE_S, &calls);
		cpu += now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	}
	if (!calls)
		calls = 1;
	cost->primary_traps = (double)(primary_traps() - traps) / calls;
	cost->sd_syscalls = sd_calls < 0 ? -1 :
		(double)(probe(VIRTUOS_PROBE_SHADOW_SYSCALLS, 0) - sd_calls) /
		calls;
	cost->sd_cpu_us = sd_cpu < 0 ? -1 :
		(probe(VIRTUOS_PROBE_SHADOW_CPU_NS, 0) - sd_cpu) / 1e3 / calls;
	cost->primary_cpu_us = cpu * 1e6 / calls;
	cost->sd_cpu_native_pct = idle_cpu / 1e7 / native_s;
}

static void print_stats(struct stats s, int decimals)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%.*f [%.*f-%.*f]", decimals, s.median,
		 decimals, s.min, decimals, s.max);
	printf(" %24s", buf);
}

static void latency_table(int native, int forwarded)
{
	struct costs cost[OP_PWRITE4K + 1];
	double rate[2][SAMPLES], us[2][SAMPLES];
	struct stats s[2];
	int op, side, i;

	printf("Latency, one thread, us per call: median [min-max] of %d samples of %.0f s\n",
	       SAMPLES, SAMPLE_S);
	printf("%-14s %24s %24s %8s\n", "call", "native", "forwarded",
	       "ratio");
	for (op = OP_FSTAT; op <= OP_PWRITE4K; op++) {
		cell(native, forwarded, op, 1, rate, &cost[op]);
		for (side = 0; side < 2; side++) {
			for (i = 0; i < SAMPLES; i++)
				us[side][i] = 1e6 / rate[side][i];
			s[side] = summarize(us[side], SAMPLES);
		}
		printf("%-14s", op_names[op]);
		print_stats(s[0], 2);
		print_stats(s[1], 2);
		printf(" %8.2f\n", s[1].median / s[0].median);
		json_row("latency", op_names[op], "us");
		json_stats("native", s[0]);
		json_stats("forwarded", s[1]);
		json_add(", \"ratio\": %.3f, \"primary_traps_per_call\": %.4f, "
			 "\"sd_syscalls_per_call\": %.3f, "
			 "\"primary_cpu_us_per_call\": %.2f, "
			 "\"sd_cpu_us_per_call\": %.2f}",
			 s[1].median / s[0].median, cost[op].primary_traps,
			 cost[op].sd_syscalls, cost[op].primary_cpu_us,
			 cost[op].sd_cpu_us);
	}
	printf("ratio = forwarded median / native median (above 1: slower than native)\n\n");
	printf("What each forwarded call cost besides time (all samples of the cell)\n");
	printf("%-14s %12s %12s %14s %14s %14s\n", "call", "primary",
	       "storage", "primary CPU", "storage CPU", "storage CPU %");
	printf("%-14s %12s %12s %14s %14s %14s\n", "", "traps", "syscalls",
	       "us", "us", "in native runs");
	for (op = OP_FSTAT; op <= OP_PWRITE4K; op++)
		printf("%-14s %12.4f %12.2f %14.1f %14.1f %14.1f\n",
		       op_names[op], cost[op].primary_traps,
		       cost[op].sd_syscalls, cost[op].primary_cpu_us,
		       cost[op].sd_cpu_us, cost[op].sd_cpu_native_pct);
	printf("(native: one system call per call, all CPU in the primary; the\n"
	       "shadow's CPU in native runs is what its idle spinning costs)\n\n");
}

static void throughput_table(int native, int forwarded)
{
	static const int threads[] = { 1, 2, 4 };
	double rate[2][SAMPLES];
	struct costs cost;
	struct stats s[2];
	char name[64];
	int t, side;

	printf("Throughput, pread 4 KiB at random offsets of a 1 MiB file, calls/s:\n"
	       "median [min-max] of %d samples of %.0f s\n", SAMPLES,
	       SAMPLE_S);
	printf("%-8s %24s %24s %8s %12s\n", "threads", "native", "forwarded",
	       "ratio", "prim traps");
	for (t = 0; t < 3; t++) {
		cell(native, forwarded, OP_PREAD4K, threads[t], rate, &cost);
		for (side = 0; side < 2; side++)
			s[side] = summarize(rate[side], SAMPLES);
		printf("%-8d", threads[t]);
		print_stats(s[0], 0);
		print_stats(s[1], 0);
		printf(" %8.2f %12.4f\n", s[1].median / s[0].median,
		       cost.primary_traps);
		snprintf(name, sizeof(name), "pread 4 KiB, %d threads",
			 threads[t]);
		json_row("throughput", name, "calls/s");
		json_stats("native", s[0]);
		json_stats("forwarded", s[1]);
		json_add(", \"ratio\": %.3f, \"primary_traps_per_call\": %.4f}",
			 s[1].median / s[0].median, cost.primary_traps);
	}
	printf("ratio = forwarded median / native median (below 1: fewer calls than native)\n\n");
}

/* One floor row: SAMPLES samples of f(), each a figure in unit. */
static void floor_row(const char *name, const char *unit,
		      double (*f)(void))
{
	double v[SAMPLES];
	struct stats s;
	int i;

	for (i = 0; i < SAMPLES; i++)
		v[i] = f();
	s = summarize(v, SAMPLES);
	printf("%-44s", name);
	json_row("floor", name, unit);
	if (s.min < 0) {
		printf(" %24s %s\n", "n/a", "(no probes in this executor)");
		json_add(", \"value\": null}");
		return;
	}
	print_stats(s, 2);
	printf(" %s\n", unit);
	json_stats("value", s);
	json_add("}");
}

static double floor_null_primary(void)
{
	double t0 = now(CLOCK_MONOTONIC);
	int i;

	for (i = 0; i < PROBE_ROUNDS; i++)
		syscall(SYS_getppid);
	return (now(CLOCK_MONOTONIC) - t0) * 1e6 / PROBE_ROUNDS;
}

static double floor_null_storage(void)
{
	long ns = probe(VIRTUOS_PROBE_NULL_SYSCALL, PROBE_ROUNDS);

	return ns < 0 ? -1 : ns / 1e3 / PROBE_ROUNDS;
}

static double floor_fstat_storage(void)
{
	long ns = probe(VIRTUOS_PROBE_FSTAT, PROBE_ROUNDS);

	return ns < 0 ? -1 : ns / 1e3 / PROBE_ROUNDS;
}

static int native_fd;

static double floor_fstat_primary(void)
{
	double t0 = now(CLOCK_MONOTONIC);
	struct stat st;
	int i;

	for (i = 0; i < PROBE_ROUNDS; i++)
		fstat(native_fd, &st);
	return (now(CLOCK_MONOTONIC) - t0) * 1e6 / PROBE_ROUNDS;
}

static double floor_nop(void)
{
	double t0 = now(CLOCK_MONOTONIC);
	int i;

	for (i = 0; i < PROBE_ROUNDS / 10; i++)
		if (probe(VIRTUOS_PROBE_NOP, 0) < 0)
			return -1;
	return (now(CLOCK_MONOTONIC) - t0) * 1e6 / (PROBE_ROUNDS / 10);
}

static double floor_pingpong(void)
{
	double t0 = now(CLOCK_MONOTONIC);

	if (probe(VIRTUOS_PROBE_PINGPONG, PROBE_ROUNDS) < 0)
		return -1;
	return (now(CLOCK_MONOTONIC) - t0) * 1e6 / PROBE_ROUNDS;
}

static double floor_copy(void)
{
	static char from[65536], to[65536];
	double t0;
	int i;

	memset(from, 'c', sizeof(from));
	t0 = now(CLOCK_MONOTONIC);
	for (i = 0; i < 2000; i++) {
		memcpy(to, from, sizeof(to));
		__asm__ __volatile__("" : : "r"(to) : "memory");
	}
	return (now(CLOCK_MONOTONIC) - t0) * 1e6 / 2000;
}

static void floor_table(void)
{
	printf("Floors: what the forwarded path is up against, median [min-max] of %d samples\n",
	       SAMPLES);
	floor_row("null system call (getppid), primary", "us",
		  floor_null_primary);
	floor_row("null system call (getppid), storage domain", "us",
		  floor_null_storage);
	floor_row("fstat, primary", "us", floor_fstat_primary);
	floor_row("fstat, storage domain", "us", floor_fstat_storage);
	floor_row("cache-line round trip through the area", "us",
		  floor_pingpong);
	floor_row("forwarded no-op call", "us", floor_nop);
	floor_row("memcpy 64 KiB, primary", "us", floor_copy);
	printf("\n");
}

static int make_file(const char *dir, char *path, size_t size)
{
	static char block[65536];
	long done;
	int fd;

	snprintf(path, size, "%s/storage-bench.data", dir);
	fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
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
	if (fsync(fd)) {
		fprintf(stderr, "storage-bench: fsync %s: %s\n", path,
			strerror(errno));
		exit(1);
	}
	return fd;
}

/* The file system type of dir, as its own domain's kernel says. */
static void fs_type(const char *dir, char *type, size_t size)
{
	struct statfs st;

	if (statfs(dir, &st))
		snprintf(type, size, "? (%s)", strerror(errno));
	else if (st.f_type == 0xEF53)
		snprintf(type, size, "ext2/3/4");
	else if (st.f_type == 0x01021994)
		snprintf(type, size, "tmpfs");
	else
		snprintf(type, size, "file system 0x%lx",
			 (unsigned long)st.f_type);
}

/* Where each vCPU runs: `xl vcpu-list`, indented, and its affinity as a
 * JSON string. */
static void vcpu_placement(void)
{
	char line[256];
	FILE *p = popen("xl vcpu-list 2>/dev/null", "r");

	json_add(", \"vcpu_list\": [");
	for (int n = 0; p && fgets(line, sizeof(line), p); n++) {
		line[strcspn(line, "\n")] = 0;
		printf("  %s\n", line);
		json_add("%s\"%s\"", n ? ", " : "", line);
	}
	json_add("]");
	if (p)
		pclose(p);
}

/* The VCPUs column of `xl list` for domain name, or -1. */
static int domain_vcpus(const char *name)
{
	char line[256], n[64];
	int vcpus = -1, v;
	FILE *p = popen("xl list 2>/dev/null", "r");

	while (p && fgets(line, sizeof(line), p))
		if (sscanf(line, "%63s %*d %*d %d", n, &v) == 2 &&
		    strcmp(n, name) == 0)
			vcpus = v;
	if (p)
		pclose(p);
	return vcpus;
}

static int host_cpus(void)
{
	char line[256];
	int cpus = -1;
	FILE *p = popen("xl info 2>/dev/null", "r");

	while (p && fgets(line, sizeof(line), p))
		sscanf(line, "nr_cpus : %d", &cpus);
	if (p)
		pclose(p);
	return cpus;
}

int main(int argc, char **argv)
{
	char native_path[512], forwarded_path[512], ntype[64], ftype[64];
	int native, forwarded, pcpus, dom0, sd;

	if (argc != 3) {
		fprintf(stderr, "usage: storage-bench NATIVE_DIR FORWARDED_DIR\n");
		return 2;
	}
	if (sysfs_counter("wakes") < 0) {
		fprintf(stderr, "storage-bench: no /sys/kernel/virtuos/wakes: is virtuos.ko loaded?\n");
		return 1;
	}
	native = make_file(argv[1], native_path, sizeof(native_path));
	forwarded = make_file(argv[2], forwarded_path, sizeof(forwarded_path));
	native_fd = native;
	fs_type(argv[1], ntype, sizeof(ntype));
	fs_type(argv[2], ftype, sizeof(ftype));
	pcpus = host_cpus();
	dom0 = domain_vcpus("Domain-0");
	sd = domain_vcpus("storage");
	printf("Layout: %d physical CPUs under Xen; primary (dom0) %d vCPU, storage domain %d vCPU\n",
	       pcpus, dom0, sd);
	printf("native: %s (%s, the primary's own disk); forwarded: %s (%s in the storage domain)\n",
	       argv[1], ntype, argv[2], ftype);
	json_add("{\"layout\": {\"physical_cpus\": %d, \"primary_vcpus\": %d, "
		 "\"storage_vcpus\": %d, \"native_fs\": \"%s\", "
		 "\"forwarded_fs\": \"%s\", \"samples\": %d, "
		 "\"sample_seconds\": %.1f",
		 pcpus, dom0, sd, ntype, ftype, SAMPLES, SAMPLE_S);
	vcpu_placement();
	json_add("},\n \"rows\": [");
	printf("\n");

	run(forwarded, OP_FSTAT, 1, WARMUP_S, NULL);	/* attach, workers */
	floor_table();
	latency_table(native, forwarded);
	throughput_table(native, forwarded);
	json_add("\n ]\n}\n");

	printf("@json-begin\n%s@json-end\n", json);
	close(native);
	close(forwarded);
	unlink(native_path);
	unlink(forwarded_path);
	if (failed)
		printf("storage-bench: a call failed during the run\n");
	return failed;
}
