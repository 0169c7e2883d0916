#!/usr/bin/python3
"""Send one DHCPDISCOVER (RFC 2131) on an interface, asking for option 108 (RFC 8925 IPv6-Only
Preferred) in the Parameter Request List, and print the OFFER's options as JSON.
  dhcp_discover.py IFACE [--timeout S]
Exit codes: 0 an OFFER arrived, 1 none before the timeout, 2 usage/socket error.
The client needs no IPv4 address: it sends from 0.0.0.0:68 to 255.255.255.255:67 bound to IFACE
with the broadcast flag set, so the server broadcasts its answer."""
import argparse
import json
import os
import socket
import struct
import sys
import time


def discover(iface: str, xid: int) -> bytes:
    with open(f"/sys/class/net/{iface}/address") as f:
        mac = bytes.fromhex(f.read().strip().replace(":", ""))
    hdr = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, xid, 0, 0x8000, b"\0" * 4, b"\0" * 4,
                      b"\0" * 4, b"\0" * 4, mac.ljust(16, b"\0"), b"", b"")
    opts = bytes([53, 1, 1])                     # DHCPDISCOVER
    opts += bytes([55, 4, 1, 3, 6, 108])         # PRL: subnet, router, DNS, IPv6-Only Preferred
    opts += bytes([255])
    return hdr + b"\x63\x82\x53\x63" + opts


def parse_options(pkt: bytes) -> dict:
    out = {}
    i = 240
    while i < len(pkt):
        code = pkt[i]
        if code == 255:
            break
        if code == 0:
            i += 1
            continue
        if i + 1 >= len(pkt):
            break
        ln = pkt[i + 1]
        val = pkt[i + 2:i + 2 + ln]
        out[str(code)] = val.hex()
        if code == 108 and ln == 4:
            out["v6only_wait"] = struct.unpack("!I", val)[0]
        i += 2 + ln
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("iface")
    ap.add_argument("--timeout", type=float, default=3.0)
    o = ap.parse_args()
    xid = int.from_bytes(os.urandom(4), "big")
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, o.iface.encode())
    s.bind(("0.0.0.0", 68))
    s.settimeout(0.5)
    deadline = time.monotonic() + o.timeout
    next_send = 0.0
    while time.monotonic() < deadline:
        if time.monotonic() >= next_send:
            s.sendto(discover(o.iface, xid), ("255.255.255.255", 67))
            next_send = time.monotonic() + 1.0
        try:
            pkt, peer = s.recvfrom(2048)
        except socket.timeout:
            continue
        if len(pkt) < 240 or pkt[0] != 2 or struct.unpack("!I", pkt[4:8])[0] != xid:
            continue
        opts = parse_options(pkt)
        print(json.dumps({"server": peer[0], "yiaddr": socket.inet_ntoa(pkt[16:20]), "options": opts}))
        return 0
    print(json.dumps({"error": "no DHCPOFFER", "iface": o.iface}))
    return 1


if __name__ == "__main__":
    sys.exit(main())
