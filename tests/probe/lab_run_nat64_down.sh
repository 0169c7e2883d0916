#!/bin/bash
# fault nat64-down on commune-ready: nat64.* fail within their deadlines and the run ends in bounded
# time (< sum over nat64 checks of deadline x attempts + 10 s margin), exit 1.
. "$(dirname "$0")/lab_probe_lib.sh"
lab_require_up
"$V6LAB" fault nat64-down on >/dev/null || fail "fault nat64-down on"
trap '"$V6LAB" fault nat64-down off >/dev/null; rm -rf "$OUT"' EXIT
probe_run commune-ready province/district-a/commune-ready
expect_eq "exit code" "$RC" 1
bundle_ok
for id in nat64.tcp nat64.udp nat64.icmp nat64.http nat64.pmtu; do
  v=$(verdict $id)
  case "$v" in fail|error) pass "$id $v: $(reason $id)" ;; *) fail "$id: verdict '$v', want fail" ;; esac
done
# Each attempt is cut at deadline + grace (100 ms + deadline/20); retries add a backoff <= 2 s.
limit=$(jq -s '[.[] | select(.kind | startswith("nat64.")) | .attempts] | length' "$BUNDLE/results.jsonl")
budget=$(( 3 * 2 * 4 + 8 * 2 + 10 ))  # 4 checks x 3 s x 2 attempts + pmtu 8 s x 2 + margin
awk -v t="$SECONDS_TAKEN" -v b="$budget" 'BEGIN { exit !(t < b) }' || fail "run took ${SECONDS_TAKEN}s, bound ${budget}s"
pass "run finished in ${SECONDS_TAKEN}s (< ${budget}s) with $limit nat64 results"
jq -r 'select(.kind | startswith("nat64.")) | "\(.check_id) \(.duration_ms) \(.attempts)"' "$BUNDLE/results.jsonl" |
  while read -r id d a; do
    awk -v d="$d" -v a="$a" 'BEGIN { exit !(d < a * 8000 * 1.05 + 100 + (a - 1) * 2000 + 500) }' ||
      fail "$id took $d ms in $a attempt(s): over its deadlines"
  done || exit 1
pass "every nat64 check ended within its deadlines"
# The terminal output names every failing check with its reason (issue 16 "Done when").
summary_names_failures commune-ready
