#!/bin/bash
# JUnit output (report and gate, sample and hostile input) validates against tests/reports/junit.xsd (the
# intersection of what Jenkins, Ant and GitLab accept, docs/ci-guide.md "JUnit"), the schema refuses what
# any of the three would, and the suite and failing testcases carry their lines in <system-out>.
. "$(dirname "$0")/lib.sh"
command -v xmllint >/dev/null || skip "xmllint not installed (apt-get install libxml2-utils; ci/bootstrap.sh does)"
command -v jq >/dev/null || skip "jq not installed"
D=$WORK/junit_xsd; rm -rf "$D"; mkdir -p "$D"
XSD=$V6READY_SOURCE_DIR/tests/reports/junit.xsd
hostile_json "$D/hostile.json"
# --junit-evidence suite leaves no <system-out> in a testcase, so its output must be valid for Ant's schema
# too: junit.xsd without its one exception (the testcase's <system-out>).
ANT=$D/junit-ant.xsd
sed '/the one exception/,+1d' "$XSD" >"$ANT"
[ "$(grep -c 'name="system-out"' "$XSD")" = 2 ] && [ "$(grep -c 'name="system-out"' "$ANT")" = 1 ] ||
  fail "could not derive the Ant-strict schema from junit.xsd (its exception moved?)"
for f in "$SAMPLE" "$D/hostile.json"; do
  for evidence in case suite; do
    n=$(basename "$f" .json)
    schema=$XSD
    if [ "$evidence" = suite ]; then n=$n-suite schema=$ANT; fi
    "$V6ANALYZE" report "$f" --out "$D/$n" --format junit --junit-evidence "$evidence" >/dev/null ||
      fail "report --junit-evidence $evidence $f"
    "$V6ANALYZE" gate --policy "$V6READY_SOURCE_DIR/scenarios/policy-min-l2.yaml" --findings "$f" \
      --junit "$D/$n/gate.xml" --junit-evidence "$evidence" >/dev/null
    [ $? -eq 1 ] || fail "gate on $n should exit 1"
    for x in "$D/$n/junit.xml" "$D/$n/gate.xml"; do
      xmllint --noout --schema "$schema" "$x" || fail "$x does not validate against $(basename "$schema")"
      [ "$evidence" = case ] || [ "$(xmllint --xpath 'count(//testcase/system-out)' "$x")" = 0 ] ||
        fail "$x: a testcase has <system-out>"
    done
  done
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
[ "$(xmllint --xpath 'sum(//testsuite/@failures)' "$D/findings-sample/junit.xml")" = "$fails" ] || fail "failures attributes"
J=$D/findings-sample/junit.xml
# Each site's suite says, in plain lines, its bundle, scenario, level and plan verdict.
site=$(jq -r '.sites[1].site' "$SAMPLE")
out=$(xmllint --xpath "string(//testsuite[@name='$site']/system-out)" "$J")
for want in "bundle: $(jq -r '.sites[1].bundle.path' "$SAMPLE")" \
  "scenario: $(jq -r '.sites[1].bundle.scenario.name + " sha256 " + .sites[1].bundle.scenario.sha256' "$SAMPLE")" \
  "level: $(jq -r '.sites[1].level' "$SAMPLE")" "plan_verdict: $(jq -r '.sites[1].plan_verdict' "$SAMPLE")"; do
  grep -qF -- "$want" <<<"$out" || fail "suite system-out of $site lacks [$want]: $out"
done
# A failing check: the reason in message and body, its evidence (frames, capture SHA-256) in its <system-out>.
id=$(jq -r '[.sites[1].checks[] | select(.verdict == "fail")][0].check_id' "$SAMPLE")
kind=$(jq -r --arg id "$id" '.sites[1].checks[] | select(.check_id == $id) | .kind' "$SAMPLE")
tc="//testsuite[@name='$site']/testcase[@name='$id ($kind)']"
reason=$(jq -r --arg id "$id" '.sites[1].checks[] | select(.check_id == $id) | .reason' "$SAMPLE")
[ "$(xmllint --xpath "string($tc/failure/@message)" "$J")" = "$reason" ] || fail "failure message is not the reason"
[ "$(xmllint --xpath "string($tc/failure/@type)" "$J")" = "$kind" ] || fail "failure type is not the kind"
xmllint --xpath "string($tc/failure)" "$J" | head -1 | grep -qxF -- "$reason" || fail "failure body does not start with the reason"
ev=$(xmllint --xpath "string($tc/system-out)" "$J")
frames=$(jq -r --arg id "$id" '.sites[1].checks[] | select(.check_id == $id) | .frames | map(tostring) | join(" ")' "$SAMPLE")
grep -qxF "frames: $frames" <<<"$ev" || fail "testcase system-out lacks frames [$frames]: $ev"
grep -qxF "capture_sha256: $(jq -r '.sites[1].bundle.capture.sha256' "$SAMPLE")" <<<"$ev" || fail "no capture sha256: $ev"
xmllint --xpath "string($tc/failure)" "$J" | grep -q '^frames:' && fail "frames belong in system-out, not the failure body"
# The schema is strict: what one of the three readers refuses, it refuses too.
refused() {  # NAME SED-EXPRESSION: the sample's junit.xml edited so, must not validate
  sed -e "$2" "$J" >"$D/mut-$1.xml"
  cmp -s "$J" "$D/mut-$1.xml" && fail "mutation $1 changed nothing"
  xmllint --noout --schema "$XSD" "$D/mut-$1.xml" 2>/dev/null && fail "junit.xsd accepts $1"
  return 0
}
refused testsuites-attribute 's|^<testsuites>|<testsuites tests="1">|'            # Ant: no attribute there
refused testsuites-skipped 's|^<testsuites>|<testsuites skipped="0">|'             # xunit junit-10
refused no-timestamp '0,/ timestamp="[^"]*"/s/ timestamp="[^"]*"//'                # Ant: required
refused no-hostname '0,/ hostname="[^"]*"/s/ hostname="[^"]*"//'                   # Ant: required
refused zoned-timestamp '0,/ timestamp="[^"]*"/s/ timestamp="\([^"]*\)"/ timestamp="\1Z"/'  # Ant: no zone
refused testcase-status '0,/<testcase /s/<testcase /<testcase status="run" /'       # xunit junit-10
refused testcase-assertions '0,/<testcase /s/<testcase /<testcase assertions="1" /' # xunit junit-10
refused disabled '0,/<testsuite /s/<testsuite /<testsuite disabled="0" /'           # xunit junit-10
refused failure-no-type '0,/<failure /s/ type="[^"]*"//'                             # Ant: type required
refused no-system-err '0,/<system-err><\/system-err>/s/<system-err><\/system-err>//'  # Ant: required
refused two-failures '0,/<\/failure>/s/<\/failure>/<\/failure><failure type="x"\/>/'  # Ant: one at most
xmllint --noout --schema "$ANT" "$J" 2>/dev/null && fail "the Ant-strict schema accepts a testcase's <system-out>"
# The failing check's evidence is in its site's suite instead, under its name.
sout=$(xmllint --xpath "string(//testsuite[@name='$site']/system-out)" "$D/findings-sample-suite/junit.xml")
grep -qxF "check: $id ($kind)" <<<"$sout" || fail "suite system-out lacks [check: $id ($kind)]: $sout"
grep -qxF "  frames: $frames" <<<"$sout" || fail "suite system-out lacks the frames [$frames]: $sout"
"$V6ANALYZE" report "$SAMPLE" --out "$D/bad" --format junit --junit-evidence ant >/dev/null 2>&1
[ $? -eq 2 ] || fail "--junit-evidence ant should be a usage error (exit 2)"
# The readers' own schemas, when someone has them (they are not in Debian and not vendored: docs/ci-guide.md
# "JUnit"): V6READY_JUNIT_SCHEMAS=DIR holding Jenkins xunit's junit-10.xsd and/or Ant's JUnit.xsd
# (windyroad/JUnit-Schema). The default output against the first, the --junit-evidence suite output
# against both.
ext=""
if [ -n "${V6READY_JUNIT_SCHEMAS:-}" ]; then
  [ -f "$V6READY_JUNIT_SCHEMAS/junit-10.xsd" ] || [ -f "$V6READY_JUNIT_SCHEMAS/JUnit.xsd" ] ||
    fail "V6READY_JUNIT_SCHEMAS=$V6READY_JUNIT_SCHEMAS holds neither junit-10.xsd nor JUnit.xsd"
  for n in findings-sample hostile; do
    if [ -f "$V6READY_JUNIT_SCHEMAS/junit-10.xsd" ]; then
      xmllint --noout --schema "$V6READY_JUNIT_SCHEMAS/junit-10.xsd" "$D/$n/junit.xml" "$D/$n/gate.xml" \
        "$D/$n-suite/junit.xml" "$D/$n-suite/gate.xml" || fail "$n: not valid for junit-10.xsd"
    fi
    if [ -f "$V6READY_JUNIT_SCHEMAS/JUnit.xsd" ]; then
      xmllint --noout --schema "$V6READY_JUNIT_SCHEMAS/JUnit.xsd" "$D/$n-suite/junit.xml" "$D/$n-suite/gate.xml" ||
        fail "$n (--junit-evidence suite): not valid for Ant's JUnit.xsd"
    fi
  done
  ext=", and against $(cd "$V6READY_JUNIT_SCHEMAS" && ls junit-10.xsd JUnit.xsd 2>/dev/null | tr '\n' ' ')from $V6READY_JUNIT_SCHEMAS"
fi
# The hostile site name survives the round trip through XML, its line breaks shown (core/escape.hpp).
want=$(jq -r '.sites[0].site | gsub("\n"; "\\x0a") | gsub("\r"; "\\x0d")' "$D/hostile.json")
got=$(
  xmllint --xpath "string(/testsuites/testsuite[1]/@name)" "$D/hostile/junit.xml")
[ "$got" = "$want" ] || fail "hostile site name changed in XML: got [$got]"
# The checked-in samples are the current code's output (docs/examples/README.md says how they are made).
EX=$V6READY_SOURCE_DIR/docs/examples/sample-report
xmllint --noout --schema "$XSD" "$EX/junit.xml" "$EX/gate-junit.xml" || fail "a sample JUnit file does not validate"
cmp -s "$EX/junit.xml" "$J" || fail "docs/examples/sample-report/junit.xml is stale: re-render it (docs/examples/README.md)"
echo "ok: JUnit validates against junit.xsd ($checks testcases, $fails failures), and with --junit-evidence suite against its Ant-strict form$ext"
