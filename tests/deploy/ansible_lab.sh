#!/usr/bin/env bash
# ansible_lab.sh — the fleet roll-out (probes/deploy/ansible/) against the lab, over IPv6 only.
# Lab test (ctest deploy.lab.ansible): joins the v6lab fixture, never brings the lab up or down.
#   - every commune namespace runs its own sshd (Debian openssh-server) bound to its IPv6 address
#     only, with host keys and an authorized key made here (temp dir); PIDs recorded, killed by PID;
#   - ansible-playbook runs in the core namespace (v6r-gw), ansible_host = the commune's IPv6 address;
#   - site.yml twice: the second run must report changed=0 on every node (PLAY RECAP); each node has its
#     own signing key (probe.key 0600, on the node only) and its probe.pub is in the controller's trust
#     directory; a trusted key that differs from the node's is never replaced silently;
#   - sweep.yml: a report whose findings.json names every commune, every bundle signed by its node's
#     collected key (verified); a bundle whose node key is not collected is refused (unknown signer),
#     not verified; then sweep.yml again with one
#     commune's sshd killed while the probes run: the sweep completes for the others and names it
#     as missing.
# The namespaces share one filesystem, so each node gets a private root (v6ready_root) where the
# .deb files are unpacked: docs/deployment.md says how that differs from a real node.
# Usage: ansible_lab.sh BUILD_DIR CPACK   Env: V6ANALYZE, V6LAB (fixture); V6READY_FLEET_MEASURE=1
# also times the probe run by hand on each commune, one after the other.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$repo/tests/lab/lib.sh"
build=${1:?BUILD_DIR} cpack=${2:-cpack}
lab_require_up
for t in ansible-playbook ssh ssh-keygen /usr/sbin/sshd dpkg-deb systemctl jq openssl; do
  command -v "$t" >/dev/null 2>&1 || lab_cannot_run "missing '$t' (run ci/bootstrap.sh: ansible, openssh-server)"
done
: "${V6ANALYZE:?V6ANALYZE not set}"
controller=gw

work=$(mktemp -d /tmp/v6ready-ansible.XXXXXX)
chmod 0755 "$work"
sshd_pids=()
stop_all() {
  local p
  for p in "${sshd_pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${sshd_pids[@]}"; do wait "$p" 2>/dev/null; done
  sshd_pids=()
}
trap 'stop_all; rm -rf "$work"' EXIT

# 1. The two packages, as an engineer would build them.
(cd "$build" && "$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$work/debs") >"$work/cpack.log" 2>&1 \
  || { tail -n 30 "$work/cpack.log"; fail "cpack -G DEB failed"; }
rm -rf "$work/debs/_CPack_Packages"
ls "$work"/debs/v6ready-probe_*.deb "$work"/debs/v6ready-analyzer_*.deb >/dev/null || fail "cpack made no .deb"

# 2. The communes, from the running lab: name, namespace, site, IPv6 address on eth0.
"$V6LAB" status --json >"$work/status.json" || fail "v6lab status --json"
jq -r '.nodes[] | select(.role == "commune") | [.name, .site,
        ([.addresses[] | select(.interface == "eth0" and (.address | contains(":"))) | .address][0] | sub("/.*"; ""))]
       | @tsv' "$work/status.json" >"$work/communes.tsv"
n=$(wc -l <"$work/communes.tsv")
[ "$n" -ge 2 ] || fail "the lab has $n communes, want at least 2"
mkdir -p "$work/ssh" /run/sshd
ssh-keygen -q -t ed25519 -N '' -C v6ready-controller -f "$work/ssh/id_ed25519" || fail "ssh-keygen (client)"
cp "$work/ssh/id_ed25519.pub" "$work/ssh/authorized_keys"
: >"$work/ssh/known_hosts"

# 3. One sshd per commune, on its IPv6 address only (no IPv4 listener anywhere).
declare -A sshd_of
while IFS=$'\t' read -r name site addr; do
  ssh-keygen -q -t ed25519 -N '' -C "host-$name" -f "$work/ssh/host-$name" || fail "ssh-keygen ($name)"
  echo "$addr $(cut -d' ' -f1,2 "$work/ssh/host-$name.pub")" >>"$work/ssh/known_hosts"
  ip netns exec "v6r-$name" /usr/sbin/sshd -D -e -f /dev/null \
    -o "ListenAddress=[$addr]:22" -o AddressFamily=inet6 -o "HostKey=$work/ssh/host-$name" \
    -o "AuthorizedKeysFile=$work/ssh/authorized_keys" -o PidFile=none -o UsePAM=no -o StrictModes=no \
    -o PermitRootLogin=prohibit-password -o PasswordAuthentication=no -o KbdInteractiveAuthentication=no \
    -o "Subsystem=sftp internal-sftp" -o MaxStartups=50 -o LogLevel=ERROR \
    >"$work/sshd-$name.log" 2>&1 &
  sshd_pids+=("$!")
  sshd_of[$name]=$!
done <"$work/communes.tsv"
while IFS=$'\t' read -r name site addr; do
  for i in $(seq 1 50); do
    ip netns exec "v6r-$name" ss -Hltn "sport = :22" | grep -qF "[$addr]:22" && break
    kill -0 "${sshd_of[$name]}" 2>/dev/null || fail "sshd in $name died: $(cat "$work/sshd-$name.log")"
    sleep 0.1
  done
  ip netns exec "v6r-$name" ss -Hltn "sport = :22" | grep -qF "[$addr]:22" || fail "sshd in $name not listening on [$addr]:22"
done <"$work/communes.tsv"
pass "$n sshd listening, each on its commune's IPv6 address only"

# 4. The inventory: one group per district (group vars), host vars per commune.
central=$work/central
{
  echo "all:"
  echo "  vars:"
  echo "    v6ready_central_spool: $central/spool"
  echo "    v6ready_central_sweeps: $central/sweeps"
  echo "    v6ready_controller_v6analyze: $V6ANALYZE"
  echo "    v6ready_plan: $repo/scenarios/plan-2026-2030.yaml"
  echo "    v6ready_trust_dir: $central/trust"
  echo "  children:"
  echo "    v6ready_nodes:"
  echo "      vars:"
  echo "        ansible_user: root"
  echo "        v6ready_deb_dir: $work/debs"
  echo "        v6ready_ship_dest: 'v6ready@[2001:db8:ff::1]:/srv/v6ready/spool'"
  echo "        v6ready_textfile_dir: /var/lib/prometheus/node-exporter"
  echo "      children:"
  cut -f2 "$work/communes.tsv" | cut -d/ -f2 | sort -u | while read -r district; do
    echo "        ${district//-/_}:"
    echo "          vars: {v6ready_probe_args: '--probe-id lab-$district'}"
    echo "          hosts:"
    while IFS=$'\t' read -r name site addr; do
      [ "$(cut -d/ -f2 <<<"$site")" = "$district" ] || continue
      echo "            $name: {ansible_host: '$addr', v6ready_site: $site, v6ready_root: $work/nodes/$name}"
    done <"$work/communes.tsv"
  done
} >"$work/inventory.yml"
cat "$work/inventory.yml"

export ANSIBLE_CONFIG=$repo/probes/deploy/ansible/ansible.cfg ANSIBLE_HOME=$work/ansible-home \
  ANSIBLE_LOCAL_TEMP=$work/ansible-local ANSIBLE_REMOTE_TEMP=$work/ansible-remote ANSIBLE_NOCOLOR=1 \
  ANSIBLE_PRIVATE_KEY_FILE=$work/ssh/id_ed25519 ANSIBLE_TIMEOUT=10 \
  ANSIBLE_SSH_ARGS="-o ControlMaster=no -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=$work/ssh/known_hosts -o ConnectTimeout=5"
# play NAME PLAYBOOK [ARGS...]: ansible-playbook in the controller namespace; output in $work/NAME.log.
play() {
  local name=$1 pb=$2
  shift 2
  ip netns exec "v6r-$controller" ansible-playbook -i "$work/inventory.yml" \
    "$repo/probes/deploy/ansible/$pb" "$@" >"$work/$name.log" 2>&1
}
# recap NAME: the PLAY RECAP lines of the communes (name ok=.. changed=.. unreachable=.. failed=..).
recap() { sed -n '/^PLAY RECAP/,$p' "$work/$1.log" | grep -E '^commune' | tr -s ' '; }

# 5. site.yml twice.
play site1 site.yml; rc=$?
tail -n 20 "$work/site1.log"
[ "$rc" = 0 ] || { fail "site.yml (1st) exit $rc"; }
while IFS=$'\t' read -r name site addr; do
  r=$work/nodes/$name
  grep -qx "SITE=$site" "$r/etc/v6ready/$name.env" || fail "$name: site.env lacks SITE=$site"
  grep -qx "SCENARIO=/usr/share/v6ready/scenarios/commune-baseline.yaml" "$r/etc/v6ready/$name.env" || fail "$name: SCENARIO"
  grep -q '^V6READY_DEST=v6ready@\[2001:db8:ff::1\]:' "$r/etc/v6ready/ship.env" || fail "$name: ship.env"
  [ -L "$r/etc/systemd/system/timers.target.wants/v6probe@$name.timer" ] || fail "$name: timer not enabled"
  [ -L "$r/etc/systemd/system/timers.target.wants/v6ready-ship.timer" ] || fail "$name: ship timer not enabled"
  [ -d "$r/var/lib/prometheus/node-exporter" ] || fail "$name: no textfile dir"
  [ -s "$r/var/lib/v6ready/.ssh/id_ed25519" ] || fail "$name: no shipping key on the node"
  cmp -s "$r/var/lib/v6ready/.ssh/id_ed25519.pub" "$central/trust/ship/$name.pub" || fail "$name: public key not in the trust dir"
  [ "$(stat -c %a "$r/etc/v6ready/probe.key")" = 600 ] || fail "$name: probe.key is not mode 0600"
  cmp -s "$r/etc/v6ready/probe.pub" "$central/trust/signing/$name.pub" || fail "$name: signing key not in the trust dir"
  "$r/usr/bin/v6probe" --version >/dev/null || fail "$name: unpacked v6probe does not run"
  "$r/usr/bin/v6analyze" --version >/dev/null || fail "$name: unpacked v6analyze does not run"
done <"$work/communes.tsv"
[ -z "$(find "$central/trust" -type f ! -name '*.pub')" ] || fail "something other than public keys reached the trust dir"
grep -rl "PRIVATE KEY" "$central" && fail "a private key reached the controller"
[ "$(find "$central/trust/signing" -name '*.pub' | wc -l)" = "$n" ] || fail "not $n signing keys in the trust dir"
pass "site.yml: packages, site.env, ship.env, timers, textfile dir, shipping and signing keys on all $n communes"

play site2 site.yml; rc=$?
[ "$rc" = 0 ] || { cat "$work/site2.log"; fail "site.yml (2nd) exit $rc"; }
recap site2
[ "$(recap site2 | wc -l)" = "$n" ] || fail "site.yml (2nd): recap does not list all $n communes"
recap site2 | grep -v ' changed=0 ' && fail "site.yml (2nd) changed something (not idempotent)"
pass "site.yml 2nd run: changed=0 on all $n communes"

# A trusted signing key that differs from the node's (a rebuilt node, a swapped key) is not replaced.
first=$(head -n 1 "$work/communes.tsv" | cut -f1)
cp "$central/trust/signing/$first.pub" "$work/$first.pub.orig"
"$work/nodes/$first/usr/bin/v6probe" keygen --out "$work/otherkey" >/dev/null 2>&1 || fail "v6probe keygen (other key)"
cp "$work/otherkey/probe.pub" "$central/trust/signing/$first.pub"
play site3 site.yml --limit "$first"; rc=$?
[ "$rc" != 0 ] || fail "site.yml accepted a node key that differs from the trusted one"
grep -q "differs from the trusted" "$work/site3.log" || { cat "$work/site3.log"; fail "site.yml: no 'differs from the trusted' message"; }
cmp -s "$work/otherkey/probe.pub" "$central/trust/signing/$first.pub" || fail "site.yml replaced the trusted key"
cp "$work/$first.pub.orig" "$central/trust/signing/$first.pub"
pass "site.yml refuses to replace a trusted signing key that differs from the node's ($first)"

# 6. sweep.yml: every commune in the report.
t0=$(date +%s.%N)
play sweep1 sweep.yml -e v6ready_sweep_label=sweep1; rc=$?
t1=$(date +%s.%N)
sed -n '/TASK \[province summary\]/,$p' "$work/sweep1.log"
[ "$rc" = 0 ] || { cat "$work/sweep1.log"; fail "sweep.yml exit $rc"; }
s1=$central/sweeps/sweep1
[ -s "$s1/findings.json" ] || fail "sweep 1: no findings.json"
[ -s "$s1/report.html" ] || fail "sweep 1: no report.html"
! grep -q . "$s1/missing.txt" || fail "sweep 1: missing nodes: $(cat "$s1/missing.txt")"
jq -r '.. | objects | select(has("site")) | .site | strings' "$s1/findings.json" | sort -u >"$work/sites1"
while IFS=$'\t' read -r name site addr; do
  grep -qxF "$site" "$work/sites1" || fail "sweep 1: $site not in findings.json"
  ls "$central/spool/$site/"*.tar >/dev/null 2>&1 || fail "sweep 1: no bundle of $site in the central spool"
  # PROBE_ARGS from the district's group vars reached the run (site.env is sourced by a shell here).
  pid=$(tar -xOf "$(ls "$central/spool/$site/"*.tar | head -n 1)" --wildcards '*/run.json' | jq -r .probe_id)
  [ "$pid" = "lab-$(cut -d/ -f2 <<<"$site")" ] || fail "sweep 1: $site ran with probe id '$pid', not its PROBE_ARGS' lab-$(cut -d/ -f2 <<<"$site")"
done <"$work/communes.tsv"
grep -q "swept $n/$n nodes" "$work/sweep1.log" || fail "sweep 1: no 'swept $n/$n nodes' summary"
# Every bundle verified: signed by the key site.yml collected from its own node.
jq -e '.sweep.refused == false and ([.problems[] | select(.message | test("refused"))] | length) == 0' \
  "$s1/findings.json" >/dev/null || fail "sweep 1: a bundle was refused: $(jq -c .problems "$s1/findings.json")"
# The bundle's signature read from the expanded form (a compact findings.json states the value most
# sites share once, in bundle_defaults: docs/findings-schema.md "Compact form").
"$V6ANALYZE" expand "$s1/findings.json" -o "$work/sweep1-expanded.json" || fail "sweep 1: v6analyze expand"
while IFS=$'\t' read -r name site addr; do
  fpr=$(openssl pkey -pubin -in "$central/trust/signing/$name.pub" -outform DER | tail -c 32 | sha256sum | cut -d' ' -f1)
  jq -e --arg s "$site" --arg k "$fpr" '[.sites[] | select(.site == $s) | .bundle.signature
      | select(.status == "signed" and .key == $k)] | length == 1' "$work/sweep1-expanded.json" >/dev/null ||
    fail "sweep 1: $site is not verified as signed by its node's key: $(jq -c --arg s "$site" '.sites[] | select(.site == $s) | .bundle.signature' "$work/sweep1-expanded.json")"
done <"$work/communes.tsv"
pass "sweep 1: every bundle verified, signed by its own node's collected key"
# A node whose key is not collected: its bundle is an unknown signer, refused, never verified.
unk=$(head -n 1 "$work/communes.tsv" | cut -f1)
unk_site=$(head -n 1 "$work/communes.tsv" | cut -f2)
mkdir -p "$work/partial-trust" && cp "$central/trust/signing/"*.pub "$work/partial-trust/"
rm "$work/partial-trust/$unk.pub"
unk_tar=$(ls "$central/spool/$unk_site/"*.tar | head -n 1)
out=$("$V6ANALYZE" verify --keys "$work/partial-trust" "$unk_tar"); rc=$?
[ "$rc" = 1 ] || fail "verify of $unk's bundle without its key: exit $rc, want 1: $out"
[[ "$out" == *"unknown signer"* && "$out" != *verified* ]] || fail "verify of $unk's bundle without its key: $out"
"$V6ANALYZE" analyze "$central/spool" --keys "$work/partial-trust" --plan "$repo/scenarios/plan-2026-2030.yaml" \
  --out "$work/partial-out" -q; rc=$?
[ "$rc" = 1 ] || fail "analyze without $unk's key: exit $rc, want 1"
jq -e --arg s "$unk_site" '([.sites[] | select(.site == $s)] | length) == 0 and .sweep.refused' \
  "$work/partial-out/findings.json" >/dev/null || fail "analyze without $unk's key admitted its bundle"
pass "a bundle of a node whose key is not collected ($unk) is refused as an unknown signer, not verified"
sweep_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
pass "sweep.yml: all $n communes in $s1/findings.json and report.html, ${sweep_s} s (forks $(sed -n 's/^forks *= *//p' "$repo/probes/deploy/ansible/ansible.cfg"))"

# 7. sweep.yml with one commune lost mid-run: its sshd is killed while the probes run.
victim=$(tail -n 1 "$work/communes.tsv" | cut -f1)
victim_site=$(tail -n 1 "$work/communes.tsv" | cut -f2)
play sweep2 sweep.yml -e v6ready_sweep_label=sweep2 &
pb=$!
for i in $(seq 1 600); do
  grep -q 'TASK \[v6ready_sweep : run the probe now (private root)\]' "$work/sweep2.log" 2>/dev/null && break
  kill -0 "$pb" 2>/dev/null || break
  sleep 0.1
done
grep -q 'TASK \[v6ready_sweep : run the probe now' "$work/sweep2.log" || { kill "$pb"; wait "$pb"; cat "$work/sweep2.log"; fail "sweep 2 never reached the probe run"; }
kill "${sshd_of[$victim]}"
wait "${sshd_of[$victim]}" 2>/dev/null
echo "killed sshd of $victim (PID ${sshd_of[$victim]}) during the probe runs"
wait "$pb"; rc=$?
sed -n '/TASK \[province summary\]/,$p' "$work/sweep2.log"
[ "$rc" = 4 ] || [ "$rc" = 2 ] || { cat "$work/sweep2.log"; fail "sweep 2: exit $rc, want 4 (unreachable) or 2 (failed)"; }
s2=$central/sweeps/sweep2
[ -s "$s2/findings.json" ] || fail "sweep 2: no findings.json for the others"
grep -q "^$victim	$victim_site	" "$s2/missing.txt" || fail "sweep 2: missing.txt does not name $victim: $(cat "$s2/missing.txt")"
[ "$(wc -l <"$s2/missing.txt")" = 1 ] || fail "sweep 2: more than $victim missing: $(cat "$s2/missing.txt")"
grep -q "MISSING: $victim" "$work/sweep2.log" || fail "sweep 2: summary does not name $victim"
grep -q "swept $((n - 1))/$n nodes" "$work/sweep2.log" || fail "sweep 2: no 'swept $((n - 1))/$n nodes'"
jq -r '.. | objects | select(has("site")) | .site | strings' "$s2/findings.json" | sort -u >"$work/sites2"
grep -qxF "$victim_site" "$work/sites2" && fail "sweep 2: $victim_site in findings.json (an old bundle stood in)"
while IFS=$'\t' read -r name site addr; do
  [ "$name" = "$victim" ] || grep -qxF "$site" "$work/sites2" || fail "sweep 2: $site not in findings.json"
done <"$work/communes.tsv"
pass "sweep.yml with $victim lost mid-run: completed for the other $((n - 1)), $victim named missing"

# 8. Optional figure: the same probe run by hand on each commune, one after the other.
if [ "${V6READY_FLEET_MEASURE:-}" = 1 ]; then
  t0=$(date +%s.%N)
  while IFS=$'\t' read -r name site addr; do
    r=$work/nodes/$name
    ip netns exec "v6r-$name" "$r/usr/bin/v6probe" run "$r/usr/share/v6ready/scenarios/commune-baseline.yaml" \
      --site "$site" --out "$work/by-hand" --quiet
  done <"$work/communes.tsv"
  t1=$(date +%s.%N)
  echo "by hand, one commune after the other: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s for $n communes (sweep.yml: ${sweep_s} s)"
fi
exit 0
