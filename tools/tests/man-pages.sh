#!/bin/sh
# Host-side test (TAP): the manual pages format without a warning, and
# say what the code offers: every virtuosctl command of its usage text is
# in virtuosctl(8), every parameter of virtuos.ko in virtuos(7).
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
pages=$(ls Documentation/man/*.[1-8])
commands=$(sed -n 's/^[[:space:]]*"\(usage: \)\{0,1\} *virtuosctl \([a-z|]*\).*/\2/p' tools/virtuosctl.c |
	tr '|' '\n' | sort -u)
params=$(sed -n 's/^module_param(\([a-z_]*\),.*/\1/p' module/primary/*.c | sort -u)
echo "TAP version 13"
echo "1..$(($(echo "$pages" | wc -l) + $(echo "$commands" | wc -l) + $(echo "$params" | wc -l)))"
n=0
for p in $pages; do
	n=$((n + 1))
	warnings=$(groff -man -Tutf8 -ww -z "$p" 2>&1)
	if [ -z "$warnings" ]; then
		echo "ok $n - $p formats without a warning"
	else
		echo "not ok $n - $p formats without a warning"
		echo "$warnings" | sed 's/^/# /'
	fi
done
for c in $commands; do
	n=$((n + 1))
	if grep -q "^\.B virtuosctl $c\$" Documentation/man/virtuosctl.8; then
		echo "ok $n - virtuosctl(8) has the command $c"
	else
		echo "not ok $n - virtuosctl(8) has the command $c"
	fi
done
for p in $params; do
	n=$((n + 1))
	if grep -q "^\.B $p\$" Documentation/man/virtuos.7; then
		echo "ok $n - virtuos(7) has the module parameter $p"
	else
		echo "not ok $n - virtuos(7) has the module parameter $p"
	fi
done
