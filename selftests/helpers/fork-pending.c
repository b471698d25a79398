// SPDX-License-Identifier: GPL-2.0
/*
 * fork-pending SECONDS: makes the storage shadow of a hand-made area
 * (raw-area.h) fork for a fork that never comes: it asks the primary for
 * a fork token (VIRTUOS_IOC_FORK), sends it to the shadow
 * (VIRTUOS_CALL_FORK), prints "pending STATUS" and sleeps SECONDS while
 * the child shadow waits for its hand-off.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "raw-area.h"

int main(int argc, char **argv)
{
	struct virtuos_fork fork_arg = { 0 };
	struct raw_area sto = { -1, NULL };
	long r;
	int e;

	if (argc != 2) {
		fprintf(stderr, "usage: fork-pending SECONDS\n");
		return 2;
	}
	e = raw_attach(&sto, "storage");
	if (e || ioctl(sto.fd, VIRTUOS_IOC_FORK, &fork_arg)) {
		printf("attach or fork token: %s\n", strerror(e ? e : errno));
		return 1;
	}
	r = raw_call(&sto, VIRTUOS_CALL_FORK, (unsigned int)fork_arg.token,
		     fork_arg.token >> 32, 0);
	printf("pending %ld\n", r);
	fflush(stdout);
	sleep(atoi(argv[1]));
	return 0;
}
