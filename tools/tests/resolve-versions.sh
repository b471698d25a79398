#!/bin/sh
# Host-side tests of tools/resolve-versions (TAP): fed archive listings as
# Debian's archive leaves them when it moves on, it takes the newest
# version inside each pinned series, resolves the kernel ABI and the Xen
# packages as sets, and fails with one line naming the package and what is
# offered when a series has nothing left.
top=$(cd "$(dirname "$0")/../.." && pwd)
resolve="$top/tools/resolve-versions"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 fail=0
t() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi
}
# lockval NAME: NAME's value in the last lock written.
lockval() { sed -n "s/^$1=//p" "$tmp/lock"; }

cat >"$tmp/config" <<'EOF'
DEBIAN_SUITE=bookworm
DEBIAN_MIRROR=http://deb.debian.org/debian
DEBIAN_SECURITY_MIRROR=http://deb.debian.org/debian-security
KERNEL_SERIES=6.1
KERNEL_ABI_PREFERRED=6.1.0-56
XEN_SERIES=4.17
QEMU_SERIES=1:7.2
MUSL_SERIES=1.2.3
BUSYBOX_SERIES=1:1.35.0
LIGHTTPD_SERIES=1.4.69
EOF

# The archive as it was when the issue was seen: the ABI packages of
# 6.1.0-56 at 6.1.192-2, everything else of the kernel already at -3.
cat >"$tmp/base" <<'EOF'
linux-image-6.1.0-56-amd64 6.1.192-2 archive
linux-headers-6.1.0-56-amd64 6.1.192-2 archive
linux-libc-dev 6.1.192-3 archive
linux-libc-dev 6.1.176-1 archive
linux-libc-dev 6.10.1-1 archive
linux-source-6.1 6.1.192-3 archive
linux-source-6.1 6.1.192-2 archive
xen-hypervisor-4.17-amd64 4.17.7+13-g2445b30a44-0+deb12u1 archive
xen-hypervisor-4.17-amd64 4.17.5+72-g01140da4e8-1 archive
xen-utils-4.17 4.17.7+13-g2445b30a44-0+deb12u1 archive
xen-utils-4.17 4.17.5+72-g01140da4e8-1 archive
xen-utils-common 4.17.7+13-g2445b30a44-0+deb12u1 archive
libxenmisc4.17 4.17.7+13-g2445b30a44-0+deb12u1 archive
libxen-dev 4.17.7+13-g2445b30a44-0+deb12u1 archive
qemu-system-x86 1:7.2+dfsg-7+deb12u18+b3 archive
qemu-system-x86 1:7.2+dfsg-7+deb12u15 archive
src:musl 1.2.3-1 archive
busybox-static 1:1.35.0-4+deb12u1+b1 archive
src:busybox 1:1.35.0-4+deb12u1 archive
src:lighttpd 1.4.69-1 archive
EOF

echo "TAP version 13"
echo "1..17"

"$resolve" "$tmp/config" "$tmp/base" >"$tmp/lock" 2>"$tmp/err"
t $? "the archive as the issue found it resolves"
[ "$(lockval LINUX_LIBC_DEV_VERSION)" = 6.1.192-3 ]
t $? "linux-libc-dev: the newest of the 6.1 series (6.1.192-3), not 6.10 ($(lockval LINUX_LIBC_DEV_VERSION))"
[ "$(lockval KERNEL_ABI) $(lockval KERNEL_VERSION)" = "6.1.0-56 6.1.192-2" ]
t $? "the kernel ABI packages keep their own version (6.1.0-56 at 6.1.192-2)"
[ "$(lockval QEMU_VERSION)" = "1:7.2+dfsg-7+deb12u18+b3" ]
t $? "QEMU: the newest 1:7.2 build by Debian ordering"
[ ! -s "$tmp/err" ]
t $? "nothing to say when the preferred ABI is there"
( . "$tmp/lock" && [ "$XEN_VERSION" = "4.17.7+13-g2445b30a44-0+deb12u1" ] &&
	[ "$BUSYBOX_VERSION" = "1:1.35.0-4+deb12u1+b1" ] )
t $? "the lock reads back in sh with the values written"

# A newer ABI appears: the preferred one is kept while it is there.
{ cat "$tmp/base"
  echo "linux-image-6.1.0-57-amd64 6.1.200-1 archive"
  echo "linux-headers-6.1.0-57-amd64 6.1.200-1 archive"; } >"$tmp/newer"
"$resolve" "$tmp/config" "$tmp/newer" >"$tmp/lock" 2>/dev/null
t $(($? == 0 && $(lockval KERNEL_ABI | tr -dc 0-9) == 61056 ? 0 : 1)) \
	"a newer ABI in the archive does not displace the preferred one"

# The preferred ABI is gone: the newest ABI with both packages at one
# version is taken (58 has no headers, 57's headers match only -2).
grep -v '6\.1\.0-56' "$tmp/base" >"$tmp/gone"
cat >>"$tmp/gone" <<'EOF'
linux-image-6.1.0-55-amd64 6.1.192-1 archive
linux-headers-6.1.0-55-amd64 6.1.192-1 archive
linux-image-6.1.0-57-amd64 6.1.200-1 archive
linux-image-6.1.0-57-amd64 6.1.200-2 archive
linux-headers-6.1.0-57-amd64 6.1.200-1 archive
linux-image-6.1.0-58-amd64 6.1.201-1 archive
EOF
"$resolve" "$tmp/config" "$tmp/gone" >"$tmp/lock" 2>"$tmp/err"
t $? "with the preferred ABI gone it still resolves"
[ "$(lockval KERNEL_ABI) $(lockval KERNEL_VERSION)" = "6.1.0-57 6.1.200-1" ]
t $? "the newest ABI whose image and headers share a version (got $(lockval KERNEL_ABI) $(lockval KERNEL_VERSION))"
[ "$(wc -l <"$tmp/err")" = 1 ] && grep -q '6.1.0-56 is no longer available; using 6.1.0-57' "$tmp/err"
t $? "and says so in one line: $(cat "$tmp/err")"

# A version only in the cache (the archive moved on, the machine built
# before) still counts.
sed 's/^src:lighttpd 1.4.69-1 archive$/src:lighttpd 1.4.69-1 cache/' "$tmp/base" >"$tmp/cached"
"$resolve" "$tmp/config" "$tmp/cached" >"$tmp/lock" 2>/dev/null
t $(($? == 0 ? 0 : 1)) "a source held only in the cache is taken ($(lockval LIGHTTPD_VERSION))"

# Xen: the hypervisor alone moved on; the set stays on the version every
# package has.
echo "xen-hypervisor-4.17-amd64 4.17.8-1 archive" >>"$tmp/cached"
"$resolve" "$tmp/config" "$tmp/cached" >"$tmp/lock" 2>/dev/null
[ "$(lockval XEN_VERSION)" = "4.17.7+13-g2445b30a44-0+deb12u1" ]
t $? "Xen is resolved as one set: a hypervisor alone at 4.17.8 is not taken"

# Nothing of a series left: one clear line, exit 1.
grep -v '^qemu-system-x86 ' "$tmp/base" >"$tmp/noqemu"
echo "qemu-system-x86 1:8.0+dfsg-1 archive" >>"$tmp/noqemu"
"$resolve" "$tmp/config" "$tmp/noqemu" >"$tmp/lock" 2>"$tmp/err"
status=$?
t $((status == 1 ? 0 : 1)) "a series with nothing left fails with status 1 ($status)"
[ "$(wc -l <"$tmp/err")" = 1 ] && grep -q 'qemu-system-x86: no version in series 1:7.2 (available: 1:8.0+dfsg-1)' "$tmp/err"
t $? "naming the package and what the archive offers: $(cat "$tmp/err")"
[ ! -s "$tmp/lock" ]
t $? "and writing no lock"

grep -v '^linux-headers-' "$tmp/base" >"$tmp/nokernel"
"$resolve" "$tmp/config" "$tmp/nokernel" >/dev/null 2>"$tmp/err"
[ $? = 1 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && grep -q 'no kernel ABI of series 6.1.*linux-image-6.1.0-56-amd64=6.1.192-2' "$tmp/err"
t $? "no image/headers pair left: one line with what is there: $(cat "$tmp/err")"

grep -v '^src:musl ' "$tmp/base" >"$tmp/nomusl"
"$resolve" "$tmp/config" "$tmp/nomusl" >/dev/null 2>"$tmp/err"
[ $? = 1 ] && grep -q '^resolve-versions: src:musl: no version in series 1.2.3 (available: nothing)$' "$tmp/err"
t $? "a source package missing altogether: $(cat "$tmp/err")"
[ $fail = 0 ]
