#include "syscall.h"
#include "virtuos_impl.h"

/*
 * Credential changes run locally, as always; then the primary module is
 * asked to copy the new credentials (from its kernel, not from us) to
 * every service domain this process uses, before the call returns.
 * unshare and setns are among them: entering another user namespace
 * takes away every capability in the initial one, which is the only one
 * a service domain knows. The
 * shadows run every later call with them. musl runs set*id in each thread
 * (__synccall): each thread's call passes here, and the last copy wins,
 * all of them alike.
 */
int __virtuos_route_creds(long n, long *a, long *ret)
{
	struct virtuos_domain *d;
	int i;

	*ret = __virtuos_trap(n, a[0], a[1], a[2], 0, 0, 0);
	/* setfsuid and setfsgid return the old id, even when they fail. */
	if (*ret < 0 && n != SYS_setfsuid && n != SYS_setfsgid)
		return 1;
	for (i = 1; i <= VIRTUOS_NR_DOMAINS; i++) {
		d = __virtuos_domain(i);
		if (d->state == VIRTUOS_DOMAIN_ATTACHED && !d->retired &&
		    !d->ctl->dead)
			__virtuos_trap(SYS_ioctl, d->devfd, VIRTUOS_IOC_CREDS,
			               0, 0, 0, 0);
	}
	return 1;
}
