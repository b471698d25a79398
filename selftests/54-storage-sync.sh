#!/bin/sh
# sync() and syncfs() reach the storage domain: data written without fsync
# sits there as dirty pages (its writeback waits 30 s), and each call
# leaves none. Each round writes a new file: ext4 flushes a file truncated
# and rewritten when it is closed. Reads the storage domain's own /proc/meminfo.
. ./lib.sh
plan 6

dirty_kb() { sd_exec storage "sed -n 's/^Dirty: *\([0-9]*\) kB/\1/p' /proc/meminfo"; }

sd_exec storage 'sync; mkdir -p /storage/vt-sync' >/dev/null
for how in sync syncfs; do
	out=$(./storage-sync write /storage/vt-sync/$how 8)
	before=$(dirty_kb)
	[ "$out" = ok ] && [ "${before:-0}" -ge 4096 ]
	check "8 MiB written without fsync ($out): ${before:-?} kB dirty in the storage domain (>= 4096)" [ $? -eq 0 ]
	if [ $how = sync ]; then
		out=$(./storage-sync sync)
	else
		out=$(./storage-sync syncfs /storage/vt-sync/$how)
	fi
	after=$(dirty_kb)
	check "$how() returned ($out)" [ "$out" = ok ]
	[ -n "$after" ] && [ "$after" -lt 1024 ]
	check "after $how() the storage domain has ${after:-?} kB dirty (< 1024)" [ $? -eq 0 ]
done
sd_exec storage 'rm -rf /storage/vt-sync' >/dev/null
done_testing
