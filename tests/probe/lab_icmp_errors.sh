#!/usr/bin/env bash
# Lab test of nat64.icmp_errors against the real tayga (docs/checks-icmp-errors.md), from commune-ready
# to a closed UDP port (33434) of the IPv4-only host 192.0.2.10:
#  - pass: the hop-limit ladder meets gw's IPv6 forwarding (hop 1, native Time Exceeded), tayga's own
#    Time Exceeded (hop 2, from its address under the prefix, RFC 7915 §5.1), gw's IPv4 forwarding of
#    tayga's output with TTL 1 (hop 3: an ICMPv4 Time Exceeded from gw's IPv4 address, translated by
#    tayga) and the host's port unreachable (hop 4); both clauses pass and their quotes match;
#  - the capture holds the ICMPv6 errors; `v6analyze analyze` cites exactly the frames tshark gives the
#    check's flows (the datagrams and the errors quoting them, tests/probe/lab_evidence.py) and the
#    cross-check agrees;
#  - fault nat64-icmp-errors-wrong (the quoted datagram rewritten on its way into tayga): fail, both
#    clauses, naming the quoted destination port;
#  - fault nat64-no-icmp-errors (ICMPv4 errors dropped before tayga): not a pass and not a fail — the
#    check cannot tell the silence from filtering and says so (error, "cannot judge"), tayga's own Time
#    Exceeded still seen.
# Each run ends within its deadline; the faults are switched off on exit.
# usage: lab_icmp_errors.sh PATH/TO/v6probe PATH/TO/v6analyze
REPO=$(cd "$(dirname "$0")/../.." && pwd)
. "$REPO/tests/lab/lib.sh"
V6PROBE=${1:?usage: lab_icmp_errors.sh PATH/TO/v6probe PATH/TO/v6analyze}
V6ANALYZE=${2:?usage: lab_icmp_errors.sh PATH/TO/v6probe PATH/TO/v6analyze}
lab_require_up
command -v jq >/dev/null || lab_cannot_run "missing jq"
command -v tshark >/dev/null || lab_cannot_run "missing tshark"

WORK=$(mktemp -d /tmp/v6r-lab-icmp-errors.XXXXXX)
cleanup() {
  "$V6LAB" fault nat64-no-icmp-errors off >/dev/null 2>&1
  "$V6LAB" fault nat64-icmp-errors-wrong off >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

cat >"$WORK/icmp.yaml" <<'YAML'
version: 1
name: lab-icmp-errors
defaults: {deadline_ms: 12000, retries: 0}
expect: {pref64: "2001:db8:64::/96"}
allow: ["2001:db8::/32", "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"]
checks:
  - {id: icmp, kind: nat64.icmp_errors, params: {host: v4only.lab.test, port: 33434, max_hops: 8, wait_ms: 1s}}
YAML

run() { probe_in commune-ready province/lab/commune-ready "$WORK/icmp.yaml" "$WORK/$1"; }  # run TAG
field() { jq -r "select(.check_id == \"icmp\") | $1" "$RES"; }
clause() { field ".clauses[] | select(.clause == \"$1\") | .verdict"; }
within_deadline() {
  local d
  d=$(field '.duration_ms | floor')
  [ "$d" -le 12500 ] || fail "$1 took $d ms (deadline 12000 ms)"
}
analyze() {  # analyze TAG: the expanded findings of $BUNDLE in $AN
  AN="$WORK/$1.analysis"
  "$V6ANALYZE" analyze "$BUNDLE" --out "$AN" --label "$1" -q >"$AN.out" 2>&1
  local rc=$?
  [ "$rc" -le 1 ] || fail "v6analyze analyze exited $rc: $(cat "$AN.out")"
  "$V6ANALYZE" expand "$AN/findings.json" -o "$AN/expanded.json" || fail "v6analyze expand"
  python3 "$REPO/tests/probe/lab_evidence.py" "$BUNDLE" "$AN/expanded.json" >"$AN.ev" 2>&1
  rc=$?
  sed 's/^/  | /' "$AN.ev"
  [ "$rc" = 0 ] || fail "$1: cited frames differ from tshark's (above)"
}
TARGET6=2001:db8:64::c000:20a

# 1. The normal commune: both clauses pass.
run ready
jq -c '{verdict, reason, clauses, hops: .observed.hops}' "$RES" >&2
expect_eq "ready verdict" "$(field .verdict)" pass
expect_eq "time_exceeded" "$(clause time_exceeded)" pass
expect_eq "port_unreachable" "$(clause port_unreachable)" pass
expect_eq "port unreachable code" "$(field .observed.port_unreachable.code)" 4
expect_eq "port unreachable from the host, translated" "$(field .observed.port_unreachable.from)" \
  "$TARGET6 (IPv4 192.0.2.10)"
# At least two Time Exceeded from under the prefix: tayga's own and gw's IPv4 forwarding beyond it.
n=$(field .observed.translated_time_exceeded)
[ "$n" -ge 2 ] || fail "only $n Time Exceeded from under the prefix (want tayga's and an IPv4 router's)"
v4router=$(field '[.observed.hops[] | select(.translated_side == true and .type == 3)][1].from')
case "$v4router" in
  *"(IPv4 203.0.113."* | *"(IPv4 198.51.100."*) pass "an IPv4 router's Time Exceeded came back translated: $v4router" ;;
  *) fail "the second translated Time Exceeded came from '$v4router'" ;;
esac
expect_eq "ready exit" "$RC" 0
within_deadline ready

# The errors on the wire, as tshark decodes them on its own: ICMPv6 Time Exceeded and Destination
# Unreachable to the node quoting UDP to the target's port 33434.
errs() {  # errs TYPE -> frames of ICMPv6 errors of TYPE that quote UDP to the target port 33434
  tshark -r "$BUNDLE/capture.pcapng" -Y "icmpv6.type == $1 && udp.dstport == 33434" -T fields \
    -e frame.number 2>/dev/null | wc -l
}
te=$(errs 3)
du=$(errs 1)
echo "ICMPv6 errors in the capture: $te Time Exceeded, $du Destination Unreachable" >&2
[ "$te" -ge 3 ] || fail "$te Time Exceeded in the capture, want >= 3 (gw IPv6, tayga, gw IPv4)"
[ "$du" -ge 2 ] || fail "$du Destination Unreachable in the capture, want >= 2 (full hop limit, ladder end)"
analyze ready
cited=$(jq -r '.sites[0].checks[] | select(.check_id == "icmp") | .frames | length' "$AN/expanded.json")
[ "$cited" -ge $((2 * (te + du))) ] || fail "the analyzer cites $cited frames, fewer than the datagrams and their $((te + du)) errors"
expect_eq "cross-check" "$(jq -r '.sites[0].checks[] | select(.check_id == "icmp") | .cross_check' "$AN/expanded.json")" agrees
pass "cited $cited frames = tshark's ($te Time Exceeded, $du Destination Unreachable and the datagrams)"

# 2. The quoted datagram rewritten before tayga translates it: fail.
"$V6LAB" fault nat64-icmp-errors-wrong on >/dev/null || fail "fault nat64-icmp-errors-wrong on"
run wrong
jq -c '{verdict, reason, clauses}' "$RES" >&2
"$V6LAB" fault nat64-icmp-errors-wrong off >/dev/null || fail "fault nat64-icmp-errors-wrong off"
expect_eq "wrong quote: verdict" "$(field .verdict)" fail
expect_eq "wrong quote: time_exceeded" "$(clause time_exceeded)" fail
expect_eq "wrong quote: port_unreachable" "$(clause port_unreachable)" fail
field .reason | grep -q "its quoted destination port is 33435, not 33434" ||
  fail "reason does not name the quoted port: $(field .reason)"
field .reason | grep -q "its quoted UDP length is 47, not the 48 sent" ||
  fail "reason does not name the quoted UDP length: $(field .reason)"
expect_eq "wrong quote: exit" "$RC" 1
within_deadline wrong
analyze wrong

# 3. ICMPv4 errors dropped before tayga: cannot judge, and says why; never pass, never fail.
"$V6LAB" fault nat64-no-icmp-errors on >/dev/null || fail "fault nat64-no-icmp-errors on"
run dropped
jq -c '{verdict, reason, clauses, hops: .observed.hops}' "$RES" >&2
"$V6LAB" fault nat64-no-icmp-errors off >/dev/null || fail "fault nat64-no-icmp-errors off"
expect_eq "dropped: verdict" "$(field .verdict)" error
expect_eq "dropped: time_exceeded" "$(clause time_exceeded)" error
expect_eq "dropped: port_unreachable" "$(clause port_unreachable)" error
field .reason | grep -q "cannot judge port unreachable: no ICMPv6 error came back" ||
  fail "reason does not say the port unreachable is missing: $(field .reason)"
field .reason | grep -q "silence cannot tell which" || fail "reason does not say silence is ambiguous"
expect_eq "tayga's own Time Exceeded still seen" "$(field .observed.translated_time_exceeded)" 1
within_deadline dropped
analyze dropped
echo "lab_icmp_errors: all passed"
