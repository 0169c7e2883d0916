#!/usr/bin/env bash
# A DHCPv4 DISCOVER on commune-ready gets an OFFER with option 108 (RFC 8925) = 1800, seen on the wire.
. "$(dirname "$0")/lib.sh"
lab_require_up
pcap=$(mktemp /tmp/v6lab-dhcp.XXXXXX.pcap); trap 'rm -f "$pcap"; [ -n "${tp:-}" ] && kill "$tp" 2>/dev/null' EXIT
"$V6LAB" exec commune-ready -- timeout 12 tcpdump -i eth0 -U -w "$pcap" 'udp and (port 67 or port 68)' 2>/dev/null &
tp=$!
sleep 1
out=$(in_node commune-ready python3 "$LAB_TOOLS/dhcp_discover.py" eth0 --timeout 5) || fail "no DHCPOFFER: $out"
echo "client saw: $out"
sleep 1
kill "$tp" 2>/dev/null; wait "$tp" 2>/dev/null; tp=
offer=$(tshark -r "$pcap" -Y 'dhcp.option.dhcp == 2' -T fields -e dhcp.option.type -e dhcp.option.value 2>/dev/null | head -1)
echo "OFFER on the wire: $offer"
[ -n "$offer" ] || fail "no DHCPOFFER in the capture"
types=$(cut -f1 <<<"$offer")
case ",$types," in *,108,*) pass "option 108 in the OFFER" ;; *) fail "no option 108 in the OFFER ($types)" ;; esac
v=$(python3 -c "import sys; t=sys.argv[1].split(','); v=sys.argv[2].split(','); print(int(v[t.index('108')],16))" \
    "$types" "$(cut -f2 <<<"$offer")")
expect_eq "V6ONLY_WAIT" "$v" "1800"
