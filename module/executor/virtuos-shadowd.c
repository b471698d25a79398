// SPDX-License-Identifier: GPL-2.0
/*
 * virtuos-shadowd: the shadow executor of a VirtuOS service domain.
 *
 *   virtuos-shadowd [--root DIR]
 *
 * It holds /dev/virtuos_sd (the companion shows "executor running") and
 * reads the primary's messages from it: for each ATTACH it forks a shadow
 * (shadow.c) that serves that client process with its credentials, inside
 * DIR (default /), the part of this domain's file system clients see; a
 * DETACH ends that shadow, a RESET (the primary went away) ends them all.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shadow.h"

#define MAX_SHADOWS 4096

static struct {
	unsigned int area_id;
	pid_t pid;
	int ended;	/* killed on the primary's word */
} shadows[MAX_SHADOWS];

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

/*
 * Reaps ended shadows. One that ended by itself (not by DETACH or RESET)
 * leaves its process's calls unanswered: tell the primary, whose area then
 * turns dead and fails them with EIO.
 */
static void reap(int devfd)
{
	struct virtuos_ctrl_reply reply;
	pid_t pid;
	int i;

	while ((pid = waitpid(-1, NULL, WNOHANG)) > 0) {
		for (i = 0; i < MAX_SHADOWS; i++) {
			if (shadows[i].pid != pid)
				continue;
			shadows[i].pid = 0;
			if (shadows[i].ended)
				continue;
			reply.area_id = shadows[i].area_id;
			reply.status = -EPIPE;
			if (write(devfd, &reply, sizeof(reply)) != sizeof(reply))
				perror("virtuos-shadowd: reporting a dead shadow");
		}
	}
}

static void end_shadow(unsigned int area_id)
{
	int i;

	for (i = 0; i < MAX_SHADOWS; i++)
		if (shadows[i].pid && (area_id == 0 ||
				       shadows[i].area_id == area_id)) {
			shadows[i].ended = 1;
			kill(shadows[i].pid, SIGKILL);
		}
}

static void start_shadow(int devfd, const struct virtuos_executor_msg *m,
			 const char *root)
{
	struct virtuos_ctrl_reply reply = { m->msg.area_id, -EAGAIN };
	pid_t pid;
	int i;

	for (i = 0; i < MAX_SHADOWS && shadows[i].pid; i++)
		;
	pid = i < MAX_SHADOWS ? fork() : -1;
	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);
		signal(SIGCHLD, SIG_DFL);
		shadow_main(devfd, m, root);
	}
	if (pid < 0) {
		if (write(devfd, &reply, sizeof(reply)) != sizeof(reply))
			perror("virtuos-shadowd: reply");
		return;
	}
	shadows[i].area_id = m->msg.area_id;
	shadows[i].pid = pid;
	shadows[i].ended = 0;
}

int main(int argc, char **argv)
{
	struct virtuos_executor_msg m;
	struct sigaction sa;
	const char *root = "/";
	int fd, tries;
	ssize_t n;

	if (argc == 3 && !strcmp(argv[1], "--root")) {
		root = argv[2];
	} else if (argc != 1) {
		fprintf(stderr, "usage: virtuos-shadowd [--root DIR]\n");
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_child;
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	for (tries = 0; (fd = open(VIRTUOS_SD_DEVICE, O_RDWR | O_CLOEXEC)) < 0;
	     tries++) {
		if (tries == 50) {
			fprintf(stderr, "virtuos-shadowd: %s: %s\n",
				VIRTUOS_SD_DEVICE, strerror(errno));
			return 1;
		}
		usleep(100000);
	}
	printf("virtuos-shadowd: ready on %s, root %s\n", VIRTUOS_SD_DEVICE,
	       root);
	fflush(stdout);
	while (!stopping) {
		reap(fd);
		n = read(fd, &m, sizeof(m));
		if (n < 0 && errno == EINTR)
			continue;
		if (n != sizeof(m)) {
			perror("virtuos-shadowd: read");
			break;
		}
		switch (m.msg.type) {
		case VIRTUOS_MSG_ATTACH:
			start_shadow(fd, &m, root);
			break;
		case VIRTUOS_MSG_DETACH:
			if (m.msg.area_id)
				end_shadow(m.msg.area_id);
			break;
		case VIRTUOS_MSG_RESET:
			end_shadow(0);
			break;
		}
	}
	end_shadow(0);
	close(fd);
	return 0;
}
