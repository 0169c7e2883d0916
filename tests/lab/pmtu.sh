#!/usr/bin/env bash
# commune-pmtu is a PMTU black hole: small objects work, the 1 MiB object stalls; commune-ready is sane.
. "$(dirname "$0")/lib.sh"
lab_require_up
want=$(in_node inet sha256sum /run/v6lab/www/v4only/big.bin | cut -d' ' -f1)
got=$(in_node commune-ready curl -sS --max-time 10 http://big.lab.test/big.bin | sha256sum | cut -d' ' -f1)
expect_eq "commune-ready gets the 1 MiB object intact" "$got" "$want"
in_node commune-pmtu curl -sS --max-time 5 -o /dev/null http://v4only.lab.test/ || fail "small object on commune-pmtu"
pass "small object works on commune-pmtu"
in_node commune-pmtu curl -sS --max-time 4 -o /dev/null http://big.lab.test/big.bin 2>/dev/null
rc=$?
expect_eq "large object on commune-pmtu stalls (curl exit 28 = timeout)" "$rc" "28"
