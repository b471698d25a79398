#!/bin/sh
# virtuosctl supervise brings back a service domain that crashed, and one
# whose kernel stopped beating (the companion's heartbeat on the control
# page, stopped here through its module parameter as a hung kernel would),
# counts the restarts (virtuosctl status shows them), leaves alone a domain that
# virtuosctl stop stopped, and gives up with a clear message on one that
# cannot be started.
cd "$(dirname "$0")" && . ./lib.sh
plan 12

slog=/tmp/vt-supervise.log
restarts() { virtuosctl status | awk -v n="$1" '$1 == n { print $6 }'; }
# until_logged PATTERN SECONDS: wait until the supervisor's log holds it.
until_logged() {
	i=0
	until grep -q "$1" "$slog" || [ $i -ge "$2" ]; do
		sleep 1
		i=$((i + 1))
	done
}
virtuosctl supervise --stuck 15 storage >"$slog" 2>&1 &
sup=$!
until_logged "watching storage" 20
check "the supervisor watches storage ($(head -n 1 "$slog"))" grep -q "watching storage" "$slog"
check "status shows no restart yet ($(restarts storage))" [ "$(restarts storage)" = 0 ]
age=$(sysfs_sd storage heartbeat_age)
check "the primary sees storage's heartbeat (last moved $age s ago)" [ "$age" -ge 0 -a "$age" -le 2 ]

xl destroy storage 2>/dev/null
until_logged "storage is back" 300
check "it saw the crash and restarted storage ($(grep storage: "$slog" | head -n 1))" \
	grep -q "storage: it is not running.*restart 1" "$slog"
check "storage is connected again" wait_state storage connected 30
check "status shows 1 restart ($(restarts storage))" [ "$(restarts storage)" = 1 ]
storage_works() { ./busybox-virtuos ls /storage >/dev/null; }
check "/storage works again" storage_works

sd_exec storage 'echo 0 >/sys/module/virtuos_sd/parameters/heartbeat' >/dev/null
until_logged "storage is back (restart 2)" 300
check "it saw the heartbeat stop and restarted storage ($(grep 'restart 2' "$slog" | head -n 1))" \
	grep -q "storage: its heartbeat stopped (hung); restarting it (restart 2)" "$slog"
check "storage is connected again, beating" wait_state storage connected 30

virtuosctl stop storage >/dev/null 2>&1
sleep 5
gone() { ! xl domid storage >/dev/null 2>&1 && ! grep -q "restart 3" "$slog"; }
check "after virtuosctl stop it leaves storage down" gone
virtuosctl up storage 180 >/dev/null 2>&1
kill "$sup" 2>/dev/null
wait "$sup" 2>/dev/null
diag "supervisor: $(tr '\n' '|' <"$slog")"

# A domain that cannot start: no configuration.
mkdir -p /tmp/vt-nocfg
VIRTUOS_SD_DIR=/tmp/vt-nocfg timeout 120 virtuosctl supervise --give-up 2 ghost \
	>"$slog" 2>&1
st=$?
check "the supervisor of a domain that cannot start ends with status 1 (got $st)" [ "$st" = 1 ]
check "saying it left it down ($(grep 'left down' "$slog"))" \
	grep -q "ghost: left down after 2 failed restarts in a row" "$slog"
rm -rf /tmp/vt-nocfg "$slog" /run/virtuos/supervise/ghost
wait_state storage connected 60 >/dev/null
done_testing
