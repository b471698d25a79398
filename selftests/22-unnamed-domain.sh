#!/bin/sh
# Only the guests the primary is configured with (service_domains=, by
# default storage and network) are taken as service domains. A guest named
# "intruder" that runs the service-domain image, and so writes the
# rendezvous keys, is ignored: no entry, no grant, no event channel, and
# one line in the primary's log.
cd "$(dirname "$0")" && . ./lib.sh
plan 6
pages0=$(cat /sys/kernel/virtuos/granted_pages)
mkdir -p /tmp/intruder
sed -e 's/^name = .*/name = "intruder"/' -e '/^pci *=/d' \
	-e 's/^extra = "/extra = "virtuos.device_wait=2 /' \
	/etc/virtuos/network.cfg >/tmp/intruder/intruder.cfg
xl create /tmp/intruder/intruder.cfg >/tmp/intruder/xl.out 2>&1
check "a guest named intruder starts from the service-domain image" xl domid intruder
domid=$(xl domid intruder 2>/dev/null)
i=0
until xenstore-read "/local/domain/$domid/data/virtuos/sd-state" >/dev/null 2>&1 ||
	[ $i -ge 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "its companion wrote the rendezvous keys (sd-state $(xenstore-read "/local/domain/$domid/data/virtuos/sd-state" 2>/dev/null))" \
	xenstore-read "/local/domain/$domid/data/virtuos/sd-state"
sleep 3
check "the primary made no entry for it" [ ! -e /sys/kernel/virtuos/domains/intruder ]
check "granted no page to it ($(cat /sys/kernel/virtuos/granted_pages), was $pages0)" \
	[ "$(cat /sys/kernel/virtuos/granted_pages)" = "$pages0" ]
check "and said so once in its log ($(dmesg | grep -c "domain $domid (intruder) announces itself but is not a configured service domain"))" \
	[ "$(dmesg | grep -c "domain $domid (intruder) announces itself but is not a configured service domain (service_domains=storage,network): ignored")" = 1 ]
xl destroy intruder 2>/dev/null
check "storage and network are still connected" \
	sh -c '[ "$(cat /sys/kernel/virtuos/domains/storage/state)" = connected ] && [ "$(cat /sys/kernel/virtuos/domains/network/state)" = connected ]'
done_testing
