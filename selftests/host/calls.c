// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side unit tests of the forwarded-call table both sides read: sorted
 * (the lookup is a binary search), every buffer's length argument is a
 * plain value, INOUT buffers have a fixed size, arrays an element size
 * and a count argument, and the lookup finds every
 * entry and nothing else.
 */
#include <string.h>

#include "tap.h"
#include "virtuos_calls.h"

static int entry_ok(const struct virtuos_call *c)
{
	int i;

	for (i = 0; i < 6; i++) {
		const struct virtuos_arg *a = &c->args[i];
		int kind = VIRTUOS_ARG_KIND(a->kind);

		if (kind > VIRTUOS_ARG_OUT_ARRAY)
			return 0;
		if ((kind == VIRTUOS_ARG_INOUT_ARRAY ||
		     kind == VIRTUOS_ARG_OUT_ARRAY) &&
		    (!a->size || a->len >= 6 || a->len == i ||
		     c->args[a->len].kind != VIRTUOS_ARG_VAL))
			return 0;
		if (kind == VIRTUOS_ARG_INOUT && !a->size)
			return 0;
		if ((kind == VIRTUOS_ARG_IN || kind == VIRTUOS_ARG_OUT) &&
		    !a->size && (a->len >= 6 || a->len == i ||
				 c->args[a->len].kind != VIRTUOS_ARG_VAL))
			return 0;
	}
	return 1;
}

int main(void)
{
	unsigned long i, sorted = 1, shaped = 1, found = 1;
	long nr, strays = 0;

	tap_plan(6);
	for (i = 0; i < VIRTUOS_NR_CALLS; i++) {
		if (i && virtuos_calls[i - 1].nr >= virtuos_calls[i].nr)
			sorted = 0;
		if (!entry_ok(&virtuos_calls[i]))
			shaped = 0;
		if (virtuos_call_find(virtuos_calls[i].nr) != &virtuos_calls[i])
			found = 0;
	}
	/* Against a linear scan of the table: every number from -2 to 599
	 * must give exactly the entry the scan gives, or none. */
	for (nr = -2; nr < 600; nr++) {
		const struct virtuos_call *want = NULL;

		for (i = 0; i < VIRTUOS_NR_CALLS; i++)
			if (virtuos_calls[i].nr == nr)
				want = &virtuos_calls[i];
		if (virtuos_call_find(nr) != want)
			strays++;
	}
	tap_ok(sorted, "the %lu entries are sorted by number",
	       (unsigned long)VIRTUOS_NR_CALLS);
	tap_ok(shaped, "buffer lengths name value arguments; INOUT and arrays have a size");
	tap_ok(found, "the lookup finds every entry");
	tap_ok(!strays, "from -2 to 599 the lookup gives what a linear scan gives (%ld differ)", strays);
	{
		static struct virtuos_call copy[VIRTUOS_NR_CALLS];
		unsigned int h = virtuos_calls_hash(), moved = 0;

		memcpy(copy, virtuos_calls, sizeof(copy));
		tap_ok(virtuos_calls_hash_of(copy, VIRTUOS_NR_CALLS) == h,
		       "a copy of the table hashes the same (%#x)", h);
		/* Any change of a shape, a role or a number moves it. */
		for (i = 0; i < VIRTUOS_NR_CALLS; i++) {
			copy[i].args[1].size ^= 1;
			moved += virtuos_calls_hash_of(copy, VIRTUOS_NR_CALLS) != h;
			copy[i].args[1].size ^= 1;
			copy[i].roles ^= 2;
			moved += virtuos_calls_hash_of(copy, VIRTUOS_NR_CALLS) != h;
			copy[i].roles ^= 2;
		}
		tap_ok(moved == 2 * VIRTUOS_NR_CALLS,
		       "changing any entry's argument size or roles changes the hash (%u of %lu)",
		       moved, 2 * (unsigned long)VIRTUOS_NR_CALLS);
	}
	return tap_finish();
}
