#!/usr/bin/env bash
# Golden traces (docs/conventions.md §8): `v6analyze dissect` on every generated trace must equal the checked-in
# tests/analyzer/golden/<trace>.tsv. Regenerate after an intended change with UPDATE_GOLDEN=1.
# Env: V6ANALYZE (binary), TRACES (generated traces dir), GOLDEN (golden dir).
set -u
FIELDS=frame.number,frame.time_epoch,frame.len,frame.cap_len,eth.type,vlan.id,ieee8021ad.id,ip.src,ip.dst,ipv6.src,ipv6.dst,_ws.col.Protocol,v6r.ipv6.ext,tcp.srcport,tcp.dstport,tcp.seq_raw,tcp.flags,tcp.options.mss_val,udp.srcport,udp.dstport,icmpv6.type,icmpv6.mtu,icmpv6.opt.prefix,icmpv6.opt.mtu,icmpv6.opt.rdnss,icmpv6.opt.pref64.prefix,v6r.pref64.length,v6r.pref64.lifetime,arp.opcode,dhcp.option.dhcp,dhcp.option.request_list_item,v6r.dhcp.v6only_wait,v6r.dns.transport,dns.id,dns.flags.response,dns.qry.name,dns.qry.type,dns.flags.rcode,dns.a,dns.aaaa,sll.pkttype,ppp.protocol,pppoe.session_id,chdlc.protocol,wlan.fc.type_subtype,wlan.sa,wlan.da,wlan.bssid,radiotap.length,nflog.family,v6r.tunnel,v6r.tunnel.src,v6r.tunnel.dst,gre.key,gre.sequence_number,vxlan.vni,geneve.vni,v6r.anomalies
fail=0
n=0
for trace in "$TRACES"/*.pcap "$TRACES"/*.pcapng; do
  [ -e "$trace" ] || continue
  name=$(basename "$trace")
  want="$GOLDEN/$name.tsv"
  got=$(mktemp)
  "$V6ANALYZE" dissect --header -q --fields "$FIELDS" "$trace" >"$got"
  rc=$?
  if [ $rc -ne 0 ]; then echo "FAIL $name: exit code $rc"; fail=1; fi
  if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then cp "$got" "$want"; echo "updated $want"; fi
  if ! diff -u "$want" "$got"; then echo "FAIL $name: differs from $want"; fail=1; else n=$((n + 1)); fi
  rm -f "$got"
done
[ $n -gt 0 ] || { echo "FAIL: no traces in $TRACES"; exit 1; }
echo "golden: $n traces match"
exit $fail
