// SPDX-License-Identifier: GPL-2.0
/*
 * Areas are limited per user (max_areas_per_user, set to 4 here): a
 * process of user 1000 attaching again and again gets 4 areas, then
 * EMFILE, and so does its first open under /storage through the library; meanwhile root (CAP_SYS_RESOURCE) and user 1001 still attach,
 * and once the first process has exited user 1000 gets its 4 again.
 * Each area costs the primary 130 pages and grant references and the
 * service domain a shadow, so without a limit one user could take them
 * all from everyone.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "raw-area.h"
#include "tap.h"

#define PARAM "/sys/module/virtuos/parameters/max_areas_per_user"
#define LIMIT 4
#define TRIES 8

struct holder {
	pid_t pid;
	int got;	/* areas attached */
	int err;	/* errno of the first refusal, 0 if none */
	int open_err;	/* then, errno of an open under /storage */
};

/* A process of @uid that attaches up to @tries areas, reports, and holds
 * them until killed. */
static struct holder hold_areas(uid_t uid, int tries)
{
	struct holder h = { -1, -1, -1, -1 };
	struct raw_area a[TRIES];
	int p[2], report[3] = { 0, 0, 0 }, i, fd;

	if (pipe(p))
		return h;
	h.pid = fork();
	if (h.pid == 0) {
		close(p[0]);
		if (uid && (setgroups(0, NULL) || setgid(uid) || setuid(uid)))
			report[1] = -errno;
		for (i = 0; !report[1] && i < tries; i++) {
			int err = raw_attach(&a[i], "storage");

			if (err) {
				report[1] = err;
				break;
			}
			report[0]++;
		}
		if (report[1] > 0) {
			fd = open("/storage", O_RDONLY | O_DIRECTORY);
			report[2] = fd < 0 ? errno : 0;
		}
		if (write(p[1], report, sizeof(report)) != sizeof(report))
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	if (h.pid > 0 && read(p[0], report, sizeof(report)) == sizeof(report)) {
		h.got = report[0];
		h.err = report[1];
		h.open_err = report[2];
	}
	close(p[0]);
	return h;
}

static void end(struct holder *h)
{
	if (h->pid > 0) {
		kill(h->pid, SIGKILL);
		waitpid(h->pid, NULL, 0);
	}
}

static int write_param(const char *value)
{
	FILE *f = fopen(PARAM, "w");
	int ok = f && fputs(value, f) >= 0;

	return f && !fclose(f) && ok ? 0 : -1;
}

int main(void)
{
	struct holder user, root, other, again = { -1, -1, -1, -1 };
	char saved[32] = "";
	FILE *f;
	int i;

	tap_plan(4);
	f = fopen(PARAM, "r");
	if (!f || !fgets(saved, sizeof(saved), f) || write_param("4")) {
		for (i = 0; i < 4; i++)
			tap_ok(0, "set %s to %d (%s)", PARAM, LIMIT,
			       strerror(errno));
		return tap_finish();
	}
	fclose(f);

	user = hold_areas(1000, TRIES);
	tap_ok(user.got == LIMIT && user.err == EMFILE && user.open_err == EMFILE,
	       "user 1000: %d areas, then %s, and open(/storage) %s (want %d, "
	       "then EMFILE twice)", user.got,
	       user.err > 0 ? strerror(user.err) : "no refusal",
	       user.open_err > 0 ? strerror(user.open_err) : "worked", LIMIT);
	root = hold_areas(0, LIMIT + 2);
	tap_ok(root.got == LIMIT + 2 && !root.err,
	       "root attaches %d areas meanwhile (%d, %s)", LIMIT + 2, root.got,
	       root.err ? strerror(root.err) : "ok");
	other = hold_areas(1001, 2);
	tap_ok(other.got == 2 && !other.err,
	       "user 1001 attaches 2 meanwhile (%d, %s)", other.got,
	       other.err ? strerror(other.err) : "ok");
	end(&user);
	/* The count falls when the service domain has let go of the pages. */
	for (i = 0; i < 50; i++) {
		again = hold_areas(1000, LIMIT);
		if (again.got == LIMIT)
			break;
		end(&again);
		usleep(100000);
	}
	tap_ok(again.got == LIMIT && !again.err,
	       "once that process exited, user 1000 gets %d again (%d)", LIMIT,
	       again.got);
	end(&again);
	end(&root);
	end(&other);
	write_param(saved);
	return tap_finish();
}
