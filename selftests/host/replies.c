// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side unit tests of the library's checks of service-domain replies
 * (musl-virtuos/overlay/src/virtuos/__virtuos_reply_ok.c, compiled as it
 * is): directory records a hostile domain could forge (zero, odd, overlong
 * or truncated d_reclen, a name without its end) are refused, real ones
 * pass; strings must end within their room.
 */
#include <stdint.h>
#include <string.h>

#include "tap.h"
#include "../../musl-virtuos/overlay/src/virtuos/__virtuos_reply_ok.c"

/* Appends a record for @name with d_reclen @reclen (0: the right one). */
static long put(char *buf, long off, const char *name, unsigned short reclen)
{
	unsigned short right = (19 + strlen(name) + 1 + 7) / 8 * 8;
	uint64_t ino = 42, next = off + 1;

	memset(buf + off, 0, right);
	memcpy(buf + off, &ino, 8);
	memcpy(buf + off + 8, &next, 8);
	if (!reclen)
		reclen = right;
	memcpy(buf + off + 16, &reclen, 2);
	buf[off + 18] = 8;	/* DT_REG */
	strcpy(buf + off + 19, name);
	return off + right;
}

int main(void)
{
	char buf[256], name[24];
	long n;

	tap_plan(10);
	n = put(buf, 0, ".", 0);
	n = put(buf, n, "..", 0);
	n = put(buf, n, "a-longer-file-name", 0);
	tap_ok(__virtuos_dirents_ok(buf, n), "three real records pass (%ld bytes)", n);
	tap_ok(!__virtuos_dirents_ok(buf, n - 8), "cut short: refused");
	n = put(buf, 0, "x", 0);
	put(buf, n, "y", 0);
	memset(buf + 16, 0, 2);
	tap_ok(!__virtuos_dirents_ok(buf, 48), "d_reclen 0: refused (no endless walk)");
	put(buf, 0, "x", 20);
	tap_ok(!__virtuos_dirents_ok(buf, 24), "d_reclen not a multiple of 8: refused");
	put(buf, 0, "x", 200);
	tap_ok(!__virtuos_dirents_ok(buf, 24), "d_reclen past the reply: refused");
	n = put(buf, 0, "abcd", 0);
	memset(buf + 19, 'z', n - 19);
	tap_ok(!__virtuos_dirents_ok(buf, n), "a name without its end: refused");
	tap_ok(!__virtuos_dirents_ok(buf, 10), "less than a header: refused");
	memset(name, 'n', sizeof(name));
	tap_ok(!__virtuos_string_ok(name, sizeof(name)), "a string without its end: refused");
	name[5] = '\0';
	tap_ok(__virtuos_string_ok(name, sizeof(name)), "a string ended within its room passes");
	tap_ok(!__virtuos_string_ok(name, 0), "no room at all: refused");
	return tap_finish();
}
