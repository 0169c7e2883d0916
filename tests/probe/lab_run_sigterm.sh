#!/bin/bash
# SIGTERM mid-run: exit 3, a bundle marked partial that verifies. While it runs, CapEff of the probe
# in /proc is exactly the kept set (cap_net_raw, cap_net_bind_service) and matches what it logged.
. "$(dirname "$0")/lab_probe_lib.sh"
lab_require_up
"$V6LAB" fault nat64-down on >/dev/null || fail "fault nat64-down on"   # keep the run busy
trap '"$V6LAB" fault nat64-down off >/dev/null; rm -rf "$OUT"' EXIT
in_node commune-ready "$V6PROBE" run "$SCENARIO" --site province/district-a/commune-ready --out "$OUT/b" \
  >"$OUT/stdout" 2>"$OUT/stderr" &
sleep 1
pid=$(pgrep -n -f "$V6PROBE run $SCENARIO") || fail "probe not running after 1 s: $(cat "$OUT/stderr")"
capeff=$(awk '/^CapEff:/ {print $2}' "/proc/$pid/status")
expect_eq "CapEff of the running probe" "$capeff" 0000000000002400
grep -q "CapEff $capeff" "$OUT/stderr" || fail "probe did not log CapEff $capeff: $(cat "$OUT/stderr")"
pass "probe logged the same CapEff"
kill -TERM "$pid"
wait $!
RC=$?
sed 's/^/  | /' "$OUT/stderr"
expect_eq "exit code after SIGTERM" "$RC" 3
BUNDLE=$(tail -n1 "$OUT/stdout")
bundle_ok
expect_eq "run.json status" "$(jq -r .status "$BUNDLE/run.json")" partial
expect_eq "partial_reason" "$(jq -r .partial_reason "$BUNDLE/run.json")" "interrupted by SIGTERM"
ls -a "$OUT/b" | grep >/dev/null '\.tmp$' && fail "a .tmp dir was left behind"
pass "no .tmp dir left"
