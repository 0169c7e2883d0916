# tests/lab/lib.sh — sourced by every lab test (bash). Decides skip vs fail, and gives small helpers.
#
# Not root: the test SKIPS (exit 77, ctest SKIP_RETURN_CODE) — unless CI=true or V6READY_REQUIRE_LAB=1,
# where a lab test that cannot run FAILS (exit 1), so a CI job can never go green without the lab.
set -uo pipefail

V6LAB=${V6LAB:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/lab/v6lab}
LAB_TOOLS=$(dirname "$V6LAB")/tools

lab_require_strict() { [ "${CI:-}" = "true" ] || [ "${V6READY_REQUIRE_LAB:-}" = "1" ]; }

# lab_cannot_run REASON: skip (77), or fail (1) when the lab is required.
lab_cannot_run() {
  if lab_require_strict; then
    echo "FAIL: lab required (CI=true or V6READY_REQUIRE_LAB=1) but: $*" >&2
    exit 1
  fi
  echo "SKIP: $*" >&2
  exit 77
}

lab_preflight() {
  [ "$(id -u)" -eq 0 ] || lab_cannot_run "lab tests need root (network namespaces); run as root"
  local t
  for t in ip nft unbound named tayga nginx dnsmasq tcpdump tshark dig curl python3; do
    command -v "$t" >/dev/null 2>&1 || lab_cannot_run "missing '$t' (run ci/bootstrap.sh)"
  done
}

# lab_require_up: for property tests; the lab.up fixture must have brought the lab up.
lab_require_up() {
  lab_preflight
  "$V6LAB" status >/dev/null 2>&1 || lab_cannot_run "the lab is not up (did the lab.up fixture fail?)"
}

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }
in_node() { local n=$1; shift; "$V6LAB" exec "$n" -- "$@"; }

# probe_in NODE SITE SCENARIO OUT [ARGS...]: `$V6PROBE run SCENARIO --site SITE --out OUT -q ARGS` in NODE,
# its stderr in OUT.err; sets RC (its exit code), RES (the bundle's results.jsonl) and BUNDLE; fails
# when it left no bundle.
probe_in() {
  local node=$1 site=$2 scenario=$3 out=$4
  shift 4
  mkdir -p "$out"
  in_node "$node" "$V6PROBE" run "$scenario" --site "$site" --out "$out" -q "$@" >/dev/null 2>"$out.err"
  RC=$?
  RES=$(find "$out" -mindepth 2 -maxdepth 2 -name results.jsonl | head -1)
  [ -n "$RES" ] || fail "$node: no bundle ($(cat "$out.err"))"
  BUNDLE=$(dirname "$RES")
}

# expect_eq WHAT GOT WANT
expect_eq() { [ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"; pass "$1 = '$3'"; }

# dig_aaaa NODE NAME: the node's resolver's AAAA answers, sorted, space separated
dig_aaaa() { in_node "$1" dig +time=2 +tries=2 +short AAAA "$2" | grep -v '\.$' | sort | tr '\n' ' ' | sed 's/ $//'; }
