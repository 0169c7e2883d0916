#!/bin/bash
# fault loss (30 % per packet per direction on the commune links) switched on mid-sweep
# (tests/probe/data/fault-sweep.yaml on commune-ready): the earlier results stay intact; every later
# check either passes or fails only after its retry was used (attempts recorded), with the reason a
# timeout/loss one; every check ends within its deadlines; exit 0 or 1 (never 3); the bundle verifies.
. "$(dirname "$0")/lab_fault_lib.sh"
fault_sweep loss 30
fault_common 0 1
for id in post.dns64.synth post.nat64.tcp post.nat64.literal post.native.tcp post.native.literal; do
  v=$(verdict "$id")
  a=$(jq -r --arg id "$id" 'select(.check_id == $id) | .attempts' "$BUNDLE/results.jsonl")
  case "$v" in
    pass) pass "$id pass in $a attempt(s)" ;;
    fail|error)
      [ "$a" -eq 2 ] || fail "$id: $v after $a attempt(s) under loss: the retry was not used ($(reason "$id"))"
      pass "$id $v after $a attempts (retry recorded): $(reason "$id")" ;;
    *) fail "$id: verdict '$v' under loss, want pass, or fail/error after a retry" ;;
  esac
done
fault_evidence
