#!/usr/bin/env bash
# bash-completion.sh — a bash completion script from a tool's own --help (every subcommand's, two
# levels deep), so it cannot drift from the CLI, like the man pages (help2man.sh).
#   bash-completion.sh BINARY NAME OUT
# Completes subcommand names, each subcommand's options, and falls back to file names (for positionals
# and option values). Installed to /usr/share/bash-completion/completions/NAME.
set -euo pipefail
bin=$1 name=$2 out=$3
mkdir -p "$(dirname "$out")"

# Subcommand names listed under "Subcommands:" in a --help text.
subcommands() { sed -n '/^Subcommands:/,/^$/p' | sed -n 's/^  \([a-z][a-z0-9-]*\) .*/\1/p'; }
# Option names under "Options:", each as NAME or NAME= (takes a value).
options() {
  sed -n '/^Options:/,/^$/p' | sed -n 's/^  \(-[^ ]*\)\( [A-Z][A-Z]*\)\{0,1\}.*/\1\2/p' |
    while read -r names type; do
      for o in ${names//,/ }; do
        if [ -n "$type" ]; then printf '%s=\n' "$o"; else printf '%s\n' "$o"; fi
      done
    done
}

fn=_$(printf '%s' "$name" | tr -c 'a-zA-Z0-9_\n' _)
declare -a paths=("") words=() valued=()
top=$("$bin" --help)
words+=("$( { printf '%s\n' "$top" | options | tr -d =; printf '%s\n' "$top" | subcommands; } | tr '\n' ' ')")
valued+=("$(printf '%s\n' "$top" | options | sed -n 's/=$//p' | tr '\n' ' ')")
for s in $(printf '%s\n' "$top" | subcommands); do
  h=$("$bin" "$s" --help)
  paths+=(" $s")
  words+=("$( { printf '%s\n' "$h" | options | tr -d =; printf '%s\n' "$h" | subcommands; } | tr '\n' ' ')")
  valued+=("$(printf '%s\n' "$h" | options | sed -n 's/=$//p' | tr '\n' ' ')")
  for t in $(printf '%s\n' "$h" | subcommands); do
    g=$("$bin" "$s" "$t" --help)
    paths+=(" $s $t")
    words+=("$(printf '%s\n' "$g" | options | tr -d = | tr '\n' ' ')")
    valued+=("$(printf '%s\n' "$g" | options | sed -n 's/=$//p' | tr '\n' ' ')")
  done
done

{
  echo "# bash completion for $name, generated from its --help by bash-completion.sh; do not edit."
  echo "$fn() {"
  echo '  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} path="" w i'
  echo '  for ((i = 1; i < COMP_CWORD; i++)); do'
  echo '    w=${COMP_WORDS[i]}'
  echo '    case "$path $w" in'
  for ((k = 1; k < ${#paths[@]}; k++)); do printf "      '%s') path=\"\$path \$w\" ;;\n" "${paths[k]}"; done
  echo '    esac'
  echo '  done'
  echo '  local words="" valued=""'
  echo '  case "$path" in'
  for ((k = 0; k < ${#paths[@]}; k++)); do
    printf "    '%s') words='%s'; valued='%s' ;;\n" "${paths[k]}" "${words[k]% }" "${valued[k]% }"
  done
  echo '  esac'
  echo '  # An option that takes a value: let readline complete file names.'
  echo '  case " $valued " in *" $prev "*) COMPREPLY=(); return 0 ;; esac'
  echo '  local w2; COMPREPLY=()'
  echo '  for w2 in $words; do'
  echo '    if [[ $cur == -* ]]; then [[ $w2 == -* ]] || continue; else [[ $w2 == -* ]] && continue; fi'
  echo '    [[ $w2 == "$cur"* ]] && COMPREPLY+=("$w2")'
  echo '  done'
  echo '  return 0'
  echo '}'
  echo "complete -o default -F $fn $name"
} >"$out"
