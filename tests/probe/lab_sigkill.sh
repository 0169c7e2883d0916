#!/bin/bash
# SIGKILL of `v6probe run` (scenarios/commune-baseline.yaml on commune-ready) at seeded random points
# of its lifetime, and during bundle finalisation: the output dir never holds a half-written bundle
# (every entry is either a finished bundle that verifies, or a `.<bundle-name>.tmp` temp dir, as in
# docs/architecture.md "Run bundle"), and the next run removes every stale temp dir and writes a good
# bundle.
#   V6READY_SEED=N   replay a run (the seed is printed); KILLS=N   number of killed runs (default 8).
. "$(dirname "$0")/lab_probe_lib.sh"
V6ANALYZE=${2:?usage: $0 PATH/TO/v6probe PATH/TO/v6analyze}
lab_require_up
SEED=${V6READY_SEED:-$(( $(date +%s) % 32768 ))}
KILLS=${KILLS:-8}
RANDOM=$SEED
echo "seed $SEED (replay: V6READY_SEED=$SEED), $KILLS killed runs"
B=$OUT/b
NAME_RE='[A-Za-z0-9._-]+_[0-9]{8}T[0-9]{6}Z_[0-9a-f]{8}'
PROBE_PID=""
trap '[ -n "$PROBE_PID" ] && kill -KILL "$PROBE_PID" 2>/dev/null; rm -rf "$OUT"' EXIT

start_probe() {  # start_probe TAG [WRAPPER...]: v6probe run in commune-ready, in the background; sets PROBE_PID
  local tag=$1; shift
  # A simple command, not in_node (a function: `in_node &` is a subshell that would be killed instead):
  # bash forks once, and v6lab exec -> ip netns exec -> v6probe are execs, so $! ends up being the
  # probe (or strace).
  "$V6LAB" exec commune-ready -- "$@" "$V6PROBE" run "$SCENARIO" --site province/district-a/commune-ready \
    --out "$B" >"$OUT/$tag.stdout" 2>"$OUT/$tag.stderr" &
  PROBE_PID=$!
}

# wait_probe LIMIT_S: wait (bounded) for the probe; sets RC
wait_probe() {
  local i
  for ((i = 0; i < $1 * 10; i++)); do kill -0 "$PROBE_PID" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$PROBE_PID" 2>/dev/null && fail "probe still running after $1 s"
  wait "$PROBE_PID"
  RC=$?
  PROBE_PID=""
}

# This run's temp dir: newer than the mark, and not a stale one of an earlier run (a run killed while it
# removes a stale dir has just changed that dir, which makes it newer than the mark too).
tmp_dir() {
  find "$B" -maxdepth 1 -name '.*.tmp' -type d -newer "$OUT/mark" 2>/dev/null |
    grep -Fxv -e "${stale:-/no stale temp dir}" | head -n1
}

# check_out_dir: every entry of the output dir is a finished bundle that verifies, or a temp dir
check_out_dir() {
  local e name
  for e in "$B"/* "$B"/.[!.]*; do
    [ -e "$e" ] || continue
    name=$(basename "$e")
    if [[ "$name" =~ ^\.${NAME_RE}\.tmp$ ]] && [ -d "$e" ]; then
      # a temp dir holds only bundle files (what cleanup_stale accepts as ours)
      files=$(ls -A "$e")
      [ -z "$files" ] || ! grep -qvxE 'run\.json|results\.jsonl|capture\.pcapng|scenario\.yaml|MANIFEST\.sha256|\.writer\.pid' <<<"$files" ||
        fail "temp dir $name holds unexpected files: $files"
    elif [[ "$name" =~ ^${NAME_RE}$ ]] && [ -d "$e" ]; then
      "$V6ANALYZE" verify -q "$e" >"$OUT/verify.out" 2>&1 || fail "half-written bundle $name: $(cat "$OUT/verify.out")"
      (cd "$e" && sha256sum --quiet -c MANIFEST.sha256) >/dev/null 2>&1 || fail "$name: sha256sum -c fails"
      [ "$(jq -r .status "$e/run.json")" = complete ] || fail "$name: status $(jq -r .status "$e/run.json")"
    else
      fail "unexpected entry in the output dir: $name"
    fi
  done
}

now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
lines() { local a=(); [ -f "$1" ] && mapfile -t a <"$1"; echo ${#a[@]}; }   # no fork per poll round
NCHECKS=$(grep -c '^  - id:' "$SCENARIO")
# strace (when installed) kills at exact syscalls of finish(); without it, by timing (rarely hits).
STRACE=$(command -v strace || true)
[ -n "$STRACE" ] || echo "note: no strace: finalisation kills by timing only (apt-get install strace)"

# wait_last_result: poll (bounded: 60 s) until the probe's temp results.jsonl has all NCHECKS lines
# (the checks are over: capture grace, capture stop and finish() follow); sets TMP. 1 if it never did.
wait_last_result() {
  local end=$((SECONDS + 60))
  TMP=""
  while [ "$SECONDS" -le "$end" ] && kill -0 "$PROBE_PID" 2>/dev/null; do
    [ -z "$TMP" ] && TMP=$(tmp_dir)
    [ -n "$TMP" ] && [ "$(lines "$TMP/results.jsonl")" -ge "$NCHECKS" ] && return 0
    sleep 0.002
  done
  return 1
}

# 1. A full run: how long the probe lives (T), and how long its finalisation takes (F: from the last
# result line to the rename of the temp dir), and that the scenario passes here.
touch "$OUT/mark"
t0=$(now_ms)
start_probe calib
wait_last_result || fail "calibration run: the last result never appeared: $(cat "$OUT/calib.stderr")"
t1=$(now_ms)
end=$((SECONDS + 10))
while [ -d "$TMP" ] && [ "$SECONDS" -le "$end" ]; do :; done
F_MS=$(( $(now_ms) - t1 ))
wait_probe 120
T_MS=$(( $(now_ms) - t0 ))
[ "$RC" = 0 ] || fail "calibration run: exit $RC: $(cat "$OUT/calib.stderr")"
check_out_dir
pass "full run: exit 0 in $T_MS ms, of which $F_MS ms after the last result (capture grace, finish), bundle verifies"

# 2. Killed runs. Odd ones: at a random delay in [0, 1.1 T). Even ones: in the finalisation (with
# strace: on entry to a random fsync(2) or to the rename(2); without: at a random point in
# [0.5 F, 1.1 F) after the last result line). The last one: as soon as a result is written (so the
# next run has a stale temp dir to remove).
declare -A seen=()
for ((k = 1; k <= KILLS; k++)); do
  touch "$OUT/mark"
  sleep 0.01
  ((k == KILLS || k % 2)) && start_probe kill$k
  if ((k == KILLS)); then
    for ((i = 0; i < 600; i++)); do
      TMP=$(tmp_dir)
      [ -n "$TMP" ] && [ "$(lines "$TMP/results.jsonl")" -ge 1 ] && break
      sleep 0.1
    done
    what="after its first result"
  elif ((k % 2)); then
    delay=$(( (RANDOM * 32768 + RANDOM) % (T_MS * 11 / 10) ))
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    what="after ${delay} ms"
  elif [ -n "$STRACE" ]; then
    # strace delivers SIGKILL on entry to the chosen syscall of finish(): the n-th fsync after the
    # last result (n random in 1..8: results.jsonl, run.json, each file, the manifest, the dir...), or
    # the rename of the temp dir (it never happens).
    n=$(( RANDOM % 9 + 1 ))
    if ((n == 9)); then inject="rename,renameat,renameat2:signal=SIGKILL"; what="on entry to rename(2)"
    else inject="fsync:signal=SIGKILL:when=$n"; what="on entry to fsync(2) #$n after the last result"
    fi
    start_probe kill$k strace -f -qq -o "$OUT/strace$k" -e trace=fsync,rename,renameat,renameat2 -e inject="$inject"
    wait_probe 60
  else
    start_probe kill$k
    wait_last_result || fail "run $k: the last result never appeared"
    delay=$(( F_MS / 2 + (RANDOM % (F_MS * 6 / 10 + 1)) ))
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    what="${delay} ms after its last result"
  fi
  if [ -n "$PROBE_PID" ]; then kill -KILL "$PROBE_PID" 2>/dev/null; wait_probe 10; fi
  # Where did it die? (what is left of this run)
  tmp=$(tmp_dir)
  final=$(find "$B" -maxdepth 1 -regextype posix-extended -regex ".*/${NAME_RE}" -type d -newer "$OUT/mark" | head -n1)
  if [ -n "$final" ]; then phase="after the rename (finished bundle)"
  elif [ -z "$tmp" ]; then phase="before the temp dir existed"
  elif [ -e "$tmp/MANIFEST.sha256" ]; then phase="in finish(), manifest written"
  elif [ -e "$tmp/run.json" ]; then phase="in finish(), run.json written"
  elif [ "$(lines "$tmp/results.jsonl")" -ge "$NCHECKS" ]; then phase="after the checks, before finish() wrote run.json"
  else phase="during the checks"
  fi
  seen[$phase]=1
  echo "run $k: SIGKILL $what (exit $RC): died $phase"
  [ "$RC" = 137 ] || [ "$RC" = 0 ] || fail "run $k: exit $RC, want 137 (killed) or 0 (had finished)"
  check_out_dir
  # A run that got as far as its own temp dir has removed every older stale one.
  if [ -n "$tmp$final" ]; then
    for d in ${stale:-}; do [ -e "$d" ] && fail "run $k got past its start but left the stale temp dir $d"; done
  fi
  stale=$(find "$B" -maxdepth 1 -name '.*.tmp' -type d | sort)
done
pass "after $KILLS SIGKILLs no half-written bundle; phases hit: $(printf '[%s] ' "${!seen[@]}")"

# 3. The next run removes every stale temp dir and writes a good bundle.
stale=$(find "$B" -maxdepth 1 -name '.*.tmp' -type d | sort)
touch "$OUT/mark"
start_probe final
wait_probe 120
sed 's/^/  | /' "$OUT/final.stderr"
expect_eq "exit code of the next run" "$RC" 0
left=$(find "$B" -maxdepth 1 -name '.*.tmp' | wc -l)
expect_eq "temp dirs left after the next run" "$left" 0
for d in $stale; do
  grep -qF "removed stale temp bundle $d" "$OUT/final.stderr" || fail "the next run did not report removing $d"
done
n=$(grep -c . <<<"$stale")
[ "$n" -ge 1 ] || fail "no stale temp dir for the next run to remove (the last kill should leave one)"
pass "the next run removed the $n stale temp dir(s) and said so"
BUNDLE=$(tail -n1 "$OUT/final.stdout")
bundle_ok
"$V6ANALYZE" verify "$BUNDLE" >/dev/null || fail "v6analyze verify $BUNDLE"
expect_eq "run.json status" "$(jq -r .status "$BUNDLE/run.json")" complete
check_out_dir
