#include <virtuos.h>
#include "virtuos_impl.h"

unsigned long virtuos_syscall_count(void)
{
	return __atomic_load_n(&__virtuos_syscall_counter, __ATOMIC_RELAXED);
}
