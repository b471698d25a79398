#!/bin/sh
# getaddrinfo in a musl-virtuos program: names from the primary's
# /etc/hosts (files), and DNS answered by net-peer's DNS server on dom0's
# own stack (the "other host", 10.99.0.1). musl's resolver reads the
# primary's /etc/resolv.conf; its queries leave from the network domain
# (the server logs the network domain's address, 10.99.0.2) and it waits
# for the answers with poll across domains.
cd "$(dirname "$0")" && . ./lib.sh
plan 6
# save FILE, put_back FILE: keep the primary's file, and put it back the primary's file as it was.
save() {
	rm -f "/tmp/vt-saved-${1##*/}"
	[ ! -e "$1" ] || cp "$1" "/tmp/vt-saved-${1##*/}"
}
put_back() {
	if [ -e "/tmp/vt-saved-${1##*/}" ]; then
		mv "/tmp/vt-saved-${1##*/}" "$1"
	else
		rm -f "$1"
	fi
}
save /etc/resolv.conf
save /etc/hosts
restore() { put_back /etc/resolv.conf; put_back /etc/hosts; }
trap restore EXIT
echo "nameserver 10.99.0.1" >/etc/resolv.conf
echo "10.99.0.77 hosts-only.virtuos.test" >>/etc/hosts
rm -f /tmp/vt-dns.log
./net-peer dns 53 /tmp/vt-dns.log &
server=$!
sleep 0.5

check "a name in /etc/hosts: $(./resolve hosts-only.virtuos.test 4)" \
	[ "$(./resolve hosts-only.virtuos.test 4)" = 10.99.0.77 ]
got=$(timeout 30 ./resolve peer.virtuos.test 4)
check "DNS, IPv4: peer.virtuos.test is $got" [ "$got" = 10.99.0.1 ]
got=$(timeout 30 ./resolve peer.virtuos.test 6)
check "DNS, IPv6: peer.virtuos.test is $got" [ "$got" = fd99::1 ]
got=$(timeout 30 ./resolve missing.example 4)
check "DNS, a name that does not exist: $got" \
	sh -c "echo '$got' | grep -q '^error: '"
check "the queries came from the network domain's address (10.99.0.2)" \
	grep -q '^dns 10.99.0.2 peer.virtuos.test type 1$' /tmp/vt-dns.log
check "and none from the primary's own stack" \
	sh -c '! grep -v "^dns 10.99.0.2 " /tmp/vt-dns.log | grep -q .'
while read -r line; do diag "server: $line"; done </tmp/vt-dns.log
kill $server 2>/dev/null
wait 2>/dev/null
done_testing
