#!/usr/bin/env python3
"""Inputs and checks of tests/reports/hostile.sh (the hostile-strings corpus through the binaries).

  hostile_inputs.py make CORPUS_DIR SAMPLE_JSON GOOD_BUNDLE OUT_DIR
      OUT/findings/hostile.json  the sample with one extra site per corpus string that JSON can carry,
                                 the string in every free-text field the typed model accepts; top-level
                                 texts, level titles, problems, trend labels hostile too; huge and
                                 negative numbers in durations, frame counts and trend counts
      OUT/findings/neutral.json  the same document with every hostile string replaced by a plain word
      OUT/refused/*.json         documents the typed model must refuse (odd verdict, odd level id, a
                                 negative count, raw bytes that are not UTF-8, a hostile key)
      OUT/bundles/*/             GOOD_BUNDLE copied once per corpus string, the string in run.json
                                 (site, host, probe id, interface, clock detail) and results.jsonl
                                 (check id, target, reason), MANIFEST.sha256 regenerated; two more whose
                                 directory names hold control characters and bytes that are not UTF-8
      OUT/hostile-dns.pcap       a DNS query and answer whose names hold ESC, LF, U+202E, bytes > 0x7f
  hostile_inputs.py check FILE...    every file is valid UTF-8 with no hidden character (core/escape.hpp):
                                     LF allowed everywhere, CR only in .csv, TAB only in .tsv; prints what
                                     is wrong, exit 1
  hostile_inputs.py tags DOM_FILE    element counts of a Chromium --dump-dom, one "name count" a line,
                                     and every on* attribute (there must be none)
"""
import copy
import hashlib
import html.parser
import json
import os
import re
import shutil
import sys

U64_MAX = 2**64 - 1
HIDDEN_RANGES = [(0x00, 0x1F), (0x7F, 0x9F), (0x202A, 0x202E), (0x2066, 0x2069), (0xFDD0, 0xFDEF)]
HIDDEN = {0x061C, 0x200E, 0x200F, 0x2028, 0x2029}  # and U+xxFFFE, U+xxFFFF (escape::is_hidden)


def hidden_re(allowed):
    """A regular expression matching one hidden character other than those in `allowed` (a file of
    tens of megabytes is searched at C speed, not character by character)."""
    cps = [cp for a, b in HIDDEN_RANGES for cp in range(a, b + 1)] + sorted(HIDDEN)
    cps += [plane * 0x10000 + low for plane in range(17) for low in (0xFFFE, 0xFFFF)]
    return re.compile("[" + "".join(re.escape(chr(cp)) for cp in cps if chr(cp) not in allowed) + "]")


def corpus(d):
    out = {}
    for f in sorted(os.listdir(d)):
        if f.startswith("hostile-"):
            with open(os.path.join(d, f), "rb") as fh:
                out[f[len("hostile-"):]] = fh.read()
    return out


def texts(strings):
    """name -> str for the strings JSON can carry (well-formed UTF-8)."""
    out = {}
    for name, b in strings.items():
        try:
            out[name] = b.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return out


def hostile_site(template, name, s, index):
    site = copy.deepcopy(template)
    site["site"] = f"province/hostile/{name}/" + s
    site["site_class"] = s
    site["level_reasons"] = [s, s]
    site["level_summary"], site["plan_reason"] = s, s
    site["access"]["evidence"] = [s, s]
    site["access"]["missing"] = s
    for r in site["coverage"]:
        r["requirement"], r["kinds"], r["checks"] = s, [s, s], [s, s]
    b = site["bundle"]
    for k in ("name", "path", "host", "interface", "probe_id", "run_id"):
        b[k] = s
    b["verify_problems"] = [s]
    b["scenario"]["name"] = s
    b["tool"] = {"name": s, "version": s, "git_commit": s}
    b["clock"]["detail"] = s
    if b.get("capture"):
        b["capture"]["file"] = s
        b["capture"]["frames"] = U64_MAX
    if b.get("expected_pref64"):
        b["expected_pref64"] = {"prefix": s, "source": s}
    for i, c in enumerate(site["checks"]):
        c["check_id"], c["kind"], c["target"], c["reason"], c["rfc"] = s + str(i), s, s, s, s
        c["addresses"] = {"local": s, "resolver": s, "remote": [s, s]}
    site["checks"][0]["duration_ms"] = 1e308
    if len(site["checks"]) > 1:
        site["checks"][1]["duration_ms"] = -1e308
    for f in site["findings"]:
        for k in ("id", "rule", "title", "explanation", "rfc"):
            f[k] = s
        f["check_id"] = s + "0"
        f["addresses"] = [s, s]
        f["evidence"].update({"bundle": s, "capture": s, "capture_sha256": s})
    site["metrics"]["frames"] = U64_MAX
    site["metrics"]["ra_pref64"] = [s]
    site["metrics"]["rfc7050_pref64"] = [s]
    for a in site["anomalies"]:
        a["name"] = s
    for v in site["services"]:
        v["target"], v["reason"], v["checks"] = s, s, [s]
    return site


def hostile_document(sample, strings, neutral):
    doc = copy.deepcopy(sample)
    names = sorted(strings)
    short = [strings[n] for n in names if len(strings[n]) < 200]
    # The neutral twin has the same shape: a distinct word per string (check ids stay distinct per site),
    # four characters or more with no digit first (a trend label names no plan year).
    pick = lambda i: "xxxx" if neutral else short[i % len(short)]
    template = sample["sites"][0]
    doc["sites"] = sample["sites"] + [
        hostile_site(template, n, f"x{i:03d}" if neutral else strings[n], i) for i, n in enumerate(names)]
    doc["sweep"]["label"] = pick(0)
    doc["plan"]["name"], doc["plan"]["file"], doc["plan"]["sha256"] = pick(1), pick(2), pick(3)
    doc["tool"] = {"name": pick(4), "version": pick(5), "git_commit": pick(6)}
    for i, lv in enumerate(doc["levels"]):
        lv["title"] = pick(7 + i)
    doc["problems"] = [{"bundle": pick(i), "path": pick(i + 1), "file": pick(i + 2), "message": pick(i + 3)}
                       for i in range(len(short))]
    for i, e in enumerate(doc.get("trend") or []):
        e["label"] = pick(20 + i)
    if doc.get("trend"):
        doc["trend"][0]["levels"] = {k: U64_MAX for k in doc["trend"][0]["levels"]}
        doc["trend"][0]["plan"]["meets"] = U64_MAX
    for p in doc["rollup"]["by_prefix"]:
        p["prefix"] = pick(30)
    for t in doc["plan_targets"]:
        t["site_class"] = pick(31)
    doc["sweep"]["sites"] = len(doc["sites"])
    return doc


def refused(sample, out):
    os.makedirs(out, exist_ok=True)

    def write(name, doc):
        with open(os.path.join(out, name + ".json"), "w") as fh:
            json.dump(doc, fh)

    d = copy.deepcopy(sample)
    d["sites"][0]["checks"][0]["verdict"] = "\u202e\x1b[32mpass\r\n"
    write("verdict-odd", d)
    d = copy.deepcopy(sample)
    d["sites"][0]["level"] = "L9\x00<script>"
    write("level-odd", d)
    d = copy.deepcopy(sample)
    d["levels"][0]["id"] = "constructor"
    write("level-id-odd", d)
    d = copy.deepcopy(sample)
    d["sites"][0]["metrics"]["frames"] = -1
    write("negative-count", d)
    d = copy.deepcopy(sample)
    d["sites"][0]["\x1b]0;owned\x07\u202e"] = 1
    write("key-odd", d)
    raw = json.dumps(sample).encode().replace(b"province/district-a", b"province/\xff\x1b[31m\xed\xa0\x80", 1)
    with open(os.path.join(out, "not-utf8.json"), "wb") as fh:
        fh.write(raw)


def reseal(d):
    d = os.fsencode(d)
    lines = []
    for f in sorted(os.listdir(d)):
        if f != b"MANIFEST.sha256":
            with open(os.path.join(d, f), "rb") as fh:
                lines.append(hashlib.sha256(fh.read()).hexdigest().encode() + b"  " + f + b"\n")
    with open(os.path.join(d, b"MANIFEST.sha256"), "wb") as fh:
        fh.write(b"".join(lines))


def json_bytes(value):
    """JSON text of `value`; a bytes value is the content of a string, already escaped (see raw())."""
    if isinstance(value, bytes):
        return b'"' + value + b'"'
    if isinstance(value, dict):
        return b"{" + b",".join(json_bytes(k) + b":" + json_bytes(v) for k, v in value.items()) + b"}"
    if isinstance(value, list):
        return b"[" + b",".join(json_bytes(v) for v in value) + b"]"
    return json.dumps(value).encode()


def raw(s):
    """The content of a JSON string holding corpus string `s`: well-formed UTF-8 JSON-escaped as Python
    does (controls as \\u001b, the rest as it is), anything else as its raw bytes (the file is then not
    valid JSON: the analyzer must refuse it, and say so without echoing the bytes)."""
    try:
        return json.dumps(s.decode("utf-8"), ensure_ascii=False)[1:-1].encode()
    except UnicodeDecodeError:
        return s.replace(b"\\", b"\\\\").replace(b'"', b'\\"')


def bundles(good, strings, out):
    name = os.path.basename(os.path.normpath(good))
    stamp = name.split("_")[-2]
    with open(os.path.join(good, "run.json"), "rb") as fh:
        run = json.load(fh)
    with open(os.path.join(good, "results.jsonl"), "rb") as fh:
        results = [json.loads(line) for line in fh if line.strip()]

    def as_bytes(v):
        if isinstance(v, dict):
            return {k.encode(): as_bytes(x) for k, x in v.items()}
        if isinstance(v, list):
            return [as_bytes(x) for x in v]
        if isinstance(v, str):
            return raw(v.encode())
        return v

    def make(dirname, label, s):
        d = os.path.join(os.fsencode(out), dirname)
        shutil.copytree(os.fsencode(good), d)
        r = as_bytes(run)
        r[b"site"] = b"province/hostile/" + label.encode() + b"/" + raw(s)
        for k in (b"host", b"probe_id", b"interface"):
            r[k] = raw(s)
        r[b"clock"][b"detail"] = raw(s)
        with open(os.path.join(d, b"run.json"), "wb") as fh:
            fh.write(json_bytes(r) + b"\n")
        with open(os.path.join(d, b"results.jsonl"), "wb") as fh:
            for i, res in enumerate(results):
                x = as_bytes(res)
                x[b"check_id"] = raw(s) + str(i).encode()
                x[b"target"] = raw(s)
                x[b"reason"] = raw(s)
                fh.write(json_bytes(x) + b"\n")
        reseal(d)

    os.makedirs(out, exist_ok=True)
    for i, (n, s) in enumerate(sorted(strings.items())):
        make(f"province.hostile.{n}_{stamp}_{i:08x}".encode(), n, s)
    # File names are outside text too: a bundle directory named with controls, bidi and non-UTF-8 bytes.
    make(b"evil\x1b[31m\r\n\xe2\x80\xae_" + stamp.encode() + b"_names001", "dir-name-1", b"name")
    make(b"evil\xff\xfe_" + stamp.encode() + b"_names002", "dir-name-2", b"name")


def dns_capture(path):
    """A pcap (LINKTYPE_ETHERNET) of one DNS query and answer over IPv6 whose names hold ESC, LF, U+202E
    and bytes that are not UTF-8 (any octet may be in a label, RFC 2181 §11), for `v6analyze dissect`."""
    import struct

    labels = [b"evil\x1b[31m", b"line\nbreak", "\u202etxt".encode(), b"\xff\xfe\x00", b"lab", b"test"]
    qname = b"".join(bytes([len(lab)]) + lab for lab in labels) + b"\x00"

    def frame(src, dst, sport, dport, dns):
        udp = struct.pack("!HHHH", sport, dport, 8 + len(dns), 0) + dns
        ip6 = struct.pack("!IHBB", 6 << 28, len(udp), 17, 64) + src + dst + udp
        return b"\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\xfe\x86\xdd" + ip6

    host = bytes.fromhex("20010db8000100000000000000000010")
    dns = bytes.fromhex("20010db8000100000000000000000053")

    def exchange(txid, sport, name, answers):
        query = struct.pack("!HHHHHH", txid, 0x0100, 1, 0, 0, 0) + name + struct.pack("!HH", 28, 1)
        answer = (struct.pack("!HHHHHH", txid, 0x8180, 1, len(answers), 0, 0) + name + struct.pack("!HH", 28, 1) +
                  b"".join(b"\xc0\x0c" + struct.pack("!HHIH", 28, 1, 300, 16) + bytes.fromhex(a) for a in answers))
        return [frame(host, dns, sport, 53, query), frame(dns, host, 53, sport, answer)]

    # ipv4only.arpa (RFC 7050 §3) reveals the Pref64 2001:db8:64::/96; `analyze --capture
    # --expect-pref64 64:ff9b::/96` then names the hostile query in its unexpected-prefix finding.
    wka = b"\x08ipv4only\x04arpa\x00"
    frames = (exchange(0x1233, 39999, wka, ["20010db80064000000000000c00000aa", "20010db80064000000000000c00000ab"]) +
              exchange(0x1234, 40000, qname, ["20010db80064000000000000c000020a"]))
    with open(path, "wb") as fh:
        fh.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, f in enumerate(frames):
            fh.write(struct.pack("<IIII", 1790000000, i * 1000, len(f), len(f)) + f)


def make(corpus_dir, sample_path, good, out):
    strings = corpus(corpus_dir)
    with open(sample_path) as fh:
        sample = json.load(fh)
    os.makedirs(os.path.join(out, "findings"), exist_ok=True)
    for neutral, fname in ((False, "hostile.json"), (True, "neutral.json")):
        with open(os.path.join(out, "findings", fname), "w") as fh:
            json.dump(hostile_document(sample, texts(strings), neutral), fh, indent=1)
    refused(sample, os.path.join(out, "refused"))
    bundles(good, strings, os.path.join(out, "bundles"))
    dns_capture(os.path.join(out, "hostile-dns.pcap"))


def check(paths):
    bad = 0
    for p in paths:
        with open(p, "rb") as fh:
            data = fh.read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            print(f"{p}: not UTF-8 at byte {e.start}")
            bad += 1
            continue
        allowed = "\n\r" if p.endswith(".csv") else "\n\t" if p.endswith(".tsv") else "\n"
        m = hidden_re(allowed).search(text)
        if m:
            i = m.start()
            line = text.count("\n", 0, i) + 1
            print(f"{p}:{line}: hidden character U+{ord(text[i]):04X}")
            bad += 1
    return 1 if bad else 0


class Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.count, self.on = {}, []

    def handle_starttag(self, tag, attrs):
        self.count[tag] = self.count.get(tag, 0) + 1
        self.on += [f"{tag}[{k}]" for k, _ in attrs if k.lower().startswith("on")]


def tags(path):
    t = Tags()
    with open(path, encoding="utf-8", errors="replace") as fh:
        t.feed(fh.read())
    for k in sorted(t.count):
        print(k, t.count[k])
    for a in t.on:
        print("event-handler-attribute", a)
    return 0


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "make" and len(sys.argv) == 6:
        make(*sys.argv[2:])
        sys.exit(0)
    if cmd == "check":
        sys.exit(check(sys.argv[2:]))
    if cmd == "tags" and len(sys.argv) == 3:
        sys.exit(tags(sys.argv[2]))
    print(__doc__, file=sys.stderr)
    sys.exit(2)
