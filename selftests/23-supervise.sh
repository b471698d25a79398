#!/bin/sh
# virtuosctl supervise brings back a service domain that crashed, counts
# the restart (virtuosctl status shows it), leaves alone a domain that
# virtuosctl stop stopped, and gives up with a clear message on one that
# cannot be started.
cd "$(dirname "$0")" && . ./lib.sh
plan 9

log=/tmp/vt-supervise.log
restarts() { virtuosctl status | awk -v n="$1" '$1 == n { print $6 }'; }
# until_logged PATTERN SECONDS: wait until the supervisor's log holds it.
until_logged() {
	i=0
	until grep -q "$1" "$log" || [ $i -ge "$2" ]; do
		sleep 1
		i=$((i + 1))
	done
}
virtuosctl supervise storage >"$log" 2>&1 &
sup=$!
until_logged "watching storage" 20
check "the supervisor watches storage ($(head -n 1 "$log"))" grep -q "watching storage" "$log"
check "status shows no restart yet ($(restarts storage))" [ "$(restarts storage)" = 0 ]

xl destroy storage 2>/dev/null
until_logged "storage is back" 300
check "it saw the crash and restarted storage ($(grep storage: "$log" | head -n 1))" \
	grep -q "storage: it is not running.*restart 1" "$log"
check "storage is connected again" wait_state storage connected 30
check "status shows 1 restart ($(restarts storage))" [ "$(restarts storage)" = 1 ]
storage_works() { ./busybox-virtuos ls /storage >/dev/null; }
check "/storage works again" storage_works

virtuosctl stop storage >/dev/null 2>&1
sleep 5
gone() { ! xl domid storage >/dev/null 2>&1 && ! grep -q "restart 2" "$log"; }
check "after virtuosctl stop it leaves storage down" gone
virtuosctl up storage 180 >/dev/null 2>&1
kill "$sup" 2>/dev/null
wait "$sup" 2>/dev/null
diag "supervisor: $(tr '\n' '|' <"$log")"

# A domain that cannot start: no configuration.
mkdir -p /tmp/vt-nocfg
VIRTUOS_SD_DIR=/tmp/vt-nocfg timeout 120 virtuosctl supervise --give-up 2 ghost \
	>"$log" 2>&1
st=$?
check "the supervisor of a domain that cannot start ends with status 1 (got $st)" [ "$st" = 1 ]
check "saying it left it down ($(grep 'left down' "$log"))" \
	grep -q "ghost: left down after 2 failed restarts in a row" "$log"
rm -rf /tmp/vt-nocfg "$log" /run/virtuos/supervise/ghost
wait_state storage connected 60 >/dev/null
done_testing
