#!/bin/bash
# fault nat64-down switched on mid-sweep (tests/probe/data/fault-sweep.yaml on commune-ready): the
# earlier results stay intact, NAT64 by name and by literal fail, DNS64 and native IPv6 still pass,
# every check ends within its deadlines, exit 1, the bundle verifies.
. "$(dirname "$0")/lab_fault_lib.sh"
fault_sweep nat64-down
fault_common 1
expect_verdict post.nat64.tcp "fail|error"
expect_verdict post.nat64.literal "fail|error"
expect_verdict post.dns64.synth pass
expect_verdict post.native.tcp pass
expect_verdict post.native.literal pass
fault_evidence post.nat64.tcp:unanswered_syns post.nat64.literal:unanswered_syns
fault_root_cause nat64_down post.nat64.tcp post.nat64.literal
