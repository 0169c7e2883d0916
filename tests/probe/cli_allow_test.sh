#!/bin/bash
# A scenario with a literal target outside its allow-list is refused at the CLI, before any traffic:
# `v6probe check` and `v6probe run` exit 2 naming file:line:col, the check and the address; run creates
# no bundle (not even the output dir or a temp dir), so nothing was captured or sent. A check's own
# `resolver` outside the allow-list is refused the same way. No root needed.
# usage: cli_allow_test.sh PATH/TO/v6probe DATA_DIR
set -u
V6PROBE=$1
DATA=$2
OUT=$(mktemp -d /tmp/v6probe-allow.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
want="$DATA/outside-allow.yaml:10:56: checks[1] 'outside' params.address: 2001:db9::1 is outside the scenario allow-list"

"$V6PROBE" check "$DATA/outside-allow.yaml" >"$OUT/check.out" 2>"$OUT/check.err"
rc=$?
[ "$rc" = 2 ] || fail "v6probe check: exit $rc, want 2"
grep -qF "$want" "$OUT/check.err" || fail "v6probe check stderr: '$(cat "$OUT/check.err")', want '$want'"

"$V6PROBE" run "$DATA/outside-allow.yaml" --site p/d/c --out "$OUT/bundles" --no-capture >"$OUT/run.out" 2>"$OUT/run.err"
rc=$?
[ "$rc" = 2 ] || fail "v6probe run: exit $rc, want 2 ($(cat "$OUT/run.err"))"
grep -qF "$want" "$OUT/run.err" || fail "v6probe run stderr: '$(cat "$OUT/run.err")', want '$want'"
[ ! -e "$OUT/bundles" ] || fail "v6probe run wrote into --out: $(ls -A "$OUT/bundles")"
[ ! -s "$OUT/run.out" ] || fail "v6probe run printed a bundle: $(cat "$OUT/run.out")"

# A check's own resolver (params.resolver) outside the allow-list is refused the same way.
sed 's/id: outside, kind: service.tcp, params: {address: "2001:db9::1", port: 80}/id: outside, kind: dns64.synthesis, params: {name: v4only.lab.test, resolver: "2001:db9::53"}/' \
  "$DATA/outside-allow.yaml" >"$OUT/outside-resolver.yaml"
"$V6PROBE" check "$OUT/outside-resolver.yaml" >/dev/null 2>"$OUT/resolver.err"
rc=$?
[ "$rc" = 2 ] || fail "v6probe check (resolver): exit $rc, want 2"
grep -qF "checks[1] 'outside' params.resolver: 2001:db9::53 is outside the scenario allow-list" "$OUT/resolver.err" ||
  fail "v6probe check (resolver) stderr: '$(cat "$OUT/resolver.err")'"
"$V6PROBE" run "$OUT/outside-resolver.yaml" --site p/d/c --out "$OUT/bundles" --no-capture >/dev/null 2>"$OUT/resolver-run.err"
rc=$?
[ "$rc" = 2 ] || fail "v6probe run (resolver): exit $rc, want 2 ($(cat "$OUT/resolver-run.err"))"
[ ! -e "$OUT/bundles" ] || fail "v6probe run (resolver) wrote into --out"

# The same scenario without the outside check is accepted.
grep -v "id: outside" "$DATA/outside-allow.yaml" >"$OUT/inside.yaml"
out=$("$V6PROBE" check "$OUT/inside.yaml" 2>&1) || fail "inside-only scenario refused: $out"

if [ "$fails" -ne 0 ]; then echo "$fails failure(s)"; exit 1; fi
echo "cli allow-list refusal: all passed"
