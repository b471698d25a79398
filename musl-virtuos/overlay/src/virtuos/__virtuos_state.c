#include "virtuos_impl.h"

struct virtuos_domain __virtuos_storage = { .name = "storage" };
struct virtuos_fd __virtuos_fds[VIRTUOS_MAX_FDS];
int __virtuos_cwd_remote;
