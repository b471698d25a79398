#!/bin/sh
# Unloading and reloading either module: the other side notices, frees
# what it held, and the pair reconnects by itself.
cd "$(dirname "$0")" && . ./lib.sh
plan 11
check "rmmod virtuos" rmmod virtuos
check "no virtuos irq left in the primary" [ "$(interrupts virtuos)" = 0 ]
check "storage companion went back to waiting" \
	sd_wait storage 'cat /sys/kernel/virtuos_sd/state' waiting
check "insmod virtuos.ko again" insmod /virtuos/virtuos.ko
check "storage reconnects" wait_state storage connected 60
check "network reconnects" wait_state network connected 60
# The domain's init starts a new executor a second after one ends, which
# may take the device again before rmmod: end it until rmmod succeeds.
sd_exec storage 'i=0; until rmmod virtuos_sd 2>/dev/null || [ $i -ge 20 ]; do kill $(pidof virtuos-shadowd) 2>/dev/null; sleep 1; i=$((i + 1)); done' >/dev/null
check "storage companion unloaded: primary shows storage waiting" wait_state storage waiting 30
check "its event channel is freed (one virtuos irq left)" [ "$(interrupts virtuos)" = 1 ]
check "its control page is given back" wait_pages 1
# The domain's init starts the executor again once the device is back
# (a second one started here would find it busy and leave init retrying).
sd_exec storage 'insmod /lib/modules/virtuos_sd.ko' >/dev/null
check "companion reloaded: storage connected again" wait_state storage connected 60
check "storage executor running again, started by the domain's init" \
	sd_wait storage 'cat /sys/kernel/virtuos_sd/executor' running
done_testing
