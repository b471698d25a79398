#!/bin/sh
# BusyBox sh, linked with musl-virtuos, runs shell-workload (69 lines of
# pipes, redirections into and out of the directory, subshells, background
# jobs, here-documents and exec redirections) in /storage/vt-sh, every
# command a BusyBox applet of the same binary; dom0's own BusyBox runs the
# same script on a local directory. The outputs must be the same, and the
# files must exist in the storage domain and not in the primary.
cd "$(dirname "$0")" && . ./lib.sh
plan 4
bb=$PWD/busybox-virtuos
if [ ! -x "$bb" ] || ! busybox --help >/dev/null 2>&1; then
	for i in 1 2 3 4; do
		not_ok "shell $i: busybox-virtuos or dom0's busybox missing (make and the dom0 image provide them)"
	done
	exit 1
fi
nbb=$(command -v busybox)
vbin=/tmp/vt-sh-vbin
nbin=/tmp/vt-sh-nbin
rm -rf "$vbin" "$nbin" /tmp/vt-native
mkdir -p "$vbin" "$nbin" /tmp/vt-native
"$bb" --install -s "$vbin"
busybox --install -s "$nbin"

PATH=$vbin timeout 300 "$bb" sh ./shell-workload /storage/vt-sh \
	>/tmp/vt-sh.out 2>&1
vstatus=$?
PATH=$nbin timeout 300 "$nbb" sh ./shell-workload /tmp/vt-native/vt-sh \
	>/tmp/vt-native.out 2>&1
nstatus=$?
ran_to_end() { [ "$1" -eq 0 ] && grep -q '^end$' "$2"; }
check "the script runs to the end on /storage (status $vstatus, $(wc -l </tmp/vt-sh.out) lines)" \
	ran_to_end $vstatus /tmp/vt-sh.out
check "natively on a local directory too (status $nstatus)" \
	ran_to_end $nstatus /tmp/vt-native.out
[ $vstatus -eq 0 ] || tail -n 5 /tmp/vt-sh.out | while read -r line; do
	diag "last output: $line"
done
if diff /tmp/vt-native.out /tmp/vt-sh.out >/tmp/vt-sh.diff; then
	ok "the outputs are the same ($(wc -l </tmp/vt-sh.out) lines)"
else
	not_ok "the outputs differ"
	while read -r line; do diag "$line"; done </tmp/vt-sh.diff
fi
files_in_storage() {
	[ "$(sd_exec storage 'cat /storage/vt-sh/fd3.txt /storage/vt-sh/untar/sub/where.txt')" = \
		"$(printf 'through fd 3\nmore through fd 3\nin a subshell: sub')" ] &&
		[ ! -e /storage/vt-sh/fd3.txt ]
}
check "its files are in the storage domain, not in the primary" files_in_storage
"$bb" rm -rf /storage/vt-sh
rm -rf "$vbin" "$nbin" /tmp/vt-native /tmp/vt-sh.out /tmp/vt-native.out /tmp/vt-sh.diff
done_testing
