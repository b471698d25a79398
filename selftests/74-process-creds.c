// SPDX-License-Identifier: GPL-2.0
/*
 * Credentials in the service domains follow the process's: after setuid,
 * setresuid, setgroups or capset the storage domain's kernel checks
 * permissions (and owns new files) as the process now is, and the network
 * domain's kernel refuses a privileged port; a vfork child's change stays
 * its own. Each case runs in a forked
 * child, which reports an errno (0: as expected) through its exit status.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "self-copy.h"
#include "in-child.h"
#include "tap.h"

#define DIR "/storage/vt-creds"
#define SECRET DIR "/secret"
#define GROUPED DIR "/grouped"
#define OTHERS DIR "/others"
#define PUB DIR "/pub"
#define SUID_COPY "/virtuos/selftests/vt-suid-creds"

/* 0 if opening path for reading gives want (0: success). */
static int open_gives(const char *path, int want)
{
	int fd = open(path, O_RDONLY);
	int got = fd < 0 ? errno : 0;

	if (fd >= 0)
		close(fd);
	return got == want ? 0 : (got ? got : 255);
}

static int drop_to(uid_t uid, gid_t gid)
{
	if (setgroups(0, NULL) || setgid(gid) || setuid(uid))
		return errno ? errno : 254;
	return 0;
}


static int dropped_cannot_read(void)
{
	int r = drop_to(1000, 1000);

	return r ? r : open_gives(SECRET, EACCES);
}

static int dropped_creates_own(void)
{
	struct stat st;
	int fd, r = drop_to(1000, 1001);

	if (r)
		return r;
	fd = open(PUB "/mine", O_CREAT | O_WRONLY | O_EXCL, 0644);
	if (fd < 0)
		return errno;
	if (fstat(fd, &st))
		return errno;
	return st.st_uid == 1000 && st.st_gid == 1001 ? 0 : 252;
}

static void *open_secret(void *arg)
{
	*(int *)arg = open_gives(SECRET, EACCES);
	return NULL;
}

static int other_thread_dropped_too(void)
{
	pthread_t t;
	int r;

	/* The thread exists before the drop, and has used the domain. */
	r = open_gives(SECRET, 0);
	if (r)
		return r;
	r = drop_to(1000, 1000);
	if (r)
		return r;
	pthread_create(&t, NULL, open_secret, &r);
	pthread_join(t, NULL);
	return r;
}

static int saved_root_comes_back(void)
{
	int r;

	if (setresuid(1000, 1000, 0))
		return errno;
	r = open_gives(SECRET, EACCES);
	if (r)
		return r;
	if (setresuid(0, 0, 0))
		return errno;
	return open_gives(SECRET, 0);
}

static int group_member_reads(void)
{
	gid_t g = 1234;

	if (setgroups(1, &g) || setgid(2000) || setuid(1000))
		return errno;
	return open_gives(GROUPED, 0);
}

static int non_member_cannot(void)
{
	int r = drop_to(1000, 2000);

	return r ? r : open_gives(GROUPED, EACCES);
}

static int capset_drops_override(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (open_gives(OTHERS, 0))
		return 251;	/* root reads anyone's file */
	if (syscall(SYS_capget, &h, d))
		return errno;
	d[0].effective &= ~((1u << CAP_DAC_OVERRIDE) |
			    (1u << CAP_DAC_READ_SEARCH));
	if (syscall(SYS_capset, &h, d))
		return errno;
	return open_gives(OTHERS, EACCES);
}

static int bind_port(int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons(port) };
	int s = socket(AF_INET, SOCK_STREAM, 0), r;

	if (s < 0)
		return -errno;
	r = bind(s, (void *)&sa, sizeof(sa)) ? errno : 0;
	close(s);
	return r;
}

static int dropped_no_low_port(void)
{
	int r = bind_port(0);	/* uses the network domain first */

	if (r)
		return r;
	r = drop_to(1000, 1000);
	if (r)
		return r;
	return bind_port(85) == EACCES ? 0 : 250;
}

static int cannot_read(void)
{
	return open_gives(SECRET, EACCES);
}

static int dropped_fork_child(void)
{
	int r = drop_to(1000, 1000);

	return r ? r : in_child(cannot_read);
}

static int kept_descriptor_reads(void)
{
	char buf[16];
	int fd = open(SECRET, O_RDONLY), r;

	if (fd < 0)
		return errno;
	r = drop_to(1000, 1000);
	if (r)
		return r;
	if (pread(fd, buf, sizeof(buf), 0) <= 0)
		return errno ? errno : 249;
	return open_gives(SECRET, EACCES);
}

/* A process of user 1000 with a /storage descriptor (so the exec carries
 * its shadows over) execs a set-user-ID root copy of this program, which
 * then reads the root-only file: its shadows took its new credentials. */
static int suid_exec_reads(void)
{
	char *argv[] = { SUID_COPY, "--open", SECRET, NULL };
	int fd = open(PUB "/kept", O_CREAT | O_RDWR, 0666), r;

	if (fd < 0)
		return errno;
	r = drop_to(1000, 1000);
	if (r)
		return r;
	r = open_gives(SECRET, EACCES);
	if (r)
		return r;
	execv(SUID_COPY, argv);
	return errno ? errno : 248;
}

/* A vfork child that drops to user 1000 before it would exec: its
 * setuid runs on the parent's area (the child shares its memory), and
 * must not lower, or otherwise change, the parent's shadow credentials. */
static int vfork_child_drop_leaves_parent(void)
{
	int status, r = open_gives(SECRET, 0);
	pid_t pid;

	if (r)
		return r;
	pid = vfork();
	if (pid == 0) {
		syscall(SYS_setuid, 1000);
		_exit(geteuid() == 1000 ? 0 : 1);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || status)
		return 246;
	return open_gives(SECRET, 0);
}

static void make_file(const char *path, mode_t mode, uid_t uid, gid_t gid)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);

	if (fd < 0 || write(fd, "data\n", 5) != 5 || fchmod(fd, mode) ||
	    fchown(fd, uid, gid)) {
		perror(path);
		_exit(1);
	}
	close(fd);
}

static const struct {
	int (*fn)(void);
	const char *what;
} cases[] = {
	{ dropped_cannot_read,
	  "after setuid(1000), the storage domain refuses it: EACCES" },
	{ dropped_creates_own, "a file it creates there is owned by 1000:1001" },
	{ other_thread_dropped_too, "another thread of the process is refused too" },
	{ saved_root_comes_back,
	  "setresuid(1000, 1000, 0) refuses, setresuid(0, 0, 0) reads again" },
	{ group_member_reads,
	  "setgroups: a member of group 1234 reads a 0640 file of it" },
	{ non_member_cannot, "without the group: EACCES" },
	{ capset_drops_override,
	  "capset dropping CAP_DAC_OVERRIDE: root is refused another's 0600 file" },
	{ dropped_no_low_port,
	  "network domain: after setuid(1000), bind to port 85 gives EACCES" },
	{ dropped_fork_child, "the fork of a dropped process is refused too" },
	{ kept_descriptor_reads,
	  "a descriptor opened before the drop still reads, a new open does not" },
	{ suid_exec_reads,
	  "user 1000 with a /storage descriptor execs a set-user-ID root program: it reads the root-only file" },
	{ vfork_child_drop_leaves_parent,
	  "a vfork child's setuid(1000) leaves its root parent's shadow as it was" },
};

int main(int argc, char **argv)
{
	unsigned int i;
	int r;

	/* The set-user-ID copy: 0 if it runs as root and reads the file. */
	if (argc == 3 && !strcmp(argv[1], "--open"))
		return geteuid() != 0 ? 247 : open_gives(argv[2], 0);
	tap_plan(13);
	if (getuid() != 0) {
		tap_skip("not root", "credential tests");
		return tap_finish();
	}
	unlink(PUB "/mine");
	unlink(PUB "/kept");
	rmdir(PUB);
	mkdir(DIR, 0755);
	chmod(DIR, 0755);
	mkdir(PUB, 0777);
	chmod(PUB, 0777);
	make_file(SECRET, 0600, 0, 0);
	make_file(GROUPED, 0640, 0, 1234);
	make_file(OTHERS, 0600, 1, 1);
	if (copy_self(SUID_COPY, 04755))
		perror(SUID_COPY);

	tap_ok(open_gives(SECRET, 0) == 0, "root reads a root-only file in /storage");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = in_child(cases[i].fn);
		tap_ok(r == 0, "%s (%d)", cases[i].what, r);
	}

	unlink(PUB "/mine");
	unlink(PUB "/kept");
	rmdir(PUB);
	unlink(SUID_COPY);
	unlink(SECRET);
	unlink(GROUPED);
	unlink(OTHERS);
	rmdir(DIR);
	return tap_finish();
}
