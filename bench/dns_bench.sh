#!/usr/bin/env bash
# bench/dns_bench.sh — the probe's DNS client (v6bench-dns: CaresDnsClient on the Asio loop, every
# answer parsed by core/dns) vs dnsperf, on the same resolver: a private unbound (1 thread) started
# here on 127.0.0.1:PORT with a local zone of 1000 AAAA names (answered from memory, so the resolver
# is the same for both tools), stopped by PID at the end. Interleaved rounds, median reported.
# The lab's DNS64 resolver and the capture cost are measured by bench/probe_bench.sh.
#
#   bench/dns_bench.sh [--queries N] [--port P] [--in-flight "16 64 256"] [--rounds R] [--raw]
#                      [--default-rcvbuf]
#     defaults: 200000 queries per run, port 53535, 16/64/256 in flight, 3 rounds
#     --default-rcvbuf  leave unbound's socket buffer at the system default (208 KiB) instead of 4 MiB:
#               what a resolver in the field has, and what the client's paced ramp-up is for
#     --raw     also print one `dns K OURS_QPS DNSPERF_QPS FAILURES RETRIES` line per K (for probe_bench.sh)
# Each round also runs the client without its window's delay signal (`v6bench-dns --max-queued 0`,
# probes/net/cares_dns_client.hpp): the no-delay-qps and its-retries columns.
# Environment: V6READY_BENCH_BUILD (default build-bench-probe; configured Release if absent).
# Needs unbound and dnsperf (exit 0 with "skipped:" if missing); not root is fine (port > 1024).
set -euo pipefail
cd "$(dirname "$0")/.."
queries=200000
port=53535
ks="16 64 256"
rounds=3
raw=0
rcvbuf=4m
while [ $# -gt 0 ]; do
  case "$1" in
    --queries) queries=$2; shift ;;
    --port) port=$2; shift ;;
    --in-flight) ks=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --raw) raw=1 ;;
    --default-rcvbuf) rcvbuf="" ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "dns_bench.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for tool in unbound dnsperf dig; do
  if ! command -v "$tool" >/dev/null; then
    echo "dns_bench.sh: skipped: $tool not installed (ci/bootstrap.sh installs it)"
    exit 0
  fi
done
build=${V6READY_BENCH_BUILD:-build-bench-probe}
tmp=$(mktemp -d)
upid=""
cleanup() {
  if [ -n "$upid" ]; then kill "$upid" 2>/dev/null || true; wait "$upid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
  gen=()
  command -v ninja >/dev/null && gen=(-G Ninja)
  cmake -S . -B "$build" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
    >"$tmp/configure.log" 2>&1 || { tail -20 "$tmp/configure.log" >&2; exit 3; }
fi
if ! cmake --build "$build" -j2 --target v6bench-dns >"$tmp/build.log" 2>&1; then
  tail -20 "$tmp/build.log" >&2
  exit 3
fi

{
  printf 'server:\n  interface: 127.0.0.1\n  port: %s\n  do-daemonize: no\n  username: ""\n' "$port"
  # so-rcvbuf 4m: with the default (net.core.rmem_default, 208 KiB) the resolver's own socket drops
  # part of a 256-query burst (nstat UdpRcvbufErrors), and the client that bursts (ours: c-ares sends
  # every query at once) then waits out one 1.5 s retry while dnsperf, which paces, does not. The
  # figure would measure the resolver's buffer, not the client (measured: 37 % -> 99 % of dnsperf).
  printf '  chroot: ""\n  directory: "%s"\n  pidfile: ""\n  num-threads: 1\n  use-syslog: no\n' "$tmp"
  [ -n "$rcvbuf" ] && printf '  so-rcvbuf: %s\n' "$rcvbuf"
  printf '  access-control: 127.0.0.0/8 allow\n  verbosity: 0\n  local-zone: "bench.test." static\n'
  for i in $(seq 1 1000); do
    printf '  local-data: "h%d.bench.test. 300 IN AAAA 2001:db8:64::c000:%x"\n' "$i" "$i"
  done
} >"$tmp/unbound.conf"
for i in $(seq 1 1000); do echo "h$i.bench.test AAAA"; done >"$tmp/names"
unbound -d -c "$tmp/unbound.conf" >"$tmp/unbound.log" 2>&1 &
upid=$!
up=0
for _ in $(seq 1 50); do
  if dig +short +time=1 +tries=1 -p "$port" @127.0.0.1 h1.bench.test AAAA 2>/dev/null | grep 2001 >/dev/null; then
    up=1
    break
  fi
  sleep 0.2
done
if [ "$up" != 1 ]; then
  echo "dns_bench.sh: unbound on 127.0.0.1:$port did not answer:" >&2
  tail -5 "$tmp/unbound.log" >&2
  exit 3
fi

median() { sort -n | awk '{v[NR] = $1} END {if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

echo "== unbound (1 thread, pid $upid, so-rcvbuf ${rcvbuf:-default}) on 127.0.0.1:$port, $queries AAAA queries per run, median of $rounds interleaved rounds; load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-9s %12s %12s %9s %10s %8s %14s %12s\n' in-flight v6bench-qps dnsperf-qps ratio failures retries \
  no-delay-qps its-retries
for k in $ks; do
  : >"$tmp/ours.$k"
  : >"$tmp/off.$k"
  : >"$tmp/theirs.$k"
  fails=0
  retries=0
  retries_off=0
  for _ in $(seq 1 "$rounds"); do
    line=$("$build/bench/v6bench-dns" --server 127.0.0.1 --port "$port" --names "$tmp/names" \
      --queries "$queries" --in-flight "$k" || true)
    sed -n 's/.* qps=\([0-9]*\).*/\1/p' <<<"$line" >>"$tmp/ours.$k"
    f=$(sed -n 's/.*failed=\([0-9]*\).*/\1/p' <<<"$line")
    fails=$((fails + ${f:-$queries}))
    r=$(sed -n 's/.*retries=\([0-9]*\).*/\1/p' <<<"$line")
    retries=$((retries + ${r:-0}))
    # The same client without the window's delay signal (--max-queued 0), interleaved: what it buys.
    line=$("$build/bench/v6bench-dns" --server 127.0.0.1 --port "$port" --names "$tmp/names" \
      --queries "$queries" --in-flight "$k" --max-queued 0 || true)
    sed -n 's/.* qps=\([0-9]*\).*/\1/p' <<<"$line" >>"$tmp/off.$k"
    r=$(sed -n 's/.*retries=\([0-9]*\).*/\1/p' <<<"$line")
    retries_off=$((retries_off + ${r:-0}))
    dnsperf -s 127.0.0.1 -p "$port" -d "$tmp/names" -c 1 -q "$k" -n $((queries / 1000)) 2>/dev/null |
      sed -n 's/^ *Queries per second: *\([0-9.]*\).*/\1/p' >>"$tmp/theirs.$k"
  done
  ours=$(median <"$tmp/ours.$k")
  off=$(median <"$tmp/off.$k")
  theirs=$(median <"$tmp/theirs.$k")
  awk -v k="$k" -v a="$ours" -v b="$theirs" -v f="$fails" -v r="$retries" -v o="$off" -v ro="$retries_off" 'BEGIN {
    printf "%-9s %12.0f %12.0f %8.0f%% %10s %8s %14.0f %12s\n", k, a, b, (b > 0 ? 100 * a / b : 0), f, r, o, ro }'
  [ "$raw" = 1 ] && echo "dns $k $ours $theirs $fails $retries"
done
echo "(load after: $(cut -d' ' -f1-3 /proc/loadavg); failures and retries (tries c-ares resent: queries the resolver lost) summed over the rounds)"
