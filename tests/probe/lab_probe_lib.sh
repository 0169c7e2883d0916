# tests/probe/lab_probe_lib.sh — sourced by the probe's lab tests (bash): run v6probe inside a lab
# node and inspect the bundle. usage in a test: . lab_probe_lib.sh; (args: V6PROBE)
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$REPO/tests/lab/lib.sh"
V6PROBE=${1:?usage: $0 PATH/TO/v6probe}
SCENARIO=$REPO/scenarios/commune-baseline.yaml
OUT=$(mktemp -d /tmp/v6probe-lab.XXXXXX)
trap 'rm -rf "$OUT"' EXIT

# probe_run NODE SITE [ARGS...]: runs the baseline in NODE; sets RC, BUNDLE, SECONDS_TAKEN.
probe_run() {
  local node=$1 site=$2; shift 2
  local t0; t0=$(date +%s.%N)
  BUNDLE=$(in_node "$node" "$V6PROBE" run "$SCENARIO" --site "$site" --out "$OUT/$node" "$@" 2>"$OUT/$node.stderr")
  RC=$?
  SECONDS_TAKEN=$(echo "$(date +%s.%N) - $t0" | bc)
  echo "v6probe run in $node: exit $RC in ${SECONDS_TAKEN}s, bundle $BUNDLE"
  sed 's/^/  | /' "$OUT/$node.stderr"
}

# verdict CHECK_ID: the verdict of one check in $BUNDLE
verdict() { jq -r --arg id "$1" 'select(.check_id == $id) | .verdict' "$BUNDLE/results.jsonl"; }
reason() { jq -r --arg id "$1" 'select(.check_id == $id) | .reason' "$BUNDLE/results.jsonl"; }

# bundle_ok: MANIFEST verifies with coreutils, run.json parses, the capture opens in tshark.
bundle_ok() {
  [ -d "$BUNDLE" ] || fail "no bundle directory ('$BUNDLE')"
  (cd "$BUNDLE" && sha256sum --quiet -c MANIFEST.sha256) || fail "sha256sum -c MANIFEST.sha256 failed in $BUNDLE"
  pass "sha256sum -c MANIFEST.sha256"
  jq -e . "$BUNDLE/run.json" >/dev/null || fail "run.json does not parse"
  if [ -f "$BUNDLE/capture.pcapng" ]; then
    tshark -r "$BUNDLE/capture.pcapng" >/dev/null 2>"$OUT/tshark.err" || fail "tshark cannot open capture.pcapng: $(cat "$OUT/tshark.err")"
    pass "tshark opens capture.pcapng ($(tshark -r "$BUNDLE/capture.pcapng" 2>/dev/null | wc -l) frames)"
  fi
}

# summary_names_failures NODE: the terminal output of the last probe_run in NODE (its stderr, piped, so
# wrapped at 100 columns) names every check that did not pass with its verdict and its whole reason in
# the end-of-run summary, and a progress line for it, and ends with the bundle path (issue 16).
summary_names_failures() {
  local node=$1 err=$OUT/$1.stderr n=0
  # The summary: from "v6probe: N checks in" to the end, continuation lines joined, spaces squeezed.
  local summary
  summary=$(sed -n '/^v6probe: [0-9]* checks\? in /,$p' "$err" | tr '\n' ' ' | tr -s ' ')
  [ -n "$summary" ] || fail "no run summary on stderr"
  while IFS=$'\t' read -r id verdict why; do
    n=$((n + 1))
    local label; label=$(echo "$verdict" | tr a-z A-Z)
    why=$(printf '%s' "$why" | tr -s ' ')
    case "$summary" in
      *" $label $id ("*"): $why "*) pass "summary names $id ($verdict) with its reason" ;;
      *) fail "summary lacks '$label $id (...): $why': $summary" ;;
    esac
    grep -q "^\[[0-9]*/[0-9]*\] $id .*: $verdict ([0-9]* ms): " "$err" ||
      fail "no progress line for $id with its verdict and reason"
  done < <(jq -r 'select(.verdict == "fail" or .verdict == "error" or .verdict == "warn")
                  | [.check_id, .verdict, .reason] | @tsv' "$BUNDLE/results.jsonl")
  [ "$n" -gt 0 ] || fail "no check failed, nothing to name"
  case "$summary" in *" bundle: $BUNDLE "*) pass "summary ends with the bundle path" ;;
    *) fail "summary lacks 'bundle: $BUNDLE'" ;; esac
  if LC_ALL=C grep -q "$(printf '\033')" "$err"; then fail "a raw ESC in v6probe's piped stderr"; fi
}
