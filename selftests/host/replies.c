// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side unit tests of the library's checks of service-domain replies
 * (musl-virtuos/overlay/src/virtuos/__virtuos_reply_ok.c, compiled as it
 * is): directory records a hostile domain could forge (zero, odd, overlong
 * or truncated d_reclen, a name without its end) are refused, real ones
 * pass; strings must end within their room; inotify events must tile the
 * read and their names end within their length; fanotify events must tile
 * the read, and their info records the event.
 */
#include <stdint.h>
#include <string.h>

#include "tap.h"
#include "../../musl-virtuos/overlay/src/virtuos/__virtuos_reply_ok.c"

/* Appends, at @off, a control message of @level and @type with @n bytes
 * of data and length field @clen (0: the right one); returns the end. */
static long put_cmsg(char *buf, long off, int level, int type, int n,
		     unsigned long clen)
{
	unsigned long right = 16 + n;

	memset(buf + off, 0, (right + 7) & ~7UL);
	memcpy(buf + off, clen ? &clen : &right, 8);
	memcpy(buf + off + 8, &level, 4);
	memcpy(buf + off + 12, &type, 4);
	memset(buf + off + 16, 0x5a, n);
	return off + ((right + 7) & ~7UL);
}

/* Appends an inotify event for @name (NULL: none) with @pad bytes of name
 * room and name length field @len (~0: the right one). */
static long put_event(char *buf, long off, const char *name, unsigned pad,
		      unsigned len)
{
	unsigned right = name ? pad : 0;
	int wd = 1;
	unsigned mask = 0x100, cookie = 0;

	memcpy(buf + off, &wd, 4);
	memcpy(buf + off + 4, &mask, 4);
	memcpy(buf + off + 8, &cookie, 4);
	if (len == ~0u)
		len = right;
	memcpy(buf + off + 12, &len, 4);
	if (name) {
		memset(buf + off + 16, 0, pad);
		memcpy(buf + off + 16, name, strlen(name));
	}
	return off + 16 + right;
}

/* Appends a fanotify event with one info record of @type (0: none)
 * carrying a handle of @hb bytes and @name (NULL: none); @bad_len, if
 * not 0, replaces the info record's length. */
static long put_fan(char *buf, long off, int type, unsigned hb,
		    const char *name, unsigned short bad_len)
{
	unsigned short meta = 24, info = 0;
	unsigned event_len;

	if (type)
		info = 20 + hb + (name ? strlen(name) + 1 : 0);
	event_len = meta + info;
	memset(buf + off, 0, event_len);
	memcpy(buf + off, &event_len, 4);
	buf[off + 4] = 3;
	memcpy(buf + off + 6, &meta, 2);
	if (type) {
		char *p = buf + off + meta;

		p[0] = type;
		memcpy(p + 2, bad_len ? &bad_len : &info, 2);
		memcpy(p + 12, &hb, 4);
		if (name)
			memcpy(p + 20 + hb, name, strlen(name) + 1);
	}
	return off + event_len;
}

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

	tap_plan(27);
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

	n = put_cmsg(buf, 0, 0 /* SOL_IP */, 8 /* IP_PKTINFO */, 12, 0);
	n = put_cmsg(buf, n, 0, 2 /* IP_TTL */, 4, 0);
	tap_ok(__virtuos_cmsgs_ok(buf, n) && __virtuos_cmsgs_ok(buf, 0),
	       "IP_PKTINFO then IP_TTL pass (%ld bytes); so does none", n);
	n = put_cmsg(buf, 0, 1 /* SOL_SOCKET */, 1 /* SCM_RIGHTS */, 8, 0);
	tap_ok(!__virtuos_cmsgs_ok(buf, n), "SCM_RIGHTS: refused");
	n = put_cmsg(buf, 0, 0, 2, 4, 0);
	n = put_cmsg(buf, n, 1, 2 /* SCM_CREDENTIALS */, 12, 0);
	tap_ok(!__virtuos_cmsgs_ok(buf, n), "SCM_CREDENTIALS after a good one: refused");
	n = put_cmsg(buf, 0, 0, 2, 4, 8);
	tap_ok(!__virtuos_cmsgs_ok(buf, n), "a length below the header: refused");
	n = put_cmsg(buf, 0, 0, 2, 4, 100);
	tap_ok(!__virtuos_cmsgs_ok(buf, n), "a length past the data: refused");
	n = put_cmsg(buf, 0, 0, 2, 4, 0);
	tap_ok(!__virtuos_cmsgs_ok(buf, n + 8), "a header cut short: refused");

	n = put_event(buf, 0, "created", 16, ~0u);
	n = put_event(buf, n, NULL, 0, ~0u);
	tap_ok(__virtuos_inotify_events_ok(buf, n),
	       "inotify: an event with a name, one without, pass (%ld bytes)", n);
	tap_ok(!__virtuos_inotify_events_ok(buf, n - 4), "inotify: cut short: refused");
	n = put_event(buf, 0, "x", 16, 200);
	tap_ok(!__virtuos_inotify_events_ok(buf, n), "inotify: a name length past the read: refused");
	n = put_event(buf, 0, "x", 16, ~0u);
	memset(buf + 16, 'z', 16);
	tap_ok(!__virtuos_inotify_events_ok(buf, n), "inotify: a name without its end: refused");
	tap_ok(!__virtuos_inotify_events_ok(buf, 10), "inotify: less than a header: refused");

	n = put_fan(buf, 0, 0, 0, NULL, 0);
	n = put_fan(buf, n, 2, 8, "name", 0);
	n = put_fan(buf, n, 1, 8, NULL, 0);
	tap_ok(__virtuos_fanotify_events_ok(buf, n),
	       "fanotify: plain, DFID_NAME and FID events pass (%ld bytes)", n);
	tap_ok(!__virtuos_fanotify_events_ok(buf, n - 4), "fanotify: cut short: refused");
	n = put_fan(buf, 0, 1, 8, NULL, 2);
	tap_ok(!__virtuos_fanotify_events_ok(buf, n), "fanotify: an info length of 2: refused");
	n = put_fan(buf, 0, 2, 8, "abc", 0);
	memset(buf + n - 4, 'z', 4);
	tap_ok(!__virtuos_fanotify_events_ok(buf, n), "fanotify: a name without its end: refused");
	n = put_fan(buf, 0, 1, 8, NULL, 0);
	memset(buf + 24 + 12, 0x7f, 4);
	tap_ok(!__virtuos_fanotify_events_ok(buf, n), "fanotify: a handle past its record: refused");
	n = put_fan(buf, 0, 4 /* PIDFD */, 0, NULL, 0);
	tap_ok(!__virtuos_fanotify_events_ok(buf, n), "fanotify: a pidfd record: refused");
	return tap_finish();
}
