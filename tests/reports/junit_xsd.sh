#!/bin/bash
# JUnit output (report and gate, sample and hostile input) validates against tests/reports/junit.xsd.
. "$(dirname "$0")/lib.sh"
command -v xmllint >/dev/null || skip "xmllint not installed (apt-get install libxml2-utils; ci/bootstrap.sh does)"
command -v jq >/dev/null || skip "jq not installed"
D=$WORK/junit_xsd; rm -rf "$D"; mkdir -p "$D"
XSD=$V6READY_SOURCE_DIR/tests/reports/junit.xsd
hostile_json "$D/hostile.json"
for f in "$SAMPLE" "$D/hostile.json"; do
  n=$(basename "$f" .json)
  "$V6ANALYZE" report "$f" --out "$D/$n" --format junit >/dev/null || fail "report $f"
  xmllint --noout --schema "$XSD" "$D/$n/junit.xml" || fail "$n/junit.xml does not validate"
  "$V6ANALYZE" gate --policy "$V6READY_SOURCE_DIR/scenarios/policy-min-l2.yaml" --findings "$f" \
    --junit "$D/$n/gate.xml" >/dev/null
  [ $? -eq 1 ] || fail "gate on $n should exit 1"
  xmllint --noout --schema "$XSD" "$D/$n/gate.xml" || fail "$n/gate.xml does not validate"
done
# The gate's own suite says when and where it judged, like a site's suite.
[ -n "$(xmllint --xpath 'string(//testsuite[@package="v6ready.gate"]/@timestamp)' "$D/findings-sample/gate.xml")" ] ||
  fail "the gate's testsuite has no timestamp"
[ "$(xmllint --xpath 'string(//testsuite[@package="v6ready.gate"]/@hostname)' "$D/findings-sample/gate.xml")" = "$(hostname)" ] ||
  fail "the gate's testsuite hostname is not this host's"
# Counts in the XML match findings.json.
checks=$(jq '[.sites[].checks[]] | length' "$SAMPLE")
fails=$(jq '[.sites[].checks[] | select(.verdict == "fail")] | length' "$SAMPLE")
[ "$(xmllint --xpath 'count(//testcase)' "$D/findings-sample/junit.xml")" = "$checks" ] || fail "testcase count"
[ "$(xmllint --xpath 'count(//testcase/failure)' "$D/findings-sample/junit.xml")" = "$fails" ] || fail "failure count"
[ "$(xmllint --xpath 'string(/testsuites/@failures)' "$D/findings-sample/junit.xml")" = "$fails" ] || fail "failures attribute"
# The hostile site name survives the round trip through XML, its line breaks shown (core/escape.hpp).
want=$(jq -r '.sites[0].site | gsub("\n"; "\\x0a") | gsub("\r"; "\\x0d")' "$D/hostile.json")
got=$(
  xmllint --xpath "string(/testsuites/testsuite[1]/@name)" "$D/hostile/junit.xml")
[ "$got" = "$want" ] || fail "hostile site name changed in XML: got [$got]"
echo "ok: JUnit validates against junit.xsd ($checks testcases, $fails failures)"
