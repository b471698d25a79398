#!/bin/sh
# A real event-driven server nobody here wrote: lighttpd from Debian's
# source (tools/build-lighttpd), linked with musl-virtuos, one process
# waiting on all its sockets at once (non-blocking sockets, poll), serves
# files from /storage (storage domain) on sockets of the network domain.
# The client is ./http-load, built with dom0's own C library, so on the
# primary's own stack and NIC (the "other host"): 1,000 requests from 50
# connections at a time, every response checked byte for byte.
#
# It runs twice: with lighttpd's server.event-handler poll, then with
# linux-sysepoll (its default on Linux). VT_LIGHTTPD_EVENTS picks one.
cd "$(dirname "$0")" && . ./lib.sh
modes=${VT_LIGHTTPD_EVENTS:-poll linux-sysepoll}
nmodes=$(echo $modes | wc -w)
plan $((1 + 4 * nmodes))
lt=$PWD/lighttpd-virtuos
bb=$PWD/busybox-virtuos
if [ ! -x "$lt" ] || [ ! -x "$bb" ] || [ ! -x ./http-load ] ||
	! busybox wget --help >/dev/null 2>&1; then
	for i in $(seq $((1 + 4 * nmodes))); do
		not_ok "lighttpd $i: lighttpd-virtuos, busybox-virtuos, http-load or dom0's busybox wget missing (make and the dom0 image provide them)"
	done
	exit 1
fi
www=/storage/vt-light
size=65536
"$bb" rm -rf "$www"
"$bb" mkdir -p "$www"
echo "<h1>lighttpd, served from the storage domain</h1>" |
	"$bb" dd of="$www/index.html" 2>/dev/null
./make-pattern $size | "$bb" dd of="$www/file" bs=65536 2>/dev/null
./make-pattern $size >/tmp/vt-light-expected
md5() { md5sum | cut -d' ' -f1; }
want=$(md5 </tmp/vt-light-expected)
files_there() {
	sd_exec storage "test -s $www/index.html" >/dev/null &&
		[ "$(sd_exec storage "md5sum $www/file" | cut -d' ' -f1)" = "$want" ]
}
check "the files exist in the storage domain, the 64 KiB one with the expected bytes" \
	files_there

# run_mode EVENTS: four checks with that event handler.
run_mode() {
	events=$1
	# Foreground (-D), no chroot, no change of user; its error log is stderr.
	# Descriptor numbers of remote sockets must stay below 4096.
	cat >/tmp/vt-light.conf <<-EOF
	server.document-root = "$www"
	server.port = 8081
	server.event-handler = "$events"
	server.stat-cache-engine = "simple"
	server.max-fds = 1024
	index-file.names = ( "index.html" )
	mimetype.assign = ( ".html" => "text/html", "" => "application/octet-stream" )
	EOF
	"$lt" -D -f /tmp/vt-light.conf >/tmp/vt-light.log 2>&1 &
	server=$!
	# (dom0's busybox wget crashes with -T: time it out from outside)
	get() { timeout 30 busybox wget -q -O - "http://10.99.0.2:8081$1"; }
	i=0
	until get /index.html >/tmp/vt-light-index 2>/dev/null || [ $i -ge 100 ]; do
		sleep 0.2
		i=$((i + 1))
	done
	check "GET /index.html from dom0's wget ($events): $(cat /tmp/vt-light-index)" \
		grep -q 'served from the storage domain' /tmp/vt-light-index

	timeout 500 ./http-load 10.99.0.2 8081 /file /tmp/vt-light-expected 50 1000 \
		>/tmp/vt-light-load 2>&1
	status=$?
	while read -r line; do diag "$line"; done </tmp/vt-light-load
	check "$events: 1000 GETs of a 64 KiB file, 50 at a time, all byte for byte: $(head -n 1 /tmp/vt-light-load)" \
		[ $status -eq 0 ]
	check "$events: a missing file: 404" \
		sh -c "timeout 30 busybox wget -O /dev/null http://10.99.0.2:8081/nope 2>&1 | grep -q 404"
	check "$events: lighttpd still runs; both service domains connected" \
		sh -c "kill -0 $server && [ \"\$(cat /sys/kernel/virtuos/domains/storage/state /sys/kernel/virtuos/domains/network/state | tr '\n' ' ')\" = 'connected connected ' ]"
	kill $server 2>/dev/null
	wait 2>/dev/null
	while read -r line; do diag "lighttpd: $line"; done </tmp/vt-light.log
}
for mode in $modes; do
	run_mode "$mode"
done
"$bb" rm -rf "$www"
rm -f /tmp/vt-light-expected /tmp/vt-light-index /tmp/vt-light-load \
	/tmp/vt-light.conf /tmp/vt-light.log
done_testing
