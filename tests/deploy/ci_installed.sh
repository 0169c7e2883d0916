#!/usr/bin/env bash
# ci_installed.sh — the CI gate from installed files, as the packaged CI examples run it: the gate job
# installs the .deb packages and runs /usr/share/v6ready/ci/service-gate.sh (docs/ci-guide.md).
# Lab test (ctest deploy.lab.ci_installed): it brings the lab up and down itself, with the installed
# v6lab, so it runs after the v6lab fixture's lab.down (FIXTURES_REQUIRED v6lab_down).
#
# Without touching the host's /usr: `DESTDIR=<tmp>/root cmake --install BUILD --prefix /usr` stages
# the files the packages hold; PATH starts with <tmp>/root/usr/bin; V6LAB_RA, V6LAB, V6PROBE and
# V6ANALYZE are unset, and the script runs from <tmp> (no source tree), so it must take installed mode
# by itself, the tools from PATH, scenario and policy from <tmp>/root/usr/share/v6ready, and v6lab
# must find its RA sender in <tmp>/root/usr/lib/v6ready.
#   green  the gate job of ci/examples/gitlab-ci.yml as written: its variables (SERVICE_HOST
#          v4only.lab.test, port 80, its CLIENT_CMD) and its `script:` lines, only /usr/share/v6ready
#          mapped to the staged root; GitHub's gate step must run the same command with the same
#          environment, and both install ./debs/v6ready-*.deb with apt-get;
#   red    the same name on port 8081, where nothing listens (connection refused through NAT64)
# Usage: ci_installed.sh BUILD_DIR CMAKE
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:?BUILD_DIR} cmake=${2:-cmake}
. "$repo/tests/lab/lib.sh"
lab_preflight
"$V6LAB" status >/dev/null 2>&1 && fail "a lab is already up: this test brings up its own (run it after lab.down)"

work=$(mktemp -d /tmp/v6ready-ci-installed.XXXXXX)
chmod 0755 "$work"
trap 'rm -rf "$work"' EXIT
root=$work/root
t0=$(date +%s)
DESTDIR=$root "$cmake" --install "$build" --prefix /usr >"$work/install.log" 2>&1 ||
  { cat "$work/install.log"; fail "cmake --install into DESTDIR failed"; }
pass "staged install (DESTDIR=$root, prefix /usr) in $(( $(date +%s) - t0 )) s"
gate_sh=$root/usr/share/v6ready/ci/service-gate.sh
[ -x "$gate_sh" ] || fail "$gate_sh not installed"
[ -f "$root/usr/share/v6ready/CMakeLists.txt" ] && fail "a CMakeLists.txt in the installed tree"

# The gate jobs of both examples: environment and shell, as written (python3-yaml parses them).
python3 - "$repo/ci/examples/gitlab-ci.yml" "$repo/ci/examples/github-actions.yml" "$work" <<'PY' ||
import shlex, sys, yaml
gl = yaml.safe_load(open(sys.argv[1]))["ipv6-only-gate"]
gh = yaml.safe_load(open(sys.argv[2]))["jobs"]["ipv6-only-gate"]
install = "apt-get install -y -q --no-install-recommends ./debs/v6ready-*.deb"
gl_env, gh_env = gl["variables"], gh["env"]
assert gl_env == gh_env, f"the two gate jobs' environments differ: {gl_env} vs {gh_env}"
assert install in gl["before_script"], "gitlab gate job does not apt-get install ./debs/v6ready-*.deb"
gh_runs = [st.get("run", "") for st in gh["steps"]]
assert any(install in r for r in gh_runs), "github gate job does not apt-get install ./debs/v6ready-*.deb"
gate_run = next(st["run"] for st in gh["steps"] if st.get("name") == "IPv6-only gate")
assert [gate_run.strip()] == [l.strip() for l in gl["script"]], f"gate commands differ: {gate_run} vs {gl['script']}"
with open(sys.argv[3] + "/job.sh", "w") as f:
    for k, v in gl_env.items():
        f.write(f"export {k}={shlex.quote(str(v))}\n")
    f.write("\n".join(gl["script"]) + "\n")
PY
  fail "the CI examples' gate jobs (above)"
sed -i "s#/usr/share/v6ready/#$root/usr/share/v6ready/#g" "$work/job.sh"
grep -qF "$root/usr/share/v6ready/ci/service-gate.sh" "$work/job.sh" || fail "the gate job does not run the installed service-gate.sh: $(cat "$work/job.sh")"
pass "both examples' gate jobs: same environment, apt-get install ./debs/v6ready-*.deb, the same command"

clean_env=(env -u V6LAB_RA -u V6LAB -u V6PROBE -u V6ANALYZE -u V6READY_INSTALLED -u V6READY_SHARE
  -u V6READY_LAB_MANAGED PATH="$root/usr/bin:$PATH")
# gate NAME PORT: the installed script, as a CI job runs it; echo its exit code.
gate() {
  local rc=0
  (cd "$work" && "${clean_env[@]}" GATE_OUT="$1" SERVICE_HOST=v4only.lab.test \
    SERVICE_PORT="$2" "$gate_sh") >"$work/$1.log" 2>&1 || rc=$?
  echo "$rc"
}
show() { echo "---- $1"; tail -n 70 "$work/$1.log"; }

t=$(date +%s)
rc=0
mkdir "$work/job"
(cd "$work/job" && "${clean_env[@]}" bash -e "$work/job.sh") >"$work/green.log" 2>&1 || rc=$?
green_s=$(( $(date +%s) - t ))
mv "$work/job/gate-out" "$work/green" || fail "the gate job left no gate-out/"
show green
[ "$rc" = 0 ] || fail "green: installed service-gate.sh exit $rc, want 0 (v4only.lab.test through NAT64)"
grep -q 'installed tools (no bootstrap, no build)' "$work/green.log" || fail "green: not in installed mode"
grep -qE 'bootstrap and build|cmake ' "$work/green.log" && fail "green: the installed mode bootstrapped or built"
grep -qF "$root/usr/bin/v6lab; data $root/usr/share/v6ready" "$work/green.log" ||
  fail "green: not the staged v6lab and data directory"
grep -qF "RA sender: $root/usr/lib/v6ready/v6lab-ra" "$work/green.log" ||
  fail "green: v6lab did not use the installed RA sender $root/usr/lib/v6ready/v6lab-ra"
grep -qF "from $root/usr/share/v6ready/scenarios/service-gate.yaml" "$work/green/service-gate.yaml" ||
  fail "green: the scenario is not the installed one"
grep -qF "$root/usr/share/v6ready/policies/policy-service-gate.yaml" "$work/green.log" ||
  fail "green: the policy is not the installed one"
grep -q 'GREEN' "$work/green.log" || fail "green: no GREEN verdict line"
[ -s "$work/green/gate-junit.xml" ] || fail "green: no gate-junit.xml"
grep -q '<failure' "$work/green/gate-junit.xml" && fail "green: gate-junit.xml has a failure"
[ -s "$work/green/report.html" ] || fail "green: no report.html"
"$V6LAB" status >/dev/null 2>&1 && fail "green: the lab is still up after the job"
grep -qF 'curl -fsS --max-time 10 http://v4only.lab.test/' "$work/green.log" || fail "green: not the job's CLIENT_CMD"
pass "green: the example's gate job (lab up, client, probe, gate, report, lab down) for v4only.lab.test in $green_s s"

t=$(date +%s)
rc=$(gate red 8081)
red_s=$(( $(date +%s) - t ))
show red
[ "$rc" = 1 ] || fail "red: installed service-gate.sh exit $rc, want 1 (nothing listens on port 8081)"
grep -q 'RED' "$work/red.log" || fail "red: no RED verdict line"
grep -q '<failure' "$work/red/gate-junit.xml" || fail "red: gate-junit.xml records no failure"
"$V6LAB" status >/dev/null 2>&1 && fail "red: the lab is still up after the job"
[ -z "$(ip netns list | grep '^v6r-')" ] || fail "namespaces left: $(ip netns list | grep '^v6r-')"
pass "red: v4only.lab.test:8081 (nothing listens) fails the installed gate in $red_s s; the lab is down"
