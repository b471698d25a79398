#!/bin/sh
# virtuosctl stop shuts the storage domain down cleanly: data a process
# wrote without fsync (still dirty pages in the storage domain) is on the
# disk when the domain comes back, and its init says it unmounted.
cd "$(dirname "$0")" && . ./lib.sh
plan 6

dirty_kb() { sd_exec storage "sed -n 's/^Dirty: *\([0-9]*\) kB/\1/p' /proc/meminfo"; }
want=$(head -c 8388608 /dev/zero | tr '\0' d | md5sum | cut -d' ' -f1)
log=/var/log/xen/console/guest-storage.log

out=$(./storage-sync write /storage/vt-stop 8)
before=$(dirty_kb)
[ "$out" = ok ] && [ "${before:-0}" -ge 4096 ]
check "8 MiB written without fsync ($out): ${before:-?} kB dirty in the storage domain" [ $? -eq 0 ]
start=$(wc -l <"$log")
out=$(virtuosctl stop storage 60 2>&1)
check "virtuosctl stop storage returns 0 ($out)" [ $? -eq 0 ]
check "the domain is gone and shows disconnected" wait_state storage disconnected 30
said=$(tail -n +"$((start + 1))" "$log" | tr -d '\r' | grep -o 'clean shutdown.*' | head -n 1)
check "its init said: ${said:-nothing}" [ "$said" = "clean shutdown: /storage synced and unmounted" ]
virtuosctl up storage 180 >/dev/null 2>&1
check "storage is connected again" wait_state storage connected 60
got=$(sd_exec storage 'md5sum /storage/vt-stop' | cut -d' ' -f1)
check "the 8 MiB are on the disk after the restart (md5 ${got:-none})" [ "$got" = "$want" ]
sd_exec storage 'rm -f /storage/vt-stop' >/dev/null
done_testing
