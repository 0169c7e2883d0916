#!/usr/bin/env bash
# textfile_test.sh — probes/deploy/v6probe-textfile writes the node's latest results for node_exporter's
# textfile collector atomically: v6ready-<site>.prom with the reports' metric names, no temp file left.
# Usage: textfile_test.sh V6PROBE V6ANALYZE
set -uo pipefail
probe=${1:?V6PROBE} analyze=${2:?V6ANALYZE}
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
trap 'loopback_stop; rm -rf "$work"' EXIT
mkdir -p "$work/spool" "$work/textfile"
loopback_scenario "$work"
"$probe" run "$work/lo.yaml" --site test/district-x/commune-a --out "$work/spool" --no-capture --quiet >/dev/null
export V6READY_SPOOL=$work/spool TEXTFILE_DIR=$work/textfile V6ANALYZE=$analyze
export V6READY_PLAN=$repo/scenarios/plan-2026-2030.yaml SITE=test/district-x/commune-a
"$repo/probes/deploy/v6probe-textfile" || fail "v6probe-textfile failed"
f=$work/textfile/v6ready-test.district-x.commune-a.prom
[ -s "$f" ] || fail "no $f"
for m in v6ready_site_level v6ready_site_plan_verdict v6ready_check_result v6ready_site_findings \
         v6ready_site_last_run_timestamp_seconds v6ready_check_success v6ready_check_duration_seconds; do
  grep -q "^$m" "$f" || fail "$m missing from $f"
done
# No class of the plan matches test/*/*: the site is "not in the plan", counted apart, with no
# meets_plan sample (which would count it among the sites that do not meet the plan).
grep -q '^v6ready_site_plan_verdict{site="test/district-x/commune-a",verdict="not_in_plan"} 1$' "$f" \
  || fail "plan verdict line missing: $(grep plan_verdict "$f")"
grep -q '^v6ready_site_meets_plan{' "$f" && fail "a site not in the plan has a meets_plan sample"
grep -q '^# TYPE v6ready_site_meets_plan gauge$' "$f" || fail "v6ready_site_meets_plan family missing"
grep -q '^v6ready_check_result{site="test/district-x/commune-a",check_id="lo.tcp",kind="service.tcp",verdict="pass"} 1$' "$f" \
  || fail "check_result line for lo.tcp missing: $(grep check_result "$f")"
[ "$(ls -A "$work/textfile")" = "v6ready-test.district-x.commune-a.prom" ] || fail "temp files left: $(ls -A "$work/textfile")"
pass "textfile: $(wc -l <"$f") lines, metric names as in reports/prometheus.cpp, atomic (no temp file left)"
# No collector dir / no analyzer: a quiet no-op (the unit's ExecStartPost must not fail the run).
TEXTFILE_DIR=$work/none "$repo/probes/deploy/v6probe-textfile" >/dev/null || fail "missing dir should be a no-op"
# A path under the test's own directory: /nonexistent can exist on a machine (it once did here).
V6ANALYZE=$work/no-v6analyze "$repo/probes/deploy/v6probe-textfile" >/dev/null || fail "missing v6analyze should be a no-op"
V6ANALYZE=$work "$repo/probes/deploy/v6probe-textfile" >/dev/null || fail "a directory as v6analyze should be a no-op"
pass "no collector directory / no v6analyze (missing, or a directory): exit 0, nothing written"
# The Grafana dashboard only uses metric names the report writes (docs/grafana-dashboard.json).
for m in $(grep -o 'v6ready_[a-z_]*' "$repo/docs/grafana-dashboard.json" | sort -u); do
  grep -q "^# TYPE $m gauge" "$f" || fail "docs/grafana-dashboard.json uses $m, which v6analyze report --format prom does not write"
done
python3 -m json.tool "$repo/docs/grafana-dashboard.json" >/dev/null || fail "docs/grafana-dashboard.json is not valid JSON"
pass "grafana dashboard: valid JSON, every metric it queries is written by the report"
