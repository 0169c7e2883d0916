#!/usr/bin/env bash
# Fixture lab.up: bring the lab up (v6lab cleans leftovers of a crashed run itself), within 30 s.
. "$(dirname "$0")/lib.sh"
lab_preflight
start=$(date +%s%N)
timeout 60 "$V6LAB" up || fail "v6lab up failed (the failing step is named above)"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "lab up took ${ms} ms"
[ "$ms" -lt 30000 ] || fail "up took ${ms} ms (budget 30 s)"
"$V6LAB" status || fail "status reports a missing node or a dead process"
# Remember what we started, so lab.down_leaves_nothing can check that each PID is gone.
"$V6LAB" status --json > "${LAB_RECORD:-/tmp/v6lab-test-record.json}" || fail "status --json"
