#ifndef VIRTUOS_IMPL_H
#define VIRTUOS_IMPL_H

#include <features.h>
#include <stdint.h>
#include "virtuos_protocol.h"
#include "virtuos_calls.h"

/* The dispatcher: every system call musl makes from C enters here.
 * It may run before TLS exists, in signal handlers, after fork and in
 * posix_spawn's child: no errno, TLS, locks, malloc or stack protector.
 * The same holds for everything it calls in src/virtuos. */
hidden long __virtuos_syscall(long, long, long, long, long, long, long);

/* The cancellable dispatcher, called by __syscall_cp_c. */
hidden long __virtuos_syscall_cp(volatile void *, long,
                                 long, long, long, long, long, long);

/*
 * Cancellation (__virtuos_cancel.c). The cancellable dispatcher sets the
 * thread's cancel flag for the call; the wait that may block takes it
 * (0 outside cancellable calls) and traps with __virtuos_cp_trap, which
 * behaves as __virtuos_trap when cancel is 0. If the thread is cancelled
 * there, abandon(arg) runs before it exits.
 */
hidden void __virtuos_cp_set(volatile void *cancel);
hidden volatile int *__virtuos_cp_take(void);
hidden void __virtuos_cp_put(volatile int *cancel);
hidden long __virtuos_cp_trap(volatile int *cancel, void (*abandon)(void *),
                              void *arg, long n, long a1, long a2, long a3,
                              long a4, long a5, long a6);

/* The local system call: the one syscall instruction of the dispatcher. */
hidden long __virtuos_trap(long, long, long, long, long, long, long);

/* Decides where call n goes. Returns 1 with *ret set when the call was
 * handled (forwarded, or refused), 0 when it must trap locally. */
hidden int __virtuos_route(long n, long *args, long *ret);

/*
 * How each system call is routed, by number, from the call specification
 * (virtuos_call_spec.h; __virtuos_call_routes.c). .i and .j are argument
 * numbers (.j -1: none), .err the errno of a refusal.
 */
struct virtuos_route {
	unsigned char how;
	signed char i, j;
	unsigned char err;
};
#define VIRTUOS_BY_LOCAL	0	/* the primary's kernel */
#define VIRTUOS_BY_FD		1	/* the descriptor in argument 0 */
#define VIRTUOS_BY_PATH		2	/* paths in arguments i, j */
#define VIRTUOS_BY_AT		3	/* (dirfd, path) at i - 1, i and j - 1, j */
#define VIRTUOS_BY_SOCK		4	/* a network domain socket in argument 0 */
#define VIRTUOS_BY_SPECIAL	5	/* an emulation of __virtuos_route.c */
#define VIRTUOS_NO_FD		6	/* refused on remote descriptors i, j */
#define VIRTUOS_NO_PATH		7	/* refused on remote paths i, j */
#define VIRTUOS_NO_AT		8	/* refused on remote (dirfd, path) i, j */
#define VIRTUOS_NR_ROUTES	451
extern hidden const struct virtuos_route __virtuos_routes[VIRTUOS_NR_ROUTES];

extern hidden unsigned long __virtuos_syscall_counter;

/* $VIRTUOS_TRACE: each call written to stderr (__virtuos_trace.c). Once
 * the environment was read and tracing is off, one load decides. */
extern hidden int __virtuos_trace_state;
hidden int __virtuos_tracing(void);
#define __virtuos_trace_on() (__virtuos_trace_state && __virtuos_tracing())
hidden void __virtuos_trace(long n, const long *args, long ret, int routed);

/* A VIRTUOS_* environment setting, or 0 in a set-user-ID, set-group-ID
 * or file-capability image (__virtuos_getenv.c). */
hidden const char *__virtuos_getenv(const char *name);

/* CLOCK_MONOTONIC in nanoseconds (__virtuos_now_ns.c). */
hidden long __virtuos_now_ns(void);

/* How long a caller spins before it sleeps, unless VIRTUOS_SPIN says. */
#define VIRTUOS_SPIN_DEFAULT 20000

/* A service domain as this process sees it. */
struct virtuos_domain {
	const char *name;
	int state;		/* VIRTUOS_DOMAIN_* */
	unsigned gen;		/* attach generation: fds of older ones are dead */
	int devfd;		/* /dev/virtuos, attached */
	int retired;		/* devfd and ctl stand for a dead area */
	unsigned area_id;	/* the module's id of the area */
	int pid;		/* the process that owns the area */
	long spin;		/* pause loops before sleeping in the primary */
	struct virtuos_area_ctl *ctl;	/* the mapping, page 1 of the area */
	unsigned long seq;
};
#define VIRTUOS_DOMAIN_DETACHED  0
#define VIRTUOS_DOMAIN_ATTACHING 1
#define VIRTUOS_DOMAIN_ATTACHED  2

/* What a file descriptor number stands for, when it is remote. A local
 * placeholder (/dev/null opened O_PATH) holds the number in the primary's
 * kernel, so local and remote descriptors never collide. */
struct virtuos_fd {
	unsigned char domain;	/* 0: local; else VIRTUOS_STORAGE, ... */
	unsigned char dgram;	/* a socket that keeps message boundaries */
	unsigned char notify;	/* VIRTUOS_NOTIFY_*: an inotify or fanotify
				 * instance moved to the storage domain */
	unsigned gen;		/* the domain's gen when it was opened */
	int rfd;		/* the descriptor in the shadow */
};
#define VIRTUOS_MAX_FDS 4096
#define VIRTUOS_NOTIFY_INOTIFY		1
#define VIRTUOS_NOTIFY_FANOTIFY		2
#define VIRTUOS_NOTIFY_FANOTIFY_CLOEXEC	3	/* its event descriptors too */

/* The service domains, numbered from 1 in struct virtuos_fd. */
#define VIRTUOS_STORAGE 1
#define VIRTUOS_NETWORK 2
#define VIRTUOS_NR_DOMAINS 2

extern hidden struct virtuos_domain __virtuos_domains[VIRTUOS_NR_DOMAINS];
extern hidden struct virtuos_fd __virtuos_fds[VIRTUOS_MAX_FDS];
extern hidden int __virtuos_cwd_remote;

#define __virtuos_domain(n) (&__virtuos_domains[(n) - 1])

/* Descriptor helpers (__virtuos_fd.c). */
hidden int __virtuos_is_remote_fd(long fd);
hidden long __virtuos_rfd(long fd);
hidden long __virtuos_rfd_now(long fd);
/* Sockets of a restarted network domain (__virtuos_revive.c). */
hidden long __virtuos_socket_revive(long fd);
hidden void __virtuos_recipe_take(long fd, long rfd, int backlog);
hidden void __virtuos_recipe_forget(long fd);
hidden long __virtuos_call(int dom, long nr, long a1, long a2, long a3,
                           long a4, long a5, long a6);
hidden long __virtuos_adopt(int dom, long fd, long rfd);
hidden long __virtuos_new_fd(int dom, long rfd, long flags);
hidden long __virtuos_drop_fd(long fd);
/* write of more than one window, and writev, on a storage descriptor:
 * in one piece when it fits a window or with O_APPEND (runs of slots up
 * to VIRTUOS_APPEND_MAX, staged in the shadow beyond;
 * __virtuos_append.c). */
#define VIRTUOS_APPEND_MAX (8 * VIRTUOS_SLOT_DATA)
struct iovec;
hidden long __virtuos_write_vec(int dom, long rfd, const struct iovec *iov,
                                long cnt);
hidden long __virtuos_chunked(int dom, long nr, long rfd, char *buf,
                              long count, long a4, int once);

/* Socket calls (__virtuos_route_socket.c), like __virtuos_route. */
hidden int __virtuos_route_socket(long n, long *args, long *ret);
/* write, readv and writev on a remote socket. */
hidden long __virtuos_socket_write(long fd, long rfd, const char *buf,
                                   long len);
hidden long __virtuos_socket_vec(long n, long fd, long rfd,
                                 const struct iovec *iov, long cnt);
/* r, after raising SIGPIPE if r is -EPIPE and flags lack MSG_NOSIGNAL. */
hidden long __virtuos_sigpipe(long r, long flags);

/*
 * Bad pointers (__virtuos_fault.c). The library copies buffers itself, so
 * it checks them first, as the kernel would: outside the user address
 * range (the first page, or beyond the highest user address of x86_64,
 * 5-level paging included), or, probed with a guard, not mapped for
 * reading (__virtuos_bad_range) or writing (__virtuos_bad_out). Those give
 * EFAULT instead of a fault.
 */
static inline int __virtuos_outside_user(long p, long len)
{
	const unsigned long top = 0x00fffffffffff000UL;

	return (unsigned long)p < 4096 || (unsigned long)p > top ||
	       (unsigned long)len > top - (unsigned long)p;
}
hidden int __virtuos_probe(const void *p, unsigned long len, int write);
static inline int __virtuos_bad_range(long p, long len)
{
	return __virtuos_outside_user(p, len) ||
	       __virtuos_probe((const void *)p, len, 0);
}
static inline int __virtuos_bad_out(long p, long len)
{
	return __virtuos_outside_user(p, len) ||
	       __virtuos_probe((const void *)p, len, 1);
}
/* strnlen of a string of the process: -EFAULT if it is not readable. */
hidden long __virtuos_user_strnlen(const char *s, unsigned long max);
/* sigaction of SIGSEGV and SIGBUS, whose real handlers the library holds
 * once it probed: like __virtuos_route. */
hidden int __virtuos_route_fault_action(long *args, long *ret);
/* In a forked child: the handlers in its table are the library's. */
hidden void __virtuos_fault_forked(void);

/* execve with the remote state carried over, and its loading in the new
 * image before its first call (__virtuos_exec.c). */
hidden long __virtuos_execve(long n, long *args);
hidden void __virtuos_exec_load(void);
extern hidden int __virtuos_exec_loaded;

/* $VIRTUOS_SPIN, or the default (__virtuos_attach.c). */
hidden long __virtuos_spin_rounds(void);

/* fork with shadows for the child (__virtuos_fork.c). */
hidden long __virtuos_fork(void);

/* Before a fork (or an execve in a vfork child): a token from the module,
 * and a child shadow in d's domain waiting for it. 0, or -1. */
hidden int __virtuos_fork_prepare(struct virtuos_domain *d,
                                  unsigned long long *token);

/* Opens /dev/virtuos attached to d's domain (__virtuos_attach.c): the
 * descriptor, or a negative errno. */
hidden long __virtuos_open_attach(struct virtuos_domain *d, unsigned fork_area,
                                  unsigned long long token,
                                  struct virtuos_attach *at);

/* Lets go of d's area; its descriptors then give EIO. */
hidden void __virtuos_retire(struct virtuos_domain *d);

/* utime, utimes and futimesat as utimensat (__virtuos_old_times.c);
 * close_range, remote descriptors first (__virtuos_close_range.c). */
hidden long __virtuos_old_times(long n, long *args);
hidden long __virtuos_close_range(long *args);
/* Replies checked before use (__virtuos_reply_ok.c): 1 if well formed. */
hidden int __virtuos_dirents_ok(const char *buf, long len);
hidden int __virtuos_inotify_events_ok(const char *buf, long len);
hidden int __virtuos_fanotify_events_ok(const char *buf, long len);
hidden long __virtuos_notify_move(long fd, int kind);
hidden long __virtuos_fanotify_read(long fd, long rfd, char *buf, long count);
hidden long __virtuos_fanotify_write(long rfd, const char *buf, long count);
hidden int __virtuos_string_ok(const char *s, long size);
hidden int __virtuos_cmsgs_ok(const char *buf, long len);

/* ioctl on a remote file (__virtuos_file_ioctl.c). */
hidden long __virtuos_file_ioctl(long fd, long *args);

/* The library's own descriptors, closed to the process, and moving one off
 * a number the process takes (__virtuos_attach.c). */
hidden int __virtuos_own_fd(long fd);
hidden void __virtuos_own_fd_move(long fd);

/* Attaches the process to d once; 0, or a negative errno. */
hidden int __virtuos_attach(struct virtuos_domain *d);

/* Request slots one by one (__virtuos_slot.c). */
hidden int __virtuos_slot_claim(struct virtuos_domain *d);
hidden void __virtuos_slot_submit(struct virtuos_domain *d, int s, long nr,
                                  const long *a, int waiting);
hidden int __virtuos_slot_done(struct virtuos_domain *d, int s);
hidden void __virtuos_slot_cancel(struct virtuos_domain *d, int s);
hidden int __virtuos_slot_wait(struct virtuos_domain *d, int s);
hidden void __virtuos_slot_free(struct virtuos_domain *d, int s);
hidden long __virtuos_slot_notify(struct virtuos_domain *d, int s, int efd);
hidden long __virtuos_slot_result(struct virtuos_domain *d, int s);
/* Slot s's data window in d's mapping. */
#define __virtuos_slot_window(d, s) \
	((char *)(d)->ctl + VIRTUOS_SLOT_DATA_OFFSET(s))

/*
 * A local epoll set with members in service domains has, in each such
 * domain, an epoll instance of its own that holds them (__virtuos_epoll.c).
 */
struct virtuos_epoll {
	int rfd1[VIRTUOS_NR_DOMAINS];	/* its descriptor + 1; 0: none */
	unsigned gen[VIRTUOS_NR_DOMAINS];
	unsigned next;			/* where epoll_wait looks first */
};
extern hidden struct virtuos_epoll __virtuos_epolls[VIRTUOS_MAX_FDS];
/* Whether local descriptor fd is an epoll set with remote members. */
hidden int __virtuos_epoll_remote(long fd);
/* The epoll instance of set fd in domain dom: its descriptor, -1 when there
 * is none, -EIO when the domain died since. */
hidden long __virtuos_epoll_part(long fd, int dom);
/* Before local descriptor fd is closed or replaced: ends its parts. */
hidden void __virtuos_epoll_forget(long fd);
/* Keys that stand for remote members' data (__virtuos_epoll_keys.c). */
hidden int __virtuos_epoll_key_find(long set, long fd);
hidden int __virtuos_epoll_key_new(long set, long fd);
hidden uint64_t __virtuos_epoll_key(int i);
hidden void __virtuos_epoll_key_set_data(int i, uint32_t events, uint64_t data);
hidden int __virtuos_epoll_key_next(long set, int i, int *fd, uint32_t *events);
hidden uint64_t __virtuos_epoll_key_data(int i);
hidden void __virtuos_epoll_key_free(int i);
hidden void __virtuos_epoll_keys_free_set(long set);
hidden int __virtuos_epoll_keys_take(long set, char *events, long n);
hidden int __virtuos_route_epoll(long n, long *args, long *ret);

/* set*id, setgroups and capset, then the new credentials to the shadows. */
hidden int __virtuos_route_creds(long n, long *args, long *ret);

/* poll, ppoll, select and pselect6 on remote descriptors. */
struct pollfd;
struct timespec;
hidden long __virtuos_poll(struct pollfd *fds, unsigned long n,
                           const struct timespec *ts, const void *mask,
                           long masksz);
hidden int __virtuos_route_poll(long n, long *args, long *ret);

/* Runs call nr with args (user pointers, remote descriptors) in d. */
hidden long __virtuos_remote(struct virtuos_domain *d, long nr,
                             const long *args);

#endif
