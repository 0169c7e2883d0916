#!/usr/bin/env python3
"""tests/probe/lab_evidence.py BUNDLE FINDINGS_JSON [CHECK_ID:RULE ...]

Exact evidence against tshark (docs/findings-schema.md "Cross-check"): for every probe result, the
frames `v6analyze analyze` cites (findings.json checks[].frames) must be exactly the frames that tshark,
decoding the capture on its own, finds for the result's evidence:
  - a flow with dns_ids: DNS messages with one of those ids on that 5-tuple, within the result's window
    (+-0.5 s), the first 32 per id;
  - an id named without a flow: DNS messages with that id on any flow, within the window;
  - any other flow: every frame of the 5-tuple (TCP/UDP ports; ICMP echo by identifier, other ICMP
    between the two addresses), the first 32 per flow; a fragment of a datagram counts as a frame of
    the datagram's flow (tshark's reassembly: ipv6.reassembled.in / ip.reassembled_in), and the first
    fragment of a datagram the capture never completes (its other fragments lost on the way) counts as a
    frame of the flow its transport header names (tshark's decode with reassembly off); an ICMP error
    quoting a TCP/UDP packet counts as a frame of the quoted packet's flow (tshark's decode of the
    quote: the last ipv6/ip and tcp/udp fields of the frame).
And a verdict with no cited frame is never `agrees`.

Each CHECK_ID:RULE argument adds what proves that check's verdict under the fault, independently of the
5-tuples the probe recorded:
  unanswered_syns  every TCP SYN the probe sent within the check's window (exact) to the check's remote addresses,
                   but those another check cites (sequential checks may share the edge's millisecond), is cited, none of them got a SYN/ACK, every cited TCP frame is one of them, and the
                   cross-check agrees;
  unanswered_dns   every DNS query with the check's ids within its window is cited, none was answered, and
                   the cross-check agrees.
Prints one line per check; exits 1 on any mismatch.
"""
import datetime
import json
import os
import subprocess
import sys

BOUND = 32  # analyzers/flow/capture_analysis.cpp kEvidenceFrames
SLACK = 0.5  # analyzers/findings/cross_check.cpp kWindowSlackNs

FIELDS = ["frame.number", "frame.time_epoch", "frame.protocols", "ipv6.src", "ipv6.dst", "ip.src", "ip.dst",
          "tcp.srcport", "tcp.dstport", "udp.srcport", "udp.dstport", "dns.id", "dns.flags.response",
          "tcp.flags.syn", "tcp.flags.ack", "icmpv6.type", "icmpv6.echo.identifier", "icmp.type", "icmp.ident",
          "ipv6.reassembled.in", "ip.reassembled_in"]


def epoch(ts):
    return datetime.datetime.strptime(ts, "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=datetime.timezone.utc).timestamp()


def norm(addr):
    import ipaddress
    return str(ipaddress.ip_address(addr)) if addr else ""


def frames_of(capture):
    # -2: two passes, so a fragment knows the frame its datagram is reassembled in.
    cmd = ["tshark", "-2", "-r", capture, "-T", "fields", "-E", "separator=\t", "-E", "occurrence=f"]
    for f in FIELDS:
        cmd += ["-e", f]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    frames = []
    fragments = []  # (frame, the frame tshark reassembles its datagram in)
    lone = {}  # fragments tshark reassembles nothing from: frame -> time
    for line in out.splitlines():
        v = dict(zip(FIELDS, line.split("\t")))
        protos = v["frame.protocols"].split(":")
        into = v["ipv6.reassembled.in"] or v["ip.reassembled_in"]
        if into and int(into) != int(v["frame.number"]):
            # A fragment (RFC 8200 §4.5, RFC 791): it belongs to the flow of the datagram it is part of.
            fragments.append((int(v["frame.number"]), float(v["frame.time_epoch"]), int(into)))
            continue
        # The outermost transport (an ICMP error quotes a TCP/UDP header: the frame is ICMP).
        l3 = next((p for p in protos if p in ("ip", "ipv6")), None)
        if l3 is None:
            continue
        after = protos[protos.index(l3) + 1:]
        l4 = next((p for p in after if p in ("tcp", "udp", "icmp", "icmpv6")), None)
        if l4 is None:
            if not into:
                lone[int(v["frame.number"])] = float(v["frame.time_epoch"])
            continue
        f = {"no": int(v["frame.number"]), "t": float(v["frame.time_epoch"]), "l4": l4,
             "src": norm(v["ipv6.src"] or v["ip.src"]), "dst": norm(v["ipv6.dst"] or v["ip.dst"]),
             "sport": 0, "dport": 0, "dns_id": None, "response": v["dns.flags.response"] in ("1", "True"),
             "syn": v["tcp.flags.syn"] in ("1", "True"), "ack": v["tcp.flags.ack"] in ("1", "True")}
        if l4 in ("tcp", "udp"):
            f["sport"], f["dport"] = int(v[l4 + ".srcport"]), int(v[l4 + ".dstport"])
            if v["dns.id"] and "dns" in after:
                f["dns_id"] = int(v["dns.id"], 16) if v["dns.id"].startswith("0x") else int(v["dns.id"])
        else:
            t = v["icmpv6.type"] if l4 == "icmpv6" else v["icmp.type"]
            ident = v["icmpv6.echo.identifier"] if l4 == "icmpv6" else v["icmp.ident"]
            echo = t in (("128", "129") if l4 == "icmpv6" else ("0", "8"))
            if echo and ident:
                n = int(ident, 16) if ident.startswith("0x") else int(ident)
                f["sport"] = f["dport"] = n
            f["echo"] = echo
        frames.append(f)
    # ICMP errors quoting TCP/UDP (RFC 4443 §3, RFC 792): the quoted 5-tuple, from tshark's own decode
    # of the quote (the innermost occurrence of each field).
    qf = ["frame.number", "ipv6.src", "ipv6.dst", "ip.src", "ip.dst", "udp.srcport", "udp.dstport",
          "tcp.srcport", "tcp.dstport", "frame.protocols"]
    cmd = ["tshark", "-r", capture, "-Y", "(icmpv6.type < 128) or (icmp.type in {3, 4, 5, 11, 12})", "-T", "fields",
           "-E", "separator=\t", "-E", "occurrence=l"]
    for f in qf:
        cmd += ["-e", f]
    quoted = {}
    for line in subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines():
        v = dict(zip(qf, line.split("\t")))
        protos = v["frame.protocols"].split(":")
        inner = [p for p in protos if p in ("tcp", "udp")]
        if not inner:
            continue
        l4 = inner[-1]
        six = protos.count("ipv6") >= 2 or ("ipv6" in protos and "ip" not in protos)
        src = v["ipv6.src"] if six else v["ip.src"]
        dst = v["ipv6.dst"] if six else v["ip.dst"]
        if src and dst and v[l4 + ".srcport"] and v[l4 + ".dstport"]:
            quoted[int(v["frame.number"])] = (l4, norm(src), int(v[l4 + ".srcport"]), norm(dst),
                                              int(v[l4 + ".dstport"]))
    for f in frames:
        if f["no"] in quoted:
            f["quoted"] = quoted[f["no"]]
    # A first fragment whose datagram never completes in the capture: tshark decodes its transport header
    # only with reassembly off (later fragments have none and stay out).
    if lone:
        lf = ["frame.number", "frame.protocols", "ipv6.src", "ipv6.dst", "ip.src", "ip.dst", "udp.srcport",
              "udp.dstport", "tcp.srcport", "tcp.dstport"]
        cmd = ["tshark", "-r", capture, "-o", "ipv6.defragment:FALSE", "-o", "ip.defragment:FALSE", "-T",
               "fields", "-E", "separator=\t", "-E", "occurrence=f"]
        for f in lf:
            cmd += ["-e", f]
        for line in subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines():
            v = dict(zip(lf, line.split("\t")))
            no = int(v["frame.number"])
            l4 = next((p for p in v["frame.protocols"].split(":") if p in ("tcp", "udp")), None)
            if no not in lone or l4 is None or not v[l4 + ".srcport"]:
                continue
            frames.append({"no": no, "t": lone[no], "l4": l4, "src": norm(v["ipv6.src"] or v["ip.src"]),
                           "dst": norm(v["ipv6.dst"] or v["ip.dst"]), "sport": int(v[l4 + ".srcport"]),
                           "dport": int(v[l4 + ".dstport"]), "dns_id": None, "response": False,
                           "syn": False, "ack": False})
    by_no = {f["no"]: f for f in frames}
    for no, t, into in fragments:
        if into in by_no:
            frames.append(dict(by_no[into], no=no, t=t, dns_id=None))
    frames.sort(key=lambda f: f["no"])
    return frames


def same_flow(f, fl):
    proto = fl["proto"]
    a = (norm(fl["src"]), fl["sport"])
    b = (norm(fl["dst"]), fl["dport"])
    if f.get("quoted") and proto in ("tcp", "udp"):  # an ICMP error about a packet of the flow
        l4, qs, qsp, qd, qdp = f["quoted"]
        return l4 == proto and ((qs, qsp), (qd, qdp)) in ((a, b), (b, a))
    if f["l4"] != proto:
        return False
    x, y = (f["src"], f["sport"]), (f["dst"], f["dport"])
    if proto in ("icmp", "icmpv6") and fl["sport"] == 0:  # non-echo ICMP: the address pair
        return not f.get("echo") and {f["src"], f["dst"]} == {a[0], b[0]}
    return (x, y) in ((a, b), (b, a))


def expected_frames(r, frames):
    w = r["evidence"]["window"]
    lo, hi = epoch(w["start_utc"]) - SLACK, epoch(w["end_utc"]) + SLACK
    out = set()
    on_flows = set()
    for fl in r["evidence"]["flows"]:
        ids = fl.get("dns_ids", [])
        if ids:
            for i in ids:
                on_flows.add(i)
                hit = [f["no"] for f in frames if f["dns_id"] == i and same_flow(f, fl) and lo <= f["t"] <= hi]
                out.update(hit[:BOUND])
        elif fl["src"]:
            out.update([f["no"] for f in frames if same_flow(f, fl)][:BOUND])
    for i in r["evidence"]["dns_ids"]:
        if i not in on_flows:
            out.update([f["no"] for f in frames if f["dns_id"] == i and lo <= f["t"] <= hi][:BOUND])
    return out


def main():
    bundle, findings_path = sys.argv[1], sys.argv[2]
    rules = dict(a.split(":", 1) for a in sys.argv[3:])
    results = [json.loads(l) for l in open(f"{bundle}/results.jsonl")]
    doc = json.load(open(findings_path))
    # The bundle's site (a document of a whole spool has one per bundle).
    name = os.path.basename(os.path.normpath(bundle))
    site = next((s for s in doc["sites"] if s["bundle"]["name"] == name), None)
    if site is None:
        sys.exit(f"FAIL: no site for bundle {name} in {findings_path}")
    rows = {c["check_id"]: c for c in site["checks"]}
    frames = frames_of(f"{bundle}/capture.pcapng")
    by_no = {f["no"]: f for f in frames}
    bad = 0
    for r in results:
        cid = r["check_id"]
        row = rows[cid]
        cited = set(row["frames"])
        want = expected_frames(r, frames)
        line = (f"{cid} {r['verdict']} cross_check {row['cross_check']}: cites {len(cited)} frame(s), "
                f"tshark finds {len(want)}")
        ok = cited == want
        if not ok:
            line += f" MISMATCH only cited {sorted(cited - want)[:10]} only tshark {sorted(want - cited)[:10]}"
        if not cited and row["cross_check"] == "agrees":
            ok = False
            line += " AGREES WITHOUT A FRAME"
        rule = rules.get(cid)
        if rule:
            w = r["evidence"]["window"]
            # The exact window (ms, the end truncated): the next check may send to the same address
            # right after this one ended.
            lo, hi = epoch(w["start_utc"]), epoch(w["end_utc"]) + 0.001
            if rule == "unanswered_syns":
                remotes = {norm(a) for a in r["addresses"]["remote"]}
                # Sequential checks may share a millisecond at the window's edge: a SYN another check
                # cites is that check's.
                others = set().union(*(set(c["frames"]) for k, c in rows.items() if k != cid))
                syns = {f["no"] for f in frames if f["l4"] == "tcp" and f["syn"] and not f["ack"] and
                        f["dst"] in remotes and lo <= f["t"] <= hi} - others
                answered = [f["no"] for f in frames if f["l4"] == "tcp" and f["syn"] and f["ack"] and
                            f["src"] in remotes and lo <= f["t"] <= hi]
                cited_tcp = {n for n in cited if by_no[n]["l4"] == "tcp"}
                line += f"; {len(syns)} SYN(s) to {','.join(sorted(remotes))} in its window, {len(answered)} answered"
                if not syns or answered or cited_tcp != syns or row["cross_check"] != "agrees":
                    ok = False
                    line += (f" NOT PROVEN (cited TCP frames {sorted(cited_tcp)[:12]}, SYNs {sorted(syns)[:12]}, "
                             f"cross_check {row['cross_check']})")
            elif rule == "unanswered_dns":
                ids = set(r["evidence"]["dns_ids"])
                qs = {f["no"] for f in frames if f["dns_id"] in ids and not f["response"] and lo <= f["t"] <= hi}
                resp = [f["no"] for f in frames if f["dns_id"] in ids and f["response"] and lo <= f["t"] <= hi]
                line += f"; {len(qs)} quer(ies) with its ids in its window, {len(resp)} answered"
                if not qs or resp or not qs <= cited or row["cross_check"] != "agrees":
                    ok = False
                    line += f" NOT PROVEN (cited {sorted(cited)[:12]}, cross_check {row['cross_check']})"
            else:
                ok = False
                line += f" unknown rule {rule}"
        print(("ok: " if ok else "FAIL: ") + line)
        bad |= not ok
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
