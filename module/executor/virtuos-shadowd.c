// SPDX-License-Identifier: GPL-2.0
/*
 * virtuos-shadowd: the shadow executor of a VirtuOS service domain.
 *
 *   virtuos-shadowd [--root DIR] [--role storage|network]
 *
 * It holds /dev/virtuos_sd (the companion shows "executor running") and
 * reads the primary's messages from it: for each ATTACH it forks a shadow
 * (shadow.c) that serves that client process with its credentials, inside
 * DIR (default /), the part of this domain's file system clients see,
 * running only the calls of its role (default: both roles' calls); a
 * DETACH ends that shadow, a RESET (the primary went away) ends them all.
 * Once a shadow is gone (its descriptors closed, its locks released) the
 * primary hears of it, whatever ended it: a DETACH waits for that word.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "shadow.h"

#define MAX_SHADOWS 4096
#define MAX_WATCHED 256	/* killed shadows watched through a pidfd */
#define HAND_OFF_TIMEOUT_S 5	/* per step of a fork hand-off */

static struct {
	unsigned int area_id;
	pid_t pid;
	int ended;	/* killed on the primary's word */
	int forked;	/* forked by another shadow: not our child */
	int pidfd;	/* a killed forked shadow, until it is gone; or -1 */
	int chan;	/* our end of its private channel, or -1 */
} shadows[MAX_SHADOWS];

/*
 * Fork offers read from a shadow's channel before their ATTACH came: at
 * most a few per shadow are pending (the primary gives out at most
 * VIRTUOS_FORK_PENDING tokens per area), so a small table does.
 */
#define MAX_OFFERS 64
static struct {
	int shadow;	/* index in shadows[], or -1: free */
	struct virtuos_fork_offer offer;
	int fd;		/* the child shadow's socket */
	time_t when;
} offers[MAX_OFFERS];
static int watched;	/* shadows with a pidfd */
/* The file limit shadows get: the executor's own, before it raised it. */
static struct rlimit shadow_file_limit;
static sigset_t shadow_mask;	/* the signal mask shadows start with */

static volatile sig_atomic_t stopping;

static void on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

static void on_child(int sig)
{
	(void)sig;
}

static void drop_offer(int k)
{
	close(offers[k].fd);
	offers[k].shadow = -1;
}

/*
 * Shadow @i is gone, and with it its descriptors and locks. Tell the
 * primary: one that ended by itself leaves its process's calls unanswered
 * (the area turns dead and fails them with EIO); for one it asked to end,
 * the primary's close waits for this, so that everything the process held
 * is released when its exit is reported.
 */
static void shadow_gone(int devfd, int i)
{
	struct virtuos_ctrl_reply reply;
	int k;

	shadow_stage_ended(shadows[i].pid);
	shadows[i].pid = 0;
	if (shadows[i].chan >= 0) {
		close(shadows[i].chan);
		shadows[i].chan = -1;
	}
	for (k = 0; k < MAX_OFFERS; k++)
		if (offers[k].shadow == i)
			drop_offer(k);
	if (shadows[i].pidfd >= 0) {
		close(shadows[i].pidfd);
		shadows[i].pidfd = -1;
		watched--;
	}
	reply.area_id = shadows[i].area_id;
	reply.status = -EPIPE;
	if (write(devfd, &reply, sizeof(reply)) != sizeof(reply))
		perror("virtuos-shadowd: reporting a dead shadow");
}

/* Reaps ended shadows: our children, and forked ones not watched. */
static void reap(int devfd)
{
	pid_t pid;
	int i;

	/* Forked shadows are not our children: look whether they still are. */
	for (i = 0; i < MAX_SHADOWS; i++)
		if (shadows[i].forked && shadows[i].pid &&
		    shadows[i].pidfd < 0 &&
		    kill(shadows[i].pid, 0) && errno == ESRCH)
			shadow_gone(devfd, i);
	while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
		for (i = 0; i < MAX_SHADOWS; i++)
			if (shadows[i].pid == pid && !shadows[i].forked)
				shadow_gone(devfd, i);
}

/*
 * Kills the shadow of @area_id (every shadow for 0). Our children are
 * reaped on SIGCHLD; a forked one is watched through a pidfd, which turns
 * readable once it has exited.
 */
static void end_shadow(int devfd, unsigned int area_id)
{
	int i;

	for (i = 0; i < MAX_SHADOWS; i++) {
		if (!shadows[i].pid || (area_id && shadows[i].area_id != area_id))
			continue;
		shadows[i].ended = 1;
		if (shadows[i].forked && shadows[i].pidfd < 0 &&
		    watched < MAX_WATCHED) {
			shadows[i].pidfd = syscall(SYS_pidfd_open,
						   shadows[i].pid, 0);
			if (shadows[i].pidfd >= 0)
				watched++;
		}
		kill(shadows[i].pid, SIGKILL);
		/* Not watched: say it is gone now rather than never. */
		if (shadows[i].forked && shadows[i].pidfd < 0)
			shadow_gone(devfd, i);
	}
}

/*
 * Waits until the device has a message (1), or something else happened:
 * a signal, a watched shadow gone (0).
 */
static int wait_for_work(int devfd, const sigset_t *waiting_mask)
{
	struct pollfd p[1 + MAX_WATCHED];
	int who[1 + MAX_WATCHED];
	int n = 1, i;

	p[0].fd = devfd;
	p[0].events = POLLIN;
	for (i = 0; i < MAX_SHADOWS && n < 1 + MAX_WATCHED; i++)
		if (shadows[i].pidfd >= 0) {
			p[n].fd = shadows[i].pidfd;
			p[n].events = POLLIN;
			who[n++] = i;
		}
	/* SIGCHLD is blocked but here, so none comes between reap and wait. */
	if (ppoll(p, n, NULL, waiting_mask) <= 0)
		return 0;
	for (i = 1; i < n; i++)
		if (p[i].revents)
			shadow_gone(devfd, who[i]);
	return p[0].revents != 0;
}

/* The parent process id of @pid, from /proc; -1 if it cannot be read. */
static pid_t parent_of(pid_t pid)
{
	char path[64], buf[512], *end;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	end = strrchr(buf, ')');	/* the name may hold anything */
	if (!end || end[1] != ' ' || !end[2] || end[3] != ' ')
		return -1;
	return atoi(end + 4);
}

/* Whether @pid is a child of the shadow that serves area @area_id. */
static int child_of_shadow(pid_t pid, unsigned int area_id)
{
	pid_t parent = parent_of(pid);
	int i;

	for (i = 0; parent > 0 && i < MAX_SHADOWS; i++)
		if (shadows[i].pid == parent && shadows[i].area_id == area_id &&
		    !shadows[i].ended)
			return 1;
	return 0;
}

/*
 * Reads the fork offers waiting on shadow @p's channel into the table and
 * returns the one for @token (its index), or -1. A shadow sends its offer
 * before it answers VIRTUOS_CALL_FORK, so before its process can fork: an
 * ATTACH whose offer is not there yet never gets one, and nothing waits.
 * Offers older than a fork token lives are dropped, and so are those
 * beyond the table.
 */
static int take_offer(int p, uint64_t token)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct virtuos_fork_offer offer;
	struct iovec iov = { &offer, sizeof(offer) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf };
	time_t now = time(NULL);
	struct cmsghdr *c;
	int k, fd;
	ssize_t n;

	while (shadows[p].chan >= 0) {
		mh.msg_controllen = sizeof(cbuf);
		n = recvmsg(shadows[p].chan, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		c = CMSG_FIRSTHDR(&mh);
		if (!c || c->cmsg_level != SOL_SOCKET ||
		    c->cmsg_type != SCM_RIGHTS ||
		    c->cmsg_len != CMSG_LEN(sizeof(int)))
			continue;
		memcpy(&fd, CMSG_DATA(c), sizeof(fd));
		for (k = 0; k < MAX_OFFERS && offers[k].shadow >= 0; k++)
			;
		if (n != sizeof(offer) || k == MAX_OFFERS) {
			close(fd);
			continue;
		}
		offers[k].shadow = p;
		offers[k].offer = offer;
		offers[k].fd = fd;
		offers[k].when = now;
	}
	for (k = 0; k < MAX_OFFERS; k++) {
		if (offers[k].shadow < 0)
			continue;
		if (now - offers[k].when > VIRTUOS_FORK_TIMEOUT_S)
			drop_offer(k);
		else if (offers[k].shadow == p && offers[k].offer.token == token)
			return k;
	}
	return -1;
}

/*
 * The ATTACH of a forked process: its shadow is already there, forked by
 * the parent's shadow, which sent us over its private channel the token,
 * the child's pid and a socket to it. Hand the child the message with
 * fresh gntdev and evtchn descriptors, and answer the primary with its
 * status. The child is taken only if its pid is a child of the parent's
 * shadow (so a DETACH never kills a process no shadow forked) and it
 * answers with that pid. Each step has a time-out, so no shadow holds up
 * the executor for long.
 */
static void hand_to_forked(int devfd, const struct virtuos_executor_msg *m)
{
	struct virtuos_ctrl_reply reply = { m->msg.area_id, -ESRCH };
	char cbuf[CMSG_SPACE(2 * sizeof(int))];
	struct iovec iov = { (void *)m, sizeof(*m) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf,
			     .msg_controllen = sizeof(cbuf) };
	struct timeval tv = { HAND_OFF_TIMEOUT_S, 0 };
	struct cmsghdr *c;
	int s = -1, fds[2] = { -1, -1 }, answer[2], i, p, k;
	pid_t pid = 0;

	for (p = 0; p < MAX_SHADOWS; p++)
		if (shadows[p].pid && shadows[p].area_id == m->msg.fork_of &&
		    !shadows[p].ended)
			break;
	k = p < MAX_SHADOWS ? take_offer(p, m->msg.fork_token) : -1;
	if (k < 0)
		goto out;
	s = offers[k].fd;
	pid = offers[k].offer.pid;
	offers[k].shadow = -1;	/* the socket is ours now */
	if (!child_of_shadow(pid, m->msg.fork_of)) {
		reply.status = -EPERM;
		goto out;
	}
	if (setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) ||
	    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)))
		goto out;
	fds[0] = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
	fds[1] = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
	if (fds[0] < 0 || fds[1] < 0) {
		reply.status = -errno;
		goto out;
	}
	memset(cbuf, 0, sizeof(cbuf));
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(fds));
	memcpy(CMSG_DATA(c), fds, sizeof(fds));
	reply.status = -EIO;
	if (sendmsg(s, &mh, MSG_NOSIGNAL) == sizeof(*m) &&
	    recv(s, answer, sizeof(answer), 0) == sizeof(answer))
		reply.status = answer[0] > 0 || answer[1] != pid ?
			       -EIO : answer[0];
	for (i = 0; !reply.status && i < MAX_SHADOWS; i++)
		if (!shadows[i].pid) {	/* not our child: no reaping */
			shadows[i].area_id = m->msg.area_id;
			shadows[i].pid = pid;
			shadows[i].ended = 0;
			shadows[i].forked = 1;
			shadows[i].chan = s;
			s = -1;
			break;
		}
out:
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	if (s >= 0)
		close(s);
	if (reply.status)
		fprintf(stderr, "virtuos-shadowd: forked shadow for area %u: %s\n",
			m->msg.area_id, strerror(-reply.status));
	if (write(devfd, &reply, sizeof(reply)) != sizeof(reply))
		perror("virtuos-shadowd: reply");
}

/* In a new shadow: the other shadows' channels are none of its business. */
static void close_channels(void)
{
	int i;

	for (i = 0; i < MAX_SHADOWS; i++)
		if (shadows[i].chan >= 0)
			close(shadows[i].chan);
	for (i = 0; i < MAX_OFFERS; i++)
		if (offers[i].shadow >= 0)
			close(offers[i].fd);
}

static void start_shadow(int devfd, const struct virtuos_executor_msg *m,
			 const char *root)
{
	struct virtuos_ctrl_reply reply = { m->msg.area_id, -EAGAIN };
	int i, chan[2] = { -1, -1 };
	pid_t pid = -1;

	for (i = 0; i < MAX_SHADOWS && shadows[i].pid; i++)
		;
	if (i < MAX_SHADOWS &&
	    !socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, chan))
		pid = fork();
	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);
		signal(SIGCHLD, SIG_DFL);
		sigprocmask(SIG_SETMASK, &shadow_mask, NULL);
		close(chan[0]);
		close_channels();
		if (shadow_file_limit.rlim_cur)
			setrlimit(RLIMIT_NOFILE, &shadow_file_limit);
		shadow_main(devfd, m, root, chan[1]);
	}
	if (chan[1] >= 0)
		close(chan[1]);
	if (pid < 0) {
		if (chan[0] >= 0)
			close(chan[0]);
		if (write(devfd, &reply, sizeof(reply)) != sizeof(reply))
			perror("virtuos-shadowd: reply");
		return;
	}
	shadows[i].area_id = m->msg.area_id;
	shadows[i].pid = pid;
	shadows[i].ended = 0;
	shadows[i].forked = 0;
	shadows[i].chan = chan[0];
}

/* One channel per shadow: room for MAX_SHADOWS of them, and more. */
static void raise_file_limit(void)
{
	struct rlimit r;

	if (getrlimit(RLIMIT_NOFILE, &r))
		return;
	shadow_file_limit = r;
	if (r.rlim_max < 2 * MAX_SHADOWS)
		r.rlim_max = 2 * MAX_SHADOWS;
	r.rlim_cur = r.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &r))
		perror("virtuos-shadowd: RLIMIT_NOFILE");
}

int main(int argc, char **argv)
{
	struct virtuos_executor_msg m;
	sigset_t chld, waiting_mask;
	struct sigaction sa;
	const char *root = "/";
	int fd, tries, i;
	ssize_t n;

	for (i = 1; i < argc; i += 2) {
		if (i + 1 < argc && !strcmp(argv[i], "--root")) {
			root = argv[i + 1];
		} else if (i + 1 < argc && !strcmp(argv[i], "--role") &&
			   !shadow_set_role(argv[i + 1])) {
			continue;
		} else if (i + 1 < argc && !strcmp(argv[i], "--hostile") &&
			   !shadow_hostile_set(argv[i + 1])) {
			continue;
		} else {
			fprintf(stderr, "usage: virtuos-shadowd [--root DIR] [--role storage|network]\n");
			return 2;
		}
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_child;
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &waiting_mask);
	shadow_mask = waiting_mask;
	sigdelset(&waiting_mask, SIGCHLD);

	for (tries = 0; (fd = open(VIRTUOS_SD_DEVICE, O_RDWR | O_CLOEXEC)) < 0;
	     tries++) {
		if (tries == 50) {
			fprintf(stderr, "virtuos-shadowd: %s: %s\n",
				VIRTUOS_SD_DEVICE, strerror(errno));
			return 1;
		}
		usleep(100000);
	}
	raise_file_limit();
	if (shadow_stage_init())
		perror("virtuos-shadowd: staging ledger (large appends go in pieces)");
	printf("virtuos-shadowd: ready on %s, root %s, %s calls\n",
	       VIRTUOS_SD_DEVICE, root, shadow_role_name());
	fflush(stdout);
	shadow_hostile_start(fd);
	for (n = 0; n < MAX_SHADOWS; n++) {
		shadows[n].pidfd = -1;
		shadows[n].chan = -1;
	}
	for (n = 0; n < MAX_OFFERS; n++)
		offers[n].shadow = -1;
	while (!stopping) {
		reap(fd);
		if (!wait_for_work(fd, &waiting_mask))
			continue;
		n = read(fd, &m, sizeof(m));
		if (n < 0 && errno == EINTR)
			continue;
		if (n != sizeof(m)) {
			perror("virtuos-shadowd: read");
			break;
		}
		switch (m.msg.type) {
		case VIRTUOS_MSG_ATTACH:
			if (m.msg.fork_of)
				hand_to_forked(fd, &m);
			else
				start_shadow(fd, &m, root);
			break;
		case VIRTUOS_MSG_DETACH:
			if (m.msg.area_id)
				end_shadow(fd, m.msg.area_id);
			break;
		case VIRTUOS_MSG_RESET:
			end_shadow(fd, 0);
			break;
		}
	}
	end_shadow(fd, 0);
	close(fd);
	return 0;
}
