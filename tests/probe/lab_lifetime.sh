#!/usr/bin/env bash
# Lab test of nat64.udp_lifetime against coturn behind the lab's tayga (docs/checks-realtime.md),
# bounded to stay cheap (~25 s): no run can show the 2 minutes of RFC 4787 REQ-5 here, so
#  - commune-symmetric (NAT44 `masquerade fully-random` behind tayga, gw's conntrack at its defaults:
#    30 s for a flow with one exchange), idle up to 8 s: every trial keeps its mapped address, verdict
#    `skipped` ("cannot judge within max_idle") with the proven lower bound >= 8 s;
#  - the same commune with the fault nat64-short-udp-timeout (gw's conntrack UDP timeouts 3 s): the
#    mapping comes back on another port after 4 s idle: `fail` (REQ-5), the lifetime bracketed between
#    2 and 4 s (refined), each trial its own UDP flow in the evidence;
#  - the fault off puts gw's sysctls back.
# usage: lab_lifetime.sh PATH/TO/v6probe
REPO=$(cd "$(dirname "$0")/../.." && pwd)
. "$REPO/tests/lab/lib.sh"
V6PROBE=${1:?usage: lab_lifetime.sh PATH/TO/v6probe}
lab_require_up
command -v jq >/dev/null || lab_cannot_run "missing jq"

WORK=$(mktemp -d /tmp/v6r-lab-lifetime.XXXXXX)
cleanup() {
  "$V6LAB" fault nat64-short-udp-timeout off >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

scenario() {  # scenario FILE MIN MAX STEPS
  cat >"$1" <<YAML
version: 1
name: lab-lifetime
defaults: {deadline_ms: 20000, retries: 0}
expect: {pref64: "2001:db8:64::/96"}
allow: ["2001:db8::/32", "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"]
checks:
  - {id: udp_lifetime, kind: nat64.udp_lifetime, params: {address: 192.0.2.30, min_idle_ms: $2, max_idle_ms: $3, steps: $4}}
YAML
}
run_in() {  # run_in NODE TAG SCENARIO -> sets RC, RES
  local out="$WORK/$2"
  mkdir -p "$out"
  in_node "$1" "$V6PROBE" run "$3" --site "province/lab/$1" --out "$out" -q --no-capture \
    >/dev/null 2>"$out.err"
  RC=$?
  RES=$(find "$out" -mindepth 2 -maxdepth 2 -name results.jsonl | head -1)
  [ -n "$RES" ] || fail "no bundle ($(cat "$out.err"))"
}
field() { jq -r "select(.check_id == \"udp_lifetime\") | $1" "$RES"; }
show() { jq -c '{check_id, verdict, reason, duration_ms, observed: (.observed | del(.stun))}' "$RES" >&2; }

gw_timeout() { in_node gw sysctl -n net.netfilter.nf_conntrack_udp_timeout; }
before=$(gw_timeout)

scenario "$WORK/normal.yaml" 2000 8000 3
run_in commune-symmetric normal "$WORK/normal.yaml"
show
expect_eq "normal verdict (2 min not testable within 8 s)" "$(field .verdict)" skipped
expect_eq "normal: every trial survived" "$(field '[.observed.trials[] | select(.fate != "survived")] | length')" 0
[ "$(field .observed.lifetime_at_least_ms)" -ge 8000 ] || fail "normal: lower bound $(field .observed.lifetime_at_least_ms) ms < 8000"
pass "normal: lower bound $(field .observed.lifetime_at_least_ms) ms >= 8000"
expect_eq "normal: one UDP flow per trial" "$(field '[.evidence.flows[] | select(.proto == "udp") | .sport] | unique | length')" 3
expect_eq "normal exit" "$RC" 0

"$V6LAB" fault nat64-short-udp-timeout on 3 >/dev/null || fail "fault nat64-short-udp-timeout on"
expect_eq "fault: gw's conntrack UDP timeout" "$(gw_timeout)" 3
scenario "$WORK/short.yaml" 1000 8000 4
run_in commune-symmetric short "$WORK/short.yaml"
show
expect_eq "short-timeout verdict" "$(field .verdict)" fail
expect_eq "short-timeout rfc" "$(field .rfc)" "RFC 4787 REQ-5"
s=$(field .observed.survived_ms)
e=$(field .observed.expired_ms)
[ "$s" -ge 2000 ] && [ "$s" -lt 3100 ] || fail "short-timeout: survived $s ms, want 2000..3100 (timeout 3 s)"
[ "$e" -ge 2900 ] && [ "$e" -le 4500 ] || fail "short-timeout: expired $e ms, want 2900..4500 (timeout 3 s)"
pass "short-timeout: lifetime between $s and $e ms (gw's conntrack: 3 s)"
expect_eq "short-timeout: the expired trial came back on another mapped address" \
  "$(field '[.observed.trials[] | select(.fate == "expired" and .mapped_before != .mapped_after)] | length >= 1')" true
expect_eq "short-timeout exit" "$RC" 1
"$V6LAB" fault nat64-short-udp-timeout off >/dev/null || fail "fault off"
expect_eq "fault off: gw's conntrack UDP timeout restored" "$(gw_timeout)" "$before"
echo "PASS"
