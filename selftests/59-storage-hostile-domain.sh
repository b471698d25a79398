#!/bin/sh
# A storage domain that lies. Init's executor is stopped and a test build
# of it (virtuos-shadowd-hostile, module/executor/hostile.c) serves in its
# place, one mode at a time: out-of-range statuses, byte counts beyond
# what was asked, a directory record of length 0, a path without its end,
# an event channel flooded while a call is in flight, epoll data of the
# domain's making, a call never answered, and made-up replies flooding
# the control ring. The program gets EIO for each lie and can be killed
# while it waits, floods cost the primary few interrupts (an interrupt
# that brings nothing anyone waits for is spurious, and a run of them is
# throttled), its kernel logs no warning, and once init's executor is
# back /storage works as before.
cd "$(dirname "$0")" && . ./lib.sh
plan 15

kernel_lines=$(dmesg | wc -l)
./busybox-virtuos cp ./virtuos-shadowd-hostile /storage/vt-hostile
check "the hostile executor is in the storage domain" \
	sd_exec storage 'test -x /storage/vt-hostile'
hostile_begin storage
serve() { hostile_serve storage /storage/vt-hostile storage /storage "$1"; }
unserve() { hostile_unserve storage /storage/vt-hostile; }

# lies MODE EXPECTED...: storage-lies MODE prints EXPECTED (lines, in
# order; an open's descriptor number shows as N).
lies() {
	mode=$1
	shift
	serve "$mode"
	got=$(./storage-lies "$mode" 2>&1 | sed 's/^open: [0-9][0-9]* -$/open: N -/' | tr '\n' ',')
	want=$(printf '%s,' "$@")
	check "$mode: $want (got $got)" [ "$got" = "$want" ]
	unserve
}

lies status "open: -1 EIO"
lies count "open: N -" "write: -1 EIO" "pwrite: -1 EIO" "read: -1 EIO" "pread: -1 EIO"
lies dirents "opendir: 0 -" "readdir: -1 EIO"
lies strings "chdir: 0 -" "getcwd: -1 EIO"

serve flood
out=$(./storage-lies flood 2>&1)
unserve
interrupts=$(echo "$out" | sed -n 's/^area interrupts: //p')
# At least one: the call's completion wakes the waiting process.
check "flood: 20000 notifications for nothing cost ${interrupts:-?} interrupts (1 to 100); the call answered ($(echo "$out" | head -n 1))" \
	test "$(echo "$out" | head -n 1)" = "access: 0 -" -a "${interrupts:-0}" -ge 1 -a "${interrupts:-99999}" -le 100

lies epoll "inotify_add_watch: 0 -" "epoll_ctl: 0 -" "epoll_wait: -1 EIO"

serve silent
./storage-lies silent >/tmp/vt-silent.out 2>&1 &
pid=$!
wait_output /tmp/vt-silent.out calling
sleep 2
waiting=no
kill -0 "$pid" 2>/dev/null && waiting=yes
start=$(date +%s%N)
kill -9 "$pid"
wait "$pid" 2>/dev/null
ms=$((($(date +%s%N) - start) / 1000000))
check "silent: the call waits ($waiting), SIGKILL ends the process in $ms ms (at most 5000)" \
	test "$waiting" = yes -a "$ms" -le 5000
unserve
rm -f /tmp/vt-silent.out

# control_interrupts: the interrupts of both domains' control channels.
control_interrupts() {
	awk '/ virtuos$/ { for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+$/) n += $i }
		END { print n + 0 }' /proc/interrupts
}
serve replies
before=$(control_interrupts)
sleep 5
after=$(control_interrupts)
# At least one: the flood reached the primary.
check "replies: 5 s of made-up replies cost $((after - before)) control interrupts (1 to 100)" \
	test $((after - before)) -ge 1 -a $((after - before)) -le 100
check "and the network domain is still connected" [ "$(sysfs_sd network state)" = connected ]
unserve

hostile_end storage
check "init's executor runs again" \
	sd_wait storage 'pidof vt-hostile || cat /sys/kernel/virtuos_sd/executor' running 30
check "storage is still connected" [ "$(sysfs_sd storage state)" = connected ]
./busybox-virtuos rm -f /storage/vt-hostile /storage/vt-lies /storage/vt-lies-epoll
check "a new process works with /storage again" \
	sh -c './busybox-virtuos ls /storage >/dev/null'
check "the hostile executor is gone from /storage" \
	sd_exec storage '! test -e /storage/vt-hostile'
warnings=$(dmesg | tail -n +$((kernel_lines + 1)) | grep -E 'WARNING|BUG|Oops|general protection|refcount' || true)
check "the primary's kernel logged no warning${warnings:+: $warnings}" [ -z "$warnings" ]
done_testing
