#!/usr/bin/python3
"""TCP echo (RFC 862) for the lab: `serve ADDR PORT` echoes every connection's octets back and never
closes an idle connection itself (nat64.tcp_lifetime measures how long the NAT64 keeps one), within
bounds: at most 64 connections at once (more are closed at once), each closed after 1 hour."""
import socket
import sys
import threading
import time

MAX_CONNS = 64
MAX_LIFE_S = 3600

_live = threading.BoundedSemaphore(MAX_CONNS)


def handle(conn: socket.socket) -> None:
    end = time.monotonic() + MAX_LIFE_S
    try:
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            conn.settimeout(left)
            data = conn.recv(65536)
            if not data:
                return
            conn.sendall(data)
    except OSError:
        return
    finally:
        conn.close()
        _live.release()


def serve(addr: str, port: int) -> int:
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(16)
    while True:
        conn, _ = s.accept()
        if not _live.acquire(blocking=False):
            conn.close()
            continue
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


def main() -> int:
    if len(sys.argv) != 4 or sys.argv[1] != "serve":
        print("usage: tcp_echo.py serve ADDR PORT", file=sys.stderr)
        return 2
    return serve(sys.argv[2], int(sys.argv[3]))


if __name__ == "__main__":
    sys.exit(main())
