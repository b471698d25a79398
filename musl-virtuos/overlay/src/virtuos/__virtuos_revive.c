#define _GNU_SOURCE
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include "syscall.h"
#include "virtuos_impl.h"

/*
 * Sockets after a restart of the network domain. A bound socket (a
 * listener, a bound UDP socket) is made again on its first use after the
 * restart: same family, type and protocol, the options below, O_NONBLOCK,
 * the same address and port, and listen with the same backlog; so a
 * server goes on accepting. Its recipe is taken when bind and listen
 * succeed. Any other stream socket reads as reset by its peer
 * (ECONNRESET); any other datagram socket gives EIO.
 */

#define NET VIRTUOS_NETWORK
#define RECIPES 64
#define ADDR_MAX VIRTUOS_ADDR_SIZE

static const struct { int level, name; } saved_opts[] = {
	{ SOL_SOCKET, SO_REUSEADDR }, { SOL_SOCKET, SO_REUSEPORT },
	{ SOL_SOCKET, SO_KEEPALIVE }, { SOL_SOCKET, SO_BROADCAST },
	{ IPPROTO_TCP, TCP_NODELAY }, { IPPROTO_IPV6, IPV6_V6ONLY },
};
#define NOPTS (sizeof saved_opts / sizeof saved_opts[0])

struct recipe {
	int fd1;		/* the descriptor + 1; 0: free */
	int family, type, protocol, backlog, nonblock;
	int opt_set[NOPTS], opt[NOPTS];
	unsigned addrlen;
	unsigned char addr[ADDR_MAX];
};

static struct recipe recipes[RECIPES];
static volatile int revive_lock;

static struct recipe *recipe_of(long fd)
{
	int i;

	for (i = 0; i < RECIPES; i++)
		if (recipes[i].fd1 == fd + 1)
			return &recipes[i];
	return 0;
}

/* Forgets fd's recipe: its number now stands for another descriptor. */
void __virtuos_recipe_forget(long fd)
{
	struct recipe *r = recipe_of(fd);

	if (r)
		r->fd1 = 0;
}

static int int_opt(long rfd, int level, int name, int *v)
{
	/* The call's shape has the domain write VIRTUOS_SOCKOPT_SIZE bytes. */
	char buf[VIRTUOS_SOCKOPT_SIZE];
	unsigned len = sizeof *v;

	if (__virtuos_call(NET, SYS_getsockopt, rfd, level, name, (long)buf,
	                   (long)&len, 0) || len != sizeof *v)
		return 0;
	memcpy(v, buf, sizeof *v);
	return 1;
}

/* After a bind (backlog -1) or listen of fd (rfd) succeeded: what it
 * takes to make the socket again. */
void __virtuos_recipe_take(long fd, long rfd, int backlog)
{
	struct recipe *r = recipe_of(fd), n = { fd + 1 };
	unsigned i;
	long fl;

	n.addrlen = ADDR_MAX;
	if (!int_opt(rfd, SOL_SOCKET, SO_DOMAIN, &n.family) ||
	    !int_opt(rfd, SOL_SOCKET, SO_TYPE, &n.type) ||
	    !int_opt(rfd, SOL_SOCKET, SO_PROTOCOL, &n.protocol) ||
	    __virtuos_call(NET, SYS_getsockname, rfd, (long)n.addr,
	                   (long)&n.addrlen, 0, 0, 0) ||
	    n.addrlen > ADDR_MAX)
		return;
	for (i = 0; i < NOPTS; i++)
		n.opt_set[i] = int_opt(rfd, saved_opts[i].level,
		                       saved_opts[i].name, &n.opt[i]);
	fl = __virtuos_call(NET, SYS_fcntl, rfd, F_GETFL, 0, 0, 0, 0);
	n.nonblock = fl >= 0 && (fl & O_NONBLOCK);
	n.backlog = backlog;
	if (!r)
		for (i = 0; i < RECIPES && !r; i++)
			if (__atomic_compare_exchange_n(&recipes[i].fd1,
			        &(int){ 0 }, fd + 1, 0, __ATOMIC_ACQ_REL,
			        __ATOMIC_RELAXED))
				r = &recipes[i];
	if (r)
		*r = n;
}

static long make_again(const struct recipe *r)
{
	long s, e;
	unsigned i;

	s = __virtuos_call(NET, SYS_socket, r->family,
	                   r->type | (r->nonblock ? SOCK_NONBLOCK : 0),
	                   r->protocol, 0, 0, 0);
	if (s < 0)
		return s;
	for (i = 0; i < NOPTS; i++)
		if (r->opt_set[i])
			__virtuos_call(NET, SYS_setsockopt, s,
			               saved_opts[i].level, saved_opts[i].name,
			               (long)&r->opt[i], sizeof r->opt[i], 0);
	e = __virtuos_call(NET, SYS_bind, s, (long)r->addr, r->addrlen,
	                   0, 0, 0);
	if (!e && r->backlog >= 0)
		e = __virtuos_call(NET, SYS_listen, s, r->backlog, 0, 0, 0, 0);
	if (e) {
		__virtuos_call(NET, SYS_close, s, 0, 0, 0, 0, 0);
		return e;
	}
	return s;
}

/* Network descriptor fd of a domain that has died since it was made: its
 * descriptor in the restarted domain, or a negative errno. */
long __virtuos_socket_revive(long fd)
{
	struct virtuos_domain *d = __virtuos_domain(NET);
	struct recipe *r = recipe_of(fd);
	long s;

	if (!r)
		return __virtuos_fds[fd].dgram ? -EIO : -ECONNRESET;
	while (__atomic_exchange_n(&revive_lock, 1, __ATOMIC_ACQUIRE))
		__virtuos_trap(SYS_sched_yield, 0, 0, 0, 0, 0, 0);
	s = __virtuos_rfd_now(fd);	/* another thread did it */
	if (s < 0 && !__virtuos_attach(d)) {
		s = make_again(r);
		if (s >= 0) {
			__virtuos_fds[fd].rfd = s;
			__virtuos_fds[fd].gen = d->gen;
		} else {
			s = -EIO;
		}
	} else if (s < 0) {
		s = -EIO;
	}
	__atomic_store_n(&revive_lock, 0, __ATOMIC_RELEASE);
	return s;
}
