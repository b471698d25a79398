#!/bin/sh
# Host-side tests of tools/virtuos-vm (TAP): arguments are checked before
# anything boots, and one real boot shows that a program built with
# musl-virtuos-gcc runs in the primary domain, that its output and its
# arguments (with spaces and quotes) cross, and that its exit status is
# the harness's.
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$top/build}
vm="$top/tools/virtuos-vm"
n=0 fail=0
t() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi
}
echo "TAP version 13"
echo "1..5"
"$vm" run --add /nonexistent:/x -- true 2>/dev/null
t $(($? == 125 ? 0 : 1)) "a missing --add file is refused with status 125 before booting"
"$vm" run --add nocolon -- true 2>/dev/null
t $(($? == 125 ? 0 : 1)) "--add without GUESTPATH is refused"
"$vm" bogus 2>/dev/null
t $(($? == 2 ? 0 : 1)) "an unknown mode prints usage and exits 2"
out=$("$vm" run --add "$BUILD/hello:/root/hello" -- /root/hello 7 "a b" "it's" 2>/dev/null)
status=$?
echo "$out" | sed 's/^/# /'
t $((status == 7 ? 0 : 1)) "the program's exit status (7) is virtuos-vm's ($status)"
[ "$out" = "hello from the primary domain [7] [a b] [it's]" ]
t $? "its output and arguments came back unchanged"
[ $fail = 0 ]
