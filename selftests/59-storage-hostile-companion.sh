#!/bin/sh
# A storage domain whose kernel lies: its companion is swapped for a test
# build (virtuos_sd_hostile.ko, module/service/companion_hostile.c) that
# keeps every grant mapped, flips its session number five times a second
# and rewinds and floods the control ring's indexes. The primary counts
# the pages the domain keeps for as long as it keeps them (and past the
# 60 s after which they used to be handed to the kernel and forgotten),
# frees each one once the domain is gone, keeps the interrupts of a
# flooded ring few, refuses to attach rather than hang, and logs no
# warning; the network domain does not notice, and a restarted storage
# domain serves as before.
cd "$(dirname "$0")" && . ./lib.sh
plan 17

kernel_lines=$(dmesg | wc -l)
pages0=$(cat /sys/kernel/virtuos/granted_pages)
param=/sys/module/virtuos_sd_hostile/parameters/hostile
granted() { cat /sys/kernel/virtuos/granted_pages; }
held() { cat /sys/kernel/virtuos/held_pages 2>/dev/null || echo -1; }
lie() { sd_exec storage "echo '$1' >$param" >/dev/null; }

./busybox-virtuos cp ./virtuos_sd_hostile.ko /storage/vt-sd-hostile.ko
check "the hostile companion is in the storage domain" \
	sd_exec storage 'test -f /storage/vt-sd-hostile.ko'
connects0=$(sysfs_sd storage connects)
device=$(sd_exec storage 'cat /sys/module/virtuos_sd/parameters/device')
# shellcheck disable=SC2016
sd_exec storage 'i=0; until rmmod virtuos_sd 2>/dev/null || [ $i -ge 20 ]; do kill $(pidof virtuos-shadowd) 2>/dev/null; sleep 1; i=$((i + 1)); done' >/dev/null
sd_exec storage "insmod /storage/vt-sd-hostile.ko hostile=hold device=$device" >/dev/null
wait_state storage connected 60 >/dev/null
check "it replaced the companion and connected (connects $(sysfs_sd storage connects), was $connects0)" \
	test "$(sysfs_sd storage state)" = connected -a "$(sysfs_sd storage connects)" -gt "$connects0"
sd_wait storage 'cat /sys/kernel/virtuos_sd/executor' running 30 ||
	diag "init's executor did not start again"

# hold: three processes attach and exit; their grant directories stay
# mapped in the storage domain.
hold_start=$(date +%s)
for _ in 1 2 3; do ./busybox-virtuos ls /storage >/dev/null; done
sleep 1
held1=$(held)
check "hold: three ended areas' pages are held ($held1, at least 3)" \
	test "$held1" -ge 3
check "and still counted as granted ($(granted) = $pages0 + $held1)" \
	test "$(granted)" = $((pages0 + held1))

# hold,flip: ten new sessions in two seconds, each old control page kept.
connects=$(sysfs_sd storage connects)
lie hold,flip
sleep 2
lie hold
wait_state storage connected 30 >/dev/null
flips=$(($(sysfs_sd storage connects) - connects))
held2=$(held)
check "flip: the domain flipped its session $flips times (at least 5) and is connected" \
	test "$flips" -ge 5 -a "$(sysfs_sd storage state)" = connected
check "each control page it keeps is counted (held $held2, was $held1)" \
	test "$held2" -ge $((held1 + flips))
check "granted pages are the live ones and the held ones ($(granted) = $pages0 + $held2)" \
	test "$(granted)" = $((pages0 + held2))

# rewind: for three seconds, 50 notifications a second with the reply
# index moved back and far ahead and the message ring made to look full.
control_interrupts() {
	awk '/ virtuos$/ { for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+$/) n += $i }
		END { print n + 0 }' /proc/interrupts
}
before=$(control_interrupts)
lie rewind
sleep 0.5
start=$(date +%s%N)
error=$(./busybox-virtuos ls /storage 2>&1 >/dev/null)
ms=$((($(date +%s%N) - start) / 1000000))
sleep 2.5
after=$(control_interrupts)
lie hold
check "rewind: a process attaching meanwhile gets EIO ($error) in $ms ms (at most 5000)" \
	sh -c "echo '$error' | grep -q 'I/O error' && test $ms -le 5000"
check "150 notifications cost $((after - before)) control interrupts (1 to 100)" \
	test $((after - before)) -ge 1 -a $((after - before)) -le 100
check "the indexes out of range were seen and ignored" \
	sh -c "dmesg | tail -n +$((kernel_lines + 1)) | grep -q 'reply index out of range'"
check "the network domain is still connected" [ "$(sysfs_sd network state)" = connected ]

# One flip brings a fresh control ring; then the domain serves again.
lie hold,flip
sleep 0.5
lie hold
wait_state storage connected 30 >/dev/null
check "after a new session, a new process works with /storage" \
	sh -c './busybox-virtuos ls /storage >/dev/null'

# Past the 60 s after which the held pages used to be forgotten.
while [ $(($(date +%s) - hold_start)) -le 62 ]; do sleep 1; done
held3=$(held)
check "$(($(date +%s) - hold_start)) s later the held pages are still counted ($held3, at least $held2; granted $(granted))" \
	test "$held2" -ge 1 -a "$held3" -ge "$held2" -a "$(granted)" = $((pages0 + held3))

./busybox-virtuos rm -f /storage/vt-sd-hostile.ko
virtuosctl restart storage >/dev/null 2>&1
check "storage restarted with its own companion is connected" wait_state storage connected 180
wait_pages "$pages0" 10
check "every page it held is freed ($(granted) granted, $(held) held; $pages0 before)" \
	test "$(granted)" = "$pages0" -a "$(held)" = 0
check "a new process works with /storage again" \
	sh -c './busybox-virtuos ls /storage >/dev/null'
warnings=$(dmesg | tail -n +$((kernel_lines + 1)) | grep -E 'WARNING|BUG|Oops|general protection|refcount' || true)
check "the primary's kernel logged no warning${warnings:+: $warnings}" [ -z "$warnings" ]
done_testing
