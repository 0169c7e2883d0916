#!/usr/bin/env bash
# The gate on real lab bundles: `service-gate` probed from commune-ready passes (exit 0), from
# commune-brokendns64 (DNS64 under the wrong prefix) it fails (exit 1) with the reason printed.
# Runs inside the `v6lab` fixture (lab.up / lab.down); this script never brings the lab up or down.
. "$(dirname "$0")/../lab/lib.sh"
: "${V6ANALYZE:?}" "${V6PROBE:?}" "${V6READY_SOURCE_DIR:?}" "${WORK:?}"
lab_require_up
D=$WORK/lab_gate; rm -rf "$D"; mkdir -p "$D"
SCEN=$V6READY_SOURCE_DIR/scenarios/service-gate.yaml
POLICY=$V6READY_SOURCE_DIR/scenarios/policy-service-gate.yaml

probe() {  # probe NODE SITE OUTDIR
  mkdir -p "$3"
  in_node "$1" "$V6PROBE" run "$SCEN" --site "$2" --out "$3" >"$3.log" 2>&1
  ls -d "$3"/*_*_* >/dev/null 2>&1 || { cat "$3.log" >&2; fail "$1: v6probe run wrote no bundle"; }
}

probe commune-ready province/district-a/commune-ready "$D/ready"
"$V6ANALYZE" gate --policy "$POLICY" --junit "$D/ready.xml" "$D/ready" >"$D/ready.out" 2>&1
rc=$?; cat "$D/ready.out"
[ "$rc" = 0 ] || fail "gate on commune-ready: exit $rc, want 0"
grep -q "PASS" "$D/ready.out" || fail "gate on commune-ready printed no PASS"
pass "gate holds on commune-ready"

probe commune-brokendns64 province/district-b/commune-brokendns64 "$D/broken"
"$V6ANALYZE" gate --policy "$POLICY" --junit "$D/broken.xml" "$D/broken" >"$D/broken.out" 2>&1
rc=$?; cat "$D/broken.out"
[ "$rc" = 1 ] || fail "gate on commune-brokendns64: exit $rc, want 1"
grep -q "FAIL" "$D/broken.out" || fail "gate on commune-brokendns64 printed no FAIL"
grep -q "commune-brokendns64" "$D/broken.out" || fail "the reason does not name the site"
[ -s "$D/broken.xml" ] || fail "no JUnit written"
pass "gate fails on commune-brokendns64 with the reason printed"
