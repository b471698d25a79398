#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include "syscall.h"
#include "virtuos_impl.h"

/*
 * execve keeps the process's remote state: its areas stay attached (the
 * /dev/virtuos descriptors lose close-on-exec for the call), and a memfd,
 * inherited only by this process, carries the table of remote descriptors
 * and the working directory's domain to the new image, which finds it
 * through VIRTUOS_EXEC_STATE=FD in its environment, loads it before its
 * first system call and removes the variable. Remote descriptors marked
 * close-on-exec are named to their shadows before the call; the shadows
 * close them once the exec has happened, whatever the new image is.
 */

#define ENV_NAME "VIRTUOS_EXEC_STATE="
#define ENV_LEN (sizeof ENV_NAME - 1)
#define MAX_ENV 4096
#define EXEC_MAGIC 0x56455845u
#define EXEC_VERSION 1
#define BATCH 64

struct exec_domain {
	int attached, devfd;
	unsigned gen, area_id;
	unsigned long long fork_token;	/* execve in a vfork child */
};

struct exec_head {
	unsigned magic, version, nfds;
	int cwd_remote;
	struct exec_domain dom[VIRTUOS_NR_DOMAINS];
};

struct exec_fd {
	int fd, rfd;
	unsigned char domain, dgram, cloexec, notify;
};

int __virtuos_exec_loaded;

/* Writes the state to a new memfd; its descriptor, or -1. */
static long save_state(void)
{
	struct exec_head h = { EXEC_MAGIC, EXEC_VERSION, 0,
	                       __virtuos_cwd_remote };
	struct exec_fd batch[BATCH];
	long mfd, i, n = 0;
	long pid = __virtuos_trap(SYS_getpid, 0, 0, 0, 0, 0, 0);
	int k;

	mfd = __virtuos_trap(SYS_memfd_create, (long)"virtuos-exec", 0,
	                     0, 0, 0, 0);
	if (mfd < 0)
		return -1;
	for (k = 0; k < VIRTUOS_NR_DOMAINS; k++) {
		struct virtuos_domain *d = &__virtuos_domains[k];

		h.dom[k].attached = d->state == VIRTUOS_DOMAIN_ATTACHED &&
		                    !d->ctl->dead && !d->retired;
		h.dom[k].devfd = d->devfd;
		h.dom[k].gen = d->gen;
		h.dom[k].area_id = d->area_id;
		h.dom[k].fork_token = 0;
		/* In a vfork (or posix_spawn) child, sharing the parent's
		 * memory: the new image is another process than the area's
		 * owner, so it attaches as a fork of it. */
		if (h.dom[k].attached && pid != d->pid &&
		    __virtuos_fork_prepare(d, &h.dom[k].fork_token))
			h.dom[k].attached = 0;
	}
	for (i = 0; i < VIRTUOS_MAX_FDS; i++)
		if (__virtuos_fds[i].domain)
			h.nfds++;
	if (__virtuos_trap(SYS_write, mfd, (long)&h, sizeof h, 0, 0, 0) !=
	    sizeof h)
		goto fail;
	for (i = 0; i < VIRTUOS_MAX_FDS; i++) {
		struct virtuos_fd *f = &__virtuos_fds[i];

		if (!f->domain)
			continue;
		batch[n].fd = i;
		batch[n].rfd = f->rfd;
		batch[n].domain = f->domain;
		batch[n].dgram = f->dgram;
		batch[n].notify = f->notify;
		batch[n].cloexec = (__virtuos_trap(SYS_fcntl, i, F_GETFD, 0,
		                                   0, 0, 0) & FD_CLOEXEC) != 0;
		if (f->gen != __virtuos_domains[f->domain - 1].gen)
			batch[n].domain = 0;	/* of a dead area: drop */
		if (++n == BATCH || i == VIRTUOS_MAX_FDS - 1) {
			if (__virtuos_trap(SYS_write, mfd, (long)batch,
			                   n * sizeof *batch, 0, 0, 0) !=
			    (long)(n * sizeof *batch))
				goto fail;
			n = 0;
		}
	}
	if (n && __virtuos_trap(SYS_write, mfd, (long)batch, n * sizeof *batch,
	                        0, 0, 0) != (long)(n * sizeof *batch))
		goto fail;
	return mfd;
fail:
	__virtuos_trap(SYS_close, mfd, 0, 0, 0, 0, 0);
	return -1;
}

/* Names to each shadow of this process (not those of a vfork parent) the
 * descriptors to close at exec; with @clear, none. */
static void name_cloexec(int clear)
{
	int list[VIRTUOS_EXEC_CLOSE_MAX];
	long pid = __virtuos_trap(SYS_getpid, 0, 0, 0, 0, 0, 0);
	long i, n;
	int k;

	for (k = 0; k < VIRTUOS_NR_DOMAINS; k++) {
		struct virtuos_domain *d = &__virtuos_domains[k];

		if (d->state != VIRTUOS_DOMAIN_ATTACHED || d->pid != pid ||
		    d->ctl->dead)
			continue;
		for (i = n = 0; !clear && i < VIRTUOS_MAX_FDS; i++) {
			struct virtuos_fd *f = &__virtuos_fds[i];

			if (f->domain == k + 1 && f->gen == d->gen &&
			    n < VIRTUOS_EXEC_CLOSE_MAX &&
			    (__virtuos_trap(SYS_fcntl, i, F_GETFD, 0, 0, 0, 0) &
			     FD_CLOEXEC))
				list[n++] = f->rfd;
		}
		__virtuos_call(k + 1, VIRTUOS_CALL_EXEC_CLOSE, (long)list,
		               n * sizeof *list, 0, 0, 0, 0);
	}
}

static void keep_devfds(int keep)
{
	int k;

	for (k = 0; k < VIRTUOS_NR_DOMAINS; k++) {
		struct virtuos_domain *d = &__virtuos_domains[k];

		if (d->state == VIRTUOS_DOMAIN_ATTACHED)
			__virtuos_trap(SYS_fcntl, d->devfd, F_SETFD,
			               keep ? 0 : FD_CLOEXEC, 0, 0, 0);
	}
}

static int any_attached(void)
{
	int k;

	for (k = 0; k < VIRTUOS_NR_DOMAINS; k++)
		if (__virtuos_domains[k].state == VIRTUOS_DOMAIN_ATTACHED)
			return 1;
	return 0;
}

/* execve (n == SYS_execve: path, argv, envp) or execveat (dirfd, path,
 * argv, envp, flags) with the remote state carried over. */
long __virtuos_execve(long n, long *a)
{
	char *const *envp = (char *const *)(n == SYS_execve ? a[2] : a[3]);
	char *env[MAX_ENV + 2];
	char var[ENV_LEN + 12];
	long mfd, r, i, j = 0, v;
	int digits;

	if (!any_attached())
		return __virtuos_trap(n, a[0], a[1], a[2], a[3], a[4], a[5]);
	/* The environment is read here: a bad pointer gives EFAULT, as the
	 * kernel would. */
	for (i = 0; envp; i++) {
		if (__virtuos_bad_range((long)&envp[i], sizeof *envp))
			return -EFAULT;
		if (!envp[i])
			break;
		if (__virtuos_user_strnlen(envp[i], ENV_LEN) < 0)
			return -EFAULT;
		if (i == MAX_ENV)	/* too many to copy: no state */
			return __virtuos_trap(n, a[0], a[1], a[2], a[3], a[4],
			                      a[5]);
	}
	mfd = save_state();
	if (mfd < 0)
		return __virtuos_trap(n, a[0], a[1], a[2], a[3], a[4], a[5]);
	for (i = 0; i < (long)ENV_LEN; i++)
		var[i] = ENV_NAME[i];
	for (v = mfd, digits = 1; v >= 10; v /= 10)
		digits++;
	for (v = mfd, i = digits; i > 0; i--, v /= 10)
		var[ENV_LEN + i - 1] = '0' + v % 10;
	var[ENV_LEN + digits] = 0;
	env[j++] = var;
	for (i = 0; envp && envp[i]; i++) {
		const char *e = envp[i];
		unsigned k;

		for (k = 0; k < ENV_LEN && e[k] == ENV_NAME[k]; k++)
			;
		if (k < ENV_LEN)
			env[j++] = (char *)e;
	}
	env[j] = 0;
	name_cloexec(0);
	keep_devfds(1);
	r = n == SYS_execve
	    ? __virtuos_trap(n, a[0], a[1], (long)env, 0, 0, 0)
	    : __virtuos_trap(n, a[0], a[1], a[2], (long)env, a[4], 0);
	keep_devfds(0);	/* only when execve failed */
	name_cloexec(1);
	__virtuos_trap(SYS_close, mfd, 0, 0, 0, 0, 0);
	return r;
}

/* Finds, removes and parses VIRTUOS_EXEC_STATE; the memfd, or -1. */
static long take_env(void)
{
	char **e;
	long fd = -1;
	unsigned k;

	for (e = __environ; e && *e; e++) {
		for (k = 0; k < ENV_LEN && (*e)[k] == ENV_NAME[k]; k++)
			;
		if (k < ENV_LEN)
			continue;
		if ((*e)[k] >= '0' && (*e)[k] <= '9')
			for (fd = 0; (*e)[k] >= '0' && (*e)[k] <= '9' &&
			     fd < 1 << 20; k++)
				fd = fd * 10 + (*e)[k] - '0';
		do
			e[0] = e[1];
		while (*e++);
		break;
	}
	return fd;
}

static void load_domain(struct virtuos_domain *d, const struct exec_domain *s)
{
	struct virtuos_attach at;
	long map, fd = s->devfd;

	d->gen = s->gen;
	if (!s->attached)
		return;
	if (s->fork_token) {	/* the parent's devfd is not ours */
		fd = __virtuos_open_attach(d, s->area_id, s->fork_token, &at);
		if (fd < 0) {
			__virtuos_trap(SYS_close, s->devfd, 0, 0, 0, 0, 0);
			return;
		}
		/* ours takes its number, as after fork */
		__virtuos_trap(SYS_dup3, fd, s->devfd, O_CLOEXEC, 0, 0, 0);
		__virtuos_trap(SYS_close, fd, 0, 0, 0, 0, 0);
		fd = s->devfd;
	}
	map = __virtuos_trap(SYS_mmap, 0, VIRTUOS_MAP_SIZE,
	                     PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map < 0 && map > -4096)
		return;	/* its descriptors give EIO */
	__virtuos_trap(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC, 0, 0, 0);
	d->devfd = fd;
	d->area_id = s->fork_token ? at.area_id : s->area_id;
	d->pid = __virtuos_trap(SYS_getpid, 0, 0, 0, 0, 0, 0);
	d->ctl = (struct virtuos_area_ctl *)map;
	d->spin = __virtuos_spin_rounds();
	d->state = VIRTUOS_DOMAIN_ATTACHED;
	/* A set-user-ID or set-group-ID image, or one with file
	 * capabilities, runs with new credentials: the shadow takes them. */
	__virtuos_trap(SYS_ioctl, fd, VIRTUOS_IOC_CREDS, 0, 0, 0, 0);
}

/* In a new image: before its first system call, takes over what the
 * image that called execve left. */
void __virtuos_exec_load(void)
{
	struct exec_head h;
	struct exec_fd batch[BATCH];
	long mfd, got, i, n, off;
	int k;

	__virtuos_exec_loaded = 1;
	mfd = take_env();
	if (mfd < 0)
		return;
	if (__virtuos_trap(SYS_pread64, mfd, (long)&h, sizeof h, 0, 0, 0) !=
	    sizeof h || h.magic != EXEC_MAGIC || h.version != EXEC_VERSION ||
	    h.nfds > VIRTUOS_MAX_FDS)
		goto out;
	for (k = 0; k < VIRTUOS_NR_DOMAINS; k++)
		load_domain(&__virtuos_domains[k], &h.dom[k]);
	__virtuos_cwd_remote = h.cwd_remote != 0;
	for (off = sizeof h, i = 0; i < (long)h.nfds; i += n) {
		n = h.nfds - i < BATCH ? h.nfds - i : BATCH;
		got = __virtuos_trap(SYS_pread64, mfd, (long)batch,
		                     n * sizeof *batch, off, 0, 0);
		if (got != (long)(n * sizeof *batch))
			break;
		off += got;
		for (k = 0; k < n; k++) {
			struct exec_fd *f = &batch[k];
			struct virtuos_domain *d;

			if (f->fd < 0 || f->fd >= VIRTUOS_MAX_FDS ||
			    f->domain < 1 || f->domain > VIRTUOS_NR_DOMAINS)
				continue;
			d = __virtuos_domain(f->domain);
			/* The shadow of our own area closed it at the exec; a
			 * fork of a vfork parent's shadow still has it. */
			if (f->cloexec) {
				if (d->state == VIRTUOS_DOMAIN_ATTACHED &&
				    h.dom[f->domain - 1].fork_token)
					__virtuos_call(f->domain, SYS_close,
					               f->rfd, 0, 0, 0, 0, 0);
				continue;
			}
			__virtuos_fds[f->fd].rfd = f->rfd;
			__virtuos_fds[f->fd].gen = d->gen;
			__virtuos_fds[f->fd].dgram = f->dgram;
			__virtuos_fds[f->fd].notify = f->notify;
			__virtuos_fds[f->fd].domain = f->domain;
		}
	}
out:
	__virtuos_trap(SYS_close, mfd, 0, 0, 0, 0, 0);
}
