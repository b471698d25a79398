#!/bin/sh
# The storage domain dies with a call in flight (a flock another process
# holds): the call returns EIO within seconds, later calls on the old
# descriptor too, the primary and the network domain go on, and once the
# storage domain is back a new process works with /storage again, and
# finds there what was written with fsync before the domain died.
cd "$(dirname "$0")" && . ./lib.sh
plan 11
out=$(./storage-sync fsync /storage/vt-durable 4)
check "4 MiB written to /storage/vt-durable and fsync'ed ($out)" [ "$out" = ok ]
want=$(head -c 4194304 /dev/zero | tr '\0' d | md5sum | cut -d' ' -f1)
./storage-flock /storage/vt-lock hold >/tmp/hold.out 2>&1 &
holder=$!
wait_output /tmp/hold.out locked
check "a process holds a flock on /storage/vt-lock" grep -q locked /tmp/hold.out
./storage-flock /storage/vt-lock wait >/tmp/wait.out 2>&1 &
waiter=$!
wait_output /tmp/wait.out waiting
sleep 2
check "another process blocks in flock, in the storage domain" \
	sh -c 'grep -q waiting /tmp/wait.out && ! grep -q "flock:" /tmp/wait.out'
xl destroy storage 2>/dev/null
i=0
# xl destroy pauses the domain, then tears down its passed-through device
# before the domain is gone (about 10 s under emulation): the primary
# notices when the toolstack removes the domain.
while kill -0 $waiter 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
diag "waiter: $(tr '\n' ' ' </tmp/wait.out)"
check "the blocked flock returned EIO within 30 s of xl destroy" grep -q "flock: EIO" /tmp/wait.out
check "a later read of the same descriptor: EIO" grep -qx "later read: EIO" /tmp/wait.out
kill -9 $holder $waiter 2>/dev/null
wait 2>/dev/null
check "storage shows disconnected" wait_state storage disconnected 30
check "network is still connected" [ "$(sysfs_sd network state)" = connected ]
check "a process that never used storage runs (dom0 work)" \
	[ "$(seq 1 1000 | sort -n | uniq | wc -l)" = 1000 ]
virtuosctl start storage >/dev/null 2>&1
check "storage is connected again" wait_state storage connected 180
got=$(sd_exec storage 'md5sum /storage/vt-durable' | cut -d' ' -f1)
check "what fsync returned for survived xl destroy: the restarted domain has the 4 MiB (${got:-none})" \
	[ "$got" = "$want" ]
sd_exec storage 'rm -f /storage/vt-durable' >/dev/null
./storage-flock /storage/vt-lock hold >/tmp/hold2.out 2>&1 &
holder=$!
wait_output /tmp/hold2.out locked
check "a new process locks /storage/vt-lock in the restarted domain" grep -q locked /tmp/hold2.out
kill -9 $holder 2>/dev/null
wait 2>/dev/null
done_testing
