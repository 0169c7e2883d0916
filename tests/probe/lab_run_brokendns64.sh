#!/bin/bash
# commune-brokendns64: dns64.* fail naming 2001:db8:65::/96, exit 1.
. "$(dirname "$0")/lab_probe_lib.sh"
lab_require_up
probe_run commune-brokendns64 province/district-b/commune-brokendns64
expect_eq "exit code" "$RC" 1
bundle_ok
for id in dns64.discovery dns64.synth.v4only; do
  expect_eq "$id verdict" "$(verdict $id)" fail
  case "$(reason $id)" in *2001:db8:65::*) pass "$id reason names 2001:db8:65::/96" ;;
    *) fail "$id reason does not name 2001:db8:65::/96: $(reason $id)" ;; esac
done
# The terminal output names every failing check with its reason (issue 16 "Done when").
summary_names_failures commune-brokendns64
