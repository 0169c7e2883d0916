#!/usr/bin/env bash
# bench/dns_bench.sh — the probe's DNS client (v6bench-dns, c-ares on the Asio loop) vs dnsperf, on
# the same resolver: a private unbound (1 thread) started here on 127.0.0.1:PORT with a local zone
# of 1000 AAAA names (answered from memory, so the resolver is the same for both tools), stopped by
# PID at the end. For the lab's unbound, run v6bench-dns and dnsperf inside a commune node instead.
#
#   bench/dns_bench.sh [--queries N] [--port P]      (default 200000 queries, port 53535)
# Prints qps for each tool at 16, 64 and 256 queries in flight, the ratio, and the failures; then the
# cost of a libpcap capture (tcpdump on lo) running alongside, at 64 in flight.
set -euo pipefail
cd "$(dirname "$0")/.."
queries=200000
port=53535
while [ $# -gt 0 ]; do
  case "$1" in
    --queries) queries=$2; shift ;;
    --port) port=$2; shift ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "dns_bench.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
build=${V6READY_BENCH_BUILD:-build-bench}
tmp=$(mktemp -d)
if ! cmake --build "$build" -j2 --target v6bench-dns >"$tmp/build.log" 2>&1; then
  tail -20 "$tmp/build.log" >&2
  rm -rf "$tmp"
  exit 3
fi
upid=""
cleanup() { [ -n "$upid" ] && kill "$upid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

{
  printf 'server:\n  interface: 127.0.0.1\n  port: %s\n  do-daemonize: no\n  username: ""\n' "$port"
  printf '  chroot: ""\n  directory: "%s"\n  pidfile: ""\n  num-threads: 1\n  use-syslog: no\n' "$tmp"
  printf '  access-control: 127.0.0.0/8 allow\n  verbosity: 0\n  local-zone: "bench.test." static\n'
  for i in $(seq 1 1000); do
    printf '  local-data: "h%d.bench.test. 300 IN AAAA 2001:db8:64::c000:%x"\n' "$i" "$i"
  done
} >"$tmp/unbound.conf"
for i in $(seq 1 1000); do echo "h$i.bench.test AAAA"; done >"$tmp/names"
unbound -d -c "$tmp/unbound.conf" >"$tmp/unbound.log" 2>&1 &
upid=$!
for _ in $(seq 1 50); do
  dig +short +time=1 +tries=1 -p "$port" @127.0.0.1 h1.bench.test AAAA 2>/dev/null | grep -q 2001 && break
  sleep 0.2
done

echo "== unbound (1 thread, pid $upid) on 127.0.0.1:$port, $queries AAAA queries per run; load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-9s %12s %12s %9s %10s\n' in-flight v6bench-qps dnsperf-qps ratio failures
for k in 16 64 256; do
  line=$("$build/bench/v6bench-dns" --server 127.0.0.1 --port "$port" --names "$tmp/names" --queries "$queries" \
    --in-flight "$k" || true)
  ours=$(sed -n 's/.*qps=\([0-9]*\).*/\1/p' <<<"$line")
  fails=$(sed -n 's/.*failed=\([0-9]*\).*/\1/p' <<<"$line")
  theirs=$(dnsperf -s 127.0.0.1 -p "$port" -d "$tmp/names" -c 1 -q "$k" -n $((queries / 1000)) 2>/dev/null |
    sed -n 's/^ *Queries per second: *\([0-9.]*\).*/\1/p')
  awk -v k="$k" -v a="$ours" -v b="$theirs" -v f="$fails" 'BEGIN {
    printf "%-9s %12.0f %12.0f %8.0f%% %10s\n", k, a, b, 100 * a / b, f }'
done

# Capture cost: the same 64-in-flight run with a libpcap capture of the traffic on lo (tcpdump, the
# same libpcap path as the probe's capture; the probe writes pcapng through core instead).
run64() {
  "$build/bench/v6bench-dns" --server 127.0.0.1 --port "$port" --names "$tmp/names" --queries "$queries" \
    --in-flight 64 | sed -n 's/.*qps=\([0-9]*\).*/\1/p'
}
without=$(run64)
tcpdump -i lo -w "$tmp/cap.pcap" -U -s 262144 "udp port $port" >/dev/null 2>&1 &
tpid=$!
sleep 1
with=$(run64)
kill -INT "$tpid" 2>/dev/null || true
wait "$tpid" 2>/dev/null || true
awk -v a="$without" -v b="$with" 'BEGIN {c = 100 * (1 - b / a);
  printf "capture cost (64 in flight): %.0f qps without, %.0f with capture on lo: %.1f%% (target <= 10%%): %s\n",
  a, b, c, (c <= 10 ? "met" : "NOT met")}'
