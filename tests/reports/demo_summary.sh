#!/bin/bash
# The main job's last lines (ci/demo.sh → ci/demo-summary.py) from a real lab sweep's compact
# findings.json (tests/reports/data/main-job-findings.json, /3: what the sites share is said once), read
# through `v6analyze expand` as demo.sh does: the roll-up line, then every site with its level, plan
# verdict and level summary, nothing missing. Then the same document with ESC, CR, U+202E and NUL-free
# C1 controls in a site's name and summary: shown escaped (\u001b ...), one line per site (none forged).
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8  # $'\u202e' below is UTF-8 whatever the caller's locale
command -v python3 >/dev/null || skip "python3 not installed"
command -v jq >/dev/null || skip "jq not installed"
D=$WORK/demo_summary; rm -rf "$D"; mkdir -p "$D"
SRC=$V6READY_SOURCE_DIR
"$V6ANALYZE" expand "$SRC/tests/reports/data/main-job-findings.json" --out "$D/x.json" || fail "expand"
python3 "$SRC/ci/demo-summary.py" "$D/x.json" >"$D/out" 2>"$D/err" || { cat "$D/err"; fail "demo-summary.py exited $?"; }
n=$(jq '.sites | length' "$D/x.json")
[ "$n" -gt 1 ] || fail "the sample has $n sites"
head -1 "$D/out" | grep -q "^province: $n sites — L0:" || fail "roll-up line: $(head -1 "$D/out")"
for site in $(jq -r '.sites[].site' "$D/x.json"); do
  lv=$(jq -r --arg s "$site" '.sites[] | select(.site == $s) | .level // "-"' "$D/x.json")
  pv=$(jq -r --arg s "$site" '.sites[] | select(.site == $s) | .plan_verdict' "$D/x.json")
  grep -Eq "^  $site +$lv +$pv\$" "$D/out" || fail "no line '$site $lv $pv' in: $(cat "$D/out")"
done
# Every site has its level summary under it (the compact form may leave it to site_defaults).
[ "$(grep -c '^      [^ ]' "$D/out")" -ge "$n" ] || fail "level summaries missing: $(cat "$D/out")"

# Hostile strings in a site's name and summary.
jq --arg h $'evil\e[32mOK\r\u202etxt.exe\u0085' '.sites[0].site += $h | .sites[0].level_summary = ("sum " + $h)' \
  "$D/x.json" >"$D/h.json"
python3 "$SRC/ci/demo-summary.py" "$D/h.json" >"$D/hout" 2>"$D/herr" || { cat "$D/herr"; fail "hostile: exit $?"; }
LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' "$D/hout" && fail "a control byte reached the output: $(od -c "$D/hout" | head)"
grep -q $'\u202e' "$D/hout" && fail "U+202E reached the output"
grep -q $'\u0085' "$D/hout" && fail "U+0085 reached the output"
grep -q 'evil\\u001b\[32mOK\\u000d\\u202etxt.exe\\u0085' "$D/hout" || fail "the site's name is not shown escaped: $(cat "$D/hout")"
[ "$(grep -c '^  [^ ]' "$D/hout")" -eq "$n" ] || fail "site lines forged or lost: $(cat "$D/hout")"
echo "ok: the main job's summary: $n sites, each with its level, verdict and summary; hostile strings escaped"
