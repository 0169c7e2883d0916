#!/bin/bash
# commune-ready: the baseline passes (DO+CD informational), exit 0, bundle verifies, pcapng has DNS.
. "$(dirname "$0")/lab_probe_lib.sh"
lab_require_up
probe_run commune-ready province/district-a/commune-ready
expect_eq "exit code" "$RC" 0
bundle_ok
expect_eq "run.json status" "$(jq -r .status "$BUNDLE/run.json")" complete
bad=$(jq -r 'select(.verdict != "pass" and .verdict != "info") | "\(.check_id): \(.verdict): \(.reason)"' "$BUNDLE/results.jsonl")
[ -z "$bad" ] || fail "checks not passing on commune-ready: $bad"
pass "every check pass (or info)"
expect_eq "results" "$(wc -l <"$BUNDLE/results.jsonl")" "$(grep -c '^  - id:' "$SCENARIO")"
dns=$(tshark -r "$BUNDLE/capture.pcapng" -Y dns 2>/dev/null | wc -l)
[ "$dns" -gt 0 ] || fail "no DNS frames in capture.pcapng"
pass "capture.pcapng has $dns DNS frames"
