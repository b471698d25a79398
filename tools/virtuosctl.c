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
 *   virtuosctl supervise [--give-up N] [--stuck SECONDS] NAME...
 *                                         keep NAME... running: restart a
 *                                         domain that is gone, or paused,
 *                                         unconnected or without heartbeat
 *                                         for SECONDS (default 60), with
 *                                         back-off; leave it down
 *                                         after N failed restarts in a row
 *                                         (default 5)
 *
 * The supervisor counts each domain's restarts in
 * /run/virtuos/supervise/NAME (status shows them) and leaves alone a
 * domain that virtuosctl stop stopped (NAME.stopped there, removed by
 * start and up).
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
#include <signal.h>
#include <sys/stat.h>
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
/* The supervisor's records, and how it judges and restarts domains. */
#define SUPERVISE_DIR "/run/virtuos/supervise"
#define SUPERVISE_GIVE_UP 5	/* failed restarts in a row, by default */
#define SUPERVISE_STUCK 60	/* seconds paused or disconnected */
#define SUPERVISE_BACKOFF_MAX 64	/* seconds between restarts, at most */

static int usage(void);
static int usage_of(const char *name);

/* The first line of @path, without its newline: 0, or -1 if unreadable. */
static int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int read_attr(const char *name, const char *attr, char *buf, size_t len)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s/%s", SYSFS_DOMAINS, name, attr);
	return read_line(path, buf, len);
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

/* The supervisor's record of NAME: "RESTARTS REASON...", or nothing. */
static int read_record(const char *name, char *buf, size_t len)
{
	char path[512];

	snprintf(path, sizeof(path), SUPERVISE_DIR "/%s", name);
	return read_line(path, buf, len);
}

/* The RESTARTS column: the supervisor's count, or "-" without one. */
static const char *restarts_of(const char *name, char *buf, size_t len)
{
	char record[256];

	if (read_record(name, record, sizeof(record)) ||
	    sscanf(record, "%15s", buf) != 1 || len < 16)
		snprintf(buf, len, "-");
	return buf;
}

static int cmd_status(void)
{
	struct dirent **names;
	char domid[16], state[32], protocol[16], connects[16], error[128];
	char device[64], restarts[16];
	int n, i;

	if (!module_loaded())
		return 2;
	n = scandir(SYSFS_DOMAINS, &names, NULL, alphasort);
	if (n < 0) {
		perror("virtuosctl: " SYSFS_DOMAINS);
		return 2;
	}
	printf("%-16s %6s  %-13s %8s %8s %8s  %s\n", "NAME", "DOMID", "STATE",
	       "PROTOCOL", "CONNECTS", "RESTARTS", "DEVICE");
	for (i = 0; i < n; i++) {
		const char *name = names[i]->d_name;

		if (name[0] != '.' &&
		    read_attr(name, "state", state, sizeof(state)) == 0 &&
		    read_attr(name, "domid", domid, sizeof(domid)) == 0 &&
		    read_attr(name, "protocol", protocol, sizeof(protocol)) == 0 &&
		    read_attr(name, "connects", connects, sizeof(connects)) == 0) {
			read_device(domid, device, sizeof(device));
			printf("%-16s %6s  %-13s %8s %8s %8s  %s", name,
			       strcmp(domid, "-1") ? domid : "-", state,
			       strcmp(protocol, "0") ? protocol : "-", connects,
			       restarts_of(name, restarts, sizeof(restarts)),
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
/* NAME.stopped: virtuosctl stop stopped NAME; the supervisor leaves it. */
static void mark_stopped(const char *name, int stopped)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), SUPERVISE_DIR "/%s.stopped", name);
	if (!stopped) {
		unlink(path);
		return;
	}
	mkdir("/run/virtuos", 0755);
	mkdir(SUPERVISE_DIR, 0755);
	f = fopen(path, "w");
	if (f)
		fclose(f);
}

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
	mark_stopped(name, 1);
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
	mark_stopped(name, 0);
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

/* One domain under virtuosctl supervise. */
struct watched {
	const char *name;
	int restarts;		/* restarts this supervisor made */
	int failures;		/* failed restarts in a row */
	int given_up;
	long bad_since;		/* paused or unconnected since (0: fine) */
	long next_try;		/* back-off: no restart before this */
};

static volatile sig_atomic_t supervise_stopping;

static void on_supervise_signal(int sig)
{
	(void)sig;
	supervise_stopping = 1;
}

static long now_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec;
}

static int name_ok(const char *name)
{
	return name[0] && name[0] != '-' && name[0] != '.' &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == strlen(name) &&
	       strlen(name) < 64;
}

/* Writes the record status shows: "RESTARTS WHY". */
static void write_record(const struct watched *w, const char *why)
{
	char path[512], tmp[520];
	FILE *f;

	mkdir("/run/virtuos", 0755);
	mkdir(SUPERVISE_DIR, 0755);
	snprintf(path, sizeof(path), SUPERVISE_DIR "/%s", w->name);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "%d %s\n", w->restarts, why);
	if (fclose(f) == 0)
		rename(tmp, path);
}

/* Whether xl shows NAME paused ("p" in its state column). */
static int domain_paused(const char *name)
{
	char cmd[128], line[256], state[16] = "";
	FILE *p;

	snprintf(cmd, sizeof(cmd), "xl list %s 2>/dev/null", name);
	p = popen(cmd, "r");
	if (!p)
		return 0;
	while (fgets(line, sizeof(line), p))
		if (!strncmp(line, name, strlen(name)) &&
		    line[strlen(name)] == ' ')
			sscanf(line, "%*s %*s %*s %*s %15s", state);
	pclose(p);
	return strchr(state, 'p') != NULL;
}

/* Why NAME needs a restart now, or NULL. */
static const char *trouble(struct watched *w, long now, long stuck)
{
	char state[32], age[32];
	int paused, connected;

	if (run_xl_output("domid", w->name, 1)) {
		w->bad_since = 0;
		return "it is not running (it crashed or was destroyed)";
	}
	paused = domain_paused(w->name);
	connected = read_attr(w->name, "state", state, sizeof(state)) == 0 &&
		    !strcmp(state, "connected");
	/* Its kernel's heartbeat on the control page (-1: none seen yet). */
	if (connected && !paused &&
	    read_attr(w->name, "heartbeat_age", age, sizeof(age)) == 0 &&
	    atol(age) >= stuck) {
		w->bad_since = 0;
		return "its heartbeat stopped (hung)";
	}
	if (!paused && connected) {
		w->bad_since = 0;
		return NULL;
	}
	if (!w->bad_since)
		w->bad_since = now;
	if (now - w->bad_since < stuck)
		return NULL;
	return paused ? "it stayed paused (hung)" :
			"it ran without being connected (hung)";
}

/* Destroys what is left of NAME and brings it up again, with back-off. */
static void restart(struct watched *w, const char *why, long now, int give_up)
{
	char msg[256];
	long wait;

	if (now < w->next_try)
		return;
	w->restarts++;
	printf("virtuosctl supervise: %s: %s; restarting it (restart %d)\n",
	       w->name, why, w->restarts);
	fflush(stdout);
	write_record(w, why);
	if (run_xl_output("domid", w->name, 1) == 0)
		run_xl("destroy", w->name);
	if (read_attr(w->name, "state", msg, sizeof(msg)) == 0)
		cmd_wait(w->name, "disconnected", "60");
	w->bad_since = 0;
	if (cmd_up(w->name, "180") == 0) {
		w->failures = 0;
		snprintf(msg, sizeof(msg), "restarted after: %s", why);
		write_record(w, msg);
		printf("virtuosctl supervise: %s is back (restart %d)\n",
		       w->name, w->restarts);
		fflush(stdout);
		return;
	}
	w->failures++;
	if (w->failures >= give_up) {
		w->given_up = 1;
		snprintf(msg, sizeof(msg),
			 "left down after %d failed restarts in a row", w->failures);
		write_record(w, msg);
		fprintf(stderr,
			"virtuosctl supervise: %s: %s; bring it back with virtuosctl up %s\n",
			w->name, msg, w->name);
		return;
	}
	wait = 1L << (w->failures - 1);
	if (wait > SUPERVISE_BACKOFF_MAX)
		wait = SUPERVISE_BACKOFF_MAX;
	w->next_try = now_seconds() + wait;
	fprintf(stderr,
		"virtuosctl supervise: %s did not come back (failure %d of %d in a row); trying again in %ld s\n",
		w->name, w->failures, give_up, wait);
}

/*
 * cmd_supervise: watch each named domain once a second and restart it when
 * it is gone, or paused, unconnected or without a heartbeat (its kernel
 * hung) for STUCK seconds; a domain that
 * virtuosctl stop stopped is left alone. Runs until SIGTERM or SIGINT;
 * ends with status 1 when it has given up on every domain.
 */
static int cmd_supervise(int argc, char **argv)
{
	struct watched w[16];
	struct sigaction sa;
	char path[512];
	int give_up = SUPERVISE_GIVE_UP, n = 0, i, left;
	long stuck = SUPERVISE_STUCK;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--give-up") && i + 1 < argc) {
			give_up = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--stuck") && i + 1 < argc) {
			stuck = atol(argv[++i]);
		} else if (name_ok(argv[i]) && n < 16) {
			memset(&w[n], 0, sizeof(w[n]));
			w[n++].name = argv[i];
		} else {
			fprintf(stderr, "virtuosctl supervise: bad argument '%s'\n",
				argv[i]);
			return 2;
		}
	}
	if (!n || give_up < 1 || stuck < 1)
		return usage_of("supervise");
	if (!module_loaded())
		return 2;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_supervise_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	printf("virtuosctl supervise: watching");
	for (i = 0; i < n; i++)
		printf(" %s", w[i].name);
	printf(" (restart when gone, or paused, unconnected or without heartbeat for %ld s; give up after %d failed restarts in a row)\n",
	       stuck, give_up);
	fflush(stdout);
	for (i = 0; i < n; i++)
		write_record(&w[i], "supervised");
	while (!supervise_stopping) {
		for (i = 0, left = 0; i < n && !supervise_stopping; i++) {
			const char *why;

			if (w[i].given_up)
				continue;
			left++;
			snprintf(path, sizeof(path), SUPERVISE_DIR "/%s.stopped",
				 w[i].name);
			if (access(path, F_OK) == 0) {
				w[i].bad_since = 0;
				continue;
			}
			why = trouble(&w[i], now_seconds(), stuck);
			if (why)
				restart(&w[i], why, now_seconds(), give_up);
		}
		if (!left)
			return 1;
		sleep(1);
	}
	printf("virtuosctl supervise: stopped\n");
	return 0;
}

/* Each subcommand: its synopsis and what it does, for usage and --help. */
static const struct subcommand {
	const char *name, *synopsis, *help;
} subcommands[] = {
	{ "status", "status",
	  "Lists each service domain the module knows: domain id, state,\n"
	  "protocol, connections, restarts by the supervisor, block device.\n" },
	{ "wait", "wait NAME STATE [SECONDS]",
	  "Waits until NAME is in STATE (as status shows it, e.g. connected),\n"
	  "for up to SECONDS (60). Exit status 1 on time-out.\n" },
	{ "start", "start NAME",
	  "Creates the domain from /etc/virtuos/NAME.cfg (the directory: $VIRTUOS_SD_DIR)\n"
	  "with xl create.\n" },
	{ "up", "up NAME [SECONDS]",
	  "Starts NAME unless it runs, and waits up to SECONDS (180) until it\n"
	  "is connected.\n" },
	{ "stop", "stop NAME [SECONDS]",
	  "Shuts NAME down cleanly (its init syncs and unmounts), and destroys\n"
	  "it if it is still there after SECONDS.\n" },
	{ "restart", "restart NAME [SECONDS]",
	  "stop, then start; a domain that is gone already is only started.\n" },
	{ "supervise", "supervise [--give-up N] [--stuck SECONDS] NAME...",
	  "Restarts each NAME when it is gone, or paused, unconnected or without\n"
	  "heartbeat for SECONDS, with back-off; leaves it down after N failed\n"
	  "tries in a row. Runs until every NAME is given up.\n" },
	{ "help", "help [SUBCOMMAND]",
	  "Says what a subcommand does; SUBCOMMAND --help does too.\n" },
};

#define NR_SUBCOMMANDS (sizeof(subcommands) / sizeof(subcommands[0]))

static const struct subcommand *subcommand(const char *name)
{
	size_t i;

	for (i = 0; i < NR_SUBCOMMANDS; i++)
		if (!strcmp(subcommands[i].name, name))
			return &subcommands[i];
	return NULL;
}

static void print_usage(FILE *f)
{
	size_t i;

	for (i = 0; i < NR_SUBCOMMANDS; i++)
		fprintf(f, "%s virtuosctl %s\n", i ? "      " : "usage:",
			subcommands[i].synopsis);
}

static int usage(void)
{
	print_usage(stderr);
	return 2;
}

/* The usage of one subcommand, on stderr, after a wrong call of it. */
static int usage_of(const char *name)
{
	const struct subcommand *c = subcommand(name);

	if (!c)
		return usage();
	fprintf(stderr, "usage: virtuosctl %s\n", c->synopsis);
	return 2;
}

static int help(const char *name)
{
	const struct subcommand *c = name ? subcommand(name) : NULL;

	if (name && !c) {
		fprintf(stderr, "virtuosctl: no subcommand %s\n", name);
		return usage();
	}
	if (!c) {
		print_usage(stdout);
		printf("\nMore: virtuosctl help SUBCOMMAND, and virtuosctl(8).\n");
		return 0;
	}
	printf("usage: virtuosctl %s\n\n%s", c->synopsis, c->help);
	return 0;
}

static int is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

int main(int argc, char **argv)
{
	int err;

	if (argc < 2)
		return usage();
	if (is_help(argv[1]))
		return help(NULL);
	if (!strcmp(argv[1], "help"))
		return help(argc < 3 ? NULL : is_help(argv[2]) ? "help" : argv[2]);
	if (argc > 2 && is_help(argv[2]))
		return help(argv[1]);
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
	if (!strcmp(argv[1], "supervise") && argc >= 3)
		return cmd_supervise(argc - 2, argv + 2);
	return usage_of(argv[1]);
}
