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
[ -s "$D/desktop.png" ] || fail "empty desktop screenshot"
# Each finding's frame lines (docs/findings-schema.md "Frame summaries") are in the page, under it.
want=$(jq '[.sites[] | . as $s | .findings[] | .evidence.frames[] as $f | select(any($s.frame_summaries[]?; .frame == $f))] | length' "$SAMPLE")
[ "$want" -gt 0 ] || fail "the sample has no frame lines to show"
[ "$(grep -o '<li data-frame="' "$D/findings-sample.dom" | wc -l)" = "$want" ] || fail "frame lines: want $want"

# The phone: 390 px (an iPhone 12-15). Headless Chromium will not make its window narrower than 500 px,
# so the report is a 390-px iframe in a page of the test's own (as in scale.sh), which copies the
# report's DOM summary and measures, once the report's script is done: the iframe's viewport, how far
# its page is wider than the screen, and how far any frame line or finding box is wider than its box
# (0 = nothing clipped or pushed sideways). Inline (the sample) and lazy (the detail built by the
# script, a site with frame lines opened).
"$V6ANALYZE" report "$SAMPLE" --out "$D/lazy" --format html --html-detail lazy >/dev/null || fail "report --html-detail lazy"
site=$(jq '[.sites[] | (.frame_summaries // []) | length] | to_entries | max_by(.value) | .key' "$SAMPLE")
phone() {  # phone NAME SRC
  cat >"$D/phone-$1.html" <<HTML
<!DOCTYPE html><html><body style="margin:0"><iframe id="f" src="$2" style="width:390px;height:1800px;border:0"></iframe>
<div id="v6r-dom-summary" hidden></div><pre id="v6r-errors" hidden></pre>
<script>
var f=document.getElementById('f'),o=document.getElementById('v6r-dom-summary'),n=0;
function over(d,sel){var m=0;d.querySelectorAll(sel).forEach(function(e){m=Math.max(m,e.scrollWidth-e.clientWidth);});return m;}
function poll(){var d=f.contentDocument,s=d&&d.getElementById('v6r-dom-summary'),e=d&&d.getElementById('v6r-errors');
if(e&&!e.hidden){var p=document.getElementById('v6r-errors');p.hidden=false;p.textContent=e.textContent;}
if(s&&s.getAttribute('data-ready')==='1'&&(!/#site-/.test(f.src)||d.querySelector('section.site'))){
for(var i=0;i<s.attributes.length;i++)o.setAttribute(s.attributes[i].name,s.attributes[i].value);
var de=d.documentElement;o.setAttribute('data-viewport',f.contentWindow.innerWidth);
o.setAttribute('data-overflow-page',Math.max(0,de.scrollWidth-de.clientWidth));
o.setAttribute('data-pkt-lines',d.querySelectorAll('ul.pkts li').length);
o.setAttribute('data-overflow-pkts',Math.max(0,over(d,'ul.pkts li'),over(d,'div.finding')));
o.setAttribute('data-overflow-text',over(d,'section.site p, section.site li, section.site h3, section.site h4, div.cause'));o.setAttribute('data-phone','1');return;}
if(++n<600)setTimeout(poll,50);}
poll();
</script></body></html>
HTML
  chrome --allow-file-access-from-files --window-size=500,1800 --virtual-time-budget=20000 --dump-dom \
    "file://$D/phone-$1.html" >"$D/phone-$1.dom" 2>"$D/phone-$1.log" || fail "$1: dump-dom at 390 px"
  if grep -E 'Uncaught|:CONSOLE[:(]' "$D/phone-$1.log"; then fail "$1 at 390 px: console errors"; fi
  grep -q '<pre id="v6r-errors" hidden=""></pre>' "$D/phone-$1.dom" || { grep -A3 'v6r-errors' "$D/phone-$1.dom" | head; fail "$1 at 390 px: script errors"; }
  [ "$(attr "$D/phone-$1.dom" phone)" = 1 ] || fail "$1 at 390 px: the report did not finish"
  [ "$(attr "$D/phone-$1.dom" viewport)" = 390 ] || fail "$1: viewport $(attr "$D/phone-$1.dom" viewport), want 390"
  [ "$(attr "$D/phone-$1.dom" overflow-page)" = 0 ] ||
    fail "$1 at 390 px: the page is $(attr "$D/phone-$1.dom" overflow-page) px wider than the screen"
  [ "$(attr "$D/phone-$1.dom" overflow-pkts)" = 0 ] ||
    fail "$1 at 390 px: a finding or frame line is clipped by $(attr "$D/phone-$1.dom" overflow-pkts) px"
  [ "$(attr "$D/phone-$1.dom" pkt-lines)" -gt 0 ] || fail "$1 at 390 px: no frame line shown"
  [ "$(attr "$D/phone-$1.dom" overflow-text)" = 0 ] ||
    fail "$1 at 390 px: a line of a site's detail runs $(attr "$D/phone-$1.dom" overflow-text) px out of its box"
  chrome --allow-file-access-from-files --window-size=500,1800 --virtual-time-budget=20000 \
    --screenshot="$D/phone-$1.png" "file://$D/phone-$1.html" 2>>"$D/shot.log" || fail "$1: screenshot at 390 px"
  [ -s "$D/phone-$1.png" ] || fail "$1: empty screenshot at 390 px"
  echo "$1 at 390 px: viewport 390, page overflow 0, frame lines $(attr "$D/phone-$1.dom" pkt-lines), no text out of its box"
}
phone inline "findings-sample/report.html"
phone lazy "lazy/report.html#site-$site"

# The real-time readiness table (reports/realtime.hpp) of a site that ran NAT64 behaviour kinds: the lazy
# report's script builds the same table as the inline report (cells, classes, kinds, reasons as titles,
# a hostile reason kept as text). The sample's first check copied as three real-time results.
jq --arg h '<script>alert("rt")</script> & "q"' '.sites[0].checks[0] as $c | .sites[0].checks += [
    ($c | .check_id = "rt.m" | .kind = "nat64.mapping" | .verdict = "pass" | .reason = "mapping held"),
    ($c | .check_id = "rt.h" | .kind = "nat64.hairpin" | .verdict = "fail" | .reason = ("no hairpinning " + $h)),
    ($c | .check_id = "rt.i" | .kind = "nat64.icmp_errors" | .verdict = "error" | .reason = "silence")]' \
  "$SAMPLE" >"$D/realtime.json"
"$V6ANALYZE" report "$D/realtime.json" --out "$D/rt-inline" --format html --html-detail inline >/dev/null || fail "report realtime inline"
"$V6ANALYZE" report "$D/realtime.json" --out "$D/rt-lazy" --format html --html-detail lazy >/dev/null || fail "report realtime lazy"
chrome --dump-dom "file://$D/rt-inline/report.html" >"$D/rt-inline.dom" 2>"$D/rt-inline.log" || fail "dump-dom realtime inline"
chrome --virtual-time-budget=20000 --dump-dom "file://$D/rt-lazy/report.html#site-0" >"$D/rt-lazy.dom" 2>"$D/rt-lazy.log" ||
  fail "dump-dom realtime lazy"
if grep -E 'Uncaught|:CONSOLE[:(]' "$D/rt-lazy.log"; then fail "realtime lazy: console errors"; fi
grep -q '<pre id="v6r-errors" hidden=""></pre>' "$D/rt-lazy.dom" || fail "realtime lazy: script errors in the page"
rt_table() { grep -o '<table class="realtime">.*</table>' "$1" | sed 's|</table>.*|</table>|; s|</\{0,1\}bdi>||g'; }
rt_table "$D/rt-inline.dom" >"$D/rt-inline.table"; rt_table "$D/rt-lazy.dom" >"$D/rt-lazy.table"
[ "$(grep -o '<td ' "$D/rt-inline.table" | wc -l)" = 7 ] || fail "realtime inline: want 7 cells: $(cat "$D/rt-inline.table")"
grep -q 'class="v-fail" data-kind="nat64.hairpin" title="no hairpinning ' "$D/rt-inline.table" ||
  fail "realtime inline: the hairpin cell: $(cat "$D/rt-inline.table")"
diff "$D/rt-inline.table" "$D/rt-lazy.table" || fail "realtime: the lazy report's table differs from the inline one"
grep -q '<script>alert("rt")' "$D/rt-lazy.dom" && fail "realtime lazy: the reason reached the DOM as markup"
echo "realtime table: lazy = inline, 7 cells"
echo "ok: report.html in Chromium: counts match, no console errors; screenshots (1280 px, 390 px) in $D"
