#!/usr/bin/env bash
# DNS64 synthesis from inside the communes, through each node's own /etc/resolv.conf.
. "$(dirname "$0")/lib.sh"
lab_require_up
grep -q '^nameserver 2001:db8:53::1$' <(in_node commune-ready cat /etc/resolv.conf) || fail "commune-ready resolv.conf"
grep -q '^nameserver 2001:db8:53::2$' <(in_node commune-brokendns64 cat /etc/resolv.conf) || fail "brokendns64 resolv.conf"
pass "each commune's /etc/resolv.conf names its resolver"
expect_eq "commune-ready AAAA v4only.lab.test" "$(dig_aaaa commune-ready v4only.lab.test)" "2001:db8:64::c000:20a"
expect_eq "commune-ready AAAA ipv4only.arpa (RFC 7050)" "$(dig_aaaa commune-ready ipv4only.arpa)" \
  "2001:db8:64::c000:aa 2001:db8:64::c000:ab"
expect_eq "commune-ready AAAA cname.lab.test (chain kept)" "$(dig_aaaa commune-ready cname.lab.test)" "2001:db8:64::c000:20a"
chain=$(in_node commune-ready dig +short AAAA cname.lab.test | head -2 | tr '\n' ' ')
expect_eq "CNAME chain" "$chain" "cname2.lab.test. v4only.lab.test. "
expect_eq "commune-ready AAAA dual.lab.test (real AAAA, no synthesis)" "$(dig_aaaa commune-ready dual.lab.test)" "2001:db8:20::11"
expect_eq "commune-ready AAAA mapped.lab.test (::ffff:0:0/96 excluded, RFC 6147 5.1.4)" \
  "$(dig_aaaa commune-ready mapped.lab.test)" "2001:db8:64::c000:20a"
st=$(in_node commune-ready dig +time=2 AAAA nx.lab.test | grep -o 'status: [A-Z]*')
expect_eq "nx.lab.test passthrough" "$st" "status: NXDOMAIN"
expect_eq "commune-ready PTR of synthesized address" \
  "$(in_node commune-ready dig +short -x 2001:db8:64::c000:20a | tail -1)" "v4only.lab.test."
expect_eq "commune-brokendns64 AAAA v4only.lab.test (wrong prefix)" \
  "$(dig_aaaa commune-brokendns64 v4only.lab.test)" "2001:db8:65::c000:20a"
expect_eq "commune-brokendns64 AAAA ipv4only.arpa" "$(dig_aaaa commune-brokendns64 ipv4only.arpa)" \
  "2001:db8:65::c000:aa 2001:db8:65::c000:ab"
st=$(in_node commune-ready dig +time=2 +tries=1 A example.com | grep -o 'status: [A-Z]*')
expect_eq "names outside the lab are refused (no root servers)" "$st" "status: REFUSED"
