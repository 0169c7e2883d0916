#!/usr/bin/env bash
# shipped_scenarios.sh — the scenarios shipped in scenarios/ are valid, and the main job's sweep carries
# the real-time checks (issue 19: commune-realtime.yaml "added to the main job's sweep, capacity checks
# off there"):
#  - every scenarios/*.yaml with a `checks:` key passes `v6probe check` (plans and policies are not
#    scenarios; the analyzer's tests read those);
#  - every check kind of commune-realtime.yaml is in the scenario ci/demo.sh sweeps by default
#    (commune-full.yaml: one scenario per commune run, so the real-time checks are in it rather than a
#    second run of their own), and no capacity kind is (they load the network: opt-in,
#    commune-capacity.yaml).
#   tests/deploy/shipped_scenarios.sh V6PROBE
set -uo pipefail
export LC_ALL=C  # comm(1) and python sort alike
probe=${1:?usage: shipped_scenarios.sh V6PROBE}
repo=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }
n=0
for f in "$repo"/scenarios/*.yaml; do
  grep -q '^checks:' "$f" || continue
  out=$("$probe" check "$f" 2>&1) || fail "$(basename "$f") is not valid: $out"
  n=$((n + 1))
done
[ "$n" -ge 5 ] || fail "only $n scenarios found in scenarios/"
echo "ok: $n shipped scenarios pass v6probe check"

sweep=$(sed -n 's/^ *for s in \(scenarios\/[^ ;]*\).*/\1/p' "$repo/ci/demo.sh")
[ "$sweep" = scenarios/commune-full.yaml ] || fail "ci/demo.sh's default scenario is '$sweep', not scenarios/commune-full.yaml"
kinds() { python3 -c 'import sys, yaml; print("\n".join(sorted({c["kind"] for c in yaml.safe_load(open(sys.argv[1]))["checks"]})))' "$1"; }
missing=$(comm -23 <(kinds "$repo/scenarios/commune-realtime.yaml") <(kinds "$repo/$sweep"))
[ -z "$missing" ] || fail "the main sweep ($sweep) lacks the real-time kinds: $missing"
rt=$(kinds "$repo/scenarios/commune-realtime.yaml" | wc -l)
[ "$rt" -ge 7 ] || fail "commune-realtime.yaml has only $rt kinds"
echo "ok: the main sweep ($sweep) runs all $rt kinds of commune-realtime.yaml"
cap=$(kinds "$repo/$sweep" | grep '\.capacity$' || true)
[ -z "$cap" ] || fail "the main sweep runs capacity kinds: $cap"
echo "ok: no capacity kind in the main sweep"
