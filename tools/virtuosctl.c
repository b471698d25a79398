// SPDX-License-Identifier: GPL-2.0
/*
 * virtuosctl: administer VirtuOS service domains from the primary domain.
 *
 *   virtuosctl status                     one line per service domain
 *   virtuosctl wait NAME STATE [SECONDS]  wait until NAME shows STATE
 *   virtuosctl start|stop|restart NAME    create/destroy NAME with xl
 *
 * status reads /sys/kernel/virtuos (the primary module); start uses the
 * service-domain config $VIRTUOS_SD_DIR/NAME.cfg (default /etc/virtuos).
 */
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

static int cmd_status(void)
{
	struct dirent **names;
	char domid[16], state[32], protocol[16], connects[16], error[128];
	int n, i;

	if (!module_loaded())
		return 2;
	n = scandir(SYSFS_DOMAINS, &names, NULL, alphasort);
	if (n < 0) {
		perror("virtuosctl: " SYSFS_DOMAINS);
		return 2;
	}
	printf("%-16s %6s  %-13s %8s %8s\n", "NAME", "DOMID", "STATE",
	       "PROTOCOL", "CONNECTS");
	for (i = 0; i < n; i++) {
		const char *name = names[i]->d_name;

		if (name[0] != '.' &&
		    read_attr(name, "state", state, sizeof(state)) == 0 &&
		    read_attr(name, "domid", domid, sizeof(domid)) == 0 &&
		    read_attr(name, "protocol", protocol, sizeof(protocol)) == 0 &&
		    read_attr(name, "connects", connects, sizeof(connects)) == 0) {
			printf("%-16s %6s  %-13s %8s %8s", name,
			       strcmp(domid, "-1") ? domid : "-", state,
			       strcmp(protocol, "0") ? protocol : "-", connects);
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

static int run_xl(const char *verb, const char *arg)
{
	pid_t pid = fork();
	int status;

	if (pid < 0) {
		perror("virtuosctl: fork");
		return 2;
	}
	if (pid == 0) {
		execlp("xl", "xl", verb, arg, (char *)NULL);
		perror("virtuosctl: xl");
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return 2;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
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

static int usage(void)
{
	fprintf(stderr,
		"usage: virtuosctl status\n"
		"       virtuosctl wait NAME STATE [SECONDS]\n"
		"       virtuosctl start|stop|restart NAME\n");
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
	if (!strcmp(argv[1], "stop") && argc == 3)
		return run_xl("destroy", argv[2]);
	if (!strcmp(argv[1], "restart") && argc == 3) {
		err = run_xl("destroy", argv[2]);
		return err ? err : cmd_start(argv[2]);
	}
	return usage();
}
