#!/usr/bin/env bash
# ci/fuzz-long.sh — the long fuzz run (docs/fuzzing.md): each libFuzzer target in turn, on one core (-w:
# several) at nice 19, from a scratch copy of its committed corpus, until it has made RUNS executions
# or hit its time cap; then its corpus is minimised (-set_cover_merge=1, libFuzzer's -merge=1 with a
# greedy set cover, into a fresh directory). Not part of ctest or CI (ci/fuzz.sh is the short run).
#
#   ci/fuzz-long.sh [-r RUNS] [-t SECONDS] [-u HH:MM] [-w WORKERS] [-k] [-n] [-m] [TARGET...]
#
#   -r RUNS     executions per target (default 10000000)
#   -t SECONDS  time cap per target (default 1800)
#   -u HH:MM    the whole run ends by then (UTC; a time of day already past is tomorrow's, or give a
#               date: -u "2026-12-08 01:50"): each target's cap is at most (time left) / (targets
#               left), so what fast targets do not use goes to the ones after them (list slow ones last)
#   -w WORKERS  one target on WORKERS cores at once (libFuzzer's -fork=WORKERS: worker processes that
#               each fuzz a while and merge what they found into the corpus; RUNS counts all of them).
#               Default 1: one in-process fuzzer
#   -k          keep: replace tests/fuzz/corpus/<target>/grown/ with the minimised grown inputs
#   -n          do not build (the targets are built; e.g. while another build runs in the same dir)
#   -m          minimise only: no fuzzing, minimise the scratch corpus a previous run left in the output
#   TARGET...   default: every *_fuzz target of the build, in the build's order
#
# tests/fuzz/TARGET.options, when present, adds libFuzzer flags for that target (ci/fuzz-flags.sh).
#
# Prints per target: executions, exec/s, coverage (cov/ft), crashes, and the corpus before/after
# minimisation (files and bytes). The committed, named files of tests/fuzz/corpus/<target>/ (seeds,
# hand-made inputs, regress-*) are always kept; minimisation picks, from every grown input (the old
# grown/ and this run's new ones), those that add coverage over them.
# Environment: V6READY_FUZZ_BUILD (default build-fuzz, configured with clang -DV6READY_FUZZ=ON; built
# here if a target is missing), V6READY_FUZZ_OUT (default $V6READY_FUZZ_BUILD/fuzz-long).
# Exit codes: 0 no crash, 1 a target crashed, leaked, timed out or its fuzzer died, 2 usage, 3 build.
set -euo pipefail
# The whole script is one block, read before any of it runs: editing this file during a run of hours
# cannot change or break that run (bash reads a script as it goes; 2026-12-06 a run ended on a syntax
# error after its corpus was kept, because the file had changed under it).
{
cd "$(dirname "$0")/.."
root=$PWD
. ci/fuzz-flags.sh

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'; }
runs=10000000 cap=1800 until="" workers=1 keep=0 nobuild=0 minonly=0
while getopts "r:t:u:w:knmh" o; do
  case $o in
    r) runs=$OPTARG ;;
    t) cap=$OPTARG ;;
    u) until=$OPTARG ;;
    w) workers=$OPTARG ;;
    k) keep=1 ;;
    n) nobuild=1 ;;
    m) minonly=1 ;;
    *) usage >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[[ "$runs" =~ ^[0-9]+$ && "$cap" =~ ^[0-9]+$ && "$cap" -ge 1 && "$workers" =~ ^[0-9]+$ && "$workers" -ge 1 ]] || {
  usage >&2
  exit 2
}
deadline=""
if [ -n "$until" ]; then
  deadline=$(date -u -d "$until" +%s 2>/dev/null) || { echo "fuzz-long: -u $until: not a time" >&2; exit 2; }
  now=$(date -u +%s)
  # A bare time of day already past is tomorrow's: a run started at 23:15 with -u 01:50 (2026-12-07,
  # this took today's 01:50 and gave the target 10 s).
  [[ "$deadline" -gt "$now" || ! "$until" =~ ^[0-9]{1,2}:[0-9]{2}$ ]] || deadline=$((deadline + 86400))
  [ "$deadline" -gt "$now" ] || { echo "fuzz-long: -u $until: already past" >&2; exit 2; }
fi

build=${V6READY_FUZZ_BUILD:-build-fuzz}
out=${V6READY_FUZZ_OUT:-$build/fuzz-long}
[ -f "$build/CMakeCache.txt" ] && grep -q '^V6READY_FUZZ:BOOL=ON' "$build/CMakeCache.txt" || {
  echo "fuzz-long: $build is not a fuzz build; configure it first:" >&2
  echo "  CC=clang CXX=clang++ cmake -S . -B $build -G Ninja -DV6READY_FUZZ=ON -DV6READY_BUILD_BENCH=OFF" >&2
  exit 3
}
# Only now: a wrong V6READY_FUZZ_BUILD must not leave a directory behind (2026-12-07, one named
# /nonexistent made a test's "missing program" path exist).
mkdir -p "$out"
out=$(cd "$out" && pwd)
targets=("$@")
if [ "$nobuild" = 0 ] || [ ${#targets[@]} -eq 0 ]; then
  mapfile -t all < <(cmake --build "$build" --target help 2>/dev/null | sed -n 's/^\([A-Za-z0-9_]*\)_fuzz:.*/\1/p')
  [ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
  for t in "${targets[@]}"; do
    printf '%s\n' "${all[@]}" | grep -qx "$t" || { echo "fuzz-long: unknown target '$t'" >&2; exit 2; }
  done
fi
if [ "$nobuild" = 0 ]; then
  echo "== build (nice 19): ${targets[*]}"
  nice -n 19 cmake --build "$build" -j2 --target "${targets[@]/%/_fuzz}" >"$build/fuzz-long.build.log" 2>&1 || {
    tail -20 "$build/fuzz-long.build.log" >&2
    exit 3
  }
fi

# UBSan is compiled recoverable (fuzzer-no-link): without halt_on_error libFuzzer never sees its reports.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

files_bytes() { # "FILES BYTES" of every regular file under the given dirs
  find "$@" -type f -printf '%s\n' 2>/dev/null | awk '{n++; b+=$1} END {printf "%d %d\n", n, b}'
}

mkdir -p "$out"
summary=$out/summary.tsv
printf 'target\texecs\texec_s\tseconds\tcov\tft\tcrashes\tbefore_files\tbefore_bytes\tgrown_files\tafter_files\tafter_bytes\tstatus\n' \
  >"$summary"
failed=0
left=${#targets[@]}
for t in "${targets[@]}"; do
  bin=$(find "$root/$build" "$build" -name "${t}_fuzz" -type f -executable 2>/dev/null | head -1)
  [ -n "$bin" ] || { echo "fuzz-long: $t: no ${t}_fuzz in $build (not built?)" >&2; exit 3; }
  committed=$root/tests/fuzz/corpus/$t
  work=$out/$t
  if [ "$minonly" = 1 ]; then
    [ -d "$work/corpus" ] || { echo "fuzz-long: -m: no $work/corpus from an earlier run" >&2; exit 2; }
    rm -rf "$work/min" "$work/grown"
    mkdir -p "$work/min"
  else
    rm -rf "$work"
    mkdir -p "$work/corpus" "$work/crashes" "$work/min"
    [ -d "$committed" ] && cp -r "$committed"/. "$work/corpus"/
    files_bytes "$work/corpus" >"$work/before"
  fi
  bf="?" bb="?"
  [ -f "$work/before" ] && read -r bf bb <"$work/before"
  this_cap=$cap
  if [ -n "$deadline" ]; then
    share=$(((deadline - $(date -u +%s)) / left))
    [ "$share" -lt "$this_cap" ] && this_cap=$share
    [ "$this_cap" -ge 10 ] || this_cap=10
  fi
  left=$((left - 1))
  rc=0
  if [ "$minonly" = 0 ]; then
    flags_text=$(fuzz_target_flags "$t") || exit 2
    flags=()
    [ -z "$flags_text" ] || mapfile -t flags <<<"$flags_text"
    echo "== $t: up to $runs executions or ${this_cap}s${flags[*]:+ (${flags[*]})} ($(date -u +%H:%M:%S) UTC)"
    start=$(date +%s)
    # One worker: -jobs=1 makes libFuzzer run one worker process (one core) with its output in fuzz-0.log
    # of the current directory; -fork=0 keeps that worker a plain in-process fuzzer. Several: -fork=N,
    # whose parent merges each job's finds into corpus/ and logs in parent.log. Timeouts, OOMs and leaks
    # are crashes (a parser must stay bounded).
    mode=(-fork=0 -jobs=1)
    [ "$workers" -eq 1 ] || mode=(-fork="$workers")
    (cd "$work" && nice -n 19 "$bin" corpus -runs="$runs" -max_total_time="$this_cap" "${mode[@]}" \
      -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -artifact_prefix="$work/crashes/" "${flags[@]}" \
      >parent.log 2>&1) || rc=$?
    echo $(($(date +%s) - start)) >"$work/seconds"
  fi
  secs=$(cat "$work/seconds" 2>/dev/null || echo "?")
  log=$work/fuzz-0.log
  [ -f "$log" ] || log=$work/parent.log
  # The worker's exit code is in the parent's log ("Job 0 exited with exit code N").
  jrc=$(sed -n 's/.*Job 0 exited with exit code \(-\{0,1\}[0-9]*\).*/\1/p' "$work/parent.log" | tail -1)
  [ -n "$jrc" ] && [ "$jrc" != 0 ] && rc=$jrc
  if [ "$workers" -eq 1 ]; then
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  else
    # -fork: the parent's last "#N: cov: C ft: F corp: ..." line counts every worker (its own final
    # stats, printed when it is stopped, count only what it ran itself: nothing).
    execs=$(sed -n 's/^#\([0-9]*\): cov: .*/\1/p' "$log" | tail -1)
    rate=""
    [ -n "$execs" ] && [[ "$secs" =~ ^[1-9][0-9]*$ ]] && rate=$((execs / secs))
  fi
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  # crash-, leak-, timeout- and oom- inputs stop a target; a slow-unit- input (one execution over 10 s,
  # libFuzzer's -report_slow_units) does not, and is most often the fuzzer at nice 19 starved by other
  # work on the machine: it is counted apart, to be re-run by hand (2026-12-06: a 603-byte ND-options
  # input took 14 s while builds ran beside it, and 0.01 s alone).
  crashes=$(find "$work/crashes" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  slow=$(find "$work/crashes" -type f -name 'slow-unit-*' | wc -l)

  # Minimise: the committed named files first (always kept), then every grown input that adds coverage.
  [ -d "$committed" ] && find "$committed" -mindepth 1 -maxdepth 1 -type f -exec cp {} "$work/min"/ \;
  nice -n 19 "$bin" -set_cover_merge=1 -rss_limit_mb=2048 -timeout=10 "$work/min" "$work/corpus" >"$work/merge.log" 2>&1 ||
    echo "fuzz-long: $t: merge failed (log $work/merge.log)" >&2
  mkdir -p "$work/grown"
  (cd "$work/min" && find . -mindepth 1 -maxdepth 1 -type f -regextype posix-extended -regex './[0-9a-f]{40}' \
    -exec mv {} "$work/grown"/ \;)
  read -r gf _ < <(files_bytes "$work/grown")
  read -r af ab < <(files_bytes "$work/min" "$work/grown")
  if [ "$keep" = 1 ] && [ -d "$committed" ]; then
    rm -rf "$committed/grown"
    if [ "$gf" -gt 0 ]; then cp -r "$work/grown" "$committed/grown"; fi
  fi
  status=ok
  [ "$slow" -eq 0 ] || status="ok, $slow slow unit(s): re-run $work/crashes/slow-unit-*"
  if [ "$crashes" -gt 0 ] || [ "$rc" -ne 0 ]; then
    status="CRASH(rc=$rc)"
    failed=1
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "${execs:-?}" "${rate:-?}" "$secs" \
    "${cov:-?}" "${ft:-?}" "$crashes" "$bf" "$bb" "$gf" "$af" "$ab" "$status" >>"$summary"
  echo "   ${execs:-?} executions in ${secs}s (${rate:-?}/s), cov ${cov:-?} ft ${ft:-?}, crashes $crashes," \
    "corpus $bf files/$bb B -> $af files/$ab B ($gf grown), $status"
done

echo
column -t -s$'\t' "$summary"
echo "(summary: $summary; logs and crash inputs: $out/<target>/)"
if [ "$failed" -ne 0 ]; then
  echo
  echo "CRASHES: reproduce with $build/.../<target>_fuzz <crash-file>; after the fix, commit the input as"
  echo "tests/fuzz/corpus/<target>/regress-\$(sha1sum <crash-file> | cut -c1-40) (replayed by fuzz_replay.<target>)."
  exit 1
fi
exit 0
}
