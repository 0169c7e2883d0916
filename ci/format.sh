#!/usr/bin/env bash
# ci/format.sh — clang-format (the root .clang-format) over every C++ file git tracks.
#   ci/format.sh          rewrite files in place
#   ci/format.sh --check  change nothing; list the files that differ and exit 1 (ci/test.sh runs this)
# Exit codes: 0 formatted, 1 files differ (--check), 2 usage or clang-format missing.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=fix
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  -h | --help) sed -n '2,/^[^#]/{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "format: unknown argument '$1' (see --help)" >&2; exit 2 ;;
esac
command -v clang-format >/dev/null || { echo "format: clang-format missing (ci/bootstrap.sh installs it)" >&2; exit 2; }
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h' '*.cc')
if [ "$mode" = fix ]; then
  clang-format -i "${files[@]}"
  echo "format: ${#files[@]} files formatted"
  exit 0
fi
# One clang-format process for every file; its warnings name the file first ("path:line:col: ...").
mapfile -t bad < <(clang-format --dry-run --Werror "${files[@]}" 2>&1 | sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: .*/\1/p' |
  sort -u)
if [ ${#bad[@]} -gt 0 ]; then
  printf 'format: not clang-formatted (run ci/format.sh): %s\n' "${bad[@]}" >&2
  exit 1
fi
echo "format: ${#files[@]} files clang-formatted"
