/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * VirtuOS: which system calls cross to a service domain, and the shape of
 * their arguments. Included by the user library (to copy arguments into
 * the shared area) and by the shadow (to check and translate them back),
 * so both sides read one table. x86_64 numbers.
 */
#ifndef VIRTUOS_CALLS_H
#define VIRTUOS_CALLS_H

/* Argument kinds. */
#define VIRTUOS_ARG_NONE	0	/* unused */
#define VIRTUOS_ARG_VAL		1	/* a plain value */
#define VIRTUOS_ARG_FD		2	/* a descriptor in the service domain */
#define VIRTUOS_ARG_DIRFD	3	/* AT_FDCWD or a descriptor there */
#define VIRTUOS_ARG_PATH	4	/* a NUL-terminated path, copied in */
#define VIRTUOS_ARG_IN		5	/* a buffer copied in */
#define VIRTUOS_ARG_OUT		6	/* a buffer copied out */
#define VIRTUOS_ARG_INOUT	7	/* a buffer copied in, and out again */
#define VIRTUOS_ARG_INOUT_ARRAY	8	/* an array copied in, and out again */
#define VIRTUOS_ARG_OUT_ARRAY	9	/* an array copied out */
/* Or'ed into a kind: the pointer may be NULL, sent as offset 0. */
#define VIRTUOS_ARG_MAY_BE_NULL	0x80
#define VIRTUOS_ARG_KIND(k)	((k) & 0x7f)

/*
 * For IN and OUT buffers: the length is argument number .len, or .size
 * bytes when .size is not zero. OUT buffers are copied back when the call
 * succeeds: .size bytes, or as many bytes as the call returned. INOUT
 * buffers always have a .size and are copied both ways.
 */
struct virtuos_arg {
	unsigned char kind;
	unsigned char len;
	unsigned short size;
};

struct virtuos_call {
	short nr;
	struct virtuos_arg args[6];
};

#define VA_NONE		{ VIRTUOS_ARG_NONE, 0, 0 }
#define VA_VAL		{ VIRTUOS_ARG_VAL, 0, 0 }
#define VA_FD		{ VIRTUOS_ARG_FD, 0, 0 }
#define VA_DIRFD	{ VIRTUOS_ARG_DIRFD, 0, 0 }
#define VA_PATH		{ VIRTUOS_ARG_PATH, 0, 0 }
#define VA_IN(n)	{ VIRTUOS_ARG_IN, n, 0 }
#define VA_OUT(n)	{ VIRTUOS_ARG_OUT, n, 0 }
#define VA_OUTSZ(sz)	{ VIRTUOS_ARG_OUT, 0, sz }
#define VA_INSZ(sz)	{ VIRTUOS_ARG_IN, 0, sz }
#define VA_PATH_OR_NULL	{ VIRTUOS_ARG_PATH | VIRTUOS_ARG_MAY_BE_NULL, 0, 0 }
#define VA_INSZ_OR_NULL(sz) { VIRTUOS_ARG_IN | VIRTUOS_ARG_MAY_BE_NULL, 0, sz }
#define VA_IN_OR_NULL(n)	{ VIRTUOS_ARG_IN | VIRTUOS_ARG_MAY_BE_NULL, n, 0 }
#define VA_OUT_OR_NULL(n)	{ VIRTUOS_ARG_OUT | VIRTUOS_ARG_MAY_BE_NULL, n, 0 }
#define VA_OUTSZ_OR_NULL(sz) { VIRTUOS_ARG_OUT | VIRTUOS_ARG_MAY_BE_NULL, 0, sz }
#define VA_INOUTSZ(sz)	{ VIRTUOS_ARG_INOUT, 0, sz }
#define VA_INOUT_ARRAY(n, sz)	{ VIRTUOS_ARG_INOUT_ARRAY, n, sz }
#define VA_OUT_ARRAY(n, sz)	{ VIRTUOS_ARG_OUT_ARRAY, n, sz }
#define VA_INOUTSZ_OR_NULL(sz) \
	{ VIRTUOS_ARG_INOUT | VIRTUOS_ARG_MAY_BE_NULL, 0, sz }

#define VIRTUOS_STAT_SIZE	144	/* struct stat on x86_64 */
#define VIRTUOS_STATX_SIZE	256	/* struct statx */
#define VIRTUOS_STATFS_SIZE	120	/* struct statfs on x86_64 */
#define VIRTUOS_TIMES_SIZE	32	/* struct timespec[2] */
#define VIRTUOS_ADDR_SIZE	128	/* struct sockaddr_storage */
#define VIRTUOS_MSG_SIZE	1168	/* struct virtuos_msg */
#define VIRTUOS_SOCKOPT_SIZE	512	/* largest getsockopt value crossing */
#define VIRTUOS_UTSNAME_SIZE	390	/* struct utsname */
#define VIRTUOS_POLLFD_SIZE	8	/* struct pollfd */
#define VIRTUOS_EPOLL_EVENT_SIZE 12	/* struct epoll_event, packed */

/* The forwarded calls. Entries are looked up by number; keep them sorted. */
static const struct virtuos_call virtuos_calls[] = {
	{ 0, { VA_FD, VA_OUT(2), VA_VAL } },			/* read */
	{ 1, { VA_FD, VA_IN(2), VA_VAL } },			/* write */
	{ 2, { VA_PATH, VA_VAL, VA_VAL } },			/* open */
	{ 3, { VA_FD } },					/* close */
	{ 4, { VA_PATH, VA_OUTSZ(VIRTUOS_STAT_SIZE) } },	/* stat */
	{ 5, { VA_FD, VA_OUTSZ(VIRTUOS_STAT_SIZE) } },		/* fstat */
	{ 6, { VA_PATH, VA_OUTSZ(VIRTUOS_STAT_SIZE) } },	/* lstat */
	{ 7, { VA_INOUT_ARRAY(1, VIRTUOS_POLLFD_SIZE), VA_VAL, VA_VAL } },
								/* poll */
	{ 8, { VA_FD, VA_VAL, VA_VAL } },			/* lseek */
	{ 16, { VA_FD, VA_VAL, VA_INOUTSZ(4) } },		/* ioctl: one int */
	{ 17, { VA_FD, VA_OUT(2), VA_VAL, VA_VAL } },		/* pread64 */
	{ 18, { VA_FD, VA_IN(2), VA_VAL, VA_VAL } },		/* pwrite64 */
	{ 21, { VA_PATH, VA_VAL } },				/* access */
	{ 32, { VA_FD } },					/* dup */
	{ 40, { VA_FD, VA_FD, VA_INOUTSZ_OR_NULL(8), VA_VAL } },	/* sendfile */
	{ 41, { VA_VAL, VA_VAL, VA_VAL } },			/* socket */
	{ 42, { VA_FD, VA_IN(2), VA_VAL } },			/* connect */
	{ 44, { VA_FD, VA_IN(2), VA_VAL, VA_VAL, VA_IN_OR_NULL(5), VA_VAL } },
								/* sendto */
	{ 45, { VA_FD, VA_OUT(2), VA_VAL, VA_VAL,
		VA_OUTSZ_OR_NULL(VIRTUOS_ADDR_SIZE), VA_INOUTSZ_OR_NULL(4) } },
								/* recvfrom */
	{ 48, { VA_FD, VA_VAL } },				/* shutdown */
	{ 49, { VA_FD, VA_IN(2), VA_VAL } },			/* bind */
	{ 50, { VA_FD, VA_VAL } },				/* listen */
	{ 51, { VA_FD, VA_OUTSZ(VIRTUOS_ADDR_SIZE), VA_INOUTSZ(4) } },
								/* getsockname */
	{ 52, { VA_FD, VA_OUTSZ(VIRTUOS_ADDR_SIZE), VA_INOUTSZ(4) } },
								/* getpeername */
	{ 54, { VA_FD, VA_VAL, VA_VAL, VA_IN(4), VA_VAL } },	/* setsockopt */
	{ 55, { VA_FD, VA_VAL, VA_VAL, VA_OUTSZ(VIRTUOS_SOCKOPT_SIZE),
		VA_INOUTSZ(4) } },				/* getsockopt */
	{ 63, { VA_OUTSZ(VIRTUOS_UTSNAME_SIZE) } },		/* uname */
	{ 72, { VA_FD, VA_VAL, VA_VAL } },			/* fcntl */
	{ 73, { VA_FD, VA_VAL } },				/* flock */
	{ 74, { VA_FD } },					/* fsync */
	{ 75, { VA_FD } },					/* fdatasync */
	{ 76, { VA_PATH, VA_VAL } },				/* truncate */
	{ 77, { VA_FD, VA_VAL } },				/* ftruncate */
	{ 79, { VA_OUT(1), VA_VAL } },				/* getcwd */
	{ 80, { VA_PATH } },					/* chdir */
	{ 81, { VA_FD } },					/* fchdir */
	{ 82, { VA_PATH, VA_PATH } },				/* rename */
	{ 83, { VA_PATH, VA_VAL } },				/* mkdir */
	{ 84, { VA_PATH } },					/* rmdir */
	{ 86, { VA_PATH, VA_PATH } },				/* link */
	{ 87, { VA_PATH } },					/* unlink */
	{ 88, { VA_PATH, VA_PATH } },				/* symlink */
	{ 89, { VA_PATH, VA_OUT(2), VA_VAL } },			/* readlink */
	{ 90, { VA_PATH, VA_VAL } },				/* chmod */
	{ 91, { VA_FD, VA_VAL } },				/* fchmod */
	{ 92, { VA_PATH, VA_VAL, VA_VAL } },			/* chown */
	{ 93, { VA_FD, VA_VAL, VA_VAL } },			/* fchown */
	{ 94, { VA_PATH, VA_VAL, VA_VAL } },			/* lchown */
	{ 95, { VA_VAL } },					/* umask */
	{ 133, { VA_PATH, VA_VAL, VA_VAL } },			/* mknod */
	{ 137, { VA_PATH, VA_OUTSZ(VIRTUOS_STATFS_SIZE) } },	/* statfs */
	{ 138, { VA_FD, VA_OUTSZ(VIRTUOS_STATFS_SIZE) } },	/* fstatfs */
	{ 162, { VA_NONE } },					/* sync */
	{ 170, { VA_IN(1), VA_VAL } },				/* sethostname */
	{ 171, { VA_IN(1), VA_VAL } },				/* setdomainname */
	{ 187, { VA_FD, VA_VAL, VA_VAL } },			/* readahead */
	{ 188, { VA_PATH, VA_PATH, VA_IN(3), VA_VAL, VA_VAL } },	/* setxattr */
	{ 189, { VA_PATH, VA_PATH, VA_IN(3), VA_VAL, VA_VAL } },	/* lsetxattr */
	{ 190, { VA_FD, VA_PATH, VA_IN(3), VA_VAL, VA_VAL } },	/* fsetxattr */
	{ 191, { VA_PATH, VA_PATH, VA_OUT(3), VA_VAL } },	/* getxattr */
	{ 192, { VA_PATH, VA_PATH, VA_OUT(3), VA_VAL } },	/* lgetxattr */
	{ 193, { VA_FD, VA_PATH, VA_OUT(3), VA_VAL } },		/* fgetxattr */
	{ 194, { VA_PATH, VA_OUT(2), VA_VAL } },		/* listxattr */
	{ 195, { VA_PATH, VA_OUT(2), VA_VAL } },		/* llistxattr */
	{ 196, { VA_FD, VA_OUT(2), VA_VAL } },			/* flistxattr */
	{ 197, { VA_PATH, VA_PATH } },				/* removexattr */
	{ 198, { VA_PATH, VA_PATH } },				/* lremovexattr */
	{ 199, { VA_FD, VA_PATH } },				/* fremovexattr */
	{ 217, { VA_FD, VA_OUT(2), VA_VAL } },			/* getdents64 */
	{ 221, { VA_FD, VA_VAL, VA_VAL, VA_VAL } },		/* fadvise64 */
	{ 232, { VA_FD, VA_OUT_ARRAY(2, VIRTUOS_EPOLL_EVENT_SIZE), VA_VAL,
		 VA_VAL } },					/* epoll_wait */
	{ 233, { VA_FD, VA_VAL, VA_FD,
		 VA_INSZ_OR_NULL(VIRTUOS_EPOLL_EVENT_SIZE) } },	/* epoll_ctl */
	{ 257, { VA_DIRFD, VA_PATH, VA_VAL, VA_VAL } },		/* openat */
	{ 258, { VA_DIRFD, VA_PATH, VA_VAL } },			/* mkdirat */
	{ 259, { VA_DIRFD, VA_PATH, VA_VAL, VA_VAL } },		/* mknodat */
	{ 260, { VA_DIRFD, VA_PATH, VA_VAL, VA_VAL, VA_VAL } },	/* fchownat */
	{ 262, { VA_DIRFD, VA_PATH, VA_OUTSZ(VIRTUOS_STAT_SIZE), VA_VAL } },
								/* newfstatat */
	{ 263, { VA_DIRFD, VA_PATH, VA_VAL } },			/* unlinkat */
	{ 264, { VA_DIRFD, VA_PATH, VA_DIRFD, VA_PATH } },	/* renameat */
	{ 265, { VA_DIRFD, VA_PATH, VA_DIRFD, VA_PATH, VA_VAL } },	/* linkat */
	{ 266, { VA_PATH, VA_DIRFD, VA_PATH } },		/* symlinkat */
	{ 267, { VA_DIRFD, VA_PATH, VA_OUT(3), VA_VAL } },	/* readlinkat */
	{ 268, { VA_DIRFD, VA_PATH, VA_VAL } },			/* fchmodat */
	{ 269, { VA_DIRFD, VA_PATH, VA_VAL, VA_VAL } },		/* faccessat */
	{ 277, { VA_FD, VA_VAL, VA_VAL, VA_VAL } },		/* sync_file_range */
	{ 280, { VA_DIRFD, VA_PATH_OR_NULL,
		 VA_INSZ_OR_NULL(VIRTUOS_TIMES_SIZE), VA_VAL } },	/* utimensat */
	{ 285, { VA_FD, VA_VAL, VA_VAL, VA_VAL } },		/* fallocate */
	{ 288, { VA_FD, VA_OUTSZ_OR_NULL(VIRTUOS_ADDR_SIZE),
		 VA_INOUTSZ_OR_NULL(4), VA_VAL } },		/* accept4 */
	{ 291, { VA_VAL } },					/* epoll_create1 */
	{ 306, { VA_FD } },					/* syncfs */
	{ 316, { VA_DIRFD, VA_PATH, VA_DIRFD, VA_PATH, VA_VAL } },
								/* renameat2 */
	{ 326, { VA_FD, VA_INOUTSZ_OR_NULL(8), VA_FD, VA_INOUTSZ_OR_NULL(8),
		 VA_VAL, VA_VAL } },				/* copy_file_range */
	{ 332, { VA_DIRFD, VA_PATH, VA_VAL, VA_VAL,
		 VA_OUTSZ(VIRTUOS_STATX_SIZE) } },		/* statx */
	{ 437, { VA_DIRFD, VA_PATH, VA_IN(3), VA_VAL } },	/* openat2 */
	{ 439, { VA_DIRFD, VA_PATH, VA_VAL, VA_VAL } },		/* faccessat2 */
	{ 1000, { VA_VAL, VA_VAL } },	/* VIRTUOS_CALL_FORK: the shadow forks */
	{ 1001, { VA_FD, VA_VAL, VA_INOUTSZ(40) } },		/* ..._IFREQ */
	{ 1002, { VA_FD, VA_VAL, VA_OUT_OR_NULL(1) } },		/* ..._IFCONF */
	{ 1003, { VA_FD, VA_IN(2), VA_VAL, VA_VAL,
		  VA_INSZ(VIRTUOS_MSG_SIZE) } },	/* ..._SENDMSG */
	{ 1004, { VA_FD, VA_OUT(2), VA_VAL, VA_VAL,
		  VA_INOUTSZ(VIRTUOS_MSG_SIZE) } },	/* ..._RECVMSG */
	{ 1005, { VA_VAL, VA_VAL } },	/* VIRTUOS_CALL_PROBE */
};

#define VIRTUOS_NR_CALLS (sizeof(virtuos_calls) / sizeof(struct virtuos_call))

/* The table entry of system call @nr, or 0 when it is not forwarded. */
static inline const struct virtuos_call *virtuos_call_find(long nr)
{
	unsigned long lo = 0, hi = VIRTUOS_NR_CALLS;

	while (lo < hi) {
		unsigned long mid = (lo + hi) / 2;

		if (virtuos_calls[mid].nr == nr)
			return &virtuos_calls[mid];
		if (virtuos_calls[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

#endif /* VIRTUOS_CALLS_H */
