#!/usr/bin/env bash
# ship_test.sh — store-and-forward of probes/deploy/v6ready-ship, locally (no SSH, no network):
# real bundles from `v6probe run --no-capture` (loopback only) in a spool, plus an unfinished .tmp run;
#   1. uplink down (rsync's remote shell fails)    → exit 1, every bundle kept in the spool;
#   2. destination reachable (a local directory)   → exit 0, bundles moved to DEST/<site>/,
#      `v6analyze verify` passes on the destination, the .tmp run is never shipped;
#   3. a half-shipped bundle (run.json not yet sent) is invisible to `v6analyze analyze`.
# Usage: ship_test.sh V6PROBE V6ANALYZE
set -uo pipefail
probe=${1:?V6PROBE} analyze=${2:?V6ANALYZE}
repo=$(cd "$(dirname "$0")/../.." && pwd)
ship=$repo/probes/deploy/v6ready-ship
. "$(dirname "$0")/lib.sh"
command -v rsync >/dev/null || fail "rsync is not installed (apt-get install rsync; ci/bootstrap.sh)"

work=$(mktemp -d)
trap 'loopback_stop; rm -rf "$work"' EXIT
spool=$work/spool central=$work/central
mkdir -p "$spool" "$central"
loopback_scenario "$work"
for site in test/district-x/commune-a test/district-x/commune-a test/district-y/commune-b; do
  "$probe" run "$work/lo.yaml" --site "$site" --out "$spool" --no-capture --quiet >/dev/null
  [ $? -le 1 ] || fail "v6probe run for $site"
  sleep 1  # distinct UTC second in the bundle name
done
mkdir "$spool/.test.district-x.commune-a_20261123T000000Z_deadbeef.tmp"
echo partial >"$spool/.test.district-x.commune-a_20261123T000000Z_deadbeef.tmp/results.jsonl"
n=$(find "$spool" -mindepth 1 -maxdepth 1 -type d -name 'test.*' | wc -l)
[ "$n" = 3 ] || fail "expected 3 bundles in the spool, got $n"

# 1. Uplink down: the remote shell cannot connect (as ssh would fail).
rc=0
V6READY_SPOOL=$spool V6READY_DEST=central.invalid:/srv/v6ready/spool V6READY_SSH=false "$ship" \
  >"$work/down.log" 2>&1 || rc=$?
cat "$work/down.log"
[ "$rc" = 1 ] || fail "uplink down: exit $rc, want 1"
n=$(find "$spool" -mindepth 1 -maxdepth 1 -type d -name 'test.*' | wc -l)
[ "$n" = 3 ] || fail "uplink down: $n bundles left in the spool, want 3"
"$analyze" verify --quiet "$spool" || fail "uplink down: bundles in the spool no longer verify"
pass "uplink down: exit 1, all 3 bundles kept and intact"

# 2. Uplink back.
V6READY_SPOOL=$spool V6READY_DEST=$central "$ship" || fail "uplink up: v6ready-ship failed"
n=$(find "$spool" -mindepth 1 -maxdepth 1 -type d -name 'test.*' | wc -l)
[ "$n" = 0 ] || fail "uplink up: $n bundles still in the spool"
[ -d "$spool/.test.district-x.commune-a_20261123T000000Z_deadbeef.tmp" ] || fail "the .tmp run was touched"
[ "$(ls "$central/test.district-x.commune-a" | wc -l)" = 2 ] || fail "central: want 2 bundles of commune-a"
[ "$(ls "$central/test.district-y.commune-b" | wc -l)" = 1 ] || fail "central: want 1 bundle of commune-b"
find "$central" -name '*.tmp' | grep >/dev/null . && fail "central: a .tmp run was shipped"
"$analyze" verify "$central" || fail "central: v6analyze verify failed"
pass "uplink up: 3 bundles moved to DEST/<site>/, spool empty except the .tmp run, verify passes"
V6READY_SPOOL=$spool V6READY_DEST=$central "$ship" | grep >/dev/null 'no finished bundles' \
  || fail "second run should find nothing to send"
pass "nothing left to send"

# 3. A bundle whose run.json and MANIFEST.sha256 have not arrived yet (pass 1 of 2) is skipped by the
#    analyzer, which says so; with its manifest but no run.json it would be a broken bundle (partial).
half=$central/test.district-z.commune-c/test.district-z.commune-c_20261123T000000Z_0badf00d
mkdir -p "$half"
cp "$(find "$central/test.district-y.commune-b" -name results.jsonl | head -n1)" "$half/"
rc=0
"$analyze" analyze "$central" --out "$work/sweep" --quiet 2>"$work/sweep.err" || rc=$?
[ "$rc" -le 1 ] || fail "analyze of the central spool: exit $rc"
grep >/dev/null 'skipping .*0badf00d: no run.json or MANIFEST.sha256 yet' "$work/sweep.err" ||
  fail "the half-shipped bundle was not reported as skipped: $(cat "$work/sweep.err")"
sites=$(python3 -c 'import json,sys; print(" ".join(sorted(s["site"] for s in json.load(open(sys.argv[1]))["sites"])))' \
  "$work/sweep/findings.json")
[ "$sites" = "test/district-x/commune-a test/district-y/commune-b" ] || fail "sweep sites: '$sites'"
pass "central spool sweep: 2 sites (newest bundle each); the half-shipped bundle is ignored"
