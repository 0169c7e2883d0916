#!/bin/bash
# A .db that is not a usable v6ready archive — text, a foreign SQLite database, random bytes, a
# truncated archive, an archive with a newer schema — gives a clear error and exit 2 from every
# subcommand that opens it, and its bytes are exactly what they were (no -wal left either).
set -u
: "${V6ANALYZE:?} ${GEN:?} ${SRC:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
pass() { echo "ok: $*"; }
V=$V6ANALYZE
"$GEN" "$SRC/tests/archive/data/lab-findings.json" "$T/g" 3 9 || fail "gen_sweeps"
F=$T/g/sweep-002/findings.json
"$V" archive add -q "$T/good.db" "$T"/g/sweep-00[01]/findings.json || fail "archive add"

# refuse NAME FILE EXPECTED-TEXT
refuse() {
  local name=$1 db=$2 expect=$3 before rc
  before=$(sha256sum <"$db")
  for cmd in "archive add $db $F" "history $db" "history $db --districts" "archive prune $db --keep 1" "archive check $db"; do
    # shellcheck disable=SC2086
    "$V" $cmd >"$T/out" 2>"$T/err"
    rc=$?
    [ $rc = 2 ] || fail "$name: v6analyze $cmd: exit $rc, expected 2 ($(cat "$T/err"))"
    grep -q "$expect" "$T/err" || fail "$name: v6analyze $cmd: message lacks '$expect': $(cat "$T/err")"
    [ "$(sha256sum <"$db")" = "$before" ] || fail "$name: v6analyze $cmd modified the file"
    [ -e "$db-wal" ] && fail "$name: v6analyze $cmd left $db-wal"
  done
  pass "$name: exit 2 ('$(head -n1 "$T/err" | cut -c1-90)'), file unchanged"
}

printf 'site,level\nprovince/a,L3\n' >"$T/text.db"
refuse "CSV text" "$T/text.db" "not an SQLite database"
head -c 65536 /dev/urandom >"$T/random.db"
refuse "random bytes" "$T/random.db" "not an SQLite database"
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('CREATE TABLE sweeps (x)'); c.execute('INSERT INTO sweeps VALUES (1)'); c.commit()" "$T/foreign.db"
refuse "foreign SQLite database" "$T/foreign.db" "another application"
cp "$T/good.db" "$T/trunc.db"
truncate -s $(( $(stat -c %s "$T/good.db") / 2 )) "$T/trunc.db"
refuse "truncated archive" "$T/trunc.db" "damaged archive"
cp "$T/good.db" "$T/newer.db"
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version = 42'); c.commit(); c.execute('PRAGMA journal_mode=DELETE')" "$T/newer.db"
refuse "newer schema" "$T/newer.db" "newer than this v6analyze"
# Damage in the middle, header intact: a page of the sweeps' rows overwritten with noise.
cp "$T/good.db" "$T/noise.db"
size=$(stat -c %s "$T/noise.db")
dd if=/dev/urandom of="$T/noise.db" bs=4096 seek=1 count=$(( size / 4096 - 1 )) conv=notrunc status=none
refuse "overwritten pages" "$T/noise.db" "damaged archive"
"$V" history "$T/absent.db" >/dev/null 2>"$T/err"
[ $? = 2 ] && grep -q "no such archive" "$T/err" && [ ! -e "$T/absent.db" ] || fail "history of a missing archive"
pass "history of a missing archive: exit 2, nothing created"
"$V" archive check "$T/good.db" >/dev/null || fail "the good archive is not consistent"
echo "all refusal checks passed"
