// SPDX-License-Identifier: GPL-2.0
/*
 * VirtuOS shadow: one process in the service domain per client process.
 *
 * It maps the client's area through /dev/xen/gntdev (the grant directory
 * first, then every page it lists), binds the area's event channel through
 * /dev/xen/evtchn, confines itself to the domain's export root, takes the
 * client's credentials as the primary's kernel sent them, and answers the
 * ATTACH. Worker threads then take SUBMITTED slots, run them and mark them
 * DONE, notifying the primary when the caller sleeps. One idle worker at a
 * time spins on the area's doorbell, without a system call, for up to
 * SPIN_NS; the others sleep until the event channel fires. When every
 * worker is busy another one starts, so a blocking call never holds up
 * the others.
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
#include <poll.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

typedef uint16_t domid_t;
#include <xen/sys/evtchn.h>
#include <xen/sys/gntdev.h>

#include "shadow.h"
#include "virtuos_calls.h"

#define SPIN_NS		20000000L	/* how long the idle worker spins */
#define SPIN_CHECK	4096		/* pause rounds between clock reads */

static struct virtuos_area_ctl *ctl;
static char *user_base;		/* the client's offset 0 */
static int evtchn_fd;
static unsigned int local_port;
static unsigned int served_area_id;
static int executor_chan = -1;	/* this shadow's channel to virtuos-shadowd */
static pid_t slot_tid[VIRTUOS_AREA_SLOTS];	/* worker running each slot */
static __thread pid_t worker_tid;
static struct virtuos_area_dir *area_dir;	/* page 0, the primary's */
static __thread uint32_t creds_seen = 1;	/* odd: none applied yet */
static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sleep_cond = PTHREAD_COND_INITIALIZER;
static unsigned long wake_gen;
static int busy;
static int spinner;		/* an idle worker is spinning */
static long nr_cpus = 1;	/* of this domain */
/* Worker threads; ctl->workers is a copy for the caller, who may write it. */
static int workers;

/*
 * System calls made by each worker and the waker, each thread writing only
 * its own counter (on its own cache line), summed when read.
 */
struct syscall_count {
	unsigned long n;
	char pad[56];
};

static struct syscall_count syscall_counts[VIRTUOS_AREA_SLOTS + 1];
static int syscall_counts_given;
static __thread struct syscall_count *my_syscall_count;

void shadow_count_syscalls(unsigned long n)
{
	struct syscall_count *c = my_syscall_count;

	if (!c) {
		int i = __atomic_fetch_add(&syscall_counts_given, 1,
					   __ATOMIC_RELAXED);

		if (i > VIRTUOS_AREA_SLOTS)	/* never: 16 workers, a waker */
			i = VIRTUOS_AREA_SLOTS;
		c = &syscall_counts[i];
		my_syscall_count = c;
	}
	__atomic_store_n(&c->n, c->n + n, __ATOMIC_RELAXED);
}

unsigned long shadow_syscalls(void)
{
	unsigned long sum = 0;
	int i;

	for (i = 0; i <= VIRTUOS_AREA_SLOTS; i++)
		sum += __atomic_load_n(&syscall_counts[i].n, __ATOMIC_RELAXED);
	return sum;
}

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

void shadow_notify(void)
{
	struct ioctl_evtchn_notify n = { .port = local_port };

	shadow_count_syscalls(1);
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

/* Whether a slot waits for a worker. */
static int slot_submitted(void)
{
	int i;

	for (i = 0; i < VIRTUOS_AREA_SLOTS; i++)
		if (__atomic_load_n(&ctl->slots[i].state, __ATOMIC_SEQ_CST) ==
		    VIRTUOS_SLOT_SUBMITTED)
			return 1;
	return 0;
}

/* Wakes every sleeping worker: the first to wake claims or spins. */
static void wake_sleepers(void)
{
	shadow_count_syscalls(1);	/* the futex wake */
	pthread_mutex_lock(&sleep_lock);
	wake_gen++;
	pthread_cond_broadcast(&sleep_cond);
	pthread_mutex_unlock(&sleep_lock);
}

static void *worker(void *unused);
static long shadow_fork(uint64_t token);

static void start_worker(void)
{
	pthread_t t;
	pthread_attr_t attr;

	if (__atomic_add_fetch(&workers, 1, __ATOMIC_SEQ_CST) >
	    VIRTUOS_AREA_SLOTS) {
		__atomic_sub_fetch(&workers, 1, __ATOMIC_SEQ_CST);
		return;
	}
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	__atomic_add_fetch(&ctl->workers_awake, 1, __ATOMIC_SEQ_CST);
	if (pthread_create(&t, &attr, worker, NULL)) {
		__atomic_sub_fetch(&workers, 1, __ATOMIC_SEQ_CST);
		__atomic_sub_fetch(&ctl->workers_awake, 1, __ATOMIC_SEQ_CST);
	}
	pthread_attr_destroy(&attr);
	__atomic_store_n(&ctl->workers, __atomic_load_n(&workers,
							__ATOMIC_SEQ_CST),
			 __ATOMIC_SEQ_CST);
}

static void serve(int i)
{
	struct virtuos_slot *slot = &ctl->slots[i];
	long args[6];
	long nr;
	int j;

	/* Every worker busy: start one more, up to one per slot. */
	if (__atomic_add_fetch(&busy, 1, __ATOMIC_SEQ_CST) ==
	    __atomic_load_n(&workers, __ATOMIC_SEQ_CST))
		start_worker();
	/*
	 * A worker in a call is not awake for new requests: a caller finding
	 * no awake worker wakes a sleeping one, even if this call blocks.
	 * A caller that submitted between our claim and this line saw us
	 * awake and rang no one: the last awake worker to leave looks for
	 * such a slot and wakes the sleepers for it.
	 */
	if (!__atomic_sub_fetch(&ctl->workers_awake, 1, __ATOMIC_SEQ_CST) &&
	    slot_submitted())
		wake_sleepers();
	/* The new image after an execve: its calls come after the close. */
	shadow_exec_follow(area_dir);
	nr = __atomic_load_n(&slot->nr, __ATOMIC_RELAXED);
	for (j = 0; j < 6; j++)
		args[j] = __atomic_load_n(&slot->args[j], __ATOMIC_RELAXED);
	if (nr == VIRTUOS_CALL_FORK) {
		slot->ret = shadow_fork((uint32_t)args[0] |
					(uint64_t)(uint32_t)args[1] << 32);
	} else if (nr == VIRTUOS_CALL_PROBE) {
		slot->ret = shadow_probe(slot, args[0], args[1]);
	} else {
		long r;

		if (!worker_tid) {	/* once per thread: a system call */
			worker_tid = gettid();
			shadow_count_syscalls(1);
		}
		__atomic_store_n(&slot_tid[i], worker_tid, __ATOMIC_SEQ_CST);
		/*
		 * Cancelled before it ran: it never starts, except a poll,
		 * which reports at once what is ready (its caller stopped
		 * waiting because something else was). A cancel from now on
		 * finds the slot RUNNING and the waker signals this thread
		 * until the call ends, a poll then looking once more.
		 * EINTR without a cancel: a late signal meant for the call
		 * this worker ran before; nothing was done, run it again.
		 */
		r = shadow_creds_follow(&area_dir->creds, &creds_seen);
		if (!r)
			r = -EINTR;
		while (r == -EINTR) {
			if (__atomic_load_n(&slot->cancel, __ATOMIC_SEQ_CST)) {
				if (nr != SYS_poll || !args[2])
					break;
				args[2] = 0;
			}
			r = shadow_run_call(user_base, VIRTUOS_MAP_SIZE, nr,
					    args);
			shadow_count_syscalls(1);
		}
		__atomic_store_n(&slot_tid[i], 0, __ATOMIC_SEQ_CST);
		slot->ret = shadow_hostile(user_base, nr, args, r);
	}
	__atomic_store_n(&slot->state, VIRTUOS_SLOT_DONE, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&slot->waiting, __ATOMIC_SEQ_CST))
		shadow_notify();
	__atomic_add_fetch(&ctl->workers_awake, 1, __ATOMIC_SEQ_CST);
	__atomic_sub_fetch(&busy, 1, __ATOMIC_SEQ_CST);
}

static long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000L + t.tv_nsec;
}

/*
 * The spinning worker: watches the doorbell for up to SPIN_NS and claims
 * what it announces. When as many workers run calls as the domain has
 * CPUs, it yields between rounds so that they keep their CPU. Returns a
 * claimed slot, or -1.
 */
static int spin_for_request(void)
{
	uint32_t seen = __atomic_load_n(&ctl->doorbell, __ATOMIC_ACQUIRE);
	long start = 0, n;
	int i;

	for (;;) {
		for (n = 0; n < SPIN_CHECK; n++) {
			uint32_t bell = __atomic_load_n(&ctl->doorbell,
							__ATOMIC_ACQUIRE);

			if (bell != seen) {
				seen = bell;
				i = claim();
				if (i >= 0)
					return i;
			}
			__asm__ __volatile__("pause" ::: "memory");
		}
		/* The doorbell is a hint: a slot may be there without it. */
		i = claim();
		if (i >= 0)
			return i;
		if (__atomic_load_n(&busy, __ATOMIC_RELAXED) >= nr_cpus) {
			shadow_count_syscalls(1);
			sched_yield();
		}
		if (!start)
			start = now_ns();
		else if (now_ns() - start > SPIN_NS)
			return -1;
	}
}

static void *worker(void *unused)
{
	int i;

	(void)unused;
	for (;;) {
		unsigned long gen;

		i = claim();
		if (i >= 0) {
			serve(i);
			continue;
		}
		/* One idle worker spins; the others sleep. */
		if (!__atomic_exchange_n(&spinner, 1, __ATOMIC_SEQ_CST)) {
			i = spin_for_request();
			__atomic_store_n(&spinner, 0, __ATOMIC_SEQ_CST);
			if (i >= 0) {
				serve(i);
				continue;
			}
		}
		/* Sleep: announce it, then look once more (the caller
		 * publishes its slot before it reads workers_awake). */
		pthread_mutex_lock(&sleep_lock);
		gen = wake_gen;
		pthread_mutex_unlock(&sleep_lock);
		__atomic_sub_fetch(&ctl->workers_awake, 1, __ATOMIC_SEQ_CST);
		i = claim();
		if (i < 0) {
			shadow_count_syscalls(1);	/* the futex wait */
			pthread_mutex_lock(&sleep_lock);
			while (wake_gen == gen)
				pthread_cond_wait(&sleep_cond, &sleep_lock);
			pthread_mutex_unlock(&sleep_lock);
		}
		__atomic_add_fetch(&ctl->workers_awake, 1, __ATOMIC_SEQ_CST);
		if (i >= 0)
			serve(i);
	}
	return NULL;
}

/*
 * Interrupts, with SIGUSR1 (handled, without SA_RESTART), the workers
 * running calls whose caller asked to cancel them. Returns whether any is
 * still running, so the waker sends again until the call ends: a signal
 * may arrive before the worker blocks.
 */
static int interrupt_cancelled(void)
{
	int i, pending = 0;
	pid_t tid;

	for (i = 0; i < VIRTUOS_AREA_SLOTS; i++) {
		struct virtuos_slot *slot = &ctl->slots[i];

		if (!__atomic_load_n(&slot->cancel, __ATOMIC_SEQ_CST) ||
		    __atomic_load_n(&slot->state, __ATOMIC_SEQ_CST) !=
		    VIRTUOS_SLOT_RUNNING)
			continue;
		tid = __atomic_load_n(&slot_tid[i], __ATOMIC_SEQ_CST);
		if (tid)
			tgkill(getpid(), tid, SIGUSR1);
		pending = 1;
	}
	return pending;
}

static void on_interrupt(int sig)
{
	(void)sig;
}

/*
 * Wakes the sleeping workers whenever the area's event channel fires,
 * closes the close-on-exec descriptors when the client has exec'd (a new
 * image may never call), and interrupts cancelled calls (every 20 ms while
 * one runs).
 */
static void waker(void)
{
	struct sigaction sa = { .sa_handler = on_interrupt };
	struct pollfd p = { .fd = evtchn_fd, .events = POLLIN };
	unsigned int port;
	int pending = 0;

	sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART */
	for (;;) {
		shadow_count_syscalls(1);
		if (poll(&p, 1, pending ? 20 : -1) == 0) {
			pending = interrupt_cancelled();
			continue;
		}
		if (read(evtchn_fd, &port, sizeof(port)) != sizeof(port)) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			perror("virtuos-shadow: event channel");
			_exit(1);
		}
		if (write(evtchn_fd, &port, sizeof(port)) != sizeof(port))
			perror("virtuos-shadow: unmask");
		shadow_count_syscalls(2);	/* read, write */
		shadow_exec_follow(area_dir);
		wake_sleepers();
		pending = interrupt_cancelled();
	}
}

static void take_credentials(int devfd, const struct virtuos_ctrl_msg *msg)
{
	long r = shadow_creds_take(&msg->creds);

	if (r)
		fail(devfd, msg->area_id, -r, "credentials");
	umask(msg->umask & 0777);
}

/*
 * Maps the area of @m through @gfd and binds its event channel on @efd.
 * Returns 0, or an errno with *@what saying which step failed.
 */
static int attach_area(const struct virtuos_executor_msg *m, int gfd, int efd,
		       const char **what)
{
	const struct virtuos_ctrl_msg *msg = &m->msg;
	struct ioctl_evtchn_bind_interdomain bind;
	struct ioctl_gntdev_unmap_grant_ref unmap;
	struct virtuos_area_dir *dir;
	uint32_t refs[VIRTUOS_AREA_PAGES];
	uint64_t dir_index, index;
	char *base;
	int r;

	*what = "mapping the grant directory";
	dir = map_grants(gfd, m->primary, &msg->dir_ref, 1, &dir_index);
	if (dir == MAP_FAILED)
		return errno;
	*what = "grant directory";
	if (dir->magic != VIRTUOS_AREA_MAGIC || dir->area_id != msg->area_id ||
	    dir->nr_pages != VIRTUOS_AREA_PAGES)
		return EPROTO;
	memcpy(refs, dir->refs, sizeof(refs));
	munmap(dir, VIRTUOS_PAGE_SIZE);
	unmap.index = dir_index;
	unmap.count = 1;
	ioctl(gfd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap);

	*what = "mapping the area";
	base = map_grants(gfd, m->primary, refs, VIRTUOS_AREA_PAGES, &index);
	if (base == MAP_FAILED)
		return errno;
	area_dir = (struct virtuos_area_dir *)base;
	user_base = base + VIRTUOS_PAGE_SIZE;
	ctl = (struct virtuos_area_ctl *)user_base;
	*what = "area control page";
	if (ctl->magic != VIRTUOS_AREA_MAGIC)
		return EPROTO;
	/* Which call table this shadow checks requests by: the library
	 * refuses to use a domain built from another. */
	__atomic_store_n(&ctl->calls_hash, virtuos_calls_hash(), __ATOMIC_RELEASE);

	*what = "binding the event channel";
	bind.remote_domain = m->primary;
	bind.remote_port = msg->port;
	r = ioctl(efd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &bind);
	if (r < 0)
		return errno;
	local_port = r;
	evtchn_fd = efd;
	served_area_id = msg->area_id;
	shadow_exec_start(area_dir, gfd, efd);
	return 0;
}

/* Starts the workers on the mapped area and serves it. Never returns. */
static void serve_area(void)
{
	nr_cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (nr_cpus < 1)
		nr_cpus = 1;
	if (shadow_seccomp(shadow_roles)) {
		fprintf(stderr, "virtuos-shadow[%u]: cannot install the seccomp filter\n",
			served_area_id);
		_exit(1);
	}
	__atomic_store_n(&ctl->workers, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&ctl->workers_awake, 0, __ATOMIC_SEQ_CST);
	start_worker();
	start_worker();
	waker();
	_exit(0);
}

void shadow_main(int devfd, const struct virtuos_executor_msg *m,
		 const char *root, int chan)
{
	const struct virtuos_ctrl_msg *msg = &m->msg;
	struct virtuos_ctrl_reply reply = { msg->area_id, 0 };
	const char *what;
	int gfd, efd, err;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	signal(SIGCHLD, SIG_IGN);	/* forked child shadows reap themselves */
	executor_chan = chan;
	gfd = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
	if (gfd < 0)
		fail(devfd, msg->area_id, errno, "/dev/xen/gntdev");
	efd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
	if (efd < 0)
		fail(devfd, msg->area_id, errno, "/dev/xen/evtchn");
	err = attach_area(m, gfd, efd, &what);
	if (err)
		fail(devfd, msg->area_id, err, what);

	if (chroot(root) || chdir("/"))
		fail(devfd, msg->area_id, errno, root);
	take_credentials(devfd, msg);

	if (write(devfd, &reply, sizeof(reply)) != sizeof(reply))
		_exit(1);
	close(devfd);
	serve_area();
}

/*
 * The child shadow of a fork: a copy of this shadow (its descriptors, so
 * the open files are shared as between a forked parent and child, its
 * working directory, umask and credentials), with only the thread that
 * forked. It waits on @chan, one end of a socket pair whose other end
 * its parent sent virtuos-shadowd over its own channel, for the ATTACH of
 * the child process's area with fresh gntdev and evtchn descriptors (this
 * one may no longer open them), answers with its status and serves;
 * @chan is then its own channel to virtuos-shadowd.
 */
static void forked_child(int chan)
{
	char cbuf[CMSG_SPACE(2 * sizeof(int))];
	struct virtuos_executor_msg m;
	struct iovec iov = { &m, sizeof(m) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf,
			     .msg_controllen = sizeof(cbuf) };
	struct pollfd p = { .fd = chan, .events = POLLIN };
	struct cmsghdr *c;
	int fds[2] = { -1, -1 }, status, answer[2];
	const char *what;

	/* Until a child process takes it, it goes with the parent shadow. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		_exit(0);
	pthread_mutex_init(&sleep_lock, NULL);
	pthread_cond_init(&sleep_cond, NULL);
	busy = 0;
	spinner = 0;
	workers = 0;
	memset(slot_tid, 0, sizeof(slot_tid));
	wake_gen = 0;
	ctl = NULL;
	memset(syscall_counts, 0, sizeof(syscall_counts));
	syscall_counts_given = 0;
	my_syscall_count = NULL;
	shadow_stage_forget();
	close(evtchn_fd);	/* the parent shadow's: shared, not ours */
	close(executor_chan);	/* the parent's channel */
	executor_chan = chan;
	if (poll(&p, 1, VIRTUOS_FORK_TIMEOUT_S * 1000) != 1 ||
	    recvmsg(chan, &mh, MSG_CMSG_CLOEXEC) != sizeof(m))
		_exit(0);	/* the child process never came */
	c = CMSG_FIRSTHDR(&mh);
	if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
	    c->cmsg_len == CMSG_LEN(2 * sizeof(int)))
		memcpy(fds, CMSG_DATA(c), sizeof(fds));
	status = fds[1] < 0 ? -EBADF : -attach_area(&m, fds[0], fds[1], &what);
	creds_seen = 1;	/* the child's area: apply its credentials */
	if (status)
		fprintf(stderr, "virtuos-shadow[%u]: forked: %s: %s\n",
			m.msg.area_id, what, strerror(-status));
	answer[0] = status;
	answer[1] = getpid();
	if (write(chan, answer, sizeof(answer)) != sizeof(answer) || status)
		_exit(1);
	prctl(PR_SET_PDEATHSIG, 0);	/* the child process may outlive ours */
	serve_area();
}

/*
 * VIRTUOS_CALL_FORK: forks a child shadow for a fork of the client that
 * will attach with @token, and sends virtuos-shadowd, over this shadow's
 * own channel, the token, the child's pid and one end of a socket pair
 * whose other end the child waits on. Nothing is named: no other process
 * of the domain can come between.
 */
static long shadow_fork(uint64_t token)
{
	struct virtuos_fork_offer offer = { .token = token };
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &offer, sizeof(offer) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf,
			     .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;
	int pair[2], i;
	long r = 0;
	pid_t pid;

	/* Only for a token the primary gave out (page 0, not the client's). */
	for (i = 0; i < VIRTUOS_FORK_PENDING; i++)
		if (token && __atomic_load_n(&area_dir->fork_tokens[i],
					     __ATOMIC_ACQUIRE) == token)
			break;
	if (i == VIRTUOS_FORK_PENDING)
		return -EPERM;
	if (executor_chan < 0)
		return -EAGAIN;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair))
		return -errno;
	pid = fork();
	if (pid == 0) {
		close(pair[0]);
		forked_child(pair[1]);
	}
	close(pair[1]);
	if (pid < 0) {
		close(pair[0]);
		return -EAGAIN;
	}
	offer.pid = pid;
	memset(cbuf, 0, sizeof(cbuf));
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &pair[0], sizeof(int));
	/* A channel virtuos-shadowd does not empty: no fork, not a wait. */
	if (sendmsg(executor_chan, &mh, MSG_DONTWAIT | MSG_NOSIGNAL) !=
	    sizeof(offer)) {
		r = -EAGAIN;
		kill(pid, SIGKILL);
	}
	close(pair[0]);
	return r;
}
