#define _GNU_SOURCE
#include <fcntl.h>
#include <net/if.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <time.h>
#include "syscall.h"
#include "virtuos_impl.h"

/*
 * Which calls go to the network domain: socket() of AF_INET and AF_INET6,
 * every call on the descriptors it returns, uname, sethostname and
 * setdomainname. Addresses and option values cross through buffers of
 * this file's own (their lengths are pointers, which the call table cannot
 * describe); message headers are taken apart here.
 */

#define NET VIRTUOS_NETWORK
#define FDS __virtuos_fds
#define ADDR_MAX 128		/* struct sockaddr_storage */
#define OPT_MAX 512		/* getsockopt values */

static long net(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	return __virtuos_call(NET, nr, a1, a2, a3, a4, a5, a6);
}

static int is_net_fd(long fd)
{
	return __virtuos_is_remote_fd(fd) && FDS[fd].domain == NET;
}

/* EPIPE raises SIGPIPE in the calling thread, as a local send would,
 * unless MSG_NOSIGNAL; the shadow itself ignores SIGPIPE. */
long __virtuos_sigpipe(long r, long flags)
{
	if (r == -EPIPE && !(flags & MSG_NOSIGNAL))
		__virtuos_trap(SYS_tkill, __virtuos_trap(SYS_gettid, 0, 0, 0,
		               0, 0, 0), SIGPIPE, 0, 0, 0, 0);
	return r;
}

/* Sends len bytes: a stream in pieces, a datagram whole or EMSGSIZE. */
static long send_bytes(long fd, long rfd, const char *buf, long len,
                       long flags, long addr, long alen)
{
	if (FDS[fd].dgram && len > VIRTUOS_SLOT_DATA - ADDR_MAX)
		return -EMSGSIZE;
	if (addr || FDS[fd].dgram)
		return __virtuos_sigpipe(net(SYS_sendto, rfd, (long)buf, len,
		                             flags, addr, alen), flags);
	return __virtuos_sigpipe(__virtuos_chunked(NET, SYS_sendto, rfd,
	                                           (char *)buf, len, flags, 0),
	                         flags);
}

long __virtuos_socket_write(long fd, long rfd, const char *buf, long len)
{
	return send_bytes(fd, rfd, buf, len, 0, 0, 0);
}

static long route_sendmsg(long fd, long rfd, const struct msghdr *m,
                          long flags);
static long route_recvmsg(long fd, long rfd, struct msghdr *m, long flags);

/* readv and writev on a socket: a message without a name, so that a
 * datagram stays one. */
long __virtuos_socket_vec(long n, long fd, long rfd, const struct iovec *iov,
                          long cnt)
{
	struct msghdr m = { 0 };

	if (cnt < 0 || cnt > 1024)
		return -EINVAL;
	m.msg_iov = (struct iovec *)iov;
	m.msg_iovlen = cnt;
	return n == SYS_writev ? route_sendmsg(fd, rfd, &m, 0)
	                       : route_recvmsg(fd, rfd, &m, 0);
}

/*
 * Calls that return an address (accept, recvfrom, getsockname, ...):
 * the address comes back in a buffer here, and at most the caller's
 * *alen bytes of it reach the caller, whose *alen becomes the full size.
 */
struct addr_out {
	void *addr;
	socklen_t *alen;
	socklen_t room;
	unsigned char buf[ADDR_MAX];
	socklen_t len;
};

static long addr_prepare(struct addr_out *o, long addr, long alen)
{
	o->addr = (void *)addr;
	o->alen = (socklen_t *)alen;
	o->len = ADDR_MAX;
	if (!addr)
		return 0;
	if (__virtuos_bad_out(alen, sizeof(socklen_t)))
		return -EFAULT;
	o->room = *o->alen;
	if ((int)o->room < 0)
		return -EINVAL;
	if (o->room && __virtuos_bad_out(addr, o->room))
		return -EFAULT;
	return 0;
}

static void addr_finish(struct addr_out *o)
{
	if (!o->addr)
		return;
	if (o->len > ADDR_MAX)	/* the service domain cannot say more */
		o->len = ADDR_MAX;
	memcpy(o->addr, o->buf, o->len < o->room ? o->len : o->room);
	*o->alen = o->len;
}

static long route_accept(long fd, long rfd, long *a, long flags)
{
	struct addr_out o;
	long r = addr_prepare(&o, a[1], a[2]);

	if (r)
		return r;
	r = net(SYS_accept4, rfd, a[1] ? (long)o.buf : 0,
	        a[1] ? (long)&o.len : 0, flags, 0, 0);
	if (r < 0)
		return r;
	addr_finish(&o);
	r = __virtuos_new_fd(NET, r, flags & SOCK_CLOEXEC ? O_CLOEXEC : 0);
	if (r >= 0)
		FDS[r].dgram = FDS[fd].dgram;
	return r;
}

static long route_name(long n, long rfd, long *a)
{
	struct addr_out o;
	long r;

	if (!a[1])
		return -EFAULT;
	r = addr_prepare(&o, a[1], a[2]);
	if (r)
		return r;
	r = net(n, rfd, (long)o.buf, (long)&o.len, 0, 0, 0);
	if (!r)
		addr_finish(&o);
	return r;
}

static long recv_bytes(long fd, long rfd, char *buf, long len, long flags,
                       struct addr_out *o)
{
	if (len > VIRTUOS_SLOT_DATA - ADDR_MAX - 8)
		len = VIRTUOS_SLOT_DATA - ADDR_MAX - 8;
	if (len < 0)
		return -EINVAL;
	(void)fd;
	return net(SYS_recvfrom, rfd, (long)buf, len, flags,
	           o && o->addr ? (long)o->buf : 0,
	           o && o->addr ? (long)&o->len : 0);
}

static long route_recvfrom(long fd, long rfd, long *a)
{
	struct addr_out o;
	long r = addr_prepare(&o, a[4], a[5]);

	if (r)
		return r;
	r = recv_bytes(fd, rfd, (char *)a[1], a[2], a[3], &o);
	if (r >= 0)
		addr_finish(&o);
	return r;
}

static long iov_total(const struct msghdr *m, long *total)
{
	long i;

	if (__virtuos_bad_range((long)m, sizeof *m))
		return -EFAULT;
	if (m->msg_iovlen > 1024)
		return -EMSGSIZE;
	if (m->msg_iovlen && __virtuos_bad_range((long)m->msg_iov,
	                        m->msg_iovlen * sizeof(struct iovec)))
		return -EFAULT;
	*total = 0;
	for (i = 0; i < (long)m->msg_iovlen; i++)
		*total += m->msg_iov[i].iov_len;
	return 0;
}

/* Gathers up to room bytes of m's entries into buf; the count, or
 * -EFAULT. */
static long gather(const struct msghdr *m, char *buf, long room)
{
	long done = 0, n, i;

	for (i = 0; i < (long)m->msg_iovlen && done < room; i++) {
		n = m->msg_iov[i].iov_len;
		if (n > room - done)
			n = room - done;
		if (n && __virtuos_bad_range((long)m->msg_iov[i].iov_base, n))
			return -EFAULT;
		memcpy(buf + done, m->msg_iov[i].iov_base, n);
		done += n;
	}
	return done;
}

/* The descriptors control message c passes (SCM_RIGHTS), or 0. */
static const int *passed_fds(const struct cmsghdr *c, long *count)
{
	if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
	    c->cmsg_len < CMSG_LEN(0))
		return 0;
	*count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
	return (const int *)CMSG_DATA(c);
}

/* sendmsg with control data: the message gathered here and sent with it
 * in one piece (a stream sends what fits, and says so). SCM_RIGHTS gives
 * EINVAL, as the kernel says for an Internet socket. */
static long send_with_control(long fd, long rfd, const struct msghdr *m,
                              long total, long flags)
{
	char buf[VIRTUOS_SLOT_DATA - sizeof(struct virtuos_msg) - 8];
	struct virtuos_msg vm = { 0 };
	struct cmsghdr *c;
	long count;

	if (m->msg_controllen > VIRTUOS_MSG_CONTROL_MAX)
		return -ENOBUFS;
	if (__virtuos_bad_range((long)m->msg_control, m->msg_controllen))
		return -EFAULT;
	for (c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR((struct msghdr *)m, c))
		if (passed_fds(c, &count))
			return -EINVAL;
	if (total > (long)sizeof buf) {
		if (FDS[fd].dgram)
			return -EMSGSIZE;
		total = sizeof buf;
	}
	total = gather(m, buf, total);
	if (total < 0)
		return total;
	if (m->msg_name) {
		if (__virtuos_bad_range((long)m->msg_name, m->msg_namelen))
			return -EFAULT;
		vm.namelen = m->msg_namelen;
		memcpy(vm.name, m->msg_name, m->msg_namelen);
	}
	vm.controllen = m->msg_controllen;
	memcpy(vm.control, m->msg_control, m->msg_controllen);
	return __virtuos_sigpipe(net(VIRTUOS_CALL_SENDMSG, rfd, (long)buf,
	                             total, flags, (long)&vm, 0), flags);
}

/* sendmsg: with control data, see above; without, a stream one entry
 * after the other, a datagram gathered here and sent whole. */
static long route_sendmsg(long fd, long rfd, const struct msghdr *m,
                          long flags)
{
	char buf[VIRTUOS_SLOT_DATA - ADDR_MAX];
	long total, done = 0, r, i;

	r = iov_total(m, &total);
	if (r)
		return r;
	if (m->msg_name && m->msg_namelen > ADDR_MAX)
		return -EINVAL;
	if (m->msg_controllen)
		return send_with_control(fd, rfd, m, total, flags);
	if (FDS[fd].dgram || m->msg_name) {
		if (total > (long)sizeof buf)
			return -EMSGSIZE;
		done = gather(m, buf, total);
		if (done < 0)
			return done;
		return send_bytes(fd, rfd, buf, total, flags,
		                  (long)m->msg_name,
		                  m->msg_name ? m->msg_namelen : 0);
	}
	for (i = 0; i < (long)m->msg_iovlen; i++) {
		if (!m->msg_iov[i].iov_len)
			continue;
		r = send_bytes(fd, rfd, m->msg_iov[i].iov_base,
		               m->msg_iov[i].iov_len, flags | MSG_NOSIGNAL, 0, 0);
		if (r < 0)
			return done ? done : __virtuos_sigpipe(r, flags);
		done += r;
		if (r < (long)m->msg_iov[i].iov_len)
			break;
	}
	return done;
}

/* recvmsg: one receive into a buffer here, scattered over the entries,
 * with the name, the control data and msg_flags the network domain's
 * kernel gave (at most VIRTUOS_MSG_CONTROL_MAX bytes of control data). */
static long route_recvmsg(long fd, long rfd, struct msghdr *m, long flags)
{
	char buf[VIRTUOS_SLOT_DATA - sizeof(struct virtuos_msg) - 8];
	struct virtuos_msg vm = { 0 };
	unsigned long name_room = 0, control_room = 0;
	long total, r, len, done, i, n;

	(void)fd;
	r = iov_total(m, &total);
	if (r)
		return r;
	if (m->msg_name) {
		if ((int)m->msg_namelen < 0)
			return -EINVAL;
		name_room = m->msg_namelen;
		if (name_room > VIRTUOS_MSG_NAME_MAX)
			name_room = VIRTUOS_MSG_NAME_MAX;
		if (__virtuos_bad_out((long)m->msg_name, name_room))
			return -EFAULT;
		vm.namelen = VIRTUOS_MSG_NAME_MAX;
	}
	if (m->msg_control && m->msg_controllen) {
		control_room = m->msg_controllen;
		if (control_room > VIRTUOS_MSG_CONTROL_MAX)
			control_room = VIRTUOS_MSG_CONTROL_MAX;
		if (__virtuos_bad_out((long)m->msg_control, control_room))
			return -EFAULT;
		vm.controllen = control_room;
	}
	len = total < (long)sizeof buf ? total : (long)sizeof buf;
	r = net(VIRTUOS_CALL_RECVMSG, rfd, (long)buf, len, flags, (long)&vm, 0);
	if (r < 0)
		return r;
	/* What the service domain says is bounded by what it was given, and
	 * its control messages are well formed and carry no descriptors. */
	if (vm.namelen > VIRTUOS_MSG_NAME_MAX || vm.controllen > control_room ||
	    !__virtuos_cmsgs_ok((char *)vm.control, vm.controllen))
		return -EIO;
	for (i = done = 0; i < (long)m->msg_iovlen && done < r && done < len;
	     i++) {
		n = m->msg_iov[i].iov_len;
		if (n > len - done)
			n = len - done;
		if (n > r - done)
			n = r - done;
		if (n && __virtuos_bad_out((long)m->msg_iov[i].iov_base, n))
			return -EFAULT;
		memcpy(m->msg_iov[i].iov_base, buf + done, n);
		done += n;
	}
	if (m->msg_name) {
		memcpy(m->msg_name, vm.name,
		       vm.namelen < name_room ? vm.namelen : name_room);
		m->msg_namelen = vm.namelen;
	}
	if (control_room)
		memcpy(m->msg_control, vm.control, vm.controllen);
	m->msg_controllen = vm.controllen;
	m->msg_flags = vm.flags;
	return r;
}

/*
 * sendmsg or sendmmsg on a local socket (AF_UNIX): a descriptor of
 * another kernel cannot be passed (EXDEV), nor one of the library's own
 * (EBADF, as the process cannot see them), nor an epoll set with members
 * in a service domain (EXDEV). 0 lets the kernel have the call.
 */
static long local_rights(const struct msghdr *m)
{
	struct cmsghdr *c;
	const int *fds;
	long count, i;

	if (__virtuos_bad_range((long)m, sizeof *m) || !m->msg_controllen ||
	    __virtuos_bad_range((long)m->msg_control, m->msg_controllen))
		return 0;	/* the kernel gives the errors */
	for (c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR((struct msghdr *)m, c)) {
		fds = passed_fds(c, &count);
		for (i = 0; fds && i < count; i++) {
			if (__virtuos_own_fd(fds[i]))
				return -EBADF;
			if (fds[i] >= 0 && (__virtuos_is_remote_fd(fds[i]) ||
			                    __virtuos_epoll_remote(fds[i])))
				return -EXDEV;
		}
	}
	return 0;
}

static long local_send_rights(long n, long *a)
{
	const struct mmsghdr *v = (const struct mmsghdr *)a[1];
	long i, r;

	if (n == SYS_sendmsg)
		return local_rights((const struct msghdr *)a[1]);
	for (i = 0; i < a[2] && i < 1024; i++) {
		if (__virtuos_bad_range((long)&v[i], sizeof *v))
			return 0;
		r = local_rights(&v[i].msg_hdr);
		if (r)
			return r;
	}
	return 0;
}

/* sendmmsg and recvmmsg: message after message. recvmmsg's timeout is
 * checked after each message, as the kernel does, and what is left of it
 * written back. */
static long route_mmsg(long n, long fd, long rfd, long *a)
{
	struct mmsghdr *v = (struct mmsghdr *)a[1];
	struct timespec *ts = n == SYS_recvmmsg ? (struct timespec *)a[4] : 0;
	long count = a[2], flags = a[3], i, r, end = 0, left = 0;

	if (count > 1024)
		count = 1024;
	if (count && __virtuos_bad_out((long)v, count * sizeof *v))
		return -EFAULT;
	if (ts) {
		if (__virtuos_bad_out((long)ts, sizeof *ts))
			return -EFAULT;
		if (ts->tv_sec < 0 || (unsigned long)ts->tv_nsec >= 1000000000UL)
			return -EINVAL;
		if (ts->tv_sec < 1000000000L)
			end = __virtuos_now_ns() +
			      ts->tv_sec * 1000000000L + ts->tv_nsec;
	}
	for (i = 0; i < count; i++) {
		r = n == SYS_sendmmsg
		    ? route_sendmsg(fd, rfd, &v[i].msg_hdr, flags)
		    : route_recvmsg(fd, rfd, &v[i].msg_hdr,
		                    flags & ~MSG_WAITFORONE);
		if (r < 0)
			break;
		v[i].msg_len = r;
		if (n == SYS_recvmmsg && (flags & MSG_WAITFORONE))
			flags |= MSG_DONTWAIT;
		if (end) {
			left = end - __virtuos_now_ns();
			if (left <= 0) {
				i++;
				break;
			}
		}
	}
	if (i == 0 && count)
		return r;
	if (end) {
		left = left > 0 ? left : 0;
		ts->tv_sec = left / 1000000000L;
		ts->tv_nsec = left % 1000000000L;
	}
	return i;
}

static long route_getsockopt(long rfd, long *a)
{
	char buf[OPT_MAX];
	socklen_t len = OPT_MAX, room;
	long r;

	if (__virtuos_bad_out(a[4], sizeof(socklen_t)))
		return -EFAULT;
	room = *(socklen_t *)a[4];
	if ((int)room < 0)
		return -EINVAL;
	if (room && __virtuos_bad_out(a[3], room))
		return -EFAULT;
	if (room < len)
		len = room;
	r = net(SYS_getsockopt, rfd, a[1], a[2], (long)buf, (long)&len, 0);
	if (r)
		return r;
	/* A kernel cuts an option to the room it was given: more is made up
	 * (and would read past buf). */
	if (len > room || len > OPT_MAX)
		return -EIO;
	memcpy((void *)a[3], buf, len);
	*(socklen_t *)a[4] = len;
	return 0;
}

/* SIOCGIFCONF: the network domain's interfaces. */
static long route_ifconf(long rfd, struct ifconf *ifc)
{
	long r;

	if (__virtuos_bad_out((long)ifc, sizeof *ifc))
		return -EFAULT;
	if (ifc->ifc_len < 0)
		return -EINVAL;
	if (ifc->ifc_buf && ifc->ifc_len &&
	    __virtuos_bad_out((long)ifc->ifc_buf, ifc->ifc_len))
		return -EFAULT;
	r = net(VIRTUOS_CALL_IFCONF, rfd, ifc->ifc_buf ? ifc->ifc_len : 0,
	        (long)ifc->ifc_buf, 0, 0, 0);
	if (r < 0)
		return r;
	ifc->ifc_len = r;
	return 0;
}

/* The ioctls of a socket: the ones that take or give one int, and the
 * interface queries, answered by the network domain's kernel. */
static long route_ioctl(long rfd, long *a)
{
	int v;
	long r;

	switch ((unsigned)a[1]) {	/* ioctl takes an int */
	case SIOCGIFNAME: case SIOCGIFINDEX: case SIOCGIFFLAGS:
	case SIOCGIFADDR: case SIOCGIFDSTADDR: case SIOCGIFBRDADDR:
	case SIOCGIFNETMASK: case SIOCGIFMTU: case SIOCGIFHWADDR:
	case SIOCGIFTXQLEN:
		if (__virtuos_bad_out(a[2], VIRTUOS_IFREQ_SIZE))
			return -EFAULT;
		return net(VIRTUOS_CALL_IFREQ, rfd, a[1], a[2], 0, 0, 0);
	case SIOCGIFCONF:
		return route_ifconf(rfd, (struct ifconf *)a[2]);
	case FIONREAD: case FIONBIO: case SIOCATMARK: case TIOCOUTQ:
		if (__virtuos_bad_out(a[2], sizeof v))
			return -EFAULT;
		v = *(int *)a[2];
		r = net(SYS_ioctl, rfd, a[1], (long)&v, 0, 0, 0);
		if (!r)
			*(int *)a[2] = v;
		return r;
	}
	return -ENOTTY;
}

/* struct utsname from the network domain: six strings, each ended. */
static int uname_ok(const char *u)
{
	int i;

	for (i = 0; i < 6; i++)
		if (!__virtuos_string_ok(u + i * 65, 65))
			return 0;
	return 1;
}

static long route_socket(long *a)
{
	long r;

	r = net(SYS_socket, a[0], a[1], a[2], 0, 0, 0);
	r = __virtuos_new_fd(NET, r, a[1] & SOCK_CLOEXEC ? O_CLOEXEC : 0);
	if (r >= 0)
		FDS[r].dgram = (a[1] & 0xf) != SOCK_STREAM;
	return r;
}

/* Like __virtuos_route, for the calls above. */
int __virtuos_route_socket(long n, long *a, long *ret)
{
	long fd = a[0], rfd;

	switch (n) {
	case SYS_socket:
		if (a[0] != AF_INET && a[0] != AF_INET6)
			return 0;
		*ret = route_socket(a);
		return 1;
	case SYS_uname:
		*ret = net(n, a[0], 0, 0, 0, 0, 0);
		if (*ret == -EIO)	/* no network domain: the primary's */
			return 0;
		if (!*ret && !uname_ok((const char *)a[0]))
			*ret = -EIO;
		return 1;
	case SYS_sethostname: case SYS_setdomainname:
		*ret = net(n, a[0], a[1], 0, 0, 0, 0);
		return 1;
	case SYS_connect: case SYS_bind: case SYS_listen: case SYS_accept:
	case SYS_accept4: case SYS_sendto: case SYS_recvfrom:
	case SYS_sendmsg: case SYS_recvmsg: case SYS_shutdown:
	case SYS_getsockname: case SYS_getpeername: case SYS_setsockopt:
	case SYS_getsockopt: case SYS_sendmmsg: case SYS_recvmmsg:
	case SYS_ioctl:
		if ((n == SYS_sendmsg || n == SYS_sendmmsg) &&
		    !__virtuos_is_remote_fd(fd)) {
			*ret = local_send_rights(n, a);
			return *ret != 0;
		}
		if (!is_net_fd(fd) || (n == SYS_ioctl &&
		    (a[1] == FIOCLEX || a[1] == FIONCLEX)))
			return 0;
		break;
	default:
		return 0;
	}
	rfd = __virtuos_rfd(fd);
	if (rfd < 0) {
		*ret = rfd;
		return 1;
	}
	switch (n) {
	case SYS_accept:
		*ret = route_accept(fd, rfd, a, 0);
		break;
	case SYS_accept4:
		*ret = route_accept(fd, rfd, a, a[3]);
		break;
	case SYS_getsockname: case SYS_getpeername:
		*ret = route_name(n, rfd, a);
		break;
	case SYS_sendto:
		if (a[4] && (a[5] < 0 || a[5] > ADDR_MAX))
			*ret = -EINVAL;
		else
			*ret = send_bytes(fd, rfd, (char *)a[1], a[2], a[3],
			                  a[4], a[4] ? a[5] : 0);
		break;
	case SYS_recvfrom:
		*ret = route_recvfrom(fd, rfd, a);
		break;
	case SYS_sendmsg:
		*ret = route_sendmsg(fd, rfd, (const struct msghdr *)a[1], a[2]);
		break;
	case SYS_recvmsg:
		if (__virtuos_bad_out(a[1], sizeof(struct msghdr)))
			*ret = -EFAULT;
		else
			*ret = route_recvmsg(fd, rfd, (struct msghdr *)a[1], a[2]);
		break;
	case SYS_sendmmsg: case SYS_recvmmsg:
		*ret = route_mmsg(n, fd, rfd, a);
		break;
	case SYS_getsockopt:
		*ret = route_getsockopt(rfd, a);
		break;
	case SYS_ioctl:
		*ret = route_ioctl(rfd, a);
		break;
	default:	/* connect, bind, listen, shutdown, setsockopt */
		*ret = net(n, rfd, a[1], a[2], a[3], a[4], a[5]);
		if (!*ret && (n == SYS_bind || n == SYS_listen))
			__virtuos_recipe_take(fd, rfd, n == SYS_listen ? a[1] : -1);
	}
	return 1;
}
