#!/usr/bin/env bash
# Lab test of the dns64.* kinds against the real unbound DNS64 resolvers (lab/README.md):
#  - commune-ready (2001:db8:53::1, prefix 2001:db8:64::/96): discovery, native, nxdomain, excluded
#    (dns64-ignore-aaaa: mapped.lab.test), ptr pass; synthesis and the CNAME chain are right.
#    unbound 1.17 gives the synthesized AAAA the A TTL (300 s) whatever the negative answer's SOA
#    MINIMUM: with the zone's old MINIMUM of 60 s that was a warn (RFC 6147 §5.1.7), with 3600 a pass;
#    both are accepted. DO+CD is not synthesized (recorded, info finding);
#  - commune-brokendns64 (2001:db8:53::2, prefix 2001:db8:65::/96): discovery and synthesis fail
#    naming both prefixes, the ::ffff: AAAA comes back (warn, RFC 6147 §5.1.4).
# usage: lab_dns64.sh PATH/TO/v6probe
REPO=$(cd "$(dirname "$0")/../.." && pwd)
. "$REPO/tests/lab/lib.sh"
V6PROBE=${1:?usage: lab_dns64.sh PATH/TO/v6probe}
lab_require_up
command -v jq >/dev/null || lab_cannot_run "missing jq"

WORK=$(mktemp -d /tmp/v6r-lab-dns64.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

cat >"$WORK/dns64.yaml" <<'YAML'
version: 1
name: lab-dns64
defaults: {deadline_ms: 3000, retries: 0}
expect: {pref64: "2001:db8:64::/96"}
allow: ["2001:db8::/32", "192.0.2.0/24"]
checks:
  - {id: discovery, kind: dns64.discovery}
  - {id: synth, kind: dns64.synthesis, params: {name: v4only.lab.test, dnssec_ok_cd: true}}
  - {id: cname, kind: dns64.synthesis, params: {name: cname.lab.test, check_ttl: false}}
  - {id: native, kind: dns64.synthesis, params: {name: dual.lab.test, expect: native}}
  - {id: nx, kind: dns64.synthesis, params: {name: nx.lab.test, expect: nxdomain}}
  - {id: mapped, kind: dns64.synthesis, params: {name: mapped.lab.test, expect: excluded}}
  - {id: ptr, kind: dns64.ptr, params: {name: v4only.lab.test}}
  - {id: ptr-addr, kind: dns64.ptr, params: {address: "2001:db8:64::c000:20b"}}
YAML

run_in() {  # run_in NODE -> sets RC and RES
  local out="$WORK/$1"
  mkdir -p "$out"
  in_node "$1" "$V6PROBE" run "$WORK/dns64.yaml" --site "province/lab/$1" --out "$out" --no-capture -q \
    >/dev/null 2>"$out.err"
  RC=$?
  RES=$(find "$out" -mindepth 2 -maxdepth 2 -name results.jsonl | head -1)
  [ -n "$RES" ] || fail "no bundle ($(cat "$out.err"))"
}
field() { jq -r --arg id "$2" "select(.check_id == \$id) | $3" "$1"; }
show() { jq -c '{check_id, verdict, reason, rfc}' "$1" >&2; }

run_in commune-ready
show "$RES"
expect_eq "ready exit" "$RC" 0
for id in discovery cname native nx mapped ptr ptr-addr; do expect_eq "ready $id" "$(field "$RES" $id .verdict)" pass; done
expect_eq "ready discovery prefixes" "$(field "$RES" discovery '.observed.prefixes | join(",")')" 2001:db8:64::/96
expect_eq "ready synth embedded" "$(field "$RES" synth '.observed.embedded_ipv4["2001:db8:64::c000:20a"]')" 192.0.2.10
expect_eq "ready cname chain kept" "$(field "$RES" cname '.observed.aaaa_cname_chain | length')" 3
expect_eq "ready ptr form" "$(field "$RES" ptr .observed.form)" answer
expect_eq "ready ptr target" "$(field "$RES" ptr '.observed.ptr[0]')" v4only.lab.test.
# unbound 1.17: synthesized TTL = A TTL, not min(A TTL, negative SOA): warn if MINIMUM < A TTL.
case "$(field "$RES" synth .verdict)/$(field "$RES" synth .rfc)" in
  "warn/RFC 6147 §5.1.7") pass "synth TTL above the SOA MINIMUM: warn §5.1.7" ;;
  "pass/"*) pass "synth passed (TTL within min(A TTL, negative SOA TTL))" ;;
  "info/RFC 6147 §5.5") pass "synth passed; only the informational DO+CD finding remains (§5.5)" ;;
  *) fail "synth: $(field "$RES" synth '.verdict + " " + .reason')" ;;
esac
expect_eq "ready DO+CD synthesized" "$(field "$RES" synth .observed.do_cd.synthesized)" false
expect_eq "ready DO+CD finding" "$(field "$RES" synth '[.observed.findings[] | select(.rfc == "RFC 6147 §5.5") | .verdict] | join(",")')" info

run_in commune-brokendns64
show "$RES"
expect_eq "broken exit" "$RC" 1
expect_eq "broken discovery" "$(field "$RES" discovery .verdict)" fail
expect_eq "broken discovery reason" "$(field "$RES" discovery .reason)" \
  "ipv4only.arpa. AAAA $(field "$RES" discovery '.observed.answers | join(", ")') gives 2001:db8:65::/96, expected 2001:db8:64::/96"
expect_eq "broken synth" "$(field "$RES" synth .reason)" \
  "AAAA 2001:db8:65::c000:20a is under 2001:db8:65::/96, expected 2001:db8:64::/96"
expect_eq "broken mapped" "$(field "$RES" mapped .verdict)/$(field "$RES" mapped .rfc)" "warn/RFC 6147 §5.1.4"
expect_eq "broken native" "$(field "$RES" native .verdict)" pass
expect_eq "broken nx" "$(field "$RES" nx .verdict)" pass
echo "PASS"
