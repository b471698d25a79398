#ifndef VIRTUOS_IMPL_H
#define VIRTUOS_IMPL_H

#include <features.h>

/* The dispatcher: every system call musl makes from C enters here.
 * It may run before TLS exists, in signal handlers, after fork and in
 * posix_spawn's child: no errno, TLS, locks, malloc or stack protector. */
hidden long __virtuos_syscall(long, long, long, long, long, long, long);

/* The cancellable dispatcher, called by __syscall_cp_c. */
hidden long __virtuos_syscall_cp(volatile void *, long,
                                 long, long, long, long, long, long);

extern hidden unsigned long __virtuos_syscall_counter;

#endif
