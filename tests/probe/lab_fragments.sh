#!/usr/bin/env bash
# Lab test of nat64.fragments against the real tayga and the lab's UDP echo (lab/tools/udp_echo.py,
# sized replies) on inet 192.0.2.10:7, from commune-ready (docs/checks-fragments.md):
#  - pass: a 3000-octet datagram reaches the echo whole (the echo's length and SHA-256 agree) and a
#    4000-octet reply comes back whole;
#  - the capture shows it: the probe's kernel sent the 3000-octet datagram as IPv6 fragments (RFC 8200
#    §4.5) and the reply arrived as IPv6 fragments made by the NAT64 from the IPv4 fragments (RFC 7915
#    §4); `v6analyze analyze` cites exactly the frames tshark gives each flow, fragments included
#    (tests/probe/lab_evidence.py), and the cross-check agrees;
#  - with IPv6 fragments dropped on gw before they reach tayga (nftables, prerouting before the
#    defragmenter), the check fails naming the IPv6-to-IPv4 direction; with the NAT64's translated
#    fragments dropped on their way out of tayga, it fails naming IPv4-to-IPv6. Both end within the
#    deadline; the rules are removed on exit.
# usage: lab_fragments.sh PATH/TO/v6probe PATH/TO/v6analyze
REPO=$(cd "$(dirname "$0")/../.." && pwd)
. "$REPO/tests/lab/lib.sh"
V6PROBE=${1:?usage: lab_fragments.sh PATH/TO/v6probe PATH/TO/v6analyze}
V6ANALYZE=${2:?usage: lab_fragments.sh PATH/TO/v6probe PATH/TO/v6analyze}
lab_require_up
command -v jq >/dev/null || lab_cannot_run "missing jq"
command -v tshark >/dev/null || lab_cannot_run "missing tshark"

WORK=$(mktemp -d /tmp/v6r-lab-fragments.XXXXXX)
cleanup() {
  in_node gw nft delete table inet v6r_test_frag >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

cat >"$WORK/frag.yaml" <<'YAML'
version: 1
name: lab-fragments
defaults: {deadline_ms: 6000, retries: 0}
expect: {pref64: "2001:db8:64::/96"}
allow: ["2001:db8::/32", "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"]
checks:
  - {id: frag, kind: nat64.fragments, params: {host: v4only.lab.test, request_bytes: 3000, reply_bytes: 4000}}
YAML

run_in() { probe_in "$1" "province/lab/$1" "$WORK/frag.yaml" "$WORK/$2"; }  # NODE TAG
field() { jq -r "select(.check_id == \"frag\") | $1" "$RES"; }
within_deadline() {
  local d
  d=$(field '.duration_ms | floor')
  [ "$d" -le 6500 ] || fail "$1 took $d ms (deadline 6000 ms)"
}

# 1. tayga handles fragments both ways.
run_in commune-ready ready
jq -c '{verdict, reason, observed}' "$RES" >&2
expect_eq "ready verdict" "$(field .verdict)" pass
expect_eq "ready echo mode" "$(field .observed.echo_mode)" sized
expect_eq "echo received the whole datagram" "$(field .observed.outbound.received_bytes)" 3000
expect_eq "the whole reply arrived" "$(field .observed.inbound.reply_bytes)" 4000
expect_eq "ready exit" "$RC" 0
within_deadline ready

# The fragments on the wire (tshark decodes the capture on its own): IPv6 fragments of the 3000-octet
# datagram from the node to the echo's synthesized address, and of the 4000-octet reply back.
ECHO6=2001:db8:64::c000:20a
frags() {  # frags SRC DST -> the number of IPv6 fragments (fragment header) from SRC to DST
  tshark -r "$BUNDLE/capture.pcapng" -Y "ipv6.fraghdr && ipv6.src == $1 && ipv6.dst == $2" -T fields \
    -e frame.number 2>/dev/null | wc -l
}
node6=$(field '.evidence.flows[-1].src')
out_frags=$(frags "$node6" $ECHO6)
in_frags=$(frags $ECHO6 "$node6")
echo "fragments in the capture: $out_frags out (3000 octets), $in_frags in (4000 octets)" >&2
[ "$out_frags" -ge 3 ] || fail "the 3000-octet datagram left as $out_frags fragment(s), want >= 3 (MTU 1500)"
[ "$in_frags" -ge 4 ] || fail "the 4000-octet reply came as $in_frags fragment(s), want >= 4 (1280-octet IPv6 packets, RFC 7915 §4)"
pass "the capture shows $out_frags outbound and $in_frags inbound fragments"

an="$WORK/ready.analysis"
"$V6ANALYZE" analyze "$BUNDLE" --out "$an" --label ready -q >"$an.out" 2>&1
rc=$?
[ "$rc" -le 1 ] || fail "v6analyze analyze exited $rc: $(cat "$an.out")"
# The expanded form (every key, frame numbers one by one: docs/findings-schema.md "Compact form").
"$V6ANALYZE" expand "$an/findings.json" -o "$an/expanded.json" || fail "v6analyze expand"
python3 "$REPO/tests/probe/lab_evidence.py" "$BUNDLE" "$an/expanded.json" >"$an.ev" 2>&1
rc=$?
sed 's/^/  | /' "$an.ev"
[ "$rc" = 0 ] || fail "cited frames differ from tshark's (above)"
cited=$(jq -r '.sites[0].checks[] | select(.check_id == "frag") | .frames | length' "$an/expanded.json")
[ "$cited" -ge $((out_frags + in_frags)) ] || fail "the analyzer cites $cited frames, fewer than the $((out_frags + in_frags)) fragments"
expect_eq "cross-check" "$(jq -r '.sites[0].checks[] | select(.check_id == "frag") | .cross_check' "$an/expanded.json")" agrees

# 2. IPv6 fragments dropped before tayga (prerouting at priority -450 runs before the IPv6
#    defragmenter at -400): the large datagram never reaches IPv4.
in_node gw nft -f - <<'NFT' || fail "cannot add the test's nftables table on gw"
table inet v6r_test_frag {
  chain pre { type filter hook prerouting priority -450; policy accept;
    iifname != "nat64" ip6 daddr 2001:db8:64::/96 exthdr frag exists counter drop
  }
}
NFT
run_in commune-ready drop-out
jq -c '{verdict, reason}' "$RES" >&2
expect_eq "fragments dropped toward IPv4: verdict" "$(field .verdict)" fail
field .reason | grep -q "IPv6 to IPv4: a 3000-octet datagram (fragmented on the IPv6 side) got no answer" ||
  fail "reason does not name the IPv6-to-IPv4 direction: $(field .reason)"
field .reason | grep -q "IPv4 to IPv6" && fail "reason blames IPv4 to IPv6 too: $(field .reason)"
expect_eq "the small baseline still passed" "$(field .observed.baseline.ok)" true
expect_eq "exit" "$RC" 1
within_deadline drop-out
in_node gw nft delete table inet v6r_test_frag

# 3. The NAT64's translated fragments dropped on their way out of tayga's TUN.
in_node gw nft -f - <<'NFT' || fail "cannot add the test's nftables table on gw"
table inet v6r_test_frag {
  chain pre { type filter hook prerouting priority -450; policy accept;
    iifname "nat64" exthdr frag exists counter drop
  }
}
NFT
run_in commune-ready drop-in
jq -c '{verdict, reason}' "$RES" >&2
expect_eq "fragments dropped toward IPv6: verdict" "$(field .verdict)" fail
field .reason | grep -q "IPv4 to IPv6: the 4000-octet reply" ||
  fail "reason does not name the IPv4-to-IPv6 direction: $(field .reason)"
field .reason | grep -q "IPv6 to IPv4" && fail "reason blames IPv6 to IPv4 too: $(field .reason)"
within_deadline drop-in
echo "lab_fragments: all passed"
