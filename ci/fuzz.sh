#!/usr/bin/env bash
# ci/fuzz.sh — build every libFuzzer target (clang, -DV6READY_FUZZ=ON) and run each for SECONDS over a
# scratch copy of its committed corpus (tests/fuzz/corpus/<name>/), two targets at a time. Prints a
# table of executions, corpus growth and crashes; exits 1 if any target crashed (crash inputs are left in
# the crash dir printed at the end, with how to turn each into a regression file replayed by ctest).
#
#   ci/fuzz.sh SECONDS [TARGET...]     e.g. ci/fuzz.sh 60, or ci/fuzz.sh 20 core_dns analyzer_capture
#
# Environment: V6READY_FUZZ_BUILD (default build-fuzz), V6READY_FUZZ_OUT (default build-fuzz/fuzz-run),
# V6READY_FUZZ_JOBS (parallel targets, default 2).
# New interesting inputs stay in the scratch corpus (never committed automatically); see the hint at
# the end for keeping them (ci/fuzz-long.sh -k, docs/fuzzing.md).
# Exit codes: 0 no crash, 1 a target crashed (or its fuzzer died), 2 usage, 3 a target did not build.
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/fuzz-flags.sh

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }
if [ $# -lt 1 ] || ! [[ "$1" =~ ^[0-9]+$ ]] || [ "$1" -lt 1 ]; then
  usage >&2
  exit 2
fi
seconds=$1
shift
wanted=("$@")

build=${V6READY_FUZZ_BUILD:-build-fuzz}
out=${V6READY_FUZZ_OUT:-$build/fuzz-run}
jobs=${V6READY_FUZZ_JOBS:-2}

# UBSan is compiled in recoverable mode (fuzzer-no-link,address,undefined): without halt_on_error a
# runtime error is only printed and libFuzzer never sees it as a crash.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

gen=()
command -v ninja >/dev/null && gen=(-G Ninja)
echo "== configure + build ($build, clang, V6READY_FUZZ=ON)"
if ! CC=clang CXX=clang++ cmake -S . -B "$build" "${gen[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DV6READY_FUZZ=ON -DV6READY_BUILD_BENCH=OFF >"$build.configure.log" 2>&1; then
  tail -30 "$build.configure.log" >&2
  echo "fuzz: configure failed (log: $build.configure.log)" >&2
  exit 3
fi

# Every *_fuzz target the build knows about (they come from v6ready_fuzz_targets in tests/<area>/).
mapfile -t all < <(cmake --build "$build" --target help 2>/dev/null | sed -n 's/^\([A-Za-z0-9_]*\)_fuzz:.*/\1/p' |
  sort -u)
if [ ${#all[@]} -eq 0 ]; then
  echo "fuzz: no *_fuzz targets found in $build" >&2
  exit 3
fi
targets=()
if [ ${#wanted[@]} -gt 0 ]; then
  for w in "${wanted[@]}"; do
    if printf '%s\n' "${all[@]}" | grep -qx "$w"; then
      targets+=("$w")
    else
      echo "fuzz: unknown target '$w' (have: ${all[*]})" >&2
      exit 2
    fi
  done
else
  targets=("${all[@]}")
fi

# Build target by target, so one target that does not compile does not stop the others from running.
built=()
broken=()
for t in "${targets[@]}"; do
  if cmake --build "$build" -j"$(nproc)" --target "${t}_fuzz" >"$build/$t.build.log" 2>&1; then
    built+=("$t")
  else
    broken+=("$t")
    echo "fuzz: $t: build failed (log: $build/$t.build.log)" >&2
    grep -m5 -E 'error|FAILED' "$build/$t.build.log" >&2 || true
  fi
done
targets=("${built[@]}")

rm -rf "$out"
mkdir -p "$out"
echo "== running ${#targets[@]} targets for ${seconds}s each, $jobs at a time (scratch: $out)"

run_one() {  # run_one NAME: fuzz NAME for $seconds over a scratch corpus; writes $out/NAME.*
  local name=$1
  local seed=tests/fuzz/corpus/$name
  local work=$out/$name
  mkdir -p "$work/corpus" "$work/crashes"
  [ -d "$seed" ] && cp -r "$seed"/. "$work/corpus"/
  local before
  before=$(find "$work/corpus" -type f | wc -l)
  local rc=0
  local bin
  bin=$(find "$build" -name "${name}_fuzz" -type f -executable | head -1)
  local flags=() flags_text
  flags_text=$(fuzz_target_flags "$name") || return 2
  [ -z "$flags_text" ] || mapfile -t flags <<<"$flags_text"
  # -fork is not used: one process per target keeps the final stats in one place. Timeouts and OOMs
  # count as crashes (they are bugs in a parser that must stay bounded).
  "${bin:-$build/${name}_fuzz}" "$work/corpus" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$work/crashes/" "${flags[@]}" >"$work/log" 2>&1 || rc=$?
  local execs
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
  local after
  after=$(find "$work/corpus" -type f | wc -l)
  local crashes
  crashes=$(find "$work/crashes" -type f | wc -l)
  printf '%s %s %s %s %s %s\n' "$name" "${execs:-?}" "$before" "$after" "$crashes" "$rc" >"$work/summary"
}

pids=()
for t in "${targets[@]}"; do
  run_one "$t" &
  pids+=($!)
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
    wait -n || true
  done
done
for p in "${pids[@]}"; do wait "$p" || true; done

echo
printf '%-20s %14s %10s %8s %8s %s\n' target executions exec/s corpus crashes status
failed=0
for t in "${targets[@]}"; do
  read -r name execs before after crashes rc <"$out/$t/summary"
  rate="?"
  [[ "$execs" =~ ^[0-9]+$ ]] && rate=$((execs / seconds))
  status=ok
  if [ "$crashes" -gt 0 ] || [ "$rc" -ne 0 ]; then
    status="CRASH (rc $rc, log $out/$t/log)"
    failed=1
  fi
  printf '%-20s %14s %10s %8s %8s %s\n' "$name" "$execs" "$rate" "$before->$after" "$crashes" "$status"
done
for t in "${broken[@]}"; do
  printf '%-20s %14s %10s %8s %8s %s\n' "$t" - - - - "BUILD FAILED ($build/$t.build.log)"
done

echo
echo "New inputs stay in $out/<target>/corpus (not committed). To grow and keep a minimised set"
echo "(tests/fuzz/corpus/<target>/grown/), use the long run: ci/fuzz-long.sh -k <target> (docs/fuzzing.md)."
if [ "$failed" -ne 0 ]; then
  echo
  echo "CRASHES: inputs in $out/<target>/crashes/. For each one:"
  echo "  1. reproduce:  \$(find $build -name '<target>_fuzz') <crash-file>"
  echo "  2. fix the bug, then commit the input as a regression file replayed by ctest (fuzz_replay.<target>):"
  echo "     cp <crash-file> tests/fuzz/corpus/<target>/regress-\$(sha1sum <crash-file> | cut -c1-40)"
  exit 1
fi
[ ${#broken[@]} -eq 0 ] || exit 3
