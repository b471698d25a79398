#!/bin/sh
# Host-side test (TAP): Documentation/calls.rst lists the calls as the call
# specification says (build/host-tests/call-spec --rst prints what the
# part after its "Generated" comment must be).
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$top/build}
doc=$top/Documentation/calls.rst
echo "TAP version 13"
echo "1..1"
if [ ! -x "$BUILD/host-tests/call-spec" ]; then
	echo "not ok 1 - calls.rst matches the specification ($BUILD/host-tests/call-spec is not built: run make)"
	exit 0
fi
want=$(mktemp)
have=$(mktemp)
trap 'rm -f "$want" "$have"' EXIT
"$BUILD/host-tests/call-spec" --rst >"$want"
# The generated part starts after the comment's second line and its
# blank line.
sed -n '/^\.\. Generated from/{n;n;:a;n;p;ba}' "$doc" >"$have"
if cmp -s "$want" "$have"; then
	echo "ok 1 - calls.rst matches the specification ($(grep -c '^- ' "$want") lines)"
else
	echo "not ok 1 - calls.rst differs from the specification; regenerate its end with $BUILD/host-tests/call-spec --rst"
	diff "$have" "$want" | head -20 | sed 's/^/# /'
fi
