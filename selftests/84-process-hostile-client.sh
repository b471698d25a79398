#!/bin/sh
# A client that writes into its own area what the library never would
# gets nothing from its shadow that costs other clients: a fork token the
# primary never gave out is refused, so is a unix socket (the executor's
# fork hand-off is one: the storage domain makes no sockets at all, the
# network domain only AF_INET and AF_INET6), and a worker count forged before
# every call does not make the shadow start a thread per call. Threads
# are counted in the storage domain's /proc.
. ./lib.sh
plan 7

out=$(./hostile-client fork-token)
check "a fork token the primary never gave out: the shadow refuses, EPERM ($out)" \
	[ "$out" = "ret -1" ]

out=$(./hostile-client unix-socket storage)
check "a socket in the storage domain: not a storage call, ENOSYS ($out)" \
	[ "$out" = "ret -38" ]
out=$(./hostile-client unix-socket network)
check "an AF_UNIX socket in the network domain: refused, EAFNOSUPPORT ($out)" \
	[ "$out" = "ret -97" ]

log=/tmp/vt-hostile.$$
./hostile-client forge-workers 300 >"$log" 2>&1 &
pid=$!
i=0
until grep -q done "$log" || [ $i -ge 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "300 calls, each after forging the worker count ($(cat "$log"))" \
	grep -q "done 300 calls" "$log"
# shellcheck disable=SC2016
threads=$(sd_exec storage 'max=0; for d in /proc/[0-9]*; do [ "$(cat $d/comm 2>/dev/null)" = virtuos-shadowd ] || continue; n=$(ls $d/task | wc -l); [ $n -gt $max ] && max=$n; done; echo $max')
check "no shadow runs more than 18 threads (most: ${threads:-?})" \
	[ "${threads:-999}" -le 18 ]
kill "$pid"
wait "$pid" 2>/dev/null
rm -f "$log"
# The shadows are forks of the executor: a position-independent image
# (ELF type 3) loaded at a random address, not at the fixed 0x400000.
# shellcheck disable=SC2016
elf=$(sd_exec storage 'od -An -tx2 -j16 -N2 /sbin/virtuos-shadowd | tr -d " "')
# shellcheck disable=SC2016
base=$(sd_exec storage 'head -n 1 /proc/$(pidof virtuos-shadowd | tr " " "\n" | tail -n 1)/maps | cut -d- -f1')
pie() { [ "$elf" = 0003 ] && [ -n "$base" ] && [ "$base" != 00400000 ]; }
check "the shadow is a position-independent executable (ELF type ${elf:-?}) at a random address (${base:-?})" \
	pie
out=$(./storage-sync write /storage/vt-hostile 1)
check "another client is served as before ($out)" [ "$out" = ok ]
sd_exec storage 'rm -f /storage/vt-hostile' >/dev/null
done_testing
