#!/bin/bash
# v6analyze report / gate: exit codes 0/1/2 and what they print (docs/conventions.md §11).
. "$(dirname "$0")/lib.sh"
command -v jq >/dev/null || skip "jq not installed"
D=$WORK/cli; rm -rf "$D"; mkdir -p "$D"
POL=$V6READY_SOURCE_DIR/scenarios
run() { "$V6ANALYZE" "$@" >"$D/out" 2>"$D/err"; echo $? >"$D/rc"; }
expect_rc() { [ "$(cat "$D/rc")" = "$1" ] || { cat "$D/out" "$D/err"; fail "$2: exit $(cat "$D/rc"), want $1"; }; }
has() { grep -qF -- "$1" "$D/$2" || { cat "$D/out" "$D/err"; fail "missing in $2: $1"; }; }

# report: all formats, then a subset; no temp files left behind.
run report "$SAMPLE" --out "$D/all"; expect_rc 0 "report all"
for f in report.html summary.md findings.csv junit.xml v6ready.prom; do [ -s "$D/all/$f" ] || fail "no $f"; done
[ "$(ls -A "$D/all" | wc -l)" = 5 ] || fail "extra files in the output dir: $(ls -A "$D/all")"
run report "$SAMPLE" --out "$D/some" --format md,prom; expect_rc 0 "report md,prom"
[ "$(ls "$D/some" | tr '\n' ' ')" = "summary.md v6ready.prom " ] || fail "md,prom wrote $(ls "$D/some")"
# report: bad input is a usage error with a clear message.
echo '{"schema":"v6ready.findings/9"}' >"$D/v9.json"
run report "$D/v9.json" --out "$D/x"; expect_rc 2 "wrong schema"; has 'unsupported findings schema "v6ready.findings/9"' err
echo 'not json' >"$D/bad.json"
run report "$D/bad.json" --out "$D/x"; expect_rc 2 "not json"; has "not valid JSON" err
run report "$SAMPLE" --format pdf; expect_rc 2 "unknown format"; has "unknown format 'pdf'" err
# report: a findings.json that does not match the schema is refused with the key path, nothing rendered.
jq 'del(.sites[0].bundle.name)' "$SAMPLE" >"$D/missing-field.json"
run report "$D/missing-field.json" --out "$D/refused"; expect_rc 2 "missing field"
has "$D/missing-field.json: sites[0].bundle.name: missing" err
jq '.sites[2].findings[0].severity = "bad"' "$SAMPLE" >"$D/mistyped.json"
run report "$D/mistyped.json" --out "$D/refused"; expect_rc 2 "mistyped field"
has 'sites[2].findings[0].severity: expected one of fail|warn|info, got "bad"' err
[ ! -e "$D/refused" ] || fail "a refused findings.json was rendered: $(ls "$D/refused")"
# gate --findings / --baseline and diff refuse it the same way.
run gate --policy "$POL/policy-min-l2.yaml" --findings "$D/mistyped.json" --junit ""; expect_rc 2 "gate mistyped"
has 'sites[2].findings[0].severity: expected one of fail|warn|info' err
run gate --policy "$POL/policy-min-l2.yaml" --findings "$SAMPLE" --baseline "$D/missing-field.json" --junit ""
expect_rc 2 "gate baseline missing field"; has "sites[0].bundle.name: missing" err
run diff "$SAMPLE" "$D/mistyped.json"; expect_rc 2 "diff mistyped"; has 'sites[2].findings[0].severity' err
run report "$D/missing.json"; expect_rc 2 "missing file"
# expand (docs/findings-schema.md "Compact form"): any readable document in the /2 layout, key for key;
# a document that does not match the schema is refused with the key path, as everywhere.
run expand "$SAMPLE"; expect_rc 0 "expand"
cmp -s <(jq -S . "$D/out") <(jq -S . "$SAMPLE") || fail "expand of the /2 sample is not the sample"
run expand "$SAMPLE" -o "$D/expanded.json"; expect_rc 0 "expand -o"; cmp -s "$D/expanded.json" <("$V6ANALYZE" expand "$SAMPLE") || fail "expand -o"
run expand "$D/mistyped.json"; expect_rc 2 "expand mistyped"; has 'sites[2].findings[0].severity: expected one of fail|warn|info' err

# --lang (docs/i18n.md): the flag, else the plan's lang recorded in findings.json, else the environment.
# Human-read files change language; the machine-read ones stay English.
unset LC_ALL LC_MESSAGES LANG
run report "$SAMPLE" --out "$D/en" --format md,csv; expect_rc 0 "report en"
grep -qF "How to fix" "$D/en/summary.md" || fail "English summary.md has no 'How to fix'"
run report "$SAMPLE" --out "$D/vi" --format md,csv --lang vi; expect_rc 0 "report --lang vi"
grep -qF "Cách khắc phục" "$D/vi/summary.md" || fail "--lang vi: summary.md not in Vietnamese"
cmp -s "$D/en/findings.csv" "$D/vi/findings.csv" || fail "--lang vi changed the CSV (machine-read: English)"
run report "$SAMPLE" --format md --lang fr; expect_rc 2 "--lang fr"; has "--lang" err
jq '.plan.lang = "vi"' "$SAMPLE" >"$D/plan-vi.json"
run report "$D/plan-vi.json" --out "$D/planvi" --format md; expect_rc 0 "plan lang vi"
grep -qF "Cách khắc phục" "$D/planvi/summary.md" || fail "the plan's lang: vi was not the default"
run report "$D/plan-vi.json" --out "$D/planen" --format md --lang en; expect_rc 0 "--lang en over plan vi"
grep -qF "How to fix" "$D/planen/summary.md" || fail "--lang en did not win over the plan's lang"
LANG=vi_VN.UTF-8 run report "$SAMPLE" --out "$D/envvi" --format md; expect_rc 0 "LANG=vi_VN"
grep -qF "Cách khắc phục" "$D/envvi/summary.md" || fail "LANG=vi_VN.UTF-8 was not the default"
LC_ALL=vi_VN.UTF-8 run gate --policy "$POL/policy-min-l2.yaml" --findings "$SAMPLE" --junit "$D/gate-vi.xml"
expect_rc 1 "gate vi"; has "KHÔNG ĐẠT" out
grep -q "KHÔNG ĐẠT\|không đạt" "$D/gate-vi.xml" && fail "the gate's JUnit is not English"

# gate: the sample has a broken commune → 1 with the reason; the ready commune alone → 0.
run gate --policy "$POL/policy-min-l2.yaml" --findings "$SAMPLE" --junit "$D/gate.xml"; expect_rc 1 "gate sample"
has "v6analyze gate: FAIL: policy min-l2" out
has "min_level province/district-b/commune-brokendns64: is L0, needs L2" out
has "forbid_rules province/district-b/commune-brokendns64 dns64.unexpected_prefix" out
has "JUnit: $D/gate.xml" out
[ "$(wc -l <"$D/out")" -le 25 ] || fail "gate output longer than one screen"
[ -s "$D/gate.xml" ] || fail "gate wrote no JUnit"
jq '.sites |= map(select(.site | endswith("/commune-ready")))' "$SAMPLE" >"$D/ready.json"
run gate --policy "$POL/policy-min-l2.yaml" --findings "$D/ready.json" --junit "$D/ready.xml"; expect_rc 0 "gate ready"
has "v6analyze gate: PASS: policy min-l2" out
# service-gate: no bundle ran the service-gate scenario → 1; with it → 0.
run gate --policy "$POL/policy-service-gate.yaml" --findings "$D/ready.json" --junit ""; expect_rc 1 "service-gate unmatched"
has "no check matched" out
jq '.sites[0].bundle.scenario.name = "service-gate"' "$D/ready.json" >"$D/svc.json"
run gate --policy "$POL/policy-service-gate.yaml" --findings "$D/svc.json" --junit ""; expect_rc 0 "service-gate ready"
# no_regression: needs --baseline; the sample against itself holds; ready → dualstack-level regresses.
printf 'name: nr\nno_regression: true\n' >"$D/nr.yaml"
run gate --policy "$D/nr.yaml" --findings "$SAMPLE"; expect_rc 2 "no_regression without baseline"; has "--baseline" err
run gate --policy "$D/nr.yaml" --findings "$SAMPLE" --baseline "$SAMPLE" --junit ""; expect_rc 0 "no regression"
jq '.sites[0].level = "L1"' "$SAMPLE" >"$D/worse.json"
run gate --policy "$D/nr.yaml" --findings "$D/worse.json" --baseline "$SAMPLE" --junit ""; expect_rc 1 "regression"
has "level dropped from L3 to L1" out
# require_signed: only a bundle signed by a trusted key passes; unsigned, unknown key, bad signature,
# no signature status at all, and a document that claims "signed" without a valid fingerprint fail.
# The gate wraps its lines to the terminal: read them joined.
flat() { tr '\n' ' ' <"$D/$2" | tr -s ' ' | grep -qF -- "$1" || { cat "$D/out" "$D/err"; fail "missing in $2: $1"; }; }
printf 'name: signed\nmin_level: L0\nrequire_signed: true\n' >"$D/signed.yaml"
fp=$(printf '%064d' 7 | tr 0 a)
sig() { jq --argjson s "$1" '.sites[0].bundle.signature = $s' "$D/ready.json" >"$D/sig.json"; }
sig "{\"status\": \"signed\", \"key\": \"$fp\"}"
run gate --policy "$D/signed.yaml" --findings "$D/sig.json" --junit "$D/sig.xml"; expect_rc 0 "require_signed, signed"
grep -q '<testcase classname="gate: signed" name="require_signed" time="0.000"/>' "$D/sig.xml" || fail "no passing require_signed testcase"
sig '{"status": "unsigned", "key": null}'
run gate --policy "$D/signed.yaml" --findings "$D/sig.json" --junit "$D/sig.xml"; expect_rc 1 "require_signed, unsigned"
flat "require_signed province/district-a/commune-ready: bundle province.district-a.commune-ready_" out
flat "is not signed (no MANIFEST.sig)" out
grep -q 'is not signed (no MANIFEST.sig)' "$D/sig.xml" || fail "the JUnit failure lacks the reason"
sig "{\"status\": \"unknown_key\", \"key\": \"$fp\"}"
run gate --policy "$D/signed.yaml" --findings "$D/sig.json" --junit ""; expect_rc 1 "require_signed, unknown key"
flat "is signed by key ${fp:0:16}, which is not a trusted key" out
sig '{"status": "bad_signature", "key": null}'
run gate --policy "$D/signed.yaml" --findings "$D/sig.json" --junit ""; expect_rc 1 "require_signed, bad signature"
flat "has a bad signature" out
jq '.sites[0].bundle |= del(.signature)' "$D/ready.json" >"$D/sig.json"
run gate --policy "$D/signed.yaml" --findings "$D/sig.json" --junit ""; expect_rc 1 "require_signed, not checked"
flat "its signature was not checked" out
# hostile: "signed" with no key, with a key that is not a fingerprint (and carries an escape), or a
# status that is not one of the four (the strict reader refuses the document: exit 2)
sig '{"status": "signed", "key": null}'
run gate --policy "$D/signed.yaml" --findings "$D/sig.json" --junit ""; expect_rc 1 "require_signed, signed without key"
flat "is marked signed without a valid key fingerprint" out
sig '{"status": "signed", "key": "aaaa\u001b[32mtrusted"}'
run gate --policy "$D/signed.yaml" --findings "$D/sig.json" --junit ""; expect_rc 1 "require_signed, forged key"
flat "is marked signed without a valid key fingerprint" out
grep -q $'\x1b' "$D/out" && fail "an escape from the findings reached the terminal"
sig '{"status": "Signed", "key": null}'
run gate --policy "$D/signed.yaml" --findings "$D/sig.json" --junit ""; expect_rc 2 "require_signed, unknown status"
has "sites[0].bundle.signature.status" err
# Policy errors: file:line:col, exit 2.
printf 'name: typo\nmin_level: L2\nforbid_rule: [x]\n' >"$D/typo.yaml"
run gate --policy "$D/typo.yaml" --findings "$SAMPLE"; expect_rc 2 "policy typo"; has "$D/typo.yaml:3:1: unknown key 'forbid_rule'" err
run gate --policy "$D/none.yaml" --findings "$SAMPLE"; expect_rc 2 "missing policy"
run gate --policy "$POL/policy-min-l2.yaml"; expect_rc 2 "no input"
run gate --findings "$SAMPLE"; expect_rc 2 "no policy"
echo "ok: report and gate exit codes"
