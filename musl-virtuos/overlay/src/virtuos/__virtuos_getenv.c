#include <elf.h>
#include <stdlib.h>
#include "libc.h"
#include "virtuos_impl.h"

extern char **__environ;

/*
 * Whether this image runs with more rights than whoever started it: the
 * kernel's AT_SECURE (set-user-ID, set-group-ID, file capabilities), or
 * real and effective ids that differ, as musl itself decides. Read from
 * the auxiliary vector, which is there before libc.secure is set.
 */
static int secure_image(void)
{
	size_t *a = libc.auxv, uid = 0, euid = 0, gid = 0, egid = 0;

	for (; a && *a; a += 2) {
		if (a[0] == AT_SECURE && a[1]) return 1;
		if (a[0] == AT_UID) uid = a[1];
		if (a[0] == AT_EUID) euid = a[1];
		if (a[0] == AT_GID) gid = a[1];
		if (a[0] == AT_EGID) egid = a[1];
	}
	return uid != euid || gid != egid;
}

/*
 * A VIRTUOS_* setting from the environment, or 0. A secure image takes
 * none: its environment comes from a less privileged caller, who must not
 * move its paths, trace its calls or tune its waits.
 */
const char *__virtuos_getenv(const char *name)
{
	if (!__environ || !libc.auxv || secure_image())
		return 0;
	return getenv(name);
}
