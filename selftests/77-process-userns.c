// SPDX-License-Identifier: GPL-2.0
/*
 * Rights never grow across the boundary: a process of user 1000 that makes
 * itself a user namespace holds every capability inside it, and none in
 * the primary's initial namespace. The service domains must see the same:
 * it still cannot read root's 0600 file under /storage, change its mode,
 * or make a device node there. Each case runs in a forked child, which
 * reports an errno (0: as expected) through its exit status.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "in-child.h"
#include "tap.h"

#define DIR "/storage/vt-userns"
#define SECRET DIR "/secret"
#define PUB DIR "/pub"		/* 0777: user 1000 may create there */
#define NODE PUB "/node"

/*
 * Drops to user 1000, makes a user namespace and sets all of its (inside)
 * capabilities effective; capset also makes the library send the
 * credentials to the service domains again.
 */
static int become_userns_root(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (setgroups(0, NULL) || setgid(1000) || setuid(1000))
		return errno ? errno : 254;
	if (unshare(CLONE_NEWUSER))
		return errno;
	if (syscall(SYS_capget, &h, d))
		return errno;
	d[0].effective = d[0].permitted;
	d[1].effective = d[1].permitted;
	if (syscall(SYS_capset, &h, d))
		return errno;
	return d[0].effective & (1u << CAP_DAC_OVERRIDE) ? 0 : 253;
}

static int userns_cannot_read(void)
{
	int r = become_userns_root(), fd;

	if (r)
		return r;
	fd = open(SECRET, O_RDONLY);
	if (fd >= 0)
		return 252;
	return errno == EACCES ? 0 : errno;
}

static int userns_cannot_chmod(void)
{
	int r = become_userns_root();

	if (r)
		return r;
	if (chmod(SECRET, 0666) == 0)
		return 252;
	return errno == EPERM ? 0 : errno;
}

static int userns_cannot_mknod(void)
{
	int r = become_userns_root();

	if (r)
		return r;
	if (mknod(NODE, S_IFBLK | 0600, makedev(8, 0)) == 0)
		return 252;
	return errno == EPERM ? 0 : errno;
}

/* Another user's 0600 file, which root reads only by its capabilities. */
#define OTHERS DIR "/others"

/*
 * Root that makes a user namespace (no capset after it) has no
 * capability left in the initial namespace: another user's 0600 file is
 * refused, as the primary's own kernel refuses it.
 */
static int root_userns_loses_override(void)
{
	int fd = open(OTHERS, O_RDONLY);

	if (fd < 0)
		return 250;	/* root reads it before */
	close(fd);
	if (unshare(CLONE_NEWUSER))
		return errno;
	fd = open(OTHERS, O_RDONLY);
	if (fd >= 0)
		return 252;
	return errno == EACCES ? 0 : errno;
}

/* The same without the namespace: refused as well (the control). */
static int dropped_cannot_read(void)
{
	int fd;

	if (setgroups(0, NULL) || setgid(1000) || setuid(1000))
		return errno ? errno : 254;
	fd = open(SECRET, O_RDONLY);
	if (fd >= 0)
		return 252;
	return errno == EACCES ? 0 : errno;
}

/* A 0600 file of user @uid holding a line. */
static int make_file(const char *path, uid_t uid)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);

	return fd >= 0 && write(fd, "secret\n", 7) == 7 &&
	       fchmod(fd, 0600) == 0 && fchown(fd, uid, uid) == 0 &&
	       close(fd) == 0;
}


static const struct {
	int (*fn)(void);
	const char *what;
} cases[] = {
	{ dropped_cannot_read, "user 1000 cannot read root's 0600 file: EACCES" },
	{ userns_cannot_read,
	  "user 1000 with all capabilities of its own user namespace cannot read it either: EACCES" },
	{ userns_cannot_chmod, "nor chmod it: EPERM" },
	{ userns_cannot_mknod, "nor make a block device node in a directory it may write to: EPERM" },
	{ root_userns_loses_override,
	  "root in a new user namespace is refused user 1000's 0600 file: EACCES" },
};

int main(void)
{
	struct stat st;
	unsigned int i;
	int r;

	tap_plan(2 + sizeof(cases) / sizeof(cases[0]));
	mkdir(DIR, 0755);
	mkdir(PUB, 0777);
	chmod(PUB, 0777);
	unlink(NODE);
	tap_ok(make_file(SECRET, 0) && make_file(OTHERS, 1000),
	       "root writes 0600 files under /storage, one its own, one user 1000's");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = in_child(cases[i].fn);
		tap_ok(r == 0, "%s (child: %s)", cases[i].what,
		       r == 252 ? "the call succeeded" :
		       r ? strerror(r) : "as expected");
	}
	tap_ok(stat(SECRET, &st) == 0 && (st.st_mode & 0777) == 0600 &&
	       stat(NODE, &st) != 0,
	       "the file is still 0600 and no node was made");
	unlink(SECRET);
	unlink(OTHERS);
	unlink(NODE);
	rmdir(PUB);
	rmdir(DIR);
	return tap_finish();
}
