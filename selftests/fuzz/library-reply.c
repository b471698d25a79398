// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the library's checks of what a service domain answers
 * (__virtuos_reply_ok.c and __virtuos_epoll_keys.c, compiled as they
 * are). The first byte of the input picks the decoder, the rest is the
 * reply, in a buffer of exactly its length.
 *
 * What must hold: whatever a check accepts, a program walks the way
 * programs do (getdents64 records by d_reclen, control data with
 * CMSG_FIRSTHDR/CMSG_NXTHDR, inotify and fanotify events by their
 * lengths) without reading outside the reply, finds every name ended
 * within its record and no descriptor or credentials in control data; an
 * epoll event the keys let through carries data the program registered
 * for that set, and a refused reply leaves no key behind.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/socket.h>

#include "fuzz.h"
#include "../../musl-virtuos/overlay/src/virtuos/__virtuos_reply_ok.c"
#include "../../musl-virtuos/overlay/src/virtuos/__virtuos_epoll_keys.c"

static unsigned short u16_at(const char *p)
{
	unsigned short v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static unsigned int u32_at(const char *p)
{
	unsigned int v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void walk_dirents(const char *buf, long len)
{
	long off = 0;

	while (off < len) {
		unsigned short reclen = u16_at(buf + off + 16);

		fuzz_touch(buf + off, reclen);
		if (strnlen(buf + off + 19, reclen - 19) == reclen - 19u)
			fuzz_finding("dirent at %ld: a name without its end", off);
		off += reclen;
	}
}

/* As a program does, with the C library's macros (glibc's here; musl's
 * stop no later). */
static void walk_cmsgs(char *buf, long len)
{
	struct msghdr mh = { .msg_control = buf, .msg_controllen = len };
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_len < sizeof(*c))
			break;
		fuzz_touch(CMSG_DATA(c), c->cmsg_len - sizeof(*c));
		if (c->cmsg_level == SOL_SOCKET &&
		    (c->cmsg_type == SCM_RIGHTS ||
		     c->cmsg_type == SCM_CREDENTIALS))
			fuzz_finding("control data with SOL_SOCKET type %d",
				     c->cmsg_type);
	}
}

static void walk_inotify(const char *buf, long len)
{
	long off = 0;

	while (off < len) {
		unsigned int name_len = u32_at(buf + off + 12);

		fuzz_touch(buf + off, 16 + name_len);
		if (name_len && strnlen(buf + off + 16, name_len) == name_len)
			fuzz_finding("inotify event at %ld: a name without its end",
				     off);
		off += 16 + name_len;
	}
}

/* FAN_EVENT_OK / FAN_EVENT_NEXT, then each info record by its length. */
static void walk_fanotify(const char *buf, long len)
{
	long off = 0, at;

	while (len - off >= 24) {
		unsigned int event_len = u32_at(buf + off);
		unsigned short meta_len = u16_at(buf + off + 6);

		if (event_len < 24 || event_len > len - off)
			break;
		fuzz_touch(buf + off, event_len);
		for (at = off + meta_len; at + 4 <= off + event_len;) {
			unsigned short info_len = u16_at(buf + at + 2);
			unsigned char type = buf[at];

			if (!info_len)
				fuzz_finding("fanotify info record of length 0");
			fuzz_touch(buf + at, info_len);
			if (type == 2 || type == 10 || type == 12) {
				unsigned int hb = u32_at(buf + at + 12);
				long name = at + 20 + hb;

				if (strnlen(buf + name, at + info_len - name) ==
				    (size_t)(at + info_len - name))
					fuzz_finding("fanotify name without its end");
			}
			at += info_len;
		}
		off += event_len;
	}
}

#define EVENT_SIZE 12
#define MEMBERS_MAX 16

struct member {
	unsigned char set, fd;
	uint64_t data;
};

/*
 * Registers members (a count, then set, fd and data of each) and gives
 * the rest, in whole events, to __virtuos_epoll_keys_take for set 0.
 */
static void epoll_events(const char *in, long len)
{
	struct member m[MEMBERS_MAX];
	int n = 0, i, k, entries[MEMBERS_MAX];
	long events;
	char *ev;

	if (len < 1)
		return;
	for (i = 0; i < (unsigned char)in[0] % MEMBERS_MAX &&
	     1 + (i + 1) * 10L <= len; i++) {
		m[n].set = in[1 + i * 10] & 3;
		m[n].fd = in[2 + i * 10];
		memcpy(&m[n].data, in + 3 + i * 10, 8);
		entries[n] = __virtuos_epoll_key_find(m[n].set, m[n].fd);
		if (entries[n] < 0)
			entries[n] = __virtuos_epoll_key_new(m[n].set, m[n].fd);
		if (entries[n] < 0)
			fuzz_finding("no key for set %d fd %d", m[n].set, m[n].fd);
		__virtuos_epoll_key_set_data(entries[n], 1, m[n].data);
		n++;
	}
	in += 1 + i * 10;
	len -= 1 + i * 10;
	events = len / EVENT_SIZE;
	ev = malloc(events * EVENT_SIZE + 1);
	if (!ev)
		abort();
	memcpy(ev, in, events * EVENT_SIZE);
	if (__virtuos_epoll_keys_take(0, ev, events) == 0) {
		for (k = 0; k < events; k++) {
			uint64_t data;
			int known = 0;

			memcpy(&data, ev + k * EVENT_SIZE + 4, 8);
			/* The last data given for a member is what it holds. */
			for (i = 0; i < n; i++)
				if (m[i].set == 0 &&
				    __virtuos_epoll_key_data(entries[i]) == data)
					known = 1;
			if (!known)
				fuzz_finding("event %d: data %#llx no member of the set has",
					     k, (unsigned long long)data);
		}
	} else {
		for (k = 0; k < events * EVENT_SIZE; k++)
			if (ev[k])
				fuzz_finding("a refused reply kept byte %d", k);
	}
	free(ev);
	for (i = 0; i < 4; i++)
		__virtuos_epoll_keys_free_set(i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	long len;
	char *buf;

	if (size < 1)
		return 0;
	len = size - 1;
	buf = malloc(len ? len : 1);	/* exactly the reply: no slack */
	if (!buf)
		abort();
	memcpy(buf, data + 1, len);
	switch (data[0] % 6) {
	case 0:
		if (__virtuos_dirents_ok(buf, len))
			walk_dirents(buf, len);
		break;
	case 1:
		if (__virtuos_string_ok(buf, len) && strlen(buf) >= (size_t)len)
			fuzz_finding("a string past its room");
		break;
	case 2:
		if (__virtuos_cmsgs_ok(buf, len))
			walk_cmsgs(buf, len);
		break;
	case 3:
		if (__virtuos_inotify_events_ok(buf, len))
			walk_inotify(buf, len);
		break;
	case 4:
		if (__virtuos_fanotify_events_ok(buf, len))
			walk_fanotify(buf, len);
		break;
	case 5:
		epoll_events(buf, len);
		break;
	}
	free(buf);
	return 0;
}
