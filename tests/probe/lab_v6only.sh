#!/usr/bin/env bash
# Lab test of the v6only.* kinds (lab/README.md):
#  - commune-ready (IPv6-only; RA every 2 s and on RS with PREF64 2001:db8:64::/96 lifetime 1800 s,
#    RDNSS 2001:db8:53::1, PIO 2001:db8:1:1::/64; dnsmasq OFFER with option 108 = 1800): every check
#    passes; PREF64 decoded exactly; V6ONLY_WAIT 1800; no IPv4 frame, address or route; the IPv4
#    literal is unreachable (no CLAT);
#  - commune-dualstack (203.0.113.18/28, IPv4 default via 203.0.113.17): leak fails naming the
#    default route and the address (frames are counted when any IPv4 traffic happens in the window;
#    the check only observes, it sends none); the literal is reached natively.
# usage: lab_v6only.sh PATH/TO/v6probe
REPO=$(cd "$(dirname "$0")/../.." && pwd)
. "$REPO/tests/lab/lib.sh"
V6PROBE=${1:?usage: lab_v6only.sh PATH/TO/v6probe}
lab_require_up
command -v jq >/dev/null || lab_cannot_run "missing jq"

WORK=$(mktemp -d /tmp/v6r-lab-v6only.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

scenario() {  # scenario FILE LITERAL_EXPECT
  cat >"$1" <<YAML
version: 1
name: lab-v6only
defaults: {deadline_ms: 4000, retries: 0}
expect: {pref64: "2001:db8:64::/96"}
allow: ["2001:db8::/32", "192.0.2.0/24"]
checks:
  - {id: ra, kind: v6only.ra, params: {interface: eth0, require_pref64: true}}
  - {id: dhcp108, kind: v6only.dhcp108, params: {interface: eth0, wait_ms: 3s}}
  - {id: leak, kind: v6only.leak, params: {interface: eth0, listen_ms: 3s}}
  - {id: literal, kind: v6only.literal, params: {address: 192.0.2.10, port: 80, expect: $2}}
YAML
}

run_in() { probe_in "$1" "province/district-a/$1" "$2" "$WORK/$1"; }  # NODE SCENARIO
field() { jq -r --arg id "$2" "select(.check_id == \$id) | $3" "$1"; }
show() { jq -c '{check_id, verdict, reason, rfc}' "$1" >&2; }

scenario "$WORK/ready.yaml" no_clat
run_in commune-ready "$WORK/ready.yaml"
show "$RES"
for id in ra dhcp108 leak literal; do expect_eq "ready $id" "$(field "$RES" $id .verdict)" pass; done
expect_eq "ready exit" "$RC" 0
expect_eq "ready PREF64" "$(field "$RES" ra '.observed.pref64 | map("\(.prefix) \(.lifetime_s)") | join(",")')" \
  "2001:db8:64::/96 1800"
expect_eq "ready RDNSS" "$(field "$RES" ra '[.observed.ras[] | select(.pref64) | .rdnss[].address] | unique | join(",")')" \
  2001:db8:53::1
expect_eq "ready PIO" "$(field "$RES" ra '[.observed.ras[] | select(.pref64) | .prefixes[].prefix] | unique | join(",")')" \
  2001:db8:1:1::/64
expect_eq "ready V6ONLY_WAIT" "$(field "$RES" dhcp108 .observed.v6only_wait_s)" 1800
expect_eq "ready leak frames" "$(field "$RES" leak '.observed.frames.ipv4 + .observed.frames.arp + .observed.frames.dhcpv4')" 0
expect_eq "ready literal path" "$(field "$RES" literal .observed.path)" no_clat

scenario "$WORK/dual.yaml" native
run_in commune-dualstack "$WORK/dual.yaml"
show "$RES"
expect_eq "dualstack exit" "$RC" 1
expect_eq "dualstack leak" "$(field "$RES" leak .verdict)" fail
expect_eq "dualstack leak route" "$(field "$RES" leak '.observed.ipv4_default_routes | join(",")')" \
  "via 203.0.113.17 dev eth0"
expect_eq "dualstack leak address" "$(field "$RES" leak '.observed.ipv4_addresses | join(",")')" "203.0.113.18 on eth0"
echo "dualstack leak frames seen: $(field "$RES" leak '.observed.frames | tojson') $(field "$RES" leak '.observed.samples | tojson')" >&2
expect_eq "dualstack literal path" "$(field "$RES" literal .observed.path)" native
expect_eq "dualstack literal" "$(field "$RES" literal .verdict)" pass
