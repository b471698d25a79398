/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VirtuOS shadow executor: the shadow of one client process.
 */
#ifndef VIRTUOS_SHADOW_H
#define VIRTUOS_SHADOW_H

#include <errno.h>
#include <stdint.h>
#include <sys/types.h>

#include "virtuos_protocol.h"

/*
 * Runs the shadow of the process described by @m in this (forked)
 * process: maps its area, takes its credentials, answers the ATTACH through
 * @devfd and serves requests until killed. @chan is its end of a socket
 * pair with virtuos-shadowd, its private channel. Never returns.
 */
void shadow_main(int devfd, const struct virtuos_executor_msg *m,
		 const char *root, int chan);

/*
 * What a shadow that forked for VIRTUOS_CALL_FORK sends virtuos-shadowd
 * over its channel, with one end of a socket pair (SCM_RIGHTS) whose
 * other end the child shadow waits on for the hand-off: the token the
 * child process will attach with, and the child shadow's pid.
 */
struct virtuos_fork_offer {
	uint64_t token;
	int32_t pid;
	uint32_t reserved;
};

/*
 * The roles (VIRTUOS_ROLE_* of virtuos_calls.h) this domain's shadows serve,
 * from virtuos-shadowd's --role: a call no such role serves is refused
 * with ENOSYS and kept out of the seccomp filter.
 */
extern unsigned int shadow_roles;
int shadow_set_role(const char *name);	/* 0, or -EINVAL */
const char *shadow_role_name(void);

/* Runs one request of a slot; returns the result or a negative errno. */
long shadow_run_call(char *base, unsigned long size, long nr,
		     const long *args);

/*
 * VIRTUOS_CALL_PROBE (probe.c) in @slot. The shadow's system calls are
 * counted per worker (shadow_count_syscalls, in the calling thread's own
 * counter) and summed on read (shadow_syscalls).
 */
long shadow_probe(struct virtuos_slot *slot, long kind, long arg);
void shadow_count_syscalls(unsigned long n);
unsigned long shadow_syscalls(void);

/* The seccomp filter of a shadow (seccomp.c). */
long shadow_seccomp(unsigned int roles);

/*
 * Close-on-exec of remote descriptors (exec_close.c): the list the client
 * sets with VIRTUOS_CALL_EXEC_CLOSE, closed when page 0's exec_seq moves.
 * shadow_exec_start() at attach (and in a forked child) takes the current
 * exec_seq and the shadow's own descriptors, which are never closed.
 */
void shadow_exec_start(const struct virtuos_area_dir *dir, int gntdev_fd,
		       int evtchn_fd);
long shadow_exec_close_set(const int *fds, long bytes);
void shadow_exec_follow(const struct virtuos_area_dir *dir);

/*
 * Staged appends (stage.c): VIRTUOS_CALL_STAGE and _STAGED_WRITE.
 * shadow_stage_init() maps the ledger the executor shares with its
 * shadows (before the first fork); shadow_stage_forget() drops, in a
 * forked child shadow, the stagings it inherited; shadow_stage_ended()
 * (in the executor) takes a gone shadow's share off the ledger.
 */
int shadow_stage_init(void);
long shadow_stage(long key, const char *data, long len, long pos);
long shadow_staged_write(int fd, long key, long len);
void shadow_stage_forget(void);
void shadow_stage_ended(pid_t pid);

/* Notifies the area's event channel (the process waits for a slot). */
void shadow_notify(void);

/*
 * A service domain that lies, in test builds only (virtuos-shadowd-hostile,
 * built with VIRTUOS_HOSTILE from hostile.c; never in a service-domain
 * image): --hostile MODE makes every shadow forge its answers, so the
 * selftests can show what the primary does with them. Elsewhere the
 * option is refused and answers are what the calls returned.
 */
#ifdef VIRTUOS_HOSTILE
int shadow_hostile_set(const char *mode);
void shadow_hostile_start(int devfd);
long shadow_hostile(char *base, long nr, const long *args, long ret);
#else
static inline int shadow_hostile_set(const char *mode)
{
	(void)mode;
	return -EINVAL;
}

static inline void shadow_hostile_start(int devfd)
{
	(void)devfd;
}

static inline long shadow_hostile(char *base, long nr, const long *args,
				  long ret)
{
	(void)base;
	(void)nr;
	(void)args;
	return ret;
}
#endif

/* Credentials (creds.c). */
long shadow_creds_take(const struct virtuos_creds *c);
long shadow_creds_follow(const struct virtuos_creds *shared, uint32_t *seen);

#endif /* VIRTUOS_SHADOW_H */
