# Shell helpers for the VirtuOS selftests (TAP), sourced by selftests/*.sh.
# shellcheck shell=sh
tap_n=0
tap_fail=0
plan() { echo "TAP version 13"; echo "1..$1"; }
ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
not_ok() { tap_n=$((tap_n + 1)); tap_fail=$((tap_fail + 1)); echo "not ok $tap_n - $*"; }
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $2 # SKIP $1"; }
diag() { echo "# $*"; }
# check DESCRIPTION COMMAND...: one test line from a command's status.
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}
done_testing() { [ "$tap_fail" -eq 0 ]; }

sysfs_sd() { cat "/sys/kernel/virtuos/domains/$1/$2" 2>/dev/null; }

# wait_output FILE PATTERN: wait up to 10 s until FILE holds PATTERN.
wait_output() {
	i=0
	until grep -q "$2" "$1" || [ $i -ge 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

# wait_pages N [SECONDS]: wait up to SECONDS (5) until the primary grants
# N pages: a page a dying domain still maps is freed a moment later.
wait_pages() {
	i=0
	until [ "$(cat /sys/kernel/virtuos/granted_pages)" = "$1" ]; do
		[ $i -lt "$((${2:-5} * 10))" ] || return 1
		sleep 0.1
		i=$((i + 1))
	done
}

# wait_state NAME STATE [SECONDS]
wait_state() { virtuosctl wait "$1" "$2" "${3:-120}"; }

# sd_wait NAME COMMAND EXPECTED [SECONDS]: poll COMMAND in service domain
# NAME until its output is EXPECTED.
sd_wait() {
	i=0
	while [ "$(sd_exec "$1" "$2")" != "$3" ]; do
		i=$((i + 1))
		[ $i -lt "${4:-20}" ] || return 1
		sleep 1
	done
}

# sd_exec NAME COMMAND: run COMMAND in service domain NAME through its
# console; prints its output and returns its status. Times out after 60 s.
# Lines the domain's init and executor print meanwhile on the same console
# (virtuos-sd[...]: and virtuos-shadowd: ...) are not the command's.
sd_exec() {
	domid=$(xl domid "$1" 2>/dev/null) || return 126
	tty=$(xenstore-read "/local/domain/$domid/console/tty") || return 126
	log=/var/log/xen/console/guest-$1.log
	tag="sdx$$$(date +%s%N)"
	start=$(wc -l <"$log")
	printf '%s; echo "%s-$?-end"\n' "$2" "$tag" >"$tty"
	i=0
	while ! tail -n +"$((start + 1))" "$log" | tr -d '\r' | grep -q "^$tag-[0-9]*-end"; do
		i=$((i + 1))
		[ $i -lt 600 ] || return 124
		sleep 0.1
	done
	tail -n +"$((start + 1))" "$log" | tr -d '\r' |
		sed -n "/$tag/,\$p" | sed '1d' | sed "/^$tag-[0-9]*-end/,\$d" |
		grep -v -e '^virtuos-sd\[[a-z]*\]: ' -e '^virtuos-shadowd: '
	status=$(tail -n +"$((start + 1))" "$log" | tr -d '\r' |
		sed -n "s/^$tag-\([0-9]*\)-end.*/\1/p" | head -n 1)
	return "$status"
}

# interrupts NAME: how many irqs named NAME are bound in this domain.
interrupts() { grep -c " $1\$" /proc/interrupts; }

# A service domain that lies (the hostile-domain tests): init's executor
# loop is stopped and a test build of the executor, copied into the
# domain as BINARY (its name, at most 15 characters, is what pidof finds),
# serves in its place.
#
# hostile_begin NAME: stops init's executor loop of service domain NAME
# (the parent of the virtuos-shadowd whose parent is not one: its pid goes
# to $hostile_loop) and kills the executor and its shadows.
hostile_begin() {
	# shellcheck disable=SC2016
	hostile_loop=$(sd_exec "$1" 'for p in $(pidof virtuos-shadowd); do pp=$(cut -d" " -f4 /proc/$p/stat); grep -q virtuos-shadowd /proc/$pp/cmdline 2>/dev/null || echo $pp; done')
	diag "init's executor loop in the $1 domain: $hostile_loop"
	sd_exec "$1" "kill -STOP $hostile_loop; kill -9 \$(pidof virtuos-shadowd)" >/dev/null
}

# hostile_serve NAME BINARY ROLE ROOT MODE: BINARY serves, lying as MODE
# says (module/executor/hostile.c), restarted each second as init would.
hostile_serve() {
	sd_exec "$1" "(while :; do $2 --root $4 --role $3 --hostile $5; sleep 1; done) >/dev/null 2>&1 & echo \$! >/tmp/vt-hloop" >/dev/null
	sd_wait "$1" "pidof ${2##*/} >/dev/null && cat /sys/kernel/virtuos_sd/executor" running 30 ||
		diag "the hostile executor did not start ($5)"
}

# hostile_unserve NAME BINARY: it, its loop and its shadows end.
hostile_unserve() {
	sd_exec "$1" "kill -9 \$(cat /tmp/vt-hloop) \$(pidof ${2##*/})" >/dev/null
	sd_wait "$1" "pidof ${2##*/} || cat /sys/kernel/virtuos_sd/executor" absent 30 ||
		diag "the hostile executor did not end"
}

# hostile_end NAME: init's loop goes on and starts the real executor.
hostile_end() {
	sd_exec "$1" "kill -CONT $hostile_loop" >/dev/null
}
