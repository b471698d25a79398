#!/bin/sh
# The same file, directory and TCP socket calls, made by one program built
# twice (helpers/call-coverage.c): with musl-virtuos on a /storage
# directory and network-domain sockets, and with the host's C library on a
# local ext4 file system and the primary's own sockets. Each call must
# give the same result (value, errno, bytes) both ways: one test line per
# call.
cd "$(dirname "$0")" && . ./lib.sh

native=/tmp/vt-cov-native
img=/tmp/vt-cov.img
fs=ext4
mkdir -p "$native"
# ext4 on a loop device, like the storage domain's; a tmpfs differs in
# ways that are the file system's (fallocate, xattrs), not VirtuOS's.
if ! { dd if=/dev/zero of="$img" bs=1M count=64 2>/dev/null &&
	mkfs.ext4 -q -F "$img" >/dev/null 2>&1 &&
	mount -o loop "$img" "$native"; }; then
	fs="$(stat -f -c %T "$native")"
fi
./busybox-virtuos rm -rf /storage/vt-cov
./call-coverage-native "$native/vt-cov" >/tmp/vt-cov.native 2>&1
./call-coverage /storage/vt-cov >/tmp/vt-cov.remote 2>&1
n=$(wc -l </tmp/vt-cov.native)
r=$(wc -l </tmp/vt-cov.remote)
plan $((n + 1))
diag "native: $fs at $native; remote: /storage/vt-cov, sockets in the network domain"
check "both runs made the same $n calls (the remote run printed $r lines)" \
	[ "$n" -eq "$r" ]
while IFS= read -r want <&3; do
	IFS= read -r have <&4 || have="(nothing)"
	if [ "$want" = "$have" ]; then
		ok "$want"
	else
		not_ok "$want (remote: $have)"
	fi
done 3</tmp/vt-cov.native 4</tmp/vt-cov.remote
umount "$native" 2>/dev/null
rm -rf "$native" "$img" /tmp/vt-cov.native /tmp/vt-cov.remote
done_testing
