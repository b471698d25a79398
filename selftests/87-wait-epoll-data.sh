#!/bin/sh
# The data a program gives epoll_ctl for a remote member stays in the
# primary: the service domain's epoll instance holds a key instead, which
# the library turns back into the data (and refuses when it names no
# member, so a hostile domain cannot hand the program a pointer of its
# making: host test epoll-keys).
. ./lib.sh
plan 3

fifo=/tmp/vt-epd.$$
log=/tmp/vt-epd.$$.log
mkfifo "$fifo"
./epoll-data <"$fifo" >"$log" 2>&1 &
pid=$!
exec 3>"$fifo"
wait_output "$log" ready
# shellcheck disable=SC2016
with_data=$(sd_exec network 'grep -l -s "data: *5eed5eed5eed5eed" /proc/[0-9]*/fdinfo/* | wc -l')
# shellcheck disable=SC2016
members=$(sd_exec network 'grep -h -s "^tfd:" /proc/[0-9]*/fdinfo/* | wc -l')
echo go >&3
exec 3>&-
wait "$pid"
check "the network domain holds an epoll member (${members:-?})" \
	[ "${members:-0}" -ge 1 ]
check "and not the program's data: ${with_data:-?} descriptors with it" \
	[ "$with_data" = 0 ]
check "epoll_wait gives the program its own data back ($(cat "$log" | tr '\n' ' '))" \
	grep -q "^data 0x5eed5eed5eed5eed$" "$log"
rm -f "$fifo" "$log"
done_testing
