#!/bin/bash
# commune-pmtu: nat64.pmtu fails (PTB dropped at gw), exit 1.
. "$(dirname "$0")/lab_probe_lib.sh"
lab_require_up
probe_run commune-pmtu province/district-b/commune-pmtu
expect_eq "exit code" "$RC" 1
bundle_ok
expect_eq "nat64.pmtu verdict" "$(verdict nat64.pmtu)" fail
