# ci/fuzz-flags.sh — sourced by ci/fuzz.sh and ci/fuzz-long.sh (from the repository root).
# fuzz_target_flags TARGET: the extra libFuzzer flags of TARGET from tests/fuzz/TARGET.options, one per
# line (`-flag=value`; `#` starts a comment), e.g. -max_len=1024 for a target made for depth
# (docs/fuzzing.md). No file: nothing. A line of another shape: an error naming it, status 2.
fuzz_target_flags() {
  local f=tests/fuzz/$1.options line
  [ -f "$f" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%%#*}
    line=${line//[[:space:]]/}
    [ -z "$line" ] && continue
    [[ "$line" =~ ^-[a-z_]+=[A-Za-z0-9_./:-]+$ ]] || { echo "fuzz: $f: not a -flag=value line: $line" >&2; return 2; }
    printf '%s\n' "$line"
  done <"$f"
}
