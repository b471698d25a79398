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
	unsigned char roles;	/* VIRTUOS_ROLE_* serving it */
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
#define VIRTUOS_FIEMAP_EXTENTS	64	/* extents of one VIRTUOS_CALL_FIEMAP */
#define VIRTUOS_FIEMAP_SIZE	(32 + VIRTUOS_FIEMAP_EXTENTS * 56)

/* The roles that serve a call (struct virtuos_call.roles). */
#define VIRTUOS_ROLE_STORAGE	1
#define VIRTUOS_ROLE_NETWORK	2

#define VIRTUOS_UNPAREN(...)	__VA_ARGS__
#define VIRTUOS_SHAPE_NONE(nr, shape)
#define VIRTUOS_SHAPE_STORAGE(nr, shape) \
	{ nr, VIRTUOS_ROLE_STORAGE, { VIRTUOS_UNPAREN shape } },
#define VIRTUOS_SHAPE_NETWORK(nr, shape) \
	{ nr, VIRTUOS_ROLE_NETWORK, { VIRTUOS_UNPAREN shape } },
#define VIRTUOS_SHAPE_BOTH(nr, shape) \
	{ nr, VIRTUOS_ROLE_STORAGE | VIRTUOS_ROLE_NETWORK, \
	  { VIRTUOS_UNPAREN shape } },

/*
 * The forwarded calls: the rows of virtuos_call_spec.h that some role
 * serves, sorted by number (the specification is).
 */
static const struct virtuos_call virtuos_calls[] = {
#define VIRTUOS_CALL(nr, name, route, serves, shape, note) \
	VIRTUOS_SHAPE_##serves(nr, shape)
#define VIRTUOS_OWN_CALL(nr, name, serves, shape, note) \
	VIRTUOS_SHAPE_##serves(nr, shape)
#include "virtuos_call_spec.h"
#undef VIRTUOS_CALL
#undef VIRTUOS_OWN_CALL
};

#define VIRTUOS_NR_CALLS (sizeof(virtuos_calls) / sizeof(struct virtuos_call))

static inline unsigned int virtuos_hash_mix(unsigned int h, unsigned int v)
{
	return (h ^ v) * 16777619u;
}

/*
 * A hash (FNV-1a) of @n entries of a call table: numbers, roles, argument
 * shapes. The shadow publishes its own in its area's control page
 * (calls_hash); the library refuses a domain whose table is not its own.
 */
static inline unsigned int virtuos_calls_hash_of(const struct virtuos_call *t,
						 unsigned long n)
{
	unsigned int h = 2166136261u;
	unsigned long i;
	int j;

	for (i = 0; i < n; i++) {
		h = virtuos_hash_mix(h, (unsigned short)t[i].nr);
		h = virtuos_hash_mix(h, t[i].roles);
		for (j = 0; j < 6; j++) {
			h = virtuos_hash_mix(h, t[i].args[j].kind);
			h = virtuos_hash_mix(h, t[i].args[j].len);
			h = virtuos_hash_mix(h, t[i].args[j].size);
		}
	}
	return h;
}

static inline unsigned int virtuos_calls_hash(void)
{
	return virtuos_calls_hash_of(virtuos_calls, VIRTUOS_NR_CALLS);
}

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
