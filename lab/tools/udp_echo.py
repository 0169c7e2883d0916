#!/usr/bin/python3
"""UDP echo (RFC 862) for the lab: `serve ADDR PORT` answers every datagram with itself;
`probe HOST PORT [--count N] [--timeout S]` sends N numbered datagrams and prints how many came back.
Exit codes of probe: 0 at least one reply, 1 none."""
import argparse
import socket
import sys
import time


def serve(addr: str, port: int) -> int:
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.bind((addr, port))
    while True:
        data, peer = s.recvfrom(65535)
        s.sendto(data, peer)


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
