#!/usr/bin/env bash
# help2man.sh — a man page from a tool's own --help (and each subcommand's), so it cannot drift.
#   help2man.sh BINARY NAME OUT.1
#   help2man.sh --script SCRIPT NAME OUT.1 VERSION [SEE_ALSO]   (a helper script: its --help is the page)
# Sections: NAME, SYNOPSIS, DESCRIPTION (top-level --help), one subsection per subcommand (its
# --help, verbatim), EXIT STATUS, SEE ALSO. No dependency beyond bash and sed (help2man is not needed).
set -euo pipefail
script=0
if [ "$1" = --script ]; then script=1; shift; fi
bin=$1 name=$2 out=$3
mkdir -p "$(dirname "$out")"
esc() { sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\\&'/"; }
if [ $script = 1 ]; then
  top=$("$bin" --help)
  {
    echo ".TH $(echo "$name" | tr a-z A-Z) 1 \"\" \"$name ${4:?VERSION}\" \"v6ready\""
    echo ".SH NAME"
    printf "%s \\- %s\n" "$name" "$(printf '%s\n' "$top" | head -n1 | sed "s/^$name — //" | esc)"
    echo ".SH DESCRIPTION"
    echo ".nf"
    printf '%s\n' "$top" | tail -n +2 | esc
    echo ".fi"
    echo ".SH SEE ALSO"
    echo "${5:-v6probe(1); /usr/share/doc/v6ready-probe/deployment.md}"
  } >"$out.tmp"
  mv -f "$out.tmp" "$out"
  exit 0
fi
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
