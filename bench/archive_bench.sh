#!/bin/bash
# The sweep archive at plan scale: 260 weekly sweeps (five years) of 99 sites, generated from the lab
# demo's findings (tests/archive/gen_sweeps.cpp), imported with `v6analyze archive add`; prints the import
# time per sweep, the archive's size, and each history query's time (best of 3, warm cache), before and
# after `archive prune --keep 52`. Targets (docs/archive.md): each query < 1 s, archive < 1 GB.
#   bench/archive_bench.sh [BUILD_DIR] (default: build; needs the v6analyze and gen_sweeps targets)
#   SWEEPS=260 SITES=99 WORK=/var/tmp/v6ready-bench/archive
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
V=$build/analyzers/v6analyze
GEN=$build/tests/archive/gen_sweeps
SWEEPS=${SWEEPS:-260}
SITES=${SITES:-99}
WORK=${WORK:-/var/tmp/v6ready-bench/archive}
[ -x "$V" ] && [ -x "$GEN" ] || { echo "build first: cmake --build $build --target v6analyze gen_sweeps" >&2; exit 2; }
now() { date +%s.%N; }
secs() { python3 -c "import sys; print('%.3f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$1" "$2"; }

gen=$WORK/gen-$SWEEPS-$SITES
if [ ! -e "$gen/done" ]; then
  rm -rf "$gen"
  t0=$(now)
  "$GEN" tests/archive/data/lab-findings.json "$gen" "$SWEEPS" "$SITES"
  touch "$gen/done"
  echo "generated $SWEEPS sweeps x $SITES sites in $(secs "$t0" "$(now)") s ($(du -sh "$gen" | cut -f1))"
fi
files=("$gen"/sweep-*/findings.json)
db=$WORK/archive.db
rm -f "$db" "$db-wal" "$db-shm"

t0=$(now)
"$V" archive add -q "$db" "${files[@]:0:$((SWEEPS - 10))}"
t1=$(now)
# the last ten one process each: the time of one more sweep into a full archive, start-up included
for f in "${files[@]:$((SWEEPS - 10))}"; do "$V" archive add -q "$db" "$f"; done
t2=$(now)
total=$(secs "$t0" "$t2")
echo "import: $SWEEPS sweeps in $total s; per sweep $(python3 -c "print('%.3f' % ($(secs "$t0" "$t1") / $((SWEEPS - 10))))") s in one run, $(python3 -c "print('%.3f' % ($(secs "$t1" "$t2") / 10))") s each as its own run into the full archive"
t0=$(now)
"$V" archive add -q "$db" "${files[@]}"
echo "re-import of all $SWEEPS (no-op): $(secs "$t0" "$(now)") s"
echo "archive: $(stat -c %s "$db") bytes ($(du -h "$db" | cut -f1)), $(python3 -c "
import sqlite3,sys; c=sqlite3.connect(sys.argv[1])
print(', '.join('%s %d' % (t, c.execute('SELECT COUNT(*) FROM ' + t).fetchone()[0]) for t in ('sweeps','site_results','check_results','findings')))" "$db")"

first=$(basename "$(dirname "${files[0]}")")
mid=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['sweep']['label'])" "${files[$((SWEEPS / 2))]}")
queries=(
  "sweeps|"
  "site|--site province/district-4/commune-13"
  "site findings|--site province/district-4/commune-13 --findings"
  "changes first->last|--changes #1 #$SWEEPS"
  "changes by date|--changes $mid #$SWEEPS"
  "below plan 3|--below-plan 3"
  "failing checks (all)|--failing-checks"
  "failing checks (1 year)|--failing-checks --since $mid --until 2099-12-31"
  "districts (all)|--districts --csv"
  "plan progress|--plan"
)
run_queries() {
  for q in "${queries[@]}"; do
    name=${q%%|*}
    args=${q#*|}
    best=999
    for _ in 1 2 3; do
      t0=$(now)
      # shellcheck disable=SC2086
      "$V" history "$db" $args >/dev/null
      t=$(secs "$t0" "$(now)")
      best=$(python3 -c "print(min($best, $t))")
    done
    printf '  %-26s %6.3f s\n' "$name" "$best"
  done
}
echo "queries (best of 3, process start included):"
run_queries
t0=$(now)
"$V" archive prune "$db" --keep 52
echo "prune --keep 52: $(secs "$t0" "$(now)") s; archive now $(stat -c %s "$db") bytes ($(du -h "$db" | cut -f1))"
echo "queries after prune:"
run_queries
: "$first"
