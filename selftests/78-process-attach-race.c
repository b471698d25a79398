// SPDX-License-Identifier: GPL-2.0
/*
 * An area belongs to one descriptor: two threads that send ATTACH on the
 * same /dev/virtuos descriptor at once get one area between them (the
 * other gets EBUSY), and closing the descriptor gives back every page the
 * primary granted. Before, both attached and the first area (its grants,
 * its event channel and its shadow) was lost for good.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "granted-pages.h"
#include "tap.h"
#include "virtuos_protocol.h"

#define ROUNDS 20

struct racer {
	int fd;
	long result;	/* 0, or the errno */
};

static pthread_barrier_t start;

static void *attach(void *arg)
{
	struct racer *r = arg;
	struct virtuos_attach at;

	memset(&at, 0, sizeof(at));
	strcpy(at.name, "storage");
	pthread_barrier_wait(&start);
	r->result = ioctl(r->fd, VIRTUOS_IOC_ATTACH, &at) ? errno : 0;
	return NULL;
}


/* Waits up to 30 s for the granted pages to come back to @want. */
static long settle(long want)
{
	long n = granted_pages();
	int i;

	for (i = 0; i < 300 && n != want; i++) {
		usleep(100000);
		n = granted_pages();
	}
	return n;
}

int main(void)
{
	struct racer a, b;
	pthread_t ta, tb;
	int i, one = 0, both = 0, none = 0, busy = 0;
	long before, after;

	tap_plan(4);
	before = granted_pages();
	tap_ok(before >= 2, "the primary has granted its control pages (%ld)", before);
	pthread_barrier_init(&start, NULL, 2);
	for (i = 0; i < ROUNDS; i++) {
		a.fd = b.fd = open(VIRTUOS_DEVICE, O_RDWR | O_CLOEXEC);
		if (a.fd < 0)
			break;
		pthread_create(&ta, NULL, attach, &a);
		pthread_create(&tb, NULL, attach, &b);
		pthread_join(ta, NULL);
		pthread_join(tb, NULL);
		if (!a.result && !b.result)
			both++;
		else if (!a.result || !b.result)
			one++;
		else
			none++;
		if (a.result == EBUSY || b.result == EBUSY)
			busy++;
		close(a.fd);
	}
	tap_ok(i == ROUNDS && one == ROUNDS,
	       "%d rounds of two threads attaching one descriptor: one attached each time (one %d, both %d, none %d)",
	       ROUNDS, one, both, none);
	tap_ok(busy == ROUNDS, "the other got EBUSY (%d of %d)", busy, ROUNDS);
	after = settle(before);
	tap_ok(after == before,
	       "after close, the granted pages are back to %ld (%ld)", before, after);
	return tap_finish();
}
