// SPDX-License-Identifier: GPL-2.0
/*
 * Calls routed by the call specification (virtuos_call_spec.h) rather
 * than by hand: creat by raw number lands in the storage domain; calls
 * refused on remote descriptors give what a native kernel gives for a
 * descriptor of that kind (checked against a local file here), and
 * never reach the placeholder; calls on the primary's own name space
 * (mount, umount2, chroot) and a landlock rule on a remote directory are
 * refused with EOPNOTSUPP. Each role's shadow runs only its role's calls:
 * a client speaking to the network domain's shadow by hand gets ENOSYS
 * for a storage call, and the other way round; a FIEMAP request asking
 * for more extents than its window holds is refused. Asynchronous I/O, which
 * the library does not route, fails on a remote descriptor with EBADF:
 * at submission for io_submit, in the completion for io_uring; never a
 * read of 0 bytes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/fiemap.h>
#include <linux/io_uring.h>
#include <linux/landlock.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <unistd.h>

#include "raw-area.h"
#include "virtuos_calls.h"
#include "tap.h"

#define DIR "/storage/vt-spec"
#define FILE_PATH DIR "/created"
#define LOCAL_FILE "/tmp/vt-spec-local"

/* A call of the primary's own kernel, past the library. */
static long local_syscall2(long n, long a1, long a2)
{
	long r;

	__asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a1), "S"(a2)
			  : "rcx", "r11", "memory");
	return r;
}

static const char *err(long r)
{
	return r < 0 ? strerror(errno) : "succeeded";
}

static void creat_call(void)
{
	struct stat st;
	long fd;
	char c;

	fd = syscall(SYS_creat, FILE_PATH, 0600);
	tap_ok(fd >= 0 && write(fd, "abc", 3) == 3 && !stat(FILE_PATH, &st) &&
	       st.st_size == 3 && (st.st_mode & 0777) == 0600,
	       "SYS_creat of a /storage path: a file of the storage domain (%s)",
	       err(fd));
	tap_ok(fd >= 0 && read(fd, &c, 1) == -1 && errno == EBADF,
	       "it is open write-only: read gives EBADF (%s)", err(fd));
	if (fd >= 0)
		close(fd);
	tap_ok(access(FILE_PATH, F_OK) == 0 &&
	       local_syscall2(SYS_access, (long)FILE_PATH, F_OK) == -ENOENT,
	       "it exists in the storage domain, not in the primary's kernel");
}

/*
 * Runs @call on the remote descriptor and on a local file: both fail the
 * same way. The remote one must not reach its placeholder (an O_PATH
 * descriptor, which gives EBADF for most of these).
 */
#define SAME_AS_NATIVE(what, want, call_on)				\
	do {								\
		long r1, r2;						\
		int e1, e2;						\
		errno = 0;						\
		r1 = call_on(rfd);					\
		e1 = errno;						\
		errno = 0;						\
		r2 = call_on(lfd);					\
		e2 = errno;						\
		tap_ok(r1 == -1 && e1 == (want) && r2 == -1 && e2 == e1, \
		       "%s on a /storage file: %s, as on a local file " \
		       "(%s; local %s)", what, strerror(want),		\
		       r1 == -1 ? strerror(e1) : "succeeded",		\
		       r2 == -1 ? strerror(e2) : "succeeded");		\
	} while (0)

static struct itimerspec its = { .it_value = { 1, 0 } };
static char byte;
static struct iovec iov = { &byte, 1 };

#define TIMERFD_SET(fd) timerfd_settime(fd, 0, &its, NULL)
#define RM_WATCH(fd) syscall(SYS_inotify_rm_watch, fd, 1)
#define VMSPLICE(fd) vmsplice(fd, &iov, 1, 0)
#define ACCEPT(fd) accept(fd, NULL, NULL)
#define SHUTDOWN(fd) shutdown(fd, SHUT_RDWR)

static void refused_fd_calls(void)
{
	int rfd = open(FILE_PATH, O_RDWR);
	int lfd = open(LOCAL_FILE, O_RDWR | O_CREAT, 0600);
	char buf[256];
	long r;

	SAME_AS_NATIVE("timerfd_settime", EINVAL, TIMERFD_SET);
	SAME_AS_NATIVE("inotify_rm_watch", EINVAL, RM_WATCH);
	SAME_AS_NATIVE("vmsplice", EBADF, VMSPLICE);
	SAME_AS_NATIVE("accept", ENOTSOCK, ACCEPT);
	SAME_AS_NATIVE("shutdown", ENOTSOCK, SHUTDOWN);
	close(rfd);
	close(lfd);
	unlink(LOCAL_FILE);

	rfd = open(DIR, O_RDONLY | O_DIRECTORY);
	r = syscall(SYS_getdents, rfd, buf, sizeof(buf));
	tap_ok(r == -1 && errno == EOPNOTSUPP,
	       "the old getdents on a /storage directory: EOPNOTSUPP (%s)",
	       err(r));
	close(rfd);
	lfd = open("/", O_RDONLY | O_DIRECTORY);
	r = syscall(SYS_getdents, lfd, buf, sizeof(buf));
	tap_ok(r > 0, "and on a local directory it reads records (%s)", err(r));
	close(lfd);
}

static void refused_path_calls(void)
{
	long r;

	r = mount("none", DIR, "tmpfs", 0, NULL);
	tap_ok(r == -1 && errno == EOPNOTSUPP,
	       "mount onto a /storage directory: EOPNOTSUPP (%s)", err(r));
	r = umount2("/storage", MNT_DETACH);
	tap_ok(r == -1 && errno == EOPNOTSUPP,
	       "umount2 of /storage: EOPNOTSUPP (%s)", err(r));
	r = chroot("/storage");
	tap_ok(r == -1 && errno == EOPNOTSUPP,
	       "chroot into /storage: EOPNOTSUPP (%s)", err(r));
}

static void landlock_rule(void)
{
	struct landlock_ruleset_attr ra = {
		.handled_access_fs = LANDLOCK_ACCESS_FS_READ_FILE,
	};
	struct landlock_path_beneath_attr pb = {
		.allowed_access = LANDLOCK_ACCESS_FS_READ_FILE,
	};
	long ruleset, r;

	ruleset = syscall(SYS_landlock_create_ruleset, &ra, sizeof(ra), 0);
	if (ruleset < 0) {
		tap_skip("landlock is not enabled in this kernel",
			 "a landlock rule on a /storage directory (%s)",
			 strerror(errno));
		tap_skip("landlock is not enabled in this kernel",
			 "a landlock rule on a local directory");
		return;
	}
	pb.parent_fd = open(DIR, O_PATH | O_DIRECTORY);
	r = syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
		    &pb, 0);
	tap_ok(r == -1 && errno == EOPNOTSUPP,
	       "a landlock rule on a /storage directory: EOPNOTSUPP, not a "
	       "rule on its placeholder (%s)", err(r));
	close(pb.parent_fd);
	pb.parent_fd = open("/tmp", O_PATH | O_DIRECTORY);
	r = syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
		    &pb, 0);
	tap_ok(r == 0, "a landlock rule on a local directory is added (%s)",
	       err(r));
	close(pb.parent_fd);
	close(ruleset);
}

/* io_submit of one read of @fd: its return, or -errno; *res the event's
 * result when it was submitted. */
static long aio_read(int fd, char *buf, long len, long *res)
{
	aio_context_t ctx = 0;
	struct iocb cb, *cbs[1] = { &cb };
	struct io_event ev;
	long r;

	if (syscall(SYS_io_setup, 1, &ctx))
		return -errno;
	memset(&cb, 0, sizeof(cb));
	cb.aio_lio_opcode = IOCB_CMD_PREAD;
	cb.aio_fildes = fd;
	cb.aio_buf = (unsigned long)buf;
	cb.aio_nbytes = len;
	r = syscall(SYS_io_submit, ctx, 1, cbs);
	if (r < 0)
		r = -errno;
	if (r == 1 && syscall(SYS_io_getevents, ctx, 1, 1, &ev, NULL) == 1)
		*res = ev.res;
	syscall(SYS_io_destroy, ctx);
	return r;
}

/* One IORING_OP_READ of @fd through a new ring: 0 with *res the
 * completion's result, or -errno of the step that failed. */
static long uring_read(int fd, char *buf, unsigned int len, long *res)
{
	struct io_uring_params p;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
	unsigned int *sq_tail, *cq_head, *cq_tail;
	size_t sq_size, cq_size, sqes_size;
	char *sq, *cq;
	long r = 0;
	int ring;

	memset(&p, 0, sizeof(p));
	ring = syscall(SYS_io_uring_setup, 1, &p);
	if (ring < 0)
		return -errno;
	sq_size = p.sq_off.array + p.sq_entries * sizeof(unsigned int);
	cq_size = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
	sqes_size = p.sq_entries * sizeof(struct io_uring_sqe);
	sq = mmap(NULL, sq_size, PROT_READ | PROT_WRITE, MAP_SHARED, ring,
		  IORING_OFF_SQ_RING);
	cq = mmap(NULL, cq_size, PROT_READ | PROT_WRITE, MAP_SHARED, ring,
		  IORING_OFF_CQ_RING);
	sqes = mmap(NULL, sqes_size, PROT_READ | PROT_WRITE, MAP_SHARED, ring,
		    IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED) {
		close(ring);
		return -ENOMEM;
	}
	memset(&sqes[0], 0, sizeof(sqes[0]));
	sqes[0].opcode = IORING_OP_READ;
	sqes[0].fd = fd;
	sqes[0].addr = (unsigned long)buf;
	sqes[0].len = len;
	((unsigned int *)(sq + p.sq_off.array))[0] = 0;
	sq_tail = (unsigned int *)(sq + p.sq_off.tail);
	__atomic_store_n(sq_tail, *sq_tail + 1, __ATOMIC_RELEASE);
	if (syscall(SYS_io_uring_enter, ring, 1, 1, IORING_ENTER_GETEVENTS,
		    NULL, 0) < 0)
		r = -errno;
	cq_head = (unsigned int *)(cq + p.cq_off.head);
	cq_tail = (unsigned int *)(cq + p.cq_off.tail);
	cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
	if (!r && __atomic_load_n(cq_tail, __ATOMIC_ACQUIRE) == *cq_head)
		r = -EAGAIN;
	else if (!r)
		*res = cqes[*cq_head & *(unsigned int *)(cq + p.cq_off.ring_mask)].res;
	munmap(sq, sq_size);
	munmap(cq, cq_size);
	munmap(sqes, sqes_size);
	close(ring);
	return r;
}

static void async_io(void)
{
	int rfd = open(FILE_PATH, O_RDONLY);
	int lfd = open(LOCAL_FILE, O_RDWR | O_CREAT | O_TRUNC, 0600);
	char buf[16];
	long r, res = 1;

	if (write(lfd, "abc", 3) != 3)
		tap_diag("cannot write " LOCAL_FILE);
	r = aio_read(rfd, buf, sizeof(buf), &res);
	tap_ok(r == -EBADF, "io_submit of a read of a /storage file: EBADF at "
	       "submission (%ld)", r);
	res = -1;
	r = aio_read(lfd, buf, sizeof(buf), &res);
	tap_ok(r == 1 && res == 3, "and of a local file: submitted, 3 bytes "
	       "(%ld, %ld)", r, res);
	res = 1;
	r = uring_read(rfd, buf, sizeof(buf), &res);
	if (r == -ENOSYS || r == -EPERM) {
		tap_skip("io_uring is not available here",
			 "io_uring read of a /storage file (%s)", strerror(-r));
		tap_skip("io_uring is not available here",
			 "io_uring read of a local file");
	} else {
		tap_ok(!r && res == -EBADF, "io_uring read of a /storage file: "
		       "EBADF in its completion (%ld, %ld)", r, res);
		res = -1;
		r = uring_read(lfd, buf, sizeof(buf), &res);
		tap_ok(!r && res == 3, "and of a local file: 3 bytes (%ld, %ld)",
		       r, res);
	}
	close(rfd);
	close(lfd);
	unlink(LOCAL_FILE);
}

static void role_allow_lists(void)
{
	struct raw_area net, sto;
	long data = VIRTUOS_SLOT_DATA_OFFSET(0), r, fd;
	struct fiemap *fm;
	int e;

	e = raw_attach(&net, "network");
	if (e) {
		tap_skip("no network domain", "network shadow: getcwd (%s)",
			 strerror(e));
		tap_skip("no network domain", "network shadow: mkdirat");
	} else {
		r = raw_call(&net, SYS_getcwd, data, 256, 0);
		tap_ok(r == -ENOSYS,
		       "the network domain's shadow refuses getcwd, a storage "
		       "call: ENOSYS (%ld)", r);
		strcpy((char *)net.ctl + data, "vt-spec-net");
		r = raw_call(&net, SYS_mkdirat, AT_FDCWD, data, 0700);
		tap_ok(r == -ENOSYS,
		       "and mkdirat: ENOSYS (%ld)", r);
		close(net.fd);
	}
	e = raw_attach(&sto, "storage");
	if (e) {
		tap_ok(0, "storage shadow by hand: attach failed (%s)",
		       strerror(e));
		tap_ok(0, "storage shadow by hand: no call");
		tap_ok(0, "storage shadow by hand: no FIEMAP");
		tap_ok(0, "storage shadow by hand: no FIEMAP either");
		tap_ok(0, "storage shadow by hand: no hash");
		return;
	}
	tap_ok(sto.ctl->calls_hash == virtuos_calls_hash(),
	       "its shadow published the hash of the library's call table "
	       "(%#x, library %#x)", sto.ctl->calls_hash, virtuos_calls_hash());
	r = raw_call(&sto, SYS_getcwd, data, 256, 0);
	tap_ok(r > 0, "the storage domain's shadow runs getcwd (%ld)", r);
	strcpy((char *)sto.ctl + data, "vt-spec");
	r = raw_call(&sto, SYS_sethostname, data, 7, 0);
	tap_ok(r == -ENOSYS,
	       "and refuses sethostname, a network call: ENOSYS (%ld)", r);
	/* FS_IOC_FIEMAP with more extents than its window holds: the
	 * kernel would write past it. */
	strcpy((char *)sto.ctl + data, "/vt-spec/created");
	fd = raw_call(&sto, SYS_openat, AT_FDCWD, data, O_RDONLY);
	fm = (struct fiemap *)((char *)sto.ctl + data);
	memset(fm, 0, sizeof(*fm));
	fm->fm_length = ~0ULL;
	fm->fm_extent_count = 1000;
	r = raw_call(&sto, VIRTUOS_CALL_FIEMAP, fd, data, 0);
	tap_ok(fd >= 0 && r == -EINVAL,
	       "VIRTUOS_CALL_FIEMAP asking for 1000 extents: EINVAL (%ld)", r);
	fm->fm_extent_count = 1;
	r = raw_call(&sto, VIRTUOS_CALL_FIEMAP, fd, data, 0);
	tap_ok(fd >= 0 && r == 0 && fm->fm_mapped_extents == 1,
	       "and for one: the file's extent (%ld, %u)", r,
	       fm->fm_mapped_extents);
	close(sto.fd);
}

int main(void)
{
	tap_plan(26);
	mkdir(DIR, 0755);
	unlink(FILE_PATH);
	creat_call();
	refused_fd_calls();
	refused_path_calls();
	landlock_rule();
	async_io();
	role_allow_lists();
	unlink(FILE_PATH);
	rmdir(DIR);
	return tap_finish();
}
