#!/usr/bin/env python3
"""Builds the analyzer's corrupt-input corpus (tests/analyzer/corrupt/cases/) from one good bundle.

usage: make_corpus.py GOOD_BUNDLE_DIR OUT_CASES_DIR

GOOD_BUNDLE_DIR is a real `v6probe run` bundle (the committed one came from
tests/probe/data/fault-sweep.yaml on the lab's commune-ready, no fault). Each case is
OUT_CASES_DIR/<case>/<bundle name>/. "Resealed" cases get a fresh MANIFEST.sha256 (what a probe that
wrote a bad file would produce: the bundle verifies, its content is corrupt); the others are left
with the good manifest (tampering / loss after the run: the bundle does not verify).
What each case must give is in cases.tsv next to this script (run_corrupt.sh checks it).
"""
import hashlib
import os
import shutil
import struct
import sys

good, out = sys.argv[1], sys.argv[2]
name = os.path.basename(os.path.normpath(good))


def reseal(d):
    lines = []
    for f in sorted(os.listdir(d)):
        if f == "MANIFEST.sha256":
            continue
        with open(os.path.join(d, f), "rb") as fh:
            lines.append(f"{hashlib.sha256(fh.read()).hexdigest()}  {f}\n")
    with open(os.path.join(d, "MANIFEST.sha256"), "w") as fh:
        fh.write("".join(lines))


def blocks(data):
    """(offset, type, total_length) of every pcapng block (little-endian section)."""
    off, out_ = 0, []
    while off + 12 <= len(data):
        btype, blen = struct.unpack_from("<II", data, off)
        out_.append((off, btype, blen))
        off += blen
    return out_


def case(cname, mutate, resealed):
    d = os.path.join(out, cname, name)
    shutil.rmtree(os.path.join(out, cname), ignore_errors=True)
    shutil.copytree(good, d)
    mutate(d)
    if resealed:
        reseal(d)


def edit(fname, fn):
    def m(d):
        p = os.path.join(d, fname)
        with open(p, "rb") as fh:
            data = bytearray(fh.read())
        with open(p, "wb") as fh:
            fh.write(fn(data))
    return m


def remove(fname):
    return lambda d: os.remove(os.path.join(d, fname))


def epb(data, n):
    """offset of the n-th (1-based) Enhanced Packet Block"""
    return [o for o, t, _ in blocks(data) if t == 6][n - 1]


def truncate_mid_epb(data):
    o = epb(data, 5)
    return data[:o + 20]


def huge_caplen(data):
    o = epb(data, 3)
    struct.pack_into("<I", data, o + 20, 0xFFFFFF00)  # captured packet length
    return data


def bad_block_length(data):
    o = epb(data, 3)
    blen = struct.unpack_from("<I", data, o + 4)[0]
    struct.pack_into("<I", data, o + 4, blen + 2)  # not a multiple of 4, trailer disagrees
    return data


def wrong_magic(data):
    data[0:4] = b"PK\x03\x04"
    return data


def pcap_short_header(_data):
    return bytearray(struct.pack("<IHH", 0xA1B2C3D4, 2, 4))  # classic pcap magic, 8 of 24 bytes


def first_result_garbage(data):
    lines = data.split(b"\n")
    lines[0] = b"this is not JSON"
    return b"\n".join(lines)


def truncate_last_result(data):
    return data.rstrip(b"\n")[:-25]


def change_verdict(data):
    return data.replace(b'"verdict":"pass"', b'"verdict":"fail"', 1)


def drop_field(data):
    return data.replace(b'"check_id":', b'"check_idx":', 1)


case("good", lambda d: None, False)
case("capture-truncated", edit("capture.pcapng", truncate_mid_epb), True)
case("capture-wrong-magic", edit("capture.pcapng", wrong_magic), True)
case("capture-huge-caplen", edit("capture.pcapng", huge_caplen), True)
case("capture-bad-block-length", edit("capture.pcapng", bad_block_length), True)
case("capture-empty", edit("capture.pcapng", lambda d: b""), True)
case("capture-pcap-short-header", edit("capture.pcapng", pcap_short_header), True)
case("capture-missing", remove("capture.pcapng"), False)
case("capture-missing-resealed", remove("capture.pcapng"), True)
case("results-missing", remove("results.jsonl"), False)
case("results-not-json", edit("results.jsonl", first_result_garbage), True)
case("results-bad-record", edit("results.jsonl", drop_field), True)
case("results-truncated-last-line", edit("results.jsonl", truncate_last_result), True)
case("run-json-missing", remove("run.json"), True)
case("run-json-not-json", edit("run.json", lambda d: d[: len(d) // 2]), True)
case("run-json-empty", edit("run.json", lambda d: b""), True)
case("manifest-mismatch", edit("results.jsonl", change_verdict), False)
case("manifest-missing", remove("MANIFEST.sha256"), False)
case("manifest-malformed", edit("MANIFEST.sha256", lambda d: b"not a sha256sum line\n" + d), False)
case("manifest-unlisted-file", lambda d: open(os.path.join(d, "notes.txt"), "w").write("x\n"), False)
print(f"cases written to {out}")
