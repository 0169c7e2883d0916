#!/bin/bash
# SIGKILL of `v6analyze archive add` (24 weekly sweeps of 99 sites) at seeded random points, and inside
# the Nth fsync/fdatasync of the import (strace -e inject, N = 1..8, which lands in the WAL commits):
# after every kill `archive check` finds every archived sweep complete (all its sites, each site's
# results and findings), the count of sweeps never goes down, and a last run archives all of them.
#   V6READY_SEED=N   replay (the seed is printed); KILLS=N   random kills (default 8).
set -u
: "${V6ANALYZE:?} ${GEN:?} ${SRC:?}"
T=$(mktemp -d)
PID=""
trap '[ -n "$PID" ] && kill -KILL "$PID" 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
pass() { echo "ok: $*"; }
V=$V6ANALYZE
DB=$T/a.db
N=24
SEED=${V6READY_SEED:-$(( $(date +%s) % 32768 ))}
KILLS=${KILLS:-8}
RANDOM=$SEED
echo "seed $SEED (replay: V6READY_SEED=$SEED), $KILLS random kills"
"$GEN" "$SRC/tests/archive/data/lab-findings.json" "$T/g" $N 99 || fail "gen_sweeps"
files=("$T"/g/sweep-*/findings.json)

count() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM sweeps').fetchone()[0])" "$DB"; }
prev=0
# after_kill WHAT: the archive is consistent and lost nothing that was committed
after_kill() {
  "$V" archive check "$DB" >"$T/check" 2>&1 || fail "$1: archive check: $(cat "$T/check")"
  local n
  n=$(count)
  [ "$n" -ge "$prev" ] || fail "$1: $n sweeps after the kill, $prev before"
  prev=$n
}

killed=0
for ((k = 1; k <= KILLS; k++)); do
  "$V" archive add -q "$DB" "${files[@]}" >/dev/null 2>"$T/err" &
  PID=$!
  ms=$(( 30 + RANDOM % 1500 ))
  sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
  if kill -KILL "$PID" 2>/dev/null; then killed=$((killed + 1)); fi
  wait "$PID" 2>/dev/null
  PID=""
  [ -e "$DB" ] || continue  # killed before the archive was created: nothing to check
  after_kill "random kill $k after ${ms} ms"
done
pass "$killed random kills, archive consistent after each ($(count) of $N sweeps so far)"

if command -v strace >/dev/null && strace -f -o /dev/null -e trace=none true 2>/dev/null; then
  kept=""
  for ((n = 1; n <= 8; n++)); do
    rm -f "$T/s.db" "$T/s.db-wal" "$T/s.db-shm"
    "$V" archive add -q "$T/s.db" "${files[@]:0:2}" >/dev/null || fail "seed archive"
    DB_SAVE=$DB; DB=$T/s.db; prev=2
    (strace -f -o /dev/null -e trace=fsync,fdatasync -e inject=fsync,fdatasync:signal=SIGKILL:when=$n \
      "$V" archive add -q "$DB" "${files[@]:2:3}"; true) >/dev/null 2>&1
    after_kill "SIGKILL at fsync #$n"
    kept+=" #$n:$(count)"
    DB=$DB_SAVE
  done
  pass "SIGKILL inside fsync/fdatasync #1..8 of an import of 3 sweeps into 2: no half sweep (sweeps kept per kill point:$kept)"
else
  echo "note: strace cannot trace here; the fsync-point kills were not run"
fi

"$V" archive add -q "$DB" "${files[@]}" || fail "final add exit $?"
[ "$(count)" = $N ] || fail "final archive holds $(count) sweeps, expected $N"
after_kill "final run"
pass "the run after the kills archived all $N sweeps, each once"
