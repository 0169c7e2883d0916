#!/bin/bash
# The hostile-strings corpus (tests/fuzz/corpus/core_escape/hostile-*, tests/fuzz/make_hostile_strings.py)
# through the binaries (tests/reports/hostile_inputs.py makes the inputs):
#  - findings.json documents (read through the typed model): `report` (every format), `gate --findings`
#    (JUnit and terminal), `diff`; documents the model refuses (odd verdict or level id, a negative
#    count, bytes that are not UTF-8, a hostile key): exit 2, nothing rendered, the message escaped;
#  - bundles with the strings in run.json (site, host, probe id, interface, clock) and results.jsonl
#    (check id, target, reason), and bundle directories named with controls and non-UTF-8 bytes:
#    `analyze` (terminal summary, findings.json), `report` of it, `gate` over the bundles, `verify`, `diff`;
#  - a capture whose DNS names hold ESC, LF, U+202E and bytes > 0x7f: `dissect`, `analyze --capture`.
# Checks: every file written and everything printed is valid UTF-8 with no hidden character
# (core/escape.hpp; LF allowed, CR only in CSV, TAB only in dissect's fields); analyze prints exactly one line per site (none forged);
# every JUnit file is well-formed and valid against junit.xsd (xmllint); report.html in headless
# Chromium sets the page's ready flag without a script error, and its DOM has exactly the elements of
# the report of the same document with "x" for every hostile string (no injected element), and no on*
# attribute.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || skip "python3 not installed"
command -v jq >/dev/null || skip "jq not installed"
command -v xmllint >/dev/null || skip "xmllint not installed (apt-get install libxml2-utils; ci/bootstrap.sh does)"
use_chromium 90
D=$WORK/hostile; rm -rf "$D"; mkdir -p "$D/out"
SRC=$V6READY_SOURCE_DIR
H="python3 $SRC/tests/reports/hostile_inputs.py"
XSD=$SRC/tests/reports/junit.xsd
GOOD=$(echo "$SRC"/tests/analyzer/corrupt/cases/good/*/)
$H make "$SRC/tests/fuzz/corpus/core_escape" "$SAMPLE" "$GOOD" "$D/in" || fail "hostile_inputs.py make"
IN=$D/in
# A policy that every check and every finding of a site violates: the hostile text reaches the gate's
# terminal lines and its JUnit suite.
printf 'name: everything\nall_checks_pass:\n  allow: [skipped]\nmax_severity: info\nmin_level: L4\n' >"$IN/everything.yaml"

run() {  # run NAME EXPECTED-EXIT-CODES... -- v6analyze ARGS...
  local name=$1; shift
  local want=()
  while [ "$1" != -- ]; do want+=("$1"); shift; done; shift
  "$V6ANALYZE" "$@" >"$D/out/$name.out" 2>"$D/out/$name.err"
  local rc=$?
  for w in "${want[@]}"; do [ "$rc" = "$w" ] && return 0; done
  head -c 2000 "$D/out/$name.err"
  fail "$name: v6analyze $1 exited $rc, want ${want[*]}"
}

# 1. findings.json documents through the typed model.
run report-hostile 0 -- report "$IN/findings/hostile.json" --out "$D/hostile"
run report-neutral 0 -- report "$IN/findings/neutral.json" --out "$D/neutral"
run gate-hostile 1 -- gate --policy "$IN/everything.yaml" --findings "$IN/findings/hostile.json" \
  --junit "$D/hostile/gate.xml"
run gate-hostile-l2 1 -- gate --policy "$SRC/scenarios/policy-min-l2.yaml" --findings "$IN/findings/hostile.json" \
  --baseline "$IN/findings/hostile.json" --junit "$D/hostile/gate-l2.xml"
run diff-hostile 0 -- diff "$SAMPLE" "$IN/findings/hostile.json" --json "$D/hostile/diff.json"
grep -q 'v6analyze gate: FAIL: policy everything' "$D/out/gate-hostile.out" || fail "gate printed no verdict"
# At most 25 lines before wrapping: the terminal writer wraps long reasons (continuation lines indented
# 4 more spaces than their line, core/text_wrap.hpp) instead of cutting them.
[ "$(grep -vc '^    ' "$D/out/gate-hostile.out")" -le 25 ] || fail "gate output longer than one screen"

# 2. Documents the typed model refuses: exit 2, nothing written, the message names the key path.
for f in "$IN"/refused/*.json; do
  n=$(basename "$f" .json)
  run "refused-report-$n" 2 -- report "$f" --out "$D/refused/$n"
  [ ! -e "$D/refused/$n" ] || fail "$n: a refused document was rendered"
  grep -q "^v6analyze report: $f: " "$D/out/refused-report-$n.err" || fail "$n: no message naming the file"
  run "refused-gate-$n" 2 -- gate --policy "$IN/everything.yaml" --findings "$f" --junit "$D/refused/$n.xml"
  [ ! -e "$D/refused/$n.xml" ] || fail "$n: the gate wrote JUnit for a refused document"
done
grep -q 'verdict: expected one of pass|info|warn|fail|error|skipped, got "\\u202e\\u001b\[32mpass\\r\\n"' \
  "$D/out/refused-report-verdict-odd.err" || fail "odd verdict: message not as expected"

# 3. Bundles: analyze (exit 3: the bundles whose run.json is not UTF-8 cannot be read), report, gate,
# verify, diff.
run analyze 3 -- analyze "$IN/bundles" --out "$D/bundles"
run report-bundles 0 -- report "$D/bundles/findings.json" --out "$D/bundles/report"
run gate-bundles 1 2 -- gate --policy "$IN/everything.yaml" --junit "$D/bundles/gate.xml" "$IN"/bundles/*
run verify-bundles 0 1 -- verify "$IN/bundles"
run diff-bundles 0 -- diff "$SAMPLE" "$D/bundles/findings.json"
run dissect 0 -- dissect "$IN/hostile-dns.pcap"
run analyze-capture 1 -- analyze --capture "$IN/hostile-dns.pcap" --expect-pref64 64:ff9b::/96 --out "$D/capture"
mv "$D/out/dissect.out" "$D/out/dissect.tsv"  # tab-separated fields
[ -s "$D/bundles/gate.xml" ] || fail "gate over the bundles wrote no JUnit"
sites=$(jq '.sites | length' "$D/bundles/findings.json")
[ "$sites" -ge 30 ] || fail "only $sites hostile bundles were analysed"
# One summary line per site, two-space indented, and no line that a string forged.
[ "$(grep -c '^  province/hostile/' "$D/out/analyze.out")" = "$sites" ] ||
  fail "analyze: $(grep -c '^  province/hostile/' "$D/out/analyze.out") site lines for $sites sites"
grep -n '^  province/fake/' "$D/out/analyze.out" && fail "analyze: a forged line"
grep -q '^levels: ' "$D/out/analyze.out" || fail "analyze: the summary was cut short"
[ "$(wc -l <"$D/out/dissect.tsv")" = 4 ] || fail "dissect: not one line per frame"
# The capture's DNS names reach analyze's summary (the unexpected-prefix finding names the query) in
# presentation form (RFC 4343 §2.1: \DDD), on the finding's one line.
grep -qF '(evil\027[31m.line\010break.\226\128\174txt.' "$D/out/analyze-capture.out" ||
  fail "analyze --capture: the hostile DNS name is not in the summary as expected"
[ "$(grep -vc '^    ' "$D/out/analyze-capture.out")" = 3 ] || fail "analyze --capture: not three summary lines (before wrapping)"

# 4. Every file written and everything printed: valid UTF-8, no hidden character.
mapfile -d '' files < <(find "$D/hostile" "$D/neutral" "$D/bundles" "$D/capture" "$D/out" -type f -print0)
$H check "${files[@]}" || fail "hidden characters or invalid UTF-8 in the outputs (above)"

# 5. JUnit: well-formed and valid, from report and from gate.
for x in "$D"/hostile/junit.xml "$D"/hostile/gate.xml "$D"/hostile/gate-l2.xml "$D"/bundles/report/junit.xml \
  "$D"/bundles/gate.xml; do
  xmllint --noout "$x" || fail "$x is not well-formed XML"
  xmllint --noout --schema "$XSD" "$x" 2>"$D/out/xsd.log" || { cat "$D/out/xsd.log"; fail "$x does not validate"; }
done

# 6. report.html in Chromium: ready, no script error, no injected element.
dom() {
  # shellcheck disable=SC2086  # DOM_EXTRA: words
  chrome ${DOM_EXTRA:-} --dump-dom "file://$1" >"$2" 2>"$2.log" || fail "chromium --dump-dom $1 failed (see $2.log)"
  if grep -E 'Uncaught|:CONSOLE[:(]' "$2.log"; then fail "$1: console errors"; fi
  grep -q '<pre id="v6r-errors" hidden=""></pre>' "$2" || fail "$1: script errors in the page"
  grep -q 'id="v6r-dom-summary"[^>]* data-ready="1"' "$2" || fail "$1: the page's script did not finish"
  $H tags "$2" >"$2.tags"
  if grep event-handler-attribute "$2.tags"; then fail "$1: an on* attribute in the DOM"; fi
}
dom "$D/hostile/report.html" "$D/hostile.dom"
dom "$D/neutral/report.html" "$D/neutral.dom"
dom "$D/bundles/report/report.html" "$D/bundles.dom"
diff "$D/neutral.dom.tags" "$D/hostile.dom.tags" || fail "the hostile report has other elements than the neutral one"
for t in img iframe object embed form input; do
  grep -q "^$t " "$D/bundles.dom.tags" && [ "$t" != input ] && fail "bundles report: <$t> in the DOM"
done
[ "$(grep '^script ' "$D/bundles.dom.tags")" = "script 2" ] || fail "bundles report: scripts $(grep '^script ' "$D/bundles.dom.tags")"
# 7. The lazy report (--html-detail lazy): the page's script builds the matrix and a site's detail from its
# embedded data; with a hostile site's detail open, the DOM has the same elements as the neutral twin's.
run report-hostile-lazy 0 -- report "$IN/findings/hostile.json" --out "$D/hostile-lazy" --format html --html-detail lazy
run report-neutral-lazy 0 -- report "$IN/findings/neutral.json" --out "$D/neutral-lazy" --format html --html-detail lazy
for n in hostile neutral; do
  DOM_EXTRA=--virtual-time-budget=30000 dom "$D/$n-lazy/report.html#site-6" "$D/$n-lazy.dom"
  grep -q '<section class="site" id="site-6"' "$D/$n-lazy.dom" || fail "$n lazy: site 6's detail did not open"
done
diff "$D/neutral-lazy.dom.tags" "$D/hostile-lazy.dom.tags" || fail "lazy: the hostile report has other elements than the neutral one"
run report-bad-detail 2 -- report "$IN/findings/neutral.json" --out "$D/bad-detail" --html-detail sideways
echo "ok: $(ls "$SRC"/tests/fuzz/corpus/core_escape/hostile-* | wc -l) hostile strings through report, gate, diff," \
  "analyze ($sites bundles), verify and dissect: valid UTF-8, no hidden character, JUnit valid, DOM as neutral"
