#!/usr/bin/env bash
# Fixture cleanup lab.down: ctest runs it even when property tests failed.
. "$(dirname "$0")/lib.sh"
lab_preflight
start=$(date +%s%N)
timeout 60 "$V6LAB" down || fail "v6lab down failed"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "lab down took ${ms} ms"
[ "$ms" -lt 30000 ] || fail "down took ${ms} ms (budget 30 s)"
