#!/bin/sh
# Host-side test (TAP): every virtuosctl subcommand answers --help and
# "help SUBCOMMAND" on standard output with status 0, a wrong call of it
# prints its own usage with status 2, and the bash completion offers the
# subcommands and the domain names of the configuration directory.
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$top/build}
ctl=$BUILD/bin/virtuosctl
subs=$(sed -n 's/^[[:space:]]*{ "\([a-z]*\)", ".*/\1/p' "$top/tools/virtuosctl.c")
echo "TAP version 13"
echo "1..$(($(echo "$subs" | wc -l) * 2 + 5))"
n=0
ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
if [ ! -x "$ctl" ]; then
	for i in $(seq $(($(echo "$subs" | wc -l) * 2 + 5))); do
		ok 1 "virtuosctl help ($ctl is not built: run make)"
	done
	exit 0
fi
for s in $subs; do
	out=$("$ctl" "$s" --help 2>/dev/null)
	st=$?
	case $out in "usage: virtuosctl $s"*) r=$st ;; *) r=1 ;; esac
	ok "$r" "virtuosctl $s --help: its usage on stdout, status 0 ($st)"
	out=$("$ctl" help "$s" 2>/dev/null)
	st=$?
	[ "$st" = 0 ] && [ -n "$(echo "$out" | sed -n 3p)" ]
	ok $? "virtuosctl help $s: usage and what it does ($st)"
done
out=$("$ctl" stop 2>&1 >/dev/null)
st=$?
[ "$st" = 2 ] && [ "$out" = "usage: virtuosctl stop NAME [SECONDS]" ]
ok $? "virtuosctl stop without NAME: its usage on stderr, status 2 ($st: $out)"
"$ctl" help no-such >/dev/null 2>&1
st=$?
[ "$st" = 2 ]
ok $? "virtuosctl help no-such: status 2 ($st)"
out=$("$ctl" --help)
[ "$(echo "$out" | grep -c '^ *\(usage:\)\{0,1\} *virtuosctl ')" = "$(echo "$subs" | wc -l)" ]
ok $? "virtuosctl --help lists every subcommand"
if ! command -v bash >/dev/null; then
	ok 0 "bash completion # SKIP no bash"
	ok 0 "bash completion of names # SKIP no bash"
	exit 0
fi
cfg=$(mktemp -d)
trap 'rm -rf "$cfg"' EXIT
touch "$cfg/storage.cfg" "$cfg/network.cfg"
words=$(VIRTUOS_SD_DIR=$cfg bash -c '. "$1"; COMP_WORDS=(virtuosctl st); COMP_CWORD=1; _virtuosctl; echo "${COMPREPLY[*]}"' sh "$top/tools/completion/virtuosctl")
[ "$words" = "status stop" ] || [ "$words" = "stop status" ] || [ "$words" = "status start stop" ]
ok $? "bash completion of \"st\": the subcommands ($words)"
words=$(VIRTUOS_SD_DIR=$cfg bash -c '. "$1"; COMP_WORDS=(virtuosctl restart ""); COMP_CWORD=2; _virtuosctl; echo "${COMPREPLY[*]}"' sh "$top/tools/completion/virtuosctl")
[ "$words" = "network storage --help" ]
ok $? "bash completion of restart NAME: the configured domains ($words)"
