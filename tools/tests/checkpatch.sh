#!/bin/sh
# Host-side test (TAP): the kernel modules' sources are checkpatch.pl clean
# (--strict), one test line per file.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
files=$(git ls-files 'module/primary/*' 'module/service/*' 'module/include/*')
echo "TAP version 13"
echo "1..$(echo "$files" | wc -l)"
# Fetches and caches checkpatch.pl on first use; its report lists only
# files with findings.
report=$(tools/checkpatch-all 2>&1)
status=$?
n=0
for f in $files; do
	n=$((n + 1))
	if echo "$report" | grep -q "^$f:"; then
		echo "not ok $n - checkpatch: $f"
		echo "$report" | grep "^$f:" | sed 's/^/# /'
	elif [ $status -ne 0 ] && ! echo "$report" | grep -q ':[0-9]*: '; then
		echo "not ok $n - checkpatch: $f (checkpatch did not run: $report)"
	else
		echo "ok $n - checkpatch: $f"
	fi
done
