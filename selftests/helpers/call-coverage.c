// SPDX-License-Identifier: GPL-2.0
/*
 * call-coverage DIR: makes the same file, directory and TCP socket calls
 * wherever it runs and prints one line per call, "name: result", with
 * nothing in the result that depends on where it ran (no descriptor
 * numbers, inode numbers or paths). Built twice from this source: with
 * musl-virtuos (as call-coverage: DIR under /storage, sockets in the
 * network domain) and with the host's C library (as call-coverage-native:
 * a local DIR, the primary's own sockets); 58-storage-coverage.sh
 * compares the two outputs line by line.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <linux/openat2.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fanotify.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <termios.h>
#include <unistd.h>

static const char *dir;
static char path_buf[4][PATH_MAX];

/* DIR/name, in one of four rotating buffers. */
static const char *at(const char *name)
{
	static int n;
	char *p = path_buf[n++ % 4];

	snprintf(p, PATH_MAX, "%s/%s", dir, name);
	return p;
}

static const char *err_name(int e)
{
	static char other[32];

	switch (e) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EBADF: return "EBADF";
	case EACCES: return "EACCES";
	case EEXIST: return "EEXIST";
	case EXDEV: return "EXDEV";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	case EINVAL: return "EINVAL";
	case ENOTTY: return "ENOTTY";
	case ESPIPE: return "ESPIPE";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case ENOTEMPTY: return "ENOTEMPTY";
	case ELOOP: return "ELOOP";
	case ENODATA: return "ENODATA";
	case EAGAIN: return "EAGAIN";
	case ENOTSOCK: return "ENOTSOCK";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EADDRINUSE: return "EADDRINUSE";
	case ECONNREFUSED: return "ECONNREFUSED";
	case ENOTCONN: return "ENOTCONN";
	case EPIPE: return "EPIPE";
	case EBADR: return "EBADR";
	}
	snprintf(other, sizeof(other), "errno %d", e);
	return other;
}

/* name: the value, or the error. */
static void val(const char *name, long r)
{
	if (r < 0)
		printf("%s: -1 %s\n", name, err_name(errno));
	else
		printf("%s: %ld\n", name, r);
}

/* name: "ok" for a new descriptor (its number says where it ran). */
static int newfd(const char *name, long fd)
{
	if (fd < 0)
		printf("%s: -1 %s\n", name, err_name(errno));
	else
		printf("%s: ok\n", name);
	return fd;
}

/* name: the count, and the bytes up to a NUL, escaped onto one line. */
static void text(const char *name, long r, const char *buf)
{
	long i;

	if (r < 0) {
		printf("%s: -1 %s\n", name, err_name(errno));
		return;
	}
	printf("%s: %ld \"", name, r);
	for (i = 0; i < r && buf[i]; i++)
		if (buf[i] >= ' ' && buf[i] < 127)
			putchar(buf[i]);
		else
			printf("\\x%02x", (unsigned char)buf[i]);
	printf("\"\n");
}

static long size_of(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? -1 : st.st_size;
}

static void file_calls(void)
{
	char buf[64];
	struct iovec iov[2];
	struct stat st;
	int fd, fd2, fd3;
	void *map;

	fd = newfd("open O_CREAT", open(at("f"), O_CREAT | O_RDWR | O_TRUNC, 0644));
	val("write", write(fd, "hello world\n", 12));
	newfd("open O_EXCL of an existing file",
	      open(at("f"), O_CREAT | O_EXCL | O_RDWR, 0644));
	newfd("open of a missing file", open(at("missing"), O_RDONLY));
	newfd("open of a directory O_WRONLY", open(dir, O_WRONLY));
	newfd("open of a file O_DIRECTORY", open(at("f"), O_RDONLY | O_DIRECTORY));
	val("lseek SEEK_SET", lseek(fd, 0, SEEK_SET));
	text("read", read(fd, buf, 5), buf);
	val("lseek SEEK_END", lseek(fd, 0, SEEK_END));
	val("lseek SEEK_DATA", lseek(fd, 0, SEEK_DATA));
	val("lseek SEEK_HOLE", lseek(fd, 0, SEEK_HOLE));
	val("lseek before 0", lseek(fd, -100, SEEK_SET));
	text("pread", pread(fd, buf, 5, 6), buf);
	val("pwrite past the end", pwrite(fd, "xyz", 3, 20));
	val("size after it", size_of(fd));
	text("pread of the gap", pread(fd, buf, 4, 12), "");
	val("ftruncate", ftruncate(fd, 12));
	val("size after ftruncate", size_of(fd));
	val("ftruncate negative", ftruncate(fd, -1));
	val("fallocate", fallocate(fd, 0, 0, 8192));
	val("size after fallocate", size_of(fd));
	val("fallocate punch hole", fallocate(fd, FALLOC_FL_PUNCH_HOLE |
					     FALLOC_FL_KEEP_SIZE, 4096, 4096));
	val("ftruncate back", ftruncate(fd, 12));
	val("fsync", fsync(fd));
	val("fdatasync", fdatasync(fd));
	{
		union {
			struct fiemap fm;
			char room[sizeof(struct fiemap) + 8 * sizeof(struct fiemap_extent)];
		} m;

		memset(&m, 0, sizeof(m));
		m.fm.fm_length = FIEMAP_MAX_OFFSET;
		val("FS_IOC_FIEMAP counting extents", ioctl(fd, FS_IOC_FIEMAP, &m.fm) ?
		    -1 : (long)m.fm.fm_mapped_extents);
		m.fm.fm_extent_count = 8;
		val("FS_IOC_FIEMAP extents", ioctl(fd, FS_IOC_FIEMAP, &m.fm) ?
		    -1 : (long)m.fm.fm_mapped_extents);
		val("the first one's offset, length, flags",
		    (long)m.fm.fm_extents[0].fe_logical * 1000000 +
		    (long)m.fm.fm_extents[0].fe_length * 100 +
		    (long)m.fm.fm_extents[0].fe_flags);
		m.fm.fm_flags = 0x80000000;
		val("FS_IOC_FIEMAP with an unknown flag", ioctl(fd, FS_IOC_FIEMAP, &m.fm));
	}
	val("fchmod", fchmod(fd, 0640));
	val("mode after fchmod", fstat(fd, &st) ? -1 : (long)(st.st_mode & 07777));
	val("fstat S_ISREG", fstat(fd, &st) ? -1 : S_ISREG(st.st_mode));
	val("fstat nlink", fstat(fd, &st) ? -1 : (long)st.st_nlink);
	val("fcntl F_GETFL", fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK));
	val("fcntl F_SETFL O_APPEND", fcntl(fd, F_SETFL, O_APPEND));
	val("write with O_APPEND", write(fd, "!", 1));
	val("position after it", lseek(fd, 0, SEEK_CUR));
	val("fcntl F_SETFL 0", fcntl(fd, F_SETFL, 0));
	val("ftruncate back again", ftruncate(fd, 12));
	val("fcntl F_GETFD", fcntl(fd, F_GETFD));
	fd2 = newfd("fcntl F_DUPFD_CLOEXEC", fcntl(fd, F_DUPFD_CLOEXEC, 0));
	val("its FD_CLOEXEC", fcntl(fd2, F_GETFD));
	val("the duplicate shares the offset", lseek(fd, 3, SEEK_SET) == 3 ?
	    lseek(fd2, 0, SEEK_CUR) : -1);
	close(fd2);
	fd2 = newfd("second open O_RDONLY", open(at("f"), O_RDONLY));
	val("flock LOCK_EX", flock(fd, LOCK_EX | LOCK_NB));
	val("flock LOCK_SH from another open", flock(fd2, LOCK_SH | LOCK_NB));
	val("flock LOCK_UN", flock(fd, LOCK_UN));
	val("flock from another open after it", flock(fd2, LOCK_SH | LOCK_NB));
	flock(fd2, LOCK_UN);
	{
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
				    .l_start = 0, .l_len = 4 };

		val("fcntl F_SETLK", fcntl(fd, F_SETLK, &fl));
		fl.l_type = F_RDLCK;
		val("fcntl F_GETLK in the same process",
		    fcntl(fd2, F_GETLK, &fl) ? -1 : fl.l_type);
		fl.l_type = F_WRLCK;
		val("fcntl F_SETLK on a read-only open", fcntl(fd2, F_SETLK, &fl));
		fl.l_type = F_UNLCK;
		fcntl(fd, F_SETLK, &fl);
	}
	text("read through the second open", pread(fd2, buf, 5, 0), buf);
	val("write through the read-only open", write(fd2, "x", 1));
	close(fd2);
	lseek(fd, 0, SEEK_SET);
	iov[0].iov_base = buf;
	iov[0].iov_len = 3;
	iov[1].iov_base = buf + 3;
	iov[1].iov_len = 4;
	text("readv", readv(fd, iov, 2), buf);
	text("preadv", preadv(fd, iov, 2, 6), buf);
	iov[0].iov_base = "AB";
	iov[0].iov_len = 2;
	iov[1].iov_base = "CD";
	iov[1].iov_len = 2;
	val("pwritev", pwritev(fd, iov, 2, 0));
	text("after it", pread(fd, buf, 12, 0), buf);
	{
		int avail = -1;

		lseek(fd, 2, SEEK_SET);
		val("ioctl FIONREAD", ioctl(fd, FIONREAD, &avail) ? -1 : avail);
	}
	{
		struct termios t;

		val("ioctl TCGETS (isatty)", ioctl(fd, TCGETS, &t));
	}
	map = mmap(NULL, 12, PROT_READ, MAP_PRIVATE, fd, 0);
	text("mmap MAP_PRIVATE", map == MAP_FAILED ? -1 : 12,
	     map == MAP_FAILED ? "" : map);
	if (map != MAP_FAILED)
		munmap(map, 12);
	fd3 = newfd("open a copy", open(at("copy"), O_CREAT | O_RDWR | O_TRUNC, 0600));
	{
		off_t off = 2;

		val("sendfile between files", sendfile(fd3, fd, &off, 5));
		val("its offset", off);
		off = 0;
		val("copy_file_range", copy_file_range(fd, &off, fd3, NULL, 4, 0));
		text("the copy", pread(fd3, buf, 20, 0), buf);
	}
	close(fd3);
	{
		struct timespec ts[2] = { { 1000, 0 }, { 2000, 500 } };

		val("futimens", futimens(fd, ts));
		val("mtime after it", fstat(fd, &st) ? -1 : st.st_mtim.tv_sec);
	}
	val("fgetxattr of a missing name", fgetxattr(fd, "user.vt", buf, sizeof(buf)));
	val("fsetxattr", fsetxattr(fd, "user.vt", "v1", 2, 0));
	text("fgetxattr", fgetxattr(fd, "user.vt", buf, sizeof(buf)), buf);
	text("flistxattr", flistxattr(fd, buf, sizeof(buf)), buf);
	val("fremovexattr", fremovexattr(fd, "user.vt"));
	val("fsetxattr XATTR_REPLACE of a missing name",
	    fsetxattr(fd, "user.vt", "v", 1, XATTR_REPLACE));
	val("readahead", readahead(fd, 0, 4096));
	val("posix_fadvise", posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL));
	val("sync_file_range", sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE));
	val("syncfs", syncfs(fd));
	{
		struct sockaddr_in a;
		socklen_t alen = sizeof(a);

		val("getsockname of a file", getsockname(fd, (struct sockaddr *)&a, &alen));
		val("shutdown of a file", shutdown(fd, SHUT_RDWR));
		val("accept on a file", accept(fd, NULL, NULL));
		val("send on a file", send(fd, "x", 1, 0));
		val("inotify_rm_watch of a file", syscall(SYS_inotify_rm_watch, fd, 1));
		val("splice from a file to a file", splice(fd, NULL, fd, NULL, 1, 0));
	}
	close(fd);
	val("read of a closed descriptor", read(fd, buf, 1));

	/* Two opens of one file, mixed modes, truncated through the first. */
	fd = newfd("open O_CREAT|O_RDWR|O_TRUNC", open(at("t"), O_CREAT | O_RDWR | O_TRUNC, 0600));
	fd2 = newfd("open O_WRONLY of it", open(at("t"), O_WRONLY));
	val("write through the second", write(fd2, "abc", 3));
	val("ftruncate through the first", ftruncate(fd, 0));
	val("ftruncate through the second", ftruncate(fd2, 1));
	val("size", size_of(fd));
	close(fd);
	close(fd2);
}

static void path_calls(void)
{
	char buf[PATH_MAX], name[300];
	struct stat st;
	struct open_how how = { .flags = O_RDONLY, .resolve = RESOLVE_BENEATH };
	int dfd, fd;
	long r;

	val("stat size", stat(at("f"), &st) ? -1 : st.st_size);
	val("stat of a missing file", stat(at("missing"), &st));
	val("stat through a file", stat(at("f/x"), &st));
	val("access R_OK|W_OK", access(at("f"), R_OK | W_OK));
	val("access of a missing file", access(at("missing"), F_OK));
	val("truncate", truncate(at("f"), 5));
	val("size after it", stat(at("f"), &st) ? -1 : st.st_size);
	val("truncate of a directory", truncate(dir, 0));
	val("mkdir", mkdir(at("d"), 0750));
	val("mkdir again", mkdir(at("d"), 0750));
	val("its mode", stat(at("d"), &st) ? -1 : (long)(st.st_mode & 07777));
	val("mkdir under a file", mkdir(at("f/d"), 0750));
	val("link", link(at("f"), at("d/hard")));
	val("nlink after it", stat(at("f"), &st) ? -1 : (long)st.st_nlink);
	val("link of a directory", link(at("d"), at("d2")));
	val("rmdir of a non-empty directory", rmdir(at("d")));
	val("unlink of a directory", unlink(at("d")));
	val("rmdir of a file", rmdir(at("f")));
	val("rename into a directory", rename(at("d/hard"), at("d/moved")));
	val("rename of a directory into itself", rename(at("d"), at("d/sub")));
	val("rename of a missing file", rename(at("missing"), at("x")));
	val("renameat2 RENAME_NOREPLACE onto a file",
	    syscall(SYS_renameat2, AT_FDCWD, at("d/moved"), AT_FDCWD, at("f"),
		    1 /* RENAME_NOREPLACE */));
	val("unlink", unlink(at("d/moved")));
	val("rmdir", rmdir(at("d")));
	val("symlink", symlink("f", at("sym")));
	r = readlink(at("sym"), buf, sizeof(buf));
	text("readlink", r, buf);
	val("readlink of a file", readlink(at("f"), buf, sizeof(buf)));
	val("lstat S_ISLNK", lstat(at("sym"), &st) ? -1 : S_ISLNK(st.st_mode));
	val("stat through it", stat(at("sym"), &st) ? -1 : st.st_size);
	val("symlink over a file", symlink("f", at("f")));
	val("symlink loop", symlink("loop", at("loop")));
	newfd("open of a symlink loop", open(at("loop"), O_RDONLY));
	newfd("open O_NOFOLLOW of a symlink", open(at("sym"), O_RDONLY | O_NOFOLLOW));
	val("chmod", chmod(at("f"), 0604));
	val("mode after it", stat(at("f"), &st) ? -1 : (long)(st.st_mode & 07777));
	val("chown", chown(at("f"), 1000, 1001));
	val("owner after it", stat(at("f"), &st) ? -1 : (long)st.st_uid * 10000 + st.st_gid);
	val("lchown of the symlink", lchown(at("sym"), 1002, 1002));
	val("mkfifo", mkfifo(at("fifo"), 0600));
	val("its type S_ISFIFO", stat(at("fifo"), &st) ? -1 : S_ISFIFO(st.st_mode));
	val("mknod of a regular file", mknod(at("node"), S_IFREG | 0600, 0));
	dfd = newfd("open of the directory", open(dir, O_RDONLY | O_DIRECTORY));
	fd = newfd("openat relative", openat(dfd, "f", O_RDONLY));
	close(fd);
	val("fstatat relative", fstatat(dfd, "f", &st, 0) ? -1 : st.st_size);
	val("unlinkat AT_REMOVEDIR of a file", unlinkat(dfd, "f", AT_REMOVEDIR));
	val("faccessat AT_EACCESS", faccessat(dfd, "f", R_OK, AT_EACCESS));
	val("utimensat", utimensat(dfd, "f", (struct timespec[2]){ { 5, 0 }, { 6, 0 } }, 0));
	val("mtime after it", stat(at("f"), &st) ? -1 : st.st_mtim.tv_sec);
	fd = syscall(SYS_openat2, dfd, "../x", &how, sizeof(how));
	newfd("openat2 RESOLVE_BENEATH out of the directory", fd);
	fd = syscall(SYS_openat2, dfd, "f", &how, sizeof(how));
	newfd("openat2 RESOLVE_BENEATH inside", fd);
	close(fd);
	fd = newfd("open O_TMPFILE", open(dir, O_TMPFILE | O_RDWR, 0600));
	val("write to it", write(fd, "tmp", 3));
	close(fd);
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	newfd("open of a 299-byte name", open(at(name), O_CREAT | O_RDWR, 0600));
	{
		char list[4096];
		long n, count = 0, off = 0;

		n = syscall(SYS_getdents64, dfd, list, sizeof(list));
		while (n > 0 && off < n) {
			count++;
			off += *(unsigned short *)(list + off + 16);
		}
		val("getdents64 entries", n < 0 ? n : count);
	}
	val("fchdir", fchdir(dfd));
	val("stat relative to the working directory",
	    stat("f", &st) ? -1 : st.st_size);
	r = getcwd(buf, sizeof(buf)) ? (long)strlen(strrchr(buf, '/')) : -1;
	val("getcwd's last component length", r);
	val("getcwd into a small buffer", getcwd(buf, 2) ? 0 : -1);
	val("chdir ..", chdir(".."));
	close(dfd);
	val("unlink of a missing file", unlink(at("missing")));
	unlink(at("f"));
	unlink(at("copy"));
	unlink(at("t"));
	unlink(at("sym"));
	unlink(at("loop"));
	unlink(at("fifo"));
	unlink(at("node"));
	rmdir(dir);
}

static void socket_calls(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	char buf[64];
	int l, c, s, u, one = 1, v;
	struct pollfd p;
	struct msghdr mh;
	struct iovec iov[2];
	struct stat st;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l = newfd("socket AF_INET SOCK_STREAM", socket(AF_INET, SOCK_STREAM, 0));
	val("setsockopt SO_REUSEADDR", setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	val("bind", bind(l, (struct sockaddr *)&a, sizeof(a)));
	val("getsockname port > 0", getsockname(l, (struct sockaddr *)&a, &len) ?
	    -1 : ntohs(a.sin_port) > 0);
	val("accept before listen", accept(l, NULL, NULL));
	val("listen", listen(l, 4));
	c = newfd("socket for the client", socket(AF_INET, SOCK_STREAM, 0));
	val("recv before connect", recv(c, buf, 1, MSG_DONTWAIT));
	val("connect", connect(c, (struct sockaddr *)&a, sizeof(a)));
	s = newfd("accept", accept(l, NULL, NULL));
	len = sizeof(a);
	val("getpeername family", getpeername(s, (struct sockaddr *)&a, &len) ?
	    -1 : a.sin_family);
	val("send", send(c, "hello", 5, 0));
	p.fd = s;
	p.events = POLLIN;
	val("poll POLLIN", poll(&p, 1, 5000));
	val("its revents", p.revents);
	v = -1;
	val("ioctl FIONREAD", ioctl(s, FIONREAD, &v) ? -1 : v);
	text("recv MSG_PEEK", recv(s, buf, 2, MSG_PEEK), buf);
	text("recv", recv(s, buf, sizeof(buf), 0), buf);
	val("recv MSG_DONTWAIT with nothing", recv(s, buf, 1, MSG_DONTWAIT));
	val("setsockopt TCP_NODELAY", setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)));
	len = sizeof(v);
	val("getsockopt TCP_NODELAY", getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v, &len) ? -1 : v);
	len = sizeof(v);
	val("getsockopt SO_TYPE", getsockopt(c, SOL_SOCKET, SO_TYPE, &v, &len) ? -1 : v);
	len = sizeof(v);
	val("getsockopt SO_ERROR", getsockopt(c, SOL_SOCKET, SO_ERROR, &v, &len) ? -1 : v);
	val("setsockopt of a bad level", setsockopt(c, 12345, 1, &one, sizeof(one)));
	memset(&mh, 0, sizeof(mh));
	iov[0].iov_base = "ab";
	iov[0].iov_len = 2;
	iov[1].iov_base = "cd";
	iov[1].iov_len = 2;
	mh.msg_iov = iov;
	mh.msg_iovlen = 2;
	val("sendmsg of two pieces", sendmsg(c, &mh, 0));
	poll(&p, 1, 5000);
	iov[0].iov_base = buf;
	iov[0].iov_len = 1;
	iov[1].iov_base = buf + 1;
	iov[1].iov_len = 10;
	text("recvmsg into two pieces", recvmsg(s, &mh, 0), buf);
	val("fstat S_ISSOCK", fstat(s, &st) ? -1 : S_ISSOCK(st.st_mode));
	val("lseek", lseek(s, 0, SEEK_SET));
	val("shutdown SHUT_WR", shutdown(c, SHUT_WR));
	poll(&p, 1, 5000);
	val("recv after the peer's shutdown", recv(s, buf, sizeof(buf), 0));
	val("send after shutdown SHUT_WR", send(c, "x", 1, MSG_NOSIGNAL));
	close(s);
	close(c);
	c = socket(AF_INET, SOCK_STREAM, 0);
	val("bind to a port in use", bind(c, (struct sockaddr *)&a, sizeof(a)) ?
	    -1 : 0);
	close(l);
	close(c);
	c = socket(AF_INET, SOCK_STREAM, 0);
	val("connect to a closed port", connect(c, (struct sockaddr *)&a, sizeof(a)));
	close(c);

	u = newfd("socket AF_INET SOCK_DGRAM", socket(AF_INET, SOCK_DGRAM, 0));
	a.sin_port = 0;
	val("bind", bind(u, (struct sockaddr *)&a, sizeof(a)));
	len = sizeof(a);
	getsockname(u, (struct sockaddr *)&a, &len);
	val("sendto itself", sendto(u, "dgram", 5, 0, (struct sockaddr *)&a, sizeof(a)));
	len = sizeof(a);
	memset(&a.sin_addr, 0, sizeof(a.sin_addr));
	text("recvfrom", recvfrom(u, buf, sizeof(buf), 0, (struct sockaddr *)&a, &len), buf);
	val("its source is loopback", a.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	val("recv MSG_DONTWAIT with nothing", recv(u, buf, 1, MSG_DONTWAIT));
	close(u);
}

/* Prints the events of one read of inotify instance @fd: mask and name. */
static void inotify_events(const char *name, int fd)
{
	char buf[1024] __attribute__((aligned(8)));
	struct pollfd p = { .fd = fd, .events = POLLIN };
	long n, off;

	val(name, poll(&p, 1, 2000));
	n = read(fd, buf, sizeof(buf));
	if (n < 0) {
		val("its read", n);
		return;
	}
	for (off = 0; off < n;) {
		struct inotify_event *e = (void *)(buf + off);

		printf("event: wd %d mask %#x name \"%s\"\n", e->wd, e->mask,
		       e->len ? e->name : "");
		off += sizeof(*e) + e->len;
	}
}

/* Watches of the directory: events, errors, removal. */
static void watch_calls(void)
{
	int in = inotify_init1(IN_NONBLOCK), wd, fd;
	char buf[64];

	wd = inotify_add_watch(in, dir, IN_CREATE | IN_CLOSE_WRITE | IN_DELETE |
			       IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB);
	val("inotify_add_watch of the directory", wd);
	val("read with nothing to read", read(in, buf, sizeof(buf)));
	val("inotify_add_watch of a missing path",
	    inotify_add_watch(in, at("no-such"), IN_CREATE));
	val("inotify_add_watch with no events", inotify_add_watch(in, dir, 0));
	fd = open(at("watched"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	close(fd);
	inotify_events("poll after a create", in);
	val("a read too small for an event", (fd = open(at("w2"), O_WRONLY | O_CREAT, 0600),
	    close(fd), read(in, buf, 4)));
	inotify_events("poll after a second create", in);
	rename(at("watched"), at("renamed"));
	chmod(at("renamed"), 0644);
	unlink(at("renamed"));
	unlink(at("w2"));
	inotify_events("poll after rename, chmod, unlinks", in);
	val("inotify_rm_watch", inotify_rm_watch(in, wd));
	inotify_events("poll after the removal", in);
	val("inotify_rm_watch again", inotify_rm_watch(in, wd));
	close(in);
}

/* fanotify marks of the directory: an event, its descriptor, errors. */
static void fanotify_calls(void)
{
	char ev[1024] __attribute__((aligned(8))), c[4];
	struct fanotify_event_metadata *e = (void *)ev;
	struct pollfd p = { .events = POLLIN };
	int fan, fd;
	long n;

	fan = fanotify_init(FAN_CLASS_NOTIF | FAN_NONBLOCK, O_RDONLY);
	val("fanotify_init", fan >= 0);
	val("fanotify_mark of the directory", fanotify_mark(fan, FAN_MARK_ADD,
	    FAN_CLOSE_WRITE | FAN_EVENT_ON_CHILD, AT_FDCWD, dir));
	val("fanotify_mark of a missing path", fanotify_mark(fan, FAN_MARK_ADD,
	    FAN_CLOSE_WRITE, AT_FDCWD, at("no-such")));
	val("fanotify_mark with an unknown flag", fanotify_mark(fan,
	    FAN_MARK_ADD | 0x40000000, FAN_CLOSE_WRITE, AT_FDCWD, dir));
	val("read with nothing to read", read(fan, ev, sizeof(ev)));
	fd = open(at("fan"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	val("write to a watched file", write(fd, "abc", 3));
	close(fd);
	p.fd = fan;
	val("poll after the close", poll(&p, 1, 2000));
	n = read(fan, ev, sizeof(ev));
	val("read of the event", n);
	if (n >= (long)sizeof(*e)) {
		printf("event: mask %#llx len %u\n", (unsigned long long)e->mask,
		       e->event_len);
		val("its descriptor reads", pread(e->fd, c, sizeof(c), 0));
		val("its descriptor closes", close(e->fd));
	}
	unlink(at("fan"));
	close(fan);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: call-coverage DIR\n");
		return 2;
	}
	dir = argv[1];
	mkdir(dir, 0755);
	setvbuf(stdout, NULL, _IOLBF, 0);
	file_calls();
	watch_calls();
	fanotify_calls();
	path_calls();
	socket_calls();
	return 0;
}
