#!/bin/sh
# The hand-off of a forked process's shadow names nothing another process
# of the service domain could take first: the parent's shadow forks the
# child shadow and passes virtuos-shadowd a socket to it over its own
# private channel (no abstract socket name, as there used to be). Forked
# processes still get their shadows.
cd "$(dirname "$0")" && . ./lib.sh
plan 3
./fork-pending 20 >/tmp/vt-fork-pending 2>&1 &
pending=$!
wait_output /tmp/vt-fork-pending pending
check "a shadow forked for a fork to come ($(cat /tmp/vt-fork-pending))" \
	grep -q "^pending 0$" /tmp/vt-fork-pending
names=$(sd_exec storage 'grep -c virtuos-fork /proc/net/unix')
check "no socket of the storage domain is named for it (${names:-?} named)" [ "$names" = 0 ]
kill "$pending" 2>/dev/null
wait "$pending" 2>/dev/null
rm -f /tmp/vt-fork-pending
check "forked processes get their shadows: a shell's two children list /storage" \
	sh -c "./busybox-virtuos sh -c './busybox-virtuos ls /storage >/dev/null && ./busybox-virtuos ls /storage >/dev/null'"
done_testing
