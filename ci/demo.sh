#!/usr/bin/env bash
# ci/demo.sh — the main job: install what is needed, build, bring up the IPv6-only lab, run the probe
# on every commune node in parallel, analyze the bundles, render every report format into out/, print
# where the report is and the one-line province summary, and tear the lab down (always, by trap).
#
#   ci/demo.sh [--scenario FILE] [--out DIR] [--keep-lab]
#
# Exit: 0 sweep and reports completed (the findings themselves are the product: the lab's broken
# communes are meant to fail), 2 usage/setup error, 3 a step failed or produced partial results.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

scenario=""
out=out
keep_lab=0
while [ $# -gt 0 ]; do
  case "$1" in
    --scenario) scenario=$2; shift ;;
    --out) out=$2; shift ;;
    --keep-lab) keep_lab=1 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$scenario" ]; then
  for s in scenarios/commune-full.yaml scenarios/commune-baseline.yaml; do
    [ -f "$s" ] && { scenario=$s; break; }
  done
fi
[ -n "$scenario" ] && [ -f "$scenario" ] || { echo "demo: no scenario found (looked for scenarios/commune-*.yaml)" >&2; exit 2; }
# Absolute paths from here on: the probes run from another directory, and --out may be absolute.
case $scenario in /*) ;; *) scenario=$root/$scenario ;; esac
case $out in /*) ;; *) out=$root/$out ;; esac
if [ "$(id -u)" -ne 0 ]; then
  echo "demo: needs root (network namespaces, packet capture): run 'sudo $0'" >&2
  exit 2
fi

t0=$(date +%s)
step() { printf '\n== [%s/6] %s  (+%ss)\n' "$1" "$2" "$(( $(date +%s) - t0 ))"; }
die() { echo "demo: $*" >&2; exit 3; }

step 1 "install Debian packages (ci/bootstrap.sh)"
ci/bootstrap.sh

step 2 "build v6probe, v6analyze, v6lab-ra"
build=${V6READY_BUILD_DIR:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
gen=()
command -v ninja >/dev/null && gen=(-G Ninja)
cmake -S . -B "$build" "${gen[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target v6probe v6analyze v6lab-ra
probe=$build/probes/v6probe
analyze=$build/analyzers/v6analyze
export V6LAB_RA=$build/lab/v6lab-ra

step 3 "bring up the lab (lab/v6lab up)"
lab_down() {
  if [ "$keep_lab" -eq 0 ]; then
    echo "== tearing the lab down"
    lab/v6lab down >/dev/null 2>&1 || lab/v6lab down || true
  else
    echo "== lab left up (--keep-lab): 'lab/v6lab down' removes it"
  fi
}
trap lab_down EXIT
lab/v6lab up || die "lab/v6lab up failed (see the step it names above)"

step 4 "sweep: $scenario on every commune node, in parallel"
rm -rf "$out/bundles" "$out/logs"
mkdir -p "$out/bundles" "$out/logs"
mapfile -t communes < <(lab/v6lab status --json | python3 -c '
import json, sys
for n in json.load(sys.stdin)["nodes"]:
    if n.get("role") == "commune":
        print(n["name"] + " " + n["site"])')
[ ${#communes[@]} -gt 0 ] || die "the lab reports no commune nodes"
declare -A pids
for entry in "${communes[@]}"; do
  read -r node site <<<"$entry"
  lab/v6lab exec "$node" -- "$probe" run "$scenario" --site "$site" --out "$out/bundles" \
    --quiet >"$out/logs/$node.log" 2>&1 &
  pids[$node]=$!
  echo "   started $node ($site) pid ${pids[$node]}"
done
partial=0
for node in "${!pids[@]}"; do
  rc=0
  wait "${pids[$node]}" || rc=$?
  case $rc in
    0) echo "   $node: all checks passed" ;;
    1) echo "   $node: some checks failed (expected for the lab's broken communes)" ;;
    *) echo "   $node: probe exit $rc — see $out/logs/$node.log"; partial=1 ;;
  esac
done

step 5 "analyze the bundles (v6analyze analyze)"
rc=0
"$analyze" analyze "$out/bundles" --out "$out" --label "lab-$(date -u +%Y%m%d)" || rc=$?
[ $rc -le 1 ] || { echo "   v6analyze exit $rc (partial results kept)"; partial=1; }
[ -f "$out/findings.json" ] || die "no $out/findings.json was written"

step 6 "render reports (HTML, Markdown, CSV, JUnit, Prometheus)"
"$analyze" report "$out/findings.json" --out "$out" --format all || die "rendering failed"

echo
echo "report:   $out/report.html"
echo "others:   $out/summary.md $out/findings.csv $out/junit.xml $out/v6ready.prom $out/findings.json"
echo
"$analyze" summary --brief "$out/findings.json" || die "the summary could not be printed"
echo "done in $(( $(date +%s) - t0 ))s"
[ $partial -eq 0 ] || exit 3
