# Shared by the tests/reports script tests. Needs V6ANALYZE, V6READY_SOURCE_DIR and WORK from ctest.
set -u
: "${V6ANALYZE:?}" "${V6READY_SOURCE_DIR:?}" "${WORK:?}"
SAMPLE=$V6READY_SOURCE_DIR/docs/examples/findings-sample.json
fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }
# hostile_json OUT: the sample with network text replaced by markup, quotes, commas, newlines, backslashes.
hostile_json() {
  jq --arg h $'<script>alert("x")</script>, \'q\' "dq"\n\\back\\slash\r\n& =cmd|x' '
    .sites[0].site = ("province/evil\"district/" + $h)
    | .sites[0].checks[0].reason = $h | .sites[0].checks[0].target = ($h + ".lab.test")
    | .sites[0].checks[1].check_id = ("id-" + $h)
    | .sites[0].findings[0].title = $h | .sites[0].findings[0].explanation = $h
    | .sites[0].findings[0].addresses = [$h, "2001:db8::1"] | .sites[0].bundle.name = $h' "$SAMPLE" >"$1"
}
# use_chromium SECONDS: CHROMIUM (the test is skipped without it) and a throw-away profile, removed on
# exit; then `chrome ARGS...` runs it headless, fetching nothing in the background, for at most SECONDS.
use_chromium() {
  CHROMIUM=$(command -v chromium || command -v chromium-browser) ||
    skip "chromium not installed (apt-get install chromium; ci/bootstrap.sh does)"
  CHROME_SECONDS=$1
  PROFILE=$(mktemp -d)
  trap 'rm -rf "$PROFILE"' EXIT
}
chrome() {
  timeout "$CHROME_SECONDS" "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --disable-extensions \
    --user-data-dir="$PROFILE" --enable-logging=stderr --v=0 "$@"
}
# attr DOM NAME: the number the page's script wrote as data-NAME on #v6r-dom-summary (chrome --dump-dom).
attr() { grep -o "id=\"v6r-dom-summary\"[^>]*" "$1" | grep -o " data-$2=\"[0-9]*\"" | grep -o '[0-9]*'; }
