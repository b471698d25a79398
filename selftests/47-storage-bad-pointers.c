// SPDX-License-Identifier: GPL-2.0
/*
 * Pointers into unmapped or read-only memory given to forwarded calls get
 * EFAULT, as from the local kernel, and nothing happens in the service
 * domain (no byte read, written or sent). The library catches the fault
 * with SIGSEGV and SIGBUS handlers of its own, so the process's own
 * dispositions must still behave as the kernel's: its handler runs for its
 * faults and for kill(), SIG_DFL kills, SIG_IGN ignores kill() but not a
 * fault, and sigaction reports what the process set.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

#define FILE_PATH "/storage/vt-bad-pointers"

static char *hole;		/* an unmapped page */
static char *ro;		/* a read-only page */

static int efault(long r, const char *what)
{
	int e = errno;

	return tap_ok(r == -1 && e == EFAULT, "%s: EFAULT (%ld, %s)", what, r,
	              r == -1 ? strerror(e) : "no error");
}

static void test_files(void)
{
	char *edge = hole - 8;	/* "/storage", its NUL would be in hole */
	struct iovec iov = { hole, 8 };
	struct stat st;
	int fd;

	fd = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, "0123456789", 10);
	lseek(fd, 0, SEEK_SET);

	efault(open(hole, O_RDONLY), "open with an unmapped path");
	memcpy(edge, "/storage", 8);
	efault(open(edge, O_RDONLY), "open with a path that runs into an unmapped page");
	/* musl's stat and fstat copy the kernel's answer themselves (and
	 * fault natively too): the system calls are made directly. */
	efault(syscall(SYS_newfstatat, AT_FDCWD, FILE_PATH, hole, 0),
	       "newfstatat into an unmapped buffer");
	efault(syscall(SYS_newfstatat, AT_FDCWD, FILE_PATH, ro, 0),
	       "newfstatat into a read-only buffer");
	efault(syscall(SYS_fstat, fd, hole), "fstat into an unmapped buffer");
	efault(read(fd, hole, 10), "read into an unmapped buffer");
	efault(read(fd, ro, 10), "read into a read-only buffer");
	tap_ok(lseek(fd, 0, SEEK_CUR) == 0, "the failed reads read nothing (offset %ld)",
	       (long)lseek(fd, 0, SEEK_CUR));
	efault(write(fd, hole, 10), "write from an unmapped buffer");
	efault(pwrite(fd, hole - 100, 200, 0), "pwrite from a buffer that runs into an unmapped page");
	efault(writev(fd, (struct iovec *)hole, 1), "writev with an unmapped iovec array");
	efault(writev(fd, &iov, 1), "writev with an unmapped buffer");
	fstat(fd, &st);
	tap_ok(st.st_size == 10, "the failed writes wrote nothing (size %ld)", (long)st.st_size);
	efault(syscall(SYS_getdents64, open("/storage", O_RDONLY | O_DIRECTORY), hole, 4096),
	       "getdents64 into an unmapped buffer");
	efault(rename(FILE_PATH, hole), "rename to an unmapped path");
	tap_ok(access(FILE_PATH, F_OK) == 0, "the file is still there under its name");
	efault(poll((struct pollfd *)hole, 1, 0), "poll with an unmapped array");
	close(fd);
	unlink(FILE_PATH);
}

static void test_sockets(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
	                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	int a = socket(AF_INET, SOCK_DGRAM, 0);
	int b = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	char c;

	bind(b, (void *)&sa, sizeof(sa));
	getsockname(b, (void *)&sa, &len);
	connect(a, (void *)&sa, sizeof(sa));
	efault(send(a, hole, 4, 0), "send from an unmapped buffer (network domain)");
	tap_ok(recv(b, &c, 1, 0) == -1 && errno == EAGAIN,
	       "nothing was sent");
	send(a, "x", 1, 0);
	usleep(100000);
	efault(recv(b, ro, 1, 0), "recv into a read-only buffer");
	efault(getsockname(b, (struct sockaddr *)hole, &len), "getsockname into an unmapped buffer");
	close(a);
	close(b);
}

static sigjmp_buf back;
static volatile sig_atomic_t caught_code, caught_sig;
static void *volatile caught_addr;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	caught_sig = sig;
	caught_code = si->si_code;
	caught_addr = si->si_addr;
	if (si->si_code > 0)
		siglongjmp(back, 1);
}

/* Sets /proc/sys/debug/exception-trace (whether the kernel logs a
 * process killed by a fault: the harness fails a run on such a line);
 * returns what it was. */
static char exception_trace(char v)
{
	int fd = open("/proc/sys/debug/exception-trace", O_RDWR);
	char old = '1';

	if (fd < 0)
		return old;
	read(fd, &old, 1);
	pwrite(fd, &v, 1, 0);
	close(fd);
	return old;
}

/* A child that faults with SIGSEGV at disposition h: how it ended. The
 * kernel is asked not to log the deliberate crash. */
static int child_fault(void (*h)(int))
{
	char trace = exception_trace('0');
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		signal(SIGSEGV, h);
		*(volatile char *)hole = 1;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	exception_trace(trace);
	return st;
}

/* A child that ignores SIGSEGV and sends it to itself: how it ended. */
static int child_kill_ignored(void)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		signal(SIGSEGV, SIG_IGN);
		kill(getpid(), SIGSEGV);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	return st;
}

static void test_dispositions(void)
{
	struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO },
	                 old;
	int st;

	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGSEGV, NULL, &old);
	tap_ok(old.sa_sigaction == on_segv && (old.sa_flags & SA_SIGINFO) &&
	       sigismember(&old.sa_mask, SIGUSR2),
	       "sigaction reports the process's SIGSEGV handler, flags and mask");
	caught_sig = 0;
	if (!sigsetjmp(back, 1))
		*(volatile char *)hole = 1;
	tap_ok(caught_sig == SIGSEGV && caught_addr == hole && caught_code == SEGV_MAPERR,
	       "the process's handler gets its own fault (code %d, address %s)",
	       (int)caught_code, caught_addr == hole ? "right" : "wrong");
	caught_sig = 0;
	kill(getpid(), SIGSEGV);
	tap_ok(caught_sig == SIGSEGV && caught_code == SI_USER,
	       "and a SIGSEGV sent by kill (code %d)", (int)caught_code);
	efault(syscall(SYS_newfstatat, AT_FDCWD, "/storage", hole, 0),
	       "with the handler set, a bad pointer still gives EFAULT");
	st = child_kill_ignored();
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	       "SIG_IGN: a SIGSEGV sent by kill is ignored (status %#x)", st);
	signal(SIGSEGV, SIG_DFL);
	st = child_fault(SIG_DFL);
	tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
	       "SIG_DFL: a fault kills the process with SIGSEGV (status %#x)", st);
	st = child_fault(SIG_IGN);
	tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
	       "SIG_IGN: a fault still kills with SIGSEGV (status %#x)", st);
}

int main(void)
{
	char *m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	hole = m + 4096;
	munmap(hole, 4096);
	ro = m + 2 * 4096;
	mprotect(ro, 4096, PROT_READ);
	tap_plan(28);
	test_files();
	test_sockets();
	test_dispositions();
	return tap_finish();
}
