#!/usr/bin/env bash
# prometheus_tools_test.sh — the textfiles that two probe instances write on one node, checked with the
# tools an operator runs: `promtool check metrics` (Debian's prometheus package) lints each file, and a
# real node_exporter (prometheus-node-exporter) reads both through its textfile collector and serves
# them without an error. A third file repeating a series must make node_exporter fail, so the check
# can fail. The alert rules in docs/prometheus-alerts.yml go through `promtool check rules` and its
# unit test (prometheus_alerts_test.yml). node_exporter listens on 127.0.0.1 only, on a free port, and is stopped by PID.
# Usage: prometheus_tools_test.sh V6PROBE V6ANALYZE
set -uo pipefail
probe=${1:?V6PROBE} analyze=${2:?V6ANALYZE}
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"

need() {  # need TOOL PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "${CI:-}" = true ] || [ "${V6READY_REQUIRE_LAB:-}" = 1 ]; then
    fail "$1 is not installed (package $2; ci/bootstrap.sh installs it)"
  fi
  echo "SKIP: $1 is not installed (package $2; run ci/bootstrap.sh)"
  exit 77
}
need promtool prometheus
need prometheus-node-exporter prometheus-node-exporter
need curl curl

work=$(mktemp -d)
ne_pid=""
stop_exporter() {
  if [ -n "$ne_pid" ]; then
    kill "$ne_pid" 2>/dev/null
    wait "$ne_pid" 2>/dev/null
    ne_pid=""
  fi
}
trap 'stop_exporter; loopback_stop; rm -rf "$work"' EXIT
mkdir -p "$work/spool" "$work/textfile"
loopback_scenario "$work"

sites=(test/district-x/commune-a test/district-x/commune-b)
for s in "${sites[@]}"; do
  "$probe" run "$work/lo.yaml" --site "$s" --out "$work/spool" --no-capture --quiet >/dev/null \
    || fail "v6probe run for $s failed"
  SITE=$s V6READY_SPOOL=$work/spool TEXTFILE_DIR=$work/textfile V6ANALYZE=$analyze \
    V6READY_PLAN=$repo/scenarios/plan-2026-2030.yaml "$repo/probes/deploy/v6probe-textfile" >/dev/null \
    || fail "v6probe-textfile for $s failed"
done
files=("$work"/textfile/*.prom)
[ ${#files[@]} -eq 2 ] || fail "expected two textfiles, got: ${files[*]}"

# promtool lints names and types (e.g. "non-counter metrics should not have _total suffix").
for f in "${files[@]}"; do
  out=$(promtool check metrics <"$f" 2>&1) || fail "promtool check metrics ${f##*/}: $out"
done
bad=$(printf '# HELP v6ready_x_total x\n# TYPE v6ready_x_total gauge\nv6ready_x_total{site="a"} 1\n' \
  | promtool check metrics 2>&1) && fail "promtool accepted a gauge named _total: the lint is not running"
pass "promtool check metrics: both textfiles clean (and it does flag a _total gauge: ${bad//$'\n'/ })"

# The alert rules shipped for operators: valid, firing when they should (promtool's rule unit test),
# and naming only metrics the report writes.
out=$(promtool check rules "$repo/docs/prometheus-alerts.yml" 2>&1) || fail "promtool check rules: $out"
out=$(cd "$repo/tests/deploy" && promtool test rules prometheus_alerts_test.yml 2>&1) \
  || fail "promtool test rules (docs/prometheus-alerts.yml): $out"
for m in $(grep -o 'v6ready_[a-z_]*' "$repo/docs/prometheus-alerts.yml" | sort -u); do
  grep -q "^# TYPE $m gauge" "${files[0]}" \
    || fail "docs/prometheus-alerts.yml uses $m, which v6analyze report --format prom does not write"
done
pass "docs/prometheus-alerts.yml: promtool check rules and test rules pass (stale site, below plan, failing check)"

# A free port on 127.0.0.1 (the kernel picks it; closed again just before node_exporter binds it).
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
prometheus-node-exporter --web.listen-address="127.0.0.1:$port" --collector.disable-defaults \
  --collector.textfile --collector.textfile.directory="$work/textfile" >"$work/ne.log" 2>&1 &
ne_pid=$!
scrape() { curl -sS --max-time 5 -o "$work/scrape" -w '%{http_code}' "http://127.0.0.1:$port/metrics" 2>/dev/null; }
code=""
for _ in $(seq 1 100); do
  code=$(scrape) && [ "$code" != 000 ] && break
  kill -0 "$ne_pid" 2>/dev/null || fail "node_exporter exited: $(tail -n 5 "$work/ne.log")"
  sleep 0.1
done
[ "$code" = 200 ] || fail "node_exporter answered $code reading both textfiles: $(head -c 600 "$work/scrape")"
grep -q '^node_textfile_scrape_error 0$' "$work/scrape" \
  || fail "node_textfile_scrape_error is not 0: $(grep node_textfile "$work/scrape")"
# node_exporter 1.5 answers 200 and drops a repeated series, logging "was collected before with the same
# name and label values": the log is where a merge error shows.
grep -q 'level=error' "$work/ne.log" && fail "node_exporter logged an error: $(grep level=error "$work/ne.log")"
for s in "${sites[@]}"; do
  grep -q "^v6ready_site_last_run_timestamp_seconds{site=\"$s\"} " "$work/scrape" \
    || fail "$s's last-run timestamp is not served"
  grep -q "^v6ready_check_success{check_id=\"lo.tcp\",kind=\"service.tcp\",site=\"$s\"} 1$" "$work/scrape" \
    || fail "$s's check_success is not served: $(grep v6ready_check_success "$work/scrape")"
done
pass "node_exporter $(prometheus-node-exporter --version 2>&1 | head -n1 | awk '{print $3}') merges both textfiles: $(grep -c '^v6ready_' "$work/scrape") v6ready samples, scrape error 0"

# The same series from a third file: node_exporter must refuse to merge it (this is what the
# unlabelled report timestamp did with two probe instances).
cp "${files[0]}" "$work/textfile/copy.prom"
code=$(scrape)
grep -q 'collected before with the same name and label values' "$work/ne.log" \
  || fail "node_exporter merged a repeated series without an error (HTTP $code): the merge check cannot fail"
pass "a repeated series is refused by node_exporter (\"collected before with the same name and label values\")"
stop_exporter
