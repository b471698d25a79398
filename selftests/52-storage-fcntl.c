// SPDX-License-Identifier: GPL-2.0
/*
 * No client-chosen pointer reaches a service kernel through fcntl: on a
 * storage file and on a network socket, the commands whose argument is an
 * address (F_GET_RW_HINT, F_GETOWN_EX, F_GETOWNER_UIDS) and those that
 * would make the service kernel signal its own processes (F_SETOWN,
 * F_SETSIG, F_SETLEASE, F_NOTIFY), or promise a SIGIO that never comes
 * (F_SETFL with O_ASYNC), get EINVAL from the shadow, while the
 * integer commands and locks keep working and the shadow stays up.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"

#ifndef F_GET_RW_HINT
#define F_GET_RW_HINT 1035
#endif
#ifndef F_GETOWNER_UIDS
#define F_GETOWNER_UIDS 17
#endif

#define DIR "/storage/vt-fcntl"
#define FILE_PATH DIR "/file"

/* 0 if fcntl(fd, cmd, arg) fails with EINVAL, else what it gave. */
static long refused(int fd, int cmd, long arg)
{
	long r = fcntl(fd, cmd, arg);

	if (r == -1 && errno == EINVAL)
		return 0;
	return r == -1 ? -errno : r + 1000;
}

int main(void)
{
	uint64_t hint = 12345;
	struct f_owner_ex owner = { 0 };
	uid_t uids[2] = { 77, 77 };
	struct flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	char buf[8] = "";
	long r;
	int fd, dfd, s, fl;

	tap_plan(14);
	mkdir(DIR, 0755);
	fd = open(FILE_PATH, O_CREAT | O_RDWR | O_TRUNC, 0644);
	tap_ok(fd >= 0 && write(fd, "fcntl\n", 6) == 6, "a file under /storage");

	fl = fcntl(fd, F_GETFL);
	tap_ok(fl >= 0 && (fl & O_ACCMODE) == O_RDWR, "F_GETFL: O_RDWR (%d)", fl);
	tap_ok(fcntl(fd, F_SETFL, fl | O_APPEND) == 0 &&
	       (fcntl(fd, F_GETFL) & O_APPEND),
	       "F_SETFL O_APPEND sticks");
	tap_ok(fcntl(fd, F_SETLK, &lk) == 0, "F_SETLK still crosses (a write lock)");

	r = refused(fd, F_GET_RW_HINT, (long)&hint);
	tap_ok(r == 0 && hint == 12345,
	       "F_GET_RW_HINT (a pointer): EINVAL, nothing written (%ld)", r);
	r = refused(fd, F_GETOWN_EX, (long)&owner);
	tap_ok(r == 0, "F_GETOWN_EX (a pointer): EINVAL (%ld)", r);
	r = refused(fd, F_GETOWNER_UIDS, (long)uids);
	tap_ok(r == 0 && uids[0] == 77, "F_GETOWNER_UIDS (a pointer): EINVAL (%ld)", r);
	r = refused(fd, F_SETOWN, getpid());
	tap_ok(r == 0, "F_SETOWN (signals in the service domain): EINVAL (%ld)", r);
	r = refused(fd, F_SETSIG, SIGUSR1);
	tap_ok(r == 0, "F_SETSIG: EINVAL (%ld)", r);
	r = refused(fd, F_SETFL, fl | O_ASYNC);
	tap_ok(r == 0 && !(fcntl(fd, F_GETFL) & O_ASYNC),
	       "F_SETFL O_ASYNC (SIGIO that would never come): EINVAL (%ld)", r);
	r = refused(fd, F_SETLEASE, F_RDLCK);
	tap_ok(r == 0, "F_SETLEASE: EINVAL (%ld)", r);
	dfd = open(DIR, O_RDONLY | O_DIRECTORY);
	r = refused(dfd, F_NOTIFY, 0x1);
	tap_ok(dfd >= 0 && r == 0, "F_NOTIFY on a directory: EINVAL (%ld)", r);

	s = socket(AF_INET, SOCK_STREAM, 0);
	r = refused(s, F_SETOWN, getpid());
	tap_ok(s >= 0 && r == 0 && (fcntl(s, F_GETFL) & O_ACCMODE) == O_RDWR,
	       "a network-domain socket: F_SETOWN gives EINVAL, F_GETFL works (%ld)", r);

	tap_ok(pread(fd, buf, 6, 0) == 6 && !memcmp(buf, "fcntl\n", 6),
	       "the shadow still serves the file afterwards");
	close(s);
	close(dfd);
	close(fd);
	unlink(FILE_PATH);
	rmdir(DIR);
	return tap_finish();
}
