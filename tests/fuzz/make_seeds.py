#!/usr/bin/env python3
"""Writes the seed corpora of the per-layer and loader fuzz targets (see tests/fuzz/corpus/README.md).

    tests/fuzz/make_seeds.py [--bundle DIR]     (from the repository root)

Sources, all in the repository: the frames of tests/fuzz/corpus/analyzer_packet (the golden traces of
tests/analyzer/gen_traces.cpp) cut at each layer, the DNS messages of tests/fuzz/corpus/core_dns, the
shipped policies in scenarios/, and hand-built packets below (each names the RFC structure it
exercises). --bundle DIR adds a real run bundle (a directory written by `v6probe run`) to the
core_bundle seeds; without it the committed bundle seeds are left alone.
Only files named seed-* are (re)written; crash regressions (regress-*) are never touched.
"""
import hashlib
import io
import os
import struct
import sys
import tarfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests/fuzz/corpus")
LINKS = [1, 113, 276, 101, 0, 108, 228, 229, 12, 14, 9, 50, 104, 105, 127, 239]  # analyzer_packet's table
PPP_ETHERTYPE = {0x0021: 0x0800, 0x0057: 0x86DD}  # PPP protocol → Ethertype of the network layers

EXT = {0, 43, 44, 60, 51, 135}  # RFC 8200 §4 extension headers (+ AH, Mobility)


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def clear(target):
    d = os.path.join(CORPUS, target)
    if os.path.isdir(d):
        for n in os.listdir(d):
            if n.startswith("seed-"):
                os.remove(os.path.join(d, n))


# ---- cutting golden frames into layers ----

def network_layer(link, frame):
    """(ethertype or None, offset of the network header)."""
    if link == 1:
        off, et = 14, None
        if len(frame) < 14:
            return None, None
        et = struct.unpack(">H", frame[12:14])[0]
        while et in (0x8100, 0x88A8, 0x9100) and len(frame) >= off + 4:
            et = struct.unpack(">H", frame[off + 2:off + 4])[0]
            off += 4
        if et == 0x8864 and len(frame) >= off + 8:  # PPPoE session (RFC 2516), then the PPP protocol
            return PPP_ETHERTYPE.get(struct.unpack(">H", frame[off + 6:off + 8])[0]), off + 8
        return et, off
    if link in (9, 50, 104) and len(frame) >= 4:
        if frame[0] in (0x0F, 0x8F):  # Cisco HDLC
            return struct.unpack(">H", frame[2:4])[0], 4
        off = 2 if frame[0] == 0xFF else 0
        if frame[off] & 1:  # compressed protocol field
            return PPP_ETHERTYPE.get(frame[off]), off + 1
        return PPP_ETHERTYPE.get(struct.unpack(">H", frame[off:off + 2])[0]), off + 2
    if link in (105, 127, 239):  # 802.11, radiotap, NFLOG: reached by analyzer_packet/capture only
        return None, None
    if link == 113:
        return (struct.unpack(">H", frame[14:16])[0] if len(frame) >= 16 else None), 16
    if link == 276:
        return (struct.unpack(">H", frame[0:2])[0] if len(frame) >= 20 else None), 20
    if link in (0, 108):
        return None, 4
    return None, 0  # raw


def transport(proto, seg, out, stem):
    if proto == 58 and len(seg) >= 4:
        out.setdefault("core_nd_options", []).append((stem, seg))
    if proto == 17 and len(seg) >= 8:
        sport, dport = struct.unpack(">HH", seg[0:4])
        payload = seg[8:]
        if 53 in (sport, dport):
            out.setdefault("analyzer_dns", []).append((stem, payload))
        if {sport, dport} & {67, 68}:
            out.setdefault("core_dhcpv4_options", []).append((stem, payload))
    if proto == 6 and len(seg) >= 20:
        sport, dport = struct.unpack(">HH", seg[0:4])
        hl = (seg[12] >> 4) * 4
        if 53 in (sport, dport) and len(seg) > hl:
            out.setdefault("analyzer_dns", []).append((stem + "_tcp", seg[hl:]))


def cut(stem, link, frame, out):
    et, off = network_layer(link, frame)
    if off is None or off >= len(frame):
        return
    ip = frame[off:]
    v = ip[0] >> 4
    if link == 1:
        out.setdefault("probe_leak", []).append((stem, frame))
    if v == 6 and (et in (None, 0x86DD)) and len(ip) >= 40:
        out.setdefault("analyzer_ipv6", []).append((stem, ip))
        nh, pos = ip[6], 40
        while nh in EXT and pos + 2 <= len(ip):
            n = ip[pos]
            ln = 8 if nh == 44 else (ip[pos + 1] + 2) * 4 if nh == 51 else (ip[pos + 1] + 1) * 8
            nh, pos = n, pos + ln
        transport(nh, ip[pos:], out, stem)
    elif v == 4 and (et in (None, 0x0800)) and len(ip) >= 20:
        ihl = (ip[0] & 15) * 4
        transport(ip[9], ip[ihl:], out, stem)


# ---- hand-built packets ----

def ipv6(nh, payload, plen=None):
    src = bytes.fromhex("20010db8000100010000000000000100")
    dst = bytes.fromhex("20010db8005300000000000000000001")
    return struct.pack(">IHBB", 0x60000000, len(payload) if plen is None else plen, nh, 64) + src + dst + payload


def udp(sport, dport, payload):
    return struct.pack(">HHHH", sport, dport, 8 + len(payload), 0) + payload


DNS_QUERY = bytes.fromhex("1234010000010000000000000376366f046c61620474657374000000010001")


def opt(t, body):
    assert (len(body) + 2) % 8 == 0
    return bytes([t, (len(body) + 2) // 8]) + body


def nd_options():
    slla = opt(1, bytes.fromhex("020000000001"))
    mtu = opt(5, b"\0\0" + struct.pack(">I", 1500))
    pio = opt(3, bytes([64, 0xC0]) + struct.pack(">III", 86400, 14400, 0) +
              bytes.fromhex("20010db8000100010000000000000000"))
    rdnss = opt(25, b"\0\0" + struct.pack(">I", 600) + bytes.fromhex("20010db8005300000000000000000001") * 2)
    pref64_96 = opt(38, struct.pack(">H", (1800 // 8) << 3 | 0) + bytes.fromhex("20010db80064000000000000"))
    pref64_64 = opt(38, struct.pack(">H", (600 // 8) << 3 | 1) + bytes.fromhex("0064ff9b0000000000000000"))
    pref64_bad = opt(38, struct.pack(">H", (600 // 8) << 3 | 7) + bytes(12))
    return slla, mtu, pio, rdnss, pref64_96, pref64_64, pref64_bad


def icmpv6_seeds():
    slla, mtu, pio, rdnss, p96, p64, pbad = nd_options()
    ra_hdr = bytes([134, 0, 0, 0, 64, 0x40]) + struct.pack(">HII", 1800, 0, 0)
    s = {
        "ra_full": ra_hdr + slla + mtu + pio + rdnss + p96,
        "ra_pref64_plc1": ra_hdr + p64 + slla,
        "ra_pref64_bad_plc": ra_hdr + pbad + p96,
        "ra_zero_len_option": ra_hdr + slla + b"\x19\x00" + bytes(6),
        "ra_option_overrun": ra_hdr + bytes([25, 5]) + bytes(10),
        "rs": bytes([133, 0, 0, 0, 0, 0, 0, 0]) + slla,
        "ns": bytes([135, 0, 0, 0, 0, 0, 0, 0]) + bytes.fromhex("20010db8000100010000000000000001") + slla,
        "na": bytes([136, 0, 0, 0, 0xE0, 0, 0, 0]) + bytes.fromhex("20010db8000100010000000000000001") +
              opt(2, bytes.fromhex("020000000002")),
        "redirect": bytes([137, 0, 0, 0, 0, 0, 0, 0]) + bytes(16) + bytes(16) + slla,
        "echo_request": bytes([128, 0, 0, 0]) + struct.pack(">HH", 0x1234, 1) + b"ping",
        "ptb_quoting_udp": bytes([2, 0, 0, 0]) + struct.pack(">I", 1280) + ipv6(17, udp(40000, 53, DNS_QUERY)),
        "dest_unreach": bytes([1, 4, 0, 0, 0, 0, 0, 0]) + ipv6(6, struct.pack(">HH", 40000, 80) + bytes(16)),
        "param_problem": bytes([4, 0, 0, 0]) + struct.pack(">I", 40) + ipv6(59, b""),
    }
    return s


def ipv6_seeds():
    dns = udp(40000, 53, DNS_QUERY)
    hbh = bytes([60, 0, 5, 2, 0, 0, 1, 0])  # router alert + PadN, next: destination options
    dest = bytes([43, 0, 1, 4, 0, 0, 0, 0])  # PadN, next: routing
    srh = bytes([44, 2, 4, 1, 0, 0, 0, 0]) + bytes.fromhex("20010db8000100010000000000000001")  # SRH, next: frag
    frag_atomic = bytes([17, 0, 0, 0]) + struct.pack(">I", 0xABCD)
    frag_first = bytes([17, 0, 0, 1]) + struct.pack(">I", 0xABCE)
    frag_later = bytes([17, 0, 0x05, 0x00]) + struct.pack(">I", 0xABCE)
    ah = bytes([17, 4]) + bytes(22)  # RFC 4302: 4 → (4+2)*4 = 24 octets
    chain9 = b"".join(bytes([60, 0]) + bytes(6) for _ in range(9)) + dns
    return {
        "ext_chain_udp_dns": ipv6(0, hbh + dest + srh + frag_atomic + dns),
        "first_fragment": ipv6(44, frag_first + dns),
        "later_fragment": ipv6(44, frag_later + b"x" * 16),
        "ah_udp": ipv6(51, ah + dns),
        "ext_chain_too_long": ipv6(60, chain9),
        "jumbogram_hbh": ipv6(0, bytes([17, 0, 0xC2, 4, 0, 0, 0, 80]) + dns, plen=0),
        "no_next_header": ipv6(59, b""),
        "ra": ipv6(58, icmpv6_seeds()["ra_full"]),
        "plen_overrun": ipv6(17, dns, plen=200),
        # Tunnels reached from the IPv6 layer (analyzers/dissect/tunnel.cpp).
        "dslite_4in6_udp_dns": ipv6(4, ipv4(17, udp(40000, 53, DNS_QUERY))),
        "ipv6_in_ipv6": ipv6(41, ipv6(17, dns)),
        "gre_key_seq_ipv6": ipv6(47, struct.pack(">HHII", 0x3000, 0x86DD, 1000, 1) + ipv6(17, dns)),
        "gre_checksum_ipv4": ipv6(47, struct.pack(">HHHH", 0x8000, 0x0800, 0, 0) + ipv4(17, dns)),
        "gre_teb_ethernet": ipv6(47, struct.pack(">HH", 0, 0x6558) + eth(0x86DD, ipv6(17, dns))),
        "vxlan_ethernet": ipv6(17, udp(49152, 4789, bytes([8, 0, 0, 0, 0, 0, 100, 0]) + eth(0x86DD, ipv6(17, dns)))),
        "geneve_option_ipv6": ipv6(17, udp(49153, 6081, bytes([1, 0, 0x86, 0xDD, 0, 0, 0x42, 0]) + bytes(4) +
                                          ipv6(17, dns))),
        "tunnels_too_deep": nest_ipv6(6, ipv6(17, dns)),
    }


def nest_ipv6(depth, inner):
    """`depth` IPv6-in-IPv6 headers around `inner` (deeper than the analyzer follows: Packet::kMaxTunnels = 4)."""
    for _ in range(depth):
        inner = ipv6(41, inner)
    return inner


def dhcp(op, msgtype, extra, magic=True):
    m = bytearray(236)
    m[0], m[1], m[2] = op, 1, 6
    m[4:8] = struct.pack(">I", 0x3903F326)
    m[10] = 0x80
    if op == 2:
        m[16:20] = bytes([192, 0, 2, 100])
    m[28:34] = bytes.fromhex("020000000001")
    if magic:
        m += bytes([0x63, 0x82, 0x53, 0x63])
        m += bytes([53, 1, msgtype]) + extra + bytes([255])
    return bytes(m)


def dhcp_seeds():
    return {
        "discover_prl_108": dhcp(1, 1, bytes([55, 4, 1, 3, 6, 108])),
        "offer_108": dhcp(2, 2, bytes([54, 4, 192, 0, 2, 1, 51, 4, 0, 0, 0x0E, 0x10, 108, 4, 0, 0, 7, 8])),
        "offer_no_108": dhcp(2, 2, bytes([54, 4, 192, 0, 2, 1, 0, 0, 51, 4, 0, 0, 0x0E, 0x10])),
        "offer_108_len2": dhcp(2, 2, bytes([108, 2, 7, 8])),
        "offer_truncated_option": dhcp(2, 2, bytes([54, 4, 192, 0, 2]))[:-1],
        "bootp_no_magic": dhcp(2, 0, b"", magic=False),
    }


def eth(et, payload, vlan=None):
    h = bytes.fromhex("ffffffffffff020000000001")
    if vlan is not None:
        h += struct.pack(">HH", 0x8100, vlan)
    return h + struct.pack(">H", et) + payload


def ipv4(proto, payload, frag=0):
    h = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, frag, 64, proto, 0,
                    bytes([0, 0, 0, 0]), bytes([255, 255, 255, 255]))
    return h + payload


def leak_seeds():
    arp = struct.pack(">HHBBH", 1, 0x0800, 6, 4, 1) + bytes.fromhex("020000000001") + bytes([192, 0, 2, 100]) + \
        bytes(6) + bytes([192, 0, 2, 1])
    disc = dhcp(1, 1, bytes([55, 4, 1, 3, 6, 108]))
    return {
        "arp_request": eth(0x0806, arp),
        "dhcp_discover": eth(0x0800, ipv4(17, udp(68, 67, disc))),
        "vlan_ipv4_tcp": eth(0x0800, ipv4(6, struct.pack(">HH", 40000, 80) + bytes(16)), vlan=10),
        "ipv4_fragment_udp": eth(0x0800, ipv4(17, udp(68, 67, disc), frag=0x0010)),
        "ipv6_dns": eth(0x86DD, ipv6(17, udp(40000, 53, DNS_QUERY))),
    }


POLICY_VARIANTS = {
    "all_checks_pass_true.yaml": "name: t\nall_checks_pass: true\n",
    "all_checks_pass_map.yaml": "all_checks_pass:\n  scenario: s\n  kinds: [dns64.synthesis, nat64.tcp]\n"
                                "  allow: [pass, info, warn]\nno_regression: yes\n",
    "forbid_and_severity.yaml": "forbid_rules:\n  - dns64.unexpected_prefix\n  - v6only.leak\nmax_severity: info\n"
                                "require_verified: off\nrequire_complete: false\n",
    "unknown_key.yaml": "min_level: L2\nmin_levle: L3\n",
    "bad_level.yaml": "min_level: L9\n",
    "bad_verdict.yaml": "all_checks_pass: {allow: [PASS]}\n",
    "no_rule.yaml": "name: empty\nrequire_verified: true\n",
    "not_a_map.yaml": "- min_level: L2\n",
    "anchors.yaml": "name: &n x\ndescription: *n\nforbid_rules: &r [a, b]\n",
    "syntax_error.yaml": "min_level: [L2\n",
}


HTTP_RESPONSES = {  # first octet: piece size - 1 (low 6 bits), 0x40 = the request was HEAD
    "content_length": b"\x07" + b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello",
    "chunked_trailer": b"\x03" + b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                       b"5;ext=1\r\nhello\r\n1\r\n!\r\n0\r\nX-Trailer: y\r\n\r\n",
    "close_delimited": b"\x3f" + b"HTTP/1.0 200 OK\r\nServer: nginx\r\n\r\nbody until close",
    "head_request": b"\x40" + b"HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\n\r\n",
    "no_content": b"\x00" + b"HTTP/1.1 204 No Content\r\n\r\n",
    "redirect_lf_only": b"\x10" + b"HTTP/1.1 301 Moved\nLocation: http://[2001:db8::1]/\nContent-Length: 0\n\n",
    "bad_status": b"\x01" + b"HTTP/1.1 2x0 OK\r\n\r\n",
    "over_cap": b"\x3f" + b"HTTP/1.1 200 OK\r\nContent-Length: 999999\r\n\r\nxx",
}


def bundle_records(d):
    """A bundle dir as core_bundle's structured input (odd first byte) and as a raw ustar (even)."""
    name = os.path.basename(os.path.normpath(d))
    files = sorted(f for f in os.listdir(d) if os.path.isfile(os.path.join(d, f)))
    recs = [name + "/"]
    for f in files:
        with open(os.path.join(d, f), "rb") as fh:
            recs.append((name + "/" + f).encode() + b"\n" + fh.read())
    structured = b"\x01" + b"\n@@ ".join(r.encode() if isinstance(r, str) else r for r in recs)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for arc in [name] + [name + "/" + f for f in files]:
            p = os.path.join(os.path.dirname(os.path.normpath(d)), arc)
            ti = t.gettarinfo(p, arcname=arc)
            ti.uid = ti.gid = 0
            ti.uname = ti.gname = ""
            ti.mtime = 0
            if ti.isfile():
                with open(p, "rb") as fh:
                    t.addfile(ti, fh)
            else:
                t.addfile(ti)
    return structured, b"\x00" + buf.getvalue()


def synthetic_bundle():
    """A small structured bundle with a consistent manifest, a bad results line and a cut last line."""
    name = "province.lab.commune-x_20260101T000000Z_0123abcd"
    run = (b'{"schema":1,"run_id":"0123abcd","probe_id":"p","site":"province/lab/commune-x",'
           b'"scenario":{"name":"s","sha256":"' + b"0" * 64 + b'","file":"scenario.yaml"},'
           b'"tool":{"name":"v6probe","version":"0.1.0","git_commit":"abc"},"host":"h","interface":"eth0",'
           b'"started_utc":"2026-01-01T00:00:00.000Z","stopped_utc":"2026-01-01T00:00:01.000Z",'
           b'"clock":{"synced":null,"detail":""},"status":"partial","partial_reason":"SIGTERM",'
           b'"counts":{"pass":0,"info":0,"warn":0,"fail":0,"error":0,"skipped":1}}\n')
    results = (b'{"schema":1,"seq":1,"check_id":"c","kind":"dns64.synthesis","target":"v4only.lab.test",'
               b'"family":"ipv6","started_utc":"2026-01-01T00:00:00.000Z","duration_ms":0,"attempts":0,'
               b'"verdict":"skipped","reason":"r","addresses":{"remote":[]},"timings_ms":{},"observed":{},'
               b'"evidence":{"dns_ids":[],"flows":[]}}\n{"schema":2}\n{"schema":1,"seq"')
    scen = b"name: s\nchecks: []\n"
    files = {"run.json": run, "results.jsonl": results, "scenario.yaml": scen}
    manifest = b"".join(hashlib.sha256(v).hexdigest().encode() + b"  " + k.encode() + b"\n"
                        for k, v in sorted(files.items()))
    files["MANIFEST.sha256"] = manifest
    recs = [name.encode() + b"/"] + [(name + "/" + k).encode() + b"\n" + v for k, v in sorted(files.items())]
    return b"\x01" + b"\n@@ ".join(recs)


def main():
    args = sys.argv[1:]
    bundle = None
    if args[:1] == ["--bundle"] and len(args) == 2:
        bundle = args[1]
    elif args:
        sys.exit(__doc__)

    out = {}
    pk = os.path.join(CORPUS, "analyzer_packet")
    for n in sorted(os.listdir(pk)):
        if n == "README.md" or n.startswith(("crash-", "regress-")) or not os.path.isfile(os.path.join(pk, n)):
            continue  # grown/: the minimised inputs of the long fuzz run (ci/fuzz-long.sh), not golden frames
        with open(os.path.join(pk, n), "rb") as f:
            b = f.read()
        if b:
            cut(n, LINKS[b[0] % len(LINKS)], b[1:], out)
    for k, v in icmpv6_seeds().items():
        out.setdefault("core_nd_options", []).append((k, v))
    out.setdefault("core_nd_options", []).append(("nd_options_only", b"".join(nd_options())))
    for k, v in ipv6_seeds().items():
        out.setdefault("analyzer_ipv6", []).append((k, v))
    for k, v in dhcp_seeds().items():
        out.setdefault("core_dhcpv4_options", []).append((k, v))
    for k, v in leak_seeds().items():
        out.setdefault("probe_leak", []).append((k, v))
    dd = os.path.join(CORPUS, "core_dns")
    for n in sorted(os.listdir(dd)):
        if n.startswith("valid_") or n in ("malformed_pointer_hops_128.bin", "malformed_pointer_into_own_name.bin"):
            with open(os.path.join(dd, n), "rb") as f:
                m = f.read()
            stem = n.rsplit(".", 1)[0]
            out.setdefault("analyzer_dns", []).append((stem, m))
            out.setdefault("analyzer_dns", []).append((stem + "_tcp", struct.pack(">H", len(m)) + m))
    out.setdefault("analyzer_dns", []).append(("tcp_segmented", struct.pack(">H", 512) + DNS_QUERY))

    for target, items in out.items():
        clear(target)
        seen = set()
        for stem, data in items:
            h = hashlib.sha1(data).hexdigest()
            if h in seen:
                continue
            seen.add(h)
            write(target, stem, data)

    clear("reports_policy")
    for n in sorted(os.listdir(os.path.join(ROOT, "scenarios"))):
        if n.startswith("policy-") and n.endswith(".yaml"):
            with open(os.path.join(ROOT, "scenarios", n), "rb") as f:
                write("reports_policy", n, f.read())
    for n, text in POLICY_VARIANTS.items():
        write("reports_policy", n, text.encode())

    clear("probe_http")
    for n, b in HTTP_RESPONSES.items():
        write("probe_http", n, b)

    write("core_bundle", "synthetic_partial", synthetic_bundle())
    write("core_bundle", "raw_not_a_tar", b"\x00" + b"run.json\n{}\n")
    if bundle:
        s, t = bundle_records(bundle)
        write("core_bundle", "lab_bundle_structured", s)
        write("core_bundle", "lab_bundle.tar", t)
    for target in sorted(set(out) | {"reports_policy", "core_bundle", "probe_http"}):
        d = os.path.join(CORPUS, target)
        print(f"{target}: {len(os.listdir(d))} files")


if __name__ == "__main__":
    main()
