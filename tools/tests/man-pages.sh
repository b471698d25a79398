#!/bin/sh
# Host-side test (TAP): the manual pages format without a warning, and
# say what the code offers: every virtuosctl subcommand of its table is
# in virtuosctl(8), every parameter of virtuos.ko in virtuos(7).
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
pages=$(ls Documentation/man/*.[1-8])
# The subcommands are the rows of the table in virtuosctl.c.
commands=$(sed -n 's/^[[:space:]]*{ "\([a-z]*\)", ".*/\1/p' tools/virtuosctl.c | sort -u)
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
# has PAGE PATTERN DESCRIPTION: one test line, whether PAGE has a line PATTERN.
has() {
	n=$((n + 1))
	if grep -q "$2" "$1"; then
		echo "ok $n - $3"
	else
		echo "not ok $n - $3"
	fi
}
for c in $commands; do
	has Documentation/man/virtuosctl.8 "^\.B virtuosctl $c\$" \
		"virtuosctl(8) has the command $c"
done
for p in $params; do
	has Documentation/man/virtuos.7 "^\.B $p\$" \
		"virtuos(7) has the module parameter $p"
done
