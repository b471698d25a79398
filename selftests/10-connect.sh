#!/bin/sh
# Both service domains found the primary through xenstore, share a granted
# page and an event channel (a ping came back), and agree on a protocol.
cd "$(dirname "$0")" && . ./lib.sh
plan 15
check "virtuos.ko is loaded" grep -q '^virtuos ' /proc/modules
check "primary speaks protocol 1-1" [ "$(cat /sys/kernel/virtuos/protocol)" = 1-1 ]
for sd in storage network; do
	check "$sd is connected" [ "$(sysfs_sd $sd state)" = connected ]
	check "$sd: domid is xl's ($(xl domid $sd))" [ "$(sysfs_sd $sd domid)" = "$(xl domid $sd)" ]
	check "$sd: negotiated protocol 1" [ "$(sysfs_sd $sd protocol)" = 1 ]
done
status=$(virtuosctl status)
echo "$status" | sed 's/^/# /'
for sd in storage network; do
	check "virtuosctl status: $sd, its domid, connected, protocol 1" \
		sh -c 'echo "$1" | grep -Eq "^$2 +$3 +connected +1 "' - "$status" "$sd" "$(xl domid $sd)"
done
check "one granted control page per service domain" [ "$(cat /sys/kernel/virtuos/granted_pages)" = 2 ]
check "one event channel irq per service domain in the primary" [ "$(interrupts virtuos)" = 2 ]
for sd in storage network; do
	view=$(sd_exec $sd 'cd /sys/kernel/virtuos_sd && echo $(cat state primary protocol executor)')
	diag "$sd companion: $view"
	check "$sd companion: connected to domain 0, protocol 1, executor running" \
		[ "$view" = "connected 0 1 running" ]
done
pings=$(sd_exec storage 'cat /sys/kernel/virtuos_sd/pings')
check "storage companion answered the primary's ping ($pings)" [ "${pings:-0}" -ge 1 ]
done_testing
