#!/usr/bin/env bash
# ci/examples/service-gate.sh — gate a service change: does it still work from an IPv6-only network
# with DNS64/NAT64? Shared by ci/examples/github-actions.yml and ci/examples/gitlab-ci.yml
# (docs/ci-guide.md). Run as root on Debian 12, in one of two modes:
#
#   installed  from the packages (v6ready-probe, v6ready-analyzer, v6ready-lab): the script is
#              /usr/share/v6ready/ci/service-gate.sh (no CMakeLists.txt two levels up) or
#              V6READY_INSTALLED=1; v6probe, v6analyze and v6lab come from PATH, the scenario and
#              the policy from /usr/share/v6ready; nothing is bootstrapped or built:
#     SERVICE_HOST=v4only.lab.test /usr/share/v6ready/ci/service-gate.sh
#   source     from a clone of v6ready: bootstraps and builds first (step 1):
#     SERVICE_HOST=v4only.lab.test SERVICE_PORT=80 SERVICE_PATH=/ ci/examples/service-gate.sh
#
# Steps: 1. bootstrap + build (source mode); 2. v6lab up; 3. the service's own client (CLIENT_CMD) inside the
# IPv6-only node (lab/v6lab exec); 4. v6probe run scenarios/service-gate.yaml (host/port/path set
# from the environment) in the same node; 5. v6analyze gate --policy scenarios/policy-service-gate.yaml
# (JUnit); 6. HTML report. Artifacts in $GATE_OUT: client.log, service-gate.yaml, bundles/,
# gate-junit.xml, gate.txt, report.html, junit.xml, findings.json. The lab goes down on exit.
#
# Environment:
#   SERVICE_HOST (required)  name the service is reached by (from the lab: a lab.test name)
#   SERVICE_PORT  (80)       TCP port;  SERVICE_SCHEME (http) http|https;  SERVICE_PATH (/) path
#   CLIENT_CMD               the service's own client/test command, run in the node by `sh -c`
#                            (default: curl -fsS --max-time 10 -o /dev/null SCHEME://HOST:PORT/PATH)
#   GATE_NODE (commune-ready) lab node;  GATE_SITE (its site path)
#   GATE_ALLOW ("2001:db8::/32 192.0.2.0/24") prefixes the probe may send to
#   GATE_OUT (gate-out)      artifact directory
#   V6READY_INSTALLED=1      installed mode even beside a source tree
#   V6READY_SHARE            installed mode's data directory (default: the directory above this
#                            script when installed, else /usr/share/v6ready)
#   V6READY_BUILD_DIR (build)  V6READY_SKIP_BOOTSTRAP=1  V6READY_SKIP_BUILD=1   (source mode)
#   V6PROBE, V6ANALYZE, V6LAB  the tools (default: PATH when installed, the build otherwise)
#   V6READY_LAB_MANAGED=1    the lab is already up and someone else takes it down (ctest fixture)
# Exit: 0 the service passes the gate, 1 it does not (client failed or gate violated), 2 usage/setup
# error, 3 a step failed to produce a result.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
if [ "${V6READY_INSTALLED:-0}" = 1 ] || [ ! -f "$here/../../CMakeLists.txt" ]; then
  mode=installed
  if [ -n "${V6READY_SHARE:-}" ]; then share=$V6READY_SHARE
  elif [ -f "$here/../../CMakeLists.txt" ]; then share=/usr/share/v6ready
  else share=$(cd "$here/.." && pwd)
  fi
  repo=$PWD
  scenario=$share/scenarios/service-gate.yaml
  policy=$share/policies/policy-service-gate.yaml
else
  mode=source
  repo=$(cd "$here/../.." && pwd)
  cd "$repo"
  scenario=scenarios/service-gate.yaml
  policy=scenarios/policy-service-gate.yaml
fi

host=${SERVICE_HOST:-}
port=${SERVICE_PORT:-80}
scheme=${SERVICE_SCHEME:-http}
path=${SERVICE_PATH:-/}
node=${GATE_NODE:-commune-ready}
site=${GATE_SITE:-province/district-a/$node}
allow=${GATE_ALLOW:-2001:db8::/32 192.0.2.0/24}
out=${GATE_OUT:-gate-out}
build=${V6READY_BUILD_DIR:-build}
[ -n "$host" ] || { echo "service-gate: SERVICE_HOST is not set" >&2; exit 2; }
case "$path" in /*) ;; *) path=/$path ;; esac
url="$scheme://$host:$port$path"
client=${CLIENT_CMD:-curl -fsS --max-time 10 -o /dev/null $url}
[ "$(id -u)" -eq 0 ] || { echo "service-gate: needs root (network namespaces): run it with sudo" >&2; exit 2; }

t0=$(date +%s)
step() { printf '\n== [%s/6] %s  (+%ss)\n' "$1" "$2" "$(( $(date +%s) - t0 ))"; }

abs() { case "$1" in /*) echo "$1" ;; *) echo "$repo/$1" ;; esac; }
if [ "$mode" = installed ]; then
  step 1 "installed tools (no bootstrap, no build)"
  tool() { command -v "$1" || { echo "service-gate: $1 is not on PATH (apt-get install ./v6ready-*.deb)" >&2; exit 2; }; }
  probe=${V6PROBE:-$(tool v6probe)}
  analyze=${V6ANALYZE:-$(tool v6analyze)}
  v6lab=${V6LAB:-$(tool v6lab)}
  for f in "$scenario" "$policy"; do [ -f "$f" ] || { echo "service-gate: $f is missing" >&2; exit 2; }; done
  echo "   $("$probe" --version | head -n1); $("$analyze" --version | head -n1); $v6lab; data $share"
else
  step 1 "bootstrap and build"
  [ "${V6READY_SKIP_BOOTSTRAP:-0}" = 1 ] || ci/bootstrap.sh
  if [ "${V6READY_SKIP_BUILD:-0}" != 1 ]; then
    gen=()
    command -v ninja >/dev/null && gen=(-G Ninja)
    cmake -S . -B "$build" "${gen[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DV6READY_BUILD_TESTS=OFF \
      -DV6READY_BUILD_BENCH=OFF >/dev/null
    cmake --build "$build" -j"$(nproc)" --target v6probe v6analyze v6lab-ra
  fi
  probe=${V6PROBE:-$(abs "$build")/probes/v6probe}
  analyze=${V6ANALYZE:-$(abs "$build")/analyzers/v6analyze}
  export V6LAB_RA=${V6LAB_RA:-$(abs "$build")/lab/v6lab-ra}
  v6lab=${V6LAB:-$repo/lab/v6lab}
fi
for t in "$probe" "$analyze"; do [ -x "$t" ] || { echo "service-gate: $t is not built" >&2; exit 2; }; done
out=$(abs "$out")
rm -rf "$out"
mkdir -p "$out/bundles"

step 2 "lab up"
if [ "${V6READY_LAB_MANAGED:-0}" = 1 ]; then
  "$v6lab" status >/dev/null || { echo "service-gate: V6READY_LAB_MANAGED=1 but the lab is not up" >&2; exit 2; }
  echo "   lab managed by the caller (V6READY_LAB_MANAGED=1)"
else
  trap '"$v6lab" down >/dev/null 2>&1 || true' EXIT
  "$v6lab" up || { echo "service-gate: v6lab up failed" >&2; exit 3; }
fi

step 3 "the service's own client, inside IPv6-only node $node: $client"
client_rc=0
"$v6lab" exec "$node" -- sh -c "$client" >"$out/client.log" 2>&1 || client_rc=$?
sed 's/^/   | /' "$out/client.log" | tail -n 20
echo "   client exit $client_rc"

step 4 "v6probe run $scenario for $url"
python3 - "$scenario" "$out/service-gate.yaml" "$host" "$port" "$url" "$allow" <<'PY'
import sys, yaml
src, dst, host, port, url, allow = sys.argv[1:]
s = yaml.safe_load(open(src))
s["allow"] = allow.split()
for c in s["checks"]:
    p = c.setdefault("params", {})
    if c["kind"] in ("service.tcp", "service.tls"):
        p["host"], p["port"] = host, int(port)
    elif c["kind"] == "service.http":
        p["url"] = url
open(dst, "w").write(f"# generated by service-gate.sh from {src}\n"
                     + yaml.safe_dump(s, sort_keys=False))
PY
"$probe" check "$out/service-gate.yaml"
probe_rc=0
"$v6lab" exec "$node" -- "$probe" run "$out/service-gate.yaml" --site "$site" --out "$out/bundles" \
  --quiet || probe_rc=$?
echo "   v6probe exit $probe_rc"
[ "$probe_rc" -le 1 ] || { echo "service-gate: v6probe could not complete (exit $probe_rc)" >&2; exit 3; }

step 5 "v6analyze gate --policy $policy"
gate_rc=0
"$analyze" gate --policy "$policy" --junit "$out/gate-junit.xml" \
  "$out"/bundles/*/ >"$out/gate.txt" 2>&1 || gate_rc=$?
sed 's/^/   | /' "$out/gate.txt"
echo "   gate exit $gate_rc"
[ "$gate_rc" -le 1 ] || { echo "service-gate: v6analyze gate failed to evaluate (exit $gate_rc)" >&2; exit 3; }

step 6 "report (HTML + JUnit) for the artifacts"
"$analyze" analyze "$out/bundles" --out "$out" --quiet || true
if [ -f "$out/findings.json" ]; then
  "$analyze" report "$out/findings.json" --out "$out" --format html,junit >/dev/null || true
fi
ls "$out"

echo "   $mode mode, $(( $(date +%s) - t0 )) s in all"
if [ "$client_rc" -ne 0 ] || [ "$gate_rc" -ne 0 ]; then
  echo "service-gate: RED — $url does not work from IPv6-only node $node (client exit $client_rc, gate exit $gate_rc)"
  exit 1
fi
echo "service-gate: GREEN — $url works from IPv6-only node $node"
