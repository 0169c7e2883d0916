#!/usr/bin/env bash
# Lab test of the nat64.* kinds against the real tayga / nginx / UDP echo (lab/README.md):
#  - commune-ready: tcp, udp, icmp, http, pmtu all pass;
#  - commune-pmtu (gw drops the Packet Too Big about it): pmtu fails "PMTU black hole", the rest pass;
#  - commune-ready with the nat64-down fault: every check fails, each within its deadline.
# usage: lab_nat64.sh PATH/TO/v6probe
REPO=$(cd "$(dirname "$0")/../.." && pwd)
. "$REPO/tests/lab/lib.sh"
V6PROBE=${1:?usage: lab_nat64.sh PATH/TO/v6probe}
lab_require_up
command -v jq >/dev/null || lab_cannot_run "missing jq"

WORK=$(mktemp -d /tmp/v6r-lab-nat64.XXXXXX)
cleanup() { "$V6LAB" fault nat64-down off >/dev/null 2>&1; rm -rf "$WORK"; }
trap cleanup EXIT

cat >"$WORK/nat64.yaml" <<'YAML'
version: 1
name: lab-nat64
defaults: {deadline_ms: 3000, retries: 0}
expect: {pref64: "2001:db8:64::/96"}
allow: ["2001:db8::/32", "192.0.2.0/24"]
checks:
  - {id: tcp, kind: nat64.tcp, params: {host: v4only.lab.test, port: 80}}
  - {id: udp, kind: nat64.udp, params: {host: v4only.lab.test}}
  - {id: icmp, kind: nat64.icmp, params: {address: 192.0.2.10}}
  - {id: http, kind: nat64.http, params: {url: "http://v4only.lab.test/"}}
  - {id: pmtu, kind: nat64.pmtu, deadline_ms: 6000, params: {host: big.lab.test}}
YAML

run_in() { probe_in "$1" "province/lab/$1" "$WORK/nat64.yaml" "$WORK/$2" --no-capture; }  # NODE TAG
field() { jq -r --arg id "$2" "select(.check_id == \$id) | $3" "$1"; }
show() { jq -c '{check_id, verdict, reason, observed: (.observed | del(.aaaa))}' "$1" >&2; }

run_in commune-ready ready
show "$RES"
expect_eq "commune-ready exit" "$RC" 0
for id in tcp udp icmp http pmtu; do expect_eq "ready $id" "$(field "$RES" $id .verdict)" pass; done
expect_eq "ready tcp remote" "$(field "$RES" tcp '.addresses.remote[0]')" 2001:db8:64::c000:20a
expect_eq "ready pmtu bytes" "$(field "$RES" pmtu .observed.bytes_received)" 1048576
pass "icmp socket method $(field "$RES" icmp .observed.method)"

run_in commune-pmtu pmtu
show "$RES"
expect_eq "commune-pmtu exit" "$RC" 1
for id in tcp udp icmp http; do expect_eq "pmtu-node $id" "$(field "$RES" $id .verdict)" pass; done
expect_eq "pmtu-node pmtu" "$(field "$RES" pmtu .verdict)" fail
case "$(field "$RES" pmtu .reason)" in
  "PMTU black hole"*) pass "pmtu reason names the black hole" ;;
  *) fail "pmtu reason: $(field "$RES" pmtu .reason)" ;;
esac

"$V6LAB" fault nat64-down on >/dev/null || fail "fault nat64-down on"
run_in commune-ready down
show "$RES"
expect_eq "nat64-down exit" "$RC" 1
for id in tcp udp icmp http pmtu; do
  expect_eq "nat64-down $id" "$(field "$RES" $id .verdict)" fail
  limit=$([ $id = pmtu ] && echo 6500 || echo 3500)
  d=$(field "$RES" $id '.duration_ms | floor')
  [ "$d" -le "$limit" ] || fail "nat64-down $id took $d ms (deadline + 500 ms: $limit)"
done
case "$(field "$RES" pmtu .reason)" in
  "NAT64 down, not a PMTU problem"*) pass "pmtu says NAT64 down, not PMTU" ;;
  *) fail "pmtu reason with nat64-down: $(field "$RES" pmtu .reason)" ;;
esac
"$V6LAB" fault nat64-down off >/dev/null
echo "PASS"
