#!/usr/bin/env bash
# The RA on commune-ready's link carries PREF64 (RFC 8781, option 38) with the exact prefix, RDNSS and PIO.
. "$(dirname "$0")/lib.sh"
lab_require_up
pcap=$(mktemp /tmp/v6lab-ra.XXXXXX.pcap); trap 'rm -f "$pcap"' EXIT
in_node commune-ready timeout 10 tcpdump -i eth0 -c 1 -U -w "$pcap" 'icmp6 and ip6[40] == 134' 2>/dev/null
f=$(tshark -r "$pcap" -T fields -E separator='|' -e ipv6.hlim -e icmpv6.type -e icmpv6.opt.type \
    -e icmpv6.opt.pref64.prefix -e icmpv6.opt.pref64.plc -e icmpv6.opt.pref64.scaled_lifetime \
    -e icmpv6.opt.rdnss -e icmpv6.opt.prefix 2>/dev/null | head -1)
echo "RA: $f"
IFS='|' read -r hlim type opts prefix plc lifetime rdnss pio <<<"$f"
expect_eq "hop limit" "$hlim" "255"
expect_eq "ICMPv6 type" "$type" "134"
case ",$opts," in *,38,*) pass "option 38 (PREF64) present" ;; *) fail "no option 38 in RA (options: $opts)" ;; esac
expect_eq "PREF64 prefix" "$prefix" "2001:db8:64::"
expect_eq "PREF64 PLC (0 = /96)" "$((plc))" "0"
[ "$lifetime" -gt 0 ] || fail "PREF64 scaled lifetime is 0"
pass "PREF64 scaled lifetime $lifetime (x 8 s)"
expect_eq "RDNSS" "$rdnss" "2001:db8:53::1"
expect_eq "Prefix Information" "$pio" "2001:db8:1:1::"
