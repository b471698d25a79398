/* SPDX-License-Identifier: GPL-2.0 */
/*
 * granted_pages(): how many pages the primary module grants to service
 * domains now (/sys/kernel/virtuos/granted_pages), or -1.
 */
#ifndef VIRTUOS_GRANTED_PAGES_H
#define VIRTUOS_GRANTED_PAGES_H

#include <stdio.h>

static inline long granted_pages(void)
{
	FILE *f = fopen("/sys/kernel/virtuos/granted_pages", "r");
	long n = -1;

	if (f) {
		if (fscanf(f, "%ld", &n) != 1)
			n = -1;
		fclose(f);
	}
	return n;
}

#endif
