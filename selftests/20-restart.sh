#!/bin/sh
# Destroying a service domain disconnects it and frees what the primary
# granted; starting it again reconnects by itself. The other service domain
# does not notice.
cd "$(dirname "$0")" && . ./lib.sh
plan 11
old=$(xl domid storage)
connects=$(sysfs_sd storage connects)
xl destroy storage 2>/dev/null
check "storage shows disconnected after xl destroy" wait_state storage disconnected 30
check "storage's domid shows -1" [ "$(sysfs_sd storage domid)" = -1 ]
check "its event channel is freed (one virtuos irq left)" [ "$(interrupts virtuos)" = 1 ]
check "its control page is given back (granted_pages $(cat /sys/kernel/virtuos/granted_pages))" \
	wait_pages 1
check "the destroyed domain is gone, not a zombie" sh -c '! xl list | grep -q "(null)"'
check "network is still connected" [ "$(sysfs_sd network state)" = connected ]
virtuosctl start storage >/dev/null 2>&1
check "storage is connected again after virtuosctl start" wait_state storage connected 180
check "with its new domid ($(xl domid storage), was $old)" \
	[ "$(sysfs_sd storage domid)" = "$(xl domid storage)" -a "$(xl domid storage)" != "$old" ]
check "connects counted ($(sysfs_sd storage connects))" [ "$(sysfs_sd storage connects)" = $((connects + 1)) ]
check "two virtuos irqs again" [ "$(interrupts virtuos)" = 2 ]
check "two granted pages again" [ "$(cat /sys/kernel/virtuos/granted_pages)" = 2 ]
done_testing
