#include <time.h>
#include "syscall.h"
#include "virtuos_impl.h"

long __virtuos_now_ns(void)
{
	struct timespec t;

	__virtuos_trap(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&t, 0, 0, 0, 0);
	return t.tv_sec * 1000000000L + t.tv_nsec;
}
