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
# Each check ends within its deadline.
# usage: lab_realtime.sh PATH/TO/v6probe
REPO=$(cd "$(dirname "$0")/../.." && pwd)
. "$REPO/tests/lab/lib.sh"
V6PROBE=${1:?usage: lab_realtime.sh PATH/TO/v6probe}
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

run_in() {  # run_in NODE TAG -> sets RC and RES
  local out="$WORK/$2"
  mkdir -p "$out"
  in_node "$1" "$V6PROBE" run "$WORK/rt.yaml" --site "province/lab/$1" --out "$out" --no-capture -q \
    >/dev/null 2>"$out.err"
  RC=$?
  RES=$(find "$out" -mindepth 2 -maxdepth 2 -name results.jsonl | head -1)
  [ -n "$RES" ] || fail "no bundle ($(cat "$out.err"))"
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

run_in commune-ready ready
show "$RES"
expect_eq "ready mapping class" "$(field "$RES" mapping .observed.mapping)" endpoint-independent
expect_eq "ready mapping" "$(field "$RES" mapping .verdict)" pass
expect_eq "ready port preserved" "$(field "$RES" mapping .observed.port_preserved)" true
expect_eq "ready filtering class" "$(field "$RES" filtering .observed.filtering)" endpoint-independent
expect_eq "ready hairpin (tayga does not hairpin)" "$(field "$RES" hairpin .verdict)" fail
expect_eq "ready exit" "$RC" 1
within_deadline ready

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
