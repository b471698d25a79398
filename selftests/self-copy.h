/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helper of the selftests that run a copy of themselves (49, 74): this
 * program's file copied to a new file.
 */
#ifndef VIRTUOS_SELF_COPY_H
#define VIRTUOS_SELF_COPY_H

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* Copies /proc/self/exe to @to (replaced, mode @mode, owner root);
 * 0, or -1. */
static inline int copy_self(const char *to, mode_t mode)
{
	char buf[65536];
	int in = open("/proc/self/exe", O_RDONLY), out;
	ssize_t n;

	unlink(to);
	out = open(to, O_CREAT | O_WRONLY | O_EXCL, 0700);
	if (in < 0 || out < 0)
		return -1;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			return -1;
	close(in);
	if (fchown(out, 0, 0) || fchmod(out, mode))
		return -1;
	return close(out);
}

#endif /* VIRTUOS_SELF_COPY_H */
