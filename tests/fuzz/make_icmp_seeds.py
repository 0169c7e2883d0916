#!/usr/bin/env python3
"""Writes the seed corpus of the core_icmp_error fuzz target (see tests/fuzz/corpus/README.md).

    tests/fuzz/make_icmp_seeds.py      (from the repository root; rewrites only seed-* files)

Hand-built ICMPv6 error messages (RFC 4443 §3), each named after what it exercises: the errors a NAT64
translates for nat64.icmp_errors (RFC 7915 §4.2: Time Exceeded, port unreachable quoting the
translated UDP datagram, whole and cut), Packet Too Big and Parameter Problem, an untranslated IPv4
quote (RFC 792), IPv4 with options, and the hostile ones: truncated header, informational type, a
quote shorter than its header, an unknown IP version, a UDP header cut in the middle.
"""
import os
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests/fuzz/corpus/core_icmp_error")
NODE = bytes.fromhex("20010db8000100010000000000000100")    # 2001:db8:1:1::100
TARGET = bytes.fromhex("20010db80064000000000000c000020a")  # 2001:db8:64::c000:20a (192.0.2.10)
PAYLOAD = b"v6r-icmp" + bytes(range(32))


def ipv6_udp(src, dst, hops, sport, dport, payload, plen=None):
    udp = struct.pack(">HHHH", sport, dport, 8 + len(payload), 0) + payload
    return struct.pack(">IHBB", 0x60000000, len(udp) if plen is None else plen, 17, hops) + src + dst + udp


def ipv4_udp(src, dst, ttl, sport, dport, payload, options=b""):
    ihl = (20 + len(options)) // 4
    udp = struct.pack(">HHHH", sport, dport, 8 + len(payload), 0) + payload
    hdr = struct.pack(">BBHHHBBH4s4s", 0x40 | ihl, 0, 4 * ihl + len(udp), 0, 0x4000, ttl, 17, 0,
                      bytes(src), bytes(dst)) + options
    return hdr + udp


def err(t, code, word, quote):
    return struct.pack(">BBHI", t, code, 0, word) + quote


SEEDS = {
    "time_exceeded_udp": err(3, 0, 0, ipv6_udp(NODE, TARGET, 1, 40000, 33434, PAYLOAD)),
    "port_unreachable_udp": err(1, 4, 0, ipv6_udp(NODE, TARGET, 60, 40001, 33434, PAYLOAD)),
    "port_unreachable_cut_payload": err(1, 4, 0, ipv6_udp(NODE, TARGET, 60, 40001, 33434, PAYLOAD)[:52]),
    "port_unreachable_udp_header_cut": err(1, 4, 0, ipv6_udp(NODE, TARGET, 60, 40001, 33434, PAYLOAD)[:45]),
    "packet_too_big": err(2, 0, 1280, ipv6_udp(NODE, TARGET, 64, 40002, 7, PAYLOAD * 8)),
    "parameter_problem": err(4, 1, 6, ipv6_udp(NODE, TARGET, 64, 40003, 7, PAYLOAD)),
    "admin_prohibited": err(1, 1, 0, ipv6_udp(NODE, TARGET, 64, 40004, 33434, b"")),
    "quote_ipv4_untranslated": err(3, 0, 0, ipv4_udp([198, 51, 100, 130], [192, 0, 2, 10], 1, 40000, 33434,
                                                      PAYLOAD)),
    "quote_ipv4_options": err(3, 0, 0, ipv4_udp([198, 51, 100, 130], [192, 0, 2, 10], 1, 40000, 33434,
                                                 PAYLOAD, options=b"\x01\x01\x01\x00")),
    "quote_ipv4_options_cut": err(3, 0, 0, ipv4_udp([198, 51, 100, 130], [192, 0, 2, 10], 1, 40000, 33434,
                                                     PAYLOAD, options=b"\x01" * 40)[:30]),
    "quote_wrong_payload_length": err(3, 0, 0, ipv6_udp(NODE, TARGET, 1, 40000, 33434, PAYLOAD, plen=9999)),
    "max_size_quote": err(3, 0, 0, ipv6_udp(NODE, TARGET, 1, 40000, 33434, b"x" * 1400))[:1240],
    "hostile_truncated": bytes([3, 0, 0]),
    "hostile_informational": err(129, 0, 0x12340001, b"ping"),
    "hostile_quote_shorter_than_header": err(3, 0, 0, ipv6_udp(NODE, TARGET, 1, 40000, 33434, b"")[:39]),
    "hostile_unknown_version": err(1, 4, 0, b"\x50" + bytes(60)),
    "hostile_empty_quote": err(3, 0, 0, b""),
}

os.makedirs(CORPUS, exist_ok=True)
for name, data in SEEDS.items():
    with open(os.path.join(CORPUS, "seed-" + name), "wb") as f:
        f.write(data)
print(f"{len(SEEDS)} seeds in {CORPUS}")
