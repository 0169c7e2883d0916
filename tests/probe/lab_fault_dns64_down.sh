#!/bin/bash
# fault dns64-down switched on mid-sweep (tests/probe/data/fault-sweep.yaml on commune-ready): the
# earlier results stay intact, every check that resolves a name fails (DNS64 synthesis, NAT64 and
# native by name), literals still pass, every check ends within its deadlines, exit 1, the bundle
# verifies.
. "$(dirname "$0")/lab_fault_lib.sh"
fault_sweep dns64-down
fault_common 1
expect_verdict post.dns64.synth "fail|error"
expect_verdict post.nat64.tcp "fail|error"
expect_verdict post.native.tcp "fail|error"
expect_verdict post.nat64.literal pass
expect_verdict post.native.literal pass
fault_evidence post.dns64.synth:unanswered_dns post.nat64.tcp:unanswered_dns post.native.tcp:unanswered_dns
fault_root_cause resolver_unreachable post.dns64.synth post.nat64.tcp post.native.tcp
