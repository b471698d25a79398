#!/bin/sh
# The storage domain's executor (virtuos-shadowd) is killed while a call
# is in flight (a flock another process holds): its shadows end with it,
# the companion tells the primary, and the blocked call returns EIO within
# seconds instead of waiting forever; the domain stays connected, init
# starts the executor again, and a new process works with /storage.
cd "$(dirname "$0")" && . ./lib.sh
plan 6
./storage-flock /storage/vt-lock hold >/tmp/xhold.out 2>&1 &
holder=$!
wait_output /tmp/xhold.out locked
./storage-flock /storage/vt-lock wait >/tmp/xwait.out 2>&1 &
waiter=$!
wait_output /tmp/xwait.out waiting
sleep 2
check "a process blocks in flock, in the storage domain" \
	sh -c 'grep -q waiting /tmp/xwait.out && ! grep -q "flock:" /tmp/xwait.out'
# The executor is the virtuos-shadowd whose parent is not one.
main=$(sd_exec storage 'for p in $(pidof virtuos-shadowd); do pp=$(cut -d" " -f4 /proc/$p/stat); grep -q virtuos-shadowd /proc/$pp/cmdline 2>/dev/null || echo $p; done')
diag "executor pid in the storage domain: $main"
check "found the executor" [ -n "$main" ]
sd_exec storage "kill -9 $main" >/dev/null
i=0
while kill -0 $waiter 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
diag "waiter: $(tr '\n' ' ' </tmp/xwait.out)"
check "the blocked flock returned EIO within 30 s" grep -q "flock: EIO" /tmp/xwait.out
kill -9 $holder $waiter 2>/dev/null
wait 2>/dev/null
check "storage is still connected" [ "$(sysfs_sd storage state)" = connected ]
check "the executor runs again" \
	sd_wait storage 'cat /sys/kernel/virtuos_sd/executor' running 30
./storage-flock /storage/vt-lock hold >/tmp/xhold2.out 2>&1 &
holder=$!
wait_output /tmp/xhold2.out locked
check "a new process locks /storage/vt-lock" grep -q locked /tmp/xhold2.out
kill -9 $holder 2>/dev/null
wait 2>/dev/null
done_testing
