#!/bin/sh
# A real program nobody here wrote: BusyBox from Debian's source, linked
# with musl-virtuos (tools/build-busybox), used on /storage from the
# primary domain, one command per process. Results are checked in the
# primary and, for files, inside the storage domain itself.
cd "$(dirname "$0")" && . ./lib.sh
plan 16
bb=$PWD/busybox-virtuos
d=/storage/vt-bb
if [ ! -x "$bb" ]; then
	# make builds it: its absence is a failure, not a reason to skip.
	for i in $(seq 16); do not_ok "busybox $i: busybox-virtuos was not built"; done
	exit 1
fi
md5() { md5sum | cut -d' ' -f1; }

rm -rf /tmp/vt-bb && mkdir -p /tmp/vt-bb/tree/sub
./make-pattern 300001 >/tmp/vt-bb/data
./make-pattern 5000 >/tmp/vt-bb/tree/a
echo hello >/tmp/vt-bb/tree/sub/b
want=$(md5 </tmp/vt-bb/data)

"$bb" rm -rf "$d"
check "busybox mkdir -p $d/in/deep" "$bb" mkdir -p "$d/in/deep"
check "busybox cp of a 300001-byte local file into /storage" \
	"$bb" cp /tmp/vt-bb/data "$d/data"
got=$(sd_exec storage "md5sum $d/data" | cut -d' ' -f1)
check "the storage domain has the same bytes ($got)" [ "$got" = "$want" ]
line=$("$bb" ls -l "$d" | grep ' data$')
check "busybox ls -l shows it with its size: $line" \
	sh -c "echo '$line' | grep -q '^-rw-.* 300001 .* data\$'"
check "busybox cat of it is byte-exact" [ "$("$bb" cat "$d/data" | md5)" = "$want" ]
got=$("$bb" md5sum "$d/data" | cut -d' ' -f1)
check "busybox md5sum of it ($got)" [ "$got" = "$want" ]

"$bb" dd if="$d/data" of="$d/part" bs=4096 skip=3 count=10 2>/dev/null
want_part=$(dd if=/tmp/vt-bb/data bs=4096 skip=3 count=10 2>/dev/null | md5)
check "busybox dd inside /storage (bs=4096 skip=3 count=10)" \
	[ "$("$bb" cat "$d/part" | md5)" = "$want_part" ]
"$bb" dd if=/dev/zero of="$d/zero" bs=1M count=2 2>/dev/null
check "busybox dd from /dev/zero into /storage: 2 MiB in the storage domain" \
	[ "$(sd_exec storage "stat -c %s $d/zero")" = 2097152 ]

( cd /tmp/vt-bb && "$bb" tar -cf "$d/tree.tar" tree )
check "busybox tar -c of a local tree into /storage" \
	sh -c "'$bb' tar -tf '$d/tree.tar' | sort | tr '\n' ' ' | grep -q '^tree/ tree/a tree/sub/ tree/sub/b \$'"
"$bb" tar -C "$d/in" -xf "$d/tree.tar"
check "busybox tar -x inside /storage recreates it" \
	sh -c "[ \"\$('$bb' cat $d/in/tree/sub/b)\" = hello ] && '$bb' cmp -s /tmp/vt-bb/tree/a $d/in/tree/a"
"$bb" tar -C "$d/in" -czf /tmp/vt-bb/back.tgz tree
check "busybox tar -cz from /storage to a local file" \
	sh -c "mkdir /tmp/vt-bb/x && tar -C /tmp/vt-bb/x -xzf /tmp/vt-bb/back.tgz && cmp -s /tmp/vt-bb/x/tree/a /tmp/vt-bb/tree/a"

found=$("$bb" find "$d" -type f | sort | tr '\n' ' ')
check "busybox find -type f lists the files: $found" \
	[ "$found" = "$d/data $d/in/tree/a $d/in/tree/sub/b $d/part $d/tree.tar $d/zero " ]
found=$("$bb" find "$d" -name b -path '*sub*')
check "busybox find -name -path" [ "$found" = "$d/in/tree/sub/b" ]

"$bb" mv "$d/part" "$d/in/deep/part" && "$bb" ln -s deep/part "$d/in/link"
target=$("$bb" readlink "$d/in/link")
through=$("$bb" cat "$d/in/link" | md5)
check "busybox mv and ln -s inside /storage (link to $target)" \
	[ "$target $through" = "deep/part $want_part" ]
check "the storage domain sees the move and the link" \
	sd_exec storage "test -L $d/in/link && test -f $d/in/deep/part && test ! -e $d/part"
"$bb" rm -r "$d"
check "busybox rm -r removes the tree in the storage domain" \
	sd_exec storage "test ! -e $d"
rm -rf /tmp/vt-bb
done_testing
