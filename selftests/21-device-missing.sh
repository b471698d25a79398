#!/bin/sh
# A service domain that comes up without its device says so: its init
# publishes "missing:..." (shown by virtuosctl status), starts no executor,
# and virtuosctl up creates it again, saying so each time, until it gives
# up with a clear message. With its device, virtuosctl up brings it back.
# The device is taken away by starting the network domain from a copy of
# its config without the pci line (and a 5 s device wait).
cd "$(dirname "$0")" && . ./lib.sh
plan 11
status=$(virtuosctl status)
echo "$status" | sed 's/^/# /'
check "virtuosctl status shows each domain's device (storage ready:/dev/vda, network ready:eth0)" \
	sh -c 'echo "$1" | grep -Eq "^storage .* ready:/dev/vda\$" && echo "$1" | grep -Eq "^network .* ready:eth0\$"' - "$status"

mkdir -p /tmp/nodev
sed -e '/^pci *=/d' -e 's/^extra = "/extra = "virtuos.device_wait=5 /' \
	/etc/virtuos/network.cfg >/tmp/nodev/network.cfg
xl destroy network 2>/dev/null
wait_state network disconnected 30
VIRTUOS_SD_DIR=/tmp/nodev virtuosctl up network 180 >/tmp/nodev/up.out 2>/tmp/nodev/up.err
st=$?
sed 's/^/# up: /' /tmp/nodev/up.out /tmp/nodev/up.err
check "virtuosctl up gives up with status 1 (got $st)" [ "$st" = 1 ]
check "it said it started the domain again, attempt 2 of 3" \
	grep -q '^virtuosctl: network came up without its device (missing:no-NIC,pcifront-timeouts=0); starting it again (attempt 2 of 3)$' /tmp/nodev/up.err
check "and attempt 3 of 3" grep -q 'starting it again (attempt 3 of 3)$' /tmp/nodev/up.err
check "then gave up in one line naming the reason" \
	grep -q '^virtuosctl: network has no device after 3 attempts (missing:no-NIC,pcifront-timeouts=0); see its console log$' /tmp/nodev/up.err
check "status shows the device missing" \
	sh -c 'virtuosctl status | grep -Eq "^network .* missing:no-NIC,pcifront-timeouts=0\$"'
check "the domain's init said why, once per attempt ($(grep -c 'no NIC after 5 s' /var/log/xen/console/guest-network.log))" \
	[ "$(grep -c 'no NIC after 5 s (pcifront time-outs: 0): announcing the domain without its device, no executor' /var/log/xen/console/guest-network.log)" -ge 3 ]
check "no executor runs in a domain without its device" \
	[ "$(sd_exec network 'ps | grep -c "[v]irtuos-shadowd"')" = 0 ]

xl destroy network 2>/dev/null
wait_state network disconnected 30
virtuosctl up network 180 >/tmp/nodev/up2.out 2>&1
st=$?
sed 's/^/# up: /' /tmp/nodev/up2.out
check "with its device, virtuosctl up succeeds at once (status $st)" \
	sh -c '[ "$1" = 0 ] && ! grep -q "starting it again" /tmp/nodev/up2.out' - "$st"
check "and says it is connected with ready:eth0" \
	grep -q "^virtuosctl: network connected (domid $(xl domid network), device ready:eth0)$" /tmp/nodev/up2.out
./net-accept 7102 >/tmp/nodev/accept.out 2>&1 &
waiter=$!
wait_output /tmp/nodev/accept.out listening
check "a new process listens in the network domain again" grep -q listening /tmp/nodev/accept.out
kill -9 $waiter 2>/dev/null
wait 2>/dev/null
done_testing
