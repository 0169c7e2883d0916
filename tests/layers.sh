#!/bin/bash
# No folder includes a folder above it (docs/architecture.md, "Layers"): core/ only core/; probes/,
# analyzers/ and reports/ only core/ and themselves; apps/ anything. Run from anywhere: SRC=<repo root>.
set -u
cd "${SRC:-$(dirname "$0")/..}" || exit 2
bad=0
check() {  # check FOLDER ALLOWED-PREFIX-REGEX
  local hits
  hits=$(grep -rnE '^\s*#\s*include\s+"[a-z_0-9]+/' "$1" --include='*.cpp' --include='*.hpp' |
    grep -vE "#\s*include\s+\"($2)/" || true)
  if [ -n "$hits" ]; then
    echo "FAIL: $1/ includes a folder it may not:"
    echo "$hits"
    bad=1
  fi
}
check core 'core'
check probes 'core|probes'
check analyzers 'core|analyzers'
check reports 'core|reports'
[ $bad = 0 ] && echo "ok: no folder includes a folder above it"
exit $bad
