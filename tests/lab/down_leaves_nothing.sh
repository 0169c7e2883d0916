#!/usr/bin/env bash
# After lab.down: no namespace, link, process, resolv.conf or state file of ours is left.
. "$(dirname "$0")/lib.sh"
lab_preflight
record=${LAB_RECORD:-/tmp/v6lab-test-record.json}
left=$(ip netns list | awk '{print $1}' | grep '^v6r-' || true)
[ -z "$left" ] || fail "namespaces left: $left"
pass "no v6r-* namespace"
[ ! -e /run/v6lab ] || fail "/run/v6lab still exists"
pass "no /run/v6lab"
ls -d /etc/netns/v6r-* >/dev/null 2>&1 && fail "/etc/netns/v6r-* left: $(ls -d /etc/netns/v6r-*)"
pass "no /etc/netns/v6r-*"
# links of ours that could have escaped to the root namespace
for l in nat64 to-inet to-ready to-dualstack to-brokendns64 to-pmtu; do
  ip link show "$l" >/dev/null 2>&1 && fail "link $l exists in the root namespace"
done
pass "no lab link in the root namespace"
left=$(ls -d /sys/fs/cgroup/*/v6lab-* /sys/fs/cgroup/v6lab-* 2>/dev/null || true)
[ -z "$left" ] || fail "cgroups left (fault nat64-slow): $left"
pass "no v6lab-* cgroup"
[ -s "$record" ] || lab_cannot_run "no record of the lab's processes ($record): did lab.up run?"
pids=$(python3 -c "import json,sys; d=json.load(open('$record')); print(' '.join(str(p['pid']) for n in d['nodes'] for p in n['processes']))")
[ -n "$pids" ] || fail "the record lists no processes"
for p in $pids; do
  [ ! -e "/proc/$p" ] || fail "process $p ($(tr '\0' ' ' < /proc/$p/cmdline)) still running"
done
pass "all $(echo $pids | wc -w) lab processes are gone"
rm -f "$record"
