// SPDX-License-Identifier: GPL-2.0
/*
 * Metadata calls under /storage: extended attributes (the original VirtuOS
 * had none), times, modes, owners, links, and the working directory moving
 * between domains with chdir and fchdir.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "tap.h"

int main(void)
{
	const char *f = "/storage/vt-meta";
	struct timespec times[2] = { { 1000000000, 5 }, { 1234567890, 0 } };
	char buf[256], cwd[PATH_MAX];
	struct stat st;
	ssize_t n;
	int fd, r, dfd;

	tap_plan(17);
	unlink(f);
	fd = open(f, O_CREAT | O_RDWR, 0600);
	tap_ok(fd >= 0, "create %s", f);

	r = setxattr(f, "user.virtuos", "remote", 6, 0);
	tap_ok(r == 0, "setxattr user.virtuos (%s)", r ? strerror(errno) : "ok");
	memset(buf, 0, sizeof(buf));
	n = getxattr(f, "user.virtuos", buf, sizeof(buf));
	tap_ok(n == 6 && !memcmp(buf, "remote", 6), "getxattr gives it back (%zd)", n);
	n = fgetxattr(fd, "user.virtuos", NULL, 0);
	tap_ok(n == 6, "fgetxattr with no buffer gives the size (%zd)", n);
	n = listxattr(f, buf, sizeof(buf));
	tap_ok(n > 0 && memmem(buf, n, "user.virtuos", 13) != NULL,
	       "listxattr lists it (%zd)", n);
	r = fremovexattr(fd, "user.virtuos");
	errno = 0;
	n = getxattr(f, "user.virtuos", buf, sizeof(buf));
	tap_ok(r == 0 && n == -1 && errno == ENODATA,
	       "fremovexattr removes it (ENODATA after)");

	r = utimensat(AT_FDCWD, f, times, 0);
	tap_ok(r == 0 && stat(f, &st) == 0 && st.st_mtim.tv_sec == 1234567890 &&
	       st.st_atim.tv_sec == 1000000000, "utimensat sets both times");
	r = futimens(fd, NULL);
	tap_ok(r == 0 && fstat(fd, &st) == 0 && st.st_mtim.tv_sec > 1234567890,
	       "futimens(NULL) sets them to now");

	r = fchmodat(AT_FDCWD, f, 0640, 0);
	if (r == 0)
		r = stat(f, &st);
	tap_ok(r == 0 && (st.st_mode & 07777) == 0640,
	       "fchmodat to 0640 (%o)", st.st_mode & 07777);
	r = chown(f, 1234, 4321);
	if (r == 0)
		r = stat(f, &st);
	tap_ok(r == 0 && st.st_uid == 1234 && st.st_gid == 4321,
	       "chown to 1234:4321 (%u:%u)", st.st_uid, st.st_gid);
	r = fchown(fd, 0, 0);
	tap_ok(r == 0 && fstat(fd, &st) == 0 && st.st_uid == 0, "fchown back to root");
	close(fd);

	unlink("/storage/vt-meta-link");
	unlink("/storage/vt-meta-sym");
	r = link(f, "/storage/vt-meta-link");
	if (r == 0)
		r = stat(f, &st);
	tap_ok(r == 0 && st.st_nlink == 2,
	       "link: two names (nlink %lu)", (unsigned long)st.st_nlink);
	r = symlink("vt-meta", "/storage/vt-meta-sym");
	memset(buf, 0, sizeof(buf));
	n = readlink("/storage/vt-meta-sym", buf, sizeof(buf));
	tap_ok(r == 0 && n == 7 && !strcmp(buf, "vt-meta"),
	       "symlink and readlink (%s)", buf);
	tap_ok(lstat("/storage/vt-meta-sym", &st) == 0 && S_ISLNK(st.st_mode) &&
	       stat("/storage/vt-meta-sym", &st) == 0 && S_ISREG(st.st_mode),
	       "lstat sees the link, stat follows it inside the domain");

	dfd = open("/", O_RDONLY | O_DIRECTORY);
	r = chdir("/storage");
	r |= fchdir(dfd);
	tap_ok(r == 0 && getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/"),
	       "chdir into /storage then fchdir to a local directory: cwd %s", cwd);
	errno = 0;
	r = access("vt-meta", F_OK);
	tap_ok(r == -1 && errno == ENOENT,
	       "relative paths are local again (vt-meta not found in /)");
	close(dfd);
	r = unlink(f) | unlink("/storage/vt-meta-link") | unlink("/storage/vt-meta-sym");
	tap_ok(r == 0, "cleaned up");
	return tap_finish();
}
