#!/bin/sh
# One stuck service domain stalls only its own callers. With the storage
# domain paused and its control ring full (24 processes trying to attach
# to it: 16 messages on the ring, the rest waiting for room), a new
# process attaches to the network domain and exits about as fast as with
# nothing stuck (the median of five processes each time: one sample under
# emulation varies by 100 ms on its own). Once unpaused, the storage
# domain serves again.
. ./lib.sh
plan 4

# field NAME LINES: the median of the numbers after NAME in attach-time's
# output lines.
field() {
	echo "$2" | sed -n "s/.*$1 \([0-9]*\).*/\1/p" | sort -n |
		awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}
# samples: five runs of attach-time, one line each.
samples() {
	for _ in 1 2 3 4 5; do
		./attach-time
	done
}
# within MS BASE: MS is known and at most BASE + 100.
within() { [ -n "$1" ] && [ -n "$2" ] && [ "$1" -le $(($2 + 100)) ]; }

base=$(samples)
diag "nothing stuck: $(echo "$base" | tr '\n' ';')"

xl pause storage
trap 'xl unpause storage 2>/dev/null' EXIT
pids=
i=0
while [ $i -lt 24 ]; do
	./storage-sync write "/storage/vt-stuck-$i" 0 >/dev/null 2>&1 &
	pids="$pids $!"
	i=$((i + 1))
done
sleep 2
waiting=0
for p in $pids; do
	kill -0 "$p" 2>/dev/null && waiting=$((waiting + 1))
done
stuck=$(samples)
xl unpause storage
trap - EXIT
diag "storage paused, $waiting processes waiting to attach to it: $(echo "$stuck" | tr '\n' ';')"

ba=$(field attach "$base") be=$(field exit "$base")
sa=$(field attach "$stuck") se=$(field exit "$stuck")
# 16 ATTACH messages fill the ring; the other 8 give up after a second
# without room (EIO).
check "a ring's worth of processes is stuck on the paused storage domain ($waiting of 24 after 2 s, want at least 16)" \
	[ "$waiting" -ge 16 ]
check "attaching to the network domain meanwhile: ${sa:-?} ms (${ba:-?} ms with nothing stuck), under 100 ms more" \
	within "$sa" "$ba"
check "exit of a network-domain process meanwhile: ${se:-?} ms (${be:-?} ms with nothing stuck), under 100 ms more" \
	within "$se" "$be"

# Attaches that waited return (served, or EIO after a second without room).
for p in $pids; do
	wait "$p" 2>/dev/null
done
out=$(./storage-sync write /storage/vt-stuck-after 1)
check "the storage domain serves again once unpaused ($out)" [ "$out" = ok ]
sd_exec storage 'rm -f /storage/vt-stuck-*' >/dev/null
done_testing
