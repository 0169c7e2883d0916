#!/usr/bin/env bash
# Lab test of the service kinds: scenarios/service-gate.yaml passes on commune-ready (IPv6-only, the
# service reached through NAT64, path recorded), and service.tls against dual.lab.test:443 (self-signed,
# verify false) records the handshake and certificate; with nat64-down the gate fails (exit 1).
# usage: lab_service.sh PATH/TO/v6probe
REPO=$(cd "$(dirname "$0")/../.." && pwd)
. "$REPO/tests/lab/lib.sh"
V6PROBE=${1:?usage: lab_service.sh PATH/TO/v6probe}
lab_require_up
command -v jq >/dev/null || lab_cannot_run "missing jq"

WORK=$(mktemp -d /tmp/v6r-lab-service.XXXXXX)
cleanup() { "$V6LAB" fault nat64-down off >/dev/null 2>&1; rm -rf "$WORK"; }
trap cleanup EXIT

gate() {  # gate SCENARIO TAG -> sets RC and RES
  local out="$WORK/$2"
  mkdir -p "$out"
  in_node commune-ready "$V6PROBE" run "$1" --site province/lab/commune-ready --out "$out" --no-capture -q \
    >/dev/null 2>"$out.err"
  RC=$?
  RES=$(find "$out" -mindepth 2 -maxdepth 2 -name results.jsonl | head -1)
  [ -n "$RES" ] || fail "no bundle ($(cat "$out.err"))"
}
field() { jq -r --arg id "$2" "select(.check_id == \$id) | $3" "$1"; }

gate "$REPO/scenarios/service-gate.yaml" ok
expect_eq "service-gate exit" "$RC" 0
expect_eq "service.http verdict" "$(field "$RES" service.http .verdict)" pass
expect_eq "service.http path" "$(field "$RES" service.http .observed.path)" nat64
expect_eq "service.tcp path" "$(field "$RES" service.tcp .observed.path)" nat64

cat >"$WORK/tls.yaml" <<'YAML'
version: 1
name: lab-service-tls
defaults: {deadline_ms: 3000, retries: 0}
expect: {pref64: "2001:db8:64::/96"}
allow: ["2001:db8::/32", "192.0.2.0/24"]
checks:
  - {id: tls, kind: service.tls, params: {host: dual.lab.test, verify: false}}
  - {id: https, kind: service.http, params: {url: "https://dual.lab.test/"}}
YAML
gate "$WORK/tls.yaml" tls
expect_eq "service.tls verdict" "$(field "$RES" tls .verdict)" pass
expect_eq "service.tls path" "$(field "$RES" tls .observed.path)" native-ipv6
expect_eq "service.tls SAN" "$(field "$RES" tls '.observed.certificate.dns_names[0]')" dual.lab.test
pass "handshake $(field "$RES" tls .timings_ms.handshake) ms, $(field "$RES" tls .observed.version)"
# https with verification on: the lab certificate is self-signed, so this must fail and say so.
expect_eq "https (verify on, self-signed) verdict" "$(field "$RES" https .verdict)" fail

"$V6LAB" fault nat64-down on >/dev/null || fail "fault nat64-down on"
gate "$REPO/scenarios/service-gate.yaml" down
expect_eq "service-gate exit with nat64-down" "$RC" 1
"$V6LAB" fault nat64-down off >/dev/null
echo "PASS"
