#include <fcntl.h>
#include <sys/mman.h>
#include "syscall.h"
#include "virtuos_impl.h"

/*
 * fork: the child gets shadows of its own, forks of the parent's, so its
 * remote descriptors are the same open files (one offset, one set of
 * flags) under the same numbers, and later opens and closes on either
 * side are independent. Before the fork, for each attached domain, the
 * primary module gives a token and the shadow forks a child shadow that
 * waits for it; after the fork, the child attaches with the token, mapping
 * its new area where the parent's was. A domain the child cannot attach
 * to turns dead for it (its descriptors give EIO).
 */

struct prepared {
	int ready;
	unsigned long long token;
};

int __virtuos_fork_prepare(struct virtuos_domain *d, unsigned long long *token)
{
	struct virtuos_fork f;
	long args[6] = { 0 };

	if (__atomic_load_n(&d->state, __ATOMIC_ACQUIRE) !=
	    VIRTUOS_DOMAIN_ATTACHED || d->ctl->dead || d->retired)
		return -1;
	if (__virtuos_trap(SYS_ioctl, d->devfd, VIRTUOS_IOC_FORK, (long)&f,
	                   0, 0, 0))
		return -1;
	args[0] = (unsigned)f.token;
	args[1] = f.token >> 32;
	if (__virtuos_remote(d, VIRTUOS_CALL_FORK, args))
		return -1;
	*token = f.token;
	return 0;
}

static void prepare(struct virtuos_domain *d, struct prepared *p)
{
	p->ready = !__virtuos_fork_prepare(d, &p->token);
}

/* In the child: attach as the fork of the parent's area. */
static int attach_child(struct virtuos_domain *d, const struct prepared *p)
{
	struct virtuos_attach at;
	long fd, map;

	fd = __virtuos_open_attach(d, d->area_id, p->token, &at);
	if (fd < 0)
		return -1;
	map = __virtuos_trap(SYS_mmap, (long)d->ctl, VIRTUOS_MAP_SIZE,
	                     PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
	                     fd, 0);
	if (map != (long)d->ctl) {
		__virtuos_trap(SYS_close, fd, 0, 0, 0, 0, 0);
		return -1;
	}
	__virtuos_trap(SYS_dup3, fd, d->devfd, O_CLOEXEC, 0, 0, 0);
	__virtuos_trap(SYS_close, fd, 0, 0, 0, 0, 0);
	d->area_id = at.area_id;
	d->pid = __virtuos_trap(SYS_getpid, 0, 0, 0, 0, 0, 0);
	return 0;
}

long __virtuos_fork(void)
{
	struct prepared p[VIRTUOS_NR_DOMAINS];
	long pid;
	int i;

	for (i = 0; i < VIRTUOS_NR_DOMAINS; i++)
		prepare(&__virtuos_domains[i], &p[i]);
	pid = __virtuos_trap(SYS_fork, 0, 0, 0, 0, 0, 0);
	if (pid) {
		/* Which child holds each token (none if the fork failed):
		 * if it dies before it attaches, the token is free again. */
		for (i = 0; i < VIRTUOS_NR_DOMAINS; i++) {
			struct virtuos_fork_child c = {
				.token = p[i].token, .pid = pid > 0 ? pid : 0 };

			if (p[i].ready)
				__virtuos_trap(SYS_ioctl,
				               __virtuos_domains[i].devfd,
				               VIRTUOS_IOC_FORK_CHILD, (long)&c,
				               0, 0, 0);
		}
		return pid;
	}
	__virtuos_fault_forked();
	for (i = 0; i < VIRTUOS_NR_DOMAINS; i++) {
		struct virtuos_domain *d = &__virtuos_domains[i];

		if (d->state != VIRTUOS_DOMAIN_ATTACHED)
			continue;
		if (!p[i].ready || attach_child(d, &p[i]))
			__virtuos_retire(d);	/* its descriptors: EIO */
	}
	return 0;
}
