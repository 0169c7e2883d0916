#!/usr/bin/env bash
# help2man.sh — a man page from a tool's own --help (and each subcommand's), so it cannot drift.
#   help2man.sh BINARY NAME OUT.1
# Sections: NAME, SYNOPSIS, DESCRIPTION (top-level --help), one subsection per subcommand (its
# --help, verbatim), EXIT STATUS, SEE ALSO. No dependency beyond bash and sed (help2man is not needed).
set -euo pipefail
bin=$1 name=$2 out=$3
mkdir -p "$(dirname "$out")"
esc() { sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\\&'/"; }
top=$("$bin" --help)
version=$("$bin" --version | head -n1)
summary=$(printf '%s\n' "$top" | head -n1 | sed "s/^$name: //")
subs=$(printf '%s\n' "$top" | sed -n '/^Subcommands:/,$p' | sed -n 's/^  \([a-z][a-z0-9-]*\) .*/\1/p')
{
  echo ".TH $(echo "$name" | tr a-z A-Z) 1 \"\" \"$version\" \"v6ready\""
  echo ".SH NAME"
  printf "%s \\- %s\n" "$name" "$(printf "%s" "$summary" | esc)"
  echo ".SH SYNOPSIS"
  echo ".B $name"
  echo "SUBCOMMAND [OPTIONS]"
  echo ".SH DESCRIPTION"
  echo ".nf"
  printf '%s\n' "$top" | esc
  echo ".fi"
  for s in $subs; do
    echo ".SH \"$(echo "$s" | tr a-z A-Z)\""
    echo ".nf"
    "$bin" "$s" --help | esc
    echo ".fi"
  done
  echo ".SH EXIT STATUS"
  echo "0 pass, 1 checks failed or policy violated, 2 usage or configuration error, 3 partial result or internal error."
  echo ".SH SEE ALSO"
  echo "v6probe(1), v6analyze(1); /usr/share/doc/v6ready-probe/ and /usr/share/doc/v6ready-analyzer/"
} >"$out.tmp"
mv -f "$out.tmp" "$out"
