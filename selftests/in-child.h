/* SPDX-License-Identifier: GPL-2.0 */
/*
 * in_child(): run one case of a selftest in a forked child, which reports
 * an errno (0: as expected) through its exit status; 253 when the child
 * did not exit normally.
 */
#ifndef VIRTUOS_IN_CHILD_H
#define VIRTUOS_IN_CHILD_H

#include <sys/wait.h>
#include <unistd.h>

static inline int in_child(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return 253;
	return WEXITSTATUS(status);
}

#endif
