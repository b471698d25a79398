// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side unit tests of the keys that stand for remote epoll members'
 * data (musl-virtuos/overlay/src/virtuos/__virtuos_epoll_keys.c, compiled
 * as it is): what a service domain reports turns back into the caller's
 * data only for a key of a member of that set; a made-up key, one of
 * another set, of another descriptor or of a freed entry gives EIO and
 * leaves no key or data in the events.
 */
#include <stdint.h>
#include <string.h>

#include "tap.h"
#include "../../musl-virtuos/overlay/src/virtuos/__virtuos_epoll_keys.c"

/* Writes one event with events mask 1 and data @d at index @k. */
static void put(char *ev, int k, uint64_t d)
{
	uint32_t mask = 1;

	memcpy(ev + k * 12, &mask, 4);
	memcpy(ev + k * 12 + 4, &d, 8);
}

static uint64_t data_of(const char *ev, int k)
{
	uint64_t d;

	memcpy(&d, ev + k * 12 + 4, 8);
	return d;
}

static int all_zero(const char *ev, int n)
{
	int i;

	for (i = 0; i < n * 12; i++)
		if (ev[i])
			return 0;
	return 1;
}

/* One event with key @key, taken for set @set: the result of take. */
static int take_one(long set, uint64_t key, char *ev)
{
	put(ev, 0, key);
	return __virtuos_epoll_keys_take(set, ev, 1);
}

int main(void)
{
	char ev[12 * 4];
	int a, b, c, i, r;

	tap_plan(11);
	a = __virtuos_epoll_key_new(5, 7);
	__virtuos_epoll_key_set_data(a, 1, 0xdeadbeefcafeULL);
	b = __virtuos_epoll_key_new(6, 7);	/* same descriptor, second set */
	__virtuos_epoll_key_set_data(b, 1, 42);
	c = __virtuos_epoll_key_new(5, 9);
	__virtuos_epoll_key_set_data(c, 1, 99);
	tap_ok(a == 7 && b >= 4096 && c == 9 &&
	       __virtuos_epoll_key_find(5, 7) == a &&
	       __virtuos_epoll_key_find(6, 7) == b &&
	       __virtuos_epoll_key_find(6, 9) == -1,
	       "entries: a descriptor's first set takes its own, a second set a spare one (%d %d %d)",
	       a, b, c);

	put(ev, 0, __virtuos_epoll_key(a));
	put(ev, 1, __virtuos_epoll_key(c));
	r = __virtuos_epoll_keys_take(5, ev, 2);
	tap_ok(r == 0 && data_of(ev, 0) == 0xdeadbeefcafeULL &&
	       data_of(ev, 1) == 99,
	       "keys of the set's members turn into their data (%d)", r);
	r = take_one(6, __virtuos_epoll_key(b), ev);
	tap_ok(r == 0 && data_of(ev, 0) == 42,
	       "the second set's key gives the second set's data (%d)", r);

	r = take_one(6, __virtuos_epoll_key(a), ev);
	tap_ok(r == -EIO && all_zero(ev, 1),
	       "a key of another set: EIO, nothing left in the event (%d)", r);
	r = take_one(5, 0x7fffffff00001234ULL, ev);
	tap_ok(r == -EIO && all_zero(ev, 1),
	       "a made-up key (a pointer, say): EIO (%d)", r);
	r = take_one(5, 0, ev);
	tap_ok(r == -EIO, "key 0: EIO (%d)", r);
	r = take_one(5, (uint64_t)8 << 32 | (uint32_t)(a + 1), ev);
	tap_ok(r == -EIO, "the right entry with another descriptor: EIO (%d)", r);

	put(ev, 0, __virtuos_epoll_key(a));
	put(ev, 1, 0x1000);
	r = __virtuos_epoll_keys_take(5, ev, 2);
	tap_ok(r == -EIO && all_zero(ev, 2),
	       "one forged key among good ones: EIO, no event keeps its data (%d)",
	       r);

	__virtuos_epoll_key_free(c);
	r = take_one(5, __virtuos_epoll_key(c), ev);
	tap_ok(r == -EIO && __virtuos_epoll_key_find(5, 9) == -1,
	       "a freed entry's key: EIO (%d)", r);

	__virtuos_epoll_keys_free_set(5);
	tap_ok(__virtuos_epoll_key_find(5, 7) == -1 &&
	       __virtuos_epoll_key_find(6, 7) == b,
	       "closing a set frees its entries and only those");

	for (i = 0; i < 2000; i++) {
		r = __virtuos_epoll_key_new(100 + i, 7);
		if (r < 0)
			break;
	}
	tap_ok(r == -ENOSPC && i == 1024 &&
	       __virtuos_epoll_key_new(3, 4096) == -EBADF,
	       "the own entry and the 1023 spares left, then ENOSPC (%d made); a descriptor past the table: EBADF",
	       i);
	return tap_finish();
}
