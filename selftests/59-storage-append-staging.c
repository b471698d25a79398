// SPDX-License-Identifier: GPL-2.0
/*
 * The storage shadow's staging of large O_APPEND writes
 * (VIRTUOS_CALL_STAGE, _STAGED_WRITE), spoken to by hand as a hostile
 * process could: pieces out of order, sizes past the limit, more keys
 * than a shadow keeps, a write of what was never staged, each get their
 * errno and leave nothing staged; what was staged in order is written
 * with one write and reaches the file in the storage domain.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "raw-area.h"
#include "tap.h"

#define PATH "/vt-staging"	/* in the shadow's root: /storage here */

int main(void)
{
	long data = VIRTUOS_SLOT_DATA_OFFSET(0), r, fd, key;
	struct raw_area sto;
	char *window, buf[16];
	int e, busy;

	tap_plan(8);
	e = raw_attach(&sto, "storage");
	if (e) {
		tap_ok(0, "attach to the storage domain by hand: %s", strerror(e));
		return tap_finish();
	}
	window = (char *)sto.ctl + data;
	memcpy(window, "hello, staging", 14);

	r = raw_call4(&sto, VIRTUOS_CALL_STAGED_WRITE, 0, 7, 5, 0);
	tap_ok(r == -EINVAL, "a write of nothing staged: EINVAL (%ld)", r);
	r = raw_call4(&sto, VIRTUOS_CALL_STAGE, 7, data, 5, 3);
	tap_ok(r == -EINVAL, "a first piece at position 3: EINVAL (%ld)", r);
	r = raw_call4(&sto, VIRTUOS_CALL_STAGE, 7, data, 5, 0);
	e = raw_call4(&sto, VIRTUOS_CALL_STAGE, 7, data, 5, 2);
	tap_ok(r == 5 && e == -EINVAL,
	       "5 bytes at 0, then a piece at 2 instead of 5: EINVAL (%ld, %d)",
	       r, e);
	r = raw_call4(&sto, VIRTUOS_CALL_STAGED_WRITE, 0, 7, 5, 0);
	tap_ok(r == -EINVAL, "which dropped the staging: its write EINVAL (%ld)",
	       r);
	r = raw_call4(&sto, VIRTUOS_CALL_STAGE, 7, data, 1, VIRTUOS_STAGE_MAX);
	tap_ok(r == -EFBIG, "a piece past %d MiB: EFBIG (%ld)",
	       VIRTUOS_STAGE_MAX >> 20, r);
	for (key = 1, busy = 0; key <= VIRTUOS_STAGE_KEYS + 1; key++) {
		r = raw_call4(&sto, VIRTUOS_CALL_STAGE, key, data, 1, 0);
		if (key <= VIRTUOS_STAGE_KEYS ? r != 1 : r != -EBUSY)
			busy = -1;
	}
	tap_ok(!busy, "%d keys staged, the next one: EBUSY (%ld)",
	       VIRTUOS_STAGE_KEYS, r);
	for (key = 1; key <= VIRTUOS_STAGE_KEYS; key++)
		raw_call4(&sto, VIRTUOS_CALL_STAGE, key, data, 0, 0);

	strcpy(window, PATH);
	fd = raw_call4(&sto, SYS_openat, AT_FDCWD, data,
		       O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
	memcpy(window, "hello, staging", 14);
	r = raw_call4(&sto, VIRTUOS_CALL_STAGE, 9, data, 7, 0);
	e = raw_call4(&sto, VIRTUOS_CALL_STAGE, 9, data + 7, 7, 7);
	key = raw_call4(&sto, VIRTUOS_CALL_STAGED_WRITE, fd, 9, 14, 0);
	tap_ok(fd >= 0 && r == 7 && e == 7 && key == 14,
	       "two pieces staged in order, then written: 14 bytes (%ld, %ld, %d, %ld)",
	       fd, r, e, key);
	memset(buf, 0, sizeof(buf));
	fd = open("/storage" PATH, O_RDONLY);
	r = fd >= 0 ? read(fd, buf, sizeof(buf)) : -1;
	tap_ok(r == 14 && !memcmp(buf, "hello, staging", 14),
	       "the file in the storage domain holds them (%ld: %.14s)", r, buf);
	close(fd);
	unlink("/storage" PATH);
	close(sto.fd);
	return tap_finish();
}
