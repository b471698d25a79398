#!/bin/sh
# Shadows run under their seccomp filter (the executor itself does not
# need one: it runs no client's call), in both service domains, and no
# call a shadow needed was refused by it in this run: the domains' logs
# since boot, restarts included, hold no seccomp denial (audit type
# 1326). The filter's own decisions are tested on the host
# (selftests/host/seccomp.c).
. ./lib.sh
plan 3

# One entry per Seccomp mode (0 none, 2 filter) with its number of
# virtuos-shadowd processes, e.g. " 1 0; 1 2;".
# shellcheck disable=SC2016
modes='for p in $(pidof virtuos-shadowd); do sed -n "s/^Seccomp:[[:space:]]*//p" /proc/$p/status; done | sort | uniq -c | tr -s " " | tr "\n" ";"; echo'
# filtered MODES: one executor without a filter and shadows with one.
filtered() { echo "$1" | grep -q '^ *1 0;' && echo "$1" | grep -q '[0-9] 2;'; }

./storage-flock /storage/vt-seccomp hold >/tmp/vt-sec.out 2>&1 &
holder=$!
wait_output /tmp/vt-sec.out locked
storage=$(sd_exec storage "$modes")
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
check "storage domain: the executor without a filter, a shadow with one (${storage:-?})" \
	filtered "$storage"

./net-accept 7788 >/tmp/vt-sec.out 2>&1 &
listener=$!
wait_output /tmp/vt-sec.out listening
network=$(sd_exec network "$modes")
kill "$listener" 2>/dev/null
wait "$listener" 2>/dev/null
check "network domain: the same (${network:-?})" filtered "$network"

denials=$(cat /var/log/xen/console/guest-storage.log \
	/var/log/xen/console/guest-network.log 2>/dev/null | grep -c 'type=1326')
check "no call of a shadow refused by its filter in this run (${denials} logged)" \
	[ "$denials" = 0 ]
rm -f /tmp/vt-sec.out
sd_exec storage 'rm -f /storage/vt-seccomp' >/dev/null
done_testing
