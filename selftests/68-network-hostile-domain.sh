#!/bin/sh
# A network domain that lies. Init's executor is stopped and a test build
# of it (virtuos-shadowd-hostile, module/executor/hostile.c), fetched into
# the domain over its own loopback, serves in its place, one mode at a
# time: control data passing a descriptor, uname names without their
# ends, a getsockopt length of 100000. The program gets EIO for each lie,
# the primary's kernel logs no warning, the storage domain serves on, and
# once init's executor is back sockets work as before.
cd "$(dirname "$0")" && . ./lib.sh
plan 9

kernel_lines=$(dmesg | wc -l)
# BusyBox httpd linked with musl-virtuos listens in the network domain's
# stack and serves this directory of dom0; the domain's own wget fetches.
./busybox-virtuos httpd -f -p 127.0.0.1:8099 -h "$PWD" &
httpd=$!
sleep 1
sd_exec network 'wget -q -O /tmp/vt-hostile http://127.0.0.1:8099/virtuos-shadowd-hostile && chmod +x /tmp/vt-hostile' >/dev/null
kill "$httpd" 2>/dev/null
wait "$httpd" 2>/dev/null
check "the hostile executor is in the network domain" \
	sd_exec network 'test -x /tmp/vt-hostile'
hostile_begin network

# lies MODE EXPECTED...: network-lies MODE prints EXPECTED (lines, in
# order).
lies() {
	mode=$1
	shift
	hostile_serve network /tmp/vt-hostile network /run/virtuos-empty "$mode"
	got=$(./network-lies "$mode" 2>&1 | tr '\n' ',')
	want=$(printf '%s,' "$@")
	check "$mode: $want (got $got)" [ "$got" = "$want" ]
	hostile_unserve network /tmp/vt-hostile
}

lies cmsg "bind: 0 -" "sendto: 1 -" "recvmsg: -1 EIO"
lies uname "uname: -1 EIO"
lies sockopt "socket: 0 -" "getsockopt: -1 EIO"
check "the storage domain serves meanwhile" \
	sh -c './busybox-virtuos ls /storage >/dev/null'

hostile_end network
check "init's executor runs again" \
	sd_wait network 'pidof vt-hostile || cat /sys/kernel/virtuos_sd/executor' running 30
check "network is still connected" [ "$(sysfs_sd network state)" = connected ]
check "a new process makes sockets again (uname: $(./network-lies uname | tr '\n' ' '))" \
	sh -c './network-lies uname | grep -q "^uname: 0 -$"'
sd_exec network 'rm -f /tmp/vt-hostile' >/dev/null
warnings=$(dmesg | tail -n +$((kernel_lines + 1)) | grep -E 'WARNING|BUG|Oops|general protection|refcount' || true)
check "the primary's kernel logged no warning${warnings:+: $warnings}" [ -z "$warnings" ]
done_testing
