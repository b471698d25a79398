#include "virtuos_impl.h"

struct virtuos_domain __virtuos_domains[VIRTUOS_NR_DOMAINS] = {
	{ .name = "storage" },
	{ .name = "network" },
};
struct virtuos_fd __virtuos_fds[VIRTUOS_MAX_FDS];
int __virtuos_cwd_remote;
