#include <stdlib.h>
#include "syscall.h"
#include "virtuos_impl.h"

/*
 * VIRTUOS_TRACE=1 in the environment: every system call that passes the
 * dispatcher is written to stderr, one line each,
 *   virtuos[PID]: NR(A1, A2, A3, A4) = RET remote|local
 * with numbers in decimal. For debugging the library; it costs a write.
 */

extern char **__environ;

/* -1 until the environment has been read, then 0 or 1. */
int __virtuos_trace_state = -1;

int __virtuos_tracing(void)
{
	const char *v;

	if (__virtuos_trace_state >= 0)
		return __virtuos_trace_state;
	if (!__environ)
		return 0;
	v = __virtuos_getenv("VIRTUOS_TRACE");
	__virtuos_trace_state = v && *v && *v != '0';
	return __virtuos_trace_state;
}

static char *put_num(char *p, long v)
{
	char tmp[24];
	unsigned long u = v < 0 ? -(unsigned long)v : v;
	int n = 0;

	do tmp[n++] = '0' + u % 10; while (u /= 10);
	if (v < 0)
		*p++ = '-';
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

void __virtuos_trace(long n, const long *a, long ret, int routed)
{
	char line[256], *p = line;
	int i;

	p = put_str(p, "virtuos[");
	p = put_num(p, __virtuos_trap(SYS_getpid, 0, 0, 0, 0, 0, 0));
	p = put_str(p, "]: ");
	p = put_num(p, n);
	*p++ = '(';
	for (i = 0; i < 4; i++) {
		if (i)
			p = put_str(p, ", ");
		p = put_num(p, a[i]);
	}
	p = put_str(p, ") = ");
	p = put_num(p, ret);
	p = put_str(p, routed ? " remote\n" : " local\n");
	__virtuos_trap(SYS_write, 2, (long)line, p - line, 0, 0, 0);
}
