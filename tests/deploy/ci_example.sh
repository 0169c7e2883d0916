#!/usr/bin/env bash
# ci_example.sh — runs the CI example's shell steps (ci/examples/service-gate.sh) against a small
# service of our own in the lab, and checks the job goes red, then green once the service is fixed.
# Lab test (ctest deploy.lab.ci_example): joins the v6lab fixture, never brings the lab up or down.
#
# The service: python3 -m http.server in v6r-inet on port 8080, behind dual.lab.test
# (A 192.0.2.11, AAAA 2001:db8:20::11):
#   red    it listens on 192.0.2.11 only (IPv4-only) while its name has an AAAA: DNS64 does not
#          synthesize (a real AAAA exists), the IPv6-only client gets "connection refused";
#   green  it gets IPv6: the same service listens on [::]:8080 (both families);
#   green  an IPv4-only instance on 192.0.2.10:8080 behind v4only.lab.test (A only): reached through
#          DNS64/NAT64 correctly.
# Env: V6PROBE, V6ANALYZE (built tools), V6LAB, V6LAB_RA (from the fixture).
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$repo/tests/lab/lib.sh"
lab_require_up

: "${V6PROBE:?V6PROBE not set}" "${V6ANALYZE:?V6ANALYZE not set}"
work=$(mktemp -d /tmp/v6ready-ci-example.XXXXXX)
chmod 0755 "$work"
echo "v6ready ci example $(date -u +%s)" >"$work/index.html"
svc_pid=""

stop_service() {
  if [ -n "$svc_pid" ]; then
    kill "$svc_pid" 2>/dev/null
    wait "$svc_pid" 2>/dev/null
    svc_pid=""
  fi
}
trap 'stop_service; rm -rf "$work"' EXIT

# start_service BIND: the service in v6r-inet on BIND:8080; waits until it accepts connections.
start_service() {
  stop_service
  ip netns exec v6r-inet python3 -m http.server 8080 --bind "$1" --directory "$work" \
    >"$work/service-$1.log" 2>&1 &
  svc_pid=$!
  local i
  for i in $(seq 1 50); do
    if ip netns exec v6r-inet python3 - "$1" <<'PY' 2>/dev/null; then return 0; fi
import socket, sys
a = sys.argv[1]
a = "127.0.0.1" if a == "::" else a
s = socket.create_connection((a, 8080), timeout=0.5)
PY
    kill -0 "$svc_pid" 2>/dev/null || fail "service on $1:8080 did not start: $(cat "$work/service-$1.log")"
    sleep 0.1
  done
  fail "service on $1:8080 is not accepting connections"
}

# gate NAME HOST: run the example's steps; echo its exit code.
gate() {
  local name=$1 host=$2 rc=0
  GATE_OUT="$work/$name" SERVICE_HOST="$host" SERVICE_PORT=8080 SERVICE_PATH=/index.html \
    V6READY_SKIP_BOOTSTRAP=1 V6READY_SKIP_BUILD=1 V6READY_LAB_MANAGED=1 \
    V6PROBE="$V6PROBE" V6ANALYZE="$V6ANALYZE" \
    "$repo/ci/examples/service-gate.sh" >"$work/$name.log" 2>&1 || rc=$?
  echo "$rc"
}

show() { echo "---- $1"; tail -n 40 "$work/$1.log"; }

# 1. red: IPv4-only service, but its name has an AAAA.
start_service 192.0.2.11
rc=$(gate red dual.lab.test)
show red
[ "$rc" = 1 ] || fail "red: service-gate.sh exit $rc, want 1 (IPv4-only service behind an AAAA name)"
grep -q 'RED' "$work/red.log" || fail "red: no RED verdict line"
grep -q "v6probe exit 1" "$work/red.log" || fail "red: the probe did not report failed checks (exit 1)"
[ -s "$work/red/gate-junit.xml" ] || fail "red: no gate-junit.xml artifact"
grep -q '<failure' "$work/red/gate-junit.xml" || fail "red: gate-junit.xml records no failure"
[ -s "$work/red/report.html" ] || fail "red: no report.html artifact"
pass "red: IPv4-only service behind an AAAA name fails the gate (JUnit failure, HTML report)"

# 2. green: the same service gets IPv6.
start_service ::
rc=$(gate green-ipv6 dual.lab.test)
show green-ipv6
[ "$rc" = 0 ] || fail "green-ipv6: service-gate.sh exit $rc, want 0 (service now listens on IPv6)"
grep -q 'GREEN' "$work/green-ipv6.log" || fail "green-ipv6: no GREEN verdict line"
grep -q '<failure' "$work/green-ipv6/gate-junit.xml" && fail "green-ipv6: gate-junit.xml has a failure"
[ -s "$work/green-ipv6/report.html" ] || fail "green-ipv6: no report.html artifact"
pass "green: the same service with IPv6 passes the gate"

# 3. green: an IPv4-only service behind an A-only name, reached through DNS64/NAT64.
start_service 192.0.2.10
rc=$(gate green-nat64 v4only.lab.test)
show green-nat64
[ "$rc" = 0 ] || fail "green-nat64: service-gate.sh exit $rc, want 0 (IPv4-only behind NAT64)"
pass "green: IPv4-only service behind DNS64/NAT64 passes the gate"
