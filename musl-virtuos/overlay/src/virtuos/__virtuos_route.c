#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include "syscall.h"
#include "virtuos_impl.h"

/*
 * Which calls go to the storage domain: paths under the prefix
 * (VIRTUOS_STORAGE_PREFIX, default /storage) with the prefix stripped,
 * relative paths while the working directory is there, *at calls on a
 * remote directory, and every call on a remote descriptor.
 */

#define FDS __virtuos_fds

static const char *prefix;
static size_t prefix_len;

static void init_prefix(void)
{
	const char *p = __virtuos_getenv("VIRTUOS_STORAGE_PREFIX");

	if (!p || p[0] != '/' || !p[1])
		p = "/storage";
	prefix_len = strlen(p);
	while (prefix_len > 1 && p[prefix_len - 1] == '/')
		prefix_len--;
	prefix = p;
}

#define is_remote_fd __virtuos_is_remote_fd
#define rfd_of __virtuos_rfd
#define STORAGE VIRTUOS_STORAGE

/* The domain of remote descriptor fd. */
static int dom_of(long fd)
{
	return FDS[fd].domain;
}

/*
 * Where (dirfd, path) lives: 1 remote, with *rpath and *rdir for the
 * shadow; 0 local; a negative errno for a dead remote directory or a
 * path that cannot be user memory.
 */
static long classify(long dirfd, const char *path, const char **rpath,
                     long *rdir)
{
	if (!path) {	/* utimensat(fd, NULL, ...): the descriptor itself */
		if (!is_remote_fd(dirfd))
			return 0;
		*rpath = 0;
		*rdir = rfd_of(dirfd);
		return *rdir < 0 ? *rdir : 1;
	}
	if (!prefix)
		init_prefix();
	/* Only as much as the prefix test reads: a path that goes on is
	 * read whole when it is sent (or by the local kernel). */
	if (__virtuos_user_strnlen(path, prefix_len + 1) < 0)
		return -EFAULT;
	if (path[0] == '/') {
		if (strncmp(path, prefix, prefix_len) ||
		    (path[prefix_len] && path[prefix_len] != '/'))
			return 0;
		*rpath = path[prefix_len] ? path + prefix_len : "/";
		*rdir = AT_FDCWD;
		return 1;
	}
	*rpath = path;
	if (dirfd == AT_FDCWD) {
		*rdir = AT_FDCWD;
		return __virtuos_cwd_remote;
	}
	if (!is_remote_fd(dirfd))
		return 0;
	*rdir = rfd_of(dirfd);
	return *rdir < 0 ? *rdir : 1;
}

/* A call in the storage domain. */
static long remote(long nr, long a1, long a2, long a3, long a4, long a5,
                   long a6)
{
	return __virtuos_call(STORAGE, nr, a1, a2, a3, a4, a5, a6);
}

/*
 * mmap of a remote file: private memory filled with the file's bytes. So
 * MAP_PRIVATE behaves as natively, except that pages past the end of the
 * file read as zeros rather than raising SIGBUS; a read-only MAP_SHARED
 * mapping is a copy that does not see later writes; a writable MAP_SHARED
 * one cannot share its writes with another kernel (ENODEV).
 */
static long route_mmap(const long *a)
{
	long len = a[1], prot = a[2], flags = a[3], fd = a[4], off = a[5];
	long rfd = rfd_of(fd), map, done = 0, r;
	struct stat st;

	if (rfd < 0)
		return rfd;
	if (FDS[fd].domain != STORAGE)
		return -ENODEV;		/* sockets have no mapping */
	if ((flags & MAP_TYPE) != MAP_PRIVATE && (prot & PROT_WRITE))
		return -ENODEV;
	if (len <= 0 || (off & 4095) || off < 0)
		return -EINVAL;
	r = remote(SYS_fcntl, rfd, F_GETFL, 0, 0, 0, 0);
	if (r < 0)
		return r;
	if ((r & O_ACCMODE) == O_WRONLY || (r & O_PATH))
		return -EACCES;
	r = remote(SYS_fstat, rfd, (long)&st, 0, 0, 0, 0);
	if (r < 0)
		return r;
	if (!S_ISREG(st.st_mode))
		return -ENODEV;
	map = __virtuos_trap(SYS_mmap, a[0], len, PROT_READ | PROT_WRITE,
	                     (flags & ~MAP_TYPE) | MAP_PRIVATE | MAP_ANONYMOUS,
	                     -1, 0);
	if (map < 0 && map > -4096)
		return map;
	while (done < len) {
		r = __virtuos_chunked(STORAGE, SYS_pread64, rfd, (char *)map + done,
		                      len - done, off + done, 0);
		if (r <= 0)
			break;
		done += r;
	}
	if (r < 0 || (prot != (PROT_READ | PROT_WRITE) &&
	              (r = __virtuos_trap(SYS_mprotect, map, len, prot,
	                                  0, 0, 0)) < 0)) {
		__virtuos_trap(SYS_munmap, map, len, 0, 0, 0, 0);
		return r;
	}
	return map;
}

/* readv, writev and preadv, pwritev (positioned from off): entry after
 * entry. */
static long vectored(int dom, long nr, long rfd, const struct iovec *iov,
                     long cnt, long off, int once)
{
	long total = 0, r, i;

	if (cnt < 0 || cnt > 1024)
		return -EINVAL;
	if (cnt && __virtuos_bad_range((long)iov, cnt * sizeof *iov))
		return -EFAULT;
	for (i = 0; i < cnt; i++) {
		if (!iov[i].iov_len)
			continue;
		r = __virtuos_chunked(dom, nr, rfd, iov[i].iov_base,
		                      iov[i].iov_len, off + total, once);
		if (r < 0)
			return total ? total : r;
		total += r;
		if (once || (size_t)r < iov[i].iov_len)
			break;
	}
	return total;
}

static long vectored_call(long n, long fd, long rfd, long *a)
{
	const struct iovec *iov = (const struct iovec *)a[1];
	int in = n == SYS_readv || n == SYS_preadv || n == SYS_preadv2;
	int dom = dom_of(fd);

	if ((n == SYS_writev || (n == SYS_pwritev2 && a[3] == -1)) &&
	    dom == VIRTUOS_STORAGE)
		return __virtuos_write_vec(dom, rfd, iov, a[2]);
	if (n == SYS_readv || n == SYS_writev ||
	    ((n == SYS_preadv2 || n == SYS_pwritev2) && a[3] == -1))
		return vectored(dom, in ? SYS_read : SYS_write, rfd, iov, a[2],
		                0, in && dom == VIRTUOS_NETWORK);
	if (a[3] < 0)
		return -EINVAL;
	return vectored(dom, in ? SYS_pread64 : SYS_pwrite64, rfd, iov, a[2],
	                a[3], 0);
}

/*
 * sendfile and copy_file_range between two domains (or between a remote
 * and a local descriptor): through a buffer here. A NULL offset pointer
 * means the descriptor's own file position.
 */
#define BOUNCE_SIZE 16384

static long bounce(long in, long *in_off, long out, long *out_off, long count)
{
	char buf[BOUNCE_SIZE];
	long done = 0, n, r, w, x = 0;

	if ((in_off && __virtuos_bad_out((long)in_off, 8)) ||
	    (out_off && __virtuos_bad_out((long)out_off, 8)))
		return -EFAULT;
	while (done < count) {
		n = count - done < BOUNCE_SIZE ? count - done : BOUNCE_SIZE;
		r = in_off ? __virtuos_syscall(SYS_pread64, in, (long)buf, n,
		                               *in_off, 0, 0)
		           : __virtuos_syscall(SYS_read, in, (long)buf, n,
		                               0, 0, 0);
		if (r <= 0)
			return done ? done : r;
		for (w = 0; w < r; w += x) {
			x = out_off ? __virtuos_syscall(SYS_pwrite64, out,
			                                (long)(buf + w), r - w,
			                                *out_off + w, 0, 0)
			            : __virtuos_syscall(SYS_write, out,
			                                (long)(buf + w), r - w,
			                                0, 0, 0);
			if (x <= 0)
				break;
		}
		if (in_off)
			*in_off += w;
		else if (w < r)	/* give back what was read but not written */
			__virtuos_syscall(SYS_lseek, in, w - r, SEEK_CUR,
			                  0, 0, 0);
		if (out_off)
			*out_off += w;
		done += w;
		if (w < r)
			return done ? done : x;
		if (r < n)
			break;
	}
	return done;
}

/* sendfile(out, in, off, count), copy_file_range(in, off_in, out, off_out,
 * count, flags): in the domain of both descriptors, or bounced. */
static long route_copy(long n, long *a)
{
	long in = n == SYS_sendfile ? a[1] : a[0];
	long out = n == SYS_sendfile ? a[0] : a[2];
	long *in_off = (long *)(n == SYS_sendfile ? a[2] : a[1]);
	long *out_off = n == SYS_sendfile ? 0 : (long *)a[3];
	long count = n == SYS_sendfile ? a[3] : a[4];
	long rin, rout, r;

	if (n == SYS_copy_file_range && a[5])
		return -EINVAL;
	if (count < 0)
		return -EINVAL;
	if (is_remote_fd(in) && is_remote_fd(out) && dom_of(in) == dom_of(out)) {
		rin = rfd_of(in);
		rout = rfd_of(out);
		if (rin < 0 || rout < 0)
			return -EIO;
		r = n == SYS_sendfile
		    ? __virtuos_call(dom_of(in), n, rout, rin, (long)in_off,
		                     count, 0, 0)
		    : __virtuos_call(dom_of(in), n, rin, (long)in_off, rout,
		                     (long)out_off, count, 0);
		return r > count ? -EIO : r;
	}
	return bounce(in, in_off, out, out_off, count);
}

/* Makes local number fd stand for rfd, in the domain (and of the kind) of
 * remote descriptor like. */
static long adopt_like(long like, long fd, long rfd)
{
	int dgram = FDS[like].dgram, notify = FDS[like].notify;

	fd = __virtuos_adopt(dom_of(like), fd, rfd);
	if (fd >= 0) {
		FDS[fd].dgram = dgram;
		FDS[fd].notify = notify;
	}
	return fd;
}

static long route_dup(long n, long *a)
{
	long old = a[0], newfd = a[1], rfd;

	if (n != SYS_dup && is_remote_fd(newfd) && newfd != old)
		__virtuos_drop_fd(newfd);
	if (!is_remote_fd(old))
		return __virtuos_trap(n, a[0], a[1], a[2], 0, 0, 0);
	rfd = rfd_of(old);
	if (rfd < 0)
		return rfd;
	if (n == SYS_dup2 && newfd == old)
		return old;
	rfd = __virtuos_call(dom_of(old), SYS_dup, rfd, 0, 0, 0, 0, 0);
	if (rfd < 0)
		return rfd;
	return adopt_like(old, __virtuos_trap(n, a[0], a[1], a[2], 0, 0, 0),
	                  rfd);
}

/* One read of whole events from a remote inotify instance. */
static long inotify_read(int dom, long rfd, char *buf, long count)
{
	long r = __virtuos_chunked(dom, SYS_read, rfd, buf, count, 0, 1);

	if (r > 0 && !__virtuos_inotify_events_ok(buf, r))
		return -EIO;
	return r;
}

#define FAN_MARK_FLUSH 0x80

/*
 * inotify_add_watch and fanotify_mark: a /storage path is watched by an
 * instance in the storage domain (__virtuos_notify_move.c), a local path
 * by a local one.
 */
static long route_watch(long n, long *a)
{
	int inotify = n == SYS_inotify_add_watch;
	const char *path = (const char *)a[inotify ? 1 : 4], *rpath = 0;
	long rdir = AT_FDCWD, r, fd = a[0];

	if (!inotify && (a[1] & FAN_MARK_FLUSH))	/* no path */
		r = is_remote_fd(fd);
	else
		r = classify(inotify ? AT_FDCWD : a[3], path, &rpath, &rdir);
	if (r < 0)
		return r;
	if (!r) {
		if (is_remote_fd(fd))
			return dom_of(fd) == STORAGE && FDS[fd].notify
			       ? -EXDEV : -EINVAL;
		return __virtuos_trap(n, a[0], a[1], a[2], a[3], a[4], a[5]);
	}
	if (!is_remote_fd(fd)) {
		r = __virtuos_notify_move(fd, inotify ? VIRTUOS_NOTIFY_INOTIFY
		                                      : VIRTUOS_NOTIFY_FANOTIFY);
		if (r < 0)
			return r;
	}
	if (dom_of(fd) != STORAGE)
		return -EINVAL;
	r = rfd_of(fd);
	if (r < 0)
		return r;
	if (inotify)
		return __virtuos_call(STORAGE, n, r, (long)rpath, a[2], 0, 0, 0);
	return __virtuos_call(STORAGE, n, r, a[1], a[2], rdir, (long)rpath, 0);
}

static long route_fd_call(long n, long *a)
{
	long fd = a[0], rfd, r;
	int dom = dom_of(fd), sock = dom == VIRTUOS_NETWORK;

	/* A closed socket of a restarted domain is not made again first. */
	rfd = n == SYS_close ? __virtuos_rfd_now(fd) : rfd_of(fd);

	if (rfd < 0 && n == SYS_close) {
		FDS[fd].domain = 0;
		__virtuos_trap(SYS_close, fd, 0, 0, 0, 0, 0);
	}
	if (rfd < 0)
		return rfd;
	switch (n) {
	case SYS_close:
		r = __virtuos_drop_fd(fd);
		__virtuos_trap(SYS_close, fd, 0, 0, 0, 0, 0);
		return r;
	case SYS_read:
		if (FDS[fd].notify == VIRTUOS_NOTIFY_INOTIFY)
			return inotify_read(dom, rfd, (char *)a[1], a[2]);
		if (FDS[fd].notify)
			return __virtuos_fanotify_read(fd, rfd, (char *)a[1],
			                               a[2]);
		return __virtuos_chunked(dom, n, rfd, (char *)a[1], a[2], 0,
		                         sock);
	case SYS_getdents64:
		r = __virtuos_chunked(dom, n, rfd, (char *)a[1], a[2], 0, 0);
		/* Programs walk the records by d_reclen: forged ones would
		 * take them out of the buffer. */
		if (r > 0 && !__virtuos_dirents_ok((char *)a[1], r))
			return -EIO;
		return r;
	case SYS_write:
		if (FDS[fd].notify >= VIRTUOS_NOTIFY_FANOTIFY)
			return __virtuos_fanotify_write(rfd, (char *)a[1], a[2]);
		if (sock)
			return __virtuos_socket_write(fd, rfd, (char *)a[1], a[2]);
		if (a[2] > VIRTUOS_SLOT_DATA) {
			struct iovec one = { (void *)a[1], a[2] };
			return __virtuos_write_vec(dom, rfd, &one, 1);
		}
		return __virtuos_chunked(dom, n, rfd, (char *)a[1], a[2], 0, 0);
	case SYS_pread64:
	case SYS_pwrite64:
		return __virtuos_chunked(dom, n, rfd, (char *)a[1], a[2], a[3],
		                         0);
	case SYS_readv: case SYS_writev:
		if (sock)
			return __virtuos_socket_vec(n, fd, rfd,
			                            (const struct iovec *)a[1], a[2]);
		return vectored_call(n, fd, rfd, a);
	case SYS_preadv: case SYS_pwritev:
		return vectored_call(n, fd, rfd, a);
	case SYS_preadv2: case SYS_pwritev2:
		if (a[5])
			return -EOPNOTSUPP;
		return vectored_call(n, fd, rfd, a);
	case SYS_fcntl:
		if (a[1] == F_DUPFD || a[1] == F_DUPFD_CLOEXEC) {
			r = __virtuos_call(dom, SYS_dup, rfd, 0, 0, 0, 0, 0);
			if (r < 0)
				return r;
			return adopt_like(fd, __virtuos_trap(SYS_fcntl, fd, a[1],
			                                     a[2], 0, 0, 0), r);
		}
		if (a[1] == F_GETFD || a[1] == F_SETFD)
			return __virtuos_trap(SYS_fcntl, fd, a[1], a[2], 0, 0, 0);
		break;
	case SYS_fchdir:
		r = __virtuos_call(dom, n, rfd, 0, 0, 0, 0, 0);
		if (!r)
			__virtuos_cwd_remote = dom == STORAGE;
		return r;
	}
	return __virtuos_call(dom, n, rfd, a[1], a[2], a[3], a[4], a[5]);
}

/* Calls with (dirfd, path) at argument i; a second pair at j for renames
 * and links (j < 0: none). nodir: the call has no dirfd arguments. */
/*
 * execve of a file under /storage: the primary's kernel can only run what
 * it can read, so the file is copied into a memfd, which is run with
 * execveat(AT_EMPTY_PATH); the remote state carries over as for any exec
 * (__virtuos_execve). The storage domain checks the search and execute
 * permissions. Set-user-ID bits do not apply, as on a nosuid mount. A
 * script's memfd stays open in the new image, for its interpreter to read
 * through /dev/fd.
 */
static long exec_remote(long rdir, const char *rpath, long argv, long envp,
                        long flags)
{
	char buf[16384];
	struct stat st;
	long rfd, mfd, r, off = 0, b[6];
	int nofollow = (flags & AT_SYMLINK_NOFOLLOW) != 0;
	int empty = !rpath[0];	/* fexecve: rdir is the file itself */

	r = remote(SYS_faccessat2, rdir, (long)rpath, X_OK, AT_EACCESS |
	           (nofollow ? AT_SYMLINK_NOFOLLOW : 0) |
	           (empty ? AT_EMPTY_PATH : 0), 0, 0);
	if (r < 0)
		return r;
	rfd = empty ? rdir : remote(SYS_openat, rdir, (long)rpath, O_RDONLY |
	                            O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0),
	                            0, 0, 0);
	if (rfd < 0)
		return rfd;
	r = remote(SYS_fstat, rfd, (long)&st, 0, 0, 0, 0);
	if (!r && !S_ISREG(st.st_mode))
		r = -EACCES;
	if (!r)
		r = __virtuos_chunked(STORAGE, SYS_pread64, rfd, buf, 2, 0, 0);
	mfd = r < 0 ? r : __virtuos_trap(SYS_memfd_create, (long)"virtuos-exec",
	                                 r == 2 && buf[0] == '#' &&
	                                 buf[1] == '!' ? 0 : MFD_CLOEXEC,
	                                 0, 0, 0, 0);
	while (mfd >= 0) {
		r = __virtuos_chunked(STORAGE, SYS_pread64, rfd, buf, sizeof buf,
		                      off, 0);
		if (r <= 0)
			break;
		if (__virtuos_trap(SYS_write, mfd, (long)buf, r, 0, 0, 0) != r) {
			r = -EIO;
			break;
		}
		off += r;
	}
	if (!empty)
		remote(SYS_close, rfd, 0, 0, 0, 0, 0);
	if (mfd < 0)
		return mfd;
	if (!r)
		r = __virtuos_trap(SYS_fchmod, mfd, st.st_mode & 0777, 0, 0, 0, 0);
	if (!r) {
		b[0] = mfd, b[1] = (long)"", b[2] = argv, b[3] = envp;
		b[4] = AT_EMPTY_PATH, b[5] = 0;
		r = __virtuos_execve(SYS_execveat, b);
	}
	__virtuos_trap(SYS_close, mfd, 0, 0, 0, 0, 0);
	return r;
}

static long route_execve(long n, long *a)
{
	long dirfd = n == SYS_execve ? AT_FDCWD : a[0];
	const char *path = (const char *)(n == SYS_execve ? a[0] : a[1]);
	long argv = n == SYS_execve ? a[1] : a[2];
	long envp = n == SYS_execve ? a[2] : a[3];
	long flags = n == SYS_execve ? 0 : a[4];
	const char *rpath;
	long rdir, w;

	/* fexecve: execveat(fd, "", ..., AT_EMPTY_PATH) */
	if ((flags & AT_EMPTY_PATH) && is_remote_fd(dirfd) &&
	    __virtuos_user_strnlen(path, 1) == 0) {
		rdir = rfd_of(dirfd);
		return rdir < 0 ? rdir : exec_remote(rdir, "", argv, envp, flags);
	}
	w = classify(dirfd, path, &rpath, &rdir);
	if (w < 0)
		return w;
	if (!w)
		return __virtuos_execve(n, a);
	return exec_remote(rdir, rpath, argv, envp, flags);
}

static long route_path_call(long n, long *a, int i, int j, int nodir)
{
	const char *p1, *p2 = 0;
	long d1, d2, w1, w2 = 0;
	long b[6];
	int k;

	w1 = classify(nodir ? AT_FDCWD : a[i - 1], (const char *)a[i], &p1, &d1);
	if (j >= 0)
		w2 = classify(nodir ? AT_FDCWD : a[j - 1], (const char *)a[j],
		              &p2, &d2);
	if (w1 < 0)
		return w1;
	if (w2 < 0)
		return w2;
	if (j >= 0 && w1 != w2)
		return -EXDEV;
	if (!w1)
		return __virtuos_trap(n, a[0], a[1], a[2], a[3], a[4], a[5]);
	for (k = 0; k < 6; k++)
		b[k] = a[k];
	b[i] = (long)p1;
	if (!nodir)
		b[i - 1] = d1;
	if (j >= 0) {
		b[j] = (long)p2;
		if (!nodir)
			b[j - 1] = d2;
	}
	return remote(n, b[0], b[1], b[2], b[3], b[4], b[5]);
}

/* open, openat, and openat2 (whose flags are in its struct open_how,
 * copied over as it is, so the storage domain honours its resolve flags). */
static long route_open(long n, long *a)
{
	long rfd = route_path_call(n, a, n == SYS_open ? 0 : 1, -1,
	                           n == SYS_open);
	long flags = n == SYS_open ? a[1] : a[2];
	const char *p;
	long d;

	if (rfd < 0 || classify(n == SYS_open ? AT_FDCWD : a[0],
	                        (const char *)a[n == SYS_open ? 0 : 1],
	                        &p, &d) != 1)
		return rfd;
	if (n == SYS_openat2)	/* it succeeded: how was read */
		flags = *(const unsigned long long *)a[2];
	return __virtuos_new_fd(STORAGE, rfd, flags);
}

/*
 * A call refused on remote files: *ret is -err (EOPNOTSUPP: as from a
 * file system without that feature) if (dirfd, path) is remote (path
 * NULL: dirfd itself); 0 lets the call run locally.
 */
static int refused(long dirfd, const char *path, long err, long *ret)
{
	const char *rpath;
	long rdir, w;

	w = path || is_remote_fd(dirfd) ? classify(dirfd, path, &rpath, &rdir)
	                                : 0;
	if (!w)
		return 0;
	*ret = w < 0 ? w : -err;
	return 1;
}

/* sync: the primary's file systems, then the storage domain's (attaching
 * to it if need be: sync is for everyone's data). Like sync, never fails. */
static long route_sync(void)
{
	__virtuos_trap(SYS_sync, 0, 0, 0, 0, 0, 0);
	remote(SYS_sync, 0, 0, 0, 0, 0, 0);
	return 0;
}

static long route_fchdir(long *a)
{
	long r = __virtuos_trap(SYS_fchdir, a[0], 0, 0, 0, 0, 0);

	if (!r)
		__virtuos_cwd_remote = 0;
	return r;
}

static long route_chdir(long *a)
{
	const char *p;
	long d, r;

	if (classify(AT_FDCWD, (const char *)a[0], &p, &d) != 1) {
		r = __virtuos_trap(SYS_chdir, a[0], 0, 0, 0, 0, 0);
		if (!r)
			__virtuos_cwd_remote = 0;
		return r;
	}
	r = remote(SYS_chdir, (long)p, 0, 0, 0, 0, 0);
	if (!r)
		__virtuos_cwd_remote = 1;
	return r;
}

static long route_getcwd(long *a)
{
	char *buf = (char *)a[0];
	long size = a[1], r;

	if (!prefix)
		init_prefix();
	if (!buf || size < (long)prefix_len + 2)
		return -ERANGE;
	r = remote(SYS_getcwd, (long)(buf + prefix_len), size - prefix_len,
	           0, 0, 0, 0);
	if (r < 0)
		return r;
	/* The domain's answer: an absolute path ended within its length. */
	if (r < 2 || r > size - (long)prefix_len || buf[prefix_len] != '/' ||
	    buf[prefix_len + r - 1])
		return -EIO;
	memcpy(buf, prefix, prefix_len);
	if (buf[prefix_len + 1] == '\0')	/* the shadow's root */
		buf[prefix_len] = '\0', r = 1;
	return r + prefix_len;
}

/*
 * landlock_add_rule of a path-beneath rule: the rule names its directory
 * by descriptor, inside the rule; a remote one would restrict the
 * placeholder, not the directory.
 */
static int route_landlock(long *a, long *ret)
{
	struct { unsigned long long access; int fd; } __attribute__((packed))
	        *rule = (void *)a[2];

	if (is_remote_fd(a[0])) {
		*ret = -EBADFD;
		return 1;
	}
	if (a[1] != 1 || __virtuos_bad_range(a[2], sizeof *rule) ||
	    !is_remote_fd(rule->fd))
		return 0;
	*ret = -EOPNOTSUPP;
	return 1;
}

/* The calls whose route is SPECIAL in the call specification. */
static int route_special(long n, long *a, long *ret)
{
	long b[6];

	switch (n) {
	case SYS_close:
		if (!is_remote_fd(a[0])) {
			if (__virtuos_own_fd(a[0])) {
				__virtuos_own_fd_move(a[0]);
				*ret = -EBADF;
				return 1;
			}
			__virtuos_epoll_forget(a[0]);
			return 0;
		}
		*ret = route_fd_call(n, a);
		return 1;
	case SYS_setuid: case SYS_setgid: case SYS_setreuid: case SYS_setregid:
	case SYS_setresuid: case SYS_setresgid: case SYS_setfsuid:
	case SYS_setfsgid: case SYS_setgroups: case SYS_capset:
	case SYS_unshare: case SYS_setns:
		return __virtuos_route_creds(n, a, ret);
	case SYS_fcntl:
		if (!is_remote_fd(a[0])) {
			if (!__virtuos_own_fd(a[0]))
				return 0;
			*ret = -EBADF;
			return 1;
		}
		*ret = route_fd_call(n, a);
		return 1;
	case SYS_poll: case SYS_ppoll: case SYS_select: case SYS_pselect6:
		return __virtuos_route_poll(n, a, ret);
	case SYS_epoll_ctl: case SYS_epoll_wait: case SYS_epoll_pwait:
	case SYS_epoll_pwait2:
		return __virtuos_route_epoll(n, a, ret);
	case SYS_sendfile:
		if (!is_remote_fd(a[0]) && !is_remote_fd(a[1]))
			return 0;
		*ret = route_copy(n, a);
		return 1;
	case SYS_copy_file_range:
		if (!is_remote_fd(a[0]) && !is_remote_fd(a[2]))
			return 0;
		*ret = route_copy(n, a);
		return 1;
	case SYS_ioctl:
		if (__virtuos_route_socket(n, a, ret))
			return 1;
		if (!is_remote_fd(a[0]))
			return 0;
		*ret = __virtuos_file_ioctl(a[0], a);
		return 1;
	/* Calls a remote file does not offer from here: the errors of a file
	 * without mapping or splicing, never the placeholder's. */
	case SYS_mmap:
		if ((a[3] & MAP_ANONYMOUS) || !is_remote_fd(a[4]))
			return 0;
		*ret = route_mmap(a);
		return 1;
	case SYS_splice: case SYS_tee:
		if (!is_remote_fd(a[0]) && !is_remote_fd(n == SYS_tee ? a[1] : a[2]))
			return 0;
		*ret = -EINVAL;
		return 1;
	case SYS_socket: case SYS_uname: case SYS_sethostname:
	case SYS_setdomainname:
		return __virtuos_route_socket(n, a, ret);
	case SYS_fork:
		*ret = __virtuos_fork();
		return 1;
	case SYS_rt_sigaction:
		return __virtuos_route_fault_action(a, ret);
	case SYS_execve: case SYS_execveat:
		*ret = route_execve(n, a);
		return 1;
	case SYS_umask:
		*ret = __virtuos_trap(n, a[0], 0, 0, 0, 0, 0);
		if (__virtuos_domain(STORAGE)->state == VIRTUOS_DOMAIN_ATTACHED &&
		    !__virtuos_domain(STORAGE)->ctl->dead)
			remote(SYS_umask, a[0] & 0777, 0, 0, 0, 0, 0);
		return 1;
	case SYS_dup: case SYS_dup2: case SYS_dup3:
		if (__virtuos_own_fd(a[0])) {
			*ret = -EBADF;
			return 1;
		}
		if (n != SYS_dup && a[0] != a[1]) {
			__virtuos_epoll_forget(a[1]);
			if (__virtuos_own_fd(a[1]))
				__virtuos_own_fd_move(a[1]);
		}
		if (!is_remote_fd(a[0]) &&
		    (n == SYS_dup || !is_remote_fd(a[1])))
			return 0;
		*ret = route_dup(n, a);
		return 1;
	case SYS_open:
	case SYS_openat:
	case SYS_openat2:
		*ret = route_open(n, a);
		return 1;
	case SYS_creat:
		b[0] = a[0], b[1] = O_CREAT | O_WRONLY | O_TRUNC, b[2] = a[1];
		b[3] = b[4] = b[5] = 0;
		*ret = route_open(SYS_open, b);
		return 1;
	case SYS_utime: case SYS_utimes: case SYS_futimesat:
		*ret = __virtuos_old_times(n, a);
		return 1;
	case SYS_close_range:
		*ret = __virtuos_close_range(a);
		return 1;
	case SYS_sync:
		*ret = route_sync();
		return 1;
	case SYS_landlock_add_rule:
		return route_landlock(a, ret);
	case SYS_chdir:
		*ret = route_chdir(a);
		return 1;
	case SYS_fchdir:
		*ret = is_remote_fd(a[0]) ? route_fd_call(n, a) : route_fchdir(a);
		return 1;
	case SYS_getcwd:
		if (!__virtuos_cwd_remote)
			return 0;
		*ret = route_getcwd(a);
		return 1;
	case SYS_inotify_add_watch: case SYS_fanotify_mark:
		*ret = route_watch(n, a);
		return 1;
	}
	return 0;
}

/* Whether argument i (or j) of a refused call names something remote:
 * descriptors (dirs 0), paths (dirs 1: no dirfd; 2: dirfd before). */
static int refused_by(const struct virtuos_route *r, long *a, int dirs,
                      long *ret)
{
	int k, arg;

	for (k = 0; k < 2; k++) {
		arg = k ? r->j : r->i;
		if (arg < 0)
			break;
		if (!dirs && is_remote_fd(a[arg])) {
			*ret = -r->err;
			return 1;
		}
		if (dirs && refused(dirs == 2 ? a[arg - 1] : AT_FDCWD,
		                    (const char *)a[arg], r->err, ret))
			return 1;
	}
	return 0;
}

int __virtuos_route(long n, long *a, long *ret)
{
	const struct virtuos_route *r;

	if (!__virtuos_exec_loaded)
		__virtuos_exec_load();
	if ((unsigned long)n >= VIRTUOS_NR_ROUTES)
		return 0;
	r = &__virtuos_routes[n];
	switch (r->how) {
	case VIRTUOS_BY_FD:
		if (!is_remote_fd(a[0]))
			return 0;
		*ret = route_fd_call(n, a);
		return 1;
	case VIRTUOS_BY_PATH:
		*ret = route_path_call(n, a, r->i, r->j, 1);
		return 1;
	case VIRTUOS_BY_AT:
		*ret = route_path_call(n, a, r->i, r->j, 0);
		return 1;
	case VIRTUOS_BY_SOCK:
		/* What a socket call on a file gives. */
		if (is_remote_fd(a[0]) && dom_of(a[0]) != VIRTUOS_NETWORK) {
			*ret = -ENOTSOCK;
			return 1;
		}
		return __virtuos_route_socket(n, a, ret);
	case VIRTUOS_BY_SPECIAL:
		return route_special(n, a, ret);
	case VIRTUOS_NO_FD:
		return refused_by(r, a, 0, ret);
	case VIRTUOS_NO_PATH:
		return refused_by(r, a, 1, ret);
	case VIRTUOS_NO_AT:
		return refused_by(r, a, 2, ret);
	}
	return 0;
}
