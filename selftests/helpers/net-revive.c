// SPDX-License-Identifier: GPL-2.0
/*
 * net-revive PORT: in the network domain, listens on TCP PORT (with
 * SO_REUSEADDR, in an epoll set), binds UDP PORT and holds one accepted
 * TCP connection; prints "ready" and waits for SIGUSR1, sent once the
 * network domain has been restarted. Then prints one line per finding:
 * "reset: ECONNRESET" (a read of the old connection), "port: same",
 * "epoll: data ok", "accept: ping", "udp: dgram", or what it got instead.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define DATA 0x1234abcdULL

static struct sockaddr_in addr;

static const char *err(int r)
{
	return r < 0 ? strerror(errno) : "no error";
}

/* A child that sends "ping" over TCP, or "dgram" over UDP, to PORT. */
static pid_t send_from_child(int type)
{
	pid_t pid = fork();
	int s;

	if (pid)
		return pid;
	s = socket(AF_INET, type, 0);
	if (type == SOCK_STREAM) {
		if (connect(s, (struct sockaddr *)&addr, sizeof(addr)) ||
		    write(s, "ping", 4) != 4)
			_exit(1);
		sleep(1);
	} else if (sendto(s, "dgram", 5, 0, (struct sockaddr *)&addr,
			  sizeof(addr)) != 5) {
		_exit(1);
	}
	_exit(0);
}

static void accept_ping(int l, const char *what)
{
	char buf[8] = "";
	int a = accept(l, NULL, NULL);
	ssize_t n = a < 0 ? -1 : read(a, buf, 4);

	printf("%s: %s\n", what, n == 4 ? buf : err(n));
	if (a >= 0)
		close(a);
}

int main(int argc, char **argv)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = DATA }, got;
	struct sockaddr_in name;
	socklen_t len = sizeof(name);
	struct pollfd p;
	int l, u, c, a, e, one = 1, r;
	char buf[8] = "";
	sigset_t usr1;
	pid_t pid;

	if (argc != 2)
		return 2;
	addr.sin_family = AF_INET;
	addr.sin_port = htons(atoi(argv[1]));
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	l = socket(AF_INET, SOCK_STREAM, 0);
	u = socket(AF_INET, SOCK_DGRAM, 0);
	c = socket(AF_INET, SOCK_STREAM, 0);
	e = epoll_create1(0);
	if (setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(l, (struct sockaddr *)&addr, sizeof(addr)) || listen(l, 8) ||
	    bind(u, (struct sockaddr *)&addr, sizeof(addr)) ||
	    connect(c, (struct sockaddr *)&addr, sizeof(addr)) ||
	    (a = accept(l, NULL, NULL)) < 0 ||
	    epoll_ctl(e, EPOLL_CTL_ADD, l, &ev)) {
		perror("net-revive: setting up");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	sigwaitinfo(&usr1, NULL);

	r = read(a, buf, sizeof(buf));
	printf("reset: %s\n", r < 0 && errno == ECONNRESET ? "ECONNRESET" : err(r));
	r = getsockname(l, (struct sockaddr *)&name, &len);
	printf("port: %s\n", !r && name.sin_port == addr.sin_port ? "same" : err(r));
	pid = send_from_child(SOCK_STREAM);
	r = epoll_wait(e, &got, 1, 10000);
	printf("epoll: %s\n", r == 1 && got.data.u64 == DATA ? "data ok" :
	       r == 0 ? "timed out" : err(r));
	accept_ping(l, "accept");
	waitpid(pid, NULL, 0);
	pid = send_from_child(SOCK_DGRAM);
	p.fd = u;
	p.events = POLLIN;
	r = poll(&p, 1, 10000);
	r = r == 1 ? recv(u, buf, sizeof(buf) - 1, 0) : -1;
	printf("udp: %s\n", r == 5 ? "dgram" : err(r));
	waitpid(pid, NULL, 0);
	fflush(stdout);
	return 0;
}
