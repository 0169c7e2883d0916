#!/bin/sh
# CLI test of v6probe: the RFC 6052 §2.4 table round-trips through `v6probe addr`, RFC 7050 discovery,
# scenario validation (ok / file:line:col + exit 2), a signing key with loose mode or another owner
# refused (exit 2), usage errors exit 2, --version/--help exit 0.
# usage: cli_test.sh PATH/TO/v6probe DATA_DIR
set -u
V6PROBE=$1
DATA=$2
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect RC EXPECTED_STDOUT CMD...: run CMD, compare exit code and stdout.
expect() {
  want_rc=$1; want_out=$2; shift 2
  out=$("$@" 2>/tmp/v6probe_cli_err.$$); rc=$?
  [ "$rc" = "$want_rc" ] || fail "$* -> exit $rc, want $want_rc ($(cat /tmp/v6probe_cli_err.$$))"
  [ -z "$want_out" ] || [ "$out" = "$want_out" ] || fail "$* -> '$out', want '$want_out'"
}
# expect_err RC STDERR_SUBSTRING CMD...
expect_err() {
  want_rc=$1; want_err=$2; shift 2
  "$@" >/dev/null 2>/tmp/v6probe_cli_err.$$; rc=$?
  err=$(cat /tmp/v6probe_cli_err.$$)
  [ "$rc" = "$want_rc" ] || fail "$* -> exit $rc, want $want_rc"
  case "$err" in *"$want_err"*) ;; *) fail "$* -> stderr '$err', want '$want_err'" ;; esac
}

# RFC 6052 §2.4 (prefix, IPv4, IPv4-embedded IPv6 in RFC 5952 canonical text).
while read -r prefix v4 v6; do
  expect 0 "$v6" "$V6PROBE" addr embed --allow-wkp-non-global "$prefix" "$v4"
  expect 0 "$v4" "$V6PROBE" addr extract --allow-wkp-non-global "$prefix" "$v6"
done <<'TABLE'
2001:db8::/32 192.0.2.33 2001:db8:c000:221::
2001:db8:100::/40 192.0.2.33 2001:db8:1c0:2:21::
2001:db8:122::/48 192.0.2.33 2001:db8:122:c000:2:2100::
2001:db8:122:300::/56 192.0.2.33 2001:db8:122:3c0:0:221::
2001:db8:122:344::/64 192.0.2.33 2001:db8:122:344:c0:2:2100:0
2001:db8:122:344::/96 192.0.2.33 2001:db8:122:344::c000:221
64:ff9b::/96 192.0.2.33 64:ff9b::c000:221
TABLE
# The RFC's dotted-quad spelling is accepted on input.
expect 0 "192.0.2.33" "$V6PROBE" addr extract --allow-wkp-non-global 64:ff9b::/96 64:ff9b::192.0.2.33

# Errors: exit 2 with a clear message.
expect_err 2 "RFC 6052 §3.1" "$V6PROBE" addr embed 64:ff9b::/96 192.0.2.33
expect_err 2 "prefix length 33 is not one of 32, 40, 48, 56, 64, 96" "$V6PROBE" addr embed 2001:db8::/33 192.0.2.1
expect_err 2 "invalid prefix 'nope'" "$V6PROBE" addr embed nope 192.0.2.1
expect_err 2 "invalid IPv4 address '192.0.2'" "$V6PROBE" addr embed 2001:db8::/32 192.0.2
expect_err 2 "u-octet" "$V6PROBE" addr extract 2001:db8:122:344::/64 2001:db8:122:344:1c0:2:2100:0
expect_err 2 "is not inside" "$V6PROBE" addr extract 2001:db8:64::/96 2001:db8:65::c000:20a
expect_err 0 "suffix bits are not zero" "$V6PROBE" addr extract 2001:db8::/32 2001:db8:c000:221::1

# RFC 7050 discovery.
expect 0 "2001:db8:64::/96" "$V6PROBE" addr discover 2001:db8:64::c000:aa 2001:db8:64::c000:ab
expect_err 1 "no Pref64::/n found" "$V6PROBE" addr discover 2001:db8::1
expect_err 2 "invalid IPv6 address" "$V6PROBE" addr discover 192.0.0.170

# Scenarios.
expect 0 "ok: 26 checks" "$V6PROBE" check "$DATA/all-kinds.yaml"
expect_err 2 "$DATA/typo.yaml:12:7: checks[1].params.expected_prefx: unknown key (did you mean 'expected_prefix'?)" \
  "$V6PROBE" check "$DATA/typo.yaml"
expect_err 2 "cannot read file" "$V6PROBE" check "$DATA/does-not-exist.yaml"
# A capacity check (docs/checks-capacity.md) without its rate and duration ceilings is refused by
# `check` and by `run` (nothing runs, nothing is written).
expect_err 2 "$DATA/capacity-no-ceiling.yaml:8:13: checks[0].params.max_rate: missing required key" \
  "$V6PROBE" check "$DATA/capacity-no-ceiling.yaml"
expect_err 2 "checks[0].params.max_duration_ms: missing required key" "$V6PROBE" check "$DATA/capacity-no-ceiling.yaml"
expect_err 2 "$DATA/capacity-no-ceiling.yaml:11:13: checks[1].params.max_sessions: missing required key" \
  "$V6PROBE" check "$DATA/capacity-no-ceiling.yaml"
expect_err 2 "checks[1].params.max_duration_ms: missing required key" "$V6PROBE" check "$DATA/capacity-no-ceiling.yaml"
CAPOUT=/tmp/v6probe_cli_cap.$$
expect_err 2 "checks[0].params.max_rate: missing required key" \
  "$V6PROBE" run --site a/b/c --out "$CAPOUT" --no-capture "$DATA/capacity-no-ceiling.yaml"
[ ! -e "$CAPOUT" ] || fail "v6probe run wrote $CAPOUT for a capacity check without ceilings"
# Every error of a scenario at once, each with file:line:col (issue 16 point 7); `run` the same, before
# anything is written; bytes from the file reach the terminal escaped.
M="$DATA/many-errors.yaml"
for cmd in check run; do
  if [ "$cmd" = run ]; then args="run --site a/b/c --out /tmp/v6probe_cli_out.$$ --no-capture $M"; else args="check $M"; fi
  # shellcheck disable=SC2086
  "$V6PROBE" $args >/dev/null 2>/tmp/v6probe_cli_err.$$; rc=$?
  [ "$rc" = 2 ] || fail "v6probe $cmd many-errors.yaml -> exit $rc, want 2"
  for want in \
    "$M:5:7: name: invalid name 'many\\x1b[31m\\u202e'" \
    "$M:6:10: budget.concurency: unknown key (did you mean 'concurrency'?)" \
    "$M:11:5: checks[0].retires: unknown key (did you mean 'retries'?)" \
    "$M:13:11: checks[1].kind: unknown check kind 'dns64.sythnesis' (did you mean 'dns64.synthesis'?)" \
    "$M:16:14: checks[2].params.adress: unknown key (did you mean 'address'?)" \
    "$M:16:43: checks[2].params.port: "; do
    grep -qF -- "$want" /tmp/v6probe_cli_err.$$ || fail "v6probe $cmd many-errors.yaml: stderr lacks '$want': $(cat /tmp/v6probe_cli_err.$$)"
  done
  n=$(grep -c "^\(v6probe: error: \)\?$M:" /tmp/v6probe_cli_err.$$)
  [ "$n" = 6 ] || fail "v6probe $cmd many-errors.yaml: $n error lines, want 6: $(cat /tmp/v6probe_cli_err.$$)"
  if LC_ALL=C grep -q "$(printf '\033')" /tmp/v6probe_cli_err.$$; then fail "v6probe $cmd: a raw ESC reached stderr"; fi
  [ ! -e /tmp/v6probe_cli_out.$$ ] || [ -z "$(ls -A /tmp/v6probe_cli_out.$$)" ] || fail "v6probe run wrote into --out"
  rm -rf /tmp/v6probe_cli_out.$$
done

# Signing keys (core/signing.hpp): `run` refuses, with exit 2 before anything runs or is written, a
# private key others may read and one another user owns (like ssh).
K=/tmp/v6probe_cli_key.$$
expect 0 "" "$V6PROBE" keygen --out "$K"
chmod 640 "$K/probe.key"
expect_err 2 "chmod 600" "$V6PROBE" run --site a/b/c --out "$K/out" --no-capture --sign-key "$K/probe.key" \
  "$DATA/all-kinds.yaml"
chmod 600 "$K/probe.key"
if [ "$(id -u)" = 0 ]; then chown 65534:65534 "$K/probe.key"; other=$K/probe.key; else other=/etc/passwd; fi
expect_err 2 "not by the user running this" "$V6PROBE" run --site a/b/c --out "$K/out" --no-capture \
  --sign-key "$other" "$DATA/all-kinds.yaml"
[ ! -e "$K/out" ] || [ -z "$(ls -A "$K/out")" ] || fail "v6probe run with a refused key wrote into --out"
rm -rf "$K"

# Usage.
expect 0 "" "$V6PROBE" --version
"$V6PROBE" --version | grep >/dev/null '^v6probe [0-9]' || fail "--version format"
expect 0 "" "$V6PROBE" --help
expect 0 "" "$V6PROBE" addr embed --help
expect 0 "" "$V6PROBE" check --help
expect_err 2 "" "$V6PROBE"
expect_err 2 "" "$V6PROBE" no-such-command
expect_err 2 "" "$V6PROBE" addr embed 2001:db8::/32
n=$("$V6PROBE" list-checks | wc -l)
[ "$n" = 26 ] || fail "list-checks printed $n lines, want 26"
"$V6PROBE" list-checks | grep >/dev/null '^dns64.synthesis ' || fail "list-checks lacks dns64.synthesis"

rm -f /tmp/v6probe_cli_err.$$
if [ "$fails" -ne 0 ]; then echo "$fails failure(s)"; exit 1; fi
echo "cli: all passed"
