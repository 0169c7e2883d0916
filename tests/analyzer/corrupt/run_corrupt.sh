#!/bin/bash
# v6analyze over the corrupt-input corpus (cases/, made by make_corpus.py from one good probe bundle;
# expectations in cases.tsv). For each case, `analyze` and `verify`: never a crash (no signal exit, no
# sanitizer report, no uncaught exception), the documented exit code, a clear error naming the file
# (and frame + byte offset for captures), findings.json written and marked partial when partial, with
# the readable results kept. Then all cases at once as one spool tree. No root, no network.
# usage: V6ANALYZE=... SRC=<repo> run_corrupt.sh
set -uo pipefail
V6ANALYZE=${V6ANALYZE:?set V6ANALYZE}
SRC=${SRC:?set SRC}
HERE=$SRC/tests/analyzer/corrupt
OUT=$(mktemp -d /tmp/v6analyze-corrupt.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
PLAN=(--plan "$SRC/scenarios/plan-2026-2030.yaml" --year 2026)

# no_crash WHAT RC STDERR_FILE: exit code is one of the documented ones, nothing a crash prints
no_crash() {
  case "$2" in 0|1|2|3) ;; *) fail "$1: exit $2 (signal or undocumented code)"; return 1 ;; esac
  if grep -qE 'Sanitizer|runtime error:|terminate called|Segmentation fault|Aborted' "$3"; then
    fail "$1: crash report on stderr: $(head -c 600 "$3")"
    return 1
  fi
  return 0
}

n=0
while IFS=$'\t' read -r name arc vrc status pfile msg kept; do
  case "$name" in ''|'#'*) continue ;; esac
  n=$((n + 1))
  dir=$HERE/cases/$name
  bundle=$(find "$dir" -mindepth 1 -maxdepth 1 -type d | head -n1)
  [ -d "$bundle" ] || { fail "$name: no bundle dir in $dir"; continue; }
  o=$OUT/$name
  mkdir -p "$o"

  # analyze, given the bundle dir itself
  "$V6ANALYZE" analyze "$bundle" --out "$o" -q "${PLAN[@]}" >"$o/stdout" 2>"$o/stderr"
  rc=$?
  no_crash "$name: analyze" "$rc" "$o/stderr" || continue
  [ "$rc" = "$arc" ] || fail "$name: analyze exit $rc, want $arc ($(head -c 300 "$o/stderr"))"
  f=$o/findings.json
  if [ ! -f "$f" ]; then
    fail "$name: no findings.json (stderr: $(head -c 300 "$o/stderr"))"
    continue
  fi
  got=$(jq -r .status "$f")
  [ "$got" = "$status" ] || fail "$name: findings status '$got', want '$status'"
  if [ "$pfile" = - ]; then
    np=$(jq '.problems | length' "$f")
    [ "$np" = 0 ] || fail "$name: problems, want none: $(jq -c .problems "$f")"
  else
    # the problem names the file: in "file", or (bundle not openable) at the start of the message
    hit=$(jq --arg file "$pfile" --arg msg "$msg" \
      '[.problems[] | select((.file == $file or (.message | contains($file + ":"))) and (.message | contains($msg)))] | length' "$f")
    [ "$hit" -ge 1 ] || fail "$name: no problem naming '$pfile' with '$msg': $(jq -c .problems "$f")"
    if [ "$pfile" = capture.pcapng ]; then
      fo=$(jq -r '[.problems[] | select(.file == "capture.pcapng")][0] | "frame \(.frame) at byte offset \(.offset)"' "$f")
      case "$msg" in "$fo"*) ;; *) fail "$name: problem frame/offset fields '$fo' disagree with '$msg'" ;; esac
      "$V6ANALYZE" expand "$f" | jq -e '[.sites[0].findings[] | select(.rule == "capture.partial")] | length == 1' >/dev/null ||
        fail "$name: no capture.partial finding"
      jq -e '.sites[0].bundle.capture.partial == true' "$f" >/dev/null || fail "$name: bundle.capture.partial is not true"
    fi
  fi
  nk=$("$V6ANALYZE" expand "$f" | jq '[.sites[].checks[]] | length')
  [ "$nk" = "$kept" ] || fail "$name: $nk check results kept in findings.json, want $kept"

  # verify
  "$V6ANALYZE" verify "$bundle" >"$o/vstdout" 2>"$o/vstderr"
  rc=$?
  no_crash "$name: verify" "$rc" "$o/vstderr" || continue
  [ "$rc" = "$vrc" ] || fail "$name: verify exit $rc, want $vrc ($(cat "$o/vstdout" "$o/vstderr" | head -c 300))"
  if [ "$vrc" != 0 ]; then
    # the failing file is named (run.json / MANIFEST.sha256 / the mismatching file)
    want=$pfile
    [ "$name" = manifest-mismatch ] && want=results.jsonl
    case "$name" in capture-missing|results-missing|manifest-unlisted-file) want=${msg##*: }; want=${want%)} ;; esac
    grep -qF "$want" "$o/vstdout" "$o/vstderr" || fail "$name: verify output does not name $want: $(cat "$o/vstdout" "$o/vstderr")"
  fi
  echo "ok: $name: analyze $arc ($status), verify $vrc"
done <"$HERE/cases.tsv"
[ "$n" -ge 20 ] || fail "only $n cases in cases.tsv"

# Tampered but analysed on request: exit 1 and a bundle.unverified finding.
o=$OUT/allow-unverified
"$V6ANALYZE" analyze "$HERE/cases/manifest-mismatch" --allow-unverified --out "$o" -q "${PLAN[@]}" 2>"$o.err"
rc=$?
no_crash "allow-unverified" "$rc" "$o.err" && { [ "$rc" = 1 ] || fail "--allow-unverified: exit $rc, want 1"; }
"$V6ANALYZE" expand "$o/findings.json" | jq -e '[.sites[0].findings[] | select(.rule == "bundle.unverified")] | length == 1' >/dev/null ||
  fail "--allow-unverified: no bundle.unverified finding"

# Every case at once (a spool tree): partial (3 beats 1), every bundle accounted for.
o=$OUT/all
"$V6ANALYZE" analyze "$HERE/cases" --out "$o" -q "${PLAN[@]}" 2>"$o.err"
rc=$?
if no_crash "all cases" "$rc" "$o.err"; then
  [ "$rc" = 3 ] || fail "all cases: exit $rc, want 3"
  jq -e '.status == "partial" and .sweep.refused == true' "$o/findings.json" >/dev/null ||
    fail "all cases: want status partial and sweep.refused: $(jq -c '[.status, .sweep]' "$o/findings.json")"
  # 17 bundles open (all but the 3 run.json cases: each is a problem naming run.json, none skipped);
  # the 5 tampered ones are refused.
  nb=$(jq '.sweep.bundle_count' "$o/findings.json")
  [ "$nb" = 17 ] || fail "all cases: bundle_count $nb, want 17"
  nr=$(jq '[.problems[] | select(.message | contains("run.json"))] | length' "$o/findings.json")
  [ "$nr" = 3 ] || fail "all cases: $nr problems naming run.json, want 3: $(jq -c '[.problems[].message]' "$o/findings.json")"
  nt=$(jq '[.problems[] | select(.message | startswith("refused:"))] | length' "$o/findings.json")
  [ "$nt" = 6 ] || fail "all cases: $nt bundles refused, want 6: $(jq -c '[.problems[].message]' "$o/findings.json")"
  echo "ok: all cases as one spool: exit 3, $nb bundles opened, $nr unreadable run.json, $nt refused"
fi
"$V6ANALYZE" verify "$HERE/cases" >"$o.vout" 2>&1
rc=$?
no_crash "verify all cases" "$rc" "$o.vout" && { [ "$rc" = 1 ] || fail "verify all cases: exit $rc, want 1"; }

if [ "$fails" -ne 0 ]; then echo "$fails failure(s)"; exit 1; fi
echo "analyzer corrupt corpus: $n cases, all passed"
