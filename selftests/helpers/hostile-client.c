// SPDX-License-Identifier: GPL-2.0
/*
 * hostile-client fork-token: asks its storage shadow to fork for a token
 * the primary never gave out; prints the shadow's answer ("ret N").
 * hostile-client unix-socket [DOMAIN]: asks its shadow in DOMAIN (default
 * storage) for an AF_UNIX socket, through which it could reach the
 * domain's own processes; prints the answer ("ret N").
 * hostile-client forge-workers N: runs N calls, each after writing 1 into
 * the area's worker count (the shadow's to write), prints "done" and
 * keeps the area until killed, so the shadow's threads can be counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "raw-area.h"

int main(int argc, char **argv)
{
	struct raw_area a = { -1, NULL };
	long r = 0, i, n;
	int err;

	if (argc < 2 || (strcmp(argv[1], "fork-token") &&
			 strcmp(argv[1], "unix-socket") &&
			 (strcmp(argv[1], "forge-workers") || argc != 3))) {
		fprintf(stderr, "usage: hostile-client fork-token | "
			"unix-socket [DOMAIN] | forge-workers N\n");
		return 2;
	}
	err = raw_attach(&a, !strcmp(argv[1], "unix-socket") && argc == 3 ?
			 argv[2] : "storage");
	if (err) {
		printf("attach: %s\n", strerror(err));
		return 1;
	}
	if (!strcmp(argv[1], "fork-token")) {
		printf("ret %ld\n", raw_call(&a, VIRTUOS_CALL_FORK, 0x1234, 0x5678,
					     0));
		return 0;
	}
	if (!strcmp(argv[1], "unix-socket")) {
		printf("ret %ld\n", raw_call(&a, SYS_socket, AF_UNIX,
					     SOCK_SEQPACKET, 0));
		return 0;
	}
	n = atol(argv[2]);
	for (i = 0; i < n && r != -EIO; i++) {
		__atomic_store_n(&a.ctl->workers, 1, __ATOMIC_SEQ_CST);
		r = raw_call(&a, SYS_fstat, 12345, 0, 0);
	}
	printf("done %ld calls (last %ld)\n", i, r);
	fflush(stdout);
	for (;;)
		pause();
}
