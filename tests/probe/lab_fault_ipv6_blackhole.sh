#!/bin/bash
# fault ipv6-blackhole (2001:db8:20::11 = dual.lab.test) switched on mid-sweep
# (tests/probe/data/fault-sweep.yaml on commune-ready): the earlier results stay intact, native IPv6 to
# dual.lab.test fails by name and by literal, DNS64 and NAT64 still pass, every check ends within its
# deadlines, exit 1, the bundle verifies.
. "$(dirname "$0")/lab_fault_lib.sh"
fault_sweep ipv6-blackhole 2001:db8:20::11
fault_common 1
expect_verdict post.native.tcp "fail|error"
expect_verdict post.native.literal "fail|error"
expect_verdict post.dns64.synth pass
expect_verdict post.nat64.tcp pass
expect_verdict post.nat64.literal pass
fault_evidence post.native.tcp:unanswered_syns post.native.literal:unanswered_syns
