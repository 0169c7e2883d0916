#!/usr/bin/env bash
# realnode.sh — the Ansible roles' real-node path (v6ready_root '/') against a real Debian 12 node:
# systemd as PID 1, apt, the packages' postinst, sudo, the units' sandbox. Not in CI (ctest label
# `realnode`, left out by ci/test.sh): it needs Debian's mirror once to build the node image, and
# takes about three minutes. Run it on its own:
#   flock /tmp/v6ready-lab.lock ctest --test-dir build -L realnode --output-on-failure
# (ctest brings the lab up and down around it: the lab.up/lab.down fixtures).
#   1. the two packages (cpack -G DEB);
#   2. the node image: `debootstrap bookworm` (Debian packages only) + systemd, openssh-server, sudo,
#      python3-apt and every package the .deb files depend on (the lab has no mirror), a user
#      `admin` with sudo; cached in $V6READY_NODE_CACHE (default /var/cache/v6ready-node) and rebuilt
#      only when absent or when that package list changes;
#   3. the node: a copy of the image booted with `systemd-nspawn --boot` (systemd as PID 1 inside;
#      the host needs no systemd) in the network namespace of one lab commune, its sshd listening
#      on the commune's IPv6 address only (a host key made for this run);
#   4. site.yml from the lab's core namespace over IPv6, ansible_user admin with become: dpkg
#      installed both packages, postinst made user v6probe, /etc/v6ready/probe.key is v6probe 0600,
#      v6probe@<instance>.timer and v6ready-ship.timer are enabled and active (systemctl inside);
#      a second site.yml reports changed=0;
#   5. sweep.yml: `systemctl start v6probe@<instance>.service` runs the probe under its unit (user
#      v6probe, sandbox, capabilities, PROBE_ARGS) inside the node, and its ExecStartPost writes the
#      node_exporter textfile; its bundle reaches the
#      controller, is verified against the node's collected signing key and analysed; root running
#      the same site config outside the unit gets the same verdict for every check;
#   6. teardown on any exit (trap): the node is powered off through its nspawn PID (SIGTERM; SIGKILL
#      to its PID 1 and nspawn after 30 s), its root copy and the temp directory removed.
# Usage: realnode.sh BUILD_DIR CPACK   Env: V6ANALYZE, V6LAB (fixture); V6READY_NODE_CACHE,
# V6READY_NODE_MIRROR (default http://deb.debian.org/debian), V6READY_REALNODE_COMMUNE (default: the
# lab's first commune).
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$repo/tests/lab/lib.sh"
build=${1:?BUILD_DIR} cpack=${2:-cpack}
lab_require_up
for t in systemd-nspawn nsenter ansible-playbook ssh ssh-keygen jq openssl flock; do
  command -v "$t" >/dev/null 2>&1 || lab_cannot_run "missing '$t' (apt-get install systemd-container ansible openssh-client jq)"
done
: "${V6ANALYZE:?V6ANALYZE not set}"
controller=gw
cache=${V6READY_NODE_CACHE:-/var/cache/v6ready-node}
mirror=${V6READY_NODE_MIRROR:-http://deb.debian.org/debian}
# What a commune node has before site.yml: systemd, sshd, sudo, python3-apt (the apt module), what
# the probe package recommends (rsync, openssh-client); the packages' Depends are added below.
node_base=systemd,systemd-sysv,dbus,openssh-server,sudo,python3,python3-apt,iproute2,rsync,openssh-client
image=$cache/bookworm

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

work=$(mktemp -d /tmp/v6ready-realnode.XXXXXX)
chmod 0755 "$work"
nspawn_pid='' leader=''
stop_node() {
  [ -n "$nspawn_pid" ] || return 0
  kill -TERM "$nspawn_pid" 2>/dev/null # nspawn powers the node off (systemd shuts down inside)
  local i
  for i in $(seq 1 300); do
    kill -0 "$nspawn_pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$nspawn_pid" 2>/dev/null; then
    echo "the node did not power off within 30 s: SIGKILL to its PID 1 ($leader) and nspawn ($nspawn_pid)" >&2
    [ -n "$leader" ] && kill -KILL "$leader" 2>/dev/null
    kill -KILL "$nspawn_pid" 2>/dev/null
  fi
  wait "$nspawn_pid" 2>/dev/null
  nspawn_pid='' leader=''
}
trap 'stop_node; rm -rf "$work"' EXIT
# in_realnode CMD...: run CMD inside the node (all its namespaces: its systemd, its files).
in_realnode() { nsenter -t "$leader" -a "$@"; }

# 1. The packages, as an engineer would build them.
t0=$(now)
(cd "$build" && "$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$work/debs") >"$work/cpack.log" 2>&1 ||
  { tail -n 30 "$work/cpack.log"; fail "cpack -G DEB failed"; }
rm -rf "$work/debs/_CPack_Packages"
ls "$work"/debs/v6ready-probe_*.deb "$work"/debs/v6ready-analyzer_*.deb >/dev/null || fail "cpack made no .deb"
rm -f "$work"/debs/v6ready-lab_*.deb
pass "packages built in $(secs "$t0" "$(now)") s"

# 2. The node image (cached; built under a lock so that two runs do not build it at once): the
# base packages and every package the two .deb files depend on, so that apt on the node finds them
# installed (a real node would fetch them from its mirror; the lab has no way out).
deps=$(for d in "$work"/debs/v6ready-probe_*.deb "$work"/debs/v6ready-analyzer_*.deb; do dpkg-deb -f "$d" Depends; done |
  tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/[[:space:]]//g' | grep . | sort -u | paste -sd,)
[ -n "$deps" ] || fail "no Depends in the .deb files"
node_pkgs=$node_base,$deps
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
if [ "$(cat "$image/.v6ready-node" 2>/dev/null)" != "$node_pkgs" ]; then
  command -v debootstrap >/dev/null 2>&1 || lab_cannot_run "no node image in $image and no debootstrap (apt-get install debootstrap)"
  rm -rf "$image" "$image.new"
  t0=$(now)
  debootstrap --variant=minbase --include="$node_pkgs" bookworm "$image.new" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 30 "$work/debootstrap.log"; rm -rf "$image.new"; fail "debootstrap bookworm $mirror failed"; }
  t1=$(now)
  # The operator's account (sudo without a password, as an Ansible controller uses it); no host
  # keys in the image (each run makes its own); no downloaded .deb files.
  chroot "$image.new" useradd --create-home --shell /bin/bash admin || fail "useradd admin in the image"
  echo 'admin ALL=(ALL:ALL) NOPASSWD: ALL' >"$image.new/etc/sudoers.d/v6ready-admin"
  chmod 0440 "$image.new/etc/sudoers.d/v6ready-admin"
  rm -f "$image.new"/etc/ssh/ssh_host_*
  chroot "$image.new" apt-get clean
  echo "$node_pkgs" >"$image.new/.v6ready-node"
  mv "$image.new" "$image"
  pass "node image: debootstrap bookworm in $(secs "$t0" "$t1") s, $(du -sm "$image" | cut -f1) MiB ($image)"
else
  pass "node image: cached ($image)"
fi
flock -u 9
exec 9>&-

# 3. The commune whose network namespace the node joins.
"$V6LAB" status --json >"$work/status.json" || fail "v6lab status --json"
jq -r '.nodes[] | select(.role == "commune") | [.name, .site,
        ([.addresses[] | select(.interface == "eth0" and (.address | contains(":"))) | .address][0] | sub("/.*"; ""))]
       | @tsv' "$work/status.json" >"$work/communes.tsv"
if [ -n "${V6READY_REALNODE_COMMUNE:-}" ]; then
  line=$(awk -F'\t' -v n="$V6READY_REALNODE_COMMUNE" '$1 == n' "$work/communes.tsv")
else
  line=$(head -n 1 "$work/communes.tsv")
fi
IFS=$'\t' read -r name site addr <<<"$line"
[ -n "${addr:-}" ] || fail "no commune ${V6READY_REALNODE_COMMUNE:-} with an IPv6 address on eth0 in the lab"
netns=/run/netns/v6r-$name
[ -e "$netns" ] || fail "no network namespace $netns"
ip netns exec "v6r-$name" ss -Hltn "sport = :22" | grep -q . && fail "something already listens on port 22 in $name"

# 4. This run's copy of the image: resolver of the commune, hostname, sshd on the commune's IPv6
# address only, a fresh host key, the controller's key for admin.
root=$work/node
t0=$(now)
cp -a "$image" "$root" || fail "copy of the node image"
rm -f "$root/.v6ready-node"
if [ -f "/etc/netns/v6r-$name/resolv.conf" ]; then
  cp "/etc/netns/v6r-$name/resolv.conf" "$root/etc/resolv.conf"
else
  : >"$root/etc/resolv.conf"
fi
echo "$name" >"$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\t%s\n' "$name" >"$root/etc/hosts"
ssh-keygen -q -t ed25519 -N '' -C "host-$name" -f "$root/etc/ssh/ssh_host_ed25519_key" || fail "ssh-keygen (host key)"
cat >"$root/etc/ssh/sshd_config.d/v6ready-realnode.conf" <<EOF
# realnode.sh: the commune's IPv6 address only; keys only; no root login (admin + sudo).
ListenAddress [$addr]:22
AddressFamily inet6
HostKey /etc/ssh/ssh_host_ed25519_key
PermitRootLogin no
PasswordAuthentication no
KbdInteractiveAuthentication no
EOF
mkdir -p "$work/ssh"
ssh-keygen -q -t ed25519 -N '' -C v6ready-controller -f "$work/ssh/id_ed25519" || fail "ssh-keygen (client)"
echo "$addr $(cut -d' ' -f1,2 "$root/etc/ssh/ssh_host_ed25519_key.pub")" >"$work/ssh/known_hosts"
admin_ids=$(awk -F: '$1 == "admin" { print $3 ":" $4 }' "$root/etc/passwd")
[ -n "$admin_ids" ] || fail "no user admin in the node image"
install -d -m 0700 -o "${admin_ids%:*}" -g "${admin_ids#*:}" "$root/home/admin/.ssh"
install -m 0600 -o "${admin_ids%:*}" -g "${admin_ids#*:}" "$work/ssh/id_ed25519.pub" "$root/home/admin/.ssh/authorized_keys"
# The central host's key for the shipping known_hosts (the node never reaches it: a documentation address).
ssh-keygen -q -t ed25519 -N '' -C central -f "$work/ssh/central" || fail "ssh-keygen (central)"
t_copy=$(secs "$t0" "$(now)")

# 5. Boot: systemd as PID 1 in a PID/mount/UTS namespace, in the commune's network namespace.
# --register=no --keep-unit: no machined or systemd on the host to register with.
t0=$(now)
systemd-nspawn --boot --register=no --keep-unit --quiet --directory="$root" --machine="v6r-node-$name" \
  --network-namespace-path="$netns" --resolv-conf=off --timezone=off --link-journal=no --console=pipe \
  </dev/null >"$work/nspawn.log" 2>&1 &
nspawn_pid=$!
for i in $(seq 1 300); do
  leader=$(ps -o pid= --ppid "$nspawn_pid" 2>/dev/null | head -n 1 | tr -d ' ')
  [ -n "$leader" ] && [ "$(cat "/proc/$leader/comm" 2>/dev/null)" = systemd ] && break
  kill -0 "$nspawn_pid" 2>/dev/null || { cat "$work/nspawn.log"; fail "systemd-nspawn exited"; }
  leader=''
  sleep 0.1
done
[ -n "$leader" ] || { cat "$work/nspawn.log"; fail "no systemd inside the node after 30 s"; }
# systemctl talks to PID 1 through /run/systemd/private: wait for it before asking.
for i in $(seq 1 300); do
  [ -S "/proc/$leader/root/run/systemd/private" ] && break
  sleep 0.1
done
state=$(timeout 60 nsenter -t "$leader" -a systemctl is-system-running --wait 2>&1)
t_boot=$(secs "$t0" "$(now)")
[ "$state" = running ] || {
  in_realnode systemctl --failed --no-legend
  fail "the node is '$state' after boot, want 'running'"
}
[ "$(in_realnode readlink /proc/1/exe)" = /usr/lib/systemd/systemd ] || fail "PID 1 in the node is not systemd"
ip netns exec "v6r-$name" ss -Hltn "sport = :22" | grep -qF "[$addr]:22" || fail "sshd not listening on [$addr]:22"
[ "$(ip netns exec "v6r-$name" ss -Hltn "sport = :22" | wc -l)" = 1 ] || fail "sshd listens elsewhere than [$addr]:22"
pass "node $name booted (root copied in ${t_copy} s; systemd 'running' in ${t_boot} s), sshd on [$addr]:22 only"

# 6. The inventory: one district, one commune; the real-node defaults (v6ready_root '/').
central=$work/central
cat >"$work/inventory.yml" <<EOF
all:
  vars:
    v6ready_central_spool: $central/spool
    v6ready_central_sweeps: $central/sweeps
    v6ready_controller_v6analyze: $V6ANALYZE
    v6ready_plan: $repo/scenarios/plan-2026-2030.yaml
    v6ready_trust_dir: $central/trust
  children:
    v6ready_nodes:
      vars:
        ansible_user: admin
        ansible_become: true
        v6ready_deb_dir: $work/debs
        v6ready_ship_dest: 'v6ready@[2001:db8:ff::1]:/srv/v6ready/spool'
        v6ready_ship_known_hosts: '2001:db8:ff::1 $(cut -d' ' -f1,2 "$work/ssh/central.pub")'
      children:
        realnode:
          hosts:
            $name: {ansible_host: '$addr', v6ready_site: $site, v6ready_probe_args: '--probe-id realnode'}
EOF
export ANSIBLE_CONFIG=$repo/probes/deploy/ansible/ansible.cfg ANSIBLE_HOME=$work/ansible-home \
  ANSIBLE_LOCAL_TEMP=$work/ansible-local ANSIBLE_NOCOLOR=1 \
  ANSIBLE_PRIVATE_KEY_FILE=$work/ssh/id_ed25519 ANSIBLE_TIMEOUT=10 \
  ANSIBLE_SSH_ARGS="-o ControlMaster=auto -o ControlPersist=60s -o ControlPath=$work/ssh/cm-%C -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=$work/ssh/known_hosts -o ConnectTimeout=5"
play() {
  local log=$1 pb=$2
  shift 2
  ip netns exec "v6r-$controller" ansible-playbook -i "$work/inventory.yml" \
    "$repo/probes/deploy/ansible/$pb" "$@" >"$work/$log.log" 2>&1
}
recap() { sed -n '/^PLAY RECAP/,$p' "$work/$1.log" | grep -E "^$name " | tr -s ' '; }

# 7. site.yml: the real path.
t0=$(now)
play site1 site.yml; rc=$?
t_site1=$(secs "$t0" "$(now)")
[ "$rc" = 0 ] || { cat "$work/site1.log"; fail "site.yml (1st) exit $rc"; }
recap site1
for p in v6ready-probe v6ready-analyzer; do
  st=$(in_realnode dpkg-query -W -f '${Status}' "$p" 2>&1)
  [ "$st" = "install ok installed" ] || fail "$p in the node: '$st', want 'install ok installed'"
done
for p in v6ready-probe v6ready-analyzer; do
  in_realnode grep -q " status installed $p:" /var/log/dpkg.log || fail "no dpkg record of installing $p in the node"
done
in_realnode getent passwd v6probe | grep -q ':/var/lib/v6ready:/usr/sbin/nologin$' ||
  fail "no system user v6probe (home /var/lib/v6ready, nologin): $(in_realnode getent passwd v6probe)"
expect_eq "probe.key owner and mode" "$(in_realnode stat -c '%U:%G %a' /etc/v6ready/probe.key)" "v6probe:v6probe 600"
expect_eq "spool owner and mode" "$(in_realnode stat -c '%U:%G %a' /var/spool/v6ready)" "v6probe:v6probe 750"
expect_eq "shipping key owner" "$(in_realnode stat -c '%U %a' /var/lib/v6ready/.ssh/id_ed25519)" "v6probe 600"
in_realnode cat /etc/v6ready/probe.pub | cmp -s - "$central/trust/signing/$name.pub" ||
  fail "the node's probe.pub is not the collected trust/signing/$name.pub"
for u in "v6probe@$name.timer" v6ready-ship.timer; do
  expect_eq "systemctl is-enabled $u" "$(in_realnode systemctl is-enabled "$u" 2>&1)" enabled
  expect_eq "systemctl is-active $u" "$(in_realnode systemctl is-active "$u" 2>&1)" active
done
pass "site.yml (1st, ${t_site1} s): apt, postinst (user, spool, key), timers enabled and active"

t0=$(now)
play site2 site.yml; rc=$?
t_site2=$(secs "$t0" "$(now)")
[ "$rc" = 0 ] || { cat "$work/site2.log"; fail "site.yml (2nd) exit $rc"; }
recap site2
recap site2 | grep -q ' changed=0 ' || { cat "$work/site2.log"; fail "site.yml (2nd) changed something (not idempotent)"; }
pass "site.yml (2nd, ${t_site2} s): changed=0"

# 8. sweep.yml: the probe run by its unit inside the node.
t0=$(now)
play sweep sweep.yml -e v6ready_sweep_label=realnode; rc=$?
t_sweep=$(secs "$t0" "$(now)")
sed -n '/TASK \[province summary\]/,$p' "$work/sweep.log"
[ "$rc" = 0 ] || {
  cat "$work/sweep.log"
  in_realnode journalctl --no-pager -n 40 -u "v6probe@$name.service"
  fail "sweep.yml exit $rc"
}
unit=v6probe@$name.service
in_realnode systemctl show -p Result -p ExecMainStatus -p ExecMainStartTimestampMonotonic "$unit" >"$work/unit.show"
cat "$work/unit.show"
grep -qx 'Result=success' "$work/unit.show" || fail "$unit: not Result=success"
grep -qx 'ExecMainStartTimestampMonotonic=0' "$work/unit.show" && fail "$unit never ran"
bundle=$(in_realnode find /var/spool/v6ready -mindepth 1 -maxdepth 1 -type d -name "${site//\//.}_*" -printf '%f\n' | sort | tail -n 1)
[ -n "$bundle" ] || fail "no bundle in the node's spool"
expect_eq "probe id (PROBE_ARGS from the site config)" "$(jq -r .probe_id "$root/var/spool/v6ready/$bundle/run.json")" realnode
expect_eq "the bundle's owner (the unit's User=)" "$(in_realnode stat -c %U "/var/spool/v6ready/$bundle/run.json")" v6probe
# The unit's ExecStartPost (v6probe-textfile, failures ignored by the unit: "-") wrote the node's
# textfile for node_exporter into the directory site.yml made for group v6probe.
prom=/var/lib/prometheus/node-exporter/v6ready-${site//\//.}.prom
in_realnode journalctl --no-pager -o cat -u "$unit" | grep -i textfile
expect_eq "textfile owner" "$(in_realnode stat -c %U "$prom" 2>&1)" v6probe
in_realnode grep -q "^v6ready_site_last_run_timestamp_seconds{site=\"$site\"}" "$prom" ||
  fail "$prom has no v6ready_site_last_run_timestamp_seconds for $site: $(in_realnode head -c 600 "$prom")"
tar=$central/spool/$site/$bundle.tar
[ -s "$tar" ] || fail "the bundle $bundle did not reach the central spool"
s=$central/sweeps/realnode
[ -s "$s/findings.json" ] && [ -s "$s/report.html" ] || fail "no findings.json/report.html in $s"
! grep -q . "$s/missing.txt" || fail "sweep: missing: $(cat "$s/missing.txt")"
grep -q "swept 1/1 nodes" "$work/sweep.log" || fail "no 'swept 1/1 nodes' summary"
"$V6ANALYZE" expand "$s/findings.json" -o "$work/expanded.json" || fail "v6analyze expand"
fpr=$(openssl pkey -pubin -in "$central/trust/signing/$name.pub" -outform DER | tail -c 32 | sha256sum | cut -d' ' -f1)
jq -e --arg s "$site" --arg k "$fpr" '[.sites[] | select(.site == $s) | .bundle.signature
    | select(.status == "signed" and .key == $k)] | length == 1' "$work/expanded.json" >/dev/null ||
  fail "$site is not verified as signed by the node's key: $(jq -c --arg s "$site" '.sites[] | select(.site == $s) | .bundle.signature' "$work/expanded.json")"
pass "sweep.yml (${t_sweep} s): $unit ran as v6probe in the node, $bundle analysed, signed by the node's key"
in_realnode systemd-analyze security --no-pager "$unit" 2>/dev/null | tail -n 1
# The unit's sandbox and capability drop change no verdict: the same site config run by root
# outside any unit (unsigned: the key is v6probe's and the probe refuses another user's key), in the same node and network, gives the same verdict for every check.
in_realnode sh -c "set -a && . /etc/v6ready/$name.env && set +a &&
  exec /usr/bin/v6probe run \"\$SCENARIO\" --site \"\$SITE\" --out /root/unsandboxed --quiet --no-sign \$PROBE_ARGS"
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 1 ] || fail "the probe run as root in the node: exit $rc"
verdicts() { jq -r '[.check_id, .verdict] | @tsv' "$1" | sort; }
verdicts "$root/var/spool/v6ready/$bundle/results.jsonl" >"$work/verdicts.unit"
verdicts "$(ls -d "$root"/root/unsandboxed/*/ | head -n 1)results.jsonl" >"$work/verdicts.root"
echo "verdicts under the unit: $(cut -f2 "$work/verdicts.unit" | sort | uniq -c | tr -s ' ' | paste -sd,)"
[ -s "$work/verdicts.unit" ] || fail "no check results from the unit's run"
diff "$work/verdicts.root" "$work/verdicts.unit" ||
  fail "the unit's run (right) and root's run without the unit (left) differ"
pass "the unit's sandbox changes no verdict ($(wc -l <"$work/verdicts.unit") checks, same as root outside the unit)"

# 9. Power off; the commune's network is the lab's again.
t0=$(now)
stop_node
pass "node powered off in $(secs "$t0" "$(now)") s"
ip -n "v6r-$name" -6 addr show dev eth0 | grep -qF "$addr/" || fail "the commune lost $addr on eth0 with the node"
echo "timings: copy ${t_copy} s, boot ${t_boot} s, site.yml ${t_site1} s + ${t_site2} s, sweep.yml ${t_sweep} s"
exit 0
