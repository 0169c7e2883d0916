#!/usr/bin/env bash
# NAT64: HTTP and UDP from an IPv6-only commune to IPv4-only servers; the wrong prefix goes nowhere.
. "$(dirname "$0")/lib.sh"
lab_require_up
[ -z "$(in_node commune-ready ip -4 addr show scope global)" ] || fail "commune-ready has an IPv4 address"
[ -z "$(in_node commune-ready ip -4 route)" ] || fail "commune-ready has IPv4 routes"
pass "commune-ready is IPv6-only"
body=$(in_node commune-ready curl -sS --max-time 5 http://v4only.lab.test/) || fail "curl through NAT64"
expect_eq "HTTP body via NAT64" "$body" "v6lab v4only.lab.test: IPv4-only web server"
peer=$(in_node commune-ready curl -sS --max-time 5 -o /dev/null -w '%{remote_ip}' http://v4only.lab.test/)
expect_eq "remote address used" "$peer" "2001:db8:64::c000:20a"
echo=$(in_node commune-ready python3 "$LAB_TOOLS/udp_echo.py" probe v4only.lab.test 7 --count 5) || fail "UDP echo: $echo"
expect_eq "UDP echo via NAT64" "$echo" "sent=5 received=5 peer=2001:db8:64::c000:20a"
b6=$(in_node commune-ready curl -sS --max-time 5 'http://[2001:db8:20::11]/') || fail "dual over IPv6"
b4=$(in_node commune-dualstack curl -sS --max-time 5 -4 http://dual.lab.test/) || fail "dual over IPv4"
expect_eq "dual-stack parity (same body on both families)" "$b6" "$b4"
body=$(in_node commune-ready curl -sS --max-time 5 http://v6only.lab.test/) || fail "v6only"
expect_eq "IPv6-only server" "$body" "v6lab v6only.lab.test: IPv6-only web server"
if in_node commune-brokendns64 curl -sS --max-time 3 -o /dev/null http://v4only.lab.test/ 2>/dev/null; then
  fail "commune-brokendns64 reached v4only through 2001:db8:65::/96, which must not be routed"
fi
pass "commune-brokendns64 cannot reach v4only (wrong prefix not routed)"
if in_node commune-ready curl -sS --max-time 2 -6 -o /dev/null 'http://[2001:db8:20::dead]/' 2>/dev/null; then
  fail "brokenv6 AAAA answered"
fi
pass "brokenv6.lab.test's AAAA is unreachable"
