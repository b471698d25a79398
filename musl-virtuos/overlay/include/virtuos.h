#ifndef _VIRTUOS_H
#define _VIRTUOS_H

#ifdef __cplusplus
extern "C" {
#endif

/* Number of system calls that went through the musl-virtuos dispatcher
 * in this process (inherited across fork). Reading it makes no call. */
unsigned long virtuos_syscall_count(void);

#ifdef __cplusplus
}
#endif

#endif
