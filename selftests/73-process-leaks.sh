#!/bin/sh
# 1000 fork/exit cycles of a process using both service domains leave
# nothing behind: no granted page or event channel in the primary, no
# shadow process in either service domain. Every fifth child is killed
# with SIGKILL 20 ms after the fork: blocked in recv in the network
# domain, or (under emulation, often) before it even attached; the
# others use both inherited descriptors and exit.
cd "$(dirname "$0")" && . ./lib.sh
plan 5
# settled COMMAND: its output once it is the same three times, 0.3 s apart.
settled() {
	last=$($1) same=0 i=0
	while [ $same -lt 2 ] && [ $i -lt 60 ]; do
		sleep 0.3
		now=$($1)
		if [ "$now" = "$last" ]; then same=$((same + 1)); else same=0; fi
		last=$now i=$((i + 1))
	done
	echo "$last"
}
pages() { cat /sys/kernel/virtuos/granted_pages; }
irqs() { interrupts virtuos-area; }
shadows() { sd_exec "$1" 'ps -o args | grep -c "^/sbin/virtuos-shadowd"'; }
pages0=$(settled pages) irqs0=$(settled irqs)
st0=$(shadows storage) nt0=$(shadows network)
out=$(./fork-cycles 1000 5 2>&1)
check "1000 fork/exit cycles, children using both domains, one in five killed: $out" \
	[ "$out" = "cycles 1000 failed 0" ]
pages1=$(settled pages) irqs1=$(settled irqs)
check "granted pages back to $pages0 ($pages1)" \
	sh -c '[ "$1" -ge 2 ] 2>/dev/null && [ "$2" = "$1" ]' - "$pages0" "$pages1"
check "virtuos-area event channels back to $irqs0 ($irqs1)" \
	sh -c '[ "$1" -ge 0 ] 2>/dev/null && [ "$2" = "$1" ]' - "$irqs0" "$irqs1"
# A child killed before it attached leaves a child shadow that waits
# for it up to 30 s (VIRTUOS_FORK_TIMEOUT_S): allow 40 s.
i=0
while [ $i -lt 40 ]; do
	st1=$(shadows storage) nt1=$(shadows network)
	[ "$st1" = "$st0" ] && [ "$nt1" = "$nt0" ] && break
	sleep 1
	i=$((i + 1))
done
check "storage domain: shadow processes back to $st0 ($st1)" \
	sh -c 'case $1 in "" | *[!0-9]*) exit 1 ;; esac; [ "$1" -ge 1 ] && [ "$2" = "$1" ]' - "$st0" "$st1"
check "network domain: shadow processes back to $nt0 ($nt1)" \
	sh -c 'case $1 in "" | *[!0-9]*) exit 1 ;; esac; [ "$1" -ge 1 ] && [ "$2" = "$1" ]' - "$nt0" "$nt1"
done_testing
