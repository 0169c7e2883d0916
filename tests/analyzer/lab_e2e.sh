#!/usr/bin/env bash
# analyzer.lab.e2e — sweep every commune of the lab with `v6probe run scenarios/commune-full.yaml`,
# then `v6analyze analyze` the spool. Levels and plan verdicts as a person judges them
# (docs/findings-schema.md "Level rules"): commune-ready L3, meets the plan every year; dualstack L1,
# meets the 2026 plan (L1) but not 2027 (L2); brokendns64 and pmtu L0 "not ready: N services
# unreachable", below the plan, the reason in one line; commune-bind (BIND 9 DNS64) L3, meets the plan;
# commune-symmetric (NAT44 random-fully behind tayga) L2: commune-full runs nat64.mapping and
# nat64.udp_lifetime, and the shipped plan's l3_require_eim_mapping / l3_require_udp_lifetime hold L3
# back for its address-and-port-dependent mapping and its 30 s UDP mapping lifetime, so it meets the
# plan while the plan asks L1/L2 and is below it in 2029 (L3), the reason naming the mapping.
# The exit codes follow (1 with a site below the
# plan; 0 for commune-bind alone; 1 for commune-ready alone, which meets the plan but fails nat64.hairpin
# since tayga does not hairpin; 0 when the plan does not name the site). Each commune also names its
# fault in a finding, and one flipped byte makes verify fail.
# The communes are swept in parallel, as ci/demo.sh does (nat64.udp_lifetime idles for 2 minutes).
# Signed bundles: the sweep is signed with key A (v6probe keygen, run --sign-key); verify --keys A says
# signed-by-<A>; a result edited and the manifest regenerated is refused (bad signature); a bundle
# signed by key B is refused with --keys A (unknown signer); neither is admitted by --allow-unverified,
# which admits an unsigned (--no-sign) bundle only, flagged; `openssl` alone checks the signature.
# Env: V6PROBE, V6ANALYZE (binaries), SRC (repo root); lab env from v6ready_lab_test().
# The lab belongs to this test while it runs (ctest RESOURCE_LOCK v6lab); a user outside ctest serialises
# whole lab sessions with flock /tmp/v6ready-lab.lock around ctest, so this script takes no lock itself
# (taking it here deadlocked under such an outer flock).
source "$(dirname "$0")/../lab/lib.sh"
lab_require_up
: "${V6PROBE:?}" "${V6ANALYZE:?}" "${SRC:?}"
work=$(mktemp -d /tmp/v6r-analyzer-e2e.XXXXXX)
trap 'rm -rf "$work"' EXIT

"$V6PROBE" keygen --out "$work/keyA" >"$work/fprA" || fail "v6probe keygen A"
"$V6PROBE" keygen --out "$work/keyB" >"$work/fprB" || fail "v6probe keygen B"
[ "$(stat -c %a "$work/keyA/probe.key")" = 600 ] || fail "probe.key is not mode 0600"
mkdir -p "$work/trustA" && cp "$work/keyA/probe.pub" "$work/trustA/probe-a.pub"

nodes=$("$V6LAB" status --json | jq -r '.nodes[] | select(.role == "commune") | "\(.name) \(.site)"')
[ -n "$nodes" ] || fail "no commune nodes in v6lab status --json"
declare -A sweep_pid=()
while read -r node site; do
  echo "sweep: $node ($site)"
  "$V6LAB" exec "$node" -- "$V6PROBE" run "$SRC/scenarios/commune-full.yaml" \
      --site "$site" --out "$work/spool/$node" --sign-key "$work/keyA/probe.key" >"$work/$node.log" 2>&1 &
  sweep_pid[$node]=$!
done <<<"$nodes"
sweep_failed=""
for node in "${!sweep_pid[@]}"; do  # every probe is waited for before any failure ends the test
  wait "${sweep_pid[$node]}"
  rc=$?
  [ "$rc" -le 1 ] || { cat "$work/$node.log" >&2; sweep_failed+=" $node:$rc"; }
done
[ -z "$sweep_failed" ] || fail "v6probe run exited above 1 at (node:exit)$sweep_failed"

"$V6ANALYZE" analyze "$work/spool" --out "$work/out" --year 2029 --label e2e --plan "$SRC/scenarios/plan-2026-2030.yaml" \
  --keys "$work/trustA" \
    >"$work/terminal.out"
rc=$?
cat "$work/terminal.out"
[ "$rc" -le 1 ] || fail "v6analyze analyze exited $rc (want 0 or 1)"
F=$work/out/findings.json
# jq over the expanded form of a findings.json (the file is compact: tables, ranges; docs/findings-schema.md)
jqx() { "$V6ANALYZE" expand "${@: -1}" | jq "${@:1:$#-1}"; }
level() { jqx -r --arg s "$1" '.sites[] | select(.site | endswith($s)) | .level' "$F"; }
rules() { jqx -r --arg s "$1" '.sites[] | select(.site | endswith($s)) | .findings[].rule' "$F" | sort -u | tr '\n' ' '; }
for s in commune-ready commune-brokendns64 commune-pmtu commune-dualstack; do
  echo "level $s: $(level $s) — findings: $(rules $s)"
  jqx -r --arg s "$s" '.sites[] | select(.site | endswith($s)) | .level_reasons[]' "$F" | sed 's/^/    /'
done

# The probe records the scenario's expectations in run.json, and the analyzer judges against them.
for rj in "$work"/spool/*/*/run.json; do
  [ "$(jq -r '.expect.pref64' "$rj")" = "2001:db8:64::/96" ] || fail "$rj: expect.pref64 is not the scenario's"
done
[ "$(jqx -r '[.sites[].bundle.expected_pref64.source] | unique | join(",")' "$F")" = "scenario expect.pref64" ] ||
  fail "expected_pref64.source is not run.json's scenario expect.pref64"
pass "run.json carries expect.pref64; the analyzer uses it"

ready=$(level commune-ready)
# commune-full proves L3 (pref64 discovered, option 108, no IPv4 leakage, PMTU sane); L4 would need
# every service native, and the lab's services sit behind NAT64.
[ "$ready" = "L3" ] && pass "commune-ready is L3" || fail "commune-ready is '$ready', want L3"

# Level and plan verdict of each commune, per plan year (communes: L1 in 2026, L2 in 2027).
verdict() {  # verdict FINDINGS SITE-SUFFIX → "L3 meets"
  jqx -r --arg s "$2" '.sites[] | select(.site | endswith($s)) | "\(.level // "none") \(.plan_verdict)"' "$1"
}
summary() { jqx -r --arg s "$2" '.sites[] | select(.site | endswith($s)) | .level_summary' "$1"; }
for year in 2026 2027; do
  "$V6ANALYZE" analyze "$work/spool" --out "$work/out$year" --year "$year" -q \
      --plan "$SRC/scenarios/plan-2026-2030.yaml"
  rc=$?
  [ "$rc" -eq 1 ] || fail "analyze $year of the four communes exited $rc, want 1 (sites below the plan)"
  G=$work/out$year/findings.json
  [ "$year" = 2026 ] && dual="L1 meets" || dual="L1 below"
  # commune-bind: IPv6-only like commune-ready, DNS64 by BIND 9 (the second RFC 6147 implementation).
  for want in "commune-ready:L3 meets" "commune-dualstack:$dual" "commune-brokendns64:L0 below" \
              "commune-pmtu:L0 below" "commune-bind:L3 meets" "commune-symmetric:L2 meets"; do
    s=${want%%:*} w=${want#*:}
    got=$(verdict "$G" "$s")
    [ "$got" = "$w" ] || fail "$year $s: level/plan '$got', want '$w' ($(summary "$G" "$s"))"
    echo "  $year $s: $got — $(summary "$G" "$s")"
  done
  jqx -r '.sites[] | "  all \(.site): \(.level // "none") \(.plan_verdict) — \(.level_summary)"' "$G"
  pass "$year: ready and bind (BIND 9 DNS64) L3 meet, symmetric L2 meets, dualstack $dual, brokendns64 and pmtu L0 below"
done
# 2029 asks L3 of a commune: the symmetric NAT64 is below it, for its mapping and UDP lifetime (the plan's
# real-time rules), while commune-ready and commune-bind, whose NAT64 maps endpoint-independently, meet
# it. Their UDP lifetime is shown: tayga (and commune-bind's 1:1 NAT44) keep the node's port, so asking
# again from the same port could not tell a survival from a mapping made anew, but the STUN server's
# RESPONSE-PORT answer (RFC 5780 §4.6) still reaches each mapping after 125 s idle: pass, and nothing is
# "granted without"; commune-symmetric's 30 s expiry fails.
for want in "commune-ready:L3 meets" "commune-bind:L3 meets" "commune-symmetric:L2 below"; do
  s=${want%%:*} w=${want#*:}
  got=$(verdict "$F" "$s")
  [ "$got" = "$w" ] || fail "2029 $s: level/plan '$got', want '$w' ($(summary "$F" "$s"))"
done
sym_reasons=$(jqx -r '.sites[] | select(.site | endswith("commune-symmetric")) | .level_reasons[]' "$F")
grep -qi "mapping" <<<"$sym_reasons" || fail "commune-symmetric's level reasons do not name its NAT64 mapping: $sym_reasons"
grep -qi "lifetime\|2 min" <<<"$sym_reasons" || fail "commune-symmetric's level reasons do not name its UDP mapping lifetime: $sym_reasons"
for s in commune-ready commune-bind; do
  reasons=$(jqx -r --arg s "$s" '.sites[] | select(.site | endswith($s)) | .level_reasons[]' "$F")
  without=$(grep "granted without" <<<"$reasons" || true)
  ! grep -q "UDP mapping lifetime" <<<"$without" || fail "$s: the UDP lifetime was not judged: $reasons"
  ! grep -q "endpoint-independent" <<<"$without" || fail "$s: the mapping was not judged: $reasons"
  ul=$(jqx -r --arg s "$s" '.sites[] | select(.site | endswith($s)) | .checks[] | select(.check_id == "nat64.udp_lifetime") | .verdict' "$F")
  [ "$ul" = pass ] || fail "$s: nat64.udp_lifetime is '$ul', want pass (RESPONSE-PORT answers after 125 s idle)"
done
sym_ul=$(jqx -r '.sites[] | select(.site | endswith("commune-symmetric")) | .checks[] | select(.check_id == "nat64.udp_lifetime") | .verdict' "$F")
[ "$sym_ul" = fail ] || fail "commune-symmetric: nat64.udp_lifetime is '$sym_ul', want fail"
pass "2029 (L3): ready and bind meet (UDP lifetime >= 2 min shown by RESPONSE-PORT behind their port-keeping NAT64); symmetric is L2 below, its reasons name the mapping and the UDP lifetime (fail)"
G=$work/out2026/findings.json
for s in commune-brokendns64 commune-pmtu; do
  sum=$(summary "$G" "$s")
  re='^not ready: [0-9]+ services? unreachable \('
  [[ "$sum" =~ $re ]] || fail "$s: summary '$sum' is not 'not ready: N services unreachable (...)'"
  reason=$(jqx -r --arg s "$s" '.sites[] | select(.site | endswith($s)) | .plan_reason' "$G")
  [ "$reason" = "below the plan: L0, the plan requires L1" ] || fail "$s: plan reason '$reason'"
  [ "$(printf '%s' "$sum$reason" | wc -l)" -eq 0 ] || fail "$s: the reason is not one line"
done
mode=$(jqx -r '.sites[] | select(.site | endswith("commune-brokendns64")) | .access.mode' "$G")
[ "$mode" = "ipv6-only" ] || fail "brokendns64 access mode '$mode', want ipv6-only (never dual-stack)"
# Every site is counted once in the roll-up (other communes may join the lab: no fixed totals here).
jqx -e '(.rollup.plan | .meets + .below + .not_assessed + .not_in_plan) == (.sites | length)' "$G" >/dev/null ||
  fail "2026 roll-up: $(jqx -c .rollup.plan "$G") for $(jqx '.sites | length' "$G") sites"
pass "not ready: the reason in one line; brokendns64 is IPv6-only; roll-up $(jqx -c .rollup.plan "$G")"
# Every site shows its coverage table: which checks prove each rung.
jqx -e '[.sites[] | .coverage | length > 0] | all' "$G" >/dev/null || fail "a site without a coverage table"

# Exit codes: commune-bind alone meets the plan with no fail finding (0); commune-ready alone meets it
# too, but its one fail finding, nat64.hairpin (tayga 0.9.2 does not hairpin, RFC 4787 REQ-9), makes it
# 1; under a plan that names no class for its path commune-bind is "not in the plan", which does not
# fail the sweep either (0).
fails() { jqx -c '[.sites[].findings[] | select(.severity == "fail") | .rule]' "$1"; }
"$V6ANALYZE" analyze "$work/spool/commune-bind" --out "$work/out-bind" --year 2026 -q \
    --plan "$SRC/scenarios/plan-2026-2030.yaml"
rc=$?
[ "$rc" -eq 0 ] || fail "analyze of commune-bind alone exited $rc, want 0 ($(fails "$work/out-bind/findings.json"))"
"$V6ANALYZE" analyze "$work/spool/commune-ready" --out "$work/out-ready" --year 2026 -q \
    --plan "$SRC/scenarios/plan-2026-2030.yaml"
rc=$?
[ "$rc" -eq 1 ] || fail "analyze of commune-ready alone exited $rc, want 1 (its hairpinning fails)"
[ "$(fails "$work/out-ready/findings.json")" = '["nat64.hairpin"]' ] ||
  fail "commune-ready's fail findings: $(fails "$work/out-ready/findings.json"), want only nat64.hairpin"
[ "$(verdict "$work/out-ready/findings.json" commune-ready)" = "L3 meets" ] ||
  fail "commune-ready alone: $(verdict "$work/out-ready/findings.json" commune-ready), want 'L3 meets'"
sed 's|match: "province/\*/\*"|match: "elsewhere/*/*"|' "$SRC/scenarios/plan-2026-2030.yaml" >"$work/plan-elsewhere.yaml"
"$V6ANALYZE" analyze "$work/spool/commune-bind" --out "$work/out-nip" --year 2026 -q --plan "$work/plan-elsewhere.yaml"
rc=$?
[ "$rc" -eq 0 ] || fail "analyze with a plan that does not name the site exited $rc, want 0"
[ "$(verdict "$work/out-nip/findings.json" commune-bind)" = "L3 not_in_plan" ] ||
  fail "commune-bind under another plan: $(verdict "$work/out-nip/findings.json" commune-bind), want 'L3 not_in_plan'"
pass "exit codes: the sweep 1, commune-bind alone 0, commune-ready alone 1 (nat64.hairpin) and L3 meets, not in the plan 0"
r=$(rules commune-brokendns64)
[[ "$r" == *dns64.unexpected_prefix* || "$r" == *dns64.synthesis* || "$r" == *dns64.discovery* ]] ||
  fail "brokendns64 has no dns64 finding (got: $r)"
pass "brokendns64 names its fault: $r"
# Its findings' frames in one line each (docs/findings-schema.md "Frame summaries"): a DNS finding's first
# frame is a DNS line of a lab name, and every line has tshark's time, addresses and protocol.
ln=$(jqx -r '.sites[] | select(.site | endswith("commune-brokendns64")) | . as $s
  | [.findings[] | select(.rule | startswith("dns64.")) | .evidence.frames[0] // empty] as $f
  | .frame_summaries[]? | select(.frame as $n | $f | index($n)) | select(.what | startswith("dns_"))
  | "\(.frame) \(.args[1])"' "$F" | head -1)
[[ "$ln" == *" ipv4only.arpa." || "$ln" == *.lab.test. ]] ||
  fail "brokendns64: no DNS line for a dns64 finding's first frame (got '$ln')"
if command -v tshark >/dev/null 2>&1; then
  n=0
  while IFS=$'\t' read -r path frame time src dst what; do
    IFS=$'\t' read -r t_time t_src t_dst t_proto < <(tshark -n -r "$path/capture.pcapng" -Y "frame.number == $frame" \
      -T fields -e frame.time_relative -e _ws.col.Source -e _ws.col.Destination -e _ws.col.Protocol 2>/dev/null)
    awk -v a="$time" -v b="$t_time" 'BEGIN { d = a - b; exit !(d < 0.0000006 && d > -0.0000006) }' &&
      [ "$src" = "$t_src" ] && [ "$dst" = "$t_dst" ] &&
      { [[ $what != dns_* ]] || [ "$t_proto" = DNS ]; } && { [[ $what != tcp* ]] || [ "$t_proto" = TCP ]; } ||
      fail "frame $frame of $path: '$time $src → $dst $what', tshark '$t_time $t_src → $t_dst $t_proto'"
    n=$((n + 1))
  done < <(jqx -r '.sites[] | .bundle.path as $p | .frame_summaries[]? | [$p, .frame, .time, .src, .dst, .what] | @tsv' "$F")
  [ "$n" -gt 0 ] || fail "no frame line in the sweep"
  pass "frame lines: brokendns64's dns64 finding shows '$ln'; $n lines agree with tshark"
fi
# For measuring findings.json by hand (sizes, gen_national templates): V6READY_E2E_KEEP=DIR keeps it.
if [ -n "${V6READY_E2E_KEEP:-}" ]; then cp "$F" "$V6READY_E2E_KEEP/findings.json"; fi
r=$(rules commune-pmtu)
[[ "$r" == *pmtu.* || "$r" == *nat64.pmtu* ]] || fail "commune-pmtu has no PMTU finding (got: $r)"
pass "commune-pmtu names its fault: $r"
r=$(rules commune-dualstack)
# v6only.leak fails deterministically (IPv4 default route and address); IPv4 frames in the capture
# depend on whether ARP happened during the run, so either finding names the fault.
[[ "$r" == *v6only.leak* || "$r" == *v6only.ipv4_frames* ]] ||
  fail "commune-dualstack has no IPv4 leakage finding (got: $r)"
pass "commune-dualstack shows IPv4 leakage"

jqx -e --arg k "$(cat "$work/fprA")" '(.sites | length) as $n | $n > 0 and ([.sites[].bundle.signature | select(.status == "signed" and .key == $k)] | length) == $n' "$F" >/dev/null ||
  fail "not every site is signed by key A: $(jqx -c '[.sites[].bundle.signature]' "$F")"
pass "every site's bundle is signed by key A"

# Every check of every commune cites exactly the frames tshark finds for its own flows and DNS ids
# (tests/probe/lab_evidence.py), nat64.pmtu and the Happy Eyeballs check included.
"$V6ANALYZE" expand "$F" -o "$work/out/expanded.json" || fail "v6analyze expand"
for b in "$work"/spool/*/*/; do
  [ -f "$b/results.jsonl" ] || continue
  python3 "$SRC/tests/probe/lab_evidence.py" "$b" "$work/out/expanded.json" >"$work/evidence.out" 2>&1 ||
    { cat "$work/evidence.out"; fail "$(basename "$b"): cited frames differ from tshark's (above)"; }
  grep -E '^ok: (nat64.pmtu|dualstack.happy_eyeballs) ' "$work/evidence.out" | sed "s|^|  $(basename "$(dirname "$b")"): |"
done
pass "every commune: each check cites exactly its own frames (tshark agrees)"

# Happy Eyeballs to brokenv6.lab.test sends SYNs to an address that never answers, on purpose: on the
# healthy commune they are attributed to the check (capture.provoked), not a tcp.handshake_failed warning.
r=$(rules commune-ready)
[[ "$r" != *tcp.handshake_failed* ]] || fail "commune-ready warns tcp.handshake_failed: $(jqx -c '.sites[] |
  select(.site | endswith("commune-ready")) | .findings[] | select(.rule == "tcp.handshake_failed")' "$F")"
jqx -e '.sites[] | select(.site | endswith("commune-ready")) | .findings[] |
  select(.rule == "capture.provoked" and .check_id == "dualstack.happy_eyeballs" and .severity == "info")' "$F" \
  >/dev/null || fail "commune-ready: the Happy Eyeballs check's deliberate SYNs are not attributed to it"
pass "commune-ready: the Happy Eyeballs broken-target SYNs are the check's (capture.provoked), no warning"

# Root causes (docs/findings-schema.md "Root causes"): brokendns64's symptoms under "DNS64 under the wrong
# prefix" (not its ::ffff: warning, another clause), and nothing grouped on the healthy commune; the
# terminal shows each cause first with its findings under it. commune-pmtu is not grouped: its one
# failing check (nat64.pmtu) names the black hole itself, and the probe's capture cannot show it (the
# server's full-size segments are dropped behind NAT64, before they reach the probe; no retransmission of
# a full-size segment is in the capture): a root cause there would be a guess.
causes() { jqx -c --arg s "$1" '[.sites[] | select(.site | endswith($s)) | .root_causes // [] | .[] | {cause, checks}]' "$F"; }
c=$(causes commune-brokendns64)
jq -e 'length == 1 and .[0].cause == "wrong_pref64" and (.[0].checks | index("dns64.synth.v4only") and
       index("service.tcp.v4only") and (index("dns64.synth.mapped") | not))' <<<"$c" >/dev/null ||
  fail "brokendns64 root causes: $c (want wrong_pref64 over dns64.synth.v4only and service.tcp.v4only, not the mapped check)"
c=$(causes commune-pmtu)
[ "$c" = "[]" ] || fail "commune-pmtu root causes: $c (want none: the capture does not show the black hole)"
jqx -e '.sites[] | select(.site | endswith("commune-pmtu")) | .findings[] |
       select(.rule == "nat64.pmtu" and .severity == "fail" and (.explanation | test("black hole")))' "$F" \
  >/dev/null || fail "commune-pmtu: nat64.pmtu's own finding does not name the black hole"
[ "$(causes commune-ready)" = "[]" ] || fail "commune-ready has root causes: $(causes commune-ready)"
python3 - "$work/terminal.out" <<'PY' || fail "the terminal output does not show brokendns64's cause first (above)"
import sys
lines = open(sys.argv[1]).read().splitlines()
site = [i for i, l in enumerate(lines) if l.startswith("  ") and "commune-brokendns64" in l.split()[0]]
assert len(site) == 1, f"brokendns64 site line: {site}"
body = []
for l in lines[site[0] + 1:]:
    if not l.startswith("      "):
        break
    body.append(l)
cause = [i for i, l in enumerate(body) if l.startswith("      cause (fail): DNS64 synthesizes under the wrong prefix")]
assert len(cause) == 1, "no cause line for brokendns64:\n" + "\n".join(body)
under = [l for l in body[cause[0] + 1:] if l.startswith("        ")]
assert any("service.tcp" in l for l in under) and any("dns64.synthesis" in l for l in under), \
    "the symptoms are not under the cause:\n" + "\n".join(body)
later = [l for l in body if l.startswith("      fail service.tcp") or l.startswith("      fail dns64.discovery")]
assert not later, f"folded symptoms shown again: {later}"
print("ok: brokendns64 shows its cause first, " + str(len(under)) + " line(s) under it")
PY
pass "root causes: brokendns64 wrong_pref64; none on commune-ready, none on commune-pmtu (nat64.pmtu names it); terminal folds them"

b=$(find "$work/spool/commune-ready" -mindepth 1 -maxdepth 1 -type d ! -name '.*' | head -1)
out=$("$V6ANALYZE" verify --keys "$work/trustA" "$b") || fail "verify --keys A fails on an untouched bundle: $out"
[[ "$out" == *"OK (signed-by-$(cat "$work/fprA"), verified)"* ]] || fail "verify does not say signed-by-<A>: $out"
pass "verify --keys A: $out"
# The auditor's check with openssl alone (docs/auditor-guide.md).
openssl pkeyutl -verify -pubin -inkey "$work/trustA/probe-a.pub" -rawin -in "$b/MANIFEST.sha256" \
  -sigfile "$b/MANIFEST.sig" >/dev/null || fail "openssl does not verify MANIFEST.sig with key A"
[ "$(openssl pkey -pubin -in "$b/signer.pub" -outform DER | tail -c 32 | sha256sum | cut -d' ' -f1)" = "$(cat "$work/fprA")" ] ||
  fail "the openssl fingerprint of signer.pub is not key A's"
pass "openssl verifies the signature and the fingerprint"
# Key B: refused when only A is trusted.
node_ready=$(awk '$2 ~ /commune-ready$/ {print $1}' <<<"$nodes")
site_ready=$(awk '$2 ~ /commune-ready$/ {print $2}' <<<"$nodes")
"$V6LAB" exec "$node_ready" -- "$V6PROBE" run "$SRC/scenarios/commune-baseline.yaml" --site "$site_ready" \
  --out "$work/spoolB" --sign-key "$work/keyB/probe.key" >"$work/B.log" 2>&1
[ $? -le 1 ] || { cat "$work/B.log" >&2; fail "v6probe run with key B"; }
bB=$(find "$work/spoolB" -mindepth 1 -maxdepth 1 -type d ! -name '.*' | head -1)
out=$("$V6ANALYZE" verify --keys "$work/trustA" "$bB")
[ $? -eq 1 ] || fail "a bundle signed by key B verifies with --keys A: $out"
[[ "$out" == *"$(cat "$work/fprB")"* ]] || fail "verify does not name key B: $out"
[[ "$out" == *"unknown signer $(cat "$work/fprB")"* ]] || fail "verify does not say unknown signer: $out"
for allow in "" --allow-unverified; do
  "$V6ANALYZE" analyze "$bB" --keys "$work/trustA" --out "$work/outB" -q $allow
  [ $? -eq 1 ] || fail "analyze --keys A $allow of a bundle signed by key B should refuse it (exit 1)"
  jqx -e '(.sites | length) == 0 and .sweep.refused' "$work/outB/findings.json" >/dev/null ||
    fail "analyze --keys A $allow admitted the bundle signed by key B"
done
# Without any trusted keys the same bundle is admitted as "unknown signer", never as verified.
out=$("$V6ANALYZE" verify "$bB") || fail "verify without keys refused an intact bundle signed by B: $out"
[[ "$out" == *"unknown signer"*"not verified"* ]] || fail "verify without keys does not say unknown signer: $out"
pass "a bundle signed by key B is refused with --keys A, also with --allow-unverified; unknown signer without keys"
# An unsigned bundle (--no-sign) with --keys A: refused; --allow-unverified admits it, flagged unsigned.
"$V6LAB" exec "$node_ready" -- "$V6PROBE" run "$SRC/scenarios/commune-baseline.yaml" --site "$site_ready" \
  --out "$work/spoolU" --no-sign >"$work/U.log" 2>&1
[ $? -le 1 ] || { cat "$work/U.log" >&2; fail "v6probe run --no-sign"; }
bU=$(find "$work/spoolU" -mindepth 1 -maxdepth 1 -type d ! -name '.*' | head -1)
[ ! -e "$bU/MANIFEST.sig" ] || fail "v6probe run --no-sign wrote MANIFEST.sig"
"$V6ANALYZE" analyze "$bU" --keys "$work/trustA" --out "$work/outU" -q
[ $? -eq 1 ] || fail "analyze --keys A of an unsigned bundle should refuse it (exit 1)"
jqx -e '(.sites | length) == 0' "$work/outU/findings.json" >/dev/null || fail "unsigned bundle admitted under --keys"
"$V6ANALYZE" analyze "$bU" --keys "$work/trustA" --out "$work/outU2" -q --allow-unverified
[ $? -eq 1 ] || fail "analyze --allow-unverified of an unsigned bundle under --keys: want exit 1 (bundle.unverified)"
jqx -e '.sites[0].bundle.signature.status == "unsigned" and .sites[0].bundle.verified == false and
       ([.sites[0].findings[] | select(.rule == "bundle.unverified")] | length) == 1' "$work/outU2/findings.json" >/dev/null ||
  fail "unsigned bundle under --allow-unverified not flagged: $(jqx -c '.sites[0].bundle' "$work/outU2/findings.json")"
"$V6ANALYZE" report "$work/outU2/findings.json" --out "$work/repU" --format html,md >/dev/null ||
  fail "v6analyze report of the unsigned sweep"
grep -q "unsigned (not verified)" "$work/repU/report.html" || fail "report.html does not flag the unsigned bundle"
grep -q "unsigned (not verified)" "$work/repU/summary.md" || fail "summary.md does not flag the unsigned bundle"
pass "an unsigned bundle is refused with --keys, admitted by --allow-unverified and flagged unsigned"
# The gate's require_signed over the real bundles: signed by trusted key A holds (0); signed by B with no
# trusted keys (unknown signer) and unsigned (admitted by --allow-unverified) fail (1), each with its reason.
printf 'name: signed\nmin_level: L0\nrequire_signed: true\n' >"$work/signed.yaml"
"$V6ANALYZE" gate --policy "$work/signed.yaml" --keys "$work/trustA" --junit "" "$b" >"$work/gate-A.out" 2>&1
[ $? -eq 0 ] || { cat "$work/gate-A.out"; fail "gate require_signed over a bundle signed by trusted key A: want 0"; }
"$V6ANALYZE" gate --policy "$work/signed.yaml" --junit "" "$bB" >"$work/gate-B.out" 2>&1
[ $? -eq 1 ] || { cat "$work/gate-B.out"; fail "gate require_signed over a bundle of an untrusted key: want 1"; }
tr '\n' ' ' <"$work/gate-B.out" | tr -s ' ' | grep -q "require_signed .*is signed by key .*which is not a trusted key" ||
  { cat "$work/gate-B.out"; fail "gate require_signed: no 'not a trusted key' reason"; }
"$V6ANALYZE" gate --policy "$work/signed.yaml" --keys "$work/trustA" --allow-unverified --junit "" "$bU" >"$work/gate-U.out" 2>&1
[ $? -eq 1 ] || { cat "$work/gate-U.out"; fail "gate require_signed over an unsigned bundle: want 1"; }
tr '\n' ' ' <"$work/gate-U.out" | tr -s ' ' | grep -q "require_signed .*is not signed (no MANIFEST.sig)" ||
  { cat "$work/gate-U.out"; fail "gate require_signed: no 'not signed' reason"; }
pass "gate require_signed: signed by a trusted key 0; untrusted key 1; unsigned (even --allow-unverified) 1"
# A result edited (its verdict turned) and the manifest regenerated: the signature no longer matches.
cp -r "$b" "$work/forged" && f=$work/forged
sed -i '1{s/"verdict":"pass"/"verdict":"fail"/;t;s/"verdict":"[a-z]*"/"verdict":"pass"/}' "$f/results.jsonl"
(cd "$f" && sha256sum capture.pcapng results.jsonl run.json scenario.yaml signer.pub >MANIFEST.sha256)
(cd "$f" && sha256sum -c --quiet MANIFEST.sha256) || fail "the forged bundle's regenerated manifest should match its files"
cmp -s "$b/results.jsonl" "$f/results.jsonl" && fail "the forgery changed no result"
out=$("$V6ANALYZE" verify --keys "$work/trustA" "$f")
[ $? -eq 1 ] || fail "a forged bundle with a regenerated manifest verifies: $out"
[[ "$out" == *"bad signature"* ]] || fail "verify does not say bad signature: $out"
for allow in "" --allow-unverified; do
  "$V6ANALYZE" analyze "$f" --keys "$work/trustA" --out "$work/outF" -q $allow
  [ $? -eq 1 ] || fail "analyze $allow of the forged bundle should refuse it (exit 1)"
  jqx -e '(.sites | length) == 0' "$work/outF/findings.json" >/dev/null || fail "analyze $allow admitted the forged bundle"
done
pass "an edited result with a regenerated manifest is refused: $out"

"$V6ANALYZE" verify "$b" || fail "verify fails on an untouched bundle"
printf '\x00' | dd of="$b/results.jsonl" bs=1 seek=20 conv=notrunc status=none
out=$("$V6ANALYZE" verify "$b")
rc=$?
[ "$rc" -eq 1 ] || fail "verify after a flipped byte exited $rc, want 1"
[[ "$out" == *results.jsonl* ]] || fail "verify did not name results.jsonl: $out"
pass "verify names the tampered file"
"$V6ANALYZE" analyze "$b" --out "$work/out2" -q
[ $? -eq 1 ] || fail "analyze of a tampered bundle should refuse it (exit 1)"
jqx -e '.problems[0].message | test("refused")' "$work/out2/findings.json" >/dev/null || fail "refusal not in the report"
pass "tampered bundle refused without --allow-unverified"
# The same (signed) bundle with --allow-unverified: a signed bundle changed after signing is never admitted.
"$V6ANALYZE" analyze "$b" --out "$work/out3" -q --allow-unverified
[ $? -eq 1 ] || fail "analyze --allow-unverified of a tampered signed bundle should refuse it (exit 1)"
jqx -e '(.sites | length) == 0 and (.problems[0].message | test("changed after it was signed"))' \
  "$work/out3/findings.json" >/dev/null || fail "a tampered signed bundle was admitted by --allow-unverified"
pass "tampered signed bundle refused also with --allow-unverified"
