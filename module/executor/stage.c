// SPDX-License-Identifier: GPL-2.0
/*
 * Staged appends (VIRTUOS_CALL_STAGE, VIRTUOS_CALL_STAGED_WRITE): an
 * O_APPEND write too large for the slots' windows arrives in pieces,
 * each copied into a buffer of the shadow under the client's key, and is
 * then written with one write, so it lands at the end of the file in one
 * piece whatever other appenders do, as natively.
 *
 * What the shadows of one executor stage together is bounded
 * (STAGE_BUDGET): a ledger in memory the executor shares with every
 * shadow (it is mapped before the first fork) holds, per shadow, the bytes
 * it staged. A shadow adds to it before it grows a buffer and takes its
 * share off when the write is done or dropped; the executor takes off the
 * share of a shadow that ended (killed, or died) whatever it was doing.
 * So one client's large appends cannot use up the domain's memory, and
 * past the budget a client gets EAGAIN (and writes in pieces).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "shadow.h"

#define STAGE_BUDGET	(64L << 20)	/* all shadows of the executor */
#define STAGE_GRAIN	(1L << 20)	/* a buffer grows by this much */
#define LEDGER_ENTRIES	255

/* In memory shared by the executor and every shadow. */
struct stage_ledger {
	long total;			/* sum of the entries' bytes */
	struct {
		pid_t pid;		/* 0: free */
		long bytes;
	} entry[LEDGER_ENTRIES];
};

struct staging {
	long key;
	int used;
	char *buf;
	long len, cap;
};

static struct stage_ledger *ledger;
static int my_entry = -1;		/* this shadow's, or -1 */
static long my_bytes;			/* what it holds in the ledger */
static struct staging staged[VIRTUOS_STAGE_KEYS];
static pthread_mutex_t stage_lock = PTHREAD_MUTEX_INITIALIZER;

int shadow_stage_init(void)
{
	void *p = mmap(NULL, sizeof(*ledger), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -errno;
	ledger = p;
	return 0;
}

/* Adds @bytes (negative: takes off) to this shadow's share; under lock. */
static int ledger_add(long bytes)
{
	long total;
	int i;

	if (!ledger)
		return -EAGAIN;
	if (my_entry < 0) {
		for (i = 0; i < LEDGER_ENTRIES && my_entry < 0; i++) {
			pid_t free_pid = 0;

			if (__atomic_compare_exchange_n(&ledger->entry[i].pid,
							&free_pid, getpid(), 0,
							__ATOMIC_ACQ_REL,
							__ATOMIC_RELAXED))
				my_entry = i;
		}
		if (my_entry < 0)
			return -EAGAIN;
	}
	total = __atomic_load_n(&ledger->total, __ATOMIC_ACQUIRE);
	do {
		if (bytes > 0 && total + bytes > STAGE_BUDGET)
			return -EAGAIN;
	} while (!__atomic_compare_exchange_n(&ledger->total, &total,
					      total + bytes, 0,
					      __ATOMIC_ACQ_REL,
					      __ATOMIC_ACQUIRE));
	my_bytes += bytes;
	__atomic_store_n(&ledger->entry[my_entry].bytes, my_bytes,
			 __ATOMIC_RELEASE);
	if (!my_bytes) {
		__atomic_store_n(&ledger->entry[my_entry].pid, 0,
				 __ATOMIC_RELEASE);
		my_entry = -1;
	}
	return 0;
}

/* Frees a staging and its share; under lock. */
static void drop(struct staging *s)
{
	free(s->buf);
	if (s->cap)
		ledger_add(-s->cap);
	memset(s, 0, sizeof(*s));
}

long shadow_stage(long key, const char *data, long len, long pos)
{
	struct staging *s = NULL, *free_one = NULL;
	long r = len, cap;
	char *buf;
	int i;

	if (len < 0 || pos < 0 || pos > VIRTUOS_STAGE_MAX ||
	    len > VIRTUOS_STAGE_MAX - pos)
		return -EFBIG;
	pthread_mutex_lock(&stage_lock);
	for (i = 0; i < VIRTUOS_STAGE_KEYS; i++) {
		if (staged[i].used && staged[i].key == key)
			s = &staged[i];
		else if (!staged[i].used && !free_one)
			free_one = &staged[i];
	}
	if (s && (pos == 0 || pos != s->len)) {
		drop(s);	/* starting again, or a piece out of order */
		free_one = s;
		s = NULL;
	}
	if (!s && pos) {
		r = -EINVAL;
		goto out;
	}
	if (!s && !len)
		goto out;	/* nothing staged, nothing to stage */
	if (!s) {
		if (!free_one) {
			r = -EBUSY;
			goto out;
		}
		s = free_one;
		s->used = 1;
		s->key = key;
	}
	if (s->len + len > s->cap) {
		cap = (s->len + len + STAGE_GRAIN - 1) / STAGE_GRAIN * STAGE_GRAIN;
		r = ledger_add(cap - s->cap);
		if (r) {
			drop(s);
			goto out;
		}
		buf = realloc(s->buf, cap);
		if (!buf) {
			ledger_add(-(cap - s->cap));
			drop(s);
			r = -ENOMEM;
			goto out;
		}
		s->buf = buf;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, data, len);
	s->len += len;
	r = len;
out:
	pthread_mutex_unlock(&stage_lock);
	return r;
}

long shadow_staged_write(int fd, long key, long len)
{
	struct staging s = { 0 };
	long r;
	int i;

	pthread_mutex_lock(&stage_lock);
	for (i = 0; i < VIRTUOS_STAGE_KEYS; i++)
		if (staged[i].used && staged[i].key == key) {
			s = staged[i];
			memset(&staged[i], 0, sizeof(staged[i]));
			break;
		}
	pthread_mutex_unlock(&stage_lock);
	if (!s.used)
		return -EINVAL;
	if (s.len != len) {
		r = -EINVAL;
	} else {
		r = write(fd, s.buf, len);
		if (r < 0)
			r = -errno;
	}
	pthread_mutex_lock(&stage_lock);
	drop(&s);
	pthread_mutex_unlock(&stage_lock);
	return r;
}

void shadow_stage_forget(void)
{
	int i;

	/* A forked child: the copies are its own, the shares its parent's. */
	for (i = 0; i < VIRTUOS_STAGE_KEYS; i++)
		free(staged[i].buf);
	memset(staged, 0, sizeof(staged));
	my_entry = -1;
	my_bytes = 0;
	pthread_mutex_init(&stage_lock, NULL);
}

void shadow_stage_ended(pid_t pid)
{
	long bytes;
	int i;

	if (!ledger)
		return;
	for (i = 0; i < LEDGER_ENTRIES; i++) {
		if (__atomic_load_n(&ledger->entry[i].pid, __ATOMIC_ACQUIRE) != pid)
			continue;
		bytes = __atomic_exchange_n(&ledger->entry[i].bytes, 0,
					    __ATOMIC_ACQ_REL);
		__atomic_fetch_sub(&ledger->total, bytes, __ATOMIC_ACQ_REL);
		__atomic_store_n(&ledger->entry[i].pid, 0, __ATOMIC_RELEASE);
	}
}
