#!/usr/bin/env bash
# Lab test of the dns64.* kinds against two real DNS64 implementations (lab/README.md), every clause
# of dns64.synthesis asserted from results.jsonl's `clauses`:
#  - commune-ready: unbound 1.17 (2001:db8:53::1), commune-bind: BIND 9.18 (2001:db8:53::3), both with
#    the prefix 2001:db8:64::/96. Both: discovery, synthesis/prefix/embedding, cname_kept, native_kept,
#    nxdomain_kept, mapped_excluded, empty_kept and the PTR checks pass (unbound answers the PTR,
#    BIND with a CNAME); DO+CD is info (neither validates; unbound does not synthesize, BIND does). The TTL clause (RFC 6147 §5.1.7) tells the two apart on fresh.ttl.lab.test (zone SOA
#    MINIMUM 10 s, A TTL 30 s): unbound gives the synthesized AAAA the A TTL (warn), BIND
#    min(A TTL, negative TTL) (pass). v4only.lab.test (A 300 s <= MINIMUM 3600 s) can never separate:
#    info "TTL not judged". At the cache-countdown edge (edge.ttl.lab.test primed so that its cached A
#    has <= 8 s left) a 3 s check says "cannot judge now" (info, never pass) and a 25 s check waits for
#    the refresh and judges (unbound warn, BIND pass).
#  - commune-ready's scenario also asks BIND as a per-check `resolver` (a secondary DNS64): pass.
#  - commune-brokendns64 (unbound, 2001:db8:65::/96): discovery and the prefix clause fail naming both
#    prefixes, the ::ffff: AAAA comes back (mapped_excluded warn), and nat64.tcp labels the path
#    "nat64 (unexpected prefix)" (skipped, nothing sent).
# The two resolvers' runs go in parallel (about 60 s in all, most of it the TTL waits).
# usage: lab_dns64.sh PATH/TO/v6probe
REPO=$(cd "$(dirname "$0")/../.." && pwd)
. "$REPO/tests/lab/lib.sh"
V6PROBE=${1:?usage: lab_dns64.sh PATH/TO/v6probe}
lab_require_up
command -v jq >/dev/null || lab_cannot_run "missing jq"

WORK=$(mktemp -d /tmp/v6r-lab-dns64.XXXXXX)
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT

cat >"$WORK/dns64.yaml" <<'YAML'
version: 1
name: lab-dns64
defaults: {deadline_ms: 3000, retries: 0}
budget: {run_deadline_s: 120, concurrency: 16, rate: {global_per_s: 200, per_target_per_s: 100, burst: 20}}
expect: {pref64: "2001:db8:64::/96"}
allow: ["2001:db8::/32", "192.0.2.0/24"]
checks:
  - {id: discovery, kind: dns64.discovery}
  - {id: synth, kind: dns64.synthesis, params: {name: v4only.lab.test, dnssec_ok_cd: true}}
  - {id: cname, kind: dns64.synthesis, params: {name: cname.lab.test, check_ttl: false}}
  - {id: native, kind: dns64.synthesis, params: {name: dual.lab.test, expect: native}}
  - {id: nx, kind: dns64.synthesis, params: {name: nx.lab.test, expect: nxdomain}}
  - {id: mapped, kind: dns64.synthesis, params: {name: mapped.lab.test, expect: excluded}}
  - {id: empty, kind: dns64.synthesis, params: {name: empty.lab.test, expect: empty}}
  - {id: ttl, kind: dns64.synthesis, deadline_ms: 50000, params: {name: fresh.ttl.lab.test}}
  - {id: edge-now, kind: dns64.synthesis, params: {name: edge.ttl.lab.test}}
  - {id: edge-wait, kind: dns64.synthesis, deadline_ms: 25000, params: {name: edge.ttl.lab.test}}
  - {id: ptr, kind: dns64.ptr, params: {name: v4only.lab.test}}
  - {id: ptr-addr, kind: dns64.ptr, params: {address: "2001:db8:64::c000:20b"}}
  - {id: path, kind: nat64.tcp, params: {host: v4only.lab.test, port: 80}}
YAML
# commune-ready's scenario also asks BIND for the TTL clause (a primary and a secondary DNS64).
cp "$WORK/dns64.yaml" "$WORK/dns64-ready.yaml"
echo '  - {id: ttl-secondary, kind: dns64.synthesis, deadline_ms: 50000, params: {name: fresh.ttl.lab.test, resolver: "2001:db8:53::3"}}' \
  >>"$WORK/dns64-ready.yaml"
cat >"$WORK/dns64-broken.yaml" <<'YAML'
version: 1
name: lab-dns64-broken
defaults: {deadline_ms: 3000, retries: 0}
expect: {pref64: "2001:db8:64::/96"}
allow: ["2001:db8::/32", "192.0.2.0/24"]
checks:
  - {id: discovery, kind: dns64.discovery}
  - {id: synth, kind: dns64.synthesis, params: {name: v4only.lab.test}}
  - {id: native, kind: dns64.synthesis, params: {name: dual.lab.test, expect: native}}
  - {id: nx, kind: dns64.synthesis, params: {name: nx.lab.test, expect: nxdomain}}
  - {id: mapped, kind: dns64.synthesis, params: {name: mapped.lab.test, expect: excluded}}
  - {id: empty, kind: dns64.synthesis, params: {name: empty.lab.test, expect: empty}}
  - {id: path, kind: nat64.tcp, params: {host: v4only.lab.test, port: 80}}
YAML

# The cache-countdown edge: the cached A of edge.ttl.lab.test (TTL 30) at 5..8 s left in RESOLVER, so
# min(A TTL, SOA MINIMUM 10) is the A TTL when the checks ask.
a_ttl() { in_node commune-ready dig +time=2 +tries=1 +noall +answer "@$1" A edge.ttl.lab.test | awk '{print $2; exit}'; }
prime_edge() {
  local t n
  for n in 1 2 3; do
    t=$(a_ttl "$1")
    [[ "$t" =~ ^[0-9]+$ ]] || fail "no A for edge.ttl.lab.test from $1"
    if [ "$t" -ge 9 ]; then sleep $((t - 8)); return 0; fi
    if [ "$t" -ge 5 ]; then return 0; fi
    sleep $((t + 1))  # too close to the expiry: let it expire, the next query fetches it again
  done
  fail "could not prime edge.ttl.lab.test on $1"
}

start_run() {  # start_run NODE SCENARIO: the run goes in the background; its bundle in $WORK/NODE
  local out="$WORK/$1"
  mkdir -p "$out"
  (
    in_node "$1" "$V6PROBE" run "$2" --site "province/lab/$1" --out "$out" --no-capture -q >/dev/null 2>"$out.err"
    echo $? >"$out.rc"
  ) &
  PIDS+=($!)
}
results() {  # results NODE: RC and RES of a finished run
  RC=$(cat "$WORK/$1.rc")
  RES=$(find "$WORK/$1" -mindepth 2 -maxdepth 2 -name results.jsonl | head -1)
  [ -n "$RES" ] || fail "$1: no bundle ($(cat "$WORK/$1.err"))"
  jq -c '{check_id, verdict, reason, clauses: [(.clauses // [])[] | "\(.clause)=\(.verdict)"]}' "$RES" >&2
}
field() { jq -r --arg id "$2" "select(.check_id == \$id) | $3" "$1"; }
clause() { field "$1" "$2" "[(.clauses // [])[] | select(.clause == \"$3\") | .verdict] | join(\",\")"; }
clause_reason() { field "$1" "$2" "[(.clauses // [])[] | select(.clause == \"$3\") | .reason] | join(\",\")"; }
contains() { [[ "$2" == *"$3"* ]] || fail "$1: '$2' does not contain '$3'"; pass "$1 names '$3'"; }

# 1. Prime the countdown edge on both resolvers (in parallel), then run both communes in parallel.
prime_edge 2001:db8:53::1 &
p1=$!
prime_edge 2001:db8:53::3 &
p2=$!
wait $p1 || fail "priming unbound"
wait $p2 || fail "priming BIND"
start_run commune-ready "$WORK/dns64-ready.yaml"
start_run commune-bind "$WORK/dns64.yaml"
start_run commune-brokendns64 "$WORK/dns64-broken.yaml"
for p in "${PIDS[@]}"; do wait "$p"; done
PIDS=()

# 2. The clauses every correct DNS64 gets right, against each implementation.
for node in commune-ready commune-bind; do
  impl=$([ "$node" = commune-ready ] && echo unbound || echo BIND)
  results "$node"
  expect_eq "$impl exit" "$RC" 0
  for id in discovery cname native nx mapped empty ptr ptr-addr path; do
    expect_eq "$impl $id" "$(field "$RES" $id .verdict)" pass
  done
  expect_eq "$impl discovery prefixes" "$(field "$RES" discovery '.observed.prefixes | join(",")')" 2001:db8:64::/96
  for c in synthesis prefix embedding; do expect_eq "$impl synth $c" "$(clause "$RES" synth $c)" pass; done
  expect_eq "$impl synth embedded" "$(field "$RES" synth '.observed.embedded_ipv4["2001:db8:64::c000:20a"]')" 192.0.2.10
  expect_eq "$impl cname cname_kept" "$(clause "$RES" cname cname_kept)" pass
  expect_eq "$impl cname chain kept" "$(field "$RES" cname '.observed.aaaa_cname_chain | length')" 3
  expect_eq "$impl native native_kept" "$(clause "$RES" native native_kept)" pass
  expect_eq "$impl nx nxdomain_kept" "$(clause "$RES" nx nxdomain_kept)" pass
  expect_eq "$impl mapped mapped_excluded" "$(clause "$RES" mapped mapped_excluded)" pass
  expect_eq "$impl empty empty_kept" "$(clause "$RES" empty empty_kept)" pass
  # unbound answers the PTR of a synthesized address from the in-addr.arpa data; BIND synthesizes a
  # CNAME to it (RFC 6147 §5.3.1): both are right.
  expect_eq "$impl ptr form" "$(field "$RES" ptr .observed.form)" "$([ "$impl" = unbound ] && echo answer || echo cname)"
  expect_eq "$impl path" "$(field "$RES" path .observed.path)" nat64
  # DO+CD: neither resolver validates (no AD on a DO query), so RFC 6147 §5.5 does not bind: info.
  expect_eq "$impl synth do_cd" "$(clause "$RES" synth do_cd)" info
  expect_eq "$impl DO+CD synthesized" "$(field "$RES" synth .observed.do_cd.synthesized)" \
    "$([ "$impl" = unbound ] && echo false || echo true)"
  # v4only.lab.test: A TTL 300 <= SOA MINIMUM 3600, the two behaviours give the same TTL: not judged.
  expect_eq "$impl synth ttl" "$(clause "$RES" synth ttl)" info
  contains "$impl synth ttl reason" "$(clause_reason "$RES" synth ttl)" "TTL not judged"
  contains "$impl synth ttl reason" "$(clause_reason "$RES" synth ttl)" "not above the negative-TTL bound (3600 s)"
  expect_eq "$impl synth verdict" "$(field "$RES" synth .verdict)" info
  # The countdown edge with a 3 s deadline: cannot judge now, never pass.
  expect_eq "$impl edge-now ttl" "$(clause "$RES" edge-now ttl)" info
  expect_eq "$impl edge-now judged" "$(field "$RES" edge-now .observed.ttl.judged)" "cannot judge now"
  contains "$impl edge-now reason" "$(clause_reason "$RES" edge-now ttl)" "deadline_ms: "
  expect_eq "$impl edge-wait waited" "$(field "$RES" edge-wait '.observed.ttl.waited_ms > 0')" true
  expect_eq "$impl edge-wait samples >= 2" "$(field "$RES" edge-wait '.observed.ttl.samples | length >= 2')" true
done

# 3. The TTL clause tells the implementations apart (RFC 6147 §5.1.7).
results commune-ready
expect_eq "unbound ttl (synthesized TTL = A TTL)" "$(clause "$RES" ttl ttl)" warn
expect_eq "unbound ttl verdict" "$(field "$RES" ttl '.verdict + " " + .rfc')" "warn RFC 6147 §5.1.7"
contains "unbound ttl reason" "$(field "$RES" ttl .reason)" "SOA MINIMUM 10"
expect_eq "unbound edge-wait ttl (after the refresh)" "$(clause "$RES" edge-wait ttl)" warn
expect_eq "secondary (BIND) asked by its own check" "$(field "$RES" ttl-secondary .addresses.resolver)" 2001:db8:53::3
expect_eq "secondary (BIND) ttl" "$(clause "$RES" ttl-secondary ttl)" pass
expect_eq "primary (unbound) recorded" "$(field "$RES" ttl .addresses.resolver)" 2001:db8:53::1
results commune-bind
expect_eq "BIND resolver" "$(field "$RES" ttl .addresses.resolver)" 2001:db8:53::3
expect_eq "BIND ttl (min(A TTL, negative TTL))" "$(clause "$RES" ttl ttl)" pass
expect_eq "BIND ttl verdict" "$(field "$RES" ttl .verdict)" pass
expect_eq "BIND edge-wait ttl (after the refresh)" "$(clause "$RES" edge-wait ttl)" pass

# 4. The wrong-prefix resolver.
results commune-brokendns64
expect_eq "broken exit" "$RC" 1
expect_eq "broken discovery" "$(field "$RES" discovery .verdict)" fail
expect_eq "broken discovery reason" "$(field "$RES" discovery .reason)" \
  "ipv4only.arpa. AAAA $(field "$RES" discovery '.observed.answers | join(", ")') gives 2001:db8:65::/96, expected 2001:db8:64::/96"
expect_eq "broken synth prefix" "$(clause "$RES" synth prefix)" fail
expect_eq "broken synth reason" "$(field "$RES" synth .reason)" \
  "AAAA 2001:db8:65::c000:20a is under 2001:db8:65::/96, expected 2001:db8:64::/96"
expect_eq "broken mapped" "$(field "$RES" mapped .verdict)/$(field "$RES" mapped .rfc)" "warn/RFC 6147 §5.1.4"
expect_eq "broken mapped_excluded" "$(clause "$RES" mapped mapped_excluded)" warn
expect_eq "broken native" "$(field "$RES" native .verdict)" pass
expect_eq "broken nx" "$(field "$RES" nx .verdict)" pass
expect_eq "broken empty" "$(clause "$RES" empty empty_kept)" pass
expect_eq "broken path" "$(field "$RES" path '.verdict + " " + .observed.path')" "skipped nat64 (unexpected prefix)"
echo "PASS"
