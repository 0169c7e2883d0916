#!/usr/bin/env bash
# status --json names every node with its condition; commune-dualstack leaks IPv4 for real.
. "$(dirname "$0")/lib.sh"
lab_require_up
"$V6LAB" status --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
names = {n["name"]: n for n in d["nodes"]}
for want in ("gw", "inet", "commune-ready", "commune-dualstack", "commune-brokendns64", "commune-pmtu"):
    n = names.get(want) or sys.exit(f"FAIL: node {want} missing from status --json")
    if not n["up"] or not n["condition"] or not n["namespace"] == "v6r-" + want:
        sys.exit(f"FAIL: node {want}: {n}")
    if any(not p["running"] for p in n["processes"]):
        sys.exit("FAIL: dead process on %s: %s" % (want, n["processes"]))
assert names["commune-brokendns64"]["resolver"] == "2001:db8:53::2", names["commune-brokendns64"]
assert names["commune-ready"]["resolver"] == "2001:db8:53::1"
assert d["nat64_prefix"] == "2001:db8:64::/96"
print("ok: status --json lists all nodes, conditions, resolvers")
' || fail "status --json"
r=$(in_node commune-dualstack ip -4 route show default)
case "$r" in "default via 203.0.113.17"*) pass "commune-dualstack has an IPv4 default route" ;; *) fail "dualstack route: $r" ;; esac
body=$(in_node commune-dualstack curl -sS -4 --max-time 5 http://v4only.lab.test/) || fail "IPv4 from dualstack"
pass "commune-dualstack reaches v4only.lab.test over native IPv4"
