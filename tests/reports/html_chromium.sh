#!/bin/bash
# report.html in headless Chromium: self-contained (no external fetch), the page's JS runs without
# errors, every site and check is in the DOM and the counts the JS computes match findings.json;
# screenshots at desktop and phone width are left in $WORK/html_chromium for a human to look at.
. "$(dirname "$0")/lib.sh"
use_chromium 90
command -v jq >/dev/null || skip "jq not installed"
D=$WORK/html_chromium; rm -rf "$D"; mkdir -p "$D"

hostile_json "$D/hostile.json"
for f in "$SAMPLE" "$D/hostile.json"; do
  n=$(basename "$f" .json)
  "$V6ANALYZE" report "$f" --out "$D/$n" --format html >/dev/null || fail "report $f"
  html=$D/$n/report.html
  # No external fetch of any kind.
  if grep -Eio '(src|href|action|xlink:href)[[:space:]]*=[[:space:]]*["'"'"']?[[:space:]]*(https?:)?//' "$html"; then
    fail "$n: external reference in report.html"
  fi
  grep -qi '@import' "$html" && fail "$n: @import in report.html"
  grep -qi 'url(' "$html" && fail "$n: url( in report.html"
  chrome --dump-dom "file://$html" >"$D/$n.dom" 2>"$D/$n.log" || fail "$n: chromium --dump-dom failed (see $D/$n.log)"
  if grep -E 'Uncaught|:CONSOLE[:(]' "$D/$n.log"; then fail "$n: console errors"; fi
  grep -q '<pre id="v6r-errors" hidden=""></pre>' "$D/$n.dom" || { grep -A3 'v6r-errors' "$D/$n.dom" | head; fail "$n: script errors in the page"; }
  [ "$(attr "$D/$n.dom" ready)" = 1 ] || fail "$n: the page's JS did not run"
  grep -q '<script>alert' "$D/$n.dom" && fail "$n: injected markup reached the DOM"
  # Counts computed by the page's JS from the DOM = counts from findings.json.
  [ "$(attr "$D/$n.dom" sites)" = "$(jq '.sites|length' "$f")" ] || fail "$n: site rows"
  [ "$(attr "$D/$n.dom" site-sections)" = "$(jq '.sites|length' "$f")" ] || fail "$n: site sections"
  [ "$(attr "$D/$n.dom" checks)" = "$(jq '[.sites[].checks[].check_id]|unique|length' "$f")" ] || fail "$n: check columns"
  [ "$(attr "$D/$n.dom" findings)" = "$(jq '[.sites[].findings[]]|length' "$f")" ] || fail "$n: findings"
  for v in pass info warn fail error skipped; do
    want=$(jq --arg v "$v" '[.sites[].checks[]|select(.verdict==$v)]|length' "$f")
    got=$(attr "$D/$n.dom" "cells-$v"); got=${got:-0}
    [ "$got" = "$want" ] || fail "$n: $v cells: DOM $got, findings.json $want"
  done
done
# Every site and every check id of the sample is in the DOM (after the JS ran).
for s in $(jq -r '.sites[].site' "$SAMPLE") $(jq -r '[.sites[].checks[].check_id]|unique|.[]' "$SAMPLE"); do
  grep -qF "$s" "$D/findings-sample.dom" || fail "not in the DOM: $s"
done
chrome --screenshot="$D/desktop.png" --window-size=1280,2000 "file://$D/findings-sample/report.html" 2>>"$D/shot.log" ||
  fail "desktop screenshot"
chrome --screenshot="$D/phone.png" --window-size=390,1800 "file://$D/findings-sample/report.html" 2>>"$D/shot.log" ||
  fail "phone screenshot"
[ -s "$D/desktop.png" ] && [ -s "$D/phone.png" ] || fail "empty screenshot"
echo "ok: report.html in Chromium: counts match, no console errors; screenshots in $D"
