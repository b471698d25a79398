// SPDX-License-Identifier: GPL-2.0
/*
 * virtuosctl: administer VirtuOS service domains from the primary domain.
 *
 *   virtuosctl status                     one line per service domain
 *   virtuosctl wait NAME STATE [SECONDS]  wait until NAME shows STATE
 *   virtuosctl start NAME                 create NAME with xl
 *   virtuosctl stop NAME [SECONDS]        shut NAME down cleanly (its init
 *                                         syncs and unmounts), destroy it
 *                                         after SECONDS (default 30)
 *   virtuosctl restart NAME [SECONDS]     stop, then start
 *   virtuosctl up NAME [SECONDS]          start NAME and wait until it is
 *                                         connected with its device
 *
 * status reads /sys/kernel/virtuos (the primary module) and, for the
 * DEVICE column, what each domain's init published in xenstore
 * (data/virtuos/sd-device, read with xenstore-read); start uses the
 * service-domain config $VIRTUOS_SD_DIR/NAME.cfg (default /etc/virtuos).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SYSFS_ROOT "/sys/kernel/virtuos"
#define SYSFS_DOMAINS SYSFS_ROOT "/domains"
/* Same key as VIRTUOS_XS_DIR "/" VIRTUOS_XS_SD_DEVICE (virtuos_protocol.h). */
#define XS_SD_DEVICE "data/virtuos/sd-device"
/* How often virtuosctl up creates a domain that came up without its device. */
#define UP_ATTEMPTS 3
/* How long virtuosctl stop waits for a clean shutdown, by default. */
#define STOP_SECONDS "30"

static int read_attr(const char *name, const char *attr, char *buf, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s", SYSFS_DOMAINS, name, attr);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int module_loaded(void)
{
	if (access(SYSFS_DOMAINS, R_OK) == 0)
		return 1;
	fprintf(stderr, "virtuosctl: %s: %s (is virtuos.ko loaded?)\n",
		SYSFS_DOMAINS, strerror(errno));
	return 0;
}

/*
 * read_device: what domain DOMID's init published about its device, as
 * printable text (the domain wrote it: nothing else is trusted), or "-".
 */
static void read_device(const char *domid, char *buf, size_t len)
{
	char path[96], cmd[160];
	FILE *p;
	size_t i;

	snprintf(buf, len, "-");
	if (!strcmp(domid, "-1") || strspn(domid, "0123456789") != strlen(domid))
		return;
	snprintf(path, sizeof(path), "/local/domain/%s/" XS_SD_DEVICE, domid);
	snprintf(cmd, sizeof(cmd), "xenstore-read %s 2>/dev/null", path);
	p = popen(cmd, "r");
	if (!p)
		return;
	if (!fgets(buf, (int)len, p))
		snprintf(buf, len, "-");
	pclose(p);
	buf[strcspn(buf, "\n")] = '\0';
	for (i = 0; buf[i]; i++)
		if (!isgraph((unsigned char)buf[i]))
			buf[i] = '?';
	if (!buf[0])
		snprintf(buf, len, "-");
}

static int cmd_status(void)
{
	struct dirent **names;
	char domid[16], state[32], protocol[16], connects[16], error[128];
	char device[64];
	int n, i;

	if (!module_loaded())
		return 2;
	n = scandir(SYSFS_DOMAINS, &names, NULL, alphasort);
	if (n < 0) {
		perror("virtuosctl: " SYSFS_DOMAINS);
		return 2;
	}
	printf("%-16s %6s  %-13s %8s %8s  %s\n", "NAME", "DOMID", "STATE",
	       "PROTOCOL", "CONNECTS", "DEVICE");
	for (i = 0; i < n; i++) {
		const char *name = names[i]->d_name;

		if (name[0] != '.' &&
		    read_attr(name, "state", state, sizeof(state)) == 0 &&
		    read_attr(name, "domid", domid, sizeof(domid)) == 0 &&
		    read_attr(name, "protocol", protocol, sizeof(protocol)) == 0 &&
		    read_attr(name, "connects", connects, sizeof(connects)) == 0) {
			read_device(domid, device, sizeof(device));
			printf("%-16s %6s  %-13s %8s %8s  %s", name,
			       strcmp(domid, "-1") ? domid : "-", state,
			       strcmp(protocol, "0") ? protocol : "-", connects,
			       device);
			if (read_attr(name, "error", error, sizeof(error)) == 0 &&
			    error[0])
				printf("  (%s)", error);
			printf("\n");
		}
		free(names[i]);
	}
	free(names);
	if (n <= 2)
		printf("(no service domain has announced itself)\n");
	return 0;
}

static int cmd_wait(const char *name, const char *want, const char *secs)
{
	char state[32] = "";
	double limit = secs ? atof(secs) : 60;
	struct timespec start, now;

	if (!module_loaded())
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		if (read_attr(name, "state", state, sizeof(state)) == 0 &&
		    !strcmp(state, want))
			return 0;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec +
		    (now.tv_nsec - start.tv_nsec) / 1e9 > limit) {
			fprintf(stderr,
				"virtuosctl: %s is %s, not %s, after %.0f s\n",
				name, state[0] ? state : "unknown", want, limit);
			return 1;
		}
		usleep(100000);
	}
}

static int run_xl_output(const char *verb, const char *arg, int quiet)
{
	pid_t pid = fork();
	int status;

	if (pid < 0) {
		perror("virtuosctl: fork");
		return 2;
	}
	if (pid == 0) {
		if (quiet && (!freopen("/dev/null", "w", stdout) ||
			      !freopen("/dev/null", "w", stderr)))
			_exit(127);
		execlp("xl", "xl", verb, arg, (char *)NULL);
		perror("virtuosctl: xl");
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return 2;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}

static int run_xl(const char *verb, const char *arg)
{
	return run_xl_output(verb, arg, 0);
}

/*
 * cmd_stop: ask NAME to shut down (its init stops the executor, syncs and
 * unmounts, so no written data is lost) and wait up to SECS seconds for it
 * to go; destroy it if it does not, and say so.
 */
static int cmd_stop(const char *name, const char *secs)
{
	long limit = atol(secs) * 10, i;
	struct timespec tick = { 0, 100000000 };

	if (limit <= 0) {
		fprintf(stderr, "virtuosctl: bad time-out '%s'\n", secs);
		return 2;
	}
	if (run_xl_output("domid", name, 1)) {
		fprintf(stderr, "virtuosctl: %s is not running\n", name);
		return 1;
	}
	printf("virtuosctl: shutting %s down (up to %s s)\n", name, secs);
	fflush(stdout);
	if (run_xl_output("shutdown", name, 1) == 0)
		for (i = 0; i < limit; i++) {
			if (run_xl_output("domid", name, 1))
				return 0;
			nanosleep(&tick, NULL);
		}
	fprintf(stderr,
		"virtuosctl: %s did not shut down within %s s; destroying it (data it had not written is lost)\n",
		name, secs);
	return run_xl("destroy", name);
}

static int cmd_start(const char *name)
{
	const char *dir = getenv("VIRTUOS_SD_DIR");
	char cfg[512];

	snprintf(cfg, sizeof(cfg), "%s/%s.cfg", dir ? dir : "/etc/virtuos", name);
	if (access(cfg, R_OK)) {
		fprintf(stderr, "virtuosctl: %s: %s\n", cfg, strerror(errno));
		return 2;
	}
	return run_xl("create", cfg);
}

/*
 * cmd_up: start NAME, wait until it is connected, and check what its init
 * found of its device. A domain that came up without it (its PCI device
 * was not scanned whole, say, because pcifront timed out on dom0's
 * pciback) is destroyed and created again, at most UP_ATTEMPTS times in
 * all; every such restart is said on stderr.
 */
static int cmd_up(const char *name, const char *secs)
{
	char domid[16], device[64];
	int attempt, err;

	if (!module_loaded())
		return 2;
	for (attempt = 1; attempt <= UP_ATTEMPTS; attempt++) {
		err = cmd_start(name);
		if (err)
			return err;
		err = cmd_wait(name, "connected", secs);
		if (err)
			return err;
		if (read_attr(name, "domid", domid, sizeof(domid)))
			snprintf(domid, sizeof(domid), "-1");
		read_device(domid, device, sizeof(device));
		if (strncmp(device, "missing:", 8)) {
			printf("virtuosctl: %s connected (domid %s, device %s)\n",
			       name, domid, device);
			return 0;
		}
		if (attempt == UP_ATTEMPTS)
			break;
		fprintf(stderr,
			"virtuosctl: %s came up without its device (%s); starting it again (attempt %d of %d)\n",
			name, device, attempt + 1, UP_ATTEMPTS);
		err = run_xl("destroy", name);
		if (err)
			return err;
		err = cmd_wait(name, "disconnected", "60");
		if (err)
			return err;
	}
	fprintf(stderr,
		"virtuosctl: %s has no device after %d attempts (%s); see its console log\n",
		name, UP_ATTEMPTS, device);
	return 1;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: virtuosctl status\n"
		"       virtuosctl wait NAME STATE [SECONDS]\n"
		"       virtuosctl start NAME\n"
		"       virtuosctl stop|restart NAME [SECONDS]\n"
		"       virtuosctl up NAME [SECONDS]\n");
	return 2;
}

int main(int argc, char **argv)
{
	int err;

	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "status") && argc == 2)
		return cmd_status();
	if (!strcmp(argv[1], "wait") && (argc == 4 || argc == 5))
		return cmd_wait(argv[2], argv[3], argc == 5 ? argv[4] : NULL);
	if (!strcmp(argv[1], "start") && argc == 3)
		return cmd_start(argv[2]);
	if (!strcmp(argv[1], "up") && (argc == 3 || argc == 4))
		return cmd_up(argv[2], argc == 4 ? argv[3] : "180");
	if (!strcmp(argv[1], "stop") && (argc == 3 || argc == 4))
		return cmd_stop(argv[2], argc == 4 ? argv[3] : STOP_SECONDS);
	if (!strcmp(argv[1], "restart") && (argc == 3 || argc == 4)) {
		/* A domain that is gone already (it crashed) is only started. */
		err = run_xl_output("domid", argv[2], 1) ? 0 :
		      cmd_stop(argv[2], argc == 4 ? argv[3] : STOP_SECONDS);
		return err ? err : cmd_start(argv[2]);
	}
	return usage();
}
