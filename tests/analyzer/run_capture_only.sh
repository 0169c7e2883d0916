#!/usr/bin/env bash
# `v6analyze analyze --capture FILE` (the capture-only stateful analysis) on the generated golden
# traces: its packet/byte counts and DNS query/response counts equal what `v6analyze dissect` shows for
# the same file; the known content of dns64.pcapng and tcp.pcapng gives the known metrics; a truncated
# capture gives exit 3, the frame and byte offset on stderr and a partial findings.json of the frames
# before it; a missing file gives exit 2 and no findings.json.
# Env: V6ANALYZE (binary), TRACES (generated traces dir).
set -u
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# jget FILE EXPR: a value from a JSON file (python3 is in ci/bootstrap.sh).
jget() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
field() { sed -n "s/.*\\b$1=\\([0-9.-]*\\).*/\\1/p" | head -1; }

n=0
for trace in "$TRACES"/*.pcap "$TRACES"/*.pcapng; do
  [ -e "$trace" ] || continue
  name=$(basename "$trace")
  rm -f "$out/findings.json"
  "$V6ANALYZE" analyze --capture "$trace" --out "$out" -q >"$out/stdout" 2>"$out/stderr"
  rc=$?
  # The traces are all complete captures: exit 0 or 1 (a fail finding), never 2/3.
  if [ "$rc" -gt 1 ]; then bad "$name: exit $rc: $(cat "$out/stderr")"; continue; fi
  [ -s "$out/stdout" ] && bad "$name: -q printed on stdout"
  [ -f "$out/findings.json" ] || { bad "$name: no findings.json"; continue; }
  line=$(grep -m1 '^packets=' "$out/stderr")
  [ -n "$line" ] || { bad "$name: no stats line on stderr"; continue; }
  "$V6ANALYZE" dissect -q --fields frame.cap_len,dns.flags.response "$trace" >"$out/dissect.tsv"
  want_packets=$(wc -l <"$out/dissect.tsv")
  want_bytes=$(awk -F'\t' '{s += $1} END {print s + 0}' "$out/dissect.tsv")
  want_q=$(awk -F'\t' '$2 == "0"' "$out/dissect.tsv" | wc -l)
  want_r=$(awk -F'\t' '$2 == "1"' "$out/dissect.tsv" | wc -l)
  got_packets=$(field packets <<<"$line")
  got_bytes=$(field bytes <<<"$line")
  [ "$got_packets" = "$want_packets" ] || bad "$name: packets=$got_packets, dissect shows $want_packets frames"
  [ "$got_bytes" = "$want_bytes" ] || bad "$name: bytes=$got_bytes, dissect's frame.cap_len sum is $want_bytes"
  doc_frames=$(jget "$out/findings.json" 'd["metrics"]["frames"]')
  [ "$doc_frames" = "$want_packets" ] || bad "$name: metrics.frames=$doc_frames, want $want_packets"
  status=$(jget "$out/findings.json" 'd["schema"] + " " + d["status"]')
  [ "$status" = "v6ready.capture-findings/1 complete" ] || bad "$name: $status"
  # Every dissected DNS query/response (summarized: dns.flags.response printed) reached the DNS state.
  # malformed.pcapng carries DNS that dissect shows but that is cut (not summarized): skip the DNS part.
  if [ "$name" != malformed.pcapng ]; then
    dns=$(jget "$out/findings.json" '"%d %d" % (d["metrics"]["dns"]["transactions"], d["metrics"]["dns"]["answered"])')
    trans=${dns% *}
    answered=${dns#* }
    # Each query is a transaction (no query is repeated while pending in these traces) and each
    # response answers one of them.
    [ "$trans" = "$want_q" ] && [ "$answered" = "$want_r" ] ||
      bad "$name: dns transactions=$trans answered=$answered, dissect shows $want_q queries, $want_r responses"
  fi
  n=$((n + 1))
done
[ "$n" -gt 0 ] || bad "no traces in $TRACES"
[ "$fail" -eq 0 ] && ok "$n traces: packets, bytes, frames, DNS queries/responses match dissect"

# Known content (tests/analyzer/gen_traces.cpp).
if [ -e "$TRACES/dns64.pcapng" ]; then
  "$V6ANALYZE" analyze --capture "$TRACES/dns64.pcapng" --out "$out" -q 2>/dev/null
  dissect_q=$("$V6ANALYZE" dissect -q --fields dns.flags.response "$TRACES/dns64.pcapng" | grep -c '^0$')
  dissect_r=$("$V6ANALYZE" dissect -q --fields dns.flags.response "$TRACES/dns64.pcapng" | grep -c '^1$')
  got=$(jget "$out/findings.json" '"%d %d %d" % (d["metrics"]["dns"]["transactions"], d["metrics"]["dns"]["answered"], d["metrics"]["dns"]["nxdomain"])')
  [ "$got" = "$dissect_q $dissect_r 1" ] &&
    ok "dns64.pcapng: $dissect_q transactions, $dissect_r answered, 1 NXDOMAIN" ||
    bad "dns64.pcapng: transactions/answered/nxdomain = $got, want $dissect_q $dissect_r 1"
fi

# --expect-pref64: ra_pref64.pcapng announces 2001:db8:64::/96 and 64:ff9b:1::/64 (RFC 8781); with
# 2001:db8:64::/96 expected, the other one is a fail finding (exit 1); an IPv4 prefix is a usage error.
if [ -e "$TRACES/ra_pref64.pcapng" ]; then
  "$V6ANALYZE" analyze --capture "$TRACES/ra_pref64.pcapng" --expect-pref64 2001:db8:64::/96 --out "$out" -q 2>/dev/null
  rc=$?
  got=$(jget "$out/findings.json" '" ".join(f["rule"] + ":" + f["severity"] + ":" + ",".join(f["addresses"]) for f in d["findings"])')
  [ "$rc" = 1 ] && [ "$got" = "ra.unexpected_pref64:fail:64:ff9b:1::/64" ] &&
    ok "--expect-pref64: the other RA PREF64 is a fail finding, exit 1" ||
    bad "--expect-pref64: exit $rc, findings '$got'"
  "$V6ANALYZE" analyze --capture "$TRACES/ra_pref64.pcapng" --out "$out" -q 2>/dev/null
  rc=$?
  [ "$rc" = 0 ] && ok "no --expect-pref64: nothing to judge the RA against, exit 0" || bad "no --expect-pref64: exit $rc"
  "$V6ANALYZE" analyze --capture "$TRACES/ra_pref64.pcapng" --expect-pref64 192.0.2.0/24 --out "$out" -q 2>/dev/null
  rc=$?
  [ "$rc" = 2 ] && ok "--expect-pref64 with an IPv4 prefix: exit 2" || bad "--expect-pref64 192.0.2.0/24: exit $rc"
fi

# Truncated capture: cut tcp.pcapng in the middle of its 4th record → exit 3, error with frame and
# offset, findings.json kept (status partial, capture.partial finding, the 3 frames before it counted).
src="$TRACES/tcp.pcapng"
if [ -e "$src" ]; then
  "$V6ANALYZE" dissect -q --fields frame.number "$src" >/dev/null
  size=$(stat -c %s "$src")
  # Find a cut that leaves exactly 3 whole frames: try lengths until dissect reports frame 4 as the error.
  cut=""
  for ((len = size - 1; len > 100; len -= 7)); do
    head -c "$len" "$src" >"$out/cut.pcapng"
    if "$V6ANALYZE" dissect -q --fields frame.number "$out/cut.pcapng" 2>"$out/err" >"$out/frames"; then continue; fi
    if [ "$(wc -l <"$out/frames")" = 3 ]; then cut=$len; break; fi
  done
  if [ -z "$cut" ]; then
    bad "could not make a truncated tcp.pcapng with 3 whole frames"
  else
    rm -f "$out/findings.json"
    "$V6ANALYZE" analyze --capture "$out/cut.pcapng" --out "$out" -q >/dev/null 2>"$out/stderr"
    rc=$?
    [ "$rc" = 3 ] && ok "truncated capture: exit 3" || bad "truncated capture: exit $rc (want 3)"
    grep -q 'cut.pcapng: frame 4 at byte offset [0-9]' "$out/stderr" &&
      ok "truncated capture: error names frame 4 and its byte offset" ||
      bad "truncated capture: stderr does not name frame 4 and the offset: $(cat "$out/stderr")"
    grep -q '^packets=3 ' "$out/stderr" && ok "truncated capture: packets=3 before the error" ||
      bad "truncated capture: stats line $(grep '^packets=' "$out/stderr")"
    if [ -f "$out/findings.json" ]; then
      got=$(jget "$out/findings.json" '"%s %d %d %s" % (d["status"], d["metrics"]["frames"], d["capture"]["error"]["frame"], any(f["rule"] == "capture.partial" for f in d["findings"]))')
      [ "$got" = "partial 3 4 True" ] && ok "truncated capture: partial findings.json kept (3 frames, error at frame 4)" ||
        bad "truncated capture: findings.json says '$got', want 'partial 3 4 True'"
    else
      bad "truncated capture: no findings.json"
    fi
  fi
fi

# Missing file: exit 2, message names the file, nothing written.
rm -f "$out/findings.json"
"$V6ANALYZE" analyze --capture "$out/no-such.pcap" --out "$out" -q 2>"$out/stderr"
rc=$?
[ "$rc" = 2 ] && grep -q 'no-such.pcap' "$out/stderr" && [ ! -e "$out/findings.json" ] &&
  ok "missing capture: exit 2, file named, no findings.json" ||
  bad "missing capture: exit $rc, stderr: $(cat "$out/stderr")"
# --capture with bundle inputs is a usage error.
"$V6ANALYZE" analyze --capture "$src" "$out" --out "$out" -q 2>/dev/null
rc=$?
[ "$rc" = 2 ] && ok "--capture with bundle inputs: exit 2" || bad "--capture with bundle inputs: exit $rc (want 2)"

exit $fail
