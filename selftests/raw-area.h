/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A client that speaks to its shadow without the library: it attaches a
 * /dev/virtuos descriptor itself, maps the area and fills request slots by
 * hand, so a test can write into the shared area what a hostile process
 * could. One call at a time, in slot 0.
 */
#ifndef VIRTUOS_RAW_AREA_H
#define VIRTUOS_RAW_AREA_H

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "virtuos_protocol.h"

struct raw_area {
	int fd;
	struct virtuos_area_ctl *ctl;
};

/* 0, or the errno of the step that failed. */
static inline int raw_attach(struct raw_area *a, const char *domain)
{
	struct virtuos_attach at;
	void *map;

	memset(&at, 0, sizeof(at));
	strncpy(at.name, domain, VIRTUOS_NAME_MAX);
	a->fd = open(VIRTUOS_DEVICE, O_RDWR | O_CLOEXEC);
	if (a->fd < 0 || ioctl(a->fd, VIRTUOS_IOC_ATTACH, &at))
		return errno;
	map = mmap(NULL, VIRTUOS_MAP_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		   a->fd, 0);
	if (map == MAP_FAILED)
		return errno;
	a->ctl = map;
	return 0;
}

/* Runs call @nr with four arguments in slot 0 and returns what the
 * shadow answered. */
static inline long raw_call4(struct raw_area *a, long nr, long a0, long a1,
			     long a2, long a3)
{
	struct virtuos_slot *slot = &a->ctl->slots[0];
	int i;

	slot->nr = nr;
	slot->args[0] = a0;
	slot->args[1] = a1;
	slot->args[2] = a2;
	slot->args[3] = a3;
	for (i = 4; i < 6; i++)
		slot->args[i] = 0;
	slot->waiting = 1;
	slot->cancel = 0;
	__atomic_store_n(&slot->state, VIRTUOS_SLOT_SUBMITTED,
			 __ATOMIC_SEQ_CST);
	ioctl(a->fd, VIRTUOS_IOC_WAKE, 0);
	while (__atomic_load_n(&slot->state, __ATOMIC_SEQ_CST) !=
	       VIRTUOS_SLOT_DONE)
		if (ioctl(a->fd, VIRTUOS_IOC_WAIT, 0) && errno != EINTR)
			return -EIO;
	__atomic_store_n(&slot->state, VIRTUOS_SLOT_FREE, __ATOMIC_SEQ_CST);
	return slot->ret;
}

/* raw_call4 with three arguments. */
static inline long raw_call(struct raw_area *a, long nr, long a0, long a1,
			    long a2)
{
	return raw_call4(a, nr, a0, a1, a2, 0);
}

#endif
