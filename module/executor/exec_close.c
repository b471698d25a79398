// SPDX-License-Identifier: GPL-2.0
/*
 * Close-on-exec for remote descriptors, whatever image the client runs
 * next. Before execve the client's library names the descriptors it marked
 * close-on-exec (VIRTUOS_CALL_EXEC_CLOSE); the primary's module moves page
 * 0's exec_seq when the exec passes its point of no return and kicks the
 * event channel. The shadow then closes the named descriptors, before it
 * serves any later call of the new image. A new image that is not linked
 * with musl-virtuos never makes a call, so the waker looks too.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "shadow.h"

static pthread_mutex_t exec_lock = PTHREAD_MUTEX_INITIALIZER;
static int exec_fds[VIRTUOS_EXEC_CLOSE_MAX];	/* under exec_lock */
static int exec_new[VIRTUOS_EXEC_CLOSE_MAX];	/* under exec_lock */
static int exec_nr;				/* under exec_lock */
static uint32_t exec_seen;	/* exec_seq last acted on */
static int own_fds[2] = { -1, -1 };	/* gntdev, evtchn: never closed */

void shadow_exec_start(const struct virtuos_area_dir *dir, int gntdev_fd,
		       int evtchn_fd)
{
	pthread_mutex_init(&exec_lock, NULL);	/* after a fork too */
	exec_nr = 0;
	own_fds[0] = gntdev_fd;
	own_fds[1] = evtchn_fd;
	__atomic_store_n(&exec_seen,
			 __atomic_load_n(&dir->exec_seq, __ATOMIC_ACQUIRE),
			 __ATOMIC_RELEASE);
}

long shadow_exec_close_set(const int *fds, long bytes)
{
	long i, n;

	if (bytes < 0 || bytes % sizeof(int) ||
	    bytes > (long)sizeof(exec_fds))
		return -EINVAL;
	n = bytes / sizeof(int);
	/* Checked in a copy: the client may change the window meanwhile. */
	pthread_mutex_lock(&exec_lock);
	memcpy(exec_new, fds, bytes);
	for (i = 0; i < n; i++)
		if (exec_new[i] < 0 || exec_new[i] == own_fds[0] ||
		    exec_new[i] == own_fds[1])
			break;
	if (i == n) {
		memcpy(exec_fds, exec_new, bytes);
		exec_nr = n;
	}
	pthread_mutex_unlock(&exec_lock);
	return i == n ? 0 : -EBADF;
}

void shadow_exec_follow(const struct virtuos_area_dir *dir)
{
	uint32_t seq = __atomic_load_n(&dir->exec_seq, __ATOMIC_ACQUIRE);
	int i;

	if (seq == __atomic_load_n(&exec_seen, __ATOMIC_ACQUIRE))
		return;
	pthread_mutex_lock(&exec_lock);
	if (seq != exec_seen) {
		for (i = 0; i < exec_nr; i++)
			close(exec_fds[i]);
		shadow_count_syscalls(exec_nr);
		exec_nr = 0;
		__atomic_store_n(&exec_seen, seq, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&exec_lock);
}
