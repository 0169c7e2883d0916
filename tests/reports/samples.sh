#!/bin/bash
# The checked-in sample outputs (docs/examples/sample-report/ and sample-report-vi/, made as
# docs/examples/README.md says) are what the current code renders from docs/examples/findings-sample.json,
# byte for byte, so the examples people read in the docs cannot go stale. The gate's JUnit file names the
# host and time that judged, so it is checked by reports.junit_xsd (schema) instead of compared.
# After a change to what the renderers write, re-render the samples with
#   V6ANALYZE=build/analyzers/v6analyze V6READY_SOURCE_DIR=$PWD WORK=/tmp tests/reports/samples.sh --update
update=0
[ "${1:-}" = --update ] && update=1
. "$(dirname "$0")/lib.sh"
D=$WORK/samples; rm -rf "$D"; mkdir -p "$D/en" "$D/vi"
cd "$V6READY_SOURCE_DIR" || fail "no source dir"
EX=docs/examples/sample-report EXVI=docs/examples/sample-report-vi
"$V6ANALYZE" report docs/examples/findings-sample.json --out "$D/en" >/dev/null || fail "report (en)"
"$V6ANALYZE" report docs/examples/findings-sample.json --lang vi --out "$D/vi" >/dev/null || fail "report (vi)"
stale=()
for f in report.html summary.md findings.csv junit.xml v6ready.prom; do
  cmp -s "$EX/$f" "$D/en/$f" || stale+=("$EX/$f")
done
for f in report.html summary.md; do
  cmp -s "$EXVI/$f" "$D/vi/$f" || stale+=("$EXVI/$f")
done
# gate-output.txt: rendered to a scratch JUnit path, that path put back as the README's before comparing.
gate() {  # gate OUT JUNIT-IN-OUTPUT [--lang vi]
  local out=$1 shown=$2
  shift 2
  "$V6ANALYZE" gate "$@" --policy scenarios/policy-min-l2.yaml --findings docs/examples/findings-sample.json \
    --junit "${shown:+$D/gate-junit.xml}" 2>&1 | sed "s|$D/gate-junit.xml|$shown|g" >"$out"
  [ "${PIPESTATUS[0]}" -eq 1 ] || fail "gate on the sample should exit 1"
}
gate "$D/gate-en.txt" "$EX/gate-junit.xml"
gate "$D/gate-vi.txt" "" --lang vi
cmp -s "$EX/gate-output.txt" "$D/gate-en.txt" || stale+=("$EX/gate-output.txt")
cmp -s "$EXVI/gate-output.txt" "$D/gate-vi.txt" || stale+=("$EXVI/gate-output.txt")
if [ $update = 1 ]; then
  cp "$D"/en/{report.html,summary.md,findings.csv,junit.xml,v6ready.prom} "$EX/"
  cp "$D"/vi/{report.html,summary.md} "$EXVI/"
  cp "$D/gate-en.txt" "$EX/gate-output.txt" && cp "$D/gate-vi.txt" "$EXVI/gate-output.txt"
  echo "updated: ${#stale[@]} sample file(s) were stale${stale[*]:+: ${stale[*]}}"
  exit 0
fi
if [ ${#stale[@]} -gt 0 ]; then
  for f in "${stale[@]}"; do echo "stale: $f" >&2; done
  fail "${#stale[@]} sample file(s) differ from what the code renders: re-render them: tests/reports/samples.sh --update (see its header)"
fi
echo "ok: the 9 sample files are what the code renders (en and vi)"
