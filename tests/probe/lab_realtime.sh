#!/usr/bin/env bash
# Lab test of nat64.mapping, nat64.filtering and nat64.hairpin against coturn (two IPv4 addresses,
# RFC 5780) behind the lab's tayga, asserting the behaviour CLASS each commune's NAT64 has
# (lab/README.md "NAT64 behaviour per commune"):
#  - commune-bind (static 1:1 NAT44 behind tayga): endpoint-independent mapping (pass, port preserved),
#    endpoint-independent filtering (pass), hairpinning (pass);
#  - commune-ready (tayga's dynamic 1:1 pool address): endpoint-independent mapping and filtering
#    (pass), no hairpinning (fail: tayga 0.9.2 drops a packet to its own pool);
#  - commune-symmetric (NAT44 `masquerade fully-random` behind tayga): address-and-port-dependent
#    mapping (fail, RFC 4787 REQ-1) and filtering (warn, REQ-8), no hairpinning (fail, REQ-9);
#  - commune-ready with the fault nat64-symmetric: mapping address-and-port-dependent (fail);
#  - commune-bind with the fault nat64-no-hairpin: hairpin fails, mapping still passes.
# Each check ends within its deadline. Evidence (docs/findings-schema.md "Cross-check"): in each
# commune's bundle `v6analyze analyze` cites, for every check, exactly the frames tshark finds for its
# flows (tests/probe/lab_evidence.py), and each check's cross-check agrees: every flow it names (its
# requests' 5-tuples with their real source, and the 5-tuple of a CHANGE-REQUEST answer or of the
# hairpinned datagram that got in) is in the capture.
# usage: lab_realtime.sh PATH/TO/v6probe PATH/TO/v6analyze
REPO=$(cd "$(dirname "$0")/../.." && pwd)
. "$REPO/tests/lab/lib.sh"
V6PROBE=${1:?usage: lab_realtime.sh PATH/TO/v6probe PATH/TO/v6analyze}
V6ANALYZE=${2:?usage: lab_realtime.sh PATH/TO/v6probe PATH/TO/v6analyze}
lab_require_up
command -v jq >/dev/null || lab_cannot_run "missing jq"

WORK=$(mktemp -d /tmp/v6r-lab-realtime.XXXXXX)
cleanup() {
  "$V6LAB" fault nat64-symmetric off >/dev/null 2>&1
  "$V6LAB" fault nat64-no-hairpin off >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

cat >"$WORK/rt.yaml" <<'YAML'
version: 1
name: lab-realtime
defaults: {deadline_ms: 6000, retries: 0}
expect: {pref64: "2001:db8:64::/96"}
allow: ["2001:db8::/32", "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"]
checks:
  - {id: mapping, kind: nat64.mapping, params: {address: 192.0.2.30}}
  - {id: filtering, kind: nat64.filtering, params: {address: 192.0.2.30, wait_ms: 1200}}
  - {id: hairpin, kind: nat64.hairpin, params: {address: 192.0.2.30}}
YAML

run_in() { probe_in "$1" "province/lab/$1" "$WORK/rt.yaml" "$WORK/$2"; }  # NODE TAG
# evidence TAG: the analyzer cites exactly each check's own frames (tshark agrees), every UDP flow the
# checks name has a real source and is in the capture (cross-check agrees), and the cited frames are
# UDP between the node and the NAT64 prefix only.
evidence() {
  local an="$WORK/$1.analysis" rc
  "$V6ANALYZE" analyze "$BUNDLE" --out "$an" --label "$1" -q >"$an.out" 2>&1
  rc=$?
  [ "$rc" -le 1 ] || fail "$1: v6analyze analyze exited $rc: $(cat "$an.out")"
  # The expanded form (every key, frame numbers one by one) for the tools below.
  "$V6ANALYZE" expand "$an/findings.json" -o "$an/expanded.json" || fail "$1: v6analyze expand"
  python3 "$REPO/tests/probe/lab_evidence.py" "$BUNDLE" "$an/expanded.json" >"$an.ev" 2>&1
  rc=$?
  sed 's/^/  | /' "$an.ev"
  [ "$rc" = 0 ] || fail "$1: cited frames differ from tshark's (above)"
  for id in mapping filtering hairpin; do
    local cc n src
    cc=$(jq -r --arg id $id '.sites[0].checks[] | select(.check_id == $id) | .cross_check' "$an/expanded.json")
    n=$(jq -r --arg id $id '.sites[0].checks[] | select(.check_id == $id) | .frames | length' "$an/expanded.json")
    expect_eq "$1 $id cross-check ($n frames)" "$cc" agrees
    src=$(field "$RES" $id '[.evidence.flows[] | select(.proto != "udp" or .src == "" or .src == "::" or (.dst | startswith("2001:db8:64:") | not))] | length')
    expect_eq "$1 $id: every flow is UDP from a real source to the NAT64 prefix" "$src" 0
  done
  # The class each found reaches the findings row typed (checks[].nat_class), as the probe observed it.
  for id in mapping filtering; do
    expect_eq "$1 $id nat_class in findings" \
      "$(jq -r --arg id $id '.sites[0].checks[] | select(.check_id == $id) | .nat_class' "$an/expanded.json")" \
      "$(field "$RES" $id ".observed.$id")"
  done
}
field() { jq -r --arg id "$2" "select(.check_id == \$id) | $3" "$1"; }
show() { jq -c '{check_id, verdict, reason, observed: (.observed | del(.stun))}' "$1" >&2; }
within_deadline() {
  for id in mapping filtering hairpin; do
    d=$(field "$RES" $id '.duration_ms | floor')
    [ "$d" -le 6500 ] || fail "$1 $id took $d ms (deadline 6000 ms)"
  done
}

run_in commune-bind bind
show "$RES"
expect_eq "bind mapping class" "$(field "$RES" mapping .observed.mapping)" endpoint-independent
expect_eq "bind mapping" "$(field "$RES" mapping .verdict)" pass
expect_eq "bind port preserved" "$(field "$RES" mapping .observed.port_preserved)" true
expect_eq "bind filtering class" "$(field "$RES" filtering .observed.filtering)" endpoint-independent
expect_eq "bind filtering" "$(field "$RES" filtering .verdict)" pass
expect_eq "bind hairpin" "$(field "$RES" hairpin .verdict)" pass
expect_eq "bind exit" "$RC" 0
within_deadline bind
evidence bind
# the endpoint-independent filter let the change-IP-and-port answer in: its own flow, from A2:P2
expect_eq "bind filtering names the other address's answer" \
  "$(field "$RES" filtering '[.evidence.flows[] | select(.dport == 3479)] | length')" 1
expect_eq "bind hairpin names the hairpinned datagram" \
  "$(field "$RES" hairpin '.evidence.flows | length')" 4

run_in commune-ready ready
show "$RES"
expect_eq "ready mapping class" "$(field "$RES" mapping .observed.mapping)" endpoint-independent
expect_eq "ready mapping" "$(field "$RES" mapping .verdict)" pass
expect_eq "ready port preserved" "$(field "$RES" mapping .observed.port_preserved)" true
expect_eq "ready filtering class" "$(field "$RES" filtering .observed.filtering)" endpoint-independent
expect_eq "ready hairpin (tayga does not hairpin)" "$(field "$RES" hairpin .verdict)" fail
expect_eq "ready exit" "$RC" 1
within_deadline ready
evidence ready

run_in commune-symmetric symmetric
show "$RES"
expect_eq "symmetric mapping class" "$(field "$RES" mapping .observed.mapping)" address-and-port-dependent
expect_eq "symmetric mapping" "$(field "$RES" mapping .verdict)" fail
expect_eq "symmetric mapping rfc" "$(field "$RES" mapping .rfc)" "RFC 4787 REQ-1"
expect_eq "symmetric filtering class" "$(field "$RES" filtering .observed.filtering)" address-and-port-dependent
expect_eq "symmetric filtering" "$(field "$RES" filtering .verdict)" warn
expect_eq "symmetric hairpin" "$(field "$RES" hairpin .verdict)" fail
expect_eq "symmetric exit" "$RC" 1
within_deadline symmetric
evidence symmetric
expect_eq "symmetric filtering names only its requests' flow" \
  "$(field "$RES" filtering '.evidence.flows | length')" 1

"$V6LAB" fault nat64-symmetric on >/dev/null || fail "fault nat64-symmetric on"
run_in commune-ready fault-symmetric
show "$RES"
expect_eq "fault-symmetric mapping class" "$(field "$RES" mapping .observed.mapping)" address-and-port-dependent
expect_eq "fault-symmetric mapping" "$(field "$RES" mapping .verdict)" fail
"$V6LAB" fault nat64-symmetric off >/dev/null

"$V6LAB" fault nat64-no-hairpin on >/dev/null || fail "fault nat64-no-hairpin on"
run_in commune-bind fault-no-hairpin
show "$RES"
expect_eq "no-hairpin mapping" "$(field "$RES" mapping .verdict)" pass
expect_eq "no-hairpin hairpin" "$(field "$RES" hairpin .verdict)" fail
"$V6LAB" fault nat64-no-hairpin off >/dev/null
echo "PASS"
