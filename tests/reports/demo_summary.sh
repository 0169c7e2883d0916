#!/bin/bash
# The main job's last lines (ci/demo.sh → `v6analyze summary --brief`) from a real lab sweep's compact
# findings.json (tests/reports/data/main-job-findings.json, /3: what the sites share is said once): the
# sweep line, every site with its level, plan verdict and level summary, nothing missing, and the roll-up;
# the same in Vietnamese. Then the same document with ESC, CR, U+202E, U+2028 and C1 controls in a site's
# name and summary: shown escaped by core/escape (\x1b, \u202e ...), one line per site (none forged).
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8  # $'\u202e' below is UTF-8 whatever the caller's locale
command -v jq >/dev/null || skip "jq not installed"
D=$WORK/demo_summary; rm -rf "$D"; mkdir -p "$D"
F=$V6READY_SOURCE_DIR/tests/reports/data/main-job-findings.json
"$V6ANALYZE" expand "$F" --out "$D/x.json" || fail "expand"
"$V6ANALYZE" summary --brief "$F" >"$D/out" 2>"$D/err" || { cat "$D/err"; fail "summary --brief exited $?"; }
n=$(jq '.sites | length' "$D/x.json")
[ "$n" -gt 1 ] || fail "the sample has $n sites"
head -1 "$D/out" | grep -q "^v6analyze: sweep .*: $n site(s) from" || fail "sweep line: $(head -1 "$D/out")"
grep -q "^levels: L0=" "$D/out" || fail "no roll-up line: $(cat "$D/out")"
# Lines longer than the output's width (100 columns on a pipe) go on, indented, on the next line: this
# joins a site's block back into one line per site, its summary after it.
block() { awk -v s="  $2  " 'index($0, s) == 1 {on = 1; printf "%s", $0; next}
  on && /^  [^ ]/ {exit} on && /^levels:/ {exit} on {sub(/^ +/, " "); printf "%s", $0} END {print ""}' "$1"; }
for site in $(jq -r '.sites[].site' "$D/x.json"); do
  lv=$(jq -r --arg s "$site" '.sites[] | select(.site == $s) | .level // "not assessed"' "$D/x.json")
  req=$(jq -r --arg s "$site" '.sites[] | select(.site == $s) | .required_level // "-"' "$D/x.json")
  grep -Fq "  $site  $lv (plan $req, " "$D/out" || fail "no line '$site $lv (plan $req' in: $(cat "$D/out")"
  sum=$(jq -r --arg s "$site" '.sites[] | select(.site == $s) | .level_summary' "$D/x.json")
  block "$D/out" "$site" | grep -Fq " $(tr -s ' ' <<<"$sum")" || fail "$site: no level summary '$sum' under its line"
done
[ "$(grep -c '^  [^ ]' "$D/out")" -eq "$n" ] || fail "site lines: $(cat "$D/out")"
# The full summary has more (findings, the plan's reasons) than the brief one.
"$V6ANALYZE" summary "$F" >"$D/full" || fail "summary exited $?"
[ "$(wc -l <"$D/full")" -gt "$(wc -l <"$D/out")" ] || fail "the full summary is not longer than --brief"
# In Vietnamese: the catalogue's words, the same sites.
"$V6ANALYZE" summary --brief --lang vi "$F" >"$D/vi" || fail "summary --lang vi exited $?"
grep -q "^v6analyze: đợt quét " "$D/vi" || fail "Vietnamese sweep line: $(head -1 "$D/vi")"
[ "$(grep -c '^  [^ ]' "$D/vi")" -eq "$n" ] || fail "Vietnamese site lines: $(cat "$D/vi")"
# A findings.json that is not one: exit 2, the reason on stderr.
echo '{"schema": "v6ready.findings/3"}' >"$D/bad.json"
"$V6ANALYZE" summary --brief "$D/bad.json" >/dev/null 2>"$D/bad.err"
[ $? -eq 2 ] || fail "a malformed findings.json should exit 2"
[ -s "$D/bad.err" ] || fail "no reason for the refusal"

# Hostile strings in a site's name and summary.
h=$'evil\e[32mOK\r\u202etxt.exe\u0085\u2028x'
jq --arg h "$h" '.sites[0].site += $h | .sites[0].level_summary = ("sum " + $h) | del(.sites[0].level_summary_message)' \
  "$D/x.json" >"$D/h.json"
"$V6ANALYZE" summary --brief "$D/h.json" >"$D/hout" 2>"$D/herr" || { cat "$D/herr"; fail "hostile: exit $?"; }
LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' "$D/hout" && fail "a control byte reached the output: $(od -c "$D/hout" | head)"
for c in $'\u202e' $'\u0085' $'\u2028'; do
  grep -q "$c" "$D/hout" && fail "$(printf 'U+%04X' "'$c") reached the output"
done
grep -Fq 'evil\x1b[32mOK\x0d\u202etxt.exe\u0085\u2028x' "$D/hout" || fail "the site's name is not shown escaped: $(cat "$D/hout")"
grep -Fq '      sum evil\x1b[32mOK\x0d\u202etxt.exe\u0085\u2028x' "$D/hout" || fail "the summary is not shown escaped: $(cat "$D/hout")"
[ "$(grep -c '^  [^ ]' "$D/hout")" -eq "$n" ] || fail "site lines forged or lost: $(cat "$D/hout")"
echo "ok: the main job's summary: $n sites, each with its level, verdict and summary (en, vi); hostile strings escaped"
