#!/bin/sh
# The network domain dies with a call in flight (a blocking accept): the
# call returns EIO within seconds, later calls on the old socket too, the
# primary and the storage domain go on, and once the network domain is back
# a new process has sockets again.
cd "$(dirname "$0")" && . ./lib.sh
plan 7
./net-accept 7100 >/tmp/accept.out 2>&1 &
waiter=$!
wait_output /tmp/accept.out listening
sleep 1
check "a process blocks in accept, in the network domain" \
	sh -c 'grep -q listening /tmp/accept.out && ! grep -q "accept:" /tmp/accept.out'
xl destroy network 2>/dev/null
i=0
while kill -0 $waiter 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
diag "waiter: $(tr '\n' ' ' </tmp/accept.out)"
check "the blocked accept returned EIO within 30 s of xl destroy" \
	grep -q "accept: EIO" /tmp/accept.out
check "a later call on the old socket: EIO" grep -q "later: EIO" /tmp/accept.out
kill -9 $waiter 2>/dev/null
wait 2>/dev/null
check "network shows disconnected" wait_state network disconnected 30
check "storage is still connected" [ "$(sysfs_sd storage state)" = connected ]
virtuosctl start network >/dev/null 2>&1
check "network is connected again" wait_state network connected 180
./net-accept 7101 >/tmp/accept2.out 2>&1 &
waiter=$!
wait_output /tmp/accept2.out listening
check "a new process listens in the restarted network domain" \
	grep -q listening /tmp/accept2.out
kill -9 $waiter 2>/dev/null
wait 2>/dev/null
done_testing
