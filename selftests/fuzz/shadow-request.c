// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the shadow's decoding of one request
 * (module/executor/calls.c, compiled as it is), with the system calls it
 * would make replaced by checks of what they would hand the service
 * kernel. The input is a call (an entry of the table, or any number), the
 * role of the domain, the six argument words and the contents of the
 * window, all as a client process could write them.
 *
 * What must hold, whatever the input: a call reaches the kernel only if
 * the table gives it to this domain's role; every buffer the kernel would
 * read or write lies in the data part of the window, with the length the
 * table gives it; paths are copies, never the window itself; fcntl and
 * ioctl commands that take a pointer get one into the window (or a
 * private copy the shadow checked); control data sent holds no
 * descriptors or credentials as the kernel would parse it; sockets are
 * of the network stack only. A breach aborts with a message (a finding
 * for the fuzzer, a failure for the corpus replay); memory errors are
 * the sanitizer's.
 */
#define _GNU_SOURCE
#define syscall fuzz_syscall
#define ioctl fuzz_ioctl
#define sendmsg fuzz_sendmsg
#define recvmsg fuzz_recvmsg
#include "../../module/executor/calls.c"
#include "../../module/executor/exec_close.c"
#undef syscall
#undef ioctl
#undef sendmsg
#undef recvmsg

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

#define WINDOW_SIZE	(5 * VIRTUOS_PAGE_SIZE)	/* page 0 and 4 data pages */
#define ARGS_AT		3

static char *window;

void shadow_count_syscalls(unsigned long n)
{
	(void)n;
}

/* [p, p + len) must lie in the data pages of the window. */
static void in_window(const void *p, unsigned long len, const char *what)
{
	const char *c = p;

	if (c < window + VIRTUOS_PAGE_SIZE || c > window + WINDOW_SIZE ||
	    len > (unsigned long)(window + WINDOW_SIZE - c))
		fuzz_finding("%s: %p, %lu bytes, is not in the window's data",
			     what, p, len);
	fuzz_touch(p, len);
}

/* Staged appends (stage.c): the data must come from the window. */
long shadow_stage(long key, const char *data, long len, long pos)
{
	(void)key;
	(void)pos;
	if (len < 0 || len > VIRTUOS_STAGE_MAX)
		return -EFBIG;
	in_window(data, len, "staged data");
	return len;
}

long shadow_staged_write(int fd, long key, long len)
{
	(void)fd;
	(void)key;
	(void)len;
	return -EINVAL;
}

static int outside_window(const void *p)
{
	const char *c = p;

	return c < window || c >= window + WINDOW_SIZE;
}

/*
 * Control data as the kernel walks it (net/core/scm.c, __cmsg_nxthdr):
 * the next header follows the aligned length; a header whose length is
 * short or runs past the end makes the whole call fail.
 */
static void control_as_kernel(const char *control, unsigned long len)
{
	unsigned long off = 0, clen;
	int level, type;

	while (len >= 16 && off <= len - 16) {
		memcpy(&clen, control + off, 8);
		memcpy(&level, control + off + 8, 4);
		memcpy(&type, control + off + 12, 4);
		if (clen < 16 || clen > len - off)
			return;		/* EINVAL: nothing is sent */
		if (level == SOL_SOCKET &&
		    (type == SCM_RIGHTS || type == SCM_CREDENTIALS))
			fuzz_finding("sendmsg carries SOL_SOCKET type %d at %lu",
				     type, off);
		off += (clen + 7) & ~7UL;
	}
}

/* Requests that take a pointer to one int, as the kernel defines them. */
static int int_pointer_ioctl(unsigned long request)
{
	switch (request) {
	case FIONREAD: case FIONBIO: case SIOCATMARK: case TIOCOUTQ:
	case FIGETBSZ: case FS_IOC_GETFLAGS: case FS_IOC_SETFLAGS:
		return 1;
	}
	return 0;
}

/* fcntl commands whose third argument the kernel takes as an address. */
static int pointer_fcntl(long cmd)
{
	switch (cmd) {
	case F_GETLK: case F_SETLK: case F_SETLKW:
	case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW:
	case F_GETOWN_EX: case F_SETOWN_EX: case 17:	/* F_GETOWNER_UIDS */
	case F_GET_RW_HINT: case F_SET_RW_HINT:
	case F_GET_FILE_RW_HINT: case F_SET_FILE_RW_HINT:
		return 1;
	}
	return 0;
}

long fuzz_syscall(long nr, ...)
{
	const struct virtuos_call *call = virtuos_call_find(nr);
	long a[6], len;
	va_list ap;
	int i;

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (!call || !(call->roles & shadow_roles))
		fuzz_finding("call %ld reached the kernel of role %u", nr,
			     shadow_roles);
	if (nr == SYS_socket && a[0] != AF_INET && a[0] != AF_INET6)
		fuzz_finding("a socket of family %ld", a[0]);
	if (nr == SYS_ioctl && !int_pointer_ioctl((unsigned int)a[1]))
		fuzz_finding("ioctl request %#lx reached the kernel", a[1]);
	if (nr == SYS_fcntl && pointer_fcntl(a[1])) {
		if (!is_lock_cmd(a[1]))
			fuzz_finding("fcntl command %ld reached the kernel",
				     a[1]);
		in_window((void *)a[2], FLOCK_SIZE, "struct flock");
	}
	for (i = 0; i < 6; i++) {
		const struct virtuos_arg *d = &call->args[i];

		if ((d->kind & VIRTUOS_ARG_MAY_BE_NULL) && !a[i])
			continue;
		switch (VIRTUOS_ARG_KIND(d->kind)) {
		case VIRTUOS_ARG_PATH:
			if (!outside_window((void *)a[i]))
				fuzz_finding("argument %d: a path read in place",
					     i);
			if (strnlen((char *)a[i], PATH_MAX) == PATH_MAX)
				fuzz_finding("argument %d: a path without its end",
					     i);
			break;
		case VIRTUOS_ARG_IN:
		case VIRTUOS_ARG_OUT:
		case VIRTUOS_ARG_INOUT:
			len = d->size ? d->size : a[d->len];
			in_window((void *)a[i], len, "a buffer");
			break;
		case VIRTUOS_ARG_INOUT_ARRAY:
		case VIRTUOS_ARG_OUT_ARRAY:
			in_window((void *)a[i], a[d->len] * d->size, "an array");
			break;
		}
	}
	return 0;
}

int fuzz_ioctl(int fd, unsigned long request, ...)
{
	const struct ifconf *ifc;
	const struct fiemap *fm;
	va_list ap;
	void *p;

	(void)fd;
	va_start(ap, request);
	p = va_arg(ap, void *);
	va_end(ap);
	switch (request) {
	case SIOCGIFNAME: case SIOCGIFINDEX: case SIOCGIFFLAGS:
	case SIOCGIFADDR: case SIOCGIFDSTADDR: case SIOCGIFBRDADDR:
	case SIOCGIFNETMASK: case SIOCGIFMTU: case SIOCGIFHWADDR:
	case SIOCGIFTXQLEN:
		in_window(p, sizeof(struct ifreq), "struct ifreq");
		return 0;
	case SIOCGIFCONF:
		ifc = p;
		if (ifc->ifc_len < 0)
			fuzz_finding("SIOCGIFCONF of %d bytes", ifc->ifc_len);
		if (ifc->ifc_buf)
			in_window(ifc->ifc_buf, ifc->ifc_len, "SIOCGIFCONF");
		return 0;
	case FS_IOC_FIEMAP:
		fm = p;
		if (!outside_window(fm))
			fuzz_finding("FIEMAP read in place");
		if (fm->fm_extent_count > VIRTUOS_FIEMAP_EXTENTS)
			fuzz_finding("FIEMAP of %u extents", fm->fm_extent_count);
		fuzz_touch(fm, sizeof(*fm) + fm->fm_extent_count * 56UL);
		return 0;
	}
	fuzz_finding("ioctl request %#lx reached the kernel", request);
	return -1;
}

static void message_checks(const struct msghdr *msg, int sending)
{
	if (msg->msg_iovlen != 1)
		fuzz_finding("%zu iovecs", (size_t)msg->msg_iovlen);
	in_window(msg->msg_iov[0].iov_base, msg->msg_iov[0].iov_len, "data");
	if (msg->msg_name &&
	    msg->msg_namelen > VIRTUOS_MSG_NAME_MAX)
		fuzz_finding("a name of %u bytes", msg->msg_namelen);
	if (msg->msg_name)
		in_window(msg->msg_name, msg->msg_namelen, "the name");
	if (msg->msg_controllen > VIRTUOS_MSG_CONTROL_MAX)
		fuzz_finding("control data of %zu bytes",
			     (size_t)msg->msg_controllen);
	if (!msg->msg_control)
		return;
	if (sending) {
		/* Sent from a copy the client cannot change under the call. */
		if (!outside_window(msg->msg_control))
			fuzz_finding("control data sent in place");
		fuzz_touch(msg->msg_control, msg->msg_controllen);
		control_as_kernel(msg->msg_control, msg->msg_controllen);
	} else {
		in_window(msg->msg_control, msg->msg_controllen, "control");
	}
}

ssize_t fuzz_sendmsg(int fd, const struct msghdr *msg, int flags)
{
	(void)fd;
	(void)flags;
	message_checks(msg, 1);
	return 0;
}

ssize_t fuzz_recvmsg(int fd, struct msghdr *msg, int flags)
{
	(void)fd;
	(void)flags;
	message_checks(msg, 0);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	long args[6], nr;
	uint16_t pick;
	size_t data_len;

	if (size < ARGS_AT + sizeof(args))
		return 0;
	memcpy(&pick, data, 2);
	if (pick & 0x8000)
		nr = (long)(pick & 0x7fff) - 16;	/* any number */
	else
		nr = virtuos_calls[pick % VIRTUOS_NR_CALLS].nr;
	shadow_roles = data[2] % 3 + 1;
	memcpy(args, data + ARGS_AT, sizeof(args));
	window = calloc(1, WINDOW_SIZE);
	if (!window)
		abort();
	data_len = size - ARGS_AT - sizeof(args);
	if (data_len > WINDOW_SIZE - VIRTUOS_PAGE_SIZE)
		data_len = WINDOW_SIZE - VIRTUOS_PAGE_SIZE;
	memcpy(window + VIRTUOS_PAGE_SIZE, data + ARGS_AT + sizeof(args),
	       data_len);
	/* Page 0 is the primary's; no client offset may reach it. */
	fuzz_poison(window, VIRTUOS_PAGE_SIZE);
	shadow_run_call(window, WINDOW_SIZE, nr, args);
	fuzz_unpoison(window, VIRTUOS_PAGE_SIZE);
	free(window);
	return 0;
}
