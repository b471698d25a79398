// SPDX-License-Identifier: GPL-2.0
/*
 * VirtuOS shadow: one process in the service domain per client process.
 *
 * It maps the client's area through /dev/xen/gntdev (the grant directory
 * first, then every page it lists), binds the area's event channel through
 * /dev/xen/evtchn, confines itself to the domain's export root, takes the
 * client's credentials as the primary's kernel sent them, and answers the
 * ATTACH. Worker threads then take SUBMITTED slots, run them and mark them
 * DONE, notifying the primary when the caller sleeps. Idle workers spin a
 * little, then sleep until the event channel fires; when every worker is
 * busy another one starts, so a blocking call never holds up the others.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

typedef uint16_t domid_t;
#include <xen/sys/evtchn.h>
#include <xen/sys/gntdev.h>

#include "shadow.h"

#define SPIN_ROUNDS	2000	/* empty scans before a worker sleeps */

static struct virtuos_area_ctl *ctl;
static char *user_base;		/* the client's offset 0 */
static int evtchn_fd;
static unsigned int local_port;
static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sleep_cond = PTHREAD_COND_INITIALIZER;
static unsigned long wake_gen;
static int busy;

static void fail(int devfd, unsigned int area_id, int err, const char *what)
{
	struct virtuos_ctrl_reply reply = { area_id, -err };

	fprintf(stderr, "virtuos-shadow[%u]: %s: %s\n", area_id, what,
		strerror(err));
	if (write(devfd, &reply, sizeof(reply)) != sizeof(reply))
		perror("virtuos-shadow: reply");
	_exit(1);
}

/* Maps @count grant references of domain @domid; returns the address. */
static void *map_grants(int gfd, domid_t domid, const uint32_t *refs,
			unsigned int count, uint64_t *index)
{
	struct ioctl_gntdev_map_grant_ref *map;
	void *addr;
	unsigned int i;

	map = calloc(1, sizeof(*map) + count * sizeof(map->refs[0]));
	if (!map)
		return MAP_FAILED;
	map->count = count;
	for (i = 0; i < count; i++) {
		map->refs[i].domid = domid;
		map->refs[i].ref = refs[i];
	}
	if (ioctl(gfd, IOCTL_GNTDEV_MAP_GRANT_REF, map)) {
		free(map);
		return MAP_FAILED;
	}
	*index = map->index;
	free(map);
	addr = mmap(NULL, (size_t)count * VIRTUOS_PAGE_SIZE,
		    PROT_READ | PROT_WRITE, MAP_SHARED, gfd, *index);
	return addr;
}

static void notify(void)
{
	struct ioctl_evtchn_notify n = { .port = local_port };

	ioctl(evtchn_fd, IOCTL_EVTCHN_NOTIFY, &n);
}

static int claim(void)
{
	int i;

	for (i = 0; i < VIRTUOS_AREA_SLOTS; i++) {
		uint32_t want = VIRTUOS_SLOT_SUBMITTED;

		if (__atomic_load_n(&ctl->slots[i].state, __ATOMIC_ACQUIRE) ==
		    want &&
		    __atomic_compare_exchange_n(&ctl->slots[i].state, &want,
						VIRTUOS_SLOT_RUNNING, 0,
						__ATOMIC_SEQ_CST,
						__ATOMIC_RELAXED))
			return i;
	}
	return -1;
}

static void *worker(void *unused);

static void start_worker(void)
{
	pthread_t t;
	pthread_attr_t attr;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	__atomic_add_fetch(&ctl->workers, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&ctl->workers_awake, 1, __ATOMIC_SEQ_CST);
	if (pthread_create(&t, &attr, worker, NULL)) {
		__atomic_sub_fetch(&ctl->workers, 1, __ATOMIC_SEQ_CST);
		__atomic_sub_fetch(&ctl->workers_awake, 1, __ATOMIC_SEQ_CST);
	}
	pthread_attr_destroy(&attr);
}

static void serve(int i)
{
	struct virtuos_slot *slot = &ctl->slots[i];
	long args[6];
	long nr;
	int j;

	if (__atomic_add_fetch(&busy, 1, __ATOMIC_SEQ_CST) ==
	    (int)__atomic_load_n(&ctl->workers, __ATOMIC_SEQ_CST) &&
	    ctl->workers < VIRTUOS_AREA_SLOTS)
		start_worker();
	/* A worker in a call is not awake for new requests: a caller finding
	 * no awake worker wakes a sleeping one, even if this call blocks. */
	__atomic_sub_fetch(&ctl->workers_awake, 1, __ATOMIC_SEQ_CST);
	nr = __atomic_load_n(&slot->nr, __ATOMIC_RELAXED);
	for (j = 0; j < 6; j++)
		args[j] = __atomic_load_n(&slot->args[j], __ATOMIC_RELAXED);
	slot->ret = shadow_run_call(user_base, VIRTUOS_MAP_SIZE, nr, args);
	__atomic_store_n(&slot->state, VIRTUOS_SLOT_DONE, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&slot->waiting, __ATOMIC_SEQ_CST))
		notify();
	__atomic_add_fetch(&ctl->workers_awake, 1, __ATOMIC_SEQ_CST);
	__atomic_sub_fetch(&busy, 1, __ATOMIC_SEQ_CST);
}

static void *worker(void *unused)
{
	int spins = 0, i;

	(void)unused;
	for (;;) {
		unsigned long gen;

		i = claim();
		if (i >= 0) {
			serve(i);
			spins = 0;
			continue;
		}
		if (++spins < SPIN_ROUNDS) {
			sched_yield();
			continue;
		}
		/* Sleep: announce it, then look once more (the caller
		 * publishes its slot before it reads workers_awake). */
		pthread_mutex_lock(&sleep_lock);
		gen = wake_gen;
		pthread_mutex_unlock(&sleep_lock);
		__atomic_sub_fetch(&ctl->workers_awake, 1, __ATOMIC_SEQ_CST);
		i = claim();
		if (i < 0) {
			pthread_mutex_lock(&sleep_lock);
			while (wake_gen == gen)
				pthread_cond_wait(&sleep_cond, &sleep_lock);
			pthread_mutex_unlock(&sleep_lock);
		}
		__atomic_add_fetch(&ctl->workers_awake, 1, __ATOMIC_SEQ_CST);
		if (i >= 0)
			serve(i);
		spins = 0;
	}
	return NULL;
}

/* Wakes the sleeping workers whenever the area's event channel fires. */
static void waker(void)
{
	unsigned int port;

	for (;;) {
		if (read(evtchn_fd, &port, sizeof(port)) != sizeof(port)) {
			if (errno == EINTR)
				continue;
			perror("virtuos-shadow: event channel");
			_exit(1);
		}
		if (write(evtchn_fd, &port, sizeof(port)) != sizeof(port))
			perror("virtuos-shadow: unmask");
		pthread_mutex_lock(&sleep_lock);
		wake_gen++;
		pthread_cond_broadcast(&sleep_cond);
		pthread_mutex_unlock(&sleep_lock);
	}
}

static void take_credentials(int devfd, const struct virtuos_ctrl_msg *msg)
{
	gid_t groups[VIRTUOS_MAX_GROUPS];
	unsigned int i;

	for (i = 0; i < msg->ngroups; i++)
		groups[i] = msg->groups[i];
	if (setgroups(msg->ngroups, groups))
		fail(devfd, msg->area_id, errno, "setgroups");
	if (setresgid(msg->gid[0], msg->gid[1], msg->gid[2]))
		fail(devfd, msg->area_id, errno, "setresgid");
	if (setresuid(msg->uid[0], msg->uid[1], msg->uid[2]))
		fail(devfd, msg->area_id, errno, "setresuid");
	umask(msg->umask & 0777);
}

void shadow_main(int devfd, const struct virtuos_executor_msg *m,
		 const char *root)
{
	const struct virtuos_ctrl_msg *msg = &m->msg;
	struct ioctl_evtchn_bind_interdomain bind;
	struct ioctl_gntdev_unmap_grant_ref unmap;
	struct virtuos_area_dir *dir;
	struct virtuos_ctrl_reply reply = { msg->area_id, 0 };
	uint32_t refs[VIRTUOS_AREA_PAGES];
	uint64_t dir_index, index;
	char *base;
	int gfd, r;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	gfd = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
	if (gfd < 0)
		fail(devfd, msg->area_id, errno, "/dev/xen/gntdev");
	dir = map_grants(gfd, m->primary, &msg->dir_ref, 1, &dir_index);
	if (dir == MAP_FAILED)
		fail(devfd, msg->area_id, errno, "mapping the grant directory");
	if (dir->magic != VIRTUOS_AREA_MAGIC || dir->area_id != msg->area_id ||
	    dir->nr_pages != VIRTUOS_AREA_PAGES)
		fail(devfd, msg->area_id, EPROTO, "grant directory");
	memcpy(refs, dir->refs, sizeof(refs));
	munmap(dir, VIRTUOS_PAGE_SIZE);
	unmap.index = dir_index;
	unmap.count = 1;
	ioctl(gfd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap);

	base = map_grants(gfd, m->primary, refs, VIRTUOS_AREA_PAGES, &index);
	if (base == MAP_FAILED)
		fail(devfd, msg->area_id, errno, "mapping the area");
	user_base = base + VIRTUOS_PAGE_SIZE;
	ctl = (struct virtuos_area_ctl *)user_base;
	if (ctl->magic != VIRTUOS_AREA_MAGIC)
		fail(devfd, msg->area_id, EPROTO, "area control page");

	evtchn_fd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
	if (evtchn_fd < 0)
		fail(devfd, msg->area_id, errno, "/dev/xen/evtchn");
	bind.remote_domain = m->primary;
	bind.remote_port = msg->port;
	r = ioctl(evtchn_fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &bind);
	if (r < 0)
		fail(devfd, msg->area_id, errno, "binding the event channel");
	local_port = r;

	if (chroot(root) || chdir("/"))
		fail(devfd, msg->area_id, errno, root);
	take_credentials(devfd, msg);

	if (write(devfd, &reply, sizeof(reply)) != sizeof(reply))
		_exit(1);
	close(devfd);
	__atomic_store_n(&ctl->workers, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&ctl->workers_awake, 0, __ATOMIC_SEQ_CST);
	start_worker();
	start_worker();
	waker();
	_exit(0);
}
