#!/usr/bin/env bash
# ci/clang-check.sh — every C++ source the fuzz targets are built from (core, analyzers, probes, reports,
# apps, tests/fuzz) must compile with clang too: the fuzz build (ci/fuzz.sh, ci/fuzz-long.sh, libFuzzer)
# is clang's, while the builds of ci/test.sh are g++'s, and clang 14 refuses some C++20 that g++ 12
# takes (a lambda capturing a structured binding, parenthesised aggregate initialisation, a default
# member initializer needing an incomplete type). Once it broke unnoticed for days. This is a syntax
# and semantics pass (clang++ -fsyntax-only with the project's warnings as errors, no code generated):
# 2.5 to 4 minutes on 2 cores. Part of ci/test.sh.
#
#   ci/clang-check.sh BUILD-DIR     (a configured build: its generated/ headers are used)
# Exit 0 every file compiles, 1 some file does not (its errors are printed), 2 usage or clang missing.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-}
[ -n "$build" ] && [ -d "$build/generated" ] || {
  echo "usage: ci/clang-check.sh BUILD-DIR (a configured build with generated/)" >&2
  exit 2
}
command -v clang++ >/dev/null || {
  echo "clang-check: clang++ not installed (ci/bootstrap.sh installs it)" >&2
  exit 2
}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export out build
check() {
  local f=$1 log
  log=$out/$(echo "$f" | tr / _).log
  clang++ -std=c++20 -fsyntax-only -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -Werror \
    -DUTF8PROC_EXPORTS -I. -I"$build/generated" "$f" >"$log" 2>&1 || echo "$f"
}
export -f check
mapfile -t files < <(git ls-files 'core/*.cpp' 'analyzers/*.cpp' 'probes/*.cpp' 'reports/*.cpp' 'apps/*.cpp' \
  'tests/fuzz/*.cpp')
failed=$(printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -I{} bash -c 'check "$1"' _ {})
if [ -n "$failed" ]; then
  for f in $failed; do
    echo "clang-check: $f does not compile with clang++:" >&2
    grep -E "error:" "$out/$(echo "$f" | tr / _).log" | head -5 >&2
  done
  exit 1
fi
echo "clang-check: ${#files[@]} files compile with $(clang++ --version | head -1)"
