// SPDX-License-Identifier: GPL-2.0
/*
 * syscall_count: every system call musl-virtuos makes goes through its
 * dispatcher, which counts it (virtuos_syscall_count()).
 *
 *   build/bin/musl-virtuos-gcc -static -O2 -Wall -Iselftests \
 *       -o build/selftests/syscall_count selftests/syscall_count.c
 *
 * Runs on the host and in the Xen primary domain. The exact checks
 * (a delta of exactly N for N calls) only hold while nothing else in the
 * process makes calls, so each one is taken on a single-threaded stretch.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <virtuos.h>

#include "tap.h"

#define N 1000
#define THREAD_N 20000

extern char **environ;

static unsigned long noop_loop(void)
{
	unsigned long before = virtuos_syscall_count();
	volatile int sink = 0;

	for (int i = 0; i < N; i++)
		sink += i;
	return virtuos_syscall_count() - before;
}

static unsigned long getpid_loop(void)
{
	unsigned long before = virtuos_syscall_count();

	for (int i = 0; i < N; i++)
		syscall(SYS_getpid);
	return virtuos_syscall_count() - before;
}

static void test_syscall_loop(void)
{
	unsigned long noop = noop_loop();
	unsigned long calls = getpid_loop();

	tap_ok(noop == 0, "reading the count makes no call (delta %lu)", noop);
	tap_ok(calls >= N && calls - noop == N,
	       "%d syscall(SYS_getpid) count %d (delta %lu)", N, N, calls);
}

static void test_errno_untouched(void)
{
	unsigned long before, delta;
	long r;

	errno = 0;
	r = syscall(SYS_close, -1);
	tap_ok(r == -1 && errno == EBADF,
	       "a failing call still reports its error (r=%ld errno=%d)", r,
	       errno);

	errno = 1234;
	before = virtuos_syscall_count();
	r = syscall(SYS_getpid);
	delta = virtuos_syscall_count() - before;
	tap_ok(r == getpid() && errno == 1234 && delta == 1,
	       "a successful call returns its value, leaves errno alone and "
	       "is counted once (delta %lu)", delta);
}

/* write() is a cancellation point: with pthread_cancel linked in (it is,
 * below) it takes the cancellable path, __virtuos_syscall_cp. */
static void test_write_cp(void)
{
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	unsigned long before, delta;
	ssize_t r;

	if (fd < 0) {
		tap_skip("cannot open /dev/null", "write() is counted");
		return;
	}
	before = virtuos_syscall_count();
	r = write(fd, "x", 1);
	delta = virtuos_syscall_count() - before;
	tap_ok(r == 1 && delta == 1, "write() is counted once (delta %lu)",
	       delta);
	close(fd);
}

static void *blocked_reader(void *arg)
{
	char c;

	read(*(int *)arg, &c, 1);
	return NULL;
}

/* Cancelling a thread blocked in read() relies on the syscall being issued
 * inside __cp_begin..__cp_end; a broken range shows up as a hang. */
static void test_cancel(void)
{
	struct timespec ts;
	pthread_t t;
	void *res = NULL;
	int p[2], r;

	if (pipe(p)) {
		tap_skip("pipe failed", "cancel a thread blocked in read()");
		return;
	}
	if (pthread_create(&t, NULL, blocked_reader, &p[0])) {
		tap_ok(0, "cancel a thread blocked in read() (create failed)");
		return;
	}
	usleep(50000);
	pthread_cancel(t);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 5;
	r = pthread_timedjoin_np(t, &res, &ts);
	tap_ok(r == 0 && res == PTHREAD_CANCELED,
	       "cancel a thread blocked in read() (join %d)", r);
	if (r) {
		/* Unblock it so that the process can go on and exit. */
		write(p[1], "x", 1);
		pthread_join(t, NULL);
	}
	close(p[0]);
	close(p[1]);
}

static pthread_barrier_t start;

static void *caller(void *arg)
{
	unsigned long *delta = arg, before;

	pthread_barrier_wait(&start);
	before = virtuos_syscall_count();
	for (int i = 0; i < THREAD_N; i++)
		syscall(SYS_getpid);
	*delta = virtuos_syscall_count() - before;
	return NULL;
}

/* Two threads calling at once: an increment that is not atomic loses
 * some under contention. */
static void test_threads(void)
{
	unsigned long delta[2] = { 0, 0 }, before, total;
	pthread_t t[2];
	int i, made = 0;

	pthread_barrier_init(&start, NULL, 3);
	for (i = 0; i < 2; i++)
		made += !pthread_create(&t[i], NULL, caller, &delta[i]);
	if (made != 2) {
		tap_ok(0, "threads' calls are counted (create failed)");
		return;
	}
	before = virtuos_syscall_count();
	pthread_barrier_wait(&start);
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	total = virtuos_syscall_count() - before;
	tap_ok(delta[0] >= THREAD_N && delta[1] >= THREAD_N,
	       "each thread sees its %d calls counted (%lu, %lu)", THREAD_N,
	       delta[0], delta[1]);
	tap_ok(total >= 2 * THREAD_N,
	       "no increment lost across threads (%lu >= %d)", total,
	       2 * THREAD_N);
	pthread_barrier_destroy(&start);
}

static void test_fork(void)
{
	unsigned long at_fork = virtuos_syscall_count();
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		tap_ok(0, "fork() failed: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		unsigned long inherited = virtuos_syscall_count();

		_exit(inherited >= at_fork && getpid_loop() == N ? 0 : 1);
	}
	if (waitpid(pid, &status, 0) != pid) {
		tap_ok(0, "waitpid failed: %s", strerror(errno));
		return;
	}
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "the child of fork() inherits the count and counts its calls "
	       "(status 0x%x)", status);
}

static volatile unsigned long handler_delta;

static void handler(int sig)
{
	unsigned long before = virtuos_syscall_count();

	(void)sig;
	for (int i = 0; i < 10; i++)
		syscall(SYS_getpid);
	handler_delta = virtuos_syscall_count() - before;
}

static void test_signal_handler(void)
{
	struct sigaction sa = { .sa_handler = handler };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	tap_ok(handler_delta == 10,
	       "calls in a signal handler are counted (delta %lu)",
	       handler_delta);
	signal(SIGUSR1, SIG_DFL);
}

/* posix_spawn's child shares our memory until it execs: the dispatcher
 * must work there (no TLS, errno or locks). */
static void test_spawn(void)
{
	char *argv[] = { "syscall_count", "--exit-7", NULL };
	int status;
	pid_t pid;
	int r;

	if (access("/proc/self/exe", X_OK)) {
		tap_skip("no /proc/self/exe", "posix_spawn child");
		return;
	}
	r = posix_spawn(&pid, "/proc/self/exe", NULL, NULL, argv, environ);
	if (r) {
		tap_ok(0, "posix_spawn: %s", strerror(r));
		return;
	}
	waitpid(pid, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 7,
	       "posix_spawn's child, which calls the dispatcher before exec, "
	       "works (status 0x%x)",
	       status);
}

int main(int argc, char **argv)
{
	unsigned long at_main = virtuos_syscall_count();

	if (argc > 1 && !strcmp(argv[1], "--exit-7"))
		return 7;

	tap_plan(12);
	tap_diag("%lu calls counted before main()", at_main);
	tap_ok(at_main > 0, "start-up calls are counted (%lu)", at_main);
	test_syscall_loop();
	test_errno_untouched();
	test_write_cp();
	test_signal_handler();
	test_fork();
	test_spawn();
	test_threads();
	test_cancel();
	return tap_finish();
}
