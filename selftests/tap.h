/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal TAP producer for the VirtuOS selftests, in the spirit of the
 * kernel's kselftest.h: a plan, one line per test, and a summary line
 * "N passed, N failed" that runners and CI read.
 */
#ifndef VIRTUOS_TAP_H
#define VIRTUOS_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static int tap_count, tap_passed, tap_failed, tap_skipped;

static inline void tap_plan(int n)
{
	printf("TAP version 13\n1..%d\n", n);
	fflush(stdout);
}

static inline void tap_vresult(int ok, const char *directive, const char *fmt,
			       va_list ap)
{
	tap_count++;
	printf("%s %d - ", ok ? "ok" : "not ok", tap_count);
	vprintf(fmt, ap);
	if (directive)
		printf(" # %s", directive);
	printf("\n");
	fflush(stdout);
}

static inline int tap_ok(int ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vresult(ok, NULL, fmt, ap);
	va_end(ap);
	if (ok)
		tap_passed++;
	else
		tap_failed++;
	return ok;
}

/* A skip must say why: the reason is part of the line. */
static inline void tap_skip(const char *why, const char *fmt, ...)
{
	char directive[256];
	va_list ap;

	snprintf(directive, sizeof(directive), "SKIP %s", why);
	va_start(ap, fmt);
	tap_vresult(1, directive, fmt, ap);
	va_end(ap);
	tap_skipped++;
}

static inline void tap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static inline int tap_finish(void)
{
	printf("# %d passed, %d failed, %d skipped\n", tap_passed, tap_failed,
	       tap_skipped);
	fflush(stdout);
	return tap_failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif /* VIRTUOS_TAP_H */
