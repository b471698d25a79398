#!/bin/sh
# Host-side test (TAP): the sizes and offsets that Documentation/
# protocol.rst states (in its structure listings, "struct NAME {  /* N
# bytes", "field;  /* offset N", and in its text, "``struct NAME`` (N
# bytes", "``CONSTANT`` = N bytes") are the header's, and the doc states
# each one that build/host-tests/protocol --facts prints.
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$top/build}
doc=$top/Documentation/protocol.rst
echo "TAP version 13"
if [ ! -x "$BUILD/host-tests/protocol" ]; then
	echo "1..1"
	echo "not ok 1 - protocol.rst's numbers ($BUILD/host-tests/protocol is not built: run make)"
	exit 0
fi
facts=$("$BUILD/host-tests/protocol" --facts)
stated=$(awk '
/^  struct [a-z_]+ \{/ {
	s = $2
	if (match($0, /[0-9]+ bytes/))
		print "size", s, substr($0, RSTART, RLENGTH - 6)
	next
}
/^  \};/ { s = ""; next }
s != "" && /offset [0-9]+/ {
	f = $0; sub(/;.*/, "", f); n = split(f, w, /[ \t*]+/)
	name = w[n]; sub(/\[.*/, "", name)
	match($0, /offset [0-9]+/)
	print "offset", s, name, substr($0, RSTART + 7, RLENGTH - 7)
}
{
	line = $0
	while (match(line, /``struct virtuos_[a-z_]+`` \([0-9]+ bytes/)) {
		m = substr(line, RSTART, RLENGTH); line = substr(line, RSTART + RLENGTH)
		split(m, w, /[` (]+/); print "size", w[3], w[4]
	}
	line = $0
	while (match(line, /``VIRTUOS_[A-Z_]+`` = [0-9]+ bytes/)) {
		m = substr(line, RSTART, RLENGTH); line = substr(line, RSTART + RLENGTH)
		split(m, w, /[` =]+/); print "value", w[2], w[3]
	}
}' "$doc" | sort -u)
n_stated=$(echo "$stated" | grep -c .)
n_facts=$(echo "$facts" | grep -c .)
echo "1..$((n_stated + n_facts))"
i=0
echo "$stated" | {
	while read -r kind rest; do
		i=$((i + 1))
		if echo "$facts" | grep -qx "$kind $rest"; then
			echo "ok $i - protocol.rst: $kind $rest, as in the header"
		else
			want=$(echo "$facts" | grep "^$kind ${rest% *} " | head -n 1)
			echo "not ok $i - protocol.rst says $kind $rest; the header: ${want:-nothing}"
		fi
	done
	echo "$facts" | while read -r kind rest; do
		i=$((i + 1))
		if echo "$stated" | grep -qx "$kind $rest"; then
			echo "ok $i - the header's $kind $rest is stated in protocol.rst"
		else
			echo "not ok $i - protocol.rst does not state $kind $rest"
		fi
	done
}
