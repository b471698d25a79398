#include "virtuos_impl.h"

unsigned long __virtuos_syscall_counter;
