#!/bin/sh
# After the network domain restarts, a server goes on: its listening socket
# (address, port, SO_REUSEADDR, its epoll registration) and its bound UDP
# socket are made again on first use, while its accepted connection reads
# as reset by the peer (ECONNRESET).
cd "$(dirname "$0")" && . ./lib.sh
plan 7
out=/tmp/net-revive.out
./net-revive 7200 >$out 2>&1 &
server=$!
wait_output $out ready
check "a server listens, is bound on UDP and holds a connection" grep -q ready $out
virtuosctl restart network 5 >/dev/null 2>&1
check "the network domain is connected again" wait_state network connected 180
kill -USR1 $server
i=0
while kill -0 $server 2>/dev/null && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
diag "server: $(tr '\n' ' ' <$out)"
check "the old connection reads ECONNRESET" grep -q "reset: ECONNRESET" $out
check "the listener has the same port" grep -q "port: same" $out
check "epoll reports a new connection on the listener, with its data" \
	grep -q "epoll: data ok" $out
check "it accepts the connection and reads what the client sent" \
	grep -q "accept: ping" $out
check "the bound UDP socket receives a datagram" grep -q "udp: dgram" $out
kill -9 $server 2>/dev/null
wait 2>/dev/null
done_testing
