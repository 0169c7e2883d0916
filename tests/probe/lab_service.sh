#!/usr/bin/env bash
# Lab test of the service kinds: scenarios/service-gate.yaml passes on commune-ready (IPv6-only, the
# service reached through NAT64, path recorded); service.tls and https service.http against
# dual.lab.test:443, whose certificate comes from the lab's own CA: pass with `ca_file`, fail without
# it, a loud warn with `verify: false`, error with a ca_file that is not there; with nat64-down the
# gate fails (exit 1).
# usage: lab_service.sh PATH/TO/v6probe
REPO=$(cd "$(dirname "$0")/../.." && pwd)
. "$REPO/tests/lab/lib.sh"
V6PROBE=${1:?usage: lab_service.sh PATH/TO/v6probe}
lab_require_up
command -v jq >/dev/null || lab_cannot_run "missing jq"

WORK=$(mktemp -d /tmp/v6r-lab-service.XXXXXX)
cleanup() { "$V6LAB" fault nat64-down off >/dev/null 2>&1; rm -rf "$WORK"; }
trap cleanup EXIT

gate() { probe_in commune-ready province/lab/commune-ready "$1" "$WORK/$2" --no-capture; }  # SCENARIO TAG
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
  - {id: tls, kind: service.tls, params: {host: dual.lab.test, ca_file: /run/v6lab/ca/ca.crt}}
  - {id: tls-noca, kind: service.tls, params: {host: dual.lab.test}}
  - {id: tls-off, kind: service.tls, params: {host: dual.lab.test, verify: false}}
  - {id: https, kind: service.http, params: {url: "https://dual.lab.test/", ca_file: /run/v6lab/ca/ca.crt}}
  - {id: https-noca, kind: service.http, params: {url: "https://dual.lab.test/"}}
  - {id: https-off, kind: service.http, params: {url: "https://dual.lab.test/", verify: false, sni: www.dual.lab.test}}
  - {id: https-badca, kind: service.http, params: {url: "https://dual.lab.test/", ca_file: /nonexistent/ca.pem}}
YAML
[ -r /run/v6lab/ca/ca.crt ] || fail "the lab made no CA (/run/v6lab/ca/ca.crt)"
gate "$WORK/tls.yaml" tls
expect_eq "service.tls (ca_file) verdict" "$(field "$RES" tls .verdict)" pass
expect_eq "service.tls path" "$(field "$RES" tls .observed.path)" native-ipv6
expect_eq "service.tls SAN" "$(field "$RES" tls '.observed.certificate.dns_names[0]')" dual.lab.test
expect_eq "service.tls issuer is the lab CA" \
  "$(field "$RES" tls '.observed.certificate.issuer | test("v6lab test CA")')" true
pass "handshake $(field "$RES" tls .timings_ms.handshake) ms, $(field "$RES" tls .observed.version)"
# Without the lab CA, verification must fail and say why; with verify: false, a warn that says so.
expect_eq "service.tls (no ca_file) verdict" "$(field "$RES" tls-noca .verdict)" fail
expect_eq "service.tls (verify false) verdict" "$(field "$RES" tls-off .verdict)" warn
expect_eq "service.tls (verify false) is loud" \
  "$(field "$RES" tls-off '.reason | test("CERTIFICATE NOT VERIFIED")')" true
expect_eq "https (ca_file) verdict" "$(field "$RES" https .verdict)" pass
expect_eq "https (ca_file) status" "$(field "$RES" https .observed.status)" 200
expect_eq "https (no ca_file) verdict" "$(field "$RES" https-noca .verdict)" fail
expect_eq "https (no ca_file) says why" \
  "$(field "$RES" https-noca '.reason | test("certificate verification")')" true
expect_eq "https (verify false) verdict" "$(field "$RES" https-off .verdict)" warn
expect_eq "https (verify false) sni" "$(field "$RES" https-off .observed.sni)" www.dual.lab.test
expect_eq "https (missing ca_file) verdict" "$(field "$RES" https-badca .verdict)" error
expect_eq "https (missing ca_file) says which" \
  "$(field "$RES" https-badca '.reason | test("cannot load ca_file /nonexistent/ca.pem")')" true

"$V6LAB" fault nat64-down on >/dev/null || fail "fault nat64-down on"
gate "$REPO/scenarios/service-gate.yaml" down
expect_eq "service-gate exit with nat64-down" "$RC" 1
"$V6LAB" fault nat64-down off >/dev/null
echo "PASS"
