// SPDX-License-Identifier: GPL-2.0
/*
 * VirtuOS shadow: checks and runs one forwarded system call.
 *
 * Everything in a slot comes from the client process and is untrusted:
 * the call number must be in the shared table (virtuos_calls.h) and served
 * by this domain's role, every
 * buffer must lie in the data part of the area, and paths are copied out
 * of shared memory before the kernel sees them, so the client cannot change
 * them under the call.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "shadow.h"
#include "virtuos_calls.h"

#define FLOCK_SIZE 32	/* struct flock on x86_64 */

unsigned int shadow_roles = VIRTUOS_ROLE_STORAGE | VIRTUOS_ROLE_NETWORK;

int shadow_set_role(const char *name)
{
	if (!strcmp(name, "storage"))
		shadow_roles = VIRTUOS_ROLE_STORAGE;
	else if (!strcmp(name, "network"))
		shadow_roles = VIRTUOS_ROLE_NETWORK;
	else
		return -EINVAL;
	return 0;
}

const char *shadow_role_name(void)
{
	if (shadow_roles == VIRTUOS_ROLE_STORAGE)
		return "storage";
	if (shadow_roles == VIRTUOS_ROLE_NETWORK)
		return "network";
	return "storage and network";
}

/* Whether [off, off + len) lies in the data pages of the mapping. */
static int in_data(unsigned long size, long off, long len)
{
	return off >= VIRTUOS_PAGE_SIZE && len >= 0 &&
	       (unsigned long)off <= size && (unsigned long)len <= size - off;
}

static int is_lock_cmd(long cmd)
{
	return cmd == F_GETLK || cmd == F_SETLK || cmd == F_SETLKW ||
	       cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
}

/*
 * fcntl commands whose third argument is a plain integer, and whose effect
 * stays with the descriptor. The lock commands are translated (their
 * struct flock is copied through the window). Everything else is refused
 * with EINVAL: commands that take a pointer (F_GETOWN_EX, F_GET_RW_HINT,
 * F_GETOWNER_UIDS, ...) would hand the service kernel an address of the
 * client's choosing, and owners, signals, leases and notifications would
 * make the service kernel signal processes of the service domain. F_DUPFD
 * and F_GETFD/F_SETFD are the library's own business (it answers them in
 * the primary).
 */
static int is_int_fcntl_cmd(long cmd)
{
	switch (cmd) {
	case F_GETFL: case F_SETFL:
	case F_GETPIPE_SZ: case F_SETPIPE_SZ:
	case F_GET_SEALS: case F_ADD_SEALS:
		return 1;
	}
	return 0;
}

/*
 * The ioctl requests that cross (the table gives their argument one int in
 * the window): of sockets, FIONREAD, FIONBIO, SIOCATMARK, TIOCOUTQ; of
 * files, FIONREAD, FIONBIO, FIGETBSZ and the inode flags.
 */
static int is_int_ioctl(unsigned int request)
{
	switch (request) {
	case FIONREAD: case FIONBIO: case SIOCATMARK: case TIOCOUTQ:
	case FIGETBSZ: case FS_IOC_GETFLAGS: case FS_IOC_SETFLAGS:
		return 1;
	}
	return 0;
}

/* The SIOCGIF* requests that read one interface, and nothing else. */
static long interface_query(int fd, long request, void *ifr)
{
	switch (request) {
	case SIOCGIFNAME: case SIOCGIFINDEX: case SIOCGIFFLAGS:
	case SIOCGIFADDR: case SIOCGIFDSTADDR: case SIOCGIFBRDADDR:
	case SIOCGIFNETMASK: case SIOCGIFMTU: case SIOCGIFHWADDR:
	case SIOCGIFTXQLEN:
		return ioctl(fd, request, ifr) ? -errno : 0;
	}
	return -ENOTTY;
}

/* SIOCGIFCONF into @buf (or only the length needed, without one). */
static long interface_list(int fd, long len, char *buf)
{
	struct ifconf ifc = { .ifc_len = buf ? len : 0, .ifc_buf = buf };

	if (len < 0 || len > INT_MAX)
		return -EINVAL;
	return ioctl(fd, SIOCGIFCONF, &ifc) ? -errno : ifc.ifc_len;
}

/*
 * VIRTUOS_CALL_SENDMSG and _RECVMSG: one buffer of data, the name and the
 * control data in @m. The lengths in @m come from the process: bounded
 * here. Descriptors and credentials never cross, so SCM_RIGHTS and
 * SCM_CREDENTIALS are refused outright.
 */
static int carries_rights(struct msghdr *msg)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c))
		if (c->cmsg_level == SOL_SOCKET &&
		    (c->cmsg_type == SCM_RIGHTS ||
		     c->cmsg_type == SCM_CREDENTIALS))
			return 1;
	return 0;
}

static long message_call(long nr, int fd, void *data, long len, long flags,
			 struct virtuos_msg *m)
{
	/* Read once: the process may change them under us. */
	__u32 namelen = __atomic_load_n(&m->namelen, __ATOMIC_RELAXED);
	__u32 controllen = __atomic_load_n(&m->controllen, __ATOMIC_RELAXED);
	struct iovec iov = { .iov_base = data, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	char control[VIRTUOS_MSG_CONTROL_MAX]
		__attribute__((aligned(sizeof(size_t))));
	long r;

	if (namelen > VIRTUOS_MSG_NAME_MAX ||
	    controllen > VIRTUOS_MSG_CONTROL_MAX)
		return -EINVAL;
	if (namelen) {
		msg.msg_name = m->name;
		msg.msg_namelen = namelen;
	}
	if (controllen) {
		msg.msg_control = m->control;
		msg.msg_controllen = controllen;
	}
	if (nr == VIRTUOS_CALL_SENDMSG) {
		/* Checked and sent from a copy the process cannot change. */
		memcpy(control, m->control, controllen);
		msg.msg_control = controllen ? control : NULL;
		if (carries_rights(&msg))
			return -EINVAL;
		r = sendmsg(fd, &msg, flags | MSG_NOSIGNAL);
		return r < 0 ? -errno : r;
	}
	r = recvmsg(fd, &msg, flags);
	if (r < 0)
		return -errno;
	m->namelen = msg.msg_name ? msg.msg_namelen : 0;
	m->controllen = msg.msg_controllen;
	m->flags = msg.msg_flags;
	return r;
}

/*
 * VIRTUOS_CALL_FIEMAP: the request runs on a private copy, checked there,
 * so that a count changed under the call cannot make the kernel write
 * past the window.
 */
_Static_assert(sizeof(struct fiemap) == 32 &&
	       sizeof(struct fiemap_extent) == 56,
	       "VIRTUOS_FIEMAP_SIZE counts 32-byte headers and 56-byte extents");

static long extent_map(int fd, void *window)
{
	union {
		struct fiemap fm;
		char bytes[VIRTUOS_FIEMAP_SIZE];
	} copy;

	long r;

	memcpy(copy.bytes, window, sizeof(copy.bytes));
	if (copy.fm.fm_extent_count > VIRTUOS_FIEMAP_EXTENTS)
		return -EINVAL;
	r = ioctl(fd, FS_IOC_FIEMAP, &copy.fm) ? -errno : 0;
	memcpy(window, copy.bytes, sizeof(copy.bytes));	/* EBADR: fm_flags */
	return r;
}

long shadow_run_call(char *base, unsigned long size, long nr,
		     const long *args)
{
	const struct virtuos_call *call = virtuos_call_find(nr);
	char paths[2][PATH_MAX];
	int npaths = 0;
	long a[6];
	long r;
	int i;

	if (!call || !(call->roles & shadow_roles))
		return -ENOSYS;
	for (i = 0; i < 6; i++) {
		const struct virtuos_arg *d = &call->args[i];
		long len;
		char *end;

		a[i] = args[i];
		if ((d->kind & VIRTUOS_ARG_MAY_BE_NULL) && !args[i])
			continue;	/* NULL stays NULL */
		switch (VIRTUOS_ARG_KIND(d->kind)) {
		case VIRTUOS_ARG_PATH:
			if (!in_data(size, args[i], 1) || npaths == 2)
				return -EFAULT;
			len = size - args[i];
			if (len > PATH_MAX)
				len = PATH_MAX;
			memcpy(paths[npaths], base + args[i], len);
			end = memchr(paths[npaths], '\0', len);
			if (!end)
				return -ENAMETOOLONG;
			a[i] = (long)paths[npaths++];
			break;
		case VIRTUOS_ARG_IN:
		case VIRTUOS_ARG_OUT:
		case VIRTUOS_ARG_INOUT:
			len = d->size ? d->size : args[d->len];
			if (!in_data(size, args[i], len))
				return -EFAULT;
			a[i] = (long)(base + args[i]);
			break;
		case VIRTUOS_ARG_INOUT_ARRAY:
		case VIRTUOS_ARG_OUT_ARRAY:
			len = args[d->len];
			if (len < 0 || (unsigned long)len > size / d->size ||
			    !in_data(size, args[i], len * d->size))
				return -EFAULT;
			a[i] = (long)(base + args[i]);
			break;
		}
	}
	/*
	 * Clients get sockets of the network stack only: a unix socket would
	 * reach the domain's own processes (the executor's fork hand-off
	 * among them), which are none of a client's business.
	 */
	if (nr == SYS_socket && args[0] != AF_INET && args[0] != AF_INET6)
		return -EAFNOSUPPORT;
	if (nr == VIRTUOS_CALL_IFREQ)
		return interface_query(a[0], args[1], (void *)a[2]);
	if (nr == VIRTUOS_CALL_IFCONF)
		return interface_list(a[0], args[1], (char *)a[2]);
	if (nr == VIRTUOS_CALL_FIEMAP)
		return extent_map(a[0], (void *)a[1]);
	if (nr == VIRTUOS_CALL_STAGE)
		return shadow_stage(args[0], (const char *)a[1], args[2],
				    args[3]);
	if (nr == VIRTUOS_CALL_STAGED_WRITE)
		return shadow_staged_write(a[0], args[1], args[2]);
	/* Structures the shadow reads itself must be aligned for their type:
	 * the library places every buffer at a multiple of 8. */
	if (nr == VIRTUOS_CALL_EXEC_CLOSE)
		return args[0] % sizeof(int) ? -EINVAL :
		       shadow_exec_close_set((const int *)a[0], args[1]);
	if (nr == VIRTUOS_CALL_SENDMSG || nr == VIRTUOS_CALL_RECVMSG)
		return args[4] % 8 ? -EINVAL :
		       message_call(nr, a[0], (void *)a[1], args[2], args[3],
				    (struct virtuos_msg *)a[4]);
	/* The kernel reads the request as an unsigned int; so does this. */
	if (nr == SYS_ioctl && !is_int_ioctl((unsigned int)args[1]))
		return -ENOTTY;
	if (nr == SYS_fcntl && is_lock_cmd(args[1])) {
		if (!in_data(size, args[2], FLOCK_SIZE))
			return -EFAULT;
		a[2] = (long)(base + args[2]);
	} else if (nr == SYS_fcntl && (!is_int_fcntl_cmd(args[1]) ||
		   (args[1] == F_SETFL && (args[2] & O_ASYNC)))) {
		/* O_ASYNC: the SIGIO would go to no process of the client. */
		return -EINVAL;
	}
	r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	return r == -1 ? -errno : r;
}
