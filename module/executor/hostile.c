// SPDX-License-Identifier: GPL-2.0
/*
 * A service domain that lies: test builds only (virtuos-shadowd-hostile).
 * Each mode forges one kind of answer after the real call has run, the
 * way a compromised service kernel could:
 *
 *   status   every call answers -5000, an error number beyond MAX_ERRNO
 *            (a C library hands such a value to the program as a result)
 *   count    read, write, pread64 and pwrite64 answer 4096 bytes more
 *            than they were asked to move
 *   dirents  getdents64 answers a first record whose d_reclen is 0
 *   strings  getcwd fills its whole buffer without a terminating NUL
 *   flood    before each answer, notifies the event channel 20000 times
 *            for nothing (the slot is not done yet)
 *   epoll    epoll_wait answers its first event with data of its own
 *            making, 0x4141414141414141
 *   silent   never answers: the worker that ran the call waits forever
 *   replies  a process of the executor writes made-up replies to the
 *            companion without end (areas that do not exist, statuses
 *            from -5000 to 5000), which puts them on the control ring
 *   cmsg     recvmsg answers control data passing descriptor 0
 *            (SOL_SOCKET, SCM_RIGHTS)
 *   uname    uname answers six names without their ends
 *   sockopt  getsockopt answers a value length of 100000
 *
 * Offsets are used only after the call succeeded, so shadow_run_call has
 * checked them against the window.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "shadow.h"
#include "virtuos_calls.h"

enum hostile_mode {
	HONEST, STATUS, COUNT, DIRENTS, STRINGS, FLOOD, EPOLL, SILENT, REPLIES,
	CMSG, UNAME, SOCKOPT
};

#define FLOOD_NOTIFIES 20000

static enum hostile_mode hostile_mode = HONEST;

int shadow_hostile_set(const char *mode)
{
	static const char *const names[] = {
		[STATUS] = "status", [COUNT] = "count",
		[DIRENTS] = "dirents", [STRINGS] = "strings",
		[FLOOD] = "flood", [EPOLL] = "epoll", [SILENT] = "silent",
		[REPLIES] = "replies", [CMSG] = "cmsg", [UNAME] = "uname",
		[SOCKOPT] = "sockopt",
	};
	unsigned int i;

	for (i = STATUS; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(mode, names[i])) {
			hostile_mode = i;
			return 0;
		}
	return -EINVAL;
}

void shadow_hostile_start(int devfd)
{
	struct virtuos_ctrl_reply reply;
	unsigned int i;

	if (hostile_mode != REPLIES || fork())
		return;
	for (i = 0;; i++) {
		reply.area_id = 0x40000000u + i % 0x3fffffffu;
		reply.status = (int)(i * 2654435761u % 10001) - 5000;
		if (write(devfd, &reply, sizeof(reply)) != sizeof(reply))
			_exit(1);
	}
}

/* One control message passing descriptor 0, as a recvmsg answer. */
static void forge_rights(struct virtuos_msg *m)
{
	struct cmsghdr c = {
		.cmsg_len = CMSG_LEN(sizeof(int)),
		.cmsg_level = SOL_SOCKET,
		.cmsg_type = SCM_RIGHTS,
	};
	int fd = 0;

	memcpy(m->control, &c, sizeof(c));
	memcpy(m->control + sizeof(c), &fd, sizeof(fd));
	m->controllen = CMSG_SPACE(sizeof(int));
}

long shadow_hostile(char *base, long nr, const long *args, long ret)
{
	unsigned long long forged = 0x4141414141414141ULL;
	unsigned int big = 100000;
	unsigned short zero = 0;
	int i;

	switch (hostile_mode) {
	case HONEST:
	case REPLIES:
		break;
	case STATUS:
		return -5000;
	case COUNT:
		if (nr == SYS_read || nr == SYS_write || nr == SYS_pread64 ||
		    nr == SYS_pwrite64)
			return args[2] + 4096;
		break;
	case DIRENTS:
		if (nr == SYS_getdents64 && ret >= 24)
			memcpy(base + args[1] + 16, &zero, sizeof(zero));
		break;
	case STRINGS:
		if (nr == SYS_getcwd && ret > 0 && args[1] > 0) {
			memset(base + args[0], 'x', args[1]);
			return args[1];
		}
		break;
	case FLOOD:
		for (i = 0; i < FLOOD_NOTIFIES; i++)
			shadow_notify();
		break;
	case EPOLL:
		/* struct epoll_event: 4 bytes of events, then the data */
		if (nr == SYS_epoll_wait && ret > 0)
			memcpy(base + args[1] + 4, &forged, sizeof(forged));
		break;
	case SILENT:
		for (;;)	/* nanosleep: a call the shadow's filter admits */
			sleep(3600);
	case CMSG:
		if (nr == VIRTUOS_CALL_RECVMSG && ret >= 0)
			forge_rights((struct virtuos_msg *)(base + args[4]));
		break;
	case UNAME:
		if (nr == SYS_uname && ret == 0)
			memset(base + args[0], 'x', VIRTUOS_UTSNAME_SIZE);
		break;
	case SOCKOPT:
		if (nr == SYS_getsockopt && ret == 0)
			memcpy(base + args[4], &big, sizeof(big));
		break;
	}
	return ret;
}
