#!/bin/sh
# A real server nobody here wrote: BusyBox httpd from Debian's source,
# linked with musl-virtuos, serves files from /storage (storage domain)
# on a socket of the network domain; the client is dom0's own BusyBox
# wget, on the primary's own stack and NIC (the "other host").
cd "$(dirname "$0")" && . ./lib.sh
plan 6
bb=$PWD/busybox-virtuos
if [ ! -x "$bb" ] || ! busybox wget --help >/dev/null 2>&1; then
	for i in 1 2 3 4 5 6; do
		not_ok "httpd $i: busybox-virtuos or dom0's busybox wget missing (make and the dom0 image provide them)"
	done
	exit 1
fi
md5() { md5sum | cut -d' ' -f1; }
www=/storage/vt-www
"$bb" rm -rf "$www"
"$bb" mkdir -p "$www/sub"
echo "<h1>served from the storage domain</h1>" | "$bb" dd of="$www/index.html" 2>/dev/null
./make-pattern 1048576 | "$bb" dd of="$www/sub/big.bin" bs=65536 2>/dev/null
check "the files exist in the storage domain" \
	sd_exec storage "test -s $www/index.html && test -s $www/sub/big.bin"

"$bb" httpd -f -p 8080 -h "$www" &
httpd=$!
# (dom0's busybox wget crashes with -T: time it out from outside)
get() { timeout 30 busybox wget -q -O - "http://10.99.0.2:8080$1"; }
i=0
until get /index.html >/tmp/vt-index 2>/dev/null || [ $i -ge 50 ]; do
	sleep 0.2
	i=$((i + 1))
done
check "GET /index.html from dom0's wget: $(cat /tmp/vt-index)" \
	grep -q 'served from the storage domain' /tmp/vt-index
want=$(./make-pattern 1048576 | md5)
got=$(get /sub/big.bin | md5)
check "GET of a 1 MiB file, byte for byte ($got)" [ "$got" = "$want" ]
fails=0
for n in 1 2 3 4 5 6 7 8 9 10; do
	get /index.html >/dev/null || fails=$((fails + 1))
done
check "10 more requests, each in a forked child of httpd ($fails failed)" [ $fails -eq 0 ]
check "a missing file: 404" \
	sh -c "busybox wget -O /dev/null http://10.99.0.2:8080/nope 2>&1 | grep -q 404"
check "httpd still runs; both service domains connected" \
	sh -c "kill -0 $httpd && [ \"\$(cat /sys/kernel/virtuos/domains/storage/state /sys/kernel/virtuos/domains/network/state | tr '\n' ' ')\" = 'connected connected ' ]"
kill $httpd 2>/dev/null
wait 2>/dev/null
"$bb" rm -rf "$www"
done_testing
