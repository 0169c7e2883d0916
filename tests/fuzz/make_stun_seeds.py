#!/usr/bin/env python3
"""Writes the seed corpus of the core_stun fuzz target (see tests/fuzz/corpus/README.md).

    tests/fuzz/make_stun_seeds.py      (from the repository root; rewrites only seed-* files)

Hand-built STUN messages, each named after the RFC structure it exercises: RFC 5389 §6 header,
§15.1/15.2 (XOR-)MAPPED-ADDRESS, §15.6 ERROR-CODE, §15.9 UNKNOWN-ATTRIBUTES; RFC 5780 §7.2-7.4
CHANGE-REQUEST, RESPONSE-ORIGIN, OTHER-ADDRESS, §7.5 RESPONSE-PORT; RFC 3489 CHANGED-ADDRESS; and the hostile answers
the checks must survive.
"""
import os
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests/fuzz/corpus/core_stun")
COOKIE = 0x2112A442
TID = bytes.fromhex("b7e7a701bc34d686fa87dfae")


def attr(t, value):
    pad = (4 - len(value) % 4) % 4
    return struct.pack(">HH", t, len(value)) + value + b"\0" * pad


def msg(mtype, attrs, tid=TID, cookie=COOKIE, length=None):
    body = b"".join(attrs)
    return struct.pack(">HHI", mtype, len(body) if length is None else length, cookie) + tid + body


def addr4(a, port, xor=False):
    ip = bytes(int(x) for x in a.split("."))
    if xor:
        port ^= COOKIE >> 16
        ip = bytes(b ^ c for b, c in zip(ip, struct.pack(">I", COOKIE)))
    return struct.pack(">BBH", 0, 1, port) + ip


def addr6(hexaddr, port, xor=False):
    ip = bytes.fromhex(hexaddr)
    if xor:
        port ^= COOKIE >> 16
        ip = bytes(b ^ c for b, c in zip(ip, struct.pack(">I", COOKIE) + TID))
    return struct.pack(">BBH", 0, 2, port) + ip


def main():
    os.makedirs(CORPUS, exist_ok=True)
    for n in os.listdir(CORPUS):
        if n.startswith("seed-"):
            os.remove(os.path.join(CORPUS, n))
    ok = [attr(0x0020, addr4("203.0.113.1", 40000, True)), attr(0x0001, addr4("203.0.113.1", 40000)),
          attr(0x802B, addr4("192.0.2.30", 3478)), attr(0x802C, addr4("192.0.2.31", 3479)),
          attr(0x8022, b"coturn")]
    seeds = {
        "binding_request": msg(0x0001, []),
        "binding_request_change_ip_port": msg(0x0001, [attr(0x0003, struct.pack(">I", 6))]),
        "binding_request_change_port": msg(0x0001, [attr(0x0003, struct.pack(">I", 2))]),
        # RFC 5780 §7.5 RESPONSE-PORT: a port and 2 octets of padding (nat64.udp_lifetime), and a short one
        "binding_request_response_port": msg(0x0001, [attr(0x0027, struct.pack(">HH", 50000, 0))]),
        "hostile_response_port_2_octets": msg(0x0001, [attr(0x0027, struct.pack(">H", 50000))]),
        "success_rfc5780": msg(0x0101, ok),
        "success_ipv6_xor": msg(0x0101, [attr(0x0020, addr6("20010db8123456780011223344556677", 32853, True))]),
        "success_rfc3489": msg(0x0101, [attr(0x0001, addr4("203.0.113.1", 1)), attr(0x0005, addr4("192.0.2.99", 9))]),
        "error_420_unknown": msg(0x0111, [attr(0x0009, b"\0\0\x04\x14Unknown Attribute"), attr(0x000A, b"\0\x03")]),
        "error_bad_class": msg(0x0111, [attr(0x0009, b"\0\0\x07\x00")]),
        "unknown_required": msg(0x0101, ok[:1] + [attr(0x7777, b"xyz")]),
        "hostile_wrong_cookie": msg(0x0101, ok, cookie=0x2112A443),
        "hostile_wrong_tid": msg(0x0101, ok, tid=bytes(12)),
        "hostile_truncated": msg(0x0101, ok)[:17],
        "hostile_length_past_end": msg(0x0101, ok, length=200),
        "hostile_attr_past_end": msg(0x0101, [struct.pack(">HH", 0x0020, 64) + addr4("203.0.113.1", 4, True)]),
        "hostile_ipv4_16_octets": msg(0x0101, [attr(0x0020, struct.pack(">BBH", 0, 1, 1) + bytes(16))]),
        "hostile_family_3": msg(0x0101, [attr(0x0001, struct.pack(">BBH", 0, 3, 1) + bytes(4))]),
        "hostile_rtp": bytes.fromhex("80e0000100000001deadbeef") + bytes(160),
    }
    for name, data in seeds.items():
        with open(os.path.join(CORPUS, "seed-" + name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
