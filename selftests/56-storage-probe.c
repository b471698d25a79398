// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark probes of the storage domain (virtuos_probe): each kind
 * answers what it says, with figures that move when work is done there;
 * bad arguments give EINVAL. A hostile client that starts a ping-pong and
 * never plays gets ETIMEDOUT after a second and the shadow goes on
 * serving; a call submitted without ringing the doorbell is served all
 * the same (the doorbell is a hint).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <virtuos.h>

#include "raw-area.h"
#include "tap.h"

#define S VIRTUOS_PROBE_STORAGE

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void test_kinds(void)
{
	long before, after, ns, cpu0, cpu1;
	struct stat st;
	int fd;

	tap_ok(virtuos_probe(S, VIRTUOS_PROBE_NOP, 0) == 0,
	       "a no-op probe answers 0");
	before = virtuos_probe(S, VIRTUOS_PROBE_SHADOW_SYSCALLS, 0);
	cpu0 = virtuos_probe(S, VIRTUOS_PROBE_SHADOW_CPU_NS, 0);
	ns = virtuos_probe(S, VIRTUOS_PROBE_NULL_SYSCALL, 1000);
	after = virtuos_probe(S, VIRTUOS_PROBE_SHADOW_SYSCALLS, 0);
	cpu1 = virtuos_probe(S, VIRTUOS_PROBE_SHADOW_CPU_NS, 0);
	tap_ok(ns > 0, "1000 null system calls in the shadow took %ld ns", ns);
	tap_ok(before >= 0 && after - before >= 1000,
	       "the shadow counted them (%ld system calls before, %ld after)",
	       before, after);
	tap_ok(cpu0 > 0 && cpu1 > cpu0,
	       "the shadow's CPU time grew (%ld ns to %ld ns)", cpu0, cpu1);
	ns = virtuos_probe(S, VIRTUOS_PROBE_FSTAT, 100);
	tap_ok(ns > 0, "100 fstat calls in the shadow took %ld ns", ns);
	tap_ok(virtuos_probe(S, VIRTUOS_PROBE_PINGPONG, 1000) == 0,
	       "1000 ping-pong rounds with a shadow worker complete");

	fd = open("/storage/probe-file", O_CREAT | O_RDWR | O_TRUNC, 0600);
	before = virtuos_probe(S, VIRTUOS_PROBE_SHADOW_SYSCALLS, 0);
	tap_ok(fd >= 0 && fstat(fd, &st) == 0 && fstat(fd, &st) == 0,
	       "two fstat calls on a /storage file");
	after = virtuos_probe(S, VIRTUOS_PROBE_SHADOW_SYSCALLS, 0);
	tap_ok(after - before >= 2,
	       "they were system calls in the storage domain (%ld)",
	       after - before);
	if (fd >= 0)
		close(fd);
	unlink("/storage/probe-file");
}

static void test_bad_arguments(void)
{
	static const struct {
		int domain, kind;
		long arg;
		const char *what;
	} bad[] = {
		{ 0, VIRTUOS_PROBE_NOP, 0, "domain 0" },
		{ 3, VIRTUOS_PROBE_NOP, 0, "domain 3" },
		{ S, 99, 0, "kind 99" },
		{ S, -1, 0, "kind -1" },
		{ S, VIRTUOS_PROBE_NULL_SYSCALL, 0, "0 rounds" },
		{ S, VIRTUOS_PROBE_NULL_SYSCALL, 1000001, "1000001 rounds" },
		{ S, VIRTUOS_PROBE_FSTAT, -5, "-5 rounds" },
		{ S, VIRTUOS_PROBE_PINGPONG, 0, "0 ping-pong rounds" },
		{ S, VIRTUOS_PROBE_PINGPONG, 1L << 40, "2^40 ping-pong rounds" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		long r;

		errno = 0;
		r = virtuos_probe(bad[i].domain, bad[i].kind, bad[i].arg);
		tap_ok(r == -1 && errno == EINVAL, "%s: EINVAL (%ld, %s)",
		       bad[i].what, r, strerror(errno));
	}
}

/* A client of its own that starts a ping-pong of a million rounds and
 * never writes its side. */
static void test_silent_pingpong(void)
{
	struct raw_area a;
	double t0, took;
	long r;
	int err = raw_attach(&a, "storage");

	if (err) {
		tap_ok(0, "raw attach for the silent ping-pong (%s)",
		       strerror(err));
		return;
	}
	t0 = now();
	r = raw_call(&a, VIRTUOS_CALL_PROBE, VIRTUOS_PROBE_PINGPONG, 1000000, 0);
	took = now() - t0;
	tap_ok(r == -ETIMEDOUT && took < 10,
	       "a ping-pong the client never plays ends with ETIMEDOUT (%ld) after %.1f s",
	       r, took);
	tap_ok(raw_call(&a, VIRTUOS_CALL_PROBE, VIRTUOS_PROBE_NOP, 0, 0) == 0,
	       "the shadow serves the next call");
	close(a.fd);
}

/* Slot 1 submitted by hand, without touching the doorbell: the shadow
 * still finds it (waking the workers if none is awake, as the protocol
 * asks of every caller). */
static void test_no_doorbell(void)
{
	struct virtuos_slot *slot;
	struct raw_area a;
	double t0;
	int err = raw_attach(&a, "storage"), done = 0;

	if (err) {
		tap_ok(0, "raw attach without the doorbell (%s)", strerror(err));
		return;
	}
	raw_call(&a, VIRTUOS_CALL_PROBE, VIRTUOS_PROBE_NOP, 0, 0);
	slot = &a.ctl->slots[1];
	slot->nr = VIRTUOS_CALL_PROBE;
	memset(slot->args, 0, sizeof(slot->args));
	slot->args[0] = VIRTUOS_PROBE_NOP;
	slot->ret = -1;
	slot->waiting = 0;
	slot->cancel = 0;
	__atomic_store_n(&slot->state, VIRTUOS_SLOT_SUBMITTED, __ATOMIC_SEQ_CST);
	if (!__atomic_load_n(&a.ctl->workers_awake, __ATOMIC_SEQ_CST))
		ioctl(a.fd, VIRTUOS_IOC_WAKE, 0);
	for (t0 = now(); now() - t0 < 5 && !done;)
		done = __atomic_load_n(&slot->state, __ATOMIC_SEQ_CST) ==
		       VIRTUOS_SLOT_DONE;
	tap_ok(done && slot->ret == 0,
	       "a call submitted without the doorbell is served (ret %lld)",
	       (long long)slot->ret);
	close(a.fd);
}

int main(void)
{
	tap_plan(8 + 9 + 3);
	test_kinds();
	test_bad_arguments();
	test_silent_pingpong();
	test_no_doorbell();
	return tap_finish();
}
