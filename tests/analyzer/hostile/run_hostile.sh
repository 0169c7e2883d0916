#!/bin/bash
# Hostile bundles (issue: a symlink in a bundle leaked the file it points to). Built at test time from
# the corrupt corpus's good bundle, next to a "secret" file the analyzer must never show:
#  - every bundle file (run.json, results.jsonl, capture.pcapng, scenario.yaml, MANIFEST.sha256,
#    MANIFEST.sig, signer.pub) in turn a symbolic link to the secret, then a hard link to it, then a FIFO;
#  - every bundle file in turn replaced by a copy of the secret (a file the manifest does not vouch for:
#    its errors may say which line, never what is in it);
#  - the bundle directory itself a link, a .tar that is a link;
#  - a spool holding one bundle and links looping back (.., the spool itself, a link to the bundle).
# Each through `verify`, `analyze` (with and without --allow-unverified), `report` (every format) and
# `gate`: no marker of the secret in any output (stdout, stderr, findings.json, report files, JUnit),
# the documented exit codes, each bundle counted once. No root, no network.
# usage: V6ANALYZE=... SRC=<repo> run_hostile.sh
set -uo pipefail
V6ANALYZE=${V6ANALYZE:?set V6ANALYZE}
SRC=${SRC:?set SRC}
GOOD=$(find "$SRC/tests/analyzer/corrupt/cases/good" -mindepth 1 -maxdepth 1 -type d | head -n1)
[ -d "$GOOD" ] || { echo "FAIL: no good bundle under tests/analyzer/corrupt/cases/good"; exit 1; }
NAME=$(basename "$GOOD")
OUT=$(mktemp -d /tmp/v6analyze-hostile.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
PLAN=(--plan "$SRC/scenarios/plan-2026-2030.yaml" --year 2026)
POLICY=$SRC/scenarios/policy-min-l2.yaml

# The secret: lines shaped to be echoed by a careless parser (a JSON string first, a YAML mapping, a
# passwd-like line), each carrying a marker that appears nowhere else.
SECRET=$OUT/secret
MARKERS=(Qz7SECRETalpha Qz7SECRETbravo Qz7SECRETcharlie Qz7SECRETdelta)
{
  printf '"%s": 1\n' "${MARKERS[0]}"
  printf '{"site": "%s", "verdict": "pass"}\n' "${MARKERS[1]}"
  printf 'root:%s:19000:0:99999:7:::\n' "${MARKERS[2]}"
  printf 'pref64: %s\n' "${MARKERS[3]}"
} >"$SECRET"

# no_leak WHAT DIR...: no marker anywhere under the outputs
no_leak() {
  local what=$1
  shift
  for m in "${MARKERS[@]}" "$(head -c 12 "$SECRET")"; do
    if grep -rqaF -- "$m" "$@" 2>/dev/null; then
      fail "$what: the secret ('$m') appears in: $(grep -rlaF -- "$m" "$@" | tr '\n' ' ')"
      return 1
    fi
  done
  return 0
}

no_crash() {  # WHAT RC STDERR
  case "$2" in 0 | 1 | 2 | 3) ;; *) fail "$1: exit $2 (signal, timeout or undocumented code)" ;; esac
  if grep -qE 'Sanitizer|runtime error:|terminate called|Segmentation fault|Aborted' "$3"; then
    fail "$1: crash report: $(head -c 400 "$3")"
  fi
}

# run_all CASE INPUT WANT_VERIFY WANT_ANALYZE WANT_ANALYZE_ALLOW: every command over INPUT into $OUT/o/CASE
run_all() {
  local c=$1 in=$2 wv=$3 wa=$4 waa=$5 o=$OUT/o/$1 rc
  mkdir -p "$o"
  timeout 60 "$V6ANALYZE" verify "$in" >"$o/verify.out" 2>"$o/verify.err"
  rc=$?
  no_crash "$c: verify" $rc "$o/verify.err"
  [ "$rc" = "$wv" ] || fail "$c: verify exit $rc, want $wv: $(head -c 300 "$o/verify.out" "$o/verify.err")"
  for mode in strict allow; do
    local flag=() want=$wa
    [ $mode = allow ] && flag=(--allow-unverified) && want=$waa
    timeout 60 "$V6ANALYZE" analyze "$in" --out "$o/$mode" "${flag[@]}" "${PLAN[@]}" \
      >"$o/$mode.out" 2>"$o/$mode.err"
    rc=$?
    no_crash "$c: analyze ($mode)" $rc "$o/$mode.err"
    [ "$rc" = "$want" ] || fail "$c: analyze ($mode) exit $rc, want $want: $(head -c 300 "$o/$mode.err")"
    if [ -f "$o/$mode/findings.json" ]; then
      timeout 60 "$V6ANALYZE" report "$o/$mode/findings.json" --out "$o/$mode/report" \
        >"$o/$mode.report.out" 2>&1 || fail "$c: report ($mode) failed: $(head -c 300 "$o/$mode.report.out")"
    else
      fail "$c: analyze ($mode) wrote no findings.json"
    fi
    (cd "$o" && timeout 60 "$V6ANALYZE" gate --policy "$POLICY" --junit "$o/$mode.gate.xml" "${flag[@]}" \
      --plan "$SRC/scenarios/plan-2026-2030.yaml" "$in" >"$o/$mode.gate.out" 2>&1)
    rc=$?
    case $rc in 0 | 1 | 2 | 3) ;; *) fail "$c: gate ($mode) exit $rc" ;; esac
  done
  no_leak "$c" "$o"
}

# fresh CASE: a copy of the good bundle at $OUT/b/CASE/NAME, printed
fresh() {
  local d=$OUT/b/$1/$NAME
  mkdir -p "$OUT/b/$1"
  cp -r "$GOOD" "$d"
  printf '%s' "$d"
}

# A signed-looking bundle also has these; a link in their place is refused like any other.
FILES=(run.json results.jsonl capture.pcapng scenario.yaml MANIFEST.sha256 MANIFEST.sig signer.pub)
n=0
for f in "${FILES[@]}"; do
  # A link, a hard link, a FIFO: the bundle is refused (exit 1) even with --allow-unverified.
  d=$(fresh "symlink-$f")
  rm -f "$d/$f"
  ln -s "$SECRET" "$d/$f"
  run_all "symlink-$f" "$d" 1 1 1
  grep -qF "$f: is a symbolic link" "$OUT/o/symlink-$f/verify.out" ||
    fail "symlink-$f: verify does not name the link: $(cat "$OUT/o/symlink-$f/verify.out")"
  d=$(fresh "hardlink-$f")
  rm -f "$d/$f"
  ln "$SECRET" "$d/$f"
  run_all "hardlink-$f" "$d" 1 1 1
  d=$(fresh "fifo-$f")
  rm -f "$d/$f"
  mkfifo "$d/$f"
  run_all "fifo-$f" "$d" 1 1 1  # never opened: a read would block until the timeout
  n=$((n + 3))
done

# A copy of the secret in place of a file: not vouched for by the manifest. Refused (1) without
# --allow-unverified; with it, analysed and flagged (3 when the file cannot be read, 1 otherwise).
for spec in run.json:3 results.jsonl:3 capture.pcapng:3 scenario.yaml:1 MANIFEST.sha256:1; do
  f=${spec%%:*}
  d=$(fresh "copy-$f")
  cp "$SECRET" "$d/$f"
  run_all "copy-$f" "$d" 1 1 "${spec##*:}"
  n=$((n + 1))
done

# The bundle itself reached through a link: refused, nothing read.
mkdir -p "$OUT/b/link-bundle"
ln -s "$GOOD" "$OUT/b/link-bundle/$NAME"
run_all link-bundle "$OUT/b/link-bundle/$NAME" 1 1 1
# A .tar bundle that is a link to the secret.
mkdir -p "$OUT/b/link-tar"
ln -s "$SECRET" "$OUT/b/link-tar/$NAME.tar"
run_all link-tar "$OUT/b/link-tar/$NAME.tar" 1 1 1
n=$((n + 2))

# A spool with one bundle and links looping back: walked once, the bundle counted once, links skipped.
S=$OUT/b/spool
mkdir -p "$S/a/b"
cp -r "$GOOD" "$S/a/"
ln -s .. "$S/a/b/up"
ln -s ../a "$S/a/b/again"
ln -s "$S" "$S/self"
ln -s "$S/a/$NAME" "$S/a/b/${NAME%?}9"  # a link to the bundle under another bundle name
ln -s "$SECRET" "$S/${NAME%?}8.tar"
run_all spool "$S" 0 0 0
o=$OUT/o/spool
[ "$(grep -c ': OK' "$o/verify.out")" = 1 ] || fail "spool: verify lists the bundle other than once: $(cat "$o/verify.out")"
for mode in strict allow; do
  jq -e '.sweep.bundle_count == 1 and (.sites | length) == 1' "$o/$mode/findings.json" >/dev/null ||
    fail "spool ($mode): bundle_count/sites not 1: $(jq -c '{c: .sweep.bundle_count, s: (.sites | length)}' "$o/$mode/findings.json")"
  grep -qF 'from 1 bundle(s)' "$o/$mode.err" "$o/$mode.out" || fail "spool ($mode): summary does not say 1 bundle"
done
grep -qF 'symbolic link (never followed in a spool)' "$o/verify.err" || fail "spool: skipped links not said"
n=$((n + 1))

echo "$n hostile cases, $fails failure(s)"
[ "$fails" = 0 ]
