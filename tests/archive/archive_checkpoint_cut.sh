#!/usr/bin/env bash
# An import killed while SQLite copies the WAL into the file (a checkpoint) leaves the file's header
# (page 1, copied first) counting pages the file has not got yet; the WAL still holds them and the next
# open replays it. `archive check` must take that archive as sound, not as a truncated one
# (archive.sigkill met it once, 2026-12-06, seed 14190). Made here on purpose: sweeps are added while a
# reader holds the WAL open, then the WAL's newest page 1 is written over the file's.
set -euo pipefail
: "${V6ANALYZE:?} ${GEN:?} ${SRC:?}"
T=$(mktemp -d)
READER=""
trap '[ -n "$READER" ] && kill -KILL "$READER" 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
V=$V6ANALYZE
DB=$T/a.db
"$GEN" "$SRC/tests/archive/data/lab-findings.json" "$T/g" 6 99 >/dev/null || fail "gen_sweeps"
files=("$T"/g/sweep-*/findings.json)
"$V" archive add -q "$DB" "${files[0]}" >/dev/null || fail "first add"
# A reader's open snapshot keeps the next import's pages in the WAL (its checkpoint cannot pass it).
python3 -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN"); c.execute("SELECT COUNT(*) FROM sweeps").fetchone()
open(sys.argv[2], "w").close()
time.sleep(60)' "$DB" "$T/ready" &
READER=$!
for _ in $(seq 1 100); do [ -f "$T/ready" ] && break; sleep 0.1; done
"$V" archive add -q "$DB" "${files[@]:1}" >/dev/null || fail "second add"
kill -KILL "$READER"
wait "$READER" 2>/dev/null || true
READER=""
[ -s "$DB-wal" ] || fail "no WAL left to replay: the case was not made"
# The checkpoint cut after its first page: the WAL's newest page 1 over the file's.
python3 - "$DB" <<'PY' || fail "could not write page 1"
import struct, sys
db = sys.argv[1]
wal = open(db + "-wal", "rb").read()
page = struct.unpack(">I", wal[8:12])[0]
newest, off = None, 32
while off + 24 + page <= len(wal):
    if struct.unpack(">I", wal[off:off + 4])[0] == 1:
        newest = wal[off + 24:off + 24 + page]
    off += 24 + page
assert newest is not None, "no page 1 in the WAL"
size = len(open(db, "rb").read())
pages = struct.unpack(">I", newest[28:32])[0]
assert pages * page > size, f"the header would not run ahead ({pages} pages of {page}, file {size})"
with open(db, "r+b") as f:
    f.write(newest)
PY
"$V" archive check "$DB" >"$T/check" 2>&1 || fail "archive check: $(cat "$T/check")"
echo "ok: a header ahead of the file with the WAL beside it is an archive SQLite replays; check passed"
