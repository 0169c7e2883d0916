#!/usr/bin/env python3
"""Writes the hostile-strings corpus: tests/fuzz/corpus/{core_escape,reports_render}/hostile-<name>, one
raw string per file (any bytes, also ones that are not UTF-8).

It is the seed corpus of the core_escape and reports_render fuzz targets, and the input of the
hostile-strings tests: tests/reports/hostile_test.cpp (every renderer over a typed findings document
holding the string in every free-text field) and tests/reports/hostile.sh (the same through
`v6analyze report`, `gate` and `analyze` on findings.json files and bundles, xmllint and Chromium).
Run from the repository root; it rewrites only the hostile-* files.
"""
import os

# The same strings seed these fuzz targets (each target replays its own corpus directory). The
# per-medium escape targets, made for depth, take only the strings up to SHORT octets: the long ones
# would set libFuzzer's -max_len to 20,000 and slow every execution; core_escape keeps them.
OUTS = ["tests/fuzz/corpus/core_escape", "tests/fuzz/corpus/reports_render"]
SHORT_OUTS = ["tests/fuzz/corpus/core_escape_" + m for m in ("terminal", "markup", "table", "truncate")]
SHORT = 4096

ZWJ_FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
S = {
    # Terminal control: colour a failing site green, clear the screen, set the title, hyperlinks.
    "esc-colour": "\x1b[32mprovince/x  L4 (plan L2, ok)\x1b[0m",
    "esc-clear-screen": "\x1b[2J\x1b[H\x1b[3J",
    "esc-osc-title": "\x1b]0;owned\x07title",
    "esc-osc8-link": "\x1b]8;;http://192.0.2.1/\x1b\\click me\x1b]8;;\x1b\\",
    "c1-csi": "\u009b31mred\u009b0m \u0085next line \u0090dcs\u009c",
    # Forged lines: CR/LF, a NUL that used to cut the summary short, backspaces, DEL.
    "crlf-forged-line": "commune-x\r\n  province/fake/commune  L4 (plan L2, ok)  0 fail, 0 warn\n",
    "cr-overwrite": "FAIL\rPASS",
    "nul-cut": "before\x00after the NUL",
    "backspace-bell-del": "fail\x08\x08\x08\x08pass\x07\x7f",
    "tab-vt-ff": "a\tb\x0bc\x0cd",
    # Bidi: "commune-\u202etxt.exe" shows as commune-exe.txt; isolates, marks, line separators.
    "bidi-rlo": "commune-\u202etxt.exe",
    "bidi-all": "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c end",
    "bidi-rtl-text": "\u05e9\u05dc\u05d5\u05dd 123 \u0645\u0631\u062d\u0628\u0627",
    "line-paragraph-separators": "a\u2028b\u2029c",
    # Not XML 1.0 characters; noncharacters; not UTF-8 at all.
    "noncharacters": "\ufffe\uffff \ufdd0 \U0001fffe \U0010ffff",
    "invalid-utf8": b"bad \xff\xfe \xc3( \xa0\xa1 \xf8\x88\x80\x80\x80",
    "overlong-utf8": b"\xc0\xaf \xe0\x80\xaf \xf0\x80\x80\xaf",
    "lone-surrogate": b"\xed\xa0\x80 \xed\xbf\xbf",
    "cut-utf8-sequence": "Nội".encode() + b"\xe1\xbb",
    # Markup and script injection.
    "script-close": "</script><script>alert(1)</script>",
    "attr-break-img": "\"><img src=x onerror=alert(1)>",
    "attr-break-single": "' onmouseover='alert(1)' x='",
    "svg-onload": "<svg/onload=alert(1)><bdi></bdi></bdi>",
    "html-comment-cdata": "<!-- x --><![CDATA[ ]]> <?xml version=\"1.0\"?> &amp;&#x3c;&lt;&foo;",
    "style-url": "<style>@import url(//192.0.2.1/x.css)</style>",
    # Spreadsheet formulas (OWASP CSV injection).
    "formula-hyperlink": "=HYPERLINK(\"http://192.0.2.1/\",\"click\")",
    "formula-dde": "+cmd|' /C calc'!A0",
    "formula-minus": "-2+3+cmd|' /C calc'!A0",
    "formula-at": "@SUM(1+1)*cmd|' /C calc'!A0",
    # Markdown structure, Prometheus and CSV syntax.
    "markdown-structure": "# h1\n> quote\n- item\n1. item\n| a | b |\n`code` [x](javascript:alert(1)) "
                          "![i](http://192.0.2.1/i.png) **b** _i_ ~~s~~ $m$ <b>raw</b>",
    "prometheus-label": "a\\\"b\nc\"} 1\nv6ready_site_level{site=\"x\"} 4",
    "csv-syntax": "a,\"b\",c\r\nd,e",
    # The file-link marker that Jenkins' junit-attachments plugin and GitLab read in a JUnit <system-out>.
    "junit-attachment": "[[ATTACHMENT|/etc/shadow]] [[ATTACHMENT|../../capture.pcapng]]",
    # Ids that are not plain words (the model refuses such verdicts and level ids; as text they pass).
    "odd-ids": "__proto__ constructor L9 PASS data-x onclick=alert(1) a b",
    # Legitimate text that must survive: Vietnamese (precomposed and decomposed), emoji sequences.
    "vietnamese": "Sẵn sàng IPv6 ở xã Hà Nội — tỉnh Thừa Thiên Huế",
    "vietnamese-nfd": "Ha\u0300 No\u0323\u0302i, Hue\u0302\u0301",
    "emoji-zwj": "site " + ZWJ_FAMILY + " \U0001F1FB\U0001F1F3 flag",
    # Very long strings (truncation by characters, never inside a sequence or a cluster).
    "long-ascii": "x" * 20000,
    "long-combining": "o\u0323\u0302" * 3000,
    "long-mixed": ("Nội\u202e\x1b[31m" + ZWJ_FAMILY) * 500,
}


def main():
    for out in OUTS + SHORT_OUTS:
        os.makedirs(out, exist_ok=True)
        for f in os.listdir(out):
            if f.startswith("hostile-"):
                os.remove(os.path.join(out, f))
        n = 0
        for name, value in sorted(S.items()):
            data = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
            if out in SHORT_OUTS and len(data) > SHORT:
                continue
            with open(os.path.join(out, "hostile-" + name), "wb") as fh:
                fh.write(data)
            n += 1
        print(f"{n} hostile strings in {out}")


if __name__ == "__main__":
    main()
