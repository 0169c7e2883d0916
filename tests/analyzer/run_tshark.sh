#!/usr/bin/env bash
# `v6analyze dissect --fields F` must print exactly what `tshark -r TRACE -T fields -e F...` prints, on
# every generated trace, for the fields both know (per trace: fields tshark dissects differently on
# purpose are left out, e.g. reassembled TCP, malformed DNS, Wireshark's Protocol column). Traces of
# deliberately malformed link layers and tunnels (link_malformed, tunnel_malformed) are golden-only:
# tshark names those errors its own way (and follows tunnels deeper than Packet::kMaxTunnels).
# Skips (exit 77) when tshark is not installed. Env: V6ANALYZE, TRACES.
set -u
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not installed"; exit 77; }
COMMON=frame.number,frame.time_epoch,frame.len,frame.cap_len,ip.src,ip.dst,ipv6.src,ipv6.dst,tcp.srcport,tcp.dstport,udp.srcport,udp.dstport
DNSF=dns.id,dns.flags.response,dns.qry.name,dns.qry.type,dns.flags.rcode,dns.count.answers,dns.a,dns.aaaa
declare -A F=(
  [dns64.pcapng]=$COMMON,eth.src,eth.dst,eth.type,ipv6.nxt,ipv6.hlim,ipv6.plen,udp.length,$DNSF
  [ra_pref64.pcapng]=$COMMON,icmpv6.type,icmpv6.code,icmpv6.nd.ra.router_lifetime,icmpv6.nd.ns.target_address,icmpv6.nd.na.target_address,icmpv6.opt.src_linkaddr,icmpv6.opt.mtu,icmpv6.opt.prefix,icmpv6.opt.rdnss,icmpv6.opt.pref64.prefix,icmpv6.opt.pref64.plc,icmpv6.opt.pref64.scaled_lifetime
  [icmpv6.pcap]=$COMMON,icmpv6.type,icmpv6.code,icmpv6.mtu,icmpv6.echo.identifier,icmpv6.echo.sequence_number
  [ipv4_hygiene.pcap]=$COMMON,eth.src,eth.dst,arp.opcode,arp.src.proto_ipv4,arp.dst.proto_ipv4,ip.proto,ip.ttl,ip.id,ip.hdr_len,ip.flags.df,ip.flags.mf,ip.frag_offset,dhcp.type,dhcp.id,dhcp.ip.your,dhcp.option.dhcp,dhcp.option.request_list_item,$DNSF
  [tcp.pcapng]=$COMMON,tcp.seq_raw,tcp.ack_raw,tcp.flags,tcp.len,tcp.window_size_value,tcp.options.mss_val,$DNSF
  [dns_tcp_split.pcapng]=$COMMON,tcp.seq_raw,tcp.flags,tcp.len
  [vlan.pcapng]=$COMMON,eth.type,vlan.id,ieee8021ad.id,arp.opcode,$DNSF
  [linktypes.pcapng]=$COMMON,sll.pkttype,sll.ifindex,null.family,icmp.type,icmp.code,icmpv6.type,$DNSF
  [malformed.pcapng]=$COMMON,ipv6.fraghdr.ident,ipv6.fraghdr.offset,ipv6.fraghdr.more,ip.frag_offset,ip.flags.mf,icmpv6.type
  [caplen_gt_len.pcapng]=$COMMON,icmpv6.type,$DNSF
  [caplen_gt_len.pcap]=$COMMON,icmpv6.type,$DNSF
  [ppp.pcap]=$COMMON,ppp.protocol,icmp.type,$DNSF
  [ppp_hdlc.pcap]=$COMMON,ppp.protocol,chdlc.address,chdlc.protocol,icmpv6.type,$DNSF
  [chdlc.pcap]=$COMMON,chdlc.address,chdlc.protocol,tcp.flags,icmpv6.type
  [pppoe.pcapng]=$COMMON,eth.type,vlan.id,ieee8021ad.id,pppoe.code,pppoe.session_id,ppp.protocol,$DNSF
  [wlan.pcap]=$COMMON,wlan.fc.type_subtype,wlan.fc.ds,wlan.fc.protected,wlan.ra,wlan.ta,wlan.da,wlan.sa,wlan.bssid,wlan.qos.tid,llc.type,arp.opcode,icmpv6.type,$DNSF
  [radiotap.pcap]=$COMMON,radiotap.length,radiotap.flags.fcs,wlan.fc.type_subtype,wlan.fc.protected,wlan.sa,wlan.da,wlan.bssid,llc.type,$DNSF
  [nflog.pcap]=$COMMON,nflog.family,nflog.res_id,tcp.flags,$DNSF
  [sll2.pcap]=$COMMON,sll.pkttype,sll.ifindex,arp.opcode,tcp.flags,$DNSF
  [tunnel_6in4.pcap]=$COMMON,ip.proto,ip.ttl,ipv6.nxt,ipv6.hlim,tcp.flags,$DNSF
  [tunnel_4in6.pcap]=$COMMON,ip.proto,ip.ttl,ipv6.nxt,ipv6.hlim,tcp.flags,$DNSF
  [tunnel_gre.pcapng]=$COMMON,eth.src,eth.dst,eth.type,ip.proto,ipv6.nxt,gre.proto,gre.key,gre.sequence_number,icmp.type,$DNSF
  [tunnel_vxlan.pcapng]=$COMMON,eth.src,eth.dst,eth.type,vxlan.vni,arp.opcode,ip.proto,tcp.flags,$DNSF
  [tunnel_geneve.pcapng]=$COMMON,eth.src,eth.dst,eth.type,geneve.vni,geneve.proto_type,ipv6.nxt,tcp.flags,$DNSF
  [tunnel_nested.pcapng]=$COMMON,eth.src,eth.dst,ip.proto,ipv6.nxt,gre.proto,gre.key,vxlan.vni,$DNSF
)
fail=0
n=0
for name in "${!F[@]}"; do
  trace="$TRACES/$name"
  [ -e "$trace" ] || { echo "FAIL: missing $trace"; fail=1; continue; }
  args=()
  IFS=, read -ra fl <<<"${F[$name]}"
  for f in "${fl[@]}"; do args+=(-e "$f"); done
  want=$(mktemp); got=$(mktemp)
  tshark -r "$trace" -T fields "${args[@]}" >"$want" 2>/dev/null
  "$V6ANALYZE" dissect -q --fields "${F[$name]}" "$trace" >"$got"
  if ! diff -u --label "tshark $name" --label "v6analyze $name" "$want" "$got"; then
    echo "FAIL $name (fields: ${F[$name]})"; fail=1
  else
    n=$((n + 1))
  fi
  rm -f "$want" "$got"
done
echo "tshark agreement: $n of ${#F[@]} traces"
exit $fail
