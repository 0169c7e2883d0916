#!/usr/bin/env bash
# Lab test of dualstack.parity and dualstack.happy_eyeballs with `v6probe run` inside lab nodes:
#  - commune-dualstack (real IPv4): Happy Eyeballs against brokenv6.lab.test falls back to IPv4 within
#    RFC 8305's bounds (pass, winner ipv4);
#  - commune-ready (IPv6-only): parity on dual.lab.test passes (IPv4 side through NAT64), Happy
#    Eyeballs falls back to the NAT64 path;
#  - fault ipv6-blackhole on: parity says "IPv6 broken" (diagnosis ipv6-broken); the fault is turned off
#    on exit.
# usage: lab_dualstack.sh PATH/TO/v6probe   (env: V6LAB, V6LAB_RA as for every lab test)
REPO=$(cd "$(dirname "$0")/../.." && pwd)
. "$REPO/tests/lab/lib.sh"
V6PROBE=${1:?usage: lab_dualstack.sh PATH/TO/v6probe}
lab_require_up
command -v jq >/dev/null || lab_cannot_run "missing jq"

WORK=$(mktemp -d /tmp/v6r-lab-dualstack.XXXXXX)
cleanup() { "$V6LAB" fault ipv6-blackhole off >/dev/null 2>&1; rm -rf "$WORK"; }
trap cleanup EXIT

cat >"$WORK/ds.yaml" <<'YAML'
version: 1
name: lab-dualstack
defaults: {deadline_ms: 4000, retries: 0}
expect: {pref64: "2001:db8:64::/96"}
allow: ["2001:db8::/32", "192.0.2.0/24"]
checks:
  - {id: parity, kind: dualstack.parity, params: {url: "http://dual.lab.test/", compare_headers: [content-type]}}
  - {id: he, kind: dualstack.happy_eyeballs, deadline_ms: 5000, params: {host: brokenv6.lab.test}}
YAML

run_in() { probe_in "$1" "province/lab/$1" "$WORK/ds.yaml" "$WORK/$1.$2" --no-capture; }  # NODE TAG
field() { jq -r --arg id "$2" "select(.check_id == \$id) | $3" "$1"; }

# 1. commune-dualstack: real IPv4 fallback
run_in commune-dualstack a; r=$RES
expect_eq "dualstack HE verdict" "$(field "$r" he .verdict)" pass
expect_eq "dualstack HE ipv4_path" "$(field "$r" he .observed.ipv4_path)" ipv4
expect_eq "dualstack HE winner family" "$(field "$r" he .observed.winner.family)" ipv4
d=$(field "$r" he '.timings_ms.connect_after_first_attempt')
echo "measured fallback on commune-dualstack: ${d} ms"
awk -v d="$d" 'BEGIN { exit !(d >= 100 && d <= 2100) }' || fail "fallback ${d} ms outside [100, 2100] ms"
pass "fallback ${d} ms within RFC 8305 bounds"

# 2. commune-ready: parity through NAT64, HE via NAT64
run_in commune-ready b; r=$RES
expect_eq "ready parity verdict" "$(field "$r" parity .verdict)" pass
expect_eq "ready parity ipv4_path" "$(field "$r" parity .observed.ipv4_path)" nat64
expect_eq "ready HE verdict" "$(field "$r" he .verdict)" pass
echo "measured fallback on commune-ready (NAT64): $(field "$r" he '.timings_ms.connect_after_first_attempt') ms"

# 3. IPv6 blackhole: parity says IPv6 broken
"$V6LAB" fault ipv6-blackhole on >/dev/null || fail "fault ipv6-blackhole on"
run_in commune-ready c; r=$RES
expect_eq "blackhole parity verdict" "$(field "$r" parity .verdict)" fail
expect_eq "blackhole parity diagnosis" "$(field "$r" parity .observed.diagnosis)" ipv6-broken
field "$r" parity .reason | grep >/dev/null "^IPv6 broken" || fail "reason: $(field "$r" parity .reason)"
pass "parity reason: $(field "$r" parity .reason)"
"$V6LAB" fault ipv6-blackhole off >/dev/null
echo "PASS"
