#!/usr/bin/env bash
# bench/run.sh — the analyzer benchmarks side by side, in one run, on the same warm files:
#   libpcap pcap_next_ex count loop (the denominator) · v6bench-dissect (the analyzer's stateless path)
#   · the full stateful analysis (when available) · tshark -T fields with the same DNS fields;
# then bytes per live flow (many-flows file) and many-sites scaling (64 captures, 1 vs 2 workers);
# then the probe benchmarks (bench/probe_bench.sh). Interleaved rounds, median reported.
#
#   bench/run.sh [--quick] [--full] [--rounds N] [--cache DIR] [--probe | --no-probe]
#     --quick   1M-packet files only, 3 rounds (default: 1M files, 5 rounds)
#     --full    also the 10M-packet files
#     --cache   where generated captures are kept (default: /var/tmp/v6ready-bench); files are reused
#               when the same kind/size/seed/format exists
#     --probe   run bench/probe_bench.sh at the end (default when root and it exists); --no-probe: don't
# Environment: V6READY_BENCH_BUILD (default build-bench), V6READY_BENCH_SEED (default 1).
# Never a ctest test. Numbers on a loaded machine are noisy: the load average is printed; compare the
# ratios, which are measured in the same run. The Mpps/CPU columns divide by each process's own CPU
# time (user + system), which a busy machine inflates much less than wall-clock time.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
full=0
rounds=5
cache=/var/tmp/v6ready-bench
probe=""  # "" = auto: when root and bench/probe_bench.sh is executable
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; rounds=3 ;;
    --full) full=1 ;;
    --rounds) rounds=$2; shift ;;
    --cache) cache=$2; shift ;;
    --probe) probe=1 ;;
    --no-probe) probe=0 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
build=${V6READY_BENCH_BUILD:-build-bench}
seed=${V6READY_BENCH_SEED:-1}
mkdir -p "$cache"

echo "== build ($build, Release)"
if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
  gen=()
  command -v ninja >/dev/null && gen=(-G Ninja)
  # -O2: g++ 12 at -O3 reports a false -Wrestrict in libstdc++ (core/result.cpp) under -Werror.
  cmake -S . -B "$build" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" >/dev/null
fi
cmake --build "$build" -j2 --target v6bench-gen v6bench-pcaploop v6bench-dissect >/dev/null
have_analyze=0
if cmake --build "$build" -j2 --target v6analyze >/dev/null 2>&1 &&
  "$build/analyzers/v6analyze" analyze --help 2>/dev/null | grep -q -- --capture; then
  have_analyze=1
fi
B=$build/bench

gen_file() {  # gen_file KIND PACKETS FORMAT -> prints the path (generated once per kind/size/seed)
  local f="$cache/$1-$2-s$seed.$3"
  if [ ! -s "$f" ]; then
    "$B/v6bench-gen" --kind "$1" --packets "$2" --format "$3" --seed "$seed" --out "$f.tmp" >&2
    mv "$f.tmp" "$f"
  fi
  echo "$f"
}

echo "== captures ($cache, seed $seed)"
files=("$(gen_file dns 1000000 pcap)" "$(gen_file dns 1000000 pcapng)" "$(gen_file mixed 1000000 pcap)")
if [ "$full" -eq 1 ]; then
  files+=("$(gen_file dns 10000000 pcap)" "$(gen_file mixed 10000000 pcap)")
fi
flows=$(gen_file flows 1200000 pcap)
# tshark takes ~30 s per million packets: it reads the first 100k packets of the same stream (the
# generator is sequential, so the same seed with fewer packets is an exact prefix).
tshark_n=100000
sites=()
for i in $(seq 1 64); do
  f="$cache/site-$i-s$seed.pcap"
  [ -s "$f" ] || "$B/v6bench-gen" --kind mixed --packets 50000 --seed $((seed * 1000 + i)) --out "$f" >/dev/null
  sites+=("$f")
done

median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "nan"; else print a[int((NR + 1) / 2)]}'; }
field() { sed -n "s/.*\\b$1=\\([0-9.]*\\).*/\\1/p"; }  # field NAME < "a=1 b=2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "== machine: $(nproc) CPU, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(. /etc/os-release && echo "$PRETTY_NAME")"
echo "   load average at start: $(load); rounds: $rounds (median)"

# run_tool NAME FILE ROUND: appends "pps bps rss_kb cpu_pps" to $tmp/NAME.FILEID (cpu_pps: packets per
# second of the process's own CPU time, user + system: what the tool costs when the machine is shared)
run_tool() {
  local name=$1 file=$2 id=$3 line secs pk by rss cpu
  case "$name" in
    libpcap)
      line=$("$B/v6bench-pcaploop" "$file")
      secs=$(field seconds <<<"$line"); pk=$(field packets <<<"$line"); by=$(field bytes <<<"$line")
      rss=$(field maxrss_kb <<<"$line"); cpu=$(field cpu_seconds <<<"$line") ;;
    dissect)
      line=$("$B/v6bench-dissect" "$file")
      secs=$(field seconds <<<"$line"); pk=$(field packets <<<"$line"); by=$(field bytes <<<"$line")
      rss=$(field maxrss_kb <<<"$line"); cpu=$(field cpu_seconds <<<"$line")
      field rss_anon_kb <<<"$line" >"$tmp/dissect.$id.anon" ;;
    analyze)
      # v6analyze times its own pass (open → last frame → expiry, like the v6bench-* loops) and prints
      # `packets= bytes= seconds= ...` on stderr; exit 1 only means a fail finding in the traffic.
      local rc=0
      /usr/bin/time -f '%e %M' -o "$tmp/time" "$build/analyzers/v6analyze" analyze --capture "$file" \
        --out "$tmp/analyze-out" -q >/dev/null 2>"$tmp/analyze.err" || rc=$?
      line=$(grep -m1 '^packets=' "$tmp/analyze.err" || true)
      if [ "$rc" -gt 1 ] || [ -z "$line" ]; then
        echo "run.sh: v6analyze analyze --capture $file: exit $rc: $(head -3 "$tmp/analyze.err")" >&2
        echo "nan nan nan"
        return
      fi
      secs=$(field seconds <<<"$line"); pk=$(field packets <<<"$line"); by=$(field bytes <<<"$line")
      cpu=$(field cpu_seconds <<<"$line")
      read -r _ rss <"$tmp/time" ;;
    tshark)
      /usr/bin/time -f '%e %M %U %S' -o "$tmp/time" tshark -r "$file" -c "$tshark_n" -T fields -e dns.id \
        -e dns.qry.name -e dns.aaaa >/dev/null 2>/dev/null
      read -r secs rss u s <"$tmp/time"
      cpu=$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')
      pk=$tshark_n; by=$(cat "$tmp/$id.tbytes") ;;
  esac
  awk -v s="$secs" -v p="$pk" -v b="$by" -v r="$rss" -v c="$cpu" \
    'BEGIN {printf "%.0f %.0f %s %.0f\n", p / s, b / s, r, (c > 0 ? p / c : 0)}'
}

tools=(libpcap dissect tshark)
[ "$have_analyze" -eq 1 ] && tools=(libpcap dissect analyze tshark)

declare -A results
for f in "${files[@]}"; do
  id=$(basename "$f")
  cat "$f" >/dev/null  # warm the page cache
  "$B/v6bench-pcaploop" <(editcap -r "$f" - "1-$tshark_n" 2>/dev/null) | field bytes >"$tmp/$id.tbytes"
  for r in $(seq 1 "$rounds"); do
    for t in "${tools[@]}"; do
      run_tool "$t" "$f" "$id" >>"$tmp/$t.$id"
    done
  done
  for t in "${tools[@]}"; do
    results[$t.$id.pps]=$(cut -d' ' -f1 "$tmp/$t.$id" | median)
    results[$t.$id.bps]=$(cut -d' ' -f2 "$tmp/$t.$id" | median)
    results[$t.$id.rss]=$(cut -d' ' -f3 "$tmp/$t.$id" | median)
    results[$t.$id.cpu]=$(cut -d' ' -f4 "$tmp/$t.$id" | median)
  done
  results[$id.load]=$(load)
done

echo
printf '%-26s %-9s %8s %8s %10s %9s %9s %9s %9s  %s\n' file tool Mpps MB/s "peak RSS" "÷libpcap" "×tshark" \
  "Mpps/CPU" "÷lp/CPU" "target (wall-clock rates; CPU = user+sys time)"
for f in "${files[@]}"; do
  id=$(basename "$f")
  base=${results[libpcap.$id.pps]}
  tsh=${results[tshark.$id.pps]}
  cbase=${results[libpcap.$id.cpu]}
  for t in "${tools[@]}"; do
    pps=${results[$t.$id.pps]}
    awk -v id="$id" -v t="$t" -v pps="$pps" -v bps="${results[$t.$id.bps]}" -v rss="${results[$t.$id.rss]}" \
      -v base="$base" -v tsh="$tsh" -v cpu="${results[$t.$id.cpu]}" -v cbase="$cbase" \
      -v dnsfile="$([[ $id == dns-* ]] && echo 1 || echo 0)" 'BEGIN {
        target = "";
        if (t == "dissect") target = (pps / base >= 0.85) ? "stateless >= 85% libpcap: MET" : "stateless >= 85% libpcap: NOT met";
        if (t == "analyze" && dnsfile) target = (pps >= 3e6 ? "3 Mpps: MET" : "3 Mpps: NOT met") ", " (pps / tsh >= 50 ? ">= 50x tshark: MET" : ">= 50x tshark: NOT met");
        if (t == "tshark") target = "(first 100k packets)";
        printf "%-26s %-9s %8.2f %8.1f %8.1fMB %8.1f%% %8.1fx %9.2f %8.1f%%  %s\n", id, t, pps / 1e6, bps / 1e6,
          rss / 1024, 100 * pps / base, pps / tsh, cpu / 1e6, (cbase > 0 ? 100 * cpu / cbase : 0), target }'
  done
  if [ "$have_analyze" -eq 0 ]; then
    printf '%-26s %-9s %8s  %s\n' "$id" analyze - "not available yet (needs \`v6analyze analyze --capture FILE\`)"
  fi
  echo "   (load average after $id: ${results[$id.load]})"
done

echo
echo "== many flows ($(basename "$flows"): 600k distinct IPv6 TCP 5-tuples, all live)"
cat "$flows" >/dev/null
line=$("$B/v6bench-dissect" "$flows")
echo "   dissect (stateless, no flow table): $line"
if [ "$have_analyze" -eq 1 ]; then
  # Bytes per live flow = (peak anonymous RSS - anonymous RSS before the pass) / peak live flows; the
  # analyzer samples RssAnon every 64k frames and after the last frame, before expiring the live flows.
  "$build/analyzers/v6analyze" analyze --capture "$flows" --out "$tmp/analyze-out" -q >/dev/null \
    2>"$tmp/flows.err" || true
  aline=$(grep -m1 '^packets=' "$tmp/flows.err" || true)
  if [ -n "$aline" ]; then
    echo "   analyze (stateful): $aline"
    awk -v peak="$(field rss_anon_peak_kb <<<"$aline")" -v base="$(field rss_anon_base_kb <<<"$aline")" \
      -v n="$(field flows_peak <<<"$aline")" -v s="$(field seconds <<<"$aline")" \
      -v p="$(field packets <<<"$aline")" 'BEGIN {b = (peak - base) * 1024 / n;
      printf "   bytes per live flow: (%d - %d) kB anonymous / %d live flows = %.0f B (target <= 200): %s; %.2f Mpps\n",
      peak, base, n, b, (b <= 200 ? "MET" : "NOT met"), p / s / 1e6}'
  else
    echo "   bytes per live flow: v6analyze analyze --capture failed: $(head -3 "$tmp/flows.err")"
  fi
else
  echo "   bytes per live flow: not available yet (needs the stateful analysis: v6analyze analyze --capture FILE)"
fi

echo
echo "== many sites: ${#sites[@]} captures x 50k packets, v6bench-dissect with 1 and 2 worker threads"
cat "${sites[@]}" >/dev/null
for r in $(seq 1 "$rounds"); do
  for th in 1 2; do
    line=$("$B/v6bench-dissect" --threads "$th" "${sites[@]}")
    awk -v s="$(field seconds <<<"$line")" -v p="$(field packets <<<"$line")" 'BEGIN {printf "%.0f\n", p / s}' \
      >>"$tmp/sites.$th"
  done
done
one=$(median <"$tmp/sites.1")
two=$(median <"$tmp/sites.2")
awk -v a="$one" -v b="$two" 'BEGIN {e = b / (2 * a);
  printf "   1 worker %.2f Mpps, 2 workers %.2f Mpps: scaling efficiency %.0f%% (target >= 80%%): %s\n",
  a / 1e6, b / 1e6, 100 * e, (e >= 0.8 ? "MET" : "NOT met")}'
echo "   load average at end: $(load)"

# Probe side (another script: DNS vs dnsperf, TCP connects/s through NAT64 vs an epoll loop, capture
# cost). Its output is passed through; its failure does not hide the table above.
if [ -z "$probe" ]; then
  probe=0
  [ "$(id -u)" -eq 0 ] && [ -x bench/probe_bench.sh ] && probe=1
fi
if [ "$probe" -eq 1 ]; then
  echo
  if [ -x bench/probe_bench.sh ]; then
    echo "== probe benchmarks (bench/probe_bench.sh)"
    pargs=(--rounds "$rounds")
    [ "$quick" -eq 1 ] && pargs=(--quick)
    bench/probe_bench.sh "${pargs[@]}" || echo "   bench/probe_bench.sh: exit $?"
  else
    echo "== probe benchmarks: bench/probe_bench.sh is missing or not executable"
  fi
fi
