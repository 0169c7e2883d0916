#!/usr/bin/env bash
# Each fault switch changes what it claims, live, and `off` restores it.
. "$(dirname "$0")/lib.sh"
lab_require_up
trap 'for f in nat64-down dns64-down ipv6-blackhole loss nat64-slow; do "$V6LAB" fault $f off >/dev/null 2>&1; done' EXIT
http() { in_node commune-ready curl -sS --max-time 2 -o /dev/null -w '%{http_code}' "$1" 2>/dev/null; }
faults() { "$V6LAB" status --json | python3 -c 'import json,sys; print(" ".join(f["name"] for f in json.load(sys.stdin)["faults"]))'; }

expect_eq "before nat64-down" "$(http http://v4only.lab.test/)" "200"
"$V6LAB" fault nat64-down on >/dev/null || fail "fault nat64-down on"
expect_eq "status lists nat64-down" "$(faults)" "nat64-down"
expect_eq "nat64-down: HTTP via NAT64 fails" "$(http http://v4only.lab.test/)" "000"
expect_eq "nat64-down: DNS64 still answers" "$(dig_aaaa commune-ready v4only.lab.test)" "2001:db8:64::c000:20a"
expect_eq "nat64-down: native IPv6 still works" "$(http 'http://[2001:db8:20::12]/')" "200"
"$V6LAB" fault nat64-down off >/dev/null
expect_eq "nat64-down off: restored" "$(http http://v4only.lab.test/)" "200"
expect_eq "status lists no fault" "$(faults)" ""

"$V6LAB" fault dns64-down on >/dev/null || fail "fault dns64-down on"
st=$(in_node commune-ready dig +time=1 +tries=1 AAAA v4only.lab.test 2>&1); rc=$?
[ "$rc" -eq 9 ] || fail "dns64-down: dig exit $rc (want 9, no reply): $st"
pass "dns64-down: resolver does not answer (dig exit 9)"
"$V6LAB" fault dns64-down off >/dev/null
expect_eq "dns64-down off: restored" "$(dig_aaaa commune-ready v4only.lab.test)" "2001:db8:64::c000:20a"

expect_eq "before ipv6-blackhole" "$(http 'http://[2001:db8:20::11]/')" "200"
"$V6LAB" fault ipv6-blackhole on >/dev/null || fail "fault ipv6-blackhole on"
expect_eq "ipv6-blackhole: dual.lab.test over IPv6 fails" "$(http 'http://[2001:db8:20::11]/')" "000"
expect_eq "ipv6-blackhole: other IPv6 targets fine" "$(http 'http://[2001:db8:20::12]/')" "200"
"$V6LAB" fault ipv6-blackhole off >/dev/null
expect_eq "ipv6-blackhole off: restored" "$(http 'http://[2001:db8:20::11]/')" "200"
"$V6LAB" fault ipv6-blackhole on 2001:db8:20::12 >/dev/null || fail "fault ipv6-blackhole on TARGET"
expect_eq "ipv6-blackhole TARGET" "$(http 'http://[2001:db8:20::12]/')" "000"
"$V6LAB" fault ipv6-blackhole off >/dev/null

echo_probe() { in_node commune-ready python3 "$LAB_TOOLS/udp_echo.py" probe v4only.lab.test 7 --count 300 --timeout 1 | sed 's/.*received=\([0-9]*\).*/\1/'; }
"$V6LAB" fault loss on 30 >/dev/null || fail "fault loss on"
got=$(echo_probe)
# 30 % each way: about 0.7 * 0.7 * 300 = 147 replies; accept a wide band.
[ "$got" -ge 90 ] && [ "$got" -le 210 ] || fail "loss 30%: $got/300 echoes came back (want 90..210)"
pass "loss 30%: $got/300 echoes came back"
"$V6LAB" fault loss off >/dev/null
expect_eq "loss off: all echoes come back" "$(echo_probe)" "300"

# nat64-slow: tayga in a CPU cgroup with a quota of 20 % of each 10 ms period, at nice -10; off undoes both.
tayga=$("$V6LAB" status --json | python3 -c 'import json,sys; print(next(p["pid"] for n in json.load(sys.stdin)["nodes"] for p in n["processes"] if p["name"] == "tayga"))')
cg_of() { grep -o 'v6lab-nat64-slow' "/proc/$tayga/cgroup" | head -1; }
"$V6LAB" fault nat64-slow on 5 >/dev/null 2>&1 && fail "nat64-slow 5: accepted a quota below the kernel's 1 ms"
"$V6LAB" fault nat64-slow on 20 >/dev/null || fail "fault nat64-slow on 20"
expect_eq "nat64-slow: tayga in the cgroup" "$(cg_of)" v6lab-nat64-slow
cg=$(ls -d /sys/fs/cgroup/cpu/v6lab-nat64-slow /sys/fs/cgroup/unified/v6lab-nat64-slow /sys/fs/cgroup/v6lab-nat64-slow 2>/dev/null | head -1)
quota=$(cat "$cg/cpu.cfs_quota_us" 2>/dev/null || cut -d' ' -f1 "$cg/cpu.max")
expect_eq "nat64-slow: 2 ms of each 10 ms" "$quota" 2000
expect_eq "nat64-slow: tayga at nice -10" "$(ps -o ni= -p "$tayga" | tr -d ' ')" -10
expect_eq "nat64-slow listed" "$(faults)" nat64-slow
in_node commune-ready curl -s -o /dev/null -w '%{http_code}' --max-time 5 http://v4only.lab.test/ | grep -q 200 ||
  fail "nat64-slow: the NAT64 stopped carrying traffic"
pass "nat64-slow: the slowed NAT64 still carries an HTTP request"
"$V6LAB" fault nat64-slow off >/dev/null || fail "fault nat64-slow off"
expect_eq "nat64-slow off: tayga out of the cgroup" "$(cg_of)" ""
[ ! -d "$cg" ] || fail "nat64-slow off: $cg still there"
expect_eq "nat64-slow off: tayga's nice back" "$(ps -o ni= -p "$tayga" | tr -d ' ')" 0
expect_eq "no fault left" "$(faults)" ""
