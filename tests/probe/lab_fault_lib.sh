# tests/probe/lab_fault_lib.sh — sourced by tests/probe/lab_fault_*.sh (bash): a fault switched on in
# the middle of a sweep. usage in a test: . lab_fault_lib.sh; (args: V6PROBE V6ANALYZE)
#
# fault_sweep FAULT [ARG] runs tests/probe/data/fault-sweep.yaml in commune-ready (sequential:
# 3 pre.* checks, a 4 s "window" check, 5 post.* checks). Trigger: the bundle's temp results.jsonl
# (one write(2) per line) reaching 3 lines, i.e. the window check has started. The fault goes on then,
# and the test checks that results.jsonl still has exactly 3 lines afterwards (the window was still
# open, so every post.* check ran with the fault on); otherwise it fails rather than judge verdicts of
# checks that may have run before the fault. The fault is switched off when the run ends, and by the
# EXIT trap whatever happens.
. "$(dirname "${BASH_SOURCE[0]}")/lab_probe_lib.sh"
V6ANALYZE=${2:?usage: $0 PATH/TO/v6probe PATH/TO/v6analyze}
FAULT_SCENARIO=$REPO/tests/probe/data/fault-sweep.yaml
FAULT_ON=""
fault_cleanup() {
  [ -n "$FAULT_ON" ] && "$V6LAB" fault "$FAULT_ON" off >/dev/null 2>&1
  [ -n "${PROBE_PID:-}" ] && kill -KILL "$PROBE_PID" 2>/dev/null
  rm -rf "$OUT"
}
trap fault_cleanup EXIT

# results_lines FILE: number of complete lines (0 if FILE does not exist)
results_lines() { if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi; }

fault_sweep() {
  local fault=$1 arg=${2:-} node=commune-ready i n tmp="" t0 tf
  lab_require_up
  [ -z "$("$V6LAB" status --json | jq -r '.faults[].name')" ] || fail "a fault is already on: $("$V6LAB" status --json | jq -c .faults)"
  t0=$(date +%s.%N)
  # Not in_node (a function: in the background it is a subshell): v6lab exec -> ip netns exec ->
  # v6probe are execs, so $! is the probe itself.
  "$V6LAB" exec "$node" -- "$V6PROBE" run "$FAULT_SCENARIO" --site province/district-a/commune-ready \
    --out "$OUT/b" >"$OUT/stdout" 2>"$OUT/stderr" &
  PROBE_PID=$!
  # Wait (bounded: 20 s) until the 3 pre.* results are in the temp bundle.
  for ((i = 0; i < 400; i++)); do
    tmp=$(find "$OUT/b" -maxdepth 1 -name '.*.tmp' -type d 2>/dev/null | head -n1)
    n=$(results_lines "${tmp:-/nonexistent}/results.jsonl")
    [ "$n" -ge 3 ] && break
    kill -0 "$PROBE_PID" 2>/dev/null || fail "probe exited before the pre-fault checks finished: $(cat "$OUT/stderr")"
    sleep 0.05
  done
  [ "${n:-0}" -ge 3 ] || fail "the 3 pre-fault results did not appear within 20 s: $(cat "$OUT/stderr")"
  [ "$n" -eq 3 ] || fail "trigger missed the window: $n results already written"
  "$V6LAB" fault "$fault" on $arg >/dev/null || fail "v6lab fault $fault on $arg"
  FAULT_ON=$fault
  tf=$(echo "$(date +%s.%N) - $t0" | bc)
  cp "$tmp/results.jsonl" "$OUT/pre-fault.jsonl"
  n=$(results_lines "$OUT/pre-fault.jsonl")
  [ "$n" -eq 3 ] || fail "fault $fault came on after the window check ended ($n results written): cannot judge"
  pass "fault $fault${arg:+ $arg} on at ${tf}s, during the window check (3 results written before it)"
  # Let the run finish (bounded: run_deadline_s 60 + 15 s margin), then the fault goes off.
  for ((i = 0; i < 750; i++)); do
    kill -0 "$PROBE_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$PROBE_PID" 2>/dev/null && fail "probe still running 75 s after it started (run_deadline_s is 60)"
  wait "$PROBE_PID"
  RC=$?
  PROBE_PID=""
  SECONDS_TAKEN=$(echo "$(date +%s.%N) - $t0" | bc)
  "$V6LAB" fault "$fault" off >/dev/null || fail "v6lab fault $fault off"
  FAULT_ON=""
  BUNDLE=$(tail -n1 "$OUT/stdout")
  echo "v6probe run with fault $fault mid-sweep: exit $RC in ${SECONDS_TAKEN}s, bundle $BUNDLE"
  sed 's/^/  | /' "$OUT/stderr"
  jq -r '"  \(.seq) \(.check_id): \(.verdict) in \(.duration_ms) ms, \(.attempts) attempt(s): \(.reason)"' \
    "$BUNDLE/results.jsonl" 2>/dev/null
}

# fault_common WANT_RC...: what holds for every fault: exit code, bundle verifies (sha256sum, tshark,
# v6analyze verify), complete with every check, earlier results byte-identical and pass, every check
# within its deadlines, the run within its budget.
fault_common() {
  local want ok=0
  for want in "$@"; do [ "$RC" = "$want" ] && ok=1; done
  [ "$ok" = 1 ] || fail "exit code $RC, want one of: $*"
  pass "exit code $RC"
  bundle_ok
  "$V6ANALYZE" verify "$BUNDLE" >"$OUT/verify.out" 2>&1 || fail "v6analyze verify: $(cat "$OUT/verify.out")"
  pass "v6analyze verify: $(cat "$OUT/verify.out")"
  expect_eq "run.json status" "$(jq -r .status "$BUNDLE/run.json")" complete
  expect_eq "results" "$(wc -l <"$BUNDLE/results.jsonl")" 9
  expect_eq "skipped checks" "$(jq -s '[.[] | select(.verdict == "skipped")] | length' "$BUNDLE/results.jsonl")" 0
  head -n3 "$BUNDLE/results.jsonl" | cmp -s - "$OUT/pre-fault.jsonl" ||
    fail "the pre-fault results changed: $(diff <(head -n3 "$BUNDLE/results.jsonl") "$OUT/pre-fault.jsonl")"
  pass "the 3 pre-fault results are byte-identical to what was written before the fault"
  for id in pre.dns64.synth pre.nat64.tcp pre.native.tcp window; do
    expect_eq "$id verdict" "$(verdict "$id")" pass
  done
  # Deadlines (docs: an attempt still running at deadline + 100 ms + deadline/20 is cut; retries back
  # off 200 ms doubling): duration_ms <= sum over attempts of the cut-off + backoffs + 250 ms slack.
  python3 - "$FAULT_SCENARIO" "$BUNDLE/results.jsonl" <<'PY' || fail "a check overran its deadlines"
import json, sys, yaml
sc = yaml.safe_load(open(sys.argv[1]))
d = sc["defaults"]
deadline = {c["id"]: c.get("deadline_ms", d["deadline_ms"]) for c in sc["checks"]}
retries = {c["id"]: c.get("retries", d["retries"]) for c in sc["checks"]}
bad = 0
for line in open(sys.argv[2]):
    r = json.loads(line)
    dl, a = deadline[r["check_id"]], r["attempts"]
    if a > retries[r["check_id"]] + 1:
        print(f"FAIL: {r['check_id']}: {a} attempts, retries is {retries[r['check_id']]}"); bad = 1
    bound = a * (dl + 100 + dl / 20) + sum(min(200 * 2**k, 2000) for k in range(a - 1)) + 250
    ok = r["duration_ms"] <= bound
    print(f"{'ok' if ok else 'FAIL'}: {r['check_id']} {r['duration_ms']} ms in {a} attempt(s) <= {bound:.0f} ms")
    bad |= not ok
sys.exit(bad)
PY
  # Budget: the run's own run_deadline_s (60 s) was never hit (status complete above); the wall time
  # stays under the sum of every check's worst case plus 10 s of start-up/capture/finish.
  local budget
  budget=$(python3 -c "
import yaml; sc = yaml.safe_load(open('$FAULT_SCENARIO')); d = sc['defaults']
print(int(sum((c.get('retries', d['retries']) + 1) * (c.get('deadline_ms', d['deadline_ms']) * 1.05 + 100) + 200
              for c in sc['checks']) / 1000 + 10))")
  awk -v t="$SECONDS_TAKEN" -v b="$budget" 'BEGIN { exit !(t < b) }' || fail "run took ${SECONDS_TAKEN}s, budget ${budget}s"
  pass "run finished in ${SECONDS_TAKEN}s (< ${budget}s)"
}

# expect_verdict ID V1|V2...: the check's verdict is one of the given ones
expect_verdict() {
  local id=$1 want=$2 v
  v=$(verdict "$id")
  [[ "|$want|" == *"|$v|"* ]] || fail "$id: verdict '$v' ($(reason "$id")), want $want"
  pass "$id $v: $(reason "$id")"
}

# fault_evidence [CHECK_ID:RULE...]: `v6analyze analyze` of the bundle cites, for every check, exactly
# the frames tshark finds for the check's own flows and DNS ids (tests/probe/lab_evidence.py), no check
# agrees without a frame, and each CHECK_ID:RULE (unanswered_syns, unanswered_dns) holds: the cited
# frames are the packets that prove the fault's verdict.
fault_evidence() {
  local rc
  "$V6ANALYZE" analyze "$BUNDLE" --out "$OUT/analysis" --label fault -q >"$OUT/analyze.out" 2>&1
  rc=$?
  [ "$rc" -le 1 ] || fail "v6analyze analyze exited $rc: $(cat "$OUT/analyze.out")"
  # The expanded form (every key, frame numbers one by one: docs/findings-schema.md "Compact form").
  "$V6ANALYZE" expand "$OUT/analysis/findings.json" -o "$OUT/analysis/expanded.json" || fail "v6analyze expand"
  python3 "$REPO/tests/probe/lab_evidence.py" "$BUNDLE" "$OUT/analysis/expanded.json" "$@" >"$OUT/evidence.out" 2>&1
  rc=$?
  sed 's/^/  | /' "$OUT/evidence.out"
  [ "$rc" = 0 ] || fail "cited frames differ from tshark's, or do not prove the verdict (above)"
  pass "every check cites exactly its own frames (tshark agrees)${*:+; proven: $*}"
}

# fault_root_cause CAUSE CHECK_ID...: `v6analyze analyze` of the bundle groups the fault's symptoms under
# one root cause (docs/findings-schema.md "Root causes"): findings.json names CAUSE explaining at least
# the given checks, and the terminal output shows the cause line first with those checks' findings under
# it, not again in the list below.
fault_root_cause() {
  local cause=$1 id rc got
  shift
  "$V6ANALYZE" analyze "$BUNDLE" --out "$OUT/rc-analysis" --label fault >"$OUT/rc-terminal.out" 2>&1
  rc=$?
  [ "$rc" -le 1 ] || fail "v6analyze analyze exited $rc: $(cat "$OUT/rc-terminal.out")"
  sed 's/^/  | /' "$OUT/rc-terminal.out"
  got=$(jq -c --arg c "$cause" '[.sites[].root_causes // [] | .[] | select(.cause == $c)]' "$OUT/rc-analysis/findings.json")
  [ "$(jq length <<<"$got")" = 1 ] ||
    fail "want one root cause $cause, got: $(jq -c '[.sites[].root_causes // [] | .[] | {cause, checks}]' "$OUT/rc-analysis/findings.json")"
  for id in "$@"; do
    jq -e --arg id "$id" '.[0].checks | index($id)' <<<"$got" >/dev/null ||
      fail "root cause $cause does not explain $id: $(jq -c '.[0] | {checks, evidence}' <<<"$got")"
  done
  # Terminal: the cause line, then its evidence and the findings it folds (indented deeper).
  python3 - "$OUT/rc-terminal.out" "$(jq -r '.[0].title' <<<"$got")" "$@" <<'PY' || fail "terminal output does not fold the symptoms under the cause (above)"
import sys
lines = open(sys.argv[1]).read().splitlines()
title, ids = sys.argv[2], sys.argv[3:]
at = [i for i, l in enumerate(lines) if l.startswith("      cause (") and title in l]
if len(at) != 1:
    sys.exit(print(f"FAIL: want one cause line with '{title}', got {len(at)}"))
block = []
for l in lines[at[0] + 1:]:
    if not l.startswith("        "):
        break
    block.append(l)
rest = lines[at[0] + 1 + len(block):]
if not any(l.lstrip().startswith("evidence: ") for l in block):
    sys.exit(print("FAIL: no evidence line under the cause"))
folded = [l for l in block if not l.lstrip().startswith("evidence: ")]
if len(folded) < len(ids):
    sys.exit(print(f"FAIL: {len(folded)} finding(s) under the cause, want at least {len(ids)}"))
again = [l for l in rest if l in [f.replace("        ", "      ", 1) for f in folded]]
if again:
    sys.exit(print(f"FAIL: folded findings shown again: {again}"))
print(f"ok: cause '{title}' with {len(block) - len(folded)} evidence line(s) and {len(folded)} finding(s) under it")
PY
  # The same in Vietnamese (--lang vi, reports/i18n/vi.yaml rootcause.*): the cause, its evidence and how
  # to fix it, no English sentence of a root cause.
  "$V6ANALYZE" analyze "$BUNDLE" --out "$OUT/rc-analysis-vi" --label fault --lang vi >"$OUT/rc-terminal-vi.out" 2>&1
  rc=$?
  [ "$rc" -le 1 ] || fail "v6analyze analyze --lang vi exited $rc: $(cat "$OUT/rc-terminal-vi.out")"
  grep -q '^      nguyên nhân (' "$OUT/rc-terminal-vi.out" &&
    grep -q '^        bằng chứng: ' "$OUT/rc-terminal-vi.out" &&
    grep -q '^        cách khắc phục: ' "$OUT/rc-terminal-vi.out" ||
    { sed 's/^/  | /' "$OUT/rc-terminal-vi.out"; fail "--lang vi: no Vietnamese cause, evidence and advice lines (above)"; }
  ! grep -E '^      cause \(|^        evidence: |^        how to fix: ' "$OUT/rc-terminal-vi.out" ||
    fail "--lang vi: English root-cause text (above)"
  pass "root cause $cause explains $* ($(jq -r '.[0].evidence | join("; ")' <<<"$got")); in Vietnamese: $(grep -m1 '^      nguyên nhân' "$OUT/rc-terminal-vi.out" | sed 's/^ *//')"
}
