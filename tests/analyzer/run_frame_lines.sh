#!/usr/bin/env bash
# Frame summaries of real findings (docs/findings-schema.md "Frame summaries") on the golden bundles
# (finding_cases.hpp, written by gen_bundles): a finding's cited frame shows the right line, and every
# line agrees with tshark's one-line summary of that frame (time, source, destination, protocol, and the
# Info column's words for what it shows). The tshark half skips without tshark; the first half always runs.
# Env: V6ANALYZE, GEN_BUNDLES.
set -u
: "${V6ANALYZE:?}" "${GEN_BUNDLES:?}"
fail() { echo "FAIL: $*" >&2; exit 1; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
"$GEN_BUNDLES" "$T/b" >/dev/null || fail "gen_bundles"
"$V6ANALYZE" analyze "$T/b" --year 2029 --out "$T/out" >"$T/analyze.log" 2>&1
rc=$?
[ $rc -le 3 ] || fail "analyze exit $rc"
"$V6ANALYZE" expand "$T/out/findings.json" -o "$T/x.json" || fail "expand"
X=$T/x.json
# line SITE FRAME: what, args (tab-separated), src, dst of the frame's summary
line() {
  jq -r --arg s "$1" --argjson f "$2" '.sites[] | select(.site == $s) | .frame_summaries[]? | select(.frame == $f)
    | [.what, (.args | join("|")), .src, .dst] | @tsv' "$X"
}
# frames of a site's finding with that rule
cited() { jq -r --arg s "$1" --arg r "$2" '.sites[] | select(.site == $s) | .findings[] | select(.rule == $r) | .evidence.frames[]' "$X"; }

# 1. The unexpected prefix: the finding's first frame is the ipv4only.arpa answer (RFC 7050), whose line names
# the addresses under the wrong prefix.
S=province/golden/unexpected-prefix
f=$(cited $S dns64.unexpected_prefix | head -1)
[ -n "$f" ] || fail "$S: no dns64.unexpected_prefix frame"
got=$(line $S "$f")
want=$(printf 'dns_answer\tAAAA|ipv4only.arpa.|2|2001:db8:65::c000:aa, 2001:db8:65::c000:ab\t2001:db8:1::53\t2001:db8:1::10')
[ "$got" = "$want" ] || fail "$S frame $f: got '$got', want '$want'"
# 2. A Packet Too Big: its line gives the MTU and the quoted flow.
S=province/golden/ptb-seen
n=$(jq --arg s "$S" '[.sites[] | select(.site == $s) | .frame_summaries[]? | select(.what | startswith("icmp6_ptb"))] | length' "$X")
[ "$n" -ge 1 ] || fail "$S: no Packet Too Big line"
# 2b. ICMPv4 errors (RFC 792) cited among the IPv4 frames: what they are and what they answer.
S=province/golden/ipv4-frames
for want in $'icmp_time_exceeded_for\t0|UDP|198.51.100.7:33434\t192.0.2.1\t192.0.2.50' \
  $'icmp_unreach_for\t3|UDP|198.51.100.7:33434\t198.51.100.7\t192.0.2.50'; do
  w=${want%%$'\t'*}
  f=$(jq -r --arg s "$S" --arg w "$w" '.sites[] | select(.site == $s) | .frame_summaries[]? | select(.what == $w) | .frame' "$X")
  [ -n "$f" ] || fail "$S: no $w line"
  got=$(line $S "$f")
  [ "$got" = "$want" ] || fail "$S frame $f: got '$got', want '$want'"
done
# 3. Every line's args match its kind, at most 8 per site, each frame cited by a finding.
jq -e '[.sites[] | (.frame_summaries // []) | length] | max <= 8' "$X" >/dev/null || fail "more than 8 lines in a site"
jq -e '[.sites[] | . as $s | (.frame_summaries // [])[] | .frame as $f
  | ([$s.findings[].evidence.frames[]] | index($f)) != null] | all' "$X" >/dev/null || fail "a line for a frame no finding cites"
total=$(jq '[.sites[].frame_summaries[]?] | length' "$X")
[ "$total" -ge 5 ] || fail "only $total lines over the golden bundles"
echo "frame lines: $total over $(jq '.sites | length' "$X") sites; the cited frames' lines are right"

# 4. Against tshark's one-line summary of each frame.
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not installed (the comparison with tshark)"; exit 77; }
checked=0
while IFS=$'\t' read -r path frame time src dst what args; do
  cap=$path/capture.pcapng
  [ -f "$cap" ] || fail "no capture at $cap"
  IFS=$'\t' read -r t_time t_src t_dst t_proto t_info < <(tshark -n -r "$cap" -Y "frame.number == $frame" -T fields \
    -e frame.time_relative -e _ws.col.Source -e _ws.col.Destination -e _ws.col.Protocol -e _ws.col.Info 2>/dev/null)
  ctx="$cap frame $frame ($what $args): tshark says '$t_time $t_src → $t_dst $t_proto $t_info'"
  # time: ours to the microsecond
  awk -v a="$time" -v b="$t_time" 'BEGIN { d = a - b; exit !(d < 0.0000006 && d > -0.0000006) }' || fail "time: $time; $ctx"
  # A malformed layer: tshark shows what it could read of it (an IPv6 source before a cut destination);
  # the line shows the layer below, so only the time is compared.
  if [ "$what" != malformed ]; then
    [ "$src" = "$t_src" ] || fail "source $src; $ctx"
    [ "$dst" = "$t_dst" ] || fail "destination $dst; $ctx"
  fi
  IFS='|' read -ra a <<<"$args"
  case $what in
    dns_*) [ "$t_proto" = DNS ] || fail "protocol; $ctx"
      case $what in
        dns_query) [[ $t_info == "Standard query 0x"*" ${a[0]} ${a[1]%.}"* ]] || fail "query; $ctx" ;;
        dns_answer) [[ $t_info == "Standard query response 0x"*" ${a[0]} ${a[1]%.}"* ]] || fail "answer; $ctx"
          IFS=', ' read -ra addrs <<<"${a[3]% +*}"
          for x in "${addrs[@]}"; do [[ $t_info == *" AAAA $x"* || $t_info == *" A $x"* ]] || fail "answer $x; $ctx"; done ;;
        dns_noaddr) [[ $t_info == "Standard query response 0x"* ]] || fail "response; $ctx"
          [ "${a[2]}" = NOERROR ] || [[ $t_info == *"${a[2]/SERVFAIL/Server failure}"* || $t_info == *"${a[2]/NXDOMAIN/No such name}"* ]] ||
            fail "rcode ${a[2]}; $ctx" ;;
      esac ;;
    tcp|tcp_mss) [ "$t_proto" = TCP ] || fail "protocol; $ctx"
      [[ $t_info == *"${a[0]} → ${a[1]} [${a[2]}]"* ]] || fail "ports and flags; $ctx"
      [[ $t_info == *"Len=${a[3]}"* ]] || fail "length; $ctx"
      [ "$what" = tcp ] || [[ $t_info == *"MSS=${a[4]}"* ]] || fail "MSS; $ctx" ;;
    udp) # tshark names the application when it knows the port (ECHO on 7): then only the addresses
      [ "$t_proto" != UDP ] || [[ $t_info == "${a[0]} → ${a[1]} Len=${a[2]}"* ]] || fail "ports and length; $ctx" ;;
    icmp6_ptb*) [ "$t_proto" = ICMPv6 ] || fail "protocol; $ctx"
      [[ $t_info == "Packet Too Big"* ]] || fail "Packet Too Big; $ctx" ;;
    icmp6_time_exceeded*) [ "$t_proto" = ICMPv6 ] || fail "protocol; $ctx"
      [[ $t_info == "Time Exceeded"* ]] || fail "Time Exceeded; $ctx" ;;
    icmp6_unreach*) [ "$t_proto" = ICMPv6 ] || fail "protocol; $ctx"
      [[ $t_info == "Destination Unreachable"* ]] || fail "Destination Unreachable; $ctx" ;;
    icmp_time_exceeded*|icmp_unreach*) [ "$t_proto" = ICMP ] || fail "protocol; $ctx"
      case $what in
        icmp_time_exceeded*) [[ $t_info == "Time-to-live exceeded"* ]] || fail "Time Exceeded; $ctx" ;;
        *) [[ $t_info == "Destination unreachable"* ]] || fail "Destination Unreachable; $ctx" ;;
      esac
      # what the error answers: tshark's dissection of the quote (the last IPv4 destination, its port)
      if [[ $what == *_for ]]; then
        IFS=$'\t' read -r q_dst q_udp q_tcp < <(tshark -n -r "$cap" -Y "frame.number == $frame" -T fields \
          -E occurrence=l -e ip.dst -e udp.dstport -e tcp.dstport 2>/dev/null)
        q_port=${q_udp:-$q_tcp}
        [ "${a[2]}" = "$q_dst${q_port:+:$q_port}" ] || fail "quoted ${a[2]}, tshark's quote $q_dst port $q_port; $ctx"
      fi ;;
    icmp6_ra*) [[ $t_info == "Router Advertisement"* ]] || fail "RA; $ctx" ;;
    icmp6_echo_request) [[ $t_info == "Echo (ping) request id=0x"*", seq=${a[1]}"* ]] || fail "echo; $ctx" ;;
    icmp6_*) [ "$t_proto" = ICMPv6 ] || fail "protocol; $ctx" ;;
    dhcp*) [ "$t_proto" = DHCP ] || fail "protocol; $ctx"
      [[ ${t_info,,} == *"${a[0],,}"* ]] || fail "message type; $ctx" ;;
    arp_*) [ "$t_proto" = ARP ] || fail "protocol; $ctx" ;;
    *) ;;  # fragment, ipv4/ipv6, link, malformed: addresses and time only
  esac
  checked=$((checked + 1))
done < <(jq -r '.sites[] | .bundle.path as $p | .frame_summaries[]? | [$p, .frame, .time, .src, .dst, .what, (.args | join("|"))] | @tsv' "$X")
[ "$checked" = "$total" ] || fail "compared $checked of $total lines"
echo "tshark agreement: $checked frame lines"
