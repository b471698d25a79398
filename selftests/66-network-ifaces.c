// SPDX-License-Identifier: GPL-2.0
/*
 * Interface queries on a socket of the network domain see the network
 * domain's interfaces, not the primary's: SIOCGIFCONF lists lo and eth0
 * with 10.99.0.2 (the primary's own NIC has 10.99.0.1), and the SIOCGIF*
 * requests read one interface. Requests that change an interface do not
 * cross (ENOTTY).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tap.h"

static const char *addr_of(const struct ifreq *r, char *text)
{
	const struct sockaddr_in *sin = (const void *)&r->ifr_addr;

	return inet_ntop(AF_INET, &sin->sin_addr, text, INET_ADDRSTRLEN);
}

int main(void)
{
	struct ifreq reqs[16], r;
	struct ifconf ifc;
	char text[INET_ADDRSTRLEN], list[256] = "";
	int s, n, i, eth0 = -1, lo = -1, index, ret;
	unsigned char zero[6] = { 0 };

	tap_plan(8);
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0) {
		perror("socket");
		return 1;
	}
	ifc.ifc_len = 0;
	ifc.ifc_buf = NULL;
	ret = ioctl(s, SIOCGIFCONF, &ifc);
	tap_ok(ret == 0 && ifc.ifc_len >= 2 * (int)sizeof(struct ifreq),
	       "SIOCGIFCONF without a buffer: the length needed (%d)", ifc.ifc_len);
	ifc.ifc_len = sizeof(reqs);
	ifc.ifc_req = reqs;
	ret = ioctl(s, SIOCGIFCONF, &ifc);
	n = ret ? 0 : ifc.ifc_len / (int)sizeof(struct ifreq);
	for (i = 0; i < n; i++) {
		snprintf(list + strlen(list), sizeof(list) - strlen(list),
			 "%s%s=%s", i ? " " : "", reqs[i].ifr_name,
			 addr_of(&reqs[i], text));
		if (!strcmp(reqs[i].ifr_name, "eth0"))
			eth0 = i;
		if (!strcmp(reqs[i].ifr_name, "lo"))
			lo = i;
	}
	tap_ok(eth0 >= 0 && lo >= 0 &&
	       !strcmp(addr_of(&reqs[eth0], text), "10.99.0.2") &&
	       !strcmp(addr_of(&reqs[lo], text), "127.0.0.1"),
	       "SIOCGIFCONF: the network domain's interfaces: %s", list);

	memset(&r, 0, sizeof(r));
	strcpy(r.ifr_name, "eth0");
	ret = ioctl(s, SIOCGIFADDR, &r);
	tap_ok(ret == 0 && !strcmp(addr_of(&r, text), "10.99.0.2"),
	       "SIOCGIFADDR eth0: %s", ret ? strerror(errno) : text);
	ret = ioctl(s, SIOCGIFFLAGS, &r);
	tap_ok(ret == 0 && (r.ifr_flags & IFF_UP) && (r.ifr_flags & IFF_BROADCAST),
	       "SIOCGIFFLAGS eth0: up, broadcast (%#x)", r.ifr_flags);
	ret = ioctl(s, SIOCGIFMTU, &r);
	tap_ok(ret == 0 && r.ifr_mtu == 1500, "SIOCGIFMTU eth0: %d", r.ifr_mtu);
	ret = ioctl(s, SIOCGIFHWADDR, &r);
	tap_ok(ret == 0 && memcmp(r.ifr_hwaddr.sa_data, zero, 6),
	       "SIOCGIFHWADDR eth0: %02x:%02x:%02x:%02x:%02x:%02x",
	       (unsigned char)r.ifr_hwaddr.sa_data[0],
	       (unsigned char)r.ifr_hwaddr.sa_data[1],
	       (unsigned char)r.ifr_hwaddr.sa_data[2],
	       (unsigned char)r.ifr_hwaddr.sa_data[3],
	       (unsigned char)r.ifr_hwaddr.sa_data[4],
	       (unsigned char)r.ifr_hwaddr.sa_data[5]);
	ret = ioctl(s, SIOCGIFINDEX, &r);
	index = r.ifr_ifindex;
	memset(&r, 0, sizeof(r));
	r.ifr_ifindex = index;
	tap_ok(ret == 0 && index > 0 && ioctl(s, SIOCGIFNAME, &r) == 0 &&
	       !strcmp(r.ifr_name, "eth0"),
	       "SIOCGIFINDEX then SIOCGIFNAME: eth0 is %d", index);
	strcpy(r.ifr_name, "eth0");
	r.ifr_flags = 0;
	ret = ioctl(s, SIOCSIFFLAGS, &r);
	tap_ok(ret == -1 && errno == ENOTTY &&
	       ioctl(s, SIOCGIFFLAGS, &r) == 0 && (r.ifr_flags & IFF_UP),
	       "SIOCSIFFLAGS does not cross (ENOTTY); eth0 stays up");
	close(s);
	return tap_finish();
}
