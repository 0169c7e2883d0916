#!/usr/bin/python3
"""UDP echo (RFC 862) for the lab: `serve ADDR PORT` answers every datagram with itself;
`probe HOST PORT [--count N] [--timeout S]` sends N numbered datagrams and prints how many came back.
Exit codes of probe: 0 at least one reply, 1 none.

Sized replies (nat64.fragments, docs/checks-fragments.md): a datagram that starts with the 8 octets
`v6r-size` followed by a 16-bit reply length L (network order) is answered, instead of being echoed,
with one datagram of min(max(L, 44), 16384) octets:
  `v6r-size` | received length (32 bits) | SHA-256 of the received datagram (32 octets) | filler,
where the filler octet at reply offset i is i % 251. The sender learns that its datagram arrived whole
(length and digest) and can check every octet of the reply. The reply is bounded (16384 octets) so the
echo never answers a small request with more than that."""
import argparse
import hashlib
import socket
import struct
import sys
import time

SIZE_MAGIC = b"v6r-size"
SIZE_MIN = len(SIZE_MAGIC) + 4 + 32
SIZE_MAX = 16384


def sized_reply(data: bytes):
    """The reply to a sized request, or None when `data` is not one (then it is echoed as is)."""
    if len(data) < len(SIZE_MAGIC) + 2 or not data.startswith(SIZE_MAGIC):
        return None
    (want,) = struct.unpack_from("!H", data, len(SIZE_MAGIC))
    n = min(max(want, SIZE_MIN), SIZE_MAX)
    head = SIZE_MAGIC + struct.pack("!I", len(data)) + hashlib.sha256(data).digest()
    return head + bytes(i % 251 for i in range(len(head), n))


def serve(addr: str, port: int) -> int:
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.bind((addr, port))
    while True:
        data, peer = s.recvfrom(65535)
        reply = sized_reply(data)
        try:
            s.sendto(data if reply is None else reply, peer)
        except OSError:
            pass  # e.g. EMSGSIZE, or ICMP errors reported on the socket: keep serving


def probe(host: str, port: int, count: int, timeout: float, gap: float) -> int:
    info = socket.getaddrinfo(host, port, 0, socket.SOCK_DGRAM)[0]
    s = socket.socket(info[0], socket.SOCK_DGRAM)
    s.connect(info[4])
    s.setblocking(False)
    got = set()
    for i in range(count):
        s.send(b"v6lab-echo %06d" % i)
        time.sleep(gap)
        _drain(s, got)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(got) < count:
        time.sleep(0.02)
        _drain(s, got)
    print(f"sent={count} received={len(got)} peer={info[4][0]}")
    return 0 if got else 1


def _drain(s, got):
    while True:
        try:
            data = s.recv(65535)
        except (BlockingIOError, ConnectionRefusedError):
            return
        got.add(data)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("serve"); a.add_argument("addr"); a.add_argument("port", type=int)
    b = sub.add_parser("probe"); b.add_argument("host"); b.add_argument("port", type=int)
    b.add_argument("--count", type=int, default=1); b.add_argument("--timeout", type=float, default=2.0)
    b.add_argument("--gap", type=float, default=0.005)
    o = ap.parse_args()
    if o.cmd == "serve":
        return serve(o.addr, o.port)
    return probe(o.host, o.port, o.count, o.timeout, o.gap)


if __name__ == "__main__":
    sys.exit(main())
